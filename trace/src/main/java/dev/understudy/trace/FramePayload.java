package dev.understudy.trace;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The (uncompressed) payload of a frame record (docs/trace-format.md, "Frame log"). It starts
 * with a <b>palette</b>: a varint count and that many 16-byte tile ids, in order of first use. A
 * <b>key</b> then has one varint palette index per tile position, row by row; a <b>delta</b> a
 * varint count of changed positions, then per position a varint gap (position - previous
 * position - 1) and a varint palette index. Stateless; a payload that does not decode throws
 * TraceException.
 */
final class FramePayload {
    private FramePayload() {}

    /** A key's payload: every tile of the frame. */
    static byte[] key(TileId[] tiles) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        Map<TileId, Integer> palette = new LinkedHashMap<>();
        for (TileId t : tiles) palette.putIfAbsent(t, palette.size());
        writePalette(raw, palette);
        for (TileId t : tiles) varint(raw, palette.get(t));
        return raw.toByteArray();
    }

    /** A delta's payload: the tiles at the {@code changed} positions (ascending). */
    static byte[] delta(TileId[] tiles, List<Integer> changed) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        Map<TileId, Integer> palette = new LinkedHashMap<>();
        for (int i : changed) palette.putIfAbsent(tiles[i], palette.size());
        writePalette(raw, palette);
        varint(raw, changed.size());
        int prev = -1;
        for (int i : changed) {
            varint(raw, i - prev - 1);
            varint(raw, palette.get(tiles[i]));
            prev = i;
        }
        return raw.toByteArray();
    }

    /** The {@code n} tiles of a key's payload. */
    static TileId[] decodeKey(byte[] raw, int n) {
        ByteBuffer in = ByteBuffer.wrap(raw);
        TileId[] palette = readPalette(in);
        TileId[] tiles = new TileId[n];
        for (int i = 0; i < n; i++) tiles[i] = palette[checkIndex(readVarint(in), palette.length)];
        return tiles;
    }

    /** Applies a delta's payload to the tiles of its base (in place) and returns them. */
    static TileId[] applyDelta(TileId[] tiles, byte[] raw) {
        ByteBuffer in = ByteBuffer.wrap(raw);
        TileId[] palette = readPalette(in);
        int c = readVarint(in);
        int pos = -1;
        for (int k = 0; k < c; k++) {
            pos += readVarint(in) + 1;
            tiles[checkIndex(pos, tiles.length)] = palette[checkIndex(readVarint(in), palette.length)];
        }
        return tiles;
    }

    /** The palette a payload starts with: every tile a key names, the changed ones of a delta. */
    static TileId[] palette(byte[] raw) {
        return readPalette(ByteBuffer.wrap(raw));
    }

    private static void writePalette(ByteArrayOutputStream out, Map<TileId, Integer> palette) {
        varint(out, palette.size());
        byte[] b = new byte[16];
        for (TileId t : palette.keySet()) {
            TileId.putLong(b, 0, t.hi());
            TileId.putLong(b, 8, t.lo());
            out.writeBytes(b);
        }
    }

    private static TileId[] readPalette(ByteBuffer in) {
        int u = readVarint(in);
        if (u < 0 || u > in.remaining() / 16) throw new TraceException("frame record palette is corrupt");
        TileId[] p = new TileId[u];
        for (int i = 0; i < u; i++) p[i] = new TileId(in.getLong(), in.getLong());
        return p;
    }

    private static int checkIndex(int i, int n) {
        if (i < 0 || i >= n) throw new TraceException("frame record is corrupt (index " + i + " of " + n + ")");
        return i;
    }

    /** An unsigned LEB128 varint (a negative int takes 5 bytes). */
    static void varint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    static int readVarint(ByteBuffer in) {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (!in.hasRemaining()) throw new TraceException("frame record is corrupt (short varint)");
            int b = in.get() & 0xff;
            v |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new TraceException("frame record is corrupt (long varint)");
    }
}
