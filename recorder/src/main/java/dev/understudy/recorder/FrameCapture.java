package dev.understudy.recorder;

import dev.understudy.capture.Clock;
import dev.understudy.capture.screen.ScreenDamage;
import dev.understudy.capture.screen.ScreenGrab;
import dev.understudy.capture.screen.ScreenGrabber;
import dev.understudy.model.Keys;
import dev.understudy.model.Monitor;
import dev.understudy.model.RawEvent;
import dev.understudy.model.FrameReason;
import dev.understudy.trace.FrameStore;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The screen thread. It grabs frames into a small in-memory ring when input starts (so the screen
 * as it was just before an action is at hand), when the screen settles after input, and after a
 * focus change; it stores a grab only when it is needed: settle and focus grabs always, onset grabs
 * when an action asks for the frame before it ({@link #commitBefore}).
 *
 * <p>Stored frames reach the pipeline as {@link RawEvent.Frame} events whose {@code mono} is the
 * grab time, so they may follow the action they precede in the event stream.
 *
 * <p><b>Grabs not taken.</b> With a damage source ({@link #damage}: the X server's DAMAGE
 * extension, {@link ScreenDamage}) a grab first asks what was drawn since the last ask. When nothing
 * was drawn on the monitor since its last grab was read from the screen, the privacy epoch is the
 * one that grab was taken in, and the masking a grab would get now is provably the one that grab got
 * ({@link FramePolicy#maskGeneration}), the screen is not read: the last grab is held again under
 * the new time ({@link #grabsSkippedUndamaged}). Anything uncertain (no damage source, an error, a
 * monitor never grabbed, the masking unknown) reads the screen. Without a damage source every grab
 * reads the screen, as before.
 *
 * <p><b>Unchanged frames.</b> Every grab read from the screen gets a new content number, a held
 * again grab its original's; a commit whose number is the last stored frame's stores nothing, and
 * one whose number differs compares its pixels with the last stored frame's (a vectorised compare,
 * only at commits) before storing.
 *
 * <p><b>No allocation per grab.</b> Grab images come from a {@link GrabImagePool} and go back to it
 * once nothing holds them: not in the ring, not the latest grab of a monitor, not the last stored
 * frame (the store copies what it keeps in {@code put}, and the masking writes only the image of the
 * grab it prepares, before it is held anywhere).
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

    /** Free grab images kept per monitor size (besides those the ring, the latest grabs and the last stored frame hold). */
    static final int POOL_FREE_PER_SIZE = 2;

    /**
     * A grab in the ring. {@code content}: equal numbers mean equal pixels (a grab held again has its
     * original's); {@code geometry}: the monitor as grabbed; {@code maskGeneration}: the masking it got.
     */
    private record HeldGrab(long mono, long wall, int monitor, Monitor geometry, BufferedImage image, long content,
                            long epoch, long maskGeneration) {}

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
    private long lastStoredContent = -1;
    /** The pixels of the last stored frame (held out of the pool), to compare a commit with; null after running out of memory. */
    private BufferedImage lastStoredImage;
    private long contentCounter;
    private String lastStoredId;
    private int lastStoredMonitor = -1;
    private long lastKeyframeCheck;
    private final AtomicLong unchanged = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong grabs = new AtomicLong();
    private final AtomicLong grabNanos = new AtomicLong();
    private final AtomicLong outOfMemory = new AtomicLong();
    private final AtomicLong skippedUndamaged = new AtomicLong();
    private final AtomicLong skipChecks = new AtomicLong();
    private final AtomicLong skipCheckNanos = new AtomicLong();
    private final AtomicLong compares = new AtomicLong();
    private final AtomicLong compareNanos = new AtomicLong();

    // the damage source and what it told, screen thread only (see the class comment)
    private volatile Supplier<ScreenDamage.Region> damage;
    /** Per monitor index: the latest grab (read from the screen or held again) whose pixels are still the screen's, or null. */
    private final HeldGrab[] latest;
    /** Per monitor index: something was drawn on it since {@code latest} was read from the screen. */
    private final boolean[] dirty;
    private final GrabImagePool pool = new GrabImagePool(POOL_FREE_PER_SIZE);

    FrameCapture(ScreenGrabber grabber, List<Monitor> monitors, FrameStore store, Clock clock, EventQueue out,
                 BooleanSupplier allowed) {
        this.grabber = grabber;
        this.monitors = monitors;
        this.store = store;
        this.clock = clock;
        this.out = out;
        this.allowed = allowed;
        this.latest = new HeldGrab[monitors.size()];
        this.dirty = new boolean[monitors.size()];
        Arrays.fill(dirty, true);
    }

    /**
     * Where the screen's damage comes from ({@link ScreenDamage#take}), or null (every grab reads
     * the screen). Set before the screen thread starts, with a source that began tracking before
     * the first grab: a grab is held again only when the source saw everything drawn since it.
     */
    void damage(Supplier<ScreenDamage.Region> source) {
        damage = source;
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
                Arrays.fill(latest, null);
                Arrays.fill(dirty, true);
                lastStoredImage = null;
                pool.clear();
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
            if (g != null && (g.content() != lastStoredContent || g.monitor() != lastStoredMonitor)) commit(g, FrameReason.KEYFRAME);
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

        /** A mask generation that stands for "cannot tell": the screen is read. */
        long UNKNOWN_MASK = Long.MIN_VALUE;

        /**
         * The generation of the masking the last successful {@link #prepare} applied (same thread),
         * or {@link #UNKNOWN_MASK}.
         */
        default long preparedGeneration() {
            return UNKNOWN_MASK;
        }

        /**
         * The generation of the masking a grab taken now would get: equal to an earlier
         * {@link #preparedGeneration} only if that masking would fill exactly the same pixels of
         * the same monitor; it moves whenever the masked rectangles or the verdicts may have
         * changed. {@link #UNKNOWN_MASK} when it cannot tell (the default).
         */
        default long maskGeneration() {
            return UNKNOWN_MASK;
        }
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
        FramePolicy fp = framePolicy;
        HeldGrab again = heldAgainIfUndamaged(monitor, epochAtGrab, fp);
        if (again != null) {
            hold(again);
            return again;
        }
        // Read from the screen: what this monitor showed so far no longer counts as its latest grab.
        HeldGrab previous = latest[monitor];
        latest[monitor] = null;
        dirty[monitor] = false; // drawing from here on is in the next answer of the damage source
        if (previous != null) release(previous.image());
        Monitor m = monitors.get(monitor);
        BufferedImage into = pool.take(m.width(), m.height());
        long t0 = clock.mono();
        ScreenGrab raw;
        try {
            raw = grabber.grab(monitor, into);
        } catch (RuntimeException | Error e) {
            release(into);
            throw e;
        }
        grabNanos.addAndGet(clock.mono() - t0);
        grabs.incrementAndGet();
        if (into != null && raw.image() != into) release(into); // the grabber made its own
        if (fp != null && !fp.prepare(raw)) {
            release(raw.image());
            return null;
        }
        long maskGeneration = fp == null ? 0 : fp.preparedGeneration();
        HeldGrab g = new HeldGrab(raw.mono(), raw.wall(), monitor, raw.monitor(), raw.image(), ++contentCounter,
                epochAtGrab, maskGeneration);
        if (damage != null) latest[monitor] = g;
        hold(g);
        return g;
    }

    /**
     * The latest grab of {@code monitor} held again under the time now, when nothing was drawn on
     * the monitor since it was read from the screen and a grab now would be masked the same; else
     * null (the caller reads the screen). Asks the damage source, and notes what it says for every
     * monitor.
     */
    private HeldGrab heldAgainIfUndamaged(int monitor, long epoch, FramePolicy fp) {
        Supplier<ScreenDamage.Region> source = damage;
        if (source == null) return null;
        long mono = clock.mono(); // the screen is known unchanged up to the ask, which comes after
        long wall = clock.wall();
        long t0 = System.nanoTime();
        try {
            ScreenDamage.Region r;
            try {
                r = source.get();
            } catch (RuntimeException e) {
                Diagnostics.warnOnce("damage", "screen damage unknown, grabbing every time: " + e.getMessage());
                damage = null;
                Arrays.fill(latest, null);
                return null;
            }
            if (r == null) r = ScreenDamage.Region.EVERYTHING;
            for (int i = 0; i < dirty.length; i++) if (r.touches(monitors.get(i))) dirty[i] = true;
            HeldGrab last = latest[monitor];
            if (last == null || dirty[monitor] || r.touches(last.geometry())) return null;
            List<Monitor> now = grabber.monitors();
            if (monitor >= now.size() || !now.get(monitor).equals(last.geometry())) return null;
            if (last.epoch() != epoch) return null;
            long gen = fp == null ? 0 : fp.maskGeneration();
            if (gen == FramePolicy.UNKNOWN_MASK || gen != last.maskGeneration()) return null;
            skippedUndamaged.incrementAndGet();
            return new HeldGrab(mono, wall, monitor, last.geometry(), last.image(), last.content(), epoch, gen);
        } finally {
            skipChecks.incrementAndGet();
            skipCheckNanos.addAndGet(System.nanoTime() - t0);
        }
    }

    /** Puts a grab in the ring (the oldest leaves it) and makes it the latest of its monitor. */
    private void hold(HeldGrab g) {
        if (latest[g.monitor()] != null) latest[g.monitor()] = g;
        HeldGrab out = ring.size() == RING ? ring.removeFirst() : null;
        ring.addLast(g);
        if (out != null) release(out.image());
        lastGrabMono = g.mono();
    }

    /** Hands {@code img} back to the pool unless something still holds it. */
    private void release(BufferedImage img) {
        if (img == null || img == lastStoredImage) return;
        for (HeldGrab g : ring) if (g.image() == img) return;
        for (HeldGrab g : latest) if (g != null && g.image() == img) return;
        pool.give(img);
    }

    /** The images held now: the ring's, the latest grabs', the last stored frame's (for tests). */
    java.util.Set<BufferedImage> heldImages() {
        java.util.Set<BufferedImage> s = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (HeldGrab g : ring) s.add(g.image());
        for (HeldGrab g : latest) if (g != null) s.add(g.image());
        if (lastStoredImage != null) s.add(lastStoredImage);
        return s;
    }

    private void commit(HeldGrab g, FrameReason reason) {
        if (g == null) return;
        if (!allowed.getAsBoolean() || g.epoch() != privacyEpoch.getAsLong()) {
            withheld.incrementAndGet(); // withheld now, or grabbed before capture was last withheld
            return;
        }
        String id;
        if (lastStoredId != null && g.monitor() == lastStoredMonitor
                && (g.content() == lastStoredContent || samePixels(g.image(), lastStoredImage))) {
            // Same pixels as the last stored frame: no hashing, no encoding, no bytes.
            id = lastStoredId;
            unchanged.incrementAndGet();
        } else {
            id = store.put(g.image());
            stored.incrementAndGet();
            FramePolicy fp = framePolicy;
            if (fp != null) fp.stored(id, g.monitor());
            lastStoredMonitor = g.monitor();
            lastStoredId = id;
        }
        lastStoredContent = g.content();
        BufferedImage before = lastStoredImage;
        lastStoredImage = g.image();
        if (before != g.image()) release(before);
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

    /** Grabs not read from the screen: nothing drawn on the monitor since its latest grab, masking unchanged. */
    long grabsSkippedUndamaged() {
        return skippedUndamaged.get();
    }

    /** Times a grab asked the damage source (and, when undamaged, the masking), and the time it took in all. */
    long skipChecks() {
        return skipChecks.get();
    }

    long skipCheckNanos() {
        return skipCheckNanos.get();
    }

    /** Commits whose pixels were compared with the last stored frame's, and the time it took in all. */
    long compares() {
        return compares.get();
    }

    long compareNanos() {
        return compareNanos.get();
    }

    /** Grabs that overwrote a pooled image, and grabs that could not (a new image). */
    long imagesReused() {
        return pool.reused();
    }

    long imagesAllocated() {
        return pool.allocated();
    }

    /** Exactly the same pixels (same size); false when either is null. */
    private boolean samePixels(BufferedImage a, BufferedImage b) {
        if (a == null || b == null) return false;
        if (a == b) return true;
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) return false;
        long t0 = System.nanoTime();
        boolean same = Arrays.equals(pixels(a), pixels(b));
        compares.incrementAndGet();
        compareNanos.addAndGet(System.nanoTime() - t0);
        return same;
    }

    private static int[] pixels(BufferedImage img) {
        return ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    }
}
