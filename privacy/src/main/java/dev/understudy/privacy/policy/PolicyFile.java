package dev.understudy.privacy.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The keys of a policy file (docs/policy.md), as {@link PolicyLoader} binds its YAML: the binder
 * rejects any key not named here, at the top and in each map. Values stay YAML nodes (absent: null;
 * {@code key: null}: a null node); the loader checks and converts them, so that each problem gets
 * its one-line error with the line number.
 */
record PolicyFile(
        JsonNode version,
        JsonNode name,
        @JsonProperty("extends") JsonNode base,
        @JsonProperty("allow_apps") JsonNode allowApps,
        @JsonProperty("allow_urls") JsonNode allowUrls,
        @JsonProperty("deny_apps") JsonNode denyApps,
        @JsonProperty("deny_urls") JsonNode denyUrls,
        JsonNode browsers,
        @JsonProperty("sensitive_apps") JsonNode sensitiveApps,
        JsonNode pause,
        @JsonProperty("retention_days") JsonNode retentionDays,
        @JsonProperty("quota_mb") JsonNode quotaMb,
        JsonNode redaction,
        JsonNode directory,
        JsonNode correspondents,
        JsonNode exemptions,
        @JsonProperty("notice_version") JsonNode noticeVersion,
        @JsonProperty("control_page") JsonNode controlPage,
        JsonNode tray,
        @JsonProperty("key_store") JsonNode keyStore,
        @JsonProperty("review_hours") JsonNode reviewHours) {

    /** {@code pause:} the default and longest pause, the hotkey. */
    record Pause(
            @JsonProperty("default_minutes") JsonNode defaultMinutes,
            @JsonProperty("max_minutes") JsonNode maxMinutes,
            JsonNode hotkey) {}

    /** {@code redaction:} what is redacted where. */
    record Redaction(
            JsonNode kinds,
            @JsonProperty("typed_kinds") JsonNode typedKinds,
            JsonNode screenshots,
            @JsonProperty("phone_region") JsonNode phoneRegion) {}

    /** {@code correspondents:} people whose content is not captured. */
    record Correspondents(JsonNode jurisdictions, JsonNode domains) {}

    /** {@code exemptions:} users and devices for whom nothing is captured. */
    record Exemptions(JsonNode users, JsonNode devices) {}
}
