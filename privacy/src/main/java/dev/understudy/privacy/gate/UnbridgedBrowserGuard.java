package dev.understudy.privacy.gate;

import dev.understudy.model.MarkerKind;
import dev.understudy.model.AppContext;
import dev.understudy.model.RawEvent;
import dev.understudy.model.browser.BrowserMessage;
import dev.understudy.privacy.policy.Policy;
import dev.understudy.privacy.policy.PolicyLoader;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Fail-closed typing in browsers the recorder cannot see into (docs/privacy.md, "Browsers without
 * the bridge"). Password fields in a web page are known only through the browser bridge (the
 * extension's {@code sensitive_focus} reports). While the foreground is a browser and no bridge
 * connection from that browser is live (the extension is missing, disabled, or its bridge sends to
 * another data directory), a password field cannot be told from any other field, so typed text
 * there is not stored: the text keys (and backspace and delete) and their key-ups are dropped, and
 * one content-free {@code input_withheld} marker says how many keys were withheld. Keys that move or
 * submit (tab, enter, arrows), chords (ctrl+c) and the pointer pass as usual; a paste is stored
 * without its content (see PrivacyGate).
 *
 * <p>A browser is any window the policy lists under {@code browsers} or that the default policy's
 * list names, so a policy that allows a browser as a plain app does not open the hole again.
 * Which browser a bridge belongs to comes from the {@code hello} the native host sends (the pid of
 * the browser that started it; the browser's windows carry the same {@code _NET_WM_PID}), and a
 * {@code bridge} event with {@code state: closed} ends it.
 *
 * <p>Not thread-safe: the pipeline thread owns it; other threads read the blind browser through
 * {@link PrivacyGate.View}.
 */
public final class UnbridgedBrowserGuard {
    /** The marker stored instead of withheld typing. */
    public static final MarkerKind MARKER = MarkerKind.INPUT_WITHHELD;
    public static final String REASON = "no browser bridge";
    /** A run of withheld keys ends after this long without one. */
    static final long IDLE_NS = 1_000_000_000L;

    /**
     * The default policy's browsers (the Chromium and Firefox families, WebKit and Qt browsers...):
     * recognised whatever the recording's policy lists, so a policy that allows a browser as a plain
     * app does not reopen the hole. One list, in default-policy.yaml.
     */
    private static final Policy DEFAULTS = PolicyLoader.defaults();

    private final Policy policy;
    /** Live bridge connections by the pid of the browser that started them. */
    private final Map<Long, Integer> live = new HashMap<>();
    /** Key codes whose key-down was withheld: their key-ups are dropped too. */
    private final Set<Integer> droppedDowns = new HashSet<>();
    private int pendingKeys;
    private long pendingLastMono;
    private long pendingLastWall;
    private long withheldKeys;
    /** The foreground browser when typing in it is withheld, else null. */
    private AppContext blindApp;
    /** The window {@link #judgedBlind} was computed for (the check runs per window, not per key). */
    private AppContext judged;
    private boolean judgedBlind;

    public UnbridgedBrowserGuard(Policy policy) {
        this.policy = policy;
    }

    /** Whether the window belongs to a browser (the policy's list or the default policy's). */
    public boolean isBrowser(AppContext app) {
        if (app == null || app == AppContext.UNKNOWN) return false;
        if (policy != null && policy.isBrowser(app)) return true;
        return DEFAULTS.isBrowser(app);
    }

    /** Whether a browser with this pid has a live bridge connection. */
    public boolean bridged(long pid) {
        return pid > 0 && live.containsKey(pid);
    }

    /** Whether typing in this window is withheld: a browser without a live bridge of its own. */
    public boolean blind(AppContext app) {
        if (app != judged) {
            judged = app;
            judgedBlind = isBrowser(app) && !bridged(app.pid());
        }
        return judgedBlind;
    }

    /** Takes the bridge's connection events ({@code hello}, {@code bridge} closed). */
    public void observe(RawEvent.Browser b, AppContext foreground) {
        if (b.message() instanceof BrowserMessage.Hello h) {
            live.merge(h.pid(), 1, Integer::sum);
        } else if (b.message() instanceof BrowserMessage.BridgeClosed c) {
            live.computeIfPresent(c.pid(), (k, n) -> n <= 1 ? null : n - 1);
        } else {
            return;
        }
        judged = null; // a bridge came or went: judge the window again
        foregroundChanged(foreground);
    }

    /** The foreground changed (or a bridge came or went): updates what status reports. */
    public void foregroundChanged(AppContext foreground) {
        blindApp = blind(foreground) ? foreground : null;
    }

    /** Whether the foreground is a browser the recorder cannot see into right now (for status). */
    public boolean blindNow() {
        return blindApp != null;
    }

    /** That browser's window, or null. */
    public AppContext blindApp() {
        return blindApp;
    }

    /** Keys withheld so far in this recording. */
    public long withheldKeys() {
        return withheldKeys;
    }

    /**
     * Filters one admitted event. Returns null when it is withheld; otherwise, before returning
     * it, stores the marker of a run of withheld keys that it ends.
     */
    public RawEvent filter(RawEvent e, AppContext foreground, Consumer<RawEvent> out) {
        if (e instanceof RawEvent.KeyUp u && droppedDowns.remove(u.code())) return null;
        if (e instanceof RawEvent.KeyDown k && withholds(k) && blind(foreground)) {
            pendingKeys++;
            withheldKeys++;
            pendingLastMono = k.mono();
            pendingLastWall = k.wall();
            droppedDowns.add(k.code());
            return null;
        }
        if (pendingKeys > 0 && !(e instanceof RawEvent.KeyUp) && !(e instanceof RawEvent.MouseMove) && !isModifier(e)) {
            flush(out);
        }
        return e;
    }

    /** Ends a run of withheld keys that went idle. */
    public void tick(long mono, Consumer<RawEvent> out) {
        if (pendingKeys > 0 && mono - pendingLastMono >= IDLE_NS) flush(out);
    }

    /** Stores the marker of the current run of withheld keys, if any. */
    public void flush(Consumer<RawEvent> out) {
        if (pendingKeys == 0) return;
        int n = pendingKeys;
        pendingKeys = 0;
        out.accept(new RawEvent.Marker(pendingLastMono, pendingLastWall, MARKER,
                REASON + ", " + n + (n == 1 ? " key" : " keys")));
    }

    /** Text keys and the keys that edit text. */
    private static boolean withholds(RawEvent.KeyDown k) {
        if (TypedTextGuard.isText(k)) return true;
        String key = k.key() == null ? "" : k.key().toLowerCase(Locale.ROOT);
        return (key.equals("backspace") || key.equals("delete") || key.equals("space")) && (k.mods() & ~1) == 0;
    }

    private static boolean isModifier(RawEvent e) {
        return e instanceof RawEvent.KeyDown k && dev.understudy.model.Mods.isModifier(k.key() == null ? ""
                : k.key().toLowerCase(Locale.ROOT));
    }
}
