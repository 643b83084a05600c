package dev.understudy.privacy.screen;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.understudy.model.Rect;
import dev.understudy.privacy.gate.SecretMemory;
import dev.understudy.privacy.redact.TextRedactor;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tesseract in a child process ({@link ChildWordReader}, {@link OcrWordsMain}) with the real
 * Tesseract: the same words as in this process, the redaction stays here, and a child that dies,
 * hangs or cannot start costs one frame or one line, never an exception out of the protocol.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChildWordReaderTest {
    static final String LINE = "alice@example.com 4111 1111 1111 1111";

    @TempDir
    Path tmp;

    @BeforeAll
    static void tesseract() {
        assumeTrue(OcrRedactor.tessdata() != null, "no Tesseract English data");
    }

    static BufferedImage frame(String... lines) {
        BufferedImage img = new BufferedImage(900, 80 + 60 * lines.length, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 28));
        for (int i = 0; i < lines.length; i++) g.drawString(lines[i], 30, 70 + 60 * i);
        g.dispose();
        return img;
    }

    static ChildWordReader child(String mainClass, long timeoutMillis, String... options) {
        return new ChildWordReader(ChildWordReader.jvmCommand(ChildWordReader.javaBinary(), System.getProperty("java.class.path"),
                mainClass, options), timeoutMillis);
    }

    static List<String> texts(List<OcrRedactor.OcrWord> words) {
        return words.stream().map(OcrRedactor.OcrWord::text).toList();
    }

    @Test
    void theChildReadsTheSameWordsAndBoxesAsTesseractInThisProcess() {
        BufferedImage img = frame(LINE);
        List<OcrRedactor.OcrWord> here = TesseractWords.create().words(img);
        try (ChildWordReader child = ChildWordReader.ofThisJvm()) {
            List<OcrRedactor.OcrWord> there = child.words(img);
            assertEquals(texts(here), texts(there));
            assertEquals(here, there, "same boxes too");
            assertTrue(String.join(" ", texts(there)).contains("4111"), "it read the frame: " + texts(there));
            assertEquals(there, child.words(img), "a second frame, same child");
            assertEquals(1, child.starts());
            ProcessHandle p = child.process().orElseThrow();
            child.close();
            assertFalse(p.isAlive(), "closed: the child exited");
            assertTrue(child.process().isEmpty());
        }
    }

    @Test
    void aRedactorOnTheChildFlagsAnEmailAndATypedSecretWhichNeverReachesTheChild() {
        String secret = "swordfish42";
        SecretMemory typed = new SecretMemory();
        typed.add(secret);
        BufferedImage img = frame("Mail alice@example.com today", "Password " + secret + " please");
        List<byte[]> sent = new ArrayList<>();
        try (ChildWordReader child = ChildWordReader.ofThisJvm()) {
            // everything the child gets goes through this: a frame, encoded as the pipe carries it
            WordReader spy = frame -> {
                sent.add(requestBytes(frame));
                return child.words(frame);
            };
            OcrRedactor ocr = OcrRedactor.on(spy, TextRedactor.defaults()).withSecrets(typed);
            List<OcrRedactor.OcrWord> words = ocr.words(img);
            List<Rect> boxes = ocr.find(img);
            assertTrue(covered(boxes, word(words, "alice@example.com")), "the e-mail address: " + boxes + " over " + words);
            assertTrue(covered(boxes, word(words, secret)), "the typed secret: " + boxes + " over " + words);
            assertFalse(covered(boxes, word(words, "today")), "an ordinary word: " + boxes);
        }
        assertEquals(2, sent.size());
        for (byte[] b : sent) {
            assertEquals(8 + 3 * img.getWidth() * img.getHeight(), b.length, "a header and the pixels, nothing else");
            assertFalse(new String(b, StandardCharsets.ISO_8859_1).contains(secret));
        }
    }

    static byte[] requestBytes(BufferedImage img) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            OcrWordsProtocol.writeRequest(out, img);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static OcrRedactor.OcrWord word(List<OcrRedactor.OcrWord> words, String text) {
        return words.stream().filter(w -> w.text().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("'" + text + "' not read: " + texts(words)));
    }

    static boolean covered(List<Rect> boxes, OcrRedactor.OcrWord w) {
        Rect b = w.box();
        return boxes.stream().anyMatch(r -> r.contains(b.x() + b.width() / 2, b.y() + b.height() / 2));
    }

    @Test
    void aRequestIsTheSizeThenThePixelsAsRgb() throws IOException {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x112233);
        img.setRGB(2, 1, 0xaabbcc);
        byte[] b = requestBytes(img);
        assertEquals(8 + 18, b.length);
        assertArrayEquals(new byte[] {0, 0, 0, 3, 0, 0, 0, 2, 0x11, 0x22, 0x33}, java.util.Arrays.copyOf(b, 11));
        assertArrayEquals(new byte[] {(byte) 0xaa, (byte) 0xbb, (byte) 0xcc}, java.util.Arrays.copyOfRange(b, 23, 26));
        BufferedImage back = OcrWordsProtocol.readRequest(new java.io.DataInputStream(new java.io.ByteArrayInputStream(b)));
        for (int y = 0; y < 2; y++) for (int x = 0; x < 3; x++) assertEquals(img.getRGB(x, y), back.getRGB(x, y));
    }

    @Test
    void incrementalOcrReadsChangedBandsThroughTheChild() {
        try (ChildWordReader child = ChildWordReader.ofThisJvm()) {
            IncrementalOcr inc = new IncrementalOcr(OcrRedactor.on(child, TextRedactor.defaults()));
            String[] lines = {"Quarterly report draft", "", "", "", "", "Notes for the team"};
            List<Rect> first = inc.find(frame(lines));
            assertEquals(List.of(), first, "nothing personal yet");
            lines[5] = "Write to bob.smith@example.org";
            List<Rect> second = inc.find(frame(lines));
            assertFalse(second.isEmpty(), "the changed row's address is found");
            assertTrue(second.stream().allMatch(r -> r.y() > 60 * 4), "in the changed band: " + second);
            assertTrue(inc.stats().startsWith("full=1 bands=1 "), "the second frame was read as a band: " + inc.stats());
            assertEquals(1, child.starts());
        }
    }

    @Test
    void aChildThatDiesMidRequestCostsThatFrameAndTheNextStartsAFreshOne() {
        BufferedImage img = frame(LINE);
        try (ChildWordReader child = child(DyingWordsMain.class.getName(), 60_000, "-Dunderstudy.test.marker=" + tmp.resolve("died"))) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> child.words(img));
            assertTrue(e.getMessage().startsWith("the OCR process died"), e.getMessage());
            assertTrue(child.process().isEmpty());
            assertTrue(String.join(" ", texts(child.words(img))).contains("4111"), "a fresh child reads the next frame");
            assertEquals(2, child.starts());
        }
    }

    @Test
    void aChildKilledBetweenFramesIsReplacedByAFreshOne() throws Exception {
        BufferedImage img = frame(LINE);
        try (ChildWordReader child = ChildWordReader.ofThisJvm()) {
            List<OcrRedactor.OcrWord> before = child.words(img);
            ProcessHandle p = child.process().orElseThrow();
            p.destroyForcibly();
            p.onExit().get(10, TimeUnit.SECONDS);
            assertEquals(before, child.words(img));
            assertEquals(2, child.starts());
            assertNotEquals(p.pid(), child.process().orElseThrow().pid());
        }
    }

    @Test
    void aHungChildIsKilledAtTheTimeout() {
        try (ChildWordReader child = child(HangingWordsMain.class.getName(), 5_000)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> child.words(frame(LINE)));
            assertEquals("the OCR process did not answer within 5 s and was killed", e.getMessage());
            assertTrue(child.process().isEmpty());
        }
    }

    @Test
    void aChildThatCannotStartOrLoadTesseractSaysWhyInOneLine() {
        try (ChildWordReader bogus = new ChildWordReader(ChildWordReader.jvmCommand("/nonexistent/bin/java", "x.jar",
                OcrWordsMain.class.getName()), 5_000)) {
            OcrUnavailableException e = assertThrows(OcrUnavailableException.class, () -> bogus.words(frame(LINE)));
            assertEquals("cannot start the OCR process: no java binary at /nonexistent/bin/java", e.getMessage());
            assertEquals(0, bogus.starts());
        }
        try (ChildWordReader none = child(NoTesseractWordsMain.class.getName(), 60_000)) {
            OcrUnavailableException e = assertThrows(OcrUnavailableException.class, () -> none.words(frame(LINE)));
            assertEquals("no Tesseract English data (install tesseract-ocr-eng)", e.getMessage());
            assertTrue(none.process().isEmpty());
        }
    }

    @Test
    void theChildEndsOnAMalformedRequestWithOneLineAndCleanlyAtTheEndOfItsInput() throws IOException {
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        new DataOutputStream(bad).writeInt(0);
        new DataOutputStream(bad).writeInt(100);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OcrWordsMain.run(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bad.toByteArray())),
                new DataOutputStream(out), new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertEquals("understudy: ocr process: malformed request: image size 0x100 out of range\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(OcrWordsProtocol.READY,
                new java.io.DataInputStream(new java.io.ByteArrayInputStream(out.toByteArray())).readUTF());

        byte[] oneFrame = requestBytes(frame(LINE));
        err.reset();
        code = OcrWordsMain.run(new java.io.DataInputStream(new java.io.ByteArrayInputStream(java.util.Arrays.copyOf(oneFrame, 500))),
                new DataOutputStream(new ByteArrayOutputStream()), new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code, "a request cut short");
        assertEquals(1, err.toString(StandardCharsets.UTF_8).lines().count());

        out.reset();
        code = OcrWordsMain.run(new java.io.DataInputStream(new java.io.ByteArrayInputStream(oneFrame)), new DataOutputStream(out),
                new java.io.PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, code, "its input ended after a whole request");
        java.io.DataInputStream reply = new java.io.DataInputStream(new java.io.ByteArrayInputStream(out.toByteArray()));
        assertEquals(OcrWordsProtocol.READY, reply.readUTF());
        assertTrue(String.join(" ", texts(OcrWordsProtocol.readReply(reply))).contains("alice"));
    }
}
