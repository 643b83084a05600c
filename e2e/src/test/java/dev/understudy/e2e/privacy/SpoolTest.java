package dev.understudy.e2e.privacy;

import org.junit.jupiter.api.Tag;
import static dev.understudy.e2e.privacy.PrivacyHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import dev.understudy.privacy.redact.TextRedactor;
import dev.understudy.privacy.screen.OcrRedactor;
import dev.understudy.trace.SpoolCipher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reaches the disk: typed entities are redacted before storing, keys typed into a password
 * prompt never are, the spool is encrypted (no typed string in its bytes), and exports (the only
 * plaintext) carry OCR-redacted screenshots.
 */
@Tag("e2e")
class SpoolTest {
    @TempDir Path tmp;

    static final String WORD = "marmalade";
    static final String EMAIL = "jane.doe@example.com";
    static final String CARD = "4111 1111 1111 1111";
    static final String PASSWORD = "Tr0ub4dor&3horse";

    static long counter(String stats, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + name + "=(\\d+)").matcher(stats);
        assertTrue(m.find(), name + " in " + stats);
        return Long.parseLong(m.group(1));
    }

    @Test
    void theSpoolIsEncryptedAndHoldsNoTypedEntityOrPassword() throws Exception {
        Path data = tmp.resolve("data");
        Path out = tmp.resolve("out");
        String session;
        String stats;
        try (VirtualDesktop desktop = VirtualDesktop.start(1024, 768); PrivacyHarness h = new PrivacyHarness(desktop)) {
            String work = h.xterm("Work", "80x12+0+0");
            // a terminal asking for a password: the default policy's sensitive_apps match its title
            String prompt = h.xtermRunning("sudo password for worker", "60x6+0+400", "read -s -p 'Password: ' pw; echo; echo thanks; sleep 600");
            h.xdo.activate(work);
            // no --policy: the demo policy, which is the built-in default policy plus the demo app
            try (RecorderProcess rec = RecorderProcess.start(desktop, data)) {
                session = rec.sessionId();
                awaitStatus(data, "recording", 10_000);
                h.xdo.type("echo " + WORD + " " + EMAIL + " " + CARD);
                h.xdo.key("Return");
                rec.awaitEvents(ev -> typed(ev).contains(WORD) && typed(ev).contains("\n"), 20_000);
                h.xdo.activate(prompt);
                h.xdo.type(PASSWORD);
                h.xdo.key("Return");
                h.xdo.activate(work);
                h.xdo.type("done");
                h.xdo.key("Return");
                rec.awaitEvents(ev -> typed(ev).contains("done"), 20_000);
                assertEquals(0, rec.stop(), rec.stderr());
                stats = stats(rec);
                System.out.println("spool: " + stats);
            }
        }
        // 1. in the (decrypted) trace: placeholders, never the values
        List<RawEvent> ev = events(data);
        // every distinct stored frame was read by OCR on the device, with this recording's typed values in memory
        long distinctFrames = ev.stream().filter(e -> e instanceof RawEvent.Frame).map(e -> ((RawEvent.Frame) e).id()).distinct().count();
        assertEquals(distinctFrames, counter(stats, "ocrFrames"), stats);
        assertEquals(0, counter(stats, "ocrPending"), stats);
        String typed = typed(ev);
        assertTrue(typed.contains("echo " + WORD + " [EMAIL] [CREDIT_CARD]"), typed);
        assertTrue(typed.contains("[SECRET]"), "the password became one placeholder: " + typed);
        String all = textOf(ev);
        for (String s : List.of(EMAIL, "jane.doe", CARD, "4111", PASSWORD, "Tr0ub", "tr0ub")) assertFalse(all.contains(s), s + " in the trace: " + all);

        // 2. on disk: encrypted, none of the typed strings in any byte of the data directory
        List<Path> files;
        try (Stream<Path> s = Files.walk(data)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        List<String> found = new ArrayList<>();
        for (Path f : files) {
            byte[] b = Files.readAllBytes(f);
            for (String needle : List.of(WORD, EMAIL, "jane.doe", "4111 1111", "Tr0ub4dor", "echo ")) {
                if (indexOf(b, needle.getBytes(StandardCharsets.UTF_8)) >= 0 || indexOf(b, needle.getBytes(StandardCharsets.UTF_16LE)) >= 0) {
                    found.add(needle + " in " + data.relativize(f));
                }
            }
        }
        assertTrue(found.isEmpty(), "plain bytes on disk: " + found);
        for (Path seg : files.stream().filter(f -> f.toString().endsWith(".useg")).toList()) {
            byte[] b = Files.readAllBytes(seg);
            assertEquals(1, b[5] & 1, "event blocks are sealed (flags bit 0): " + seg);
        }
        Path key = SpoolCipher.defaultKeyFile();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)), "device key " + key);
        assertFalse(key.startsWith(data), "the key is kept outside the data directory");

        // 3. the export is the only plaintext; its screenshots are OCR-redacted
        String exported = cli("export", "--data", data.toString(), "--out", out.toString(), "--session", session);
        assertTrue(exported.contains("wrote"), exported);
        String steps = Files.readString(out.resolve("steps.jsonl"));
        assertTrue(steps.contains(WORD), "exports are plaintext");
        assertFalse(steps.contains("jane.doe") || steps.contains("4111") || steps.contains("Tr0ub"), steps);
        if (System.getenv("SPOOL_DEBUG") != null) {
            new ProcessBuilder("cp", "-r", out.toString(), data.toString(), "/tmp/spooldebug/").inheritIO().start().waitFor();
        }
        OcrRedactor ocr = OcrRedactor.create(TextRedactor.defaults());
        int frames = 0;
        List<String> seen = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("steps.jsonl"))) {
            JsonNode s = Json.MAPPER.readTree(line);
            String obs = s.path("observation").asText(null);
            if (obs == null || !s.path("app").path("title").asText("").equals("Work")) continue;
            frames++;
            for (OcrRedactor.OcrWord w : ocr.words(ImageIO.read(out.resolve(obs).toFile()))) seen.add(w.text());
        }
        assertTrue(frames > 0, "exported frames of the terminal");
        String words = String.join(" ", seen);
        assertTrue(words.contains(WORD), "OCR reads the terminal, so the check below means something: " + words);
        assertFalse(words.contains("@example") || words.contains("jane.doe") || words.contains("4111"), "readable in an exported frame: " + words);
    }

    /** Every text field of the trace: typed characters, key names in a row, titles, clipboard, markers, browser data. */
    static String textOf(List<RawEvent> ev) throws Exception {
        StringBuilder ch = new StringBuilder();
        StringBuilder keys = new StringBuilder();
        StringBuilder other = new StringBuilder();
        for (RawEvent e : ev) {
            if (e instanceof RawEvent.KeyDown k) {
                if (k.ch() != null) ch.append(k.ch());
                keys.append(k.key().length() == 1 ? k.key() : k.key().equals("space") ? " " : "");
            } else if (e instanceof RawEvent.WindowFocus w) {
                other.append(Json.MAPPER.writeValueAsString(w.app())).append('\n');
            } else if (e instanceof RawEvent.Clipboard c) {
                other.append(c.text()).append('\n');
            } else if (e instanceof RawEvent.Marker m) {
                other.append(m.detail()).append('\n');
            } else if (e instanceof RawEvent.Browser b) {
                other.append(dev.understudy.e2e.StoredJson.data(b)).append('\n');
            }
        }
        return ch + "\n" + keys + "\n" + other;
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
