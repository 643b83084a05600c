package dev.understudy.privacy.screen;

import dev.understudy.model.Rect;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipe protocol between the recorder and its OCR process ({@link ChildWordReader},
 * {@link OcrWordsMain}); big-endian, {@link DataOutputStream} encodings.
 *
 * <ul>
 *   <li>hello, child to parent, once at start: a UTF string, {@value #READY} or
 *       {@code "understudy-ocr-words/1 unavailable: <why>"};
 *   <li>request, parent to child: width and height (ints), then width × height pixels as R, G, B
 *       bytes, row by row: nothing but pixels;
 *   <li>reply, child to parent: the int {@link #REPLY}, the number of words (int), then for each
 *       word its text (UTF) and its box x, y, width, height (ints, frame pixels).
 * </ul>
 *
 * The child reads requests until its stdin ends; a malformed request ends it.
 */
final class OcrWordsProtocol {
    static final String HELLO = "understudy-ocr-words/1";
    static final String READY = HELLO + " ready";
    static final String UNAVAILABLE = HELLO + " unavailable: ";
    /** Starts every reply: output of anything else on the child's stdout is noticed, not parsed as words. */
    static final int REPLY = 0x574f5244;
    static final int MAX_SIDE = 16384;
    static final long MAX_PIXELS = 1L << 24;
    static final int MAX_WORDS = 1 << 20;

    private OcrWordsProtocol() {}

    /** A request that breaks the protocol: its message says how, in one line. */
    static final class MalformedException extends IOException {
        MalformedException(String message) {
            super(message);
        }
    }

    /** Writes the request for {@code img}: its size, then its pixels (not flushed). */
    static void writeRequest(DataOutputStream out, BufferedImage img) throws IOException {
        int w = img.getWidth();
        int h = img.getHeight();
        checkSize(w, h);
        out.writeInt(w);
        out.writeInt(h);
        int[] row = new int[w];
        byte[] rgb = new byte[3 * w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                rgb[3 * x] = (byte) (p >> 16);
                rgb[3 * x + 1] = (byte) (p >> 8);
                rgb[3 * x + 2] = (byte) p;
            }
            out.write(rgb);
        }
    }

    /** The next request's image; null when the input ended cleanly before one. */
    static BufferedImage readRequest(DataInputStream in) throws IOException {
        byte[] head = in.readNBytes(8);
        if (head.length == 0) return null;
        if (head.length < 8) throw new MalformedException("request ended inside its header");
        int w = (head[0] & 0xff) << 24 | (head[1] & 0xff) << 16 | (head[2] & 0xff) << 8 | head[3] & 0xff;
        int h = (head[4] & 0xff) << 24 | (head[5] & 0xff) << 16 | (head[6] & 0xff) << 8 | head[7] & 0xff;
        checkSize(w, h);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        byte[] rgb = new byte[3 * w];
        for (int y = 0; y < h; y++) {
            if (in.readNBytes(rgb, 0, rgb.length) < rgb.length) {
                throw new MalformedException("request ended at row " + y + " of " + h);
            }
            for (int x = 0; x < w; x++) row[x] = (rgb[3 * x] & 0xff) << 16 | (rgb[3 * x + 1] & 0xff) << 8 | rgb[3 * x + 2] & 0xff;
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        return img;
    }

    static void checkSize(int w, int h) throws MalformedException {
        if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE || (long) w * h > MAX_PIXELS) {
            throw new MalformedException("image size " + w + "x" + h + " out of range");
        }
    }

    /** Writes the reply with {@code words} (not flushed). */
    static void writeReply(DataOutputStream out, List<OcrRedactor.OcrWord> words) throws IOException {
        out.writeInt(REPLY);
        out.writeInt(words.size());
        for (OcrRedactor.OcrWord w : words) {
            out.writeUTF(w.text());
            out.writeInt(w.box().x());
            out.writeInt(w.box().y());
            out.writeInt(w.box().width());
            out.writeInt(w.box().height());
        }
    }

    /** Reads a reply; an {@link IOException} when the stream ends or holds something else. */
    static List<OcrRedactor.OcrWord> readReply(DataInputStream in) throws IOException {
        int tag;
        try {
            tag = in.readInt();
        } catch (EOFException e) {
            throw new EOFException("the OCR process ended without answering");
        }
        if (tag != REPLY) throw new IOException("the OCR process answered something else than words");
        int n = in.readInt();
        if (n < 0 || n > MAX_WORDS) throw new IOException("the OCR process answered " + n + " words");
        List<OcrRedactor.OcrWord> words = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            String text = in.readUTF();
            words.add(new OcrRedactor.OcrWord(text, new Rect(in.readInt(), in.readInt(), in.readInt(), in.readInt())));
        }
        return words;
    }
}
