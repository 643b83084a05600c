package dev.understudy.recorder;

import dev.understudy.model.Rect;
import dev.understudy.privacy.redact.TextRedactor;
import dev.understudy.privacy.screen.ChildWordReader;
import dev.understudy.privacy.screen.IncrementalOcr;
import dev.understudy.privacy.screen.OcrRedactor;
import dev.understudy.privacy.screen.OcrUnavailableException;
import dev.understudy.privacy.screen.RedactionLog;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Screenshot redaction off the capture path: stored frames queue here, and one background thread
 * reads them with OCR ({@link IncrementalOcr}) while the worker is idle (no input for
 * {@value #IDLE_MS} ms) and the machine is not running on battery, then records the boxes to fill
 * in the session's {@link RedactionLog}. Frames it could not get to (queue full, on battery, the
 * recording ended) stay unchecked: exports check them or refuse them, so no frame leaves the
 * spool unredacted.
 *
 * <p>Tesseract itself runs in a child process ({@link ChildWordReader}): libtesseract and its model
 * never enter the recorder's memory. The child gets a frame's pixels and answers with words and
 * boxes; lines, the redactor and the secrets typed in this recording stay here. It is started for
 * the first frame to read, closed once no frame came for {@code idleCloseMillis} (default
 * {@value #IDLE_CLOSE_MS} ms) and when the worker stops. A frame whose child died or hung stays
 * unchecked and the next frame gets a fresh child; after {@value #MAX_FAILURES} such failures in
 * a row the worker gives up (one warning), as it does when the child cannot start at all.
 */
final class OcrWorker implements AutoCloseable {
    static final long IDLE_MS = 5000;
    static final int QUEUE = 32;
    /** The OCR child is closed once no frame was read for this long. */
    static final long IDLE_CLOSE_MS = 30_000;
    /** Child failures in a row after which OCR stops for this recording. */
    static final int MAX_FAILURES = 3;
    /**
     * A child costs about a second of CPU to start (a JVM, then Tesseract's model): one is started
     * for this many waiting frames, or once the oldest has waited {@value #BATCH_WAIT_MS} ms, not
     * for every frame of a quiet desktop (with 8 frames or 2 minutes, the child's starts were most
     * of an idle recorder's CPU: 1.1 % of a core against 0.45 % for the recorder's own threads).
     * Frames wait in the store meanwhile (uploads and exports check any that OCR did not reach).
     */
    static final int BATCH_FRAMES = 16;
    static final long BATCH_WAIT_MS = 15 * 60_000;
    /** The longest the worker sleeps between looks at the person's idleness, the battery and the batch. */
    static final long WAIT_STEP_MS = 500;

    private final Path sessionDir;
    private final LongSupplier idleMillis;
    /** Frames waiting for OCR, by id: their pixels are read back from the store when their turn comes. */
    private final ArrayBlockingQueue<ScreenPrivacy.StoredFrame> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Function<String, BufferedImage> frames;
    private final Set<String> done = new HashSet<>();
    private final Map<Integer, IncrementalOcr> byMonitor = new HashMap<>();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    /** Frames left unchecked because the heap had no room for their OCR at the time. */
    private final AtomicLong outOfMemory = new AtomicLong();
    /** Frames left unchecked because the OCR child died or hung on them. */
    private final AtomicLong failed = new AtomicLong();
    private int failuresInARow;
    private volatile boolean stopping;
    /** Until when (clock mono) the queue is worked through, idle or not, once stopping; MIN_VALUE: not draining. */
    private volatile long drainUntil = Long.MIN_VALUE;
    /** Whether {@link #loop} runs now; guarded by itself, notified when the loop ends. */
    private final Object looping = new Object();
    private boolean inLoop;
    private final ChildWordReader reader;
    private final OcrRedactor ocr;
    private final long idleCloseNanos;
    /** When (clock mono) the child last answered, while one may be open; MIN_VALUE: none open. */
    private long childUsedAt = Long.MIN_VALUE;
    private volatile boolean unavailable;
    /** The thread running {@link #loop} (the runtime makes it; a new one after a restart). */
    private volatile Thread runner;

    private final dev.understudy.capture.Clock clock;

    /**
     * @param frames reads a stored frame back by id (the queue keeps ids, not 4-MB images: a busy
     *               worker who never idles would otherwise keep 32 frames of pixels in memory)
     */
    OcrWorker(Path sessionDir, TextRedactor redactor, LongSupplier idleMillis, dev.understudy.privacy.gate.SecretMemory secrets,
              Function<String, BufferedImage> frames, dev.understudy.capture.Clock clock) {
        this(sessionDir, redactor, idleMillis, secrets, frames, clock, ChildWordReader.ofThisJvm(), IDLE_CLOSE_MS);
        batching(BATCH_FRAMES, BATCH_WAIT_MS);
    }

    /**
     * @param reader the OCR child (started when a frame is read, closed by this worker)
     * @param idleCloseMillis the child is closed once no frame was read for this long (session clock)
     */
    OcrWorker(Path sessionDir, TextRedactor redactor, LongSupplier idleMillis, dev.understudy.privacy.gate.SecretMemory secrets,
              Function<String, BufferedImage> frames, dev.understudy.capture.Clock clock, ChildWordReader reader, long idleCloseMillis) {
        this.clock = clock;
        this.frames = frames;
        this.sessionDir = sessionDir;
        this.idleMillis = idleMillis;
        this.reader = reader;
        this.ocr = OcrRedactor.on(reader, redactor).withSecrets(secrets);
        this.idleCloseNanos = idleCloseMillis * 1_000_000L;
    }

    private int batchFrames = 1;
    private long batchWaitNanos;

    /**
     * Starts a child only for {@code frames} waiting frames, or once the oldest has waited {@code
     * waitMillis} (session clock); 1: for every frame (the default of this constructor; the
     * recorder's uses {@link #BATCH_FRAMES} and {@link #BATCH_WAIT_MS}). Before {@link #loop}.
     */
    OcrWorker batching(int frames, long waitMillis) {
        this.batchFrames = Math.max(1, frames);
        this.batchWaitNanos = waitMillis * 1_000_000L;
        return this;
    }

    /** Called by the screen thread: never blocks. */
    void submit(ScreenPrivacy.StoredFrame f) {
        if (!queue.offer(f)) skipped.incrementAndGet();
    }

    /**
     * The worker's loop, run on a thread the recorder's {@link RecorderRuntime} owns (named
     * "understudy-ocr", lowest priority); returns once stopped ({@link #drainAndStop}, {@link #close}).
     */
    void loop() {
        runner = Thread.currentThread();
        runner.setPriority(Thread.MIN_PRIORITY);
        synchronized (looping) {
            inLoop = true;
        }
        try {
            work();
        } finally {
            closeChild();
            synchronized (looping) {
                inLoop = false;
                looping.notifyAll();
            }
        }
    }

    private boolean draining() {
        return clock.mono() < drainUntil;
    }

    private void work() {
        while (!stopping || draining()) {
            ScreenPrivacy.StoredFrame f;
            try {
                // a second between looks while no child is open: a quiet desktop wakes this thread rarely
                f = queue.poll(childUsedAt == Long.MIN_VALUE && !stopping ? 1000 : 250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (f == null) {
                if (draining()) return;
                closeChildIfIdle();
                continue;
            }
            try {
                long heldSince = clock.mono();
                long waitMs;
                while (!stopping && (waitMs = waitBeforeReading(heldSince)) > 0) {
                    closeChildIfIdle();
                    Thread.sleep(Math.max(50, Math.min(WAIT_STEP_MS, waitMs)));
                }
            } catch (InterruptedException e) {
                return;
            }
            if (stopping && !draining()) return;
            try {
                process(f);
            } catch (OutOfMemoryError e) {
                // a frame's OCR needs a few MiB at once here (the frame read back, its pixels as an
                // array, a band's copy); when the recorder's small heap has not got them now, the frame
                // stays unchecked (exports check it or refuse it) and the worker goes on with the next,
                // instead of dying
                outOfMemory.incrementAndGet();
                Diagnostics.warnOnce("ocr-memory", "a frame could not be checked for text now (out of memory): the export checks it");
            }
        }
    }

    /**
     * How long to wait before reading the frame held since {@code heldSince}; 0: read it now. The
     * person must be idle for {@value #IDLE_MS} ms (the wait is the earliest that can be, not a
     * poll ten times a second), the machine on mains power, and a child open already or a batch
     * worth starting one ({@link #batching}).
     */
    private long waitBeforeReading(long heldSince) {
        long idle = idleMillis.getAsLong();
        if (idle < IDLE_MS) return IDLE_MS - idle;
        if (onBattery()) return WAIT_STEP_MS;
        boolean childOpen = childUsedAt != Long.MIN_VALUE;
        long waited = clock.mono() - heldSince;
        if (!childOpen && !draining() && queue.size() + 1 < batchFrames && waited < batchWaitNanos) {
            return Math.max(1, (batchWaitNanos - waited) / 1_000_000L);
        }
        return 0;
    }

    /** Closes the OCR child once it has not been used for the idle-close delay. */
    private void closeChildIfIdle() {
        if (childUsedAt != Long.MIN_VALUE && clock.mono() - childUsedAt >= idleCloseNanos) closeChild();
    }

    private void closeChild() {
        childUsedAt = Long.MIN_VALUE;
        reader.close();
    }

    private void process(ScreenPrivacy.StoredFrame f) {
        if (done.contains(f.id()) || unavailable) return;
        long t0 = clock.mono();
        BufferedImage image;
        try {
            image = frames.apply(f.id());
        } catch (RuntimeException e) {
            // left unchecked: exports check it or refuse it
            Diagnostics.warnOnce("ocr-read", "cannot read a stored frame back for OCR: " + e.getMessage());
            return;
        }
        List<Rect> boxes;
        try {
            boxes = byMonitor.computeIfAbsent(f.monitor(), m -> new IncrementalOcr(ocr)).find(image);
        } catch (OcrUnavailableException e) {
            unavailable = true;
            closeChild();
            Diagnostics.warnOnce("ocr", "screenshot OCR unavailable, frames are checked at export instead: " + e.getMessage());
            return;
        } catch (UncheckedIOException e) {
            // the child died or hung on this frame (it is gone): the frame stays unchecked, the next gets a fresh child
            childUsedAt = Long.MIN_VALUE;
            if (stopping && !draining()) return; // ended by drainAndStop at its deadline
            failed.incrementAndGet();
            if (++failuresInARow >= MAX_FAILURES) {
                unavailable = true;
                Diagnostics.warnOnce("ocr", "screenshot OCR stopped after " + failuresInARow + " failures in a row, frames are checked at export "
                        + "instead: " + e.getMessage());
            } else {
                Diagnostics.warnOnce("ocr-child", "a frame could not be checked for text now (" + e.getMessage() + "): the export checks it");
            }
            return;
        }
        failuresInARow = 0;
        childUsedAt = clock.mono();
        RedactionLog.append(sessionDir, f.id(), "ocr", boxes);
        done.add(f.id());
        nanos.addAndGet(clock.mono() - t0);
        processed.incrementAndGet();
    }

    /** Processes what is queued, idle or not, for at most {@code maxMillis}; then stops. */
    void drainAndStop(long maxMillis) {
        long ms = Math.max(1, maxMillis);
        // a deadline, not a flag reset after the wait: a loop that had not begun yet still drains
        drainUntil = clock.mono() + ms * 1_000_000L;
        stopping = true;
        long end = System.nanoTime() + ms * 1_000_000L; // a real wait, whatever the session clock says
        synchronized (looping) {
            try {
                long left;
                while (inLoop && (left = end - System.nanoTime()) > 0) looping.wait(Math.max(1, left / 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // a frame still being read at the deadline: its child is closed, so the loop returns now
        reader.close();
    }

    @Override
    public void close() {
        stopping = true;
        Thread t = runner;
        if (t != null) t.interrupt();
        reader.close();
    }

    /** The OCR child's process while one runs (tests). */
    java.util.Optional<ProcessHandle> childProcess() {
        return reader.process();
    }

    long processed() {
        return processed.get();
    }

    long pending() {
        return queue.size() + skipped.get();
    }

    String stats() {
        long n = processed.get();
        return "ocrFrames=" + n + " ocrAvgMs=" + (n == 0 ? 0 : nanos.get() / n / 1_000_000) + " ocrPending=" + pending()
                + " ocrChildStarts=" + reader.starts() + (failed.get() == 0 ? "" : " ocrChildFailures=" + failed.get())
                + (outOfMemory.get() == 0 ? "" : " ocrOutOfMemory=" + outOfMemory.get());
    }

    /** True when a battery reports discharging (no AC): heavy OCR waits. */
    static boolean onBattery() {
        Path ps = Path.of("/sys/class/power_supply");
        if (!Files.isDirectory(ps)) return false;
        try (Stream<Path> s = Files.list(ps)) {
            for (Path p : s.toList()) {
                try {
                    if (Files.readString(p.resolve("type")).strip().equals("Battery")
                            && Files.readString(p.resolve("status")).strip().equalsIgnoreCase("Discharging")) {
                        return true;
                    }
                } catch (IOException e) {
                    // not a battery we can read
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
