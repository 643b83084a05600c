package dev.understudy.privacy.gate;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * The worker's pause, shared by every way of pausing (CLI through the control file, the hotkey,
 * the control page, the tray) and read by the pipeline and the screen thread. Thread-safe; a pause
 * is effective as soon as {@link #pauseUntil} returns.
 *
 * <p>Its state (until when, who asked) is one immutable {@link State}, published through one
 * volatile reference: a reader that takes {@link #state()} never sees the time of one change with
 * the name of another. Changes are serialised, so "before" listeners, the change and the
 * listeners of two changes never interleave.
 */
public final class PauseSwitch {
    /** Told of every change (after it took effect): until (0 = resumed) and who asked. */
    public interface Listener {
        void changed(long pausedUntilWall, String by);
    }

    private final LongSupplier wallClock;
    private final int defaultMinutes;
    private final int maxMinutes;
    /** The pause as one value: until when (wall ms, 0 = not paused) and who asked last. */
    public record State(long pausedUntil, String by) {
        /** Whether this state pauses at wall time {@code wall}. */
        public boolean pausedAt(long wall) {
            return pausedUntil > wall;
        }
    }

    private volatile State state = new State(0, null);
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Listener> before = new CopyOnWriteArrayList<>();

    public PauseSwitch(int defaultMinutes, int maxMinutes, LongSupplier wallClock) {
        this.defaultMinutes = defaultMinutes;
        this.maxMinutes = maxMinutes;
        this.wallClock = wallClock;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** Told of a change just before it takes effect (the gate notes when a pause ends). */
    public void addBeforeListener(Listener l) {
        before.add(l);
    }

    /** Pauses until the given time, capped at the policy's longest pause; 0 resumes. */
    public synchronized long pauseUntil(long untilWall, String who) {
        long now = wallClock.getAsLong();
        long cap = now + maxMinutes * 60_000L;
        long until = untilWall <= now ? 0 : Math.min(untilWall, cap);
        apply(until, who);
        return until;
    }

    /** Applies a state read from the control file as is (it was capped when written). */
    public synchronized void apply(long untilWall, String who) {
        long old = state.pausedUntil();
        if (old != untilWall) for (Listener l : before) l.changed(untilWall, who);
        state = new State(untilWall, who);
        if (old != untilWall) for (Listener l : listeners) l.changed(untilWall, who);
    }

    public synchronized long pauseMinutes(int minutes, String who) {
        int m = minutes <= 0 ? defaultMinutes : minutes;
        return pauseUntil(wallClock.getAsLong() + m * 60_000L, who);
    }

    /** Pauses for the default time, or resumes when paused. */
    public synchronized void toggle(String who) {
        if (pausedNow()) pauseUntil(0, who);
        else pauseMinutes(defaultMinutes, who);
    }

    public boolean pausedNow() {
        return state.pausedAt(wallClock.getAsLong());
    }

    /** The pause as one consistent value (until when and who asked). */
    public State state() {
        return state;
    }

    /** The wall clock this switch reads. */
    long wallNow() {
        return wallClock.getAsLong();
    }

    public long pausedUntil() {
        return state.pausedUntil();
    }

    public String by() {
        return state.by();
    }

    public int defaultMinutes() {
        return defaultMinutes;
    }

    public int maxMinutes() {
        return maxMinutes;
    }
}
