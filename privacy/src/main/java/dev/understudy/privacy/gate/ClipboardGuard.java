package dev.understudy.privacy.gate;

import dev.understudy.model.AppContext;
import dev.understudy.model.RawEvent;
import dev.understudy.privacy.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Passwords through the clipboard (docs/privacy.md, "Clipboard"). A worker copies a password in a
 * password manager (an app the policy does not allow, so nothing of it is captured) and pastes it
 * into an allowed app: the paste would store the password, with only pattern redaction in the way.
 * The clipboard source says which app offered the content ({@code owner}) and whether it was marked
 * as a password ({@code x-kde-passwordManagerHint: secret}), at the copy and again at the paste.
 * This stage decides, in the pipeline thread:
 * <ul>
 *   <li>content offered by an app the policy does not allow is never stored ({@link #OWNER_NOT_ALLOWED});</li>
 *   <li>content marked as a password is never stored ({@link #PASSWORD_MANAGER});</li>
 *   <li>the verdict of each copy is remembered by a digest of its content (in memory, the last
 *       {@value #REMEMBERED}), so a paste of that content is judged as its copy was even after a
 *       clipboard manager took the selection over, or when the copy happened while recording was
 *       suspended or paused.</li>
 * </ul>
 * The event itself is kept, without its content, so the step ("pasted") is still there.
 * A browser's content is judged by the page it came from when the browser was in the foreground
 * at the copy; copied from a browser in the background, by the browser as an app.
 */
final class ClipboardGuard {
    static final String OWNER_NOT_ALLOWED = "owner not allowed";
    static final String PASSWORD_MANAGER = "password manager";
    static final int REMEMBERED = 64;

    private final Policy policy;
    private final UnbridgedBrowserGuard browsers;
    /** Digest of copied content → why it is withheld, or "" when it may be stored. */
    private final Map<String, String> verdicts = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> e) {
            return size() > REMEMBERED;
        }
    };

    ClipboardGuard(Policy policy, UnbridgedBrowserGuard browsers) {
        this.policy = policy;
        this.browsers = browsers;
    }

    /**
     * Every clipboard event, whatever the gate then does with it (also while suspended or paused):
     * a copy's verdict is remembered for the pastes of its content.
     */
    void observe(RawEvent.Clipboard c, AppContext foreground, String url) {
        if (c.text() == null || "paste".equals(c.op())) return;
        String why = judgeOwner(c, foreground, url);
        // withheld once, withheld for good: a clipboard manager re-offering the content does not clear it
        verdicts.merge(digest(c.text()), why == null ? "" : why, (old, now) -> old.isEmpty() ? now : old);
    }

    /** Why this event's content must not be stored, or null when it may be (redacted as usual). */
    String withhold(RawEvent.Clipboard c, AppContext foreground, String url) {
        if (RawEvent.Clipboard.SECRET.equals(c.hint())) return PASSWORD_MANAGER;
        if (c.text() == null) return null;
        String known = verdicts.get(digest(c.text())); // judged at its (first) copy
        if (known != null && !known.isEmpty()) return known;
        if (known != null && "paste".equals(c.op())) return null;
        return judgeOwner(c, foreground, url);
    }

    private String judgeOwner(RawEvent.Clipboard c, AppContext foreground, String url) {
        if (RawEvent.Clipboard.SECRET.equals(c.hint())) return PASSWORD_MANAGER;
        AppContext owner = c.owner();
        // no owner at all: a source that does not report owners (the X11 source always does, and names
        // an owner it could not look up "unknown", which no policy allows): redaction only
        if (owner == null || (owner.name() == null && owner.windowClass() == null)) return null;
        boolean foregroundOwns = foreground != null && owner.pid() > 0 && owner.pid() == foreground.pid();
        AppContext judged = foregroundOwns ? foreground : owner;
        String page = foregroundOwns ? url : null;
        if (browsers.isBrowser(judged) && !policy.isBrowser(judged)) page = null; // allowed as an app: no site needed
        return policy.decide(judged, page).allowed() ? null : OWNER_NOT_ALLOWED;
    }

    private static String digest(String text) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(d.digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
