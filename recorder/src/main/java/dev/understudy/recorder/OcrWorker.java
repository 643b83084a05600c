package dev.understudy.recorder;

import dev.understudy.model.Rect;
import dev.understudy.privacy.redact.TextRedactor;
import dev.understudy.privacy.screen.IncrementalOcr;
import dev.understudy.privacy.screen.OcrRedactor;
import dev.understudy.privacy.screen.RedactionLog;
import java.awt.image.BufferedImage;
import java.io.IOException;
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
 */
final class OcrWorker implements AutoCloseable {
    static final long IDLE_MS = 5000;
    static final int QUEUE = 32;

    private final Path sessionDir;
    private final TextRedactor redactor;
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
    private volatile boolean stopping;
    /** Until when (clock mono) the queue is worked through, idle or not, once stopping; MIN_VALUE: not draining. */
    private volatile long drainUntil = Long.MIN_VALUE;
    /** Whether {@link #loop} runs now; guarded by itself, notified when the loop ends. */
    private final Object looping = new Object();
    private boolean inLoop;
    private OcrRedactor ocr;
    private boolean unavailable;
    /** The thread running {@link #loop} (the runtime makes it; a new one after a restart). */
    private volatile Thread runner;

    private final dev.understudy.privacy.gate.SecretMemory secrets;
    private final dev.understudy.capture.Clock clock;

    /**
     * @param frames reads a stored frame back by id (the queue keeps ids, not 4-MB images: a busy
     *               worker who never idles would otherwise keep 32 frames of pixels in memory)
     */
    OcrWorker(Path sessionDir, TextRedactor redactor, LongSupplier idleMillis, dev.understudy.privacy.gate.SecretMemory secrets,
              Function<String, BufferedImage> frames, dev.understudy.capture.Clock clock) {
        this.clock = clock;
        this.secrets = secrets;
        this.frames = frames;
        this.sessionDir = sessionDir;
        this.redactor = redactor;
        this.idleMillis = idleMillis;
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
                f = queue.poll(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (f == null) {
                if (draining()) return;
                continue;
            }
            try {
                while (!stopping && (idleMillis.getAsLong() < IDLE_MS || onBattery())) Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            if (stopping && !draining()) return;
            try {
                process(f);
            } catch (OutOfMemoryError e) {
                // a frame's OCR needs a few MiB at once (tess4j copies the image twice); when the
                // recorder's small heap has not got them now, the frame stays unchecked (exports check
                // it or refuse it) and the worker goes on with the next, instead of dying
                outOfMemory.incrementAndGet();
                Diagnostics.warnOnce("ocr-memory", "a frame could not be checked for text now (out of memory): the export checks it");
            }
        }
    }

    private void process(ScreenPrivacy.StoredFrame f) {
        if (done.contains(f.id()) || unavailable) return;
        if (ocr == null) {
            try {
                ocr = OcrRedactor.create(redactor).withSecrets(secrets);
            } catch (RuntimeException e) {
                unavailable = true;
                Diagnostics.warnOnce("ocr", "screenshot OCR unavailable, frames are checked at export instead: " + e.getMessage());
                return;
            }
        }
        long t0 = clock.mono();
        BufferedImage image;
        try {
            image = frames.apply(f.id());
        } catch (RuntimeException e) {
            // left unchecked: exports check it or refuse it
            Diagnostics.warnOnce("ocr-read", "cannot read a stored frame back for OCR: " + e.getMessage());
            return;
        }
        List<Rect> boxes = byMonitor.computeIfAbsent(f.monitor(), m -> new IncrementalOcr(ocr)).find(image);
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
    }

    @Override
    public void close() {
        stopping = true;
        Thread t = runner;
        if (t != null) t.interrupt();
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
