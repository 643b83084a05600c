package dev.understudy.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's frame manifests ({@code frames/frames.ufl}): one append-only record per distinct
 * frame with its size, tile size and tile ids. A <b>key</b> record lists every tile; a
 * <b>delta</b> record lists only the positions that differ from the previous record of the same
 * size, so a frame that changed in one place costs a few dozen bytes. A key is written at least
 * every {@link #MAX_CHAIN} records of a size, so reading any frame decodes at most that many
 * (small) records; sequential reads decode one each. A torn tail is ignored (and cut off if the
 * log is opened for writing again).
 *
 * <p>This class opens, indexes and appends to the log; {@link FrameLogFormat} is the byte layout,
 * {@link FramePayload} the tile lists inside a record, {@link FrameChain} rebuilds a frame from
 * its delta chain and {@link FrameLogTileScan} gives the tile collector the tiles of a log, even
 * a damaged one.
 */
final class FrameLog implements AutoCloseable {
    static final int FILE_HEADER = FrameLogFormat.FILE_HEADER;
    static final int RECORD_HEADER = FrameLogFormat.RECORD_HEADER;
    /** Longest run of delta records before a key. */
    static final int MAX_CHAIN = 32;

    /**
     * One frame as stored: size, tile size and the tile ids row by row ({@code redacted}: its pixels
     * do not hash to its id, see {@link FrameLogFormat#REDACTED}; {@code idFromTiles}: the id was
     * derived from the tile ids, format 4 on, see {@link FrameLogFormat#TILE_ID}).
     */
    record Frame(int width, int height, int tileSize, TileId[] tiles, boolean redacted, boolean idFromTiles) {
        Frame(int width, int height, int tileSize, TileId[] tiles) {
            this(width, height, tileSize, tiles, false, true);
        }
    }

    private record Last(long offset, TileId[] tiles, int chain) {}

    private final Path file;
    private final boolean writable;
    private FileChannel ch;
    private final Map<String, long[]> records = new HashMap<>(); // id -> {offset, length}
    private final Map<Long, Last> last = new HashMap<>(); // (w, h, tile size) -> latest record
    private final FrameChain chains;
    private long validEnd;
    private long newTileBytes;
    private boolean dirty;
    private boolean closed;
    private final List<String> problems = new ArrayList<>();

    FrameLog(Path file, boolean writable) {
        this.file = file;
        this.writable = writable;
        this.chains = new FrameChain(file);
        try {
            if (writable) {
                Files.createDirectories(file.getParent());
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                if (ch.size() < FILE_HEADER) {
                    ch.truncate(0);
                    ByteBuffer h = FrameLogFormat.fileHeader();
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
        if (ch.size() < FILE_HEADER || !FileChannels.readFully(ch, h, 0) || !FrameLogFormat.isFileHeader(h)) {
            throw new TraceException(file + " is not a frame log of format " + FrameLogFormat.FILE_FORMAT);
        }
        validEnd = FILE_HEADER;
    }

    /** Indexes the complete records after {@link #validEnd}; stops at the first torn or damaged one. */
    private void scan() throws IOException {
        if (ch == null) return;
        long size = ch.size();
        ByteBuffer rec;
        while ((rec = FrameLogFormat.intactRecord(ch, validEnd, size)) != null) {
            int len = rec.capacity();
            records.putIfAbsent(FrameLogFormat.id(rec), new long[] {validEnd, len});
            newTileBytes += FrameLogFormat.tileBytes(rec);
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
        FileChannels.closeQuietly(ch);
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
            return chains.rebuild(ch, validEnd, id, r[0], (int) r[1]);
        } catch (IOException e) {
            throw new TraceException("cannot read frame log " + file + ": " + e.getMessage(), e);
        } finally {
            release();
        }
    }

    /**
     * Appends a frame record: a delta against the previous record of the same size when at most
     * half the tiles differ from it and the chain is short enough, a key otherwise. Returns the
     * bytes written.
     */
    synchronized long append(String id, int w, int h, int ts, TileId[] tiles, long tileBytes) {
        return append(id, w, h, ts, tiles, tileBytes, false);
    }

    /**
     * As {@link #append(String, int, int, int, TileId[], long)}; {@code redacted} flags the record
     * {@link FrameLogFormat#REDACTED}. Every record written is flagged {@link FrameLogFormat#TILE_ID}.
     */
    synchronized long append(String id, int w, int h, int ts, TileId[] tiles, long tileBytes, boolean redacted) {
        if (!writable || closed) throw new TraceException("frame log " + file + " is not open for writing");
        long dims = (long) w << 32 | (long) h << 16 | ts;
        Last key = last.get(dims);
        List<Integer> changed = new ArrayList<>();
        if (key != null) {
            for (int i = 0; i < tiles.length; i++) if (!tiles[i].equals(key.tiles()[i])) changed.add(i);
        }
        boolean delta = key != null && key.chain() < MAX_CHAIN && changed.size() * 2 <= tiles.length;
        byte[] raw = delta ? FramePayload.delta(tiles, changed) : FramePayload.key(tiles);
        ByteBuffer rec = FrameLogFormat.encode(id, delta,
                FrameLogFormat.TILE_ID | (redacted ? FrameLogFormat.REDACTED : 0), w, h, ts, delta ? key.offset() : -1L, tileBytes, raw);
        int len = rec.remaining();
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
     * Adds every tile any frame of the log names to {@code into} ({@link FrameLogTileScan}): the
     * readable prefix like a reader reads it, then the intact records after a torn or damaged one,
     * erring on the side of keeping. A file shorter than the header holds no frame. Throws
     * TraceException when the log cannot be read at all (not a frame log, an I/O error, a record
     * whose checksum holds but whose payload does not decode).
     */
    static TileScan collectTiles(Path file, TileIdSet into) {
        return FrameLogTileScan.collect(file, into);
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
            FileChannels.closeQuietly(ch);
        }
    }
}
