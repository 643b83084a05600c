package dev.understudy.trace;

import java.util.Arrays;

/**
 * A decoded tile batch: its tiles' ids and sizes, and their planar bytes one after the other in
 * {@link #raw}. Not changed once built, so readers may hold it after it left the {@link BatchCache}.
 */
final class DecodedBatch {
    final long[] hi;
    final long[] lo;
    final int[] w;
    final int[] h;
    /** Where each tile's bytes start in {@link #raw}. */
    final int[] off;
    final byte[] raw;

    DecodedBatch(int n, byte[] raw) {
        hi = new long[n];
        lo = new long[n];
        w = new int[n];
        h = new int[n];
        off = new int[n];
        this.raw = raw;
    }

    /** The position of the tile in the batch. */
    int find(TileId id) {
        for (int i = 0; i < hi.length; i++) if (hi[i] == id.hi() && lo[i] == id.lo()) return i;
        throw new TraceException("tile " + id.hex() + " is not in the batch its index names");
    }

    /** Bytes of the tile at position {@code k}. */
    int bytes(int k) {
        return TileCodec.bytes(w[k], h[k]);
    }

    /** A copy of the planar bytes of the tile at position {@code k}. */
    byte[] planar(int k) {
        return Arrays.copyOfRange(raw, off[k], off[k] + bytes(k));
    }
}
