package dev.understudy.trace;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trace format 2 (and later) frame store: a frame is cut into square tiles (64 px, smaller at the right and
 * bottom edges) that live once per device in the {@link TilePack}; the session keeps only a frame
 * manifest per distinct frame in its {@link FrameLog}. A frame that changed in one place costs
 * the new tiles of that place, compressed against what the place showed before, plus a short
 * delta record.
 *
 * <p>The frame id (format 4) is derived from the tile ids ({@link FrameIds#fromTiles}); frames of
 * formats 2 and 3 were addressed by a hash of their pixels ({@link FrameIds#ofPixelBytes}) and their
 * records say so. Reads rebuild the exact pixels and check them against the id. {@link #put} runs
 * on the recorder's screen thread: tiles equal to the same tile of the previous frame of that size
 * are recognised by comparing ints, without hashing; only changed tiles are hashed (SHA-256) and
 * looked up, and the frame id hashes the tile ids (a few kilobytes), not the pixels.
 */
public final class TileFrameStore implements FrameStore {
    public static final int DEFAULT_TILE_SIZE = 64;
    /** Bytes of reference tiles one batch may be compressed against. */
    static final int MAX_DICT_BYTES = 8 << 20;
    private static final int PREVIOUS_SIZES = 4;

    private final java.util.function.Supplier<TilePack> packSource;
    private TilePack pack;
    private final Path logFile;
    private final boolean writable;
    private final int tileSize;
    private FrameLog log;
    private final MessageDigest sha = FrameIds.tileSha256();
    private boolean verifyReads = true;
    private boolean closed;
    private PutStats lastPut;
    /**
     * Tiles this writer stored or found already in the pack: a {@link TileGc} running meanwhile
     * keeps them, whatever the frame log on disk says yet. Writers only.
     */
    private final TileIdSet pins;
    private final Map<Long, Previous> previous = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Previous> e) {
            return size() > PREVIOUS_SIZES;
        }
    };

    /** The last frame stored of one size: its pixels (a private copy), tile ids and frame id. */
    private static final class Previous {
        final RgbPixels pixels;
        TileId[] tiles;
        String frameId;

        Previous(RgbPixels pixels) {
            this.pixels = pixels;
        }
    }

    /**
     * What one {@link #put} did.
     *
     * @param tiles tiles of the frame
     * @param changedTiles tiles that differ from the previous frame of the same size (all of them when there is none)
     * @param newTiles tiles the pack did not have
     * @param refTiles tiles of the previous frame the new ones were compressed against
     * @param tileBytes bytes appended to the tile pack
     * @param recordBytes bytes appended to the session's frame log (0 when the frame was already there)
     */
    public record PutStats(String id, int tiles, int changedTiles, int newTiles, int refTiles, long tileBytes,
                           long recordBytes, long nanos) {}

    public TileFrameStore(TilePack pack, Path frameLog, boolean writable, int tileSize) {
        this(() -> pack, frameLog, writable, tileSize);
    }

    /** With the pack opened on first use (listing sessions opens no pack). */
    private TileFrameStore(java.util.function.Supplier<TilePack> pack, Path frameLog, boolean writable, int tileSize) {
        if (tileSize < 8 || tileSize > 1024) throw new IllegalArgumentException("tile size " + tileSize);
        this.packSource = pack;
        this.logFile = frameLog;
        this.writable = writable;
        this.tileSize = tileSize;
        this.pins = writable ? new TileIdSet() : null;
        if (writable) log = new FrameLog(frameLog, true);
    }

    /**
     * The store of a session of a format-2 data directory, with a tile pack of its own (as another
     * process would have): {@link #forSession(DataDir, Path, boolean)} shares the data directory's.
     */
    public static TileFrameStore forSession(Path dataRoot, Path sessionDir, boolean writable) {
        return forSession(DataDir.at(dataRoot), sessionDir, writable);
    }

    /** The store of a session of a format-2 data directory (tiles shared through {@link DataDir#tilePack()}). */
    public static TileFrameStore forSession(DataDir data, Path sessionDir, boolean writable) {
        return new TileFrameStore(data::tilePack,
                sessionDir.resolve(TraceFormat.FRAMES_DIR).resolve(TraceFormat.FRAME_LOG), writable, DEFAULT_TILE_SIZE);
    }

    public synchronized TilePack pack() {
        if (pack == null) {
            pack = packSource.get();
            if (pins != null && !closed) pack.gc().pin(pins);
        }
        return pack;
    }

    public int tileSize() {
        return tileSize;
    }

    /** Whether reads recompute the frame id of the rebuilt pixels (default true; costs a SHA-256 of the frame). */
    public synchronized void verifyReads(boolean on) {
        this.verifyReads = on;
    }

    /** Statistics of the last {@link #put}, or null before the first. */
    public synchronized PutStats lastPut() {
        return lastPut;
    }

    private synchronized FrameLog log() {
        if (log == null) log = new FrameLog(logFile, false);
        return log;
    }

    @Override
    public synchronized String put(BufferedImage image) {
        return store(image, null);
    }

    /**
     * Stores {@code image} under {@code id}, whatever its pixels hash to. <b>Only for the portable
     * copy of a session made for upload</b>, whose frames are the redacted pixels of the original
     * frames and keep the original ids (so steps and exports name the same frames on the collector
     * as on the device). A frame whose pixels do not hash to {@code id} is flagged in the frame log
     * ({@link FrameLogFormat#REDACTED}) and its reads skip the id check; a store written with this
     * method is not also written with {@link #put}. Returns {@code id}; a second call with the same
     * id stores nothing.
     */
    public synchronized String putAs(String id, BufferedImage image) {
        if (!FrameIds.looksValid(id)) throw new TraceException("not a frame id: " + id);
        return store(image, id);
    }

    private String store(BufferedImage image, String as) {
        if (!writable) throw new TraceException("the frames of a finished session cannot be added to");
        if (closed) throw new TraceException("frame store " + logFile + " is closed");
        long t0 = System.nanoTime();
        TilePack tilePack = pack();
        RgbPixels px = RgbPixels.of(image);
        int w = px.width();
        int h = px.height();
        int ts = tileSize;
        long sizeKey = (long) w << 32 | h;
        Previous prev = previous.get(sizeKey);
        int cols = (w + ts - 1) / ts;
        int rows = (h + ts - 1) / ts;
        if (as != null && log.contains(as)) {
            lastPut = new PutStats(as, cols * rows, 0, 0, 0, 0, 0, System.nanoTime() - t0);
            return as;
        }
        if (prev != null && prev.pixels.sameAs(px)) {
            if (as != null) { // not in the log yet (checked above)
                long rb = log.append(as, w, h, ts, prev.tiles, 0, !as.equals(prev.frameId));
                lastPut = new PutStats(as, cols * rows, 0, 0, 0, 0, rb, System.nanoTime() - t0);
                return as;
            }
            lastPut = new PutStats(prev.frameId, cols * rows, 0, 0, 0, 0, 0, System.nanoTime() - t0);
            return prev.frameId;
        }
        // Which tiles changed: compared as ints with the previous frame of this size, no hashing.
        boolean[] same = new boolean[cols * rows];
        if (prev != null) {
            for (int ty = 0, i = 0; ty < rows; ty++) {
                int y0 = ty * ts;
                int th = Math.min(ts, h - y0);
                for (int tx = 0; tx < cols; tx++, i++) {
                    int x0 = tx * ts;
                    same[i] = prev.pixels.sameRect(px, x0, y0, Math.min(ts, w - x0), th);
                }
            }
        }
        TileId[] tiles = new TileId[cols * rows];
        byte[] buf = new byte[TileCodec.bytes(ts, ts)];
        List<TilePack.NewTile> fresh = new ArrayList<>();
        Set<TileId> freshIds = new HashSet<>();
        List<TileId> refs = new ArrayList<>();
        Set<TileId> refIds = new HashSet<>();
        ByteArrayOutputStream dict = null;
        int changed = 0;
        for (int ty = 0, i = 0; ty < rows; ty++) {
            int y0 = ty * ts;
            int th = Math.min(ts, h - y0);
            for (int tx = 0; tx < cols; tx++, i++) {
                int x0 = tx * ts;
                int tw = Math.min(ts, w - x0);
                if (same[i]) {
                    tiles[i] = prev.tiles[i];
                    continue;
                }
                changed++;
                int len = TileCodec.planar(px, x0, y0, tw, th, buf, 0);
                TileId t = TileId.of(sha, tw, th, buf, len);
                tiles[i] = t;
                if (freshIds.contains(t) || tilePack.containsPinning(t, pins)) continue;
                fresh.add(new TilePack.NewTile(t, tw, th, Arrays.copyOf(buf, len)));
                freshIds.add(t);
                if (prev == null) continue;
                TileId r = prev.tiles[i];
                int depth = tilePack.depthOf(r);
                if (depth < 0 || depth >= PackFormat.MAX_DEPTH || refIds.contains(r)) continue;
                if (dict == null) {
                    dict = new ByteArrayOutputStream(64 * 1024);
                    dict.writeBytes(PackFormat.DICT_PREFIX);
                }
                if (dict.size() + len > MAX_DICT_BYTES) continue;
                refIds.add(r);
                refs.add(r);
                int rl = TileCodec.planar(prev.pixels, x0, y0, tw, th, buf, 0);
                dict.write(buf, 0, rl);
            }
        }
        String id = FrameIds.fromTiles(w, h, ts, tiles); // format 4: from the tile ids, no hash over the pixels
        long tileBytes = fresh.isEmpty() ? 0 : tilePack.append(fresh, refs, dict == null ? null : dict.toByteArray(), pins);
        String recordId = as != null ? as : id;
        long recordBytes = log.contains(recordId) ? 0 : log.append(recordId, w, h, ts, tiles, tileBytes, !recordId.equals(id));
        if (prev == null) {
            prev = new Previous(px.copy());
            previous.put(sizeKey, prev);
        } else {
            px.copyInto(prev.pixels.data());
        }
        prev.tiles = tiles;
        prev.frameId = id; // what the pixels hash to (the put shortcut above returns it)
        lastPut = new PutStats(recordId, tiles.length, changed, fresh.size(), refs.size(), tileBytes, recordBytes, System.nanoTime() - t0);
        return recordId;
    }

    @Override
    public boolean contains(String id) {
        return FrameIds.looksValid(id) && log().contains(id);
    }

    @Override
    public BufferedImage read(String id) {
        if (!FrameIds.looksValid(id)) throw new TraceException("not a frame id: " + id);
        FrameLog.Frame f = log().read(id);
        int w = f.width();
        int h = f.height();
        int ts = f.tileSize();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        int cols = (w + ts - 1) / ts;
        TileId[] tiles = f.tiles();
        TilePack pack = pack();
        for (int i = 0; i < tiles.length; i++) {
            int x0 = (i % cols) * ts;
            int y0 = (i / cols) * ts;
            if (!pack.readInto(tiles[i], Math.min(ts, w - x0), Math.min(ts, h - y0), dst, w, x0, y0)) {
                throw new TraceException("frame " + id + ": tile " + tiles[i] + " has the wrong size");
            }
        }
        boolean verify;
        synchronized (this) {
            verify = verifyReads;
        }
        if (verify && !f.redacted() && !idOfPixels(f, img).equals(id)) {
            throw new TraceException("frame " + id + " does not rebuild to its pixels (corrupt tiles)");
        }
        return img;
    }

    /** What the rebuilt pixels of {@code f} hash to, the way its record's id was made (format 4: from tile ids). */
    private static String idOfPixels(FrameLog.Frame f, BufferedImage img) {
        return f.idFromTiles() ? FrameIds.ofTiles(RgbPixels.of(img), f.tileSize()) : FrameIds.ofPixelBytes(img);
    }

    /**
     * Where a frame's pixels live: its size, tile size and tile ids in rows from the top left. Bulk readers (the
     * dataset builder) use it to work on rows of tiles, reusing what they made of a row that an earlier frame shared.
     */
    public record Layout(int width, int height, int tileSize, TileId[] tiles, boolean redacted) {
        public int columns() {
            return (width + tileSize - 1) / tileSize;
        }

        public int rows() {
            return (height + tileSize - 1) / tileSize;
        }

        /** Pixel rows of tile row {@code row} (the bottom row may be shorter). */
        public int rowHeight(int row) {
            return Math.min(tileSize, height - row * tileSize);
        }
    }

    /** The layout of a stored frame; reads only its manifest record, no tiles. */
    public Layout layout(String id) {
        if (!FrameIds.looksValid(id)) throw new TraceException("not a frame id: " + id);
        FrameLog.Frame f = log().read(id);
        return new Layout(f.width(), f.height(), f.tileSize(), f.tiles(), f.redacted());
    }

    /**
     * Writes the pixels of one row of tiles as ints (0xRRGGBB) into {@code dst}, {@code width} ints a line from index
     * 0. The tiles come from their pack records, whose checksums are checked as they are decoded; unlike {@link #read},
     * the frame id is not recomputed (the caller sees a row, not the frame).
     */
    public void readTileRow(Layout f, int row, int[] dst) {
        int w = f.width();
        int ts = f.tileSize();
        int cols = f.columns();
        int h = f.rowHeight(row);
        TilePack pack = pack();
        for (int c = 0; c < cols; c++) {
            TileId t = f.tiles()[row * cols + c];
            int x0 = c * ts;
            if (!pack.readInto(t, Math.min(ts, w - x0), h, dst, w, x0, 0)) {
                throw new TraceException("tile " + t + " has the wrong size for its place");
            }
        }
    }

    /** The session's frame log plus the pack bytes its frames added (shared tiles count once, for the session that added them). */
    @Override
    public long diskBytes() {
        FrameLog l = log();
        return l.bytes() + l.newTileBytes();
    }

    /** Distinct frames in the session's log. */
    public int frameCount() {
        return log().frameCount();
    }

    @Override
    public void sync() {
        TilePack p;
        FrameLog l;
        synchronized (this) {
            p = pack;
            l = log;
        }
        if (p != null) p.sync();
        if (l != null) l.sync();
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        try {
            if (writable) sync();
        } finally {
            closed = true;
            if (log != null) log.close();
            if (pack != null && pins != null) pack.gc().unpin(pins);
            previous.clear();
        }
    }
}
