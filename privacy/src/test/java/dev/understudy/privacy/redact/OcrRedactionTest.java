package dev.understudy.privacy.redact;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.understudy.privacy.screen.OcrRedactor;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.Tesseract;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The redactor on text as the recorder gets it from a screen: lines with the kinds of issue 13
 * are drawn into a frame (anti-aliased, small UI font), read back by Tesseract with its real
 * noise, and the OCR'd text is redacted. A user checks that nothing personal is still readable in
 * the result: no word of a labelled value survives, even misread by one character.
 */
@Tag("unit")
class OcrRedactionTest {

    /** Each line, and the values in it that must not be readable after redaction. */
    static final String[][] LINES = {
        {"Card number: 4539  1488 0343-6467 exp 09/28", "4539", "1488", "0343", "6467"},
        {"Pay with 5425-2334 3010-9903 please", "5425", "2334", "3010", "9903"},
        {"IBAN: DE89 3704 0044 0532 0130 00", "3704", "0044", "0532", "0130"},
        {"password: Kilimanjaro2024!", "Kilimanjaro2024"},
        {"Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l", "YWxhZGRpbjpvcGVuc2VzYW1l"},
        {"Ship to: Flat 3, 22 Baker Street, London NW1 6XE", "Baker", "NW1", "6XE"},
        {"Adresse : 71 bis rue de la République, 69003 Lyon", "République", "69003"},
        {"Lieferadresse: Friedrichstraße 112, 10117 Berlin", "Friedrichstraße", "10117"},
        {"Dear Dr. Ndlovu, the contract is attached.", "Ndlovu"},
        {"Meeting with Oluwaseun Adeyemi moved to Friday", "Oluwaseun", "Adeyemi"},
        {"Mail: priya.raghunathan@acme.io", "raghunathan", "acme"},
        {"the Jenkins pipeline failed on build 7f3c2a1", }, // a near miss: nothing to remove
    };

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void textReadBackFromAFrameIsRedacted() throws Exception {
        assumeTrue(OcrRedactor.tessdata() != null, "no Tesseract English data");
        Tesseract t = new Tesseract();
        t.setDatapath(OcrRedactor.tessdata().toString());
        t.setLanguage("eng");
        t.setPageSegMode(ITessAPI.TessPageSegMode.PSM_SINGLE_BLOCK);
        t.setVariable("debug_file", "/dev/null");
        TextRedactor r = TextRedactor.defaults();
        List<String> problems = new ArrayList<>();
        int readable = 0;
        for (String[] line : LINES) {
            String ocr = t.doOCR(render(line[0])).strip();
            String red = r.redact(ocr).text();
            System.out.println("OCR  " + ocr + "\n  -> " + red);
            for (int k = 1; k < line.length; k++) {
                if (nearlyContains(red, line[k])) {
                    problems.add("«" + line[k] + "» still readable in «" + red + "» (OCR read «" + ocr + "»)");
                }
                if (nearlyContains(ocr, line[k])) {
                    readable++;
                }
            }
        }
        assertTrue(readable >= 15, "OCR read too little to test anything: " + readable);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        String near = r.redact(t.doOCR(render(LINES[LINES.length - 1][0])).strip()).text();
        assertTrue(near.contains("Jenkins pipeline"), "a near miss must survive: " + near);
    }

    static BufferedImage render(String text) {
        BufferedImage img = new BufferedImage(900, 60, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(250, 250, 248));
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(30, 30, 30));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 17));
        g.drawString(text, 12, 36);
        g.dispose();
        return img;
    }

    /** Whether some word of {@code text} equals {@code value} up to one edit (case-insensitive). */
    static boolean nearlyContains(String text, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.isEmpty()) {
                continue;
            }
            if (w.contains(v) || v.length() >= 5 && editDistance(w, v) <= 1) {
                return true;
            }
        }
        return false;
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1),
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] tmp = prev;
            prev = cur;
            cur = tmp;
        }
        return prev[b.length()];
    }
}
