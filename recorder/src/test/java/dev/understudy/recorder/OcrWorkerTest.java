package dev.understudy.recorder;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.model.Rect;
import dev.understudy.privacy.gate.SecretMemory;
import dev.understudy.privacy.redact.TextRedactor;
import dev.understudy.privacy.screen.RedactionLog;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import dev.understudy.privacy.screen.ChildWordReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCR worker without an X server: frames wait while the worker types (no input for 5 s
 * first), are read once idle, and what is queued at the end is drained; Tesseract runs in a child
 * process that is closed when idle, and whose failures cost a frame, not the worker. Uses the real
 * Tesseract (installed by ./understudy test).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OcrWorkerTest {
    @TempDir
    Path session;

    static BufferedImage textFrame(String text) {
        BufferedImage img = new BufferedImage(900, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 900, 200);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 28));
        g.drawString(text, 30, 100);
        g.dispose();
        return img;
    }

    @Test
    void framesWaitWhileTheWorkerIsBusyAndAreReadOnceIdle() throws Exception {
        BufferedImage frame = textFrame("Send the invoice to jane.doe@example.com today");
        AtomicLong idleMillis = new AtomicLong(0); // typing now
        AtomicInteger idleAsked = new AtomicInteger();
        OcrWorker w = new OcrWorker(session, TextRedactor.defaults(), () -> {
            idleAsked.incrementAndGet();
            return idleMillis.get();
        }, new SecretMemory(), id -> frame, new dev.understudy.capture.Clock()).batching(1, 0); // this test is about idleness
        RecorderRuntime rt = new RecorderRuntime(new dev.understudy.capture.Clock(), m -> fail("unexpected report: " + m));
        rt.add(RecorderRuntime.thread("understudy-ocr", w::loop, () -> w.drainAndStop(10_000)), RecorderRuntime.OnDeath.RESTART).start();
        w.submit(new ScreenPrivacy.StoredFrame("a".repeat(40), 0));
        await().atMost(Duration.ofSeconds(20)).until(() -> idleAsked.get() >= 3); // it is waiting for the worker to pause
        assertEquals(0, w.processed(), "no OCR while the worker types");
        idleMillis.set(OcrWorker.IDLE_MS);
        await().atMost(Duration.ofSeconds(60)).until(() -> w.processed() == 1);
        Map<String, List<Rect>> log = RedactionLog.read(session);
        assertFalse(log.get("a".repeat(40)).isEmpty(), "the e-mail address on screen has a box to fill: " + log);
        assertEquals(List.of(), rt.stop(15_000_000_000L));
    }

    @Test
    void whatIsQueuedAtTheEndIsDrainedEvenWhileBusy() throws Exception {
        BufferedImage frame = textFrame("Call +1 415 555 0134 about the account");
        OcrWorker w = new OcrWorker(session, TextRedactor.defaults(), () -> 0L, new SecretMemory(), id -> frame,
                new dev.understudy.capture.Clock());
        RecorderRuntime rt = new RecorderRuntime(new dev.understudy.capture.Clock(), m -> fail("unexpected report: " + m));
        rt.add(RecorderRuntime.thread("understudy-ocr", w::loop, () -> w.drainAndStop(30_000)), RecorderRuntime.OnDeath.RESTART).start();
        w.submit(new ScreenPrivacy.StoredFrame("b".repeat(40), 0));
        w.submit(new ScreenPrivacy.StoredFrame("c".repeat(40), 0));
        assertEquals(List.of(), rt.stop(40_000_000_000L), "stopped within the deadline");
        assertEquals(2, w.processed());
        assertEquals(0, w.pending());
    }

    /** The session clock, moved by the test. */
    static final class MovableClock extends dev.understudy.capture.Clock {
        final AtomicLong offset = new AtomicLong();

        @Override
        public long mono() {
            return super.mono() + offset.get();
        }
    }

    static boolean tesseractMappedHere() throws Exception {
        return Files.readString(Path.of("/proc/self/maps")).contains("libtesseract");
    }

    @Test
    void tesseractRunsInAChildThatIsClosedOnceIdle() throws Exception {
        BufferedImage frame = textFrame("Send the invoice to jane.doe@example.com today");
        BufferedImage next = textFrame("Call +1 415 555 0134 about the account"); // changed: read again
        MovableClock clock = new MovableClock();
        OcrWorker w = new OcrWorker(session, TextRedactor.defaults(), () -> OcrWorker.IDLE_MS, new SecretMemory(),
                id -> id.startsWith("d") ? frame : next, clock, ChildWordReader.ofThisJvm(), 30_000);
        RecorderRuntime rt = new RecorderRuntime(new dev.understudy.capture.Clock(), m -> fail("unexpected report: " + m));
        rt.add(RecorderRuntime.thread("understudy-ocr", w::loop, () -> w.drainAndStop(10_000)), RecorderRuntime.OnDeath.RESTART).start();
        assertTrue(w.childProcess().isEmpty(), "no child before there is a frame to read");
        w.submit(new ScreenPrivacy.StoredFrame("d".repeat(40), 0));
        await().atMost(Duration.ofSeconds(60)).until(() -> w.processed() == 1);
        assertFalse(RedactionLog.read(session).get("d".repeat(40)).isEmpty(), "the e-mail address was found");
        ProcessHandle child = w.childProcess().orElseThrow(() -> new AssertionError("the child stays open for the next frame"));
        assertTrue(Files.readString(Path.of("/proc", Long.toString(child.pid()), "maps")).contains("libtesseract"), "Tesseract is in the child");
        assertFalse(tesseractMappedHere(), "no libtesseract in the recorder's process");
        assertTrue(w.stats().contains(" ocrChildStarts=1"), w.stats());

        clock.offset.addAndGet(30_000_000_000L); // no frame for the idle-close delay
        child.onExit().get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> w.childProcess().isEmpty());

        w.submit(new ScreenPrivacy.StoredFrame("e".repeat(40), 0));
        await().atMost(Duration.ofSeconds(60)).until(() -> w.processed() == 2);
        ProcessHandle second = w.childProcess().orElseThrow();
        assertNotEquals(child.pid(), second.pid(), "a fresh child for the next frame");
        assertTrue(w.stats().contains(" ocrChildStarts=2"), w.stats());
        assertEquals(List.of(), rt.stop(15_000_000_000L));
        second.onExit().get(10, TimeUnit.SECONDS); // closed when the worker stops
        assertFalse(tesseractMappedHere());
    }

    @Test
    void aChildThatDiesMidFrameLeavesThatFrameUncheckedAndTheNextGetsAFreshChild() throws Exception {
        BufferedImage frame = textFrame("Call +1 415 555 0134 about the account");
        ChildWordReader dying = new ChildWordReader(ChildWordReader.jvmCommand(ChildWordReader.javaBinary(),
                System.getProperty("java.class.path"), DiesOnFirstFrameOcrMain.class.getName(),
                "-Dunderstudy.test.marker=" + session.resolve("died")), 60_000);
        OcrWorker w = new OcrWorker(session, TextRedactor.defaults(), () -> OcrWorker.IDLE_MS, new SecretMemory(), id -> frame,
                new dev.understudy.capture.Clock(), dying, 30_000);
        RecorderRuntime rt = new RecorderRuntime(new dev.understudy.capture.Clock(), m -> fail("unexpected report: " + m));
        rt.add(RecorderRuntime.thread("understudy-ocr", w::loop, () -> w.drainAndStop(10_000)), RecorderRuntime.OnDeath.RESTART).start();
        w.submit(new ScreenPrivacy.StoredFrame("f".repeat(40), 0));
        w.submit(new ScreenPrivacy.StoredFrame("g".repeat(40), 0));
        await().atMost(Duration.ofSeconds(60)).until(() -> w.processed() == 1);
        Map<String, List<Rect>> log = RedactionLog.read(session);
        assertNull(log.get("f".repeat(40)), "the frame its child died on stays unchecked (the export checks it)");
        assertFalse(log.get("g".repeat(40)).isEmpty(), "the next frame is read by a fresh child: " + log);
        assertTrue(w.stats().contains(" ocrChildStarts=2 ocrChildFailures=1"), w.stats());
        assertEquals(Map.of("understudy-ocr", true), rt.alive(), "the worker goes on");
        assertEquals(List.of(), rt.stop(15_000_000_000L));
    }

    @Test
    @Order(1) // first: the warning is printed once per process
    void aChildThatCannotStartGivesOneWarningAndNoException() throws Exception {
        BufferedImage frame = textFrame("Send the invoice to jane.doe@example.com today");
        ChildWordReader bogus = new ChildWordReader(ChildWordReader.jvmCommand("/nonexistent/bin/java",
                System.getProperty("java.class.path"), "dev.understudy.privacy.screen.OcrWordsMain"), 60_000);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            OcrWorker w = new OcrWorker(session, TextRedactor.defaults(), () -> OcrWorker.IDLE_MS, new SecretMemory(), id -> frame,
                    new dev.understudy.capture.Clock(), bogus, 30_000);
            RecorderRuntime rt = new RecorderRuntime(new dev.understudy.capture.Clock(), m -> fail("unexpected report: " + m));
            rt.add(RecorderRuntime.thread("understudy-ocr", w::loop, () -> w.drainAndStop(10_000)), RecorderRuntime.OnDeath.RESTART).start();
            w.submit(new ScreenPrivacy.StoredFrame("h".repeat(40), 0));
            w.submit(new ScreenPrivacy.StoredFrame("i".repeat(40), 0));
            await().atMost(Duration.ofSeconds(30)).until(() -> w.pending() == 0 && captured.size() > 0);
            assertEquals(List.of(), rt.stop(15_000_000_000L), "the worker ran on and stopped when asked");
            assertEquals(0, w.processed());
            assertEquals(Map.of(), RedactionLog.read(session), "frames left unchecked: the export checks them");
            assertTrue(w.stats().contains(" ocrChildStarts=0"), w.stats());
        } finally {
            System.setErr(err);
        }
        assertEquals("understudy: warning: screenshot OCR unavailable, frames are checked at export instead: "
                + "cannot start the OCR process: no java binary at /nonexistent/bin/java\n", captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aChildIsStartedForABatchOfFramesNotForEachOne() throws Exception {
        MovableClock clock = new MovableClock();
        // each frame shows other words, so each one is read (an unchanged frame needs no OCR at all)
        OcrWorker w = new OcrWorker(session, TextRedactor.defaults(), () -> OcrWorker.IDLE_MS, new SecretMemory(),
                id -> textFrame("Frame " + id.charAt(0) + " goes to jane.doe@example.com"), clock, ChildWordReader.ofThisJvm(), 30_000)
                .batching(3, 120_000);
        RecorderRuntime rt = new RecorderRuntime(new dev.understudy.capture.Clock(), m -> fail("unexpected report: " + m));
        rt.add(RecorderRuntime.thread("understudy-ocr", w::loop, () -> w.drainAndStop(10_000)), RecorderRuntime.OnDeath.RESTART).start();
        w.submit(new ScreenPrivacy.StoredFrame("j".repeat(40), 0));
        w.submit(new ScreenPrivacy.StoredFrame("k".repeat(40), 0));
        // two frames are not worth a child's start: nothing runs for them (watched for 2 s)
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> w.childProcess().isEmpty() && w.processed() == 0);
        w.submit(new ScreenPrivacy.StoredFrame("l".repeat(40), 0)); // the third makes a batch
        await().atMost(Duration.ofSeconds(90)).until(() -> w.processed() == 3);
        assertTrue(w.stats().contains(" ocrChildStarts=1"), "one child for the batch: " + w.stats());

        clock.offset.addAndGet(30_000_000_000L); // the child is closed once idle
        await().atMost(Duration.ofSeconds(10)).until(() -> w.childProcess().isEmpty());
        w.submit(new ScreenPrivacy.StoredFrame("m".repeat(40), 0));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> w.processed() == 3);
        clock.offset.addAndGet(120_000_000_000L); // a lone frame is read once it has waited the batch time
        await().atMost(Duration.ofSeconds(60)).until(() -> w.processed() == 4);
        assertTrue(w.stats().contains(" ocrChildStarts=2"), w.stats());
        assertEquals(List.of(), rt.stop(15_000_000_000L));
    }
}
