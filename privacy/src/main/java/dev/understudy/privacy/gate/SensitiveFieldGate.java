package dev.understudy.privacy.gate;

import dev.understudy.model.A11yNode;
import dev.understudy.model.MarkerKind;
import dev.understudy.model.Mods;
import dev.understudy.model.RawEvent;
import dev.understudy.model.browser.BrowserMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Drops what is typed into sensitive web fields (passwords, card numbers, one-time codes,
 * {@code [data-private]}): a small stage in front of the {@link PolicyGate}, in the recorder's
 * pipeline thread.
 *
 * <p>The browser extension never reads such a field; it only reports {@code sensitive_focus}
 * browser events ({@code sensitive: true} when one gets focus, {@code false} when it loses it, or
 * the window does), stamped with the page's clock ({@code t}, epoch ms). Keystrokes reach the
 * recorder by a faster path than those reports (the OS hook versus extension → native host →
 * socket), so a key typed right after focusing a password field can arrive before the report.
 * Therefore, once a browser has connected in this recording (a {@code hello}), every event is
 * held for {@link #DEFAULT_HOLD_NANOS} (first in, first out, so the order is kept) and judged when
 * it leaves, by time: a key event whose wall time falls inside a sensitive interval (widened by
 * {@value #SLACK_MS} ms on both sides for clock jitter) is dropped, except the keys that move
 * between fields or submit (tab, enter, escape) and the modifiers; so are pastes. The key-up of a
 * dropped key-down is dropped wherever it falls (its key name would spell the character). The
 * first drop of an interval is replaced by a content-free {@code redacted} marker, so the record
 * says that something was withheld, but not how much.
 *
 * <p>A sensitive interval also ends when the bridge connection closes ({@code bridge} event with
 * {@code state: closed}): without a browser there is no field.
 *
 * <p><b>Accessibility reads.</b> A password field of any toolkit is known through the
 * accessibility source ({@link RawEvent.A11y}): a FOCUS read of a {@code password text} element,
 * or a POINTER read of one (a click into it). Such a read reaches the recorder after the input it
 * answers: the source queries the application after it saw the focus event or the click (a few ms,
 * at most its hard timeout of about 300 ms), so the first keys typed into the field arrive before
 * the read. While an accessibility source runs ({@link #accessibility(boolean)}, or once any read
 * arrived) every event is therefore held for the same {@link #DEFAULT_HOLD_NANOS}, and each read is
 * put back where it belongs in the held stream instead of at its end:
 * <ul>
 *   <li>a POINTER read right after its mouse_down (same mono and wall);</li>
 *   <li>a FOCUS read that makes typing secret (a password field, or a read that timed out) before
 *       the input the focus move came from: the last event that can move the focus (a click, a
 *       window change, a key other than a text key or a modifier: tab, enter, arrows, chords) at or
 *       before the read's time, however long before; when there is none (the app moved the focus
 *       by itself), {@value #A11Y_SLACK_MS} ms before the read's time (how late the source can see
 *       the app's focus event);</li>
 *   <li>a FOCUS read that ends a password field at its own time (the latest the focus can have
 *       moved), so no key typed into the field before it is judged by it;</li>
 *   <li>other reads (STATE) where they arrive.</li>
 * </ul>
 * The {@link PrivacyGate} then sees the read before the keys typed into the field and rewrites them
 * to one {@code [SECRET]} as it does for the bridge's fields. The added latency is bounded by the
 * hold: no event waits longer than {@link #DEFAULT_HOLD_NANOS} after it arrived (plus the
 * pipeline's drain interval). A read that arrives later than that after the keys it should precede
 * cannot be put back before them; such reads are counted ({@link #lateA11yReads()}).
 *
 * <p>Without any browser or accessibility source, events pass at once. Not thread-safe: the
 * pipeline thread owns it.
 */
public final class SensitiveFieldGate {
    public static final long DEFAULT_HOLD_NANOS = 500_000_000L;
    public static final long SLACK_MS = 30;
    /** How long before an accessibility FOCUS read's time the focus may already have moved. */
    public static final long A11Y_SLACK_MS = 50;
    private static final long A11Y_SLACK_NS = A11Y_SLACK_MS * 1_000_000L;
    public static final MarkerKind REDACTED_MARKER = MarkerKind.REDACTED;
    private static final int MAX_INTERVALS = 256;
    private static final Set<String> KEEP = Set.of("tab", "enter", "return", "kp_enter", "escape", "shift", "ctrl", "alt",
            "meta", "caps_lock", "capslock", "num_lock", "numlock", "scroll_lock");

    private record Held(RawEvent event, long arrival) {}

    /** A sensitive period in page-clock ms; {@code off} is Long.MAX_VALUE while open. */
    private static final class Interval {
        final long on;
        long off = Long.MAX_VALUE;
        boolean marked;

        Interval(long on) {
            this.on = on;
        }

        boolean covers(long wall) {
            return wall >= on - SLACK_MS && (off == Long.MAX_VALUE || wall <= off + SLACK_MS);
        }
    }

    private final long holdNanos;
    /** Oldest first; reads are inserted where they belong, arrival times stay in order. */
    private final ArrayList<Held> held = new ArrayList<>();
    private final List<Interval> intervals = new ArrayList<>();
    private final Set<Integer> droppedDowns = new HashSet<>();
    private boolean armed;
    /** An accessibility source runs: events are held so its late reads can be put back in place. */
    private boolean a11y;
    /** The latest mono of a key-down or paste already let through. */
    private long releasedKeyMono = Long.MIN_VALUE;
    /** The latest mono of an event that can move the focus already let through. */
    private long releasedMoverMono = Long.MIN_VALUE;
    private long lateA11yReads;
    private long droppedEvents;

    public SensitiveFieldGate() {
        this(DEFAULT_HOLD_NANOS);
    }

    public SensitiveFieldGate(long holdNanos) {
        this.holdNanos = holdNanos;
    }

    /**
     * Whether an accessibility source runs in this recording (the recorder says so when it starts
     * the source, before any input is taken, and when it stops it): events are then held so its
     * reads can be put back before the keys they concern. The first read also turns this on.
     */
    public void accessibility(boolean live) {
        a11y = live;
    }

    /** Takes the next event from the sources; {@code nowMono} is the pipeline's clock. */
    public void offer(RawEvent e, long nowMono) {
        if (e instanceof RawEvent.Browser b) observe(b);
        if (e instanceof RawEvent.A11y a) {
            a11y = true;
            placeRead(a, nowMono);
            return;
        }
        held.add(new Held(e, nowMono));
    }

    /** The next event that may go on to the policy gate, or null when none is due yet. */
    public RawEvent poll(long nowMono) {
        while (!held.isEmpty()) {
            Held h = held.get(0);
            if (holding() && nowMono - h.arrival() < holdNanos) return null;
            held.remove(0);
            RawEvent out = release(h.event());
            if (out != null) return out;
        }
        return null;
    }

    /** At the end of a recording: the next held event regardless of time, or null. */
    public RawEvent pollAny() {
        while (!held.isEmpty()) {
            RawEvent out = release(held.remove(0).event());
            if (out != null) return out;
        }
        return null;
    }

    /** How long the pipeline may wait for new input before something held falls due (ms, at most {@code max}). */
    public long waitMillis(long nowMono, long max) {
        if (held.isEmpty()) return max;
        if (!holding()) return 0;
        long due = held.get(0).arrival() + holdNanos - nowMono;
        return Math.max(0, Math.min(max, (due + 999_999) / 1_000_000));
    }

    /** Whether a browser has connected: events are then held. */
    public boolean armed() {
        return armed;
    }

    /** Whether events are held: a browser has connected or an accessibility source runs. */
    public boolean holding() {
        return armed || a11y;
    }

    /**
     * Accessibility reads that would have made typing secret but came too late to be put back
     * before every key they concern (those keys had already gone on), in this recording.
     */
    public long lateA11yReads() {
        return lateA11yReads;
    }

    private RawEvent release(RawEvent e) {
        RawEvent out = judge(e);
        if (out instanceof RawEvent.KeyDown || out instanceof RawEvent.Clipboard) releasedKeyMono = Math.max(releasedKeyMono, out.mono());
        if (out != null && movesFocus(out)) releasedMoverMono = Math.max(releasedMoverMono, out.mono());
        return out;
    }

    // ---- accessibility reads put back in place (class comment)

    private void placeRead(RawEvent.A11y a, long nowMono) {
        int at;
        long from; // the earliest input the read must precede
        if (RawEvent.A11y.POINTER.equals(a.kind())) {
            int click = indexOfClick(a);
            from = a.mono() + 1; // the keys after the click
            at = click >= 0 ? click + 1 : firstAtOrAfter(from);
        } else if (RawEvent.A11y.FOCUS.equals(a.kind()) && makesSecret(a)) {
            // the input that moved the focus, else (the app moved it) the earliest the source can have seen it
            long mover = Long.MIN_VALUE;
            for (int i = held.size() - 1; i >= 0; i--) {
                RawEvent e = held.get(i).event();
                if (e.mono() <= a.mono() && movesFocus(e)) {
                    mover = e.mono();
                    break;
                }
            }
            if (mover == Long.MIN_VALUE && releasedMoverMono <= a.mono()) mover = releasedMoverMono;
            from = mover != Long.MIN_VALUE ? mover : a.mono() - A11Y_SLACK_NS;
            at = firstAtOrAfter(from);
        } else if (RawEvent.A11y.FOCUS.equals(a.kind())) {
            from = Long.MAX_VALUE;
            at = firstAfter(a.mono());
        } else {
            from = Long.MAX_VALUE;
            at = held.size();
        }
        boolean secret = makesSecret(a) || (RawEvent.A11y.POINTER.equals(a.kind()) && a.element() != null && a.element().isPassword());
        if (secret && from <= releasedKeyMono) lateA11yReads++;
        long arrival = at < held.size() ? held.get(at).arrival() : nowMono;
        if (at > 0) arrival = Math.max(arrival, held.get(at - 1).arrival());
        held.add(at, new Held(a, arrival));
    }

    /** A FOCUS read that makes typing secret: a password field, or nobody knows which element (timed out). */
    private static boolean makesSecret(RawEvent.A11y a) {
        if (!RawEvent.A11y.FOCUS.equals(a.kind())) return false;
        if (RawEvent.A11y.TIMEOUT.equals(a.status())) return true;
        A11yNode el = a.element();
        return el != null && el.isPassword();
    }

    private int indexOfClick(RawEvent.A11y a) {
        for (int i = held.size() - 1; i >= 0; i--) {
            if (held.get(i).event() instanceof RawEvent.MouseDown d && d.mono() == a.mono() && d.wall() == a.wall()) return i;
        }
        return -1;
    }

    /** The first held event (other than a read) at or after this mono time; the end when none. */
    private int firstAtOrAfter(long mono) {
        for (int i = 0; i < held.size(); i++) {
            RawEvent e = held.get(i).event();
            if (!(e instanceof RawEvent.A11y) && e.mono() >= mono) return i;
        }
        return held.size();
    }

    /** The position after the last held event at or before this mono time. */
    private int firstAfter(long mono) {
        for (int i = held.size() - 1; i >= 0; i--) {
            if (held.get(i).event().mono() <= mono) return i + 1;
        }
        return 0;
    }

    /** An event that can move the keyboard focus: a click, a window change, a key other than text or a modifier. */
    private static boolean movesFocus(RawEvent e) {
        if (e instanceof RawEvent.MouseDown || e instanceof RawEvent.WindowFocus) return true;
        if (e instanceof RawEvent.KeyDown k) {
            String key = k.key() == null ? "" : k.key().toLowerCase(Locale.ROOT);
            return !Mods.isModifier(key) && !TypedTextGuard.isText(k);
        }
        return false;
    }

    /** Events withheld so far (keys, pastes). */
    public long droppedEvents() {
        return droppedEvents;
    }

    /** Whether a sensitive field had focus at this wall time, as far as known now. */
    public boolean sensitiveAt(long wall) {
        for (Interval i : intervals) if (i.covers(wall)) return true;
        return false;
    }

    private void observe(RawEvent.Browser b) {
        if (b.message() instanceof BrowserMessage.Hello) {
            armed = true;
        } else if (b.message() instanceof BrowserMessage.SensitiveFocus f) {
            armed = true;
            long t = (long) f.envelope().timeOr(b.wall());
            Interval open = intervals.isEmpty() ? null : intervals.get(intervals.size() - 1);
            boolean isOpen = open != null && open.off == Long.MAX_VALUE;
            if (f.sensitive()) {
                if (!isOpen) intervals.add(new Interval(t));
            } else if (isOpen) {
                open.off = Math.max(open.on, t);
            }
            if (intervals.size() > MAX_INTERVALS) intervals.remove(0);
        } else if (b.message() instanceof BrowserMessage.BridgeClosed) {
            for (Interval i : intervals) if (i.off == Long.MAX_VALUE) i.off = Math.max(i.on, b.wall());
        }
        // other browser messages carry no sensitivity
    }

    private RawEvent judge(RawEvent e) {
        if (e instanceof RawEvent.KeyUp u) {
            if (droppedDowns.remove(u.code())) {
                droppedEvents++;
                return null;
            }
            if (!keep(u.key()) && sensitiveAt(u.wall())) return drop(e);
            return e;
        }
        if (e instanceof RawEvent.KeyDown k) {
            if (keep(k.key()) || !sensitiveAt(k.wall())) return e;
            droppedDowns.add(k.code());
            return drop(e);
        }
        if (e instanceof RawEvent.Clipboard c && "paste".equals(c.op()) && sensitiveAt(c.wall())) return drop(e);
        return e;
    }

    private RawEvent drop(RawEvent e) {
        droppedEvents++;
        for (Interval i : intervals) {
            if (i.covers(e.wall())) {
                if (i.marked) return null;
                i.marked = true;
                return new RawEvent.Marker(e.mono(), e.wall(), REDACTED_MARKER, "typed into a sensitive field");
            }
        }
        return null;
    }

    private static boolean keep(String key) {
        String k = key == null ? "" : key.toLowerCase(Locale.ROOT);
        return KEEP.contains(k) || Mods.isModifier(k);
    }
}
