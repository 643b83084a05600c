package dev.understudy.trace;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A session's frame manifests ({@code frames/frames.ufl}): one append-only record per distinct
 * frame with its size, tile size and tile ids. A <b>key</b> record lists every tile; a
 * <b>delta</b> record lists only the positions that differ from the previous record of the same
 * size, so a frame that changed in one place costs a few dozen bytes. A key is written at least
 * every {@link #MAX_CHAIN} records of a size, so reading any frame decodes at most that many
 * (small) records; sequential reads decode one each. A torn tail is ignored (and cut off if the
 * log is opened for writing again).
 */
final class FrameLog implements AutoCloseable {
    static final int FILE_MAGIC = 0x55464C47; // "UFLG"
    static final int RECORD_MAGIC = 0x5546524D; // "UFRM"
    static final int FORMAT = 1;
    static final int FILE_HEADER = 16;
    static final int RECORD_HEADER = 56;
    static final int KEY = 0;
    static final int DELTA = 1;
    private static final int LEVEL = 3;
    /** Longest run of delta records before a key. */
    static final int MAX_CHAIN = 32;

    /** One frame as stored: size, tile size and the tile ids row by row. */
    record Frame(int width, int height, int tileSize, TileId[] tiles) {}

    private record Last(long offset, TileId[] tiles, int chain) {}

    private final Path file;
    private final boolean writable;
    private FileChannel ch;
    private final Map<String, long[]> records = new HashMap<>(); // id -> {offset, length}
    private final Map<Long, Last> last = new HashMap<>(); // (w, h, tile size) -> latest record
    private long validEnd;
    private long newTileBytes;
    private boolean dirty;
    private boolean closed;
    private final List<String> problems = new ArrayList<>();
    private final LinkedHashMap<Long, TileId[]> keyCache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, TileId[]> e) {
            return size() > 4;
        }
    };

    FrameLog(Path file, boolean writable) {
        this.file = file;
        this.writable = writable;
        try {
            if (writable) {
                Files.createDirectories(file.getParent());
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                if (ch.size() < FILE_HEADER) {
                    ch.truncate(0);
                    ByteBuffer h = ByteBuffer.allocate(FILE_HEADER);
                    h.putInt(FILE_MAGIC).put((byte) FORMAT);
                    h.clear();
                    while (h.hasRemaining()) ch.write(h, h.position());
                    ch.force(true);
                    validEnd = FILE_HEADER;
                } else {
                    checkHeader();
                    scan();
                    if (ch.size() > validEnd) {
                        problems.add(file.getFileName() + ": cut a torn tail of " + (ch.size() - validEnd) + " bytes");
                        ch.truncate(validEnd);
                    }
                }
            } else if (Files.isRegularFile(file)) {
                ch = FileChannel.open(file, StandardOpenOption.READ);
                try {
                    checkHeader();
                    scan();
                } finally {
                    release();
                }
            } else {
                validEnd = 0; // not there yet: a live recorder may create it
            }
        } catch (IOException e) {
            throw new TraceException("cannot open frame log " + file + ": " + e.getMessage(), e);
        }
    }

    private void checkHeader() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(FILE_HEADER);
        if (ch.size() < FILE_HEADER || !FileChannels.readFully(ch, h, 0) || h.getInt(0) != FILE_MAGIC || (h.get(4) & 0xff) != FORMAT) {
            throw new TraceException(file + " is not a frame log of format " + FORMAT);
        }
        validEnd = FILE_HEADER;
    }

    /** Indexes the complete records after {@link #validEnd}. */
    private void scan() throws IOException {
        if (ch == null) return;
        long size = ch.size();
        ByteBuffer head = ByteBuffer.allocate(RECORD_HEADER);
        while (validEnd + RECORD_HEADER + 4 <= size) {
            head.clear();
            if (!FileChannels.readFully(ch, head, validEnd)) break;
            if (head.getInt(0) != RECORD_MAGIC || (head.get(4) & 0xff) != FORMAT) break;
            int p = head.getInt(52);
            if (p < 0 || validEnd + RECORD_HEADER + p + 4 > size) break;
            int len = RECORD_HEADER + p + 4;
            ByteBuffer rec = ByteBuffer.allocate(len);
            if (!FileChannels.readFully(ch, rec, validEnd)) break;
            CRC32 crc = new CRC32();
            crc.update(rec.array(), 0, len - 4);
            if ((int) crc.getValue() != rec.getInt(len - 4)) break;
            String id = java.util.HexFormat.of().formatHex(rec.array(), 16, 36);
            records.putIfAbsent(id, new long[] {validEnd, len});
            newTileBytes += rec.getInt(44) & 0xffffffffL;
            validEnd += len;
        }
    }

    synchronized boolean contains(String id) {
        if (records.containsKey(id)) return true;
        refresh();
        return records.containsKey(id);
    }

    private void refresh() {
        if (writable || closed) return;
        try {
            if (!acquire()) return;
            if (validEnd < FILE_HEADER) checkHeader();
            scan();
        } catch (IOException e) {
            throw new TraceException("cannot read frame log " + file + ": " + e.getMessage(), e);
        } finally {
            release();
        }
    }

    /** Readers hold no file open between calls (a session reader is never closed). */
    private boolean acquire() throws IOException {
        if (ch != null) return true;
        if (closed || !Files.isRegularFile(file)) return false;
        ch = FileChannel.open(file, StandardOpenOption.READ);
        return true;
    }

    private void release() {
        if (writable || ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        ch = null;
    }

    synchronized int frameCount() {
        return records.size();
    }

    synchronized long bytes() {
        return validEnd;
    }

    /** Pack bytes the frames of this log added, as recorded with each frame. */
    synchronized long newTileBytes() {
        return newTileBytes;
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    synchronized Frame read(String id) {
        long[] r = records.get(id);
        if (r == null) {
            refresh();
            r = records.get(id);
        }
        if (r == null) throw new TraceException("frame " + id + " is missing from " + file);
        try {
            if (!acquire()) throw new TraceException("frame log " + file + " is gone");
            return decode(id, r);
        } catch (IOException e) {
            throw new TraceException("cannot read frame log " + file + ": " + e.getMessage(), e);
        } finally {
            release();
        }
    }

    private Frame decode(String id, long[] r) {
        ByteBuffer rec = record(r[0], (int) r[1]);
        int ts = rec.getShort(6) & 0xffff;
        int w = rec.getInt(8);
        int h = rec.getInt(12);
        int n = tileCount(w, h, ts);
        // walk back to a key (or a record decoded before), then forward
        List<ByteBuffer> chain = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        long off = r[0];
        TileId[] tiles = null;
        while (true) {
            TileId[] cached = keyCache.get(off);
            if (cached != null) {
                tiles = cached.clone();
                break;
            }
            chain.add(rec);
            offsets.add(off);
            if (rec.get(5) == KEY) break;
            if (chain.size() > MAX_CHAIN + 1) throw new TraceException("frame " + id + ": delta chain too long in " + file);
            off = rec.getLong(36);
            if (off < FILE_HEADER || off >= offsets.get(offsets.size() - 1)) throw new TraceException("frame " + id + ": bad base record in " + file);
            rec = record(off, -1);
            if (rec.getInt(8) != w || rec.getInt(12) != h || (rec.getShort(6) & 0xffff) != ts) {
                throw new TraceException("frame " + id + ": base record of another size in " + file);
            }
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            ByteBuffer c = chain.get(i);
            byte[] raw = payload(c);
            tiles = c.get(5) == KEY ? decodeKey(raw, n) : applyDelta(tiles, raw);
        }
        keyCache.put(r[0], tiles.clone());
        return new Frame(w, h, ts, tiles);
    }

    /** The record at {@code off}, its CRC checked ({@code len} < 0: read its length from the header). */
    private ByteBuffer record(long off, int len) {
        try {
            if (len < 0) {
                ByteBuffer head = ByteBuffer.allocate(RECORD_HEADER);
                if (off < FILE_HEADER || off + RECORD_HEADER > validEnd || !FileChannels.readFully(ch, head, off)) {
                    throw new TraceException("frame record at " + off + " of " + file + " is missing");
                }
                len = RECORD_HEADER + head.getInt(52) + 4;
            }
            if (off + len > validEnd) throw new TraceException("frame record at " + off + " of " + file + " is cut short");
            ByteBuffer rec = ByteBuffer.allocate(len);
            if (!FileChannels.readFully(ch, rec, off)) throw new TraceException("frame record at " + off + " of " + file + " is cut short");
            CRC32 crc = new CRC32();
            crc.update(rec.array(), 0, len - 4);
            if (rec.getInt(0) != RECORD_MAGIC || (int) crc.getValue() != rec.getInt(len - 4)) {
                throw new TraceException("frame record at " + off + " of " + file + " is corrupt");
            }
            return rec;
        } catch (IOException e) {
            throw new TraceException("cannot read frame log " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] payload(ByteBuffer rec) {
        int rawLen = rec.getInt(48);
        int p = rec.getInt(52);
        byte[] raw = new byte[rawLen];
        long got = Zstd.decompressByteArray(raw, 0, rawLen, rec.array(), RECORD_HEADER, p);
        if (Zstd.isError(got) || got != rawLen) throw new TraceException("frame record payload is corrupt");
        return raw;
    }

    static int tileCount(int w, int h, int ts) {
        return ((w + ts - 1) / ts) * ((h + ts - 1) / ts);
    }

    /**
     * Appends a frame record: a delta against the previous record of the same size when at most
     * half the tiles differ from it and the chain is short enough, a key otherwise. Returns the
     * bytes written.
     */
    synchronized long append(String id, int w, int h, int ts, TileId[] tiles, long tileBytes) {
        if (!writable || closed) throw new TraceException("frame log " + file + " is not open for writing");
        long dims = (long) w << 32 | (long) h << 16 | ts;
        Last key = last.get(dims);
        List<Integer> changed = new ArrayList<>();
        if (key != null) {
            for (int i = 0; i < tiles.length; i++) if (!tiles[i].equals(key.tiles()[i])) changed.add(i);
        }
        boolean delta = key != null && key.chain() < MAX_CHAIN && changed.size() * 2 <= tiles.length;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        if (delta) {
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
        } else {
            Map<TileId, Integer> palette = new LinkedHashMap<>();
            for (TileId t : tiles) palette.putIfAbsent(t, palette.size());
            writePalette(raw, palette);
            for (TileId t : tiles) varint(raw, palette.get(t));
        }
        byte[] r = raw.toByteArray();
        byte[] comp = Zstd.compress(r, LEVEL);
        int len = RECORD_HEADER + comp.length + 4;
        ByteBuffer rec = ByteBuffer.allocate(len);
        rec.putInt(RECORD_MAGIC).put((byte) FORMAT).put((byte) (delta ? DELTA : KEY)).putShort((short) ts);
        rec.putInt(w).putInt(h);
        rec.put(java.util.HexFormat.of().parseHex(id));
        rec.putLong(delta ? key.offset() : -1L);
        rec.putInt((int) Math.min(tileBytes, 0xffffffffL));
        rec.putInt(r.length).putInt(comp.length).put(comp);
        CRC32 crc = new CRC32();
        crc.update(rec.array(), 0, len - 4);
        rec.putInt((int) crc.getValue());
        rec.flip();
        long off = validEnd;
        try {
            while (rec.hasRemaining()) ch.write(rec, off + rec.position());
        } catch (IOException e) {
            try {
                ch.truncate(off);
            } catch (IOException ignored) {
                // cut off by the next open
            }
            throw new TraceException("cannot write frame log " + file + ": " + e.getMessage(), e);
        }
        validEnd += len;
        records.put(id, new long[] {off, len});
        last.put(dims, new Last(off, tiles.clone(), delta ? key.chain() + 1 : 0));
        newTileBytes += tileBytes;
        dirty = true;
        return len;
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

    private static TileId[] decodeKey(byte[] raw, int n) {
        ByteBuffer in = ByteBuffer.wrap(raw);
        TileId[] palette = readPalette(in);
        TileId[] tiles = new TileId[n];
        for (int i = 0; i < n; i++) tiles[i] = palette[checkIndex(readVarint(in), palette.length)];
        return tiles;
    }

    private static TileId[] applyDelta(TileId[] tiles, byte[] raw) {
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

    private static int checkIndex(int i, int n) {
        if (i < 0 || i >= n) throw new TraceException("frame record is corrupt (index " + i + " of " + n + ")");
        return i;
    }

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

    /**
     * What {@link #collectTiles} read from a log.
     *
     * @param records intact records of the readable prefix
     * @param readableEnd end of the readable prefix
     * @param size bytes of the file
     * @param salvaged intact records found after a damaged or torn one (counted as live, though readers stop before them)
     */
    record TileScan(int records, long readableEnd, long size, int salvaged) {}

    /**
     * Adds every tile any frame of the log names to {@code into}: the union of the records'
     * palettes (a key's palette lists all its tiles, a delta's the changed ones, and its base
     * records are earlier in the log). Reads the readable prefix like a reader does, then looks
     * for intact records after a torn or damaged one and counts their tiles too, erring on the
     * side of keeping. A file shorter than the header holds no frame. Throws TraceException when
     * the log cannot be read at all (not a frame log, an I/O error, a record whose checksum
     * holds but whose payload does not decode).
     */
    static TileScan collectTiles(Path file, TileIdSet into) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < FILE_HEADER) return new TileScan(0, size, size, 0);
            ByteBuffer h = ByteBuffer.allocate(FILE_HEADER);
            if (!FileChannels.readFully(ch, h, 0) || h.getInt(0) != FILE_MAGIC || (h.get(4) & 0xff) != FORMAT) {
                throw new TraceException(file + " is not a frame log of format " + FORMAT);
            }
            long pos = FILE_HEADER;
            int records = 0;
            ByteBuffer rec;
            while ((rec = intactRecord(ch, pos, size)) != null) {
                addPalette(rec, into, file, pos);
                records++;
                pos += rec.capacity();
            }
            long readableEnd = pos;
            int salvaged = 0;
            if (pos < size) {
                // After a torn or damaged record: any intact record further on still names its tiles.
                long tail = size - pos;
                if (tail > Integer.MAX_VALUE - 16) throw new TraceException(file + ": " + tail + " bytes after a damaged record");
                ByteBuffer rest = ByteBuffer.allocate((int) tail);
                FileChannels.readFully(ch, rest, pos);
                byte[] a = rest.array();
                for (int i = 1; i + RECORD_HEADER + 4 <= a.length; i++) {
                    if (rest.getInt(i) != RECORD_MAGIC) continue;
                    ByteBuffer r = intactRecord(ch, pos + i, size);
                    if (r == null) continue;
                    addPalette(r, into, file, pos + i);
                    salvaged++;
                    i += r.capacity() - 1;
                }
            }
            return new TileScan(records, readableEnd, size, salvaged);
        } catch (IOException e) {
            throw new TraceException("cannot read frame log " + file + ": " + e.getMessage(), e);
        }
    }

    /** The complete record at {@code pos} whose magic and CRC hold, or null. */
    private static ByteBuffer intactRecord(FileChannel ch, long pos, long size) throws IOException {
        if (pos + RECORD_HEADER + 4 > size) return null;
        ByteBuffer head = ByteBuffer.allocate(RECORD_HEADER);
        if (!FileChannels.readFully(ch, head, pos) || head.getInt(0) != RECORD_MAGIC || (head.get(4) & 0xff) != FORMAT) return null;
        int p = head.getInt(52);
        if (p < 0 || pos + RECORD_HEADER + (long) p + 4 > size) return null;
        int len = RECORD_HEADER + p + 4;
        ByteBuffer rec = ByteBuffer.allocate(len);
        if (!FileChannels.readFully(ch, rec, pos)) return null;
        CRC32 crc = new CRC32();
        crc.update(rec.array(), 0, len - 4);
        return (int) crc.getValue() == rec.getInt(len - 4) ? rec : null;
    }

    private static void addPalette(ByteBuffer rec, TileIdSet into, Path file, long pos) {
        int rawLen = rec.getInt(48);
        if (rawLen < 0 || rawLen > 1 << 28) throw new TraceException(file + ": frame record at byte " + pos + " has a bad length");
        try {
            TileId[] palette = readPalette(ByteBuffer.wrap(payload(rec)));
            for (TileId t : palette) into.add(t);
        } catch (TraceException e) {
            throw new TraceException(file + ": frame record at byte " + pos + " cannot be decoded (" + e.getMessage() + ")", e);
        }
    }

    synchronized void sync() {
        if (!writable || !dirty || closed) return;
        try {
            ch.force(false);
            dirty = false;
        } catch (IOException e) {
            throw new TraceException("cannot sync frame log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        try {
            sync();
        } finally {
            closed = true;
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
    }
}
