package dev.understudy.privacy.policy;

import dev.understudy.model.AppContext;
import dev.understudy.privacy.redact.EntityKind;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A parsed, validated privacy policy (docs/policy.md). Immutable. Load it with
 * {@link PolicyLoader}; {@link #decide} says whether a foreground app or site may be captured.
 */
public final class Policy {
    public static final int VERSION = 1;

    /** Pause settings: default and longest pause, the global hotkey. */
    public record Pause(int defaultMinutes, int maxMinutes, Hotkey hotkey) {}

    /**
     * What redaction covers.
     *
     * @param kinds entity kinds removed from titles, URLs, clipboard, DOM text and screenshots
     * @param typedKinds entity kinds removed from typed text
     * @param screenshots "ocr" (DOM boxes, else OCR), "dom" (DOM boxes only) or "off"
     * @param phoneRegion region assumed for phone numbers without a country code
     */
    public record Redaction(Set<EntityKind> kinds, Set<EntityKind> typedKinds, String screenshots, String phoneRegion) {}

    /**
     * People whose content must not be captured: by the country of their mail domain or of their
     * directory entry, or by domain glob.
     *
     * @param jurisdictions ISO 3166 alpha-2 codes, upper case ("EU" already expanded)
     * @param domains domain globs, e.g. {@code *.de}
     */
    public record Correspondents(Set<String> jurisdictions, List<Glob> domains) {
        public boolean isEmpty() {
            return jurisdictions.isEmpty() && domains.isEmpty();
        }
    }

    /** Users (OS login names) and devices (host names) for whom nothing is captured. */
    public record Exemptions(List<Glob> users, List<Glob> devices) {}

    private final String source;
    private final String name;
    private final String digest;
    private final List<AppPattern> allowApps;
    private final List<UrlPattern> allowUrls;
    private final List<AppPattern> denyApps;
    private final List<UrlPattern> denyUrls;
    private final List<AppPattern> browsers;
    private final List<AppPattern> sensitiveApps;
    private final Pause pause;
    private final int retentionDays;
    private final long quotaBytes;
    private final Redaction redaction;
    private final Path directory;
    private final Correspondents correspondents;
    private final Exemptions exemptions;
    private final int noticeVersion;
    private final boolean controlPage;
    private final boolean tray;
    private final String keyStore;
    private final int reviewHours;

    Policy(String source, String name, String canonicalText, List<AppPattern> allowApps, List<UrlPattern> allowUrls,
           List<AppPattern> denyApps, List<UrlPattern> denyUrls, List<AppPattern> browsers, List<AppPattern> sensitiveApps,
           Pause pause, int retentionDays, long quotaBytes, Redaction redaction, Path directory,
           Correspondents correspondents, Exemptions exemptions, int noticeVersion, boolean controlPage, boolean tray,
           String keyStore, int reviewHours) {
        this.source = source;
        this.name = name;
        this.digest = sha256(canonicalText);
        this.allowApps = List.copyOf(allowApps);
        this.allowUrls = List.copyOf(allowUrls);
        this.denyApps = List.copyOf(denyApps);
        this.denyUrls = List.copyOf(denyUrls);
        this.browsers = List.copyOf(browsers);
        this.sensitiveApps = List.copyOf(sensitiveApps);
        this.pause = pause;
        this.retentionDays = retentionDays;
        this.quotaBytes = quotaBytes;
        this.redaction = redaction;
        this.directory = directory;
        this.correspondents = correspondents;
        this.exemptions = exemptions;
        this.noticeVersion = noticeVersion;
        this.controlPage = controlPage;
        this.tray = tray;
        this.keyStore = keyStore;
        this.reviewHours = reviewHours;
    }

    // ---- decisions

    /**
     * Whether the foreground may be captured.
     *
     * @param app the foreground window (null or {@link AppContext#UNKNOWN} when there is none)
     * @param url the page URL when the app is a browser and the bridge said so, else null
     */
    public Decision decide(AppContext app, String url) {
        if (app == null || app == AppContext.UNKNOWN || (app.name() == null && app.windowClass() == null)) {
            return Decision.NO_WINDOW;
        }
        for (AppPattern p : denyApps) if (p.matches(app)) return Decision.DENIED;
        if (isBrowser(app)) {
            String u = url != null ? url : app.url();
            if (u == null || u.isBlank()) return Decision.SITE_UNKNOWN;
            for (UrlPattern p : denyUrls) if (p.matches(u)) return Decision.DENIED;
            for (UrlPattern p : allowUrls) if (p.matches(u)) return Decision.ALLOWED;
            return Decision.SITE_NOT_ALLOWED;
        }
        for (AppPattern p : allowApps) if (p.matches(app)) return Decision.ALLOWED;
        return Decision.NOT_ALLOWED;
    }

    public boolean isBrowser(AppContext app) {
        for (AppPattern p : browsers) if (p.matches(app)) return true;
        return false;
    }

    /** Typed keys in this window are never stored (password prompts and the like). */
    public boolean isSensitive(AppContext app) {
        for (AppPattern p : sensitiveApps) if (p.matches(app)) return true;
        return false;
    }

    /** The glob that exempts this user or device, or null. */
    public String exemption(String user, String host) {
        for (Glob g : exemptions.users()) if (g.matches(user)) return "user " + user;
        for (Glob g : exemptions.devices()) if (g.matches(host)) return "device " + host;
        return null;
    }

    // ---- accessors

    /** Where the policy came from: a file path or "built-in default policy". */
    public String source() {
        return source;
    }

    public String name() {
        return name;
    }

    /** Policy file version (always {@link #VERSION} for a loaded policy). */
    public int version() {
        return VERSION;
    }

    /** SHA-256 of the effective policy, first 12 hex digits: says which rules a session ran under. */
    public String digest() {
        return digest;
    }

    public List<AppPattern> allowApps() { return allowApps; }
    public List<UrlPattern> allowUrls() { return allowUrls; }
    public List<AppPattern> denyApps() { return denyApps; }
    public List<UrlPattern> denyUrls() { return denyUrls; }
    public List<AppPattern> browsers() { return browsers; }
    public List<AppPattern> sensitiveApps() { return sensitiveApps; }
    public Pause pause() { return pause; }
    public int retentionDays() { return retentionDays; }
    /** Disk quota for the data directory in bytes; 0 means none. */
    public long quotaBytes() { return quotaBytes; }
    public Redaction redaction() { return redaction; }
    /** The colleague directory file, or null. */
    public Path directory() { return directory; }
    public Correspondents correspondents() { return correspondents; }
    public Exemptions exemptions() { return exemptions; }
    public int noticeVersion() { return noticeVersion; }
    public boolean controlPage() { return controlPage; }
    public boolean tray() { return tray; }

    /**
     * Where a new encrypted spool's device key is kept: {@code auto} (the Secret Service when it
     * answers, else the 0600 key file), {@code file} or {@code secret-service}.
     */
    public String keyStore() { return keyStore; }

    /**
     * Hours a finished session stays on the device before it may be uploaded to a collector (the
     * worker can review or delete it meanwhile); 0 uploads at once. Default 24.
     */
    public int reviewHours() { return reviewHours; }

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
