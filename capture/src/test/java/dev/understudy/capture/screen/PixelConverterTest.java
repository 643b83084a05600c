package dev.understudy.capture.screen;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.Memory;
import org.junit.jupiter.api.Test;

/** The ZPixmap to 0x00RRGGBB conversion, on hand-made images (no X server). */
@Tag("unit")
class PixelConverterTest {
    private static final int LSB = 0;
    private static final int MSB = 1;
    private static final int[] EXPECTED = {0x123456, 0xff0000, 0x00ff00, 0x0000ff, 0xffffff, 0x000000};

    /** 3 × 2 pixels, rows padded to {@code stride}, each pixel written by {@code put}. */
    private static Memory image(int stride, int bytesPerPixel, PixelWriter put) {
        Memory m = new Memory((long) stride * 2);
        for (long i = 0; i < m.size(); i++) m.setByte(i, (byte) 0xee); // padding garbage
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) put.write(m, (long) y * stride + (long) x * bytesPerPixel, EXPECTED[y * 3 + x]);
        }
        return m;
    }

    private interface PixelWriter {
        void write(Memory m, long offset, int rgb);
    }

    private static int[] convert(PixelConverter c, Memory m) {
        int[] out = new int[6];
        c.convert(m, out);
        return out;
    }

    @Test
    void depth24In32BitsLsbFirstMasksTheUnusedByte() {
        // What Xvfb and every little-endian depth-24 server hand out: B, G, R, X.
        for (int stride : new int[] {12, 16}) {
            Memory m = image(stride, 4, (mem, o, rgb) -> {
                mem.setByte(o, (byte) rgb);
                mem.setByte(o + 1, (byte) (rgb >> 8));
                mem.setByte(o + 2, (byte) (rgb >> 16));
                mem.setByte(o + 3, (byte) 0xa5);
            });
            PixelConverter c = new PixelConverter(3, 2, stride, 32, LSB, 0xff0000, 0xff00, 0xff);
            assertArrayEquals(EXPECTED, convert(c, m), "stride " + stride);
        }
    }

    @Test
    void depth24In32BitsMsbFirst() {
        Memory m = image(16, 4, (mem, o, rgb) -> {
            mem.setByte(o, (byte) 0x5a);
            mem.setByte(o + 1, (byte) (rgb >> 16));
            mem.setByte(o + 2, (byte) (rgb >> 8));
            mem.setByte(o + 3, (byte) rgb);
        });
        PixelConverter c = new PixelConverter(3, 2, 16, 32, MSB, 0xff0000, 0xff00, 0xff);
        assertArrayEquals(EXPECTED, convert(c, m));
    }

    @Test
    void bgrMasks() {
        Memory m = image(12, 4, (mem, o, rgb) -> {
            int bgr = (rgb & 0xff) << 16 | (rgb & 0xff00) | (rgb >> 16) & 0xff;
            mem.setInt(o, bgr | 0xff000000); // native order, as a server on this machine writes it
        });
        int nativeOrder = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? LSB : MSB;
        PixelConverter c = new PixelConverter(3, 2, 12, 32, nativeOrder, 0xff, 0xff00, 0xff0000);
        assertArrayEquals(EXPECTED, convert(c, m));
    }

    @Test
    void packed24Bits() {
        Memory lsb = image(12, 3, (mem, o, rgb) -> {
            mem.setByte(o, (byte) rgb);
            mem.setByte(o + 1, (byte) (rgb >> 8));
            mem.setByte(o + 2, (byte) (rgb >> 16));
        });
        assertArrayEquals(EXPECTED, convert(new PixelConverter(3, 2, 12, 24, LSB, 0xff0000, 0xff00, 0xff), lsb));
        Memory msb = image(9, 3, (mem, o, rgb) -> {
            mem.setByte(o, (byte) (rgb >> 16));
            mem.setByte(o + 1, (byte) (rgb >> 8));
            mem.setByte(o + 2, (byte) rgb);
        });
        assertArrayEquals(EXPECTED, convert(new PixelConverter(3, 2, 9, 24, MSB, 0xff0000, 0xff00, 0xff), msb));
    }

    @Test
    void rgb565ScalesToFullRange() {
        // 0x123456 has no exact 565 form: expect the 565 value scaled back with rounding.
        int[] in565 = {(0x12 >> 3) << 11 | (0x34 >> 2) << 5 | 0x56 >> 3, 0xf800, 0x07e0, 0x001f, 0xffff, 0};
        Memory m = new Memory(16);
        for (int i = 0; i < 6; i++) {
            long o = (i / 3) * 8L + (i % 3) * 2L;
            m.setByte(o, (byte) in565[i]);
            m.setByte(o + 1, (byte) (in565[i] >> 8));
        }
        int r = Math.round((0x12 >> 3) * 255f / 31), g = Math.round((0x34 >> 2) * 255f / 63),
                b = Math.round((0x56 >> 3) * 255f / 31);
        int[] expected = {r << 16 | g << 8 | b, 0xff0000, 0x00ff00, 0x0000ff, 0xffffff, 0};
        assertArrayEquals(expected, convert(new PixelConverter(3, 2, 8, 16, LSB, 0xf800, 0x07e0, 0x001f), m));
    }

    @Test
    void rejectsWhatItCannotConvert() {
        assertThrows(IllegalArgumentException.class, () -> new PixelConverter(3, 2, 4, 8, LSB, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PixelConverter(3, 2, 12, 32, LSB, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PixelConverter(3, 2, 8, 32, LSB, 0xff0000, 0xff00, 0xff));
        assertThrows(IllegalArgumentException.class, () -> new PixelConverter(3, 2, 6, 16, LSB, 0xff0000, 0xff00, 0xff));
    }
}
