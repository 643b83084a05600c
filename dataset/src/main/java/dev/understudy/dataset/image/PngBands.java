package dev.understudy.dataset.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * PNG made of horizontal bands that are compressed on their own, so a band that several frames share is compressed
 * once and its bytes reused.
 *
 * <p>A PNG's pixels are one zlib stream split over IDAT chunks however the writer likes. Here each band is a run of
 * whole pixel lines, filtered without looking at the line above the band (a line equal to the one above it in the band
 * uses the Up filter, all zeros; any other the Sub filter), deflated from an empty window and ended with a sync flush (a
 * byte-aligned, non-final end), and kept as a finished IDAT chunk (length, type, data, CRC). A frame is then: the
 * signature, IHDR, an IDAT with the zlib header, the bands' IDAT chunks in order, an IDAT with an empty final block
 * and the Adler-32 of all the filtered bytes (combined from the bands' own, see {@link #adlerCombine}), and IEND.
 * Any PNG decoder reads it (the tests decode it with ImageIO and with Python's Pillow).
 *
 * <p>Why not ImageIO: its writer compresses the whole frame every time (34 ms for a 1280x800 screen here), while
 * consecutive screenshots mostly share their lines; see docs/datasets.md.
 */
public final class PngBands {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int ADLER_MOD = 65521;
    /**
     * Deflate level of the bands ({@code -Dunderstudy.png.level}): 6, zlib's default, makes screenshots as small as
     * ImageIO's PNGs; 1 takes about half the time for twice the bytes (measured in docs/benchmarks.md).
     */
    static final int LEVEL = Integer.getInteger("understudy.png.level", 6);

    private PngBands() {}

    /** One compressed band: its finished IDAT chunk, and the length and Adler-32 of the filtered bytes it holds. */
    public record Band(byte[] chunk, long rawLength, int adler) {
        public long weight() {
            return chunk.length + 64L;
        }
    }

    /**
     * Filters and compresses {@code lines} lines of {@code width} pixels (0xRRGGBB ints from {@code pixels[0]},
     * {@code width} a line).
     */
    public static Band band(int[] pixels, int width, int lines) {
        return band(pixels, width, lines, LEVEL);
    }

    /** {@link #band(int[], int, int)} at a given deflate level (0–9). */
    public static Band band(int[] pixels, int width, int lines, int level) {
        int stride = 1 + 3 * width;
        byte[] raw = new byte[stride * lines]; // zeros: a line equal to the one above needs no more than its filter byte
        for (int y = 0; y < lines; y++) {
            int o = y * width;
            int at = y * stride;
            if (y > 0 && Arrays.equals(pixels, o, o + width, pixels, o - width, o)) {
                raw[at] = 2; // Up: all zero
                continue;
            }
            raw[at] = 1; // Sub: each byte minus the same colour's byte of the pixel to its left
            int k = at + 1;
            int pr = 0, pg = 0, pb = 0;
            for (int x = 0; x < width; x++) {
                int p = pixels[o + x];
                int r = (p >>> 16) & 0xff, g = (p >>> 8) & 0xff, b = p & 0xff;
                raw[k] = (byte) (r - pr);
                raw[k + 1] = (byte) (g - pg);
                raw[k + 2] = (byte) (b - pb);
                k += 3;
                pr = r;
                pg = g;
                pb = b;
            }
        }
        Adler32 adler = new Adler32();
        adler.update(raw);
        Deflater d = new Deflater(level, true);
        try {
            d.setInput(raw);
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 8 + 64);
            byte[] buf = new byte[64 * 1024];
            while (true) {
                int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                out.write(buf, 0, n);
                if (n < buf.length && d.needsInput()) break;
            }
            return new Band(chunk("IDAT", out.toByteArray()), raw.length, (int) adler.getValue());
        } finally {
            d.end();
        }
    }

    /** The whole PNG (8-bit RGB, not interlaced) of a {@code width} x {@code height} image made of {@code bands}, top to bottom. */
    public static byte[] png(int width, int height, List<Band> bands) {
        int size = SIGNATURE.length + 25 + 14 + 18 + 12; // IHDR, zlib header, end of stream, IEND
        for (Band b : bands) size += b.chunk().length;
        byte[] out = new byte[size];
        int at = 0;
        System.arraycopy(SIGNATURE, 0, out, at, SIGNATURE.length);
        at += SIGNATURE.length;
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // truecolour
        at = put(out, at, chunk("IHDR", ihdr));
        at = put(out, at, chunk("IDAT", new byte[] {0x78, 0x01})); // zlib: deflate, 32 KiB window, fastest
        long adler = 1;
        for (Band b : bands) {
            at = put(out, at, b.chunk());
            adler = adlerCombine(adler, b.adler() & 0xffffffffL, b.rawLength());
        }
        byte[] end = new byte[6];
        end[0] = 0x03; // an empty final block with fixed codes
        end[1] = 0x00;
        putInt(end, 2, (int) adler);
        at = put(out, at, chunk("IDAT", end));
        at = put(out, at, chunk("IEND", new byte[0]));
        if (at != out.length) throw new IllegalStateException("PNG size mismatch: " + at + " != " + out.length);
        return out;
    }

    /**
     * The Adler-32 of {@code A} followed by {@code B}, from Adler-32 of each and the length of {@code B}. With
     * {@code a = 1 + Σ bytes} and {@code b = Σ of a after each byte} (both mod 65521): a = a1 + a2 − 1, and each byte of
     * B adds a1 − 1 more to b than it did alone, so b = b1 + b2 + len2·(a1 − 1).
     */
    static long adlerCombine(long adler1, long adler2, long len2) {
        long a1 = adler1 & 0xffff;
        long b1 = adler1 >>> 16;
        long a2 = adler2 & 0xffff;
        long b2 = adler2 >>> 16;
        long a = (a1 + a2 + ADLER_MOD - 1) % ADLER_MOD;
        long b = (b1 + b2 + (len2 % ADLER_MOD) * ((a1 + ADLER_MOD - 1) % ADLER_MOD)) % ADLER_MOD;
        return (b << 16) | a;
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] c = new byte[12 + data.length];
        putInt(c, 0, data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, c, 4, 4);
        System.arraycopy(data, 0, c, 8, data.length);
        CRC32 crc = new CRC32();
        crc.update(c, 4, 4 + data.length);
        putInt(c, 8 + data.length, (int) crc.getValue());
        return c;
    }

    private static int put(byte[] out, int at, byte[] b) {
        System.arraycopy(b, 0, out, at, b.length);
        return at + b.length;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
