package dev.understudy.recorder;

import dev.understudy.capture.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The one owner of the recorder's threads (docs/architecture.md, "Threads"). Every part of the
 * recorder that runs a thread of its own (the sources, the screen thread, OCR, the control watcher,
 * the collector sync...) is added here in start order. The runtime starts them in that order,
 * looks at each one on every tick of the pipeline ({@link #check}), and stops them in the reverse
 * order within one deadline, then says which did not stop ({@link #stop}).
 *
 * <p>Its error policy: a part whose thread ends while the recording runs never ends silently. It is
 * reported in one line, then, by the part's {@link OnDeath}, restarted (at most
 * {@value #MAX_RESTARTS} times in {@value #RESTART_WINDOW_MINUTES} minutes, then the recording
 * stops), or the recording stops, or (an optional part: the browser bridge, the accessibility
 * tree) the recording goes on without it.
 *
 * <p>All methods are called from the pipeline thread (the one that runs {@link Recorder#run}); the
 * runtime's own threads only write their part's failure, which is published through a volatile.
 */
final class RecorderRuntime {
    static final int MAX_RESTARTS = 3;
    static final long RESTART_WINDOW_MINUTES = 10;
    /** A part that died is restarted this long after (not in a tight loop). */
    static final long RESTART_DELAY_NS = 1_000_000_000L;

    /** What happens when a part's thread ends while the recording runs. */
    enum OnDeath {
        /** Reported and started again (a bounded number of times). */
        RESTART,
        /** Reported; the recording stops (nothing useful can be recorded without it). */
        STOP_RECORDING,
        /** Reported once; the recording goes on without it (an optional part). */
        CARRY_ON
    }

    /** A part of the recorder that runs threads of its own. */
    interface Part {
        String name();

        /** Starts its threads; throws (a one-line message) when it cannot. */
        void start() throws Exception;

        /** Asks its threads to end; may return before they have. Idempotent. */
        void stop() throws Exception;

        /** Whether its threads run. */
        boolean alive();

        /** Why its thread ended, when it knows (null otherwise). */
        default String failure() {
            return null;
        }

        /** Starts it again after its threads ended: by default, stop (to release what they held), then start. */
        default void restart() throws Exception {
            try {
                stop();
            } catch (Exception ignored) {
                // it is not running anyway
            }
            start();
        }
    }

    /** Something that starts, like a source's {@code start()}. */
    interface Starter {
        void start() throws Exception;
    }

    /**
     * A part whose thread the runtime makes: {@code loop} runs on a new thread (named {@code name})
     * at each start; {@code askStop} asks it to return. A throwable out of the loop is the part's
     * failure; so is a loop that returns without being asked.
     */
    static Part thread(String name, Runnable loop, Runnable askStop) {
        return new ThreadPart(name, loop, askStop);
    }

    /** A part that runs its own threads (a source): how to start it, stop it, and whether they run. */
    static Part service(String name, Starter start, AutoCloseable stop, BooleanSupplier alive) {
        return new Part() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() throws Exception {
                start.start();
            }

            @Override
            public void stop() throws Exception {
                stop.close();
            }

            @Override
            public boolean alive() {
                return alive.getAsBoolean();
            }
        };
    }

    private static final class ThreadPart implements Part {
        private final String name;
        private final Runnable loop;
        private final Runnable askStop;
        private volatile Thread thread;
        private volatile boolean stopAsked;
        private volatile String failure;

        ThreadPart(String name, Runnable loop, Runnable askStop) {
            this.name = name;
            this.loop = loop;
            this.askStop = askStop;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start() {
            stopAsked = false;
            failure = null;
            Thread t = new Thread(() -> {
                try {
                    loop.run();
                    if (!stopAsked) failure = "it returned on its own";
                } catch (Throwable e) {
                    failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                }
            }, name);
            t.setDaemon(true);
            thread = t;
            t.start();
        }

        @Override
        public void stop() {
            stopAsked = true;
            askStop.run();
        }

        /** Its thread ended: a new one runs the same loop (the loop was not asked to stop). */
        @Override
        public void restart() {
            start();
        }

        @Override
        public boolean alive() {
            Thread t = thread;
            return t != null && t.isAlive();
        }

        @Override
        public String failure() {
            return failure;
        }
    }

    /** A part as the runtime tracks it. */
    private static final class Entry {
        final Part part;
        final OnDeath onDeath;
        boolean started;
        boolean givenUp;
        long diedAt = -1;
        final List<Long> restarts = new ArrayList<>();

        Entry(Part part, OnDeath onDeath) {
            this.part = part;
            this.onDeath = onDeath;
        }
    }

    private final Clock clock;
    private final Consumer<String> report;
    private final List<Entry> parts = new ArrayList<>();
    private boolean stopping;
    private long restartsTotal;

    /** @param report where one-line reports go (stderr, once per event) */
    RecorderRuntime(Clock clock, Consumer<String> report) {
        this.clock = clock;
        this.report = report;
    }

    /** Adds a part; parts start in the order they are added and stop in the reverse order. */
    RecorderRuntime add(Part part, OnDeath onDeath) {
        parts.add(new Entry(part, onDeath));
        return this;
    }

    /** Starts {@code part} now (added last): for parts that must start after earlier ones did their work. */
    void startNow(Part part, OnDeath onDeath) {
        Entry e = new Entry(part, onDeath);
        parts.add(e);
        start(e);
    }

    /**
     * Starts every part not started yet, in order. A part that cannot start: with
     * {@link OnDeath#STOP_RECORDING} the parts started so far are stopped and the failure is
     * thrown (unchecked: a source's {@code CaptureException} as it is); otherwise it is reported and the
     * recording goes on without it.
     */
    void start() {
        for (Entry e : parts) if (!e.started && !e.givenUp) start(e);
    }

    private void start(Entry e) {
        try {
            e.part.start();
            e.started = true;
        } catch (Exception | LinkageError ex) {
            if (e.onDeath == OnDeath.STOP_RECORDING) {
                stop(3_000_000_000L);
                if (ex instanceof RuntimeException r) throw r; // the sources' CaptureException: one line already
                throw new dev.understudy.capture.CaptureException(e.part.name() + " did not start: " + ex.getMessage(), ex);
            }
            e.givenUp = true;
            report.accept(e.part.name() + " did not start: " + ex.getMessage() + " (recording goes on without it)");
        }
    }

    /**
     * Looks at every started part (cheap: a liveness check each). A part whose threads ended is
     * reported and, by its policy, restarted after {@link #RESTART_DELAY_NS}, or the recording
     * stops. Returns why the recording must stop, or null.
     */
    String check() {
        if (stopping) return null;
        long now = clock.mono();
        for (Entry e : parts) {
            if (!e.started || e.givenUp || e.part.alive()) continue;
            if (e.diedAt < 0) {
                e.diedAt = now;
                String why = e.part.failure();
                String what = e.part.name() + " stopped" + (why == null ? "" : " (" + why + ")");
                switch (e.onDeath) {
                    case STOP_RECORDING -> {
                        report.accept(what + "; the recording stops");
                        return e.part.name() + " stopped";
                    }
                    case CARRY_ON -> {
                        report.accept(what + "; recording goes on without it");
                        e.givenUp = true;
                        continue;
                    }
                    case RESTART -> {
                        e.restarts.removeIf(t -> now - t > RESTART_WINDOW_MINUTES * 60_000_000_000L);
                        if (e.restarts.size() >= MAX_RESTARTS) {
                            report.accept(what + " again, " + (MAX_RESTARTS + 1) + " times in " + RESTART_WINDOW_MINUTES
                                    + " minutes; the recording stops");
                            return e.part.name() + " kept stopping";
                        }
                        report.accept(what + "; restarting it");
                    }
                }
            }
            if (e.onDeath == OnDeath.RESTART && now - e.diedAt >= RESTART_DELAY_NS) {
                e.restarts.add(now);
                restartsTotal++;
                e.diedAt = -1;
                try {
                    e.part.restart();
                } catch (Exception | LinkageError ex) {
                    report.accept(e.part.name() + " could not be restarted: " + ex.getMessage() + "; the recording stops");
                    return e.part.name() + " could not be restarted";
                }
            }
        }
        return null;
    }

    /**
     * Stops every started part in the reverse start order, each asked in turn, then waits until
     * {@code deadlineNanos} from now for their threads to end. Returns the names of the parts still
     * running at the deadline (each reported in one line); empty when all stopped.
     */
    List<String> stop(long deadlineNanos) {
        stopping = true;
        long end = clock.mono() + deadlineNanos;
        List<Entry> reversed = new ArrayList<>(parts);
        java.util.Collections.reverse(reversed);
        for (Entry e : reversed) {
            if (!e.started) continue;
            try {
                e.part.stop();
            } catch (Exception ex) {
                report.accept(e.part.name() + " did not stop cleanly: " + ex.getMessage());
            }
        }
        List<String> still = new ArrayList<>();
        for (Entry e : reversed) {
            if (!e.started) continue;
            while (e.part.alive() && clock.mono() < end) {
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
            }
            if (e.part.alive()) {
                still.add(e.part.name());
                report.accept(e.part.name() + " still running " + (deadlineNanos / 1_000_000L) + " ms after it was asked to stop");
            }
        }
        return still;
    }

    /** Restarts so far, by part name (for the closing stats). */
    Map<String, Integer> restarts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Entry e : parts) if (!e.restarts.isEmpty()) m.put(e.part.name(), e.restarts.size());
        return m;
    }

    long restartsTotal() {
        return restartsTotal;
    }

    /** The parts in start order, with whether each runs now (for the closing stats and tests). */
    Map<String, Boolean> alive() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (Entry e : parts) m.put(e.part.name(), e.started && e.part.alive());
        return m;
    }
}
