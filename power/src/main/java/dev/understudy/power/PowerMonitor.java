package dev.understudy.power;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Re-reads a {@link PowerSource} every {@link #DEFAULT_INTERVAL} on its own daemon thread and
 * publishes the {@link CaptureProfile} it implies. Hot paths only read {@link #profile()} (a
 * volatile field); the reading itself (sysfs files, a NetworkManager query) never runs on them.
 *
 * <pre>
 *   PowerMonitor power = new PowerMonitor(LinuxPowerSource.system(), CapturePolicy.DEFAULT).start();
 *   ... screen thread: if (power.profile().frameDue(now, lastFrame)) grab();
 *   ... uploader:      budget.tryReserve(bytes, power.state(), Instant.now());
 *   power.close();
 * </pre>
 */
public final class PowerMonitor implements AutoCloseable {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(45);

    private final PowerSource source;
    private final CapturePolicy policy;
    private final Duration interval;
    private final List<Consumer<CaptureProfile>> listeners = new CopyOnWriteArrayList<>();
    private volatile CaptureProfile profile = CaptureProfile.FULL;
    private volatile PowerState state = PowerState.UNKNOWN;
    private volatile String lastError;
    private ScheduledExecutorService thread;

    public PowerMonitor(PowerSource source, CapturePolicy policy) {
        this(source, policy, DEFAULT_INTERVAL);
    }

    public PowerMonitor(PowerSource source, CapturePolicy policy, Duration interval) {
        if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval " + interval);
        this.source = source;
        this.policy = policy;
        this.interval = interval;
    }

    /** Reads once now (so the first profile is real) and then every interval in the background. */
    public synchronized PowerMonitor start() {
        if (thread != null) return this;
        refreshNow();
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "understudy-power");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        long ms = interval.toMillis();
        thread.scheduleWithFixedDelay(this::refreshQuietly, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Whether it reads the power state in the background (started, not closed). */
    public synchronized boolean running() {
        return thread != null && !thread.isShutdown();
    }

    /** The current profile: cheap, for any thread. */
    public CaptureProfile profile() {
        return profile;
    }

    /** The power state last read. */
    public PowerState state() {
        return state;
    }

    /** The last failure to read the source, or null. */
    public String lastError() {
        return lastError;
    }

    /** Called on the monitor thread (or the caller of {@link #refreshNow}) whenever the profile changes. */
    public void addListener(Consumer<CaptureProfile> l) {
        listeners.add(l);
    }

    /** Reads the source now, on the calling thread; returns the (possibly new) profile. */
    public CaptureProfile refreshNow() {
        PowerState s = source.read();
        CaptureProfile prev = profile;
        CaptureProfile next = CaptureProfile.decide(s, policy, prev);
        state = s;
        lastError = null;
        if (!next.equals(prev)) {
            boolean changed = next.mode() != prev.mode() || next.minFrameIntervalMillis() != prev.minFrameIntervalMillis()
                    || next.keyframesAllowed() != prev.keyframesAllowed();
            profile = next;
            if (changed) for (Consumer<CaptureProfile> l : listeners) l.accept(next);
        }
        return next;
    }

    private void refreshQuietly() {
        try {
            refreshNow();
        } catch (RuntimeException e) {
            lastError = e.getMessage(); // keep the last good profile
        }
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
    }
}
