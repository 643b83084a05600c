package dev.understudy.privacy.screen;

import dev.understudy.model.Rect;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.Tesseract;
import net.sourceforge.tess4j.Word;

/**
 * Reads words with Tesseract in this process, through Tess4J with the system's libtesseract and
 * English data. Loading it maps libtesseract and its model into the process for good (some 60 MiB
 * of RSS): the recorder uses {@link ChildWordReader} instead, which runs this class in a child
 * process ({@link OcrWordsMain}). One Tesseract engine per instance; calls are serialised.
 */
public final class TesseractWords implements WordReader {
    /** Frames are upscaled this much before OCR: UI fonts are small. */
    static final int SCALE = Integer.getInteger("understudy.ocr.scale", 2);

    private final Tesseract tesseract;

    private TesseractWords(Tesseract tesseract) {
        this.tesseract = tesseract;
    }

    /** The tessdata directory: $TESSDATA_PREFIX or Debian's, or null when there is none. */
    public static Path tessdata() {
        List<Path> cands = new ArrayList<>();
        String env = System.getenv("TESSDATA_PREFIX");
        if (env != null && !env.isBlank()) {
            cands.add(Path.of(env));
            cands.add(Path.of(env, "tessdata"));
        }
        for (String v : List.of("5", "4.00", "")) cands.add(Path.of("/usr/share/tesseract-ocr", v, "tessdata"));
        cands.add(Path.of("/usr/share/tessdata"));
        for (Path p : cands) if (Files.isRegularFile(p.resolve("eng.traineddata"))) return p;
        return null;
    }

    /**
     * A reader with libtesseract loaded, or an {@link OcrUnavailableException} with a one-line
     * reason (no tesseract-ocr / tesseract-ocr-eng, or libtesseract cannot be loaded).
     */
    public static TesseractWords create() {
        Path data = tessdata();
        if (data == null) throw new OcrUnavailableException("no Tesseract English data (install tesseract-ocr-eng)");
        limitThreads();
        if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "ERROR");
        Tesseract t = new Tesseract();
        t.setDatapath(data.toString());
        t.setLanguage("eng");
        t.setPageSegMode(ITessAPI.TessPageSegMode.PSM_SPARSE_TEXT);
        t.setVariable("debug_file", "/dev/null");
        TesseractWords r = new TesseractWords(t);
        try {
            r.words(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB)); // loads libtesseract now, not mid-export
        } catch (Throwable e) {
            throw new OcrUnavailableException("Tesseract cannot be loaded (install tesseract-ocr): " + e.getMessage(), e);
        }
        return r;
    }

    /**
     * Tesseract's OpenMP threads spin on every core while it works; OCR runs in the background, so
     * it gets one thread (set before libtesseract is loaded, unless the user chose otherwise). The
     * OCR child process gets it in its environment from {@link ChildWordReader}.
     */
    private static void limitThreads() {
        if (System.getenv("OMP_THREAD_LIMIT") != null) return;
        try {
            com.sun.jna.NativeLibrary.getInstance("c").getFunction("setenv").invokeInt(new Object[] {"OMP_THREAD_LIMIT", "1", 1});
        } catch (Throwable e) {
            // not fatal: OCR is only slower
        }
    }

    @Override
    public List<OcrRedactor.OcrWord> words(BufferedImage img) {
        BufferedImage big = upscale(img);
        List<Word> ws;
        synchronized (this) {
            ws = tesseract.getWords(big, ITessAPI.TessPageIteratorLevel.RIL_WORD);
        }
        List<OcrRedactor.OcrWord> out = new ArrayList<>(ws.size());
        for (Word w : ws) {
            String t = w.getText() == null ? "" : w.getText().strip();
            if (t.isEmpty()) continue;
            Rectangle r = w.getBoundingBox();
            out.add(new OcrRedactor.OcrWord(t, new Rect(r.x / SCALE, r.y / SCALE, (r.width + SCALE - 1) / SCALE,
                    (r.height + SCALE - 1) / SCALE)));
        }
        return out;
    }

    private static BufferedImage upscale(BufferedImage img) {
        if (SCALE == 1) return img;
        BufferedImage out = new BufferedImage(img.getWidth() * SCALE, img.getHeight() * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }
}
