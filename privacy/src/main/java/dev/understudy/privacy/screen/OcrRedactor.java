package dev.understudy.privacy.screen;

import dev.understudy.model.Rect;
import dev.understudy.privacy.gate.SecretMemory;
import dev.understudy.privacy.redact.Entity;
import dev.understudy.privacy.redact.RedactionResult;
import dev.understudy.privacy.redact.TextRedactor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds text with personal data in a screen frame: a {@link WordReader} (Tesseract) reads the
 * words and their boxes, words are joined into lines, the {@link TextRedactor} runs over each line
 * (once as read, once with OCR confusions undone), words that are (parts of) values this recording
 * redacted from typed text ({@link SecretMemory}) are flagged too, and the boxes of the flagged
 * words are returned for filling. Only pixels go to the reader: the redactor and the remembered
 * secrets stay here, in this process, whichever reader runs Tesseract. Not thread-safe: use one per
 * thread.
 */
public final class OcrRedactor {
    /** Boxes are widened by this many pixels on each side, so antialiased edges are covered. */
    static final int PAD = 2;

    private final WordReader reader;
    private final TextRedactor redactor;
    private volatile SecretMemory secrets;

    /** Also covers words that are (parts of) values this recording redacted from typed text. */
    public OcrRedactor withSecrets(SecretMemory s) {
        this.secrets = s;
        return this;
    }

    private OcrRedactor(WordReader reader, TextRedactor redactor) {
        this.reader = reader;
        this.redactor = redactor;
    }

    /** The tessdata directory: $TESSDATA_PREFIX or Debian's, or null when there is none. */
    public static Path tessdata() {
        return TesseractWords.tessdata();
    }

    /**
     * An OCR redactor with Tesseract in this process ({@link TesseractWords}), or an
     * {@link OcrUnavailableException} with a one-line reason when OCR is not available (no
     * tesseract-ocr / tesseract-ocr-eng, or libtesseract cannot be loaded).
     */
    public static OcrRedactor create(TextRedactor redactor) {
        return new OcrRedactor(TesseractWords.create(), redactor);
    }

    /** An OCR redactor whose words come from {@code reader} (e.g. a {@link ChildWordReader}). */
    public static OcrRedactor on(WordReader reader, TextRedactor redactor) {
        return new OcrRedactor(reader, redactor);
    }

    /** One word as read, in frame pixels. */
    public record OcrWord(String text, Rect box) {}

    /** The words of a frame with their boxes (frame pixels), as the reader gives them. */
    public List<OcrWord> words(BufferedImage img) {
        return reader.words(img);
    }

    /** Boxes (frame pixels) of text the redactor flags. */
    public List<Rect> find(BufferedImage img) {
        List<Rect> boxes = new ArrayList<>();
        for (List<OcrWord> line : lines(words(img))) {
            // The line as read, and once more with typical OCR confusions undone ("aGb.com" for
            // "a@b.com", "4lll" for "4111"): a misread character must not hide an entity.
            boolean[] hit = new boolean[line.size()];
            flag(line, false, hit);
            flag(line, true, hit);
            SecretMemory sm = secrets;
            if (sm != null) {
                for (int i = 0; i < line.size(); i++) if (!hit[i] && sm.matches(unconfuse(line.get(i).text()))) hit[i] = true;
            }
            for (int i = 0; i < line.size(); i++) {
                if (!hit[i]) continue;
                Rect b = line.get(i).box();
                boxes.add(new Rect(b.x() - PAD, b.y() - PAD, b.width() + 2 * PAD, b.height() + 2 * PAD));
            }
        }
        return boxes;
    }

    private void flag(List<OcrWord> line, boolean normalise, boolean[] hit) {
        StringBuilder sb = new StringBuilder();
        int[] starts = new int[line.size()];
        int[] ends = new int[line.size()];
        for (int i = 0; i < line.size(); i++) {
            if (i > 0) sb.append(' ');
            starts[i] = sb.length();
            sb.append(normalise ? unconfuse(line.get(i).text()) : line.get(i).text());
            ends[i] = sb.length();
        }
        RedactionResult r = redactor.redact(sb.toString());
        for (Entity e : r.entities()) {
            for (int i = 0; i < line.size(); i++) if (starts[i] < e.end() && ends[i] > e.start()) hit[i] = true;
        }
    }

    private static final java.util.regex.Pattern MAILISH = java.util.regex.Pattern.compile("([\\w.%+'-]+)[G©®Q&](([\\w-]+\\.)+[A-Za-z]{2,})");

    /** Undoes OCR confusions in a word: '@' read as G/©/®, digits read as letters in number-like words. */
    static String unconfuse(String w) {
        java.util.regex.Matcher m = MAILISH.matcher(w);
        if (!w.contains("@") && m.matches()) return m.group(1) + "@" + m.group(2);
        long digits = w.chars().filter(Character::isDigit).count();
        boolean numberish = digits > 0 && w.chars().allMatch(c -> Character.isDigit(c) || "OoDQlI|i!SsBZzG-./()+".indexOf(c) >= 0);
        if (numberish || digits > 0 && digits * 2 >= w.length()) {
            StringBuilder sb = new StringBuilder(w.length());
            for (char c : w.toCharArray()) {
                sb.append(switch (c) {
                    case 'O', 'o', 'D', 'Q' -> '0';
                    case 'l', 'I', '|', 'i', '!' -> '1';
                    case 'S', 's' -> '5';
                    case 'B' -> '8';
                    case 'Z', 'z' -> '2';
                    case 'G' -> '6';
                    default -> c;
                });
            }
            return sb.toString();
        }
        return w;
    }

    /** Groups words into lines: vertical overlap and a horizontal gap under three line heights. */
    static List<List<OcrWord>> lines(List<OcrWord> words) {
        List<OcrWord> sorted = new ArrayList<>(words);
        sorted.sort(Comparator.comparingInt((OcrWord w) -> w.box().y() + w.box().height() / 2).thenComparingInt(w -> w.box().x()));
        List<List<OcrWord>> lines = new ArrayList<>();
        for (OcrWord w : sorted) {
            List<OcrWord> best = null;
            for (List<OcrWord> l : lines) {
                OcrWord last = l.get(l.size() - 1);
                int cy = w.box().y() + w.box().height() / 2;
                boolean sameRow = cy >= last.box().y() && cy <= last.box().y() + last.box().height();
                int gap = w.box().x() - (last.box().x() + last.box().width());
                if (sameRow && gap >= -2 && gap <= 3 * Math.max(8, last.box().height())) {
                    best = l;
                    break;
                }
            }
            if (best == null) {
                best = new ArrayList<>();
                lines.add(best);
            }
            best.add(w);
        }
        for (List<OcrWord> l : lines) l.sort(Comparator.comparingInt(w -> w.box().x()));
        return lines;
    }
}
