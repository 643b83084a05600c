package dev.understudy.collector.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The JSON bodies of {@code /api/v1}. Field names go on the wire in snake_case
 * ({@link Wire#MAPPER}). docs/collector.md describes each endpoint; the OpenAPI document served at
 * {@code /api/v1/openapi.json} is the formal description.
 */
public final class Messages {
    private Messages() {}

    /** Every error: one line, never a stack trace. {@code missing} only on a commit that lacks chunks. */
    public record ErrorBody(String error, List<String> missing) {
        public ErrorBody(String error) {
            this(error, null);
        }
    }

    /** {@code GET /health} (public). */
    public record Health(String status, String serverVersion) {}

    /**
     * {@code POST /enroll}: the device's own random id, the enroll token's secret part, and the
     * local user name (the server keeps only its keyed HMAC, the person id).
     */
    public record EnrollRequest(String token, String deviceId, String user, String agentVersion, String os) {}

    /**
     * The answer to an enrollment: the device's credential (shown once), its pseudonymous person,
     * its team, the server's Ed25519 policy key (X.509 DER, base64) and after how long the device
     * should rotate its credential.
     */
    public record EnrollResponse(String deviceId, String credential, String person, String team,
                                 String policyKey, long rotateAfterSeconds) {}

    /** {@code POST /credential}: a new credential; the old one keeps working until the new one is first used, or for the overlap. */
    public record CredentialResponse(String credential, long overlapSeconds) {}

    /** {@code GET /device}: what the server knows of the asking device. {@code uploadBytesPerDay} null: no server limit. */
    public record DeviceInfo(String deviceId, String team, String person, String state, Long policyVersion,
                             Long uploadBytesPerDay, long serverTime) {}

    /** {@code POST /report}: the device's state, sent with every policy poll and after every upload pass. */
    public record DeviceReport(String agentVersion, Long policyVersion, long backlogSessions, long backlogBytes,
                               Long lastUploadWall) {}

    /** {@code POST /chunks/missing}: which of these chunks the server lacks (in the asking person's space). */
    public record MissingRequest(List<String> chunks) {}

    public record MissingResponse(List<String> missing) {}

    /** {@code PUT /chunks/{id}} answer. {@code stored}: false when the server had it already. */
    public record ChunkStored(String id, long size, boolean stored) {}

    /** One file of a session's portable copy, as the concatenation of its chunks. */
    public record FileEntry(String path, long size, List<String> chunks) {}

    /**
     * {@code PUT /sessions/{session}}: commits a session once all its chunks are there.
     * {@code manifest} is the session's manifest.json as a JSON object.
     */
    public record SessionCommit(String session, JsonNode manifest, List<FileEntry> files) {}

    /** A committed session as the server lists it. */
    public record SessionInfo(String session, String deviceId, long bytes, long committedAt, boolean created) {}

    public record SessionList(List<SessionInfo> sessions) {}

    /**
     * {@code DELETE /sessions/{session}}: the session is erased on the collector (tombstone, chunks only it used,
     * datasets built from it marked stale). {@code already}: it had been erased before, at {@code erasedAt}.
     */
    public record SessionErased(String session, String deviceId, long erasedAt, boolean already, int staleDatasets) {}

    /**
     * {@code GET /policy}: the signed policy envelope. {@code payload} is a JSON text (a
     * {@link PolicyPayload}); {@code signature} is Ed25519 over its UTF-8 bytes, base64.
     */
    public record PolicyEnvelope(String payload, String signature) {}

    /**
     * What the server tells one device to run: the published policy (YAML text; null when none is
     * published for its team: the device keeps its built-in policy), its version, and whether an
     * approved exemption stops capture on this device now.
     */
    public record PolicyPayload(String deviceId, long version, String team, String yaml, long publishedAt,
                                boolean exempt, List<String> exemptions, long issuedAt) {}

    /** {@code POST /exemptions}: the worker asks not to be recorded. */
    public record ExemptionRequest(String reason, Integer hours) {}

    /** An exemption request and its state: {@code pending}, {@code approved}, {@code denied}. */
    public record Exemption(String id, String state, String reason, Integer hours, long requestedAt, Long decidedAt,
                            Long expiresAt) {}

    public record ExemptionList(List<Exemption> exemptions) {}
}
