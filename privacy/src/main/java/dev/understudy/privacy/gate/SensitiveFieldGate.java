package dev.understudy.privacy.gate;

import dev.understudy.model.MarkerKind;
import dev.understudy.model.Mods;
import dev.understudy.model.RawEvent;
import dev.understudy.model.browser.BrowserMessage;
import java.util.ArrayDeque;
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
 * {@code state: closed}): without a browser there is no field. Without any browser, events pass at
 * once. Not thread-safe: the pipeline thread owns it.
 */
public final class SensitiveFieldGate {
    public static final long DEFAULT_HOLD_NANOS = 500_000_000L;
    public static final long SLACK_MS = 30;
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
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final List<Interval> intervals = new ArrayList<>();
    private final Set<Integer> droppedDowns = new HashSet<>();
    private boolean armed;
    private long droppedEvents;

    public SensitiveFieldGate() {
        this(DEFAULT_HOLD_NANOS);
    }

    public SensitiveFieldGate(long holdNanos) {
        this.holdNanos = holdNanos;
    }

    /** Takes the next event from the sources; {@code nowMono} is the pipeline's clock. */
    public void offer(RawEvent e, long nowMono) {
        if (e instanceof RawEvent.Browser b) observe(b);
        held.addLast(new Held(e, nowMono));
    }

    /** The next event that may go on to the policy gate, or null when none is due yet. */
    public RawEvent poll(long nowMono) {
        while (!held.isEmpty()) {
            Held h = held.peekFirst();
            if (armed && nowMono - h.arrival() < holdNanos) return null;
            held.pollFirst();
            RawEvent out = judge(h.event());
            if (out != null) return out;
        }
        return null;
    }

    /** At the end of a recording: the next held event regardless of time, or null. */
    public RawEvent pollAny() {
        while (!held.isEmpty()) {
            RawEvent out = judge(held.pollFirst().event());
            if (out != null) return out;
        }
        return null;
    }

    /** How long the pipeline may wait for new input before something held falls due (ms, at most {@code max}). */
    public long waitMillis(long nowMono, long max) {
        if (held.isEmpty()) return max;
        if (!armed) return 0;
        long due = held.peekFirst().arrival() + holdNanos - nowMono;
        return Math.max(0, Math.min(max, (due + 999_999) / 1_000_000));
    }

    /** Whether a browser has connected: events are then held. */
    public boolean armed() {
        return armed;
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
