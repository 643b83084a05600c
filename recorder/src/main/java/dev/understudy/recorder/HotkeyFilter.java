package dev.understudy.recorder;

import dev.understudy.capture.Clock;
import dev.understudy.capture.EventSink;
import dev.understudy.model.Mods;
import dev.understudy.model.RawEvent;
import dev.understudy.privacy.policy.Hotkey;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The global pause hotkey, on the OS hook thread, in front of the event queue. The chord's key
 * never reaches the queue, and neither do the releases of the keys held when it fired; the
 * modifiers pressed before it are held by the pipeline's typing guard and dropped with the pause
 * (so the hotkey's own keys are not stored). Toggling takes effect at once.
 */
final class HotkeyFilter implements EventSink {
    private final EventSink next;
    private final Hotkey hotkey;
    private final Runnable onTrigger;
    private final Set<Integer> down = new HashSet<>();
    private final Set<Integer> swallowUps = new HashSet<>();
    private final Clock clock;
    private volatile long lastInputNanos;
    private int held;
    private long chordKeyNanos;

    HotkeyFilter(EventSink next, Hotkey hotkey, Runnable onTrigger) {
        this(next, hotkey, onTrigger, new Clock());
    }

    HotkeyFilter(EventSink next, Hotkey hotkey, Runnable onTrigger, Clock clock) {
        this.next = next;
        this.hotkey = hotkey;
        this.onTrigger = onTrigger;
        this.clock = clock;
        this.lastInputNanos = clock.mono();
    }

    /** The clock's mono time of the last input event (for "the worker is idle"). */
    long lastInputNanos() {
        return lastInputNanos;
    }

    @Override
    public void accept(RawEvent e) {
        lastInputNanos = clock.mono();
        if (e instanceof RawEvent.KeyDown k) {
            String key = k.key() == null ? "" : k.key().toLowerCase(Locale.ROOT);
            int bit = Mods.bitOf(key);
            if (bit != 0) held |= bit;
            // The hook's own modifier mask can lag behind synthetic (XTEST) input: the modifier keys
            // seen going down count too, as in the reducer.
            if (swallowUps.contains(k.code()) && bit == 0) {
                // auto-repeat of the chord's key while it is held (a lost key-up expires after a second of silence)
                long now = clock.mono();
                boolean repeat = now - chordKeyNanos < 1_000_000_000L;
                chordKeyNanos = now;
                if (repeat) return;
                swallowUps.remove(k.code());
            }
            if (bit == 0 && hotkey.matches(key, k.mods() | held)) {
                swallowUps.addAll(down);
                swallowUps.add(k.code());
                chordKeyNanos = clock.mono();
                down.clear();
                onTrigger.run();
                return;
            }
            down.add(k.code());
        } else if (e instanceof RawEvent.KeyUp u) {
            down.remove(u.code());
            held &= ~Mods.bitOf(u.key() == null ? "" : u.key().toLowerCase(Locale.ROOT));
            if (swallowUps.remove(u.code())) return;
        }
        next.accept(e);
    }
}
