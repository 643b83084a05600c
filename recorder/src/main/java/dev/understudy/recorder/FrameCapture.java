package dev.understudy.recorder;

import dev.understudy.capture.Clock;
import dev.understudy.capture.screen.ScreenGrabber;
import dev.understudy.model.Keys;
import dev.understudy.model.Monitor;
import dev.understudy.model.RawEvent;
import dev.understudy.model.FrameReason;
import dev.understudy.trace.FrameStore;
import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The screen thread. It grabs frames into a small in-memory ring when input starts (so the screen
 * as it was just before an action is at hand), when the screen settles after input, and after a
 * focus change; it stores a grab only when it is needed: settle and focus grabs always, onset grabs
 * when an action asks for the frame before it ({@link #commitBefore}).
 *
 * <p>Stored frames reach the pipeline as {@link RawEvent.Frame} events whose {@code mono} is the
 * grab time, so they may follow the action they precede in the event stream.
 */
final class FrameCapture implements Runnable {
    static final long ONSET_IDLE_NS = 300_000_000L;
    static final long AFTER_ACTION_NS = 80_000_000L;
    static final long SETTLE_NS = 500_000_000L;
    static final long FOCUS_DELAY_NS = 250_000_000L;
    /** After a click, scroll, named key or chord, grab again this soon if no input follows. */
    static final long QUICK_SETTLE_NS = 150_000_000L;
    /** Without input, look at the screen this often, and store it only if it changed. */
    static final long KEYFRAME_NS = 30_000_000_000L;
    static final int RING = 4;

    /** A grab in the ring; {@code hash} is a fast exact-content check taken before any encoding. */
    private record HeldGrab(long mono, long wall, int monitor, BufferedImage image, long hash, long epoch) {}

    private final ScreenGrabber grabber;
    private final FrameStore store;
    private final Clock clock;
    private final EventQueue out;
    private final BooleanSupplier allowed;
    private final List<Monitor> monitors;

    private final Object lock = new Object();
    private final ArrayDeque<HeldGrab> ring = new ArrayDeque<>(RING);
    private final ArrayDeque<Long> commitRequests = new ArrayDeque<>();
    private volatile boolean running = true;

    // written by the input hook thread, read by this thread
    private volatile long lastInputMono = Long.MIN_VALUE / 2;
    private volatile long lastActionEndMono = Long.MIN_VALUE / 2;
    private volatile int pointerX;
    private volatile int pointerY;
    /** Set by the hook thread, taken (get-and-clear in one step) by this thread. */
    private final AtomicBoolean onsetPending = new AtomicBoolean();
    /** Set by {@link #onFocus}, cleared by this thread only if no newer focus came meanwhile (compare-and-set). */
    private final AtomicLong focusAtMono = new AtomicLong(-1);

    // written by this thread only
    /**
     * The input the last settle grab was for. Input since then ({@code lastInputMono} greater) is
     * activity still to settle: the hook thread only writes {@code lastInputMono}, so no flag can
     * be cleared over input that came in between.
     */
    private volatile long settledInputMono = Long.MIN_VALUE / 2;
    /** Read by the hook thread ({@link #onInput}): volatile. */
    private volatile long lastGrabMono = Long.MIN_VALUE / 2;
    private HeldGrab lastCommitted;
    private long lastStoredHash;
    private String lastStoredId;
    private int lastStoredMonitor = -1;
    private long lastKeyframeCheck;
    private final AtomicLong unchanged = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong grabs = new AtomicLong();
    private final AtomicLong grabNanos = new AtomicLong();
    private final AtomicLong outOfMemory = new AtomicLong();

    FrameCapture(ScreenGrabber grabber, List<Monitor> monitors, FrameStore store, Clock clock, EventQueue out,
                 BooleanSupplier allowed) {
        this.grabber = grabber;
        this.monitors = monitors;
        this.store = store;
        this.clock = clock;
        this.out = out;
        this.allowed = allowed;
    }

    /** Called on the OS hook thread for every input event: must stay cheap. */
    void onInput(RawEvent e) {
        long now = e.mono();
        if (e instanceof RawEvent.MouseMove m) {
            pointerX = m.x();
            pointerY = m.y();
        } else if (e instanceof RawEvent.MouseDown m) {
            pointerX = m.x();
            pointerY = m.y();
        } else if (e instanceof RawEvent.MouseUp m) {
            pointerX = m.x();
            pointerY = m.y();
            lastActionEndMono = now;
        } else if (e instanceof RawEvent.Wheel w) {
            pointerX = w.x();
            pointerY = w.y();
            lastActionEndMono = now;
        } else if (e instanceof RawEvent.KeyUp k && Keys.endsAction(k.key(), k.mods())) {
            lastActionEndMono = now;
        }
        boolean idleBefore = now - lastInputMono >= ONSET_IDLE_NS;
        boolean afterAction = lastActionEndMono > lastGrabMono && now - lastActionEndMono >= AFTER_ACTION_NS
                && e instanceof RawEvent.MouseMove;
        lastInputMono = now;
        if (idleBefore || afterAction) {
            onsetPending.set(true);
            synchronized (lock) {
                lock.notify();
            }
        }
    }

    /** The foreground window changed: grab once it has had time to paint. */
    void onFocus(long mono) {
        focusAtMono.set(mono);
        synchronized (lock) {
            lock.notify();
        }
    }

    /** An action began at {@code mono}: store the latest frame grabbed before it. */
    void commitBefore(long mono) {
        synchronized (lock) {
            commitRequests.add(mono);
            lock.notify();
        }
    }

    void stop() {
        running = false;
        synchronized (lock) {
            lock.notify();
        }
    }

    long storedFrames() {
        return stored.get();
    }

    long grabs() {
        return grabs.get();
    }

    long grabNanos() {
        return grabNanos.get();
    }

    int monitorAtPointer() {
        int x = pointerX;
        int y = pointerY;
        for (Monitor m : monitors) if (m.contains(x, y)) return m.index();
        return 0;
    }

    @Override
    public void run() {
        // A first frame, so the very first action has an observation.
        grabInto(null);
        commit(ring.peekLast(), FrameReason.START);
        while (running) {
            try {
                long waitNs = nextWakeNs();
                synchronized (lock) {
                    if (!onsetPending.get() && commitRequests.isEmpty() && running) {
                        long ms = Math.max(1, waitNs / 1_000_000L);
                        lock.wait(ms);
                    }
                }
                step();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // A failed grab or store must not end capture; it is reported once per kind.
                Diagnostics.warnOnce("frames", "screen capture problem: " + e.getMessage());
            } catch (OutOfMemoryError e) {
                // Never a silent end of frames: drop what the ring holds, say so, go on.
                ring.clear();
                lastCommitted = null;
                outOfMemory.incrementAndGet();
                Diagnostics.warnOnce("frames-memory", "screen capture ran out of memory; frames held in memory were dropped");
            }
        }
        // Drain: the last actions still get their frames.
        step();
    }

    private long nextWakeNs() {
        long now = clock.mono();
        long wake = Math.max(1_000_000L, Math.max(lastGrabMono, lastKeyframeCheck) + KEYFRAME_NS - now);
        long input = lastInputMono;
        if (input > settledInputMono) wake = Math.min(wake, input + SETTLE_NS - now);
        if (lastActionEndMono > lastGrabMono && lastInputMono <= lastActionEndMono) wake = Math.min(wake, lastActionEndMono + QUICK_SETTLE_NS - now);
        long focus = focusAtMono.get();
        if (focus >= 0) wake = Math.min(wake, focus + FOCUS_DELAY_NS - now);
        return Math.max(1_000_000L, wake);
    }

    /** One pass of the screen thread's loop (the loop waits between passes); tests call it directly. */
    void step() {
        long now = clock.mono();
        if (onsetPending.getAndSet(false)) grabInto(FrameReason.ONSET);
        Long req;
        while ((req = nextRequest()) != null) {
            HeldGrab g = latestBefore(req);
            if (g != null && g != lastCommitted) commit(g, FrameReason.ONSET);
        }
        if (now - Math.max(lastGrabMono, lastKeyframeCheck) >= KEYFRAME_NS) {
            lastKeyframeCheck = now;
            HeldGrab g = grabInto(FrameReason.KEYFRAME);
            if (g != null && (g.hash() != lastStoredHash || g.monitor() != lastStoredMonitor)) commit(g, FrameReason.KEYFRAME);
        }
        long end = lastActionEndMono;
        if (end > lastGrabMono && lastInputMono <= end && now - end >= QUICK_SETTLE_NS) grabAfterAction();
        long f = focusAtMono.get();
        // cleared only if no newer focus change came since it was read: that one keeps its grab
        if (f >= 0 && now - f >= FOCUS_DELAY_NS && focusAtMono.compareAndSet(f, -1)) {
            HeldGrab g = grabInto(FrameReason.FOCUS);
            if (g != null) commit(g, FrameReason.FOCUS);
        }
        long input = lastInputMono;
        if (input > settledInputMono && now - input >= SETTLE_NS) {
            settledInputMono = input;
            HeldGrab g = grabInto(FrameReason.SETTLE);
            if (g != null) commit(g, FrameReason.SETTLE);
        }
    }

    private Long nextRequest() {
        synchronized (lock) {
            return commitRequests.poll();
        }
    }

    private HeldGrab latestBefore(long mono) {
        HeldGrab best = null;
        for (HeldGrab g : ring) if (g.mono() < mono && (best == null || g.mono() > best.mono())) best = g;
        return best;
    }

    /** Privacy hooks (see ScreenPrivacy): masking before a grab is kept anywhere, OCR after it is stored. */
    interface FramePolicy {
        /** Masks the grabbed pixels in place; false when the grab must not be kept at all. */
        boolean prepare(dev.understudy.capture.screen.ScreenGrab grab);

        /** A frame was stored under this id. */
        default void stored(String id, int monitor) {}
    }

    private volatile FramePolicy framePolicy;

    void framePolicy(FramePolicy p) {
        framePolicy = p;
    }

    private final java.util.concurrent.atomic.AtomicLong withheld = new java.util.concurrent.atomic.AtomicLong();
    private volatile java.util.function.LongSupplier privacyEpoch = () -> 0L;

    /**
     * A counter the privacy gate moves each time capture becomes withheld (a page turns out to show
     * a correspondent abroad, a window not allowed comes up...). A grab from before the latest move
     * is never stored: it may show what is now withheld, grabbed before the gate knew.
     */
    void privacyEpoch(java.util.function.LongSupplier epoch) {
        privacyEpoch = epoch;
    }

    private volatile java.util.function.Supplier<dev.understudy.power.CaptureProfile> power = () -> dev.understudy.power.CaptureProfile.FULL;
    private long lastGrabWallMs;

    /** Where the battery-aware frame rate comes from (on battery fewer frames, at low battery none). */
    void power(java.util.function.Supplier<dev.understudy.power.CaptureProfile> p) {
        power = p;
    }

    /**
     * A grab after an action that is never stored under its own reason (it may become an onset
     * frame); paced like the grabs with a reason.
     */
    private HeldGrab grabAfterAction() {
        return grab(true, false);
    }

    /** A grab for {@code reason}; null (the first frame) is not paced. */
    private HeldGrab grabInto(FrameReason reason) {
        return grab(reason != null, reason == FrameReason.KEYFRAME);
    }

    private HeldGrab grab(boolean paced, boolean keyframe) {
        if (!allowed.getAsBoolean()) {
            withheld.incrementAndGet();
            return null;
        }
        dev.understudy.power.CaptureProfile profile = power.get();
        long nowMs = clock.wall();
        if (!profile.framesAllowed()) return null;
        if (paced && !profile.frameDue(nowMs, lastGrabWallMs)) return null;
        if (keyframe && !profile.keyframesAllowed()) return null;
        lastGrabWallMs = nowMs;
        int monitor = monitorAtPointer();
        long epochAtGrab = privacyEpoch.getAsLong();
        long t0 = clock.mono();
        dev.understudy.capture.screen.ScreenGrab raw = grabber.grab(monitor);
        grabNanos.addAndGet(clock.mono() - t0);
        grabs.incrementAndGet();
        FramePolicy fp = framePolicy;
        if (fp != null && !fp.prepare(raw)) return null;
        long mono = raw.mono();
        HeldGrab g = new HeldGrab(mono, raw.wall(), monitor, raw.image(), contentHash(raw.pixels()), epochAtGrab);
        if (ring.size() == RING) ring.removeFirst();
        ring.addLast(g);
        lastGrabMono = mono;
        return g;
    }

    private void commit(HeldGrab g, FrameReason reason) {
        if (g == null) return;
        if (!allowed.getAsBoolean() || g.epoch() != privacyEpoch.getAsLong()) {
            withheld.incrementAndGet(); // withheld now, or grabbed before capture was last withheld
            return;
        }
        String id;
        if (g.hash() == lastStoredHash && g.monitor() == lastStoredMonitor && lastStoredId != null) {
            // Same pixels as the last stored frame: no hashing, no encoding, no bytes.
            id = lastStoredId;
            unchanged.incrementAndGet();
        } else {
            id = store.put(g.image());
            stored.incrementAndGet();
            FramePolicy fp = framePolicy;
            if (fp != null) fp.stored(id, g.monitor());
            lastStoredHash = g.hash();
            lastStoredMonitor = g.monitor();
            lastStoredId = id;
        }
        lastCommitted = g;
        out.offer(new RawEvent.Frame(g.mono(), g.wall(), id, g.monitor(), g.image().getWidth(), g.image().getHeight(), reason));
    }

    /** Times the screen thread ran out of memory and dropped its ring (0 in a healthy recording). */
    long outOfMemory() {
        return outOfMemory.get();
    }

    /**
     * Grabs the privacy gate refused: not taken because capture was withheld (paused, suspended, a
     * page scan awaited), or taken but not stored because capture became withheld since.
     */
    long withheldGrabs() {
        return withheld.get();
    }

    long unchangedFrames() {
        return unchanged.get();
    }

    /**
     * A fast 64-bit hash of the pixels (about 1 ms for a 1280x800 frame), used to skip storing a
     * frame identical to the last one. Collisions are astronomically unlikely for screen content;
     * the store itself still addresses frames by SHA-256.
     */
    static long contentHash(int[] px) {
        long h = 0x243F6A8885A308D3L ^ px.length;
        for (int p : px) {
            h = (h ^ (p & 0xFFFFFF)) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
        }
        return h;
    }
}
