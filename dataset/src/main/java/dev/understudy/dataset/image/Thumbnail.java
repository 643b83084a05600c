package dev.understudy.dataset.image;

/**
 * An image reduced to the summed luminance of its 4x4 blocks, and the 256-bit difference hash (dHash) computed from it.
 *
 * <p>The dHash: the blocks are grouped into 16 rows of 17 boxes, each box's mean luminance is compared with its right
 * neighbour's, one bit per comparison (256 bits: at 64, distinct screens of one layout came within a few bits of each
 * other, see docs/datasets.md). Working from blocks rather than pixels lets a frame's hash be assembled from the
 * blocks of rows of tiles met before (tiles are a multiple of 4 pixels), and gives the same hash whichever way the
 * frame was read.
 */
public final class Thumbnail {
    public static final int BLOCK = 4;

    private Thumbnail() {}

    /**
     * Luminance times 1000 ({@code 299 R + 587 G + 114 B} a pixel) summed over each 4x4 block, blocks row by row (at
     * most 16 x 255,000 a block: fits an int).
     */
    public static int[] blockSums(int[] rgb, int width, int lines) {
        int bw = (width + BLOCK - 1) / BLOCK;
        int bh = (lines + BLOCK - 1) / BLOCK;
        int[] sums = new int[bw * bh];
        for (int y = 0; y < lines; y++) {
            int row = (y / BLOCK) * bw;
            int o = y * width;
            for (int bx = 0; bx < bw; bx++) {
                int x1 = Math.min(width, (bx + 1) * BLOCK);
                int s = 0;
                for (int x = bx * BLOCK; x < x1; x++) {
                    int p = rgb[o + x];
                    s += 299 * ((p >> 16) & 0xff) + 587 * ((p >> 8) & 0xff) + 114 * (p & 0xff);
                }
                sums[row + bx] += s;
            }
        }
        return sums;
    }

    /** Rows and columns of comparisons: 16 x 16 = 256 bits. */
    public static final int GRID = 16;
    /** Longs in a hash. */
    public static final int WORDS = GRID * GRID / 64;

    /**
     * The 256-bit dHash of a {@code width} x {@code height} image from its {@link #blockSums}: 4 longs, bit
     * {@code 16 * row + col} (bit {@code i % 64} of long {@code i / 64}) set when box {@code col} of the row is brighter
     * than box {@code col + 1}.
     */
    public static long[] dHash(int[] sums, int width, int height) {
        int bw = (width + BLOCK - 1) / BLOCK;
        int bh = (height + BLOCK - 1) / BLOCK;
        long[][] mean = new long[GRID][GRID + 1];
        for (int r = 0; r < GRID; r++) {
            int y0 = Math.min(bh - 1, r * bh / GRID);
            int y1 = Math.max(y0 + 1, (r + 1) * bh / GRID);
            for (int c = 0; c <= GRID; c++) {
                int x0 = Math.min(bw - 1, c * bw / (GRID + 1));
                int x1 = Math.max(x0 + 1, (c + 1) * bw / (GRID + 1));
                long sum = 0;
                long pixels = 0;
                for (int by = y0; by < y1 && by < bh; by++) {
                    int rows = Math.min(BLOCK, height - by * BLOCK);
                    for (int bx = x0; bx < x1 && bx < bw; bx++) {
                        sum += sums[by * bw + bx];
                        pixels += (long) rows * Math.min(BLOCK, width - bx * BLOCK);
                    }
                }
                mean[r][c] = pixels == 0 ? 0 : sum / pixels;
            }
        }
        long[] bits = new long[WORDS];
        int i = 0;
        for (int r = 0; r < GRID; r++) {
            for (int c = 0; c < GRID; c++, i++) {
                if (mean[r][c] > mean[r][c + 1]) bits[i / 64] |= 1L << (i % 64);
            }
        }
        return bits;
    }

    /** Bits that differ between two hashes. */
    public static int distance(long[] a, long[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) n += Long.bitCount(a[i] ^ b[i]);
        return n;
    }
}
