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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCR worker without an X server: frames wait while the worker types (no input for 5 s
 * first), are read once idle, and what is queued at the end is drained. Uses the real Tesseract
 * (installed by ./understudy test).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
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
        }, new SecretMemory(), id -> frame, new dev.understudy.capture.Clock());
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
}
