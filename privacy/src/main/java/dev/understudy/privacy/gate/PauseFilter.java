package dev.understudy.privacy.gate;

import dev.understudy.model.RawEvent;
import java.util.function.LongSupplier;

/**
 * The worker's pause as the pipeline sees it ({@link PrivacyGate}'s first step). While paused
 * nothing passes, and what was in flight when the pause began is dropped too: events stamped
 * before the resume but reaching the gate after it (the moment the pause ends is noted by the
 * {@link PauseSwitch} listener that runs before the resume takes effect). Typed events from before
 * the pause that the {@link TypedTextGuard} still holds are dropped by the gate when {@link #sync}
 * reports {@link Change#BEGAN}.
 *
 * <p>The pipeline thread calls {@link #sync} and {@link #drops}; the resume instant is written by
 * whichever thread resumes.
 */
final class PauseFilter {
    /** What {@link #sync} found. */
    enum Change { NONE, BEGAN, ENDED }

    private final PauseSwitch pause;
    private boolean paused;
    /** Who asked for the change {@link #sync} last found (read with it, from the same state). */
    private String by;
    private volatile long resumedAtMono = Long.MIN_VALUE;

    PauseFilter(PauseSwitch pause, LongSupplier mono) {
        this.pause = pause;
        // Before the pause ends: an event stamped before this instant never passes, whenever the
        // pipeline gets to it.
        pause.addBeforeListener((until, by) -> {
            if (until == 0) resumedAtMono = mono.getAsLong();
        });
    }

    /** Catches up with the switch: whether a pause began or ended since the last call. */
    Change sync() {
        // one read of the switch: whether it pauses and who asked come from the same change
        PauseSwitch.State s = pause.state();
        boolean p = s.pausedAt(pause.wallNow());
        if (p == paused) return Change.NONE;
        paused = p;
        by = s.by();
        return p ? Change.BEGAN : Change.ENDED;
    }

    /** Who asked for the pause or the resume the last {@link #sync} found. */
    String by() {
        return by;
    }

    /** Whether the pipeline is paused (as of the last {@link #sync}). */
    boolean paused() {
        return paused;
    }

    /** Whether the pause drops this event: while paused, or in flight when the pause began (markers pass). */
    boolean drops(RawEvent e) {
        return paused || e.mono() < resumedAtMono && !(e instanceof RawEvent.Marker);
    }
}
