package dev.understudy.trace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The device-wide tile pack ({@code DATA/tiles/}): content-addressed screen tiles shared by every
 * frame of every session of the device, in append-only pack files with a per-pack index.
 *
 * <p>Tiles are appended in <b>batches</b> (the new tiles of one frame), each batch one zstd frame
 * over the tiles' planar bytes. A batch may name <b>reference tiles</b> (in practice: what the same
 * screen positions held in the previous frame); their bytes are the zstd dictionary the batch was
 * compressed with, so a line of text that scrolled or a word that grew costs only the difference.
 * Decoding a batch first decodes its references; the reference depth is capped at
 * {@link #MAX_DEPTH}, which bounds the work of a random read.
 *
 * <p>Crash safety: a pack is only appended to; a record whose bytes are incomplete or fail their
 * CRC ends the readable part of the pack and is cut off by the next writer. The index files are an
 * accelerator written after the pack is synced; a missing or torn index is rebuilt by scanning.
 * One writer per pack, held by an OS lock on the pack file; a second writing process starts a new
 * pack. Readers pick up what a live writer appended when they miss a tile.
 *
 * <p>This class is the entry point and the lock; the work is done by its parts: {@link PackFormat}
 * (the layout of records and index entries), {@link PackFiles} (opening, scanning and refreshing
 * the packs) with its {@link PackIndex}, {@link PackWriter} (appending, locks, roll-over, torn
 * tails), {@link BatchCodec} (zstd and sealing), {@link BatchCache} (decoded batches) and
 * {@link TileGcCoordinator} (what {@link TileGc} needs). A data directory's instance is
 * {@link DataDir#tilePack()}.
 *
 * <p>Layouts: docs/trace-format.md. Thread-safe: every method runs under this object's monitor,
 * which guards the parts.
 */
public final class TilePack implements AutoCloseable {
    /** Longest chain of reference batches a batch may sit on. */
    public static final int MAX_DEPTH = PackFormat.MAX_DEPTH;
    /**
     * zstd level of small tile batches (a few changed tiles: typing, a click). Compressing against
     * reference tiles gains much from a deeper match search (docs/benchmarks.md).
     */
    public static final int DEFAULT_LEVEL = 9;
    /**
     * zstd level of large batches (a scroll, a window switch). 11 is the first level with zstd's
     * binary-tree match finder, which finds the rows a scroll moved among megabytes of reference
     * tiles where the lazy finder of levels 6 to 10 mostly does not: 11.6x fewer bytes than PNG on
     * a scrolling terminal against 6.8x at level 6, and 17 % fewer bytes on the synthetic office
     * session, for about 30 % more CPU per large batch (docs/benchmarks.md, "zstd levels").
     */
    public static final int DEFAULT_LARGE_LEVEL = 11;
    /** Raw bytes from which a batch is large: 21 tiles of 64 x 64. */
    public static final int LARGE_BATCH_BYTES = 256 * 1024;
    static final long DEFAULT_ROLL_BYTES = 256L << 20;

    private final Path dir;
    private final PackFiles files;
    private final PackWriter writer;
    private final BatchCodec codec;
    private final BatchCache cache = new BatchCache(BatchCache.maxBytes());
    private final TileGcCoordinator gc = new TileGcCoordinator(this);
    private long appendedBytes;
    private long batches;
    private boolean closed;

    /** One tile to append: its id, size and planar bytes. */
    record NewTile(TileId id, int w, int h, byte[] planar) {}

    /** A decoded tile. */
    public record Tile(int width, int height, byte[] planar) {}

    private TilePack(Path dir, long rollBytes) {
        this.dir = dir;
        this.files = new PackFiles(dir);
        this.writer = new PackWriter(files, rollBytes);
        this.codec = new BatchCodec(dir.getParent());
    }

    /** A private instance (tools and tests); close it when done. */
    public static TilePack open(Path dir) {
        return open(dir, DEFAULT_ROLL_BYTES);
    }

    static TilePack open(Path dir, long rollBytes) {
        return new TilePack(dir.toAbsolutePath().normalize(), rollBytes);
    }

    public Path dir() {
        return dir;
    }

    /** Sets the zstd levels of the small and the large batches appended from now on (benchmarks compare levels). */
    public synchronized void compressionLevel(int level, int largeLevel) {
        codec.levels(level, largeLevel);
    }

    // ---------------------------------------------------------------- parts (for TileGcCoordinator)

    PackFiles files() {
        return files;
    }

    PackWriter writer() {
        return writer;
    }

    BatchCache cache() {
        return cache;
    }

    /** What a tile collection works with: pins, pack locks, the swap. */
    TileGcCoordinator gc() {
        return gc;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    void ensureOpen() {
        if (closed) throw new TraceException("tile pack " + dir + " is closed");
    }

    // ---------------------------------------------------------------- queries

    public synchronized boolean contains(TileId id) {
        return files.index().find(id) >= 0;
    }

    /**
     * Whether the pack has the tile; when it has, a session writer about to name it in a frame
     * pins it in {@code pins}, so a concurrent {@link TileGc} keeps it.
     */
    synchronized boolean containsPinning(TileId id, TileIdSet pins) {
        boolean has = files.index().find(id) >= 0;
        if (has && pins != null) pins.add(id);
        return has;
    }

    /** Reference depth of the batch holding the tile, or -1 when the tile is not in the pack. */
    public synchronized int depthOf(TileId id) {
        PackIndex index = files.index();
        int s = index.find(id);
        return s < 0 ? -1 : PackFormat.depthOf(index.loc(s));
    }

    /** Distinct tiles in the pack. */
    public synchronized int tileCount() {
        return files.index().size();
    }

    /** Batches appended by this instance. */
    public synchronized long appendedBatches() {
        return batches;
    }

    /** Bytes appended to the packs by this instance. */
    public synchronized long appendedBytes() {
        return appendedBytes;
    }

    /** What could not be read while opening (damaged packs or indexes), one line each. */
    public synchronized List<String> problems() {
        return files.problems();
    }

    /** Bytes of every pack and index file. */
    public long diskBytes() {
        return PackFiles.diskBytes(dir);
    }

    // ---------------------------------------------------------------- reading

    /*
     * Reads do not hold the pack's lock while they decode: a writer (the recorder's screen thread)
     * appends while a reader (OCR, an export) decompresses batches and their reference chains. Only
     * finding a tile's batch, reading its record and looking at the cache happen under the lock,
     * together, so they see one layout of the packs; a tile collection that moves batches meanwhile
     * bumps the cache's generation, and a batch decoded from before the move is returned but not
     * cached under its old place.
     */

    /** The tile's pixels (planar bytes), decoding its batch and the batches it refers to. */
    public Tile read(TileId id) {
        DecodedBatch b = batchOf(id);
        int k = b.find(id);
        return new Tile(b.w[k], b.h[k], b.planar(k));
    }

    /** Writes the tile's pixels as ints at (x0, y0) of {@code dst}. Returns false if its size is not w x h. */
    boolean readInto(TileId id, int w, int h, int[] dst, int stride, int x0, int y0) {
        DecodedBatch b = batchOf(id);
        int k = b.find(id);
        if (b.w[k] != w || b.h[k] != h) return false;
        TileCodec.unplanar(b.raw, b.off[k], w, h, dst, 0, stride, x0, y0);
        return true;
    }

    /** A batch found under the lock: decoded already, or its record to decode. */
    private record Located(long key, DecodedBatch cached, byte[] record, String file, long generation) {}

    /** The decoded batch holding the tile (decoded outside the pack's lock when it is not cached). */
    private DecodedBatch batchOf(TileId id) {
        Located at = locate(id);
        if (at.cached() != null) return at.cached();
        DecodedBatch b = decode(at);
        cache.put(at.key(), b, at.generation());
        return b;
    }

    /** Finds the tile's batch; looks at what other writers appended when the index misses it. */
    private synchronized Located locate(TileId id) {
        ensureOpen();
        int s = files.index().find(id);
        if (s < 0) {
            files.refresh(writer.current());
            s = files.index().find(id);
        }
        if (s < 0) throw new TraceException("tile " + id.hex() + " is missing from " + dir);
        PackIndex index = files.index();
        long key = PackFormat.batchKey(index.loc(s));
        DecodedBatch cached = cache.get(key);
        if (cached != null) return new Located(key, cached, null, null, 0);
        byte[] a = files.readRecord(key, index.length(s));
        String file = files.packs().get(PackFormat.packOf(key)).path.getFileName().toString();
        return new Located(key, null, a, file, cache.generation());
    }

    /** Decodes a batch record (with the batches it refers to), without the pack's lock. */
    private DecodedBatch decode(Located at) {
        long key = at.key();
        byte[] a = at.record();
        long off = PackFormat.offsetOf(key);
        String file = at.file();
        ByteBuffer rec = ByteBuffer.wrap(a);
        if (rec.getInt(0) != PackFormat.BATCH_MAGIC || !PackFormat.crcHolds(a)) {
            throw new TraceException("tile batch at " + off + " of " + file + " is corrupt");
        }
        PackFormat.BatchHeader h = PackFormat.batchHeader(rec);
        int n = h.tiles();
        int rawLen = h.rawLength();
        DecodedBatch b = new DecodedBatch(n, new byte[rawLen]);
        int o = 0;
        for (int i = 0; i < n; i++) {
            int e = PackFormat.BATCH_HEADER + i * PackFormat.TILE_ENTRY;
            b.hi[i] = rec.getLong(e);
            b.lo[i] = rec.getLong(e + 8);
            b.w[i] = rec.getShort(e + 16) & 0xffff;
            b.h[i] = rec.getShort(e + 18) & 0xffff;
            b.off[i] = o;
            o += b.bytes(i);
        }
        if (o != rawLen) throw new TraceException("tile batch at " + off + " of " + file + " is corrupt (sizes)");
        byte[] src = a;
        int payload = h.payloadStart();
        int c = h.payloadLength();
        if (h.sealed()) { // encrypted at rest by SpoolCipher
            src = codec.open(a, payload, c, n, rawLen);
            payload = 0;
            c = src.length;
        }
        byte[] dict = null;
        if (h.refs() > 0) { // sized first, then filled: a dictionary can be megabytes, copied once
            DecodedBatch[] rbs = new DecodedBatch[h.refs()];
            int[] ks = new int[h.refs()];
            int size = PackFormat.DICT_PREFIX.length;
            for (int i = 0; i < h.refs(); i++) {
                int refAt = h.refsStart() + i * PackFormat.REF_ENTRY;
                TileId ref = new TileId(rec.getLong(refAt), rec.getLong(refAt + 8));
                rbs[i] = batchOf(ref);
                ks[i] = rbs[i].find(ref);
                size += rbs[i].bytes(ks[i]);
            }
            dict = new byte[size];
            System.arraycopy(PackFormat.DICT_PREFIX, 0, dict, 0, PackFormat.DICT_PREFIX.length);
            int pos = PackFormat.DICT_PREFIX.length;
            for (int i = 0; i < rbs.length; i++) {
                int bytes = rbs[i].bytes(ks[i]);
                System.arraycopy(rbs[i].raw, rbs[i].off[ks[i]], dict, pos, bytes);
                pos += bytes;
            }
        }
        DecodeHook hook = decodeHook;
        if (hook != null) hook.decoding(key);
        int got = codec.decompress(src, payload, c, b.raw, dict);
        if (got != rawLen) throw new TraceException("tile batch at " + off + " of " + file + " decodes to the wrong size");
        return b;
    }

    /** Tests: told each time a batch is decompressed (outside the pack's lock). */
    interface DecodeHook {
        void decoding(long batchKey);
    }

    private volatile DecodeHook decodeHook;

    void decodeHook(DecodeHook hook) {
        this.decodeHook = hook;
    }

    // ---------------------------------------------------------------- writing

    /**
     * Appends the tiles as one batch. {@code dict} is {@link PackFormat#DICT_PREFIX} followed by the
     * planar bytes of {@code refs} in order (or null when there are none); every ref must be in the
     * pack with a depth below {@link #MAX_DEPTH}. Returns the bytes appended.
     */
    synchronized long append(List<NewTile> tiles, List<TileId> refs, byte[] dict) {
        return append(tiles, refs, dict, null);
    }

    /** {@link #append(List, List, byte[])}, pinning the tiles and references for the writer that owns {@code pins}. */
    synchronized long append(List<NewTile> tiles, List<TileId> refs, byte[] dict, TileIdSet pins) {
        ensureOpen();
        if (tiles.isEmpty()) return 0;
        int depth = 0;
        for (TileId r : refs) {
            int d = depthOf(r);
            if (d < 0 || d >= MAX_DEPTH) throw new IllegalArgumentException("reference tile " + r + " unusable (depth " + d + ")");
            depth = Math.max(depth, d + 1);
        }
        int rawLen = 0;
        for (NewTile t : tiles) rawLen += t.planar().length;
        byte[] raw = new byte[rawLen];
        long[] ids = new long[2 * tiles.size()];
        int o = 0;
        for (int i = 0; i < tiles.size(); i++) {
            NewTile t = tiles.get(i);
            System.arraycopy(t.planar(), 0, raw, o, t.planar().length);
            o += t.planar().length;
            ids[2 * i] = t.id().hi();
            ids[2 * i + 1] = t.id().lo();
        }
        BatchCodec.Payload payload = codec.encode(raw, refs.isEmpty() ? null : Objects.requireNonNull(dict, "dict"), tiles.size());
        byte[] rec = PackFormat.batchRecord(tiles, refs, rawLen, payload.bytes(), depth, payload.sealed());
        writer.append(rec, depth, ids);
        if (pins != null) {
            for (NewTile t : tiles) pins.add(t.id());
            for (TileId r : refs) pins.add(r);
        }
        appendedBytes += rec.length;
        batches++;
        return rec.length;
    }

    /**
     * Makes everything appended so far durable (fsync of the pack), then extends the index. The
     * session writer calls it before it syncs events that name the frames.
     */
    public synchronized void sync() {
        writer.sync();
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        try {
            sync();
        } finally {
            closed = true;
            try {
                writer.release();
            } catch (IOException ignored) {
                // the OS drops locks with the process
            }
            files.close();
            codec.close();
            cache.clear();
        }
    }
}
