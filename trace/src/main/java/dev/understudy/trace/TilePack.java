package dev.understudy.trace;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;

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
 * <p>Layouts: docs/trace-format.md. Thread-safe.
 */
public final class TilePack implements AutoCloseable {
    static final int PACK_MAGIC = 0x5554504B; // "UTPK"
    static final int INDEX_MAGIC = 0x55544958; // "UTIX"
    static final int BATCH_MAGIC = 0x55545042; // "UTPB"
    static final int FORMAT = 1;
    static final int FILE_HEADER = 16;
    static final int INDEX_HEADER = 8;
    /** Index entry of one batch: offset 8, length 4, depth 1, reserved 3, tile count 4, then 16 per tile, then CRC 4. */
    static final int INDEX_ENTRY_FIXED = 20;
    static final int BATCH_HEADER = 24;
    static final int TILE_ENTRY = 20;
    static final int REF_ENTRY = 16;
    static final int CODEC_ZSTD_PLANAR = 1;
    /** Batch header byte 7, bit 0: the payload is sealed by {@link SpoolCipher} (encryption at rest). */
    static final int SEALED = 1;
    /** Longest chain of reference batches a batch may sit on. */
    public static final int MAX_DEPTH = 32;
    static final long DEFAULT_ROLL_BYTES = 256L << 20;
    /** Prefix of every reference dictionary, so it is never taken for a formatted zstd dictionary. */
    static final byte[] DICT_PREFIX = "UTDICT01".getBytes(StandardCharsets.US_ASCII);
    /**
     * zstd level of small tile batches (a few changed tiles: typing, a click). Compressing against
     * reference tiles gains much from a deeper match search (docs/benchmarks.md).
     */
    public static final int DEFAULT_LEVEL = 9;
    /** zstd level of large batches (a scroll, a window switch), where level 9 costs several times more CPU. */
    public static final int DEFAULT_LARGE_LEVEL = 6;
    /** Raw bytes from which a batch is large: 21 tiles of 64 x 64. */
    public static final int LARGE_BATCH_BYTES = 256 * 1024;
    private static final long CACHE_LIMIT = 48L << 20;
    private static final int MAX_TILES_PER_BATCH = 1 << 20;

    private static final Map<Path, TilePack> SHARED = new HashMap<>();

    private final Path dir;
    private final long rollBytes;
    private Index index = new Index();
    private final TreeMap<Integer, PackFile> packs = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    private final LinkedHashMap<Long, Batch> cache = new LinkedHashMap<>(64, 0.75f, true);
    private long cacheBytes;
    private PackFile writing;
    private final ByteArrayOutputStream pendingIndex = new ByteArrayOutputStream();
    private boolean dirty;
    private long appendedBytes;
    private long batches;
    private boolean closed;
    private boolean shared;
    private int level = DEFAULT_LEVEL;
    private int largeLevel = DEFAULT_LARGE_LEVEL;
    /** Seals new batches when the data directory's spool is encrypted; resolved at the first append. */
    private SpoolCipher cipher;
    private boolean cipherResolved;
    private ZstdCompressCtx plain;
    private ZstdCompressCtx withDict;
    private ZstdDecompressCtx dctx;
    /** Tiles each open session writer stored or deduplicated against (see {@link TileGc}). */
    private final List<TileIdSet> pinSets = new ArrayList<>();
    /** Pin sets of writers that closed while a collection ran: still counted until it ends. */
    private final List<TileIdSet> retiredPins = new ArrayList<>();
    private boolean gcRunning;

    /** One tile to append: its id, size and planar bytes. */
    record NewTile(TileId id, int w, int h, byte[] planar) {}

    /** A decoded tile. */
    public record Tile(int width, int height, byte[] planar) {}

    private static final class PackFile {
        final int no;
        final Path path;
        final Path indexPath;
        FileChannel ch;
        FileChannel rw;
        FileLock lock;
        FileChannel indexCh;
        long validEnd;
        long indexEnd;
        boolean usable = true;
        final ByteArrayOutputStream unindexed = new ByteArrayOutputStream();

        PackFile(Path dir, int no) {
            this.no = no;
            this.path = dir.resolve(String.format("pack-%06d.utp", no));
            this.indexPath = dir.resolve(String.format("pack-%06d.uti", no));
        }

        FileChannel reader() {
            return rw != null ? rw : ch;
        }
    }

    private TilePack(Path dir, long rollBytes) {
        this.dir = dir;
        this.rollBytes = rollBytes;
        loadAll();
    }

    /** The one instance for this directory in this JVM (recorder and readers share it). */
    public static TilePack shared(Path dir) {
        Path key = dir.toAbsolutePath().normalize();
        synchronized (SHARED) {
            TilePack p = SHARED.get(key);
            if (p == null || p.closed) {
                p = new TilePack(key, DEFAULT_ROLL_BYTES);
                p.shared = true;
                SHARED.put(key, p);
            }
            return p;
        }
    }

    /** A private instance (tools and tests); close it when done. */
    public static TilePack open(Path dir) {
        return new TilePack(dir.toAbsolutePath().normalize(), DEFAULT_ROLL_BYTES);
    }

    static TilePack open(Path dir, long rollBytes) {
        return new TilePack(dir.toAbsolutePath().normalize(), rollBytes);
    }

    public Path dir() {
        return dir;
    }

    /** Sets the zstd levels of the small and the large batches appended from now on (benchmarks compare levels). */
    public synchronized void compressionLevel(int level, int largeLevel) {
        this.level = level;
        this.largeLevel = largeLevel;
    }

    // ---------------------------------------------------------------- loading

    private void loadAll() {
        for (int no : packNumbersOnDisk()) {
            if (!packs.containsKey(no)) load(no);
        }
    }

    private List<Integer> packNumbersOnDisk() {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("pack-\\d{6}\\.utp"))
                    .map(n -> Integer.parseInt(n.substring(5, 11)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new TraceException("cannot list tile packs in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void load(int no) {
        PackFile p = new PackFile(dir, no);
        packs.put(no, p);
        try {
            p.ch = FileChannel.open(p.path, StandardOpenOption.READ);
            long size = p.ch.size();
            ByteBuffer h = ByteBuffer.allocate(FILE_HEADER);
            if (size < FILE_HEADER || !readFully(p.ch, h, 0) || h.getInt(0) != PACK_MAGIC || (h.get(4) & 0xff) != FORMAT) {
                problem(p.path.getFileName() + ": not a tile pack of format " + FORMAT + " (ignored)");
                p.usable = false;
                return;
            }
            long covered = loadIndex(p, size);
            p.validEnd = scan(p, Math.max(FILE_HEADER, covered), size);
        } catch (IOException e) {
            problem(p.path.getFileName() + ": unreadable (" + e.getMessage() + ")");
            p.usable = false;
        }
    }

    /** Loads the valid prefix of the pack's index; returns the end of the last record it covers. */
    private long loadIndex(PackFile p, long packSize) throws IOException {
        p.indexEnd = 0;
        if (!Files.isRegularFile(p.indexPath)) return FILE_HEADER;
        long covered = FILE_HEADER;
        byte[] all;
        try (FileChannel ic = FileChannel.open(p.indexPath, StandardOpenOption.READ)) {
            long size = ic.size();
            if (size > Integer.MAX_VALUE - 16) {
                problem(p.indexPath.getFileName() + ": too large (rebuilt from the pack)");
                return FILE_HEADER;
            }
            ByteBuffer b = ByteBuffer.allocate((int) size);
            readFully(ic, b, 0);
            all = b.array();
        }
        ByteBuffer in = ByteBuffer.wrap(all);
        if (all.length < INDEX_HEADER || in.getInt(0) != INDEX_MAGIC || (in.get(4) & 0xff) != FORMAT) {
            problem(p.indexPath.getFileName() + ": bad index header (rebuilt from the pack)");
            return FILE_HEADER;
        }
        int pos = INDEX_HEADER;
        CRC32 crc = new CRC32();
        while (pos + INDEX_ENTRY_FIXED + 4 <= all.length) {
            long off = in.getLong(pos);
            int len = in.getInt(pos + 8);
            int depth = in.get(pos + 12) & 0xff;
            int n = in.getInt(pos + 16);
            if (n <= 0 || n > MAX_TILES_PER_BATCH || pos + INDEX_ENTRY_FIXED + 16L * n + 4 > all.length) break;
            int entryLen = INDEX_ENTRY_FIXED + 16 * n + 4;
            crc.reset();
            crc.update(all, pos, entryLen - 4);
            if ((int) crc.getValue() != in.getInt(pos + entryLen - 4) || off < FILE_HEADER || len <= 0 || off + len > packSize
                    || depth > MAX_DEPTH) {
                problem(p.indexPath.getFileName() + ": index damaged at byte " + pos + " (rest rebuilt from the pack)");
                break;
            }
            for (int i = 0; i < n; i++) {
                int e = pos + INDEX_ENTRY_FIXED + 16 * i;
                index.put(in.getLong(e), in.getLong(e + 8), loc(p.no, off, depth), len);
            }
            covered = Math.max(covered, off + len);
            pos += entryLen;
        }
        if (pos < all.length) problem(p.indexPath.getFileName() + ": " + (all.length - pos) + " bytes after the last good entry ignored");
        p.indexEnd = pos;
        return covered;
    }

    /**
     * Scans records from {@code from}, indexing every complete and intact one; stops at the first
     * torn or damaged record. Entries found are queued for the pack's index. Returns the valid end.
     */
    private long scan(PackFile p, long from, long size) throws IOException {
        long pos = from;
        FileChannel ch = p.reader();
        ByteBuffer head = ByteBuffer.allocate(BATCH_HEADER);
        while (pos + BATCH_HEADER <= size) {
            head.clear();
            if (!readFully(ch, head, pos)) break;
            if (head.getInt(0) != BATCH_MAGIC || (head.get(4) & 0xff) != FORMAT) break;
            int depth = head.get(6) & 0xff;
            int n = head.getInt(8);
            int r = head.getInt(12);
            int rawLen = head.getInt(16);
            int c = head.getInt(20);
            if (n <= 0 || n > MAX_TILES_PER_BATCH || r < 0 || r > MAX_TILES_PER_BATCH || c < 0 || rawLen <= 0 || depth > MAX_DEPTH) break;
            long len = (long) BATCH_HEADER + (long) TILE_ENTRY * n + (long) REF_ENTRY * r + c + 4;
            if (len > Integer.MAX_VALUE || pos + len > size) break;
            ByteBuffer rec = ByteBuffer.allocate((int) len);
            if (!readFully(ch, rec, pos)) break;
            byte[] a = rec.array();
            CRC32 crc = new CRC32();
            crc.update(a, 0, a.length - 4);
            if ((int) crc.getValue() != rec.getInt(a.length - 4)) break;
            long sum = 0;
            long[] ids = new long[2 * n];
            for (int i = 0; i < n; i++) {
                int e = BATCH_HEADER + i * TILE_ENTRY;
                ids[2 * i] = rec.getLong(e);
                ids[2 * i + 1] = rec.getLong(e + 8);
                sum += TileCodec.bytes(rec.getShort(e + 16) & 0xffff, rec.getShort(e + 18) & 0xffff);
            }
            if (sum != rawLen) break;
            for (int i = 0; i < n; i++) index.put(ids[2 * i], ids[2 * i + 1], loc(p.no, pos, depth), (int) len);
            p.unindexed.writeBytes(indexEntry(pos, (int) len, depth, ids));
            pos += len;
        }
        // Anything after pos is a torn tail (or a live writer mid-record): the next writer cuts it off.
        return pos;
    }

    private void problem(String line) {
        if (!problems.contains(line) && problems.size() < 1000) problems.add(line);
    }

    /** Picks up what other writers appended since we looked (on a miss). */
    private void refresh() {
        // a pack that was unreadable (e.g. just being created by another process) is looked at again
        for (Iterator<PackFile> it = packs.values().iterator(); it.hasNext(); ) {
            PackFile p = it.next();
            if (!p.usable && p != writing) {
                closeQuietly(p.ch);
                it.remove();
            }
        }
        for (PackFile p : packs.values()) {
            if (p == writing || !p.usable) continue;
            try {
                long size = p.reader().size();
                if (size > p.validEnd) p.validEnd = scan(p, p.validEnd, size);
            } catch (IOException e) {
                problem(p.path.getFileName() + ": unreadable (" + e.getMessage() + ")");
            }
        }
        loadAll();
    }

    // ---------------------------------------------------------------- queries

    public synchronized boolean contains(TileId id) {
        return index.find(id.hi(), id.lo()) >= 0;
    }

    /**
     * Whether the pack has the tile; when it has, a session writer about to name it in a frame
     * pins it in {@code pins}, so a concurrent {@link TileGc} keeps it.
     */
    synchronized boolean containsPinning(TileId id, TileIdSet pins) {
        boolean has = index.find(id.hi(), id.lo()) >= 0;
        if (has && pins != null) pins.add(id);
        return has;
    }

    /** Registers the pin set of a session writer (until {@link #unpin}). */
    synchronized void pin(TileIdSet pins) {
        if (!pinSets.contains(pins)) pinSets.add(pins);
    }

    /** The writer closed: its frame log now names its tiles. A running collection still counts them. */
    synchronized void unpin(TileIdSet pins) {
        if (pinSets.remove(pins) && gcRunning) retiredPins.add(pins);
    }

    /** Reference depth of the batch holding the tile, or -1 when the tile is not in the pack. */
    public synchronized int depthOf(TileId id) {
        int s = index.find(id.hi(), id.lo());
        return s < 0 ? -1 : (int) (index.loc[s] >>> 56);
    }

    /** Distinct tiles in the pack. */
    public synchronized int tileCount() {
        return index.size;
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
        return List.copyOf(problems);
    }

    /** Bytes of every pack and index file. */
    public long diskBytes() {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".utp") || n.endsWith(".uti");
            }).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new TraceException("cannot list tile packs in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The tile's pixels (planar bytes), decoding its batch and the batches it refers to. */
    public synchronized Tile read(TileId id) {
        int s = slotOrRefresh(id);
        Batch b = batch(index.loc[s], index.len[s]);
        int k = b.find(id);
        return new Tile(b.w[k], b.h[k], Arrays.copyOfRange(b.raw, b.off[k], b.off[k] + TileCodec.bytes(b.w[k], b.h[k])));
    }

    /** Writes the tile's pixels as ints at (x0, y0) of {@code dst}. Returns false if its size is not w x h. */
    synchronized boolean readInto(TileId id, int w, int h, int[] dst, int stride, int x0, int y0) {
        int s = slotOrRefresh(id);
        Batch b = batch(index.loc[s], index.len[s]);
        int k = b.find(id);
        if (b.w[k] != w || b.h[k] != h) return false;
        TileCodec.unplanar(b.raw, b.off[k], w, h, dst, 0, stride, x0, y0);
        return true;
    }

    private int slotOrRefresh(TileId id) {
        ensureOpen();
        int s = index.find(id.hi(), id.lo());
        if (s < 0) {
            refresh();
            s = index.find(id.hi(), id.lo());
        }
        if (s < 0) throw new TraceException("tile " + id.hex() + " is missing from " + dir);
        return s;
    }

    /** A decoded batch: its tiles' ids, sizes and offsets into the raw bytes. */
    private static final class Batch {
        final long[] hi;
        final long[] lo;
        final int[] w;
        final int[] h;
        final int[] off;
        final byte[] raw;

        Batch(int n, byte[] raw) {
            hi = new long[n];
            lo = new long[n];
            w = new int[n];
            h = new int[n];
            off = new int[n];
            this.raw = raw;
        }

        int find(TileId id) {
            for (int i = 0; i < hi.length; i++) if (hi[i] == id.hi() && lo[i] == id.lo()) return i;
            throw new TraceException("tile " + id.hex() + " is not in the batch its index names");
        }
    }

    private Batch batch(long loc, int len) {
        long key = loc & ((1L << 56) - 1);
        Batch cached = cache.get(key);
        if (cached != null) return cached;
        PackFile p = packs.get((int) (key >>> 40));
        long off = key & ((1L << 40) - 1);
        ByteBuffer rec = ByteBuffer.allocate(len);
        try {
            if (p == null || !readFully(p.reader(), rec, off)) throw new TraceException("tile batch at " + off + " of pack " + (key >>> 40) + " is cut short");
        } catch (IOException e) {
            throw new TraceException("cannot read " + p.path + ": " + e.getMessage(), e);
        }
        byte[] a = rec.array();
        CRC32 crc = new CRC32();
        crc.update(a, 0, a.length - 4);
        if (rec.getInt(0) != BATCH_MAGIC || (int) crc.getValue() != rec.getInt(a.length - 4)) {
            throw new TraceException("tile batch at " + off + " of " + p.path.getFileName() + " is corrupt");
        }
        int n = rec.getInt(8);
        int r = rec.getInt(12);
        int rawLen = rec.getInt(16);
        int c = rec.getInt(20);
        int refStart = BATCH_HEADER + n * TILE_ENTRY;
        int payload = refStart + r * REF_ENTRY;
        Batch b = new Batch(n, new byte[rawLen]);
        int o = 0;
        for (int i = 0; i < n; i++) {
            int e = BATCH_HEADER + i * TILE_ENTRY;
            b.hi[i] = rec.getLong(e);
            b.lo[i] = rec.getLong(e + 8);
            b.w[i] = rec.getShort(e + 16) & 0xffff;
            b.h[i] = rec.getShort(e + 18) & 0xffff;
            b.off[i] = o;
            o += TileCodec.bytes(b.w[i], b.h[i]);
        }
        if (o != rawLen) throw new TraceException("tile batch at " + off + " of " + p.path.getFileName() + " is corrupt (sizes)");
        if ((rec.get(7) & SEALED) != 0) { // encrypted at rest by SpoolCipher
            SpoolCipher sc = SpoolCipher.forReading(dir.getParent());
            if (sc == null) throw new TraceException("tile batch is encrypted and this device has no key (" + SpoolCipher.defaultKeyFile() + ")");
            a = sc.open(a, payload, c, SpoolCipher.aad("TILE", n, rawLen));
            payload = 0;
            c = a.length;
        }
        if (dctx == null) dctx = new ZstdDecompressCtx();
        int got;
        if (r > 0) {
            ByteArrayOutputStream dict = new ByteArrayOutputStream();
            dict.writeBytes(DICT_PREFIX);
            for (int i = 0; i < r; i++) {
                TileId ref = new TileId(rec.getLong(refStart + i * REF_ENTRY), rec.getLong(refStart + i * REF_ENTRY + 8));
                int s = slotOrRefresh(ref);
                Batch rb = batch(index.loc[s], index.len[s]);
                int k = rb.find(ref);
                dict.write(rb.raw, rb.off[k], TileCodec.bytes(rb.w[k], rb.h[k]));
            }
            ZstdDecompressCtx d = new ZstdDecompressCtx();
            try {
                d.loadDict(dict.toByteArray());
                got = d.decompressByteArray(b.raw, 0, rawLen, a, payload, c);
            } finally {
                d.close();
            }
        } else {
            got = dctx.decompressByteArray(b.raw, 0, rawLen, a, payload, c);
        }
        if (got != rawLen) throw new TraceException("tile batch at " + off + " of " + p.path.getFileName() + " decodes to the wrong size");
        cache.put(key, b);
        cacheBytes += rawLen;
        for (Iterator<Map.Entry<Long, Batch>> it = cache.entrySet().iterator(); cacheBytes > CACHE_LIMIT && it.hasNext(); ) {
            Map.Entry<Long, Batch> e = it.next();
            if (e.getKey() == key) continue;
            cacheBytes -= e.getValue().raw.length;
            it.remove();
        }
        return b;
    }

    // ---------------------------------------------------------------- writing

    /**
     * Appends the tiles as one batch. {@code dict} is {@link #DICT_PREFIX} followed by the planar
     * bytes of {@code refs} in order (or null when there are none); every ref must be in the pack
     * with a depth below {@link #MAX_DEPTH}. Returns the bytes appended.
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
        int o = 0;
        for (NewTile t : tiles) {
            System.arraycopy(t.planar(), 0, raw, o, t.planar().length);
            o += t.planar().length;
        }
        byte[] comp;
        int lv = rawLen >= LARGE_BATCH_BYTES ? largeLevel : level;
        if (refs.isEmpty()) {
            if (plain == null) plain = new ZstdCompressCtx();
            plain.setLevel(lv);
            comp = plain.compress(raw);
        } else {
            if (withDict == null) withDict = new ZstdCompressCtx();
            withDict.setLevel(lv);
            withDict.loadDict(dict);
            comp = withDict.compress(raw);
            withDict.loadDict(new byte[0]); // do not keep megabytes of dictionary between frames
        }
        if (!cipherResolved) {
            cipher = SpoolCipher.forWriting(dir.getParent());
            cipherResolved = true;
        }
        int sealed = 0;
        if (cipher != null) {
            comp = cipher.seal(comp, SpoolCipher.aad("TILE", tiles.size(), rawLen));
            sealed = SEALED;
        }
        int len = BATCH_HEADER + TILE_ENTRY * tiles.size() + REF_ENTRY * refs.size() + comp.length + 4;
        ByteBuffer rec = ByteBuffer.allocate(len);
        rec.putInt(BATCH_MAGIC).put((byte) FORMAT).put((byte) CODEC_ZSTD_PLANAR).put((byte) depth).put((byte) sealed);
        rec.putInt(tiles.size()).putInt(refs.size()).putInt(rawLen).putInt(comp.length);
        for (NewTile t : tiles) rec.putLong(t.id().hi()).putLong(t.id().lo()).putShort((short) t.w()).putShort((short) t.h());
        for (TileId r : refs) rec.putLong(r.hi()).putLong(r.lo());
        rec.put(comp);
        CRC32 crc = new CRC32();
        crc.update(rec.array(), 0, len - 4);
        rec.putInt((int) crc.getValue());
        PackFile p = writer(len);
        long pos = p.validEnd;
        try {
            rec.flip();
            while (rec.hasRemaining()) p.rw.write(rec, pos + rec.position());
        } catch (IOException e) {
            try {
                p.rw.truncate(pos);
            } catch (IOException ignored) {
                // the torn record is cut off by the next open
            }
            throw new TraceException("cannot append tiles to " + p.path + ": " + e.getMessage(), e);
        }
        p.validEnd = pos + len;
        long[] ids = new long[2 * tiles.size()];
        for (int i = 0; i < tiles.size(); i++) {
            NewTile t = tiles.get(i);
            ids[2 * i] = t.id().hi();
            ids[2 * i + 1] = t.id().lo();
            index.put(t.id().hi(), t.id().lo(), loc(p.no, pos, depth), len);
        }
        pendingIndex.writeBytes(indexEntry(pos, len, depth, ids));
        if (pins != null) {
            for (NewTile t : tiles) pins.add(t.id());
            for (TileId r : refs) pins.add(r);
        }
        dirty = true;
        appendedBytes += len;
        batches++;
        return len;
    }

    /** The pack to append {@code len} bytes to: ours, or the next one once ours is full. */
    private PackFile writer(int len) {
        if (writing != null && (writing.validEnd + len <= rollBytes || writing.validEnd == FILE_HEADER)) return writing;
        try {
            if (writing != null) {
                sync();
                releaseWriter();
            } else {
                Map.Entry<Integer, PackFile> last = packs.lastEntry();
                if (last != null && last.getValue().usable && last.getValue().validEnd + len <= rollBytes && tryTake(last.getValue())) {
                    return writing;
                }
            }
            int no = packs.isEmpty() ? 1 : packs.lastKey() + 1;
            Files.createDirectories(dir);
            while (true) {
                PackFile p = new PackFile(dir, no);
                try {
                    p.rw = FileChannel.open(p.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    if (!packs.containsKey(no)) load(no);
                    no++;
                    continue;
                }
                p.lock = tryLock(p.rw);
                ByteBuffer h = ByteBuffer.allocate(FILE_HEADER);
                h.putInt(PACK_MAGIC).put((byte) FORMAT);
                h.clear();
                while (h.hasRemaining()) p.rw.write(h, h.position());
                p.rw.force(true);
                p.validEnd = FILE_HEADER;
                openIndexForWriting(p);
                packs.put(no, p);
                writing = p;
                return p;
            }
        } catch (IOException e) {
            throw new TraceException("cannot write tile packs in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Takes an existing pack for appending if no other writer holds it; cuts off a torn tail. */
    private boolean tryTake(PackFile p) throws IOException {
        FileChannel rw = FileChannel.open(p.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = tryLock(rw);
        if (lock == null) {
            // Closing this channel would drop locks this process holds on the file: keep it open.
            keepOpen.add(rw);
            return false;
        }
        p.rw = rw;
        p.lock = lock;
        long size = rw.size();
        if (size > p.validEnd) p.validEnd = scan(p, p.validEnd, size);
        if (size > p.validEnd) {
            problem(p.path.getFileName() + ": cut a torn tail of " + (size - p.validEnd) + " bytes");
            rw.truncate(p.validEnd);
            rw.force(true);
        }
        openIndexForWriting(p);
        writing = p;
        return true;
    }

    private final List<FileChannel> keepOpen = new ArrayList<>();

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private void openIndexForWriting(PackFile p) throws IOException {
        p.indexCh = FileChannel.open(p.indexPath, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (p.indexEnd < INDEX_HEADER) {
            p.indexCh.truncate(0);
            ByteBuffer h = ByteBuffer.allocate(INDEX_HEADER);
            h.putInt(INDEX_MAGIC).put((byte) FORMAT);
            h.clear();
            while (h.hasRemaining()) p.indexCh.write(h, h.position());
            p.indexEnd = INDEX_HEADER;
        } else if (p.indexCh.size() > p.indexEnd) {
            p.indexCh.truncate(p.indexEnd);
        }
        // Entries found by scanning go into the index once the pack is known to be on disk.
        p.rw.force(false);
        byte[] found = p.unindexed.toByteArray();
        p.unindexed.reset();
        writeIndex(p, found);
    }

    private void writeIndex(PackFile p, byte[] entries) throws IOException {
        if (entries.length == 0) return;
        ByteBuffer b = ByteBuffer.wrap(entries);
        while (b.hasRemaining()) p.indexCh.write(b, p.indexEnd + b.position());
        p.indexEnd += entries.length;
    }

    private void releaseWriter() throws IOException {
        PackFile p = writing;
        writing = null;
        if (p == null) return;
        if (p.indexCh != null) p.indexCh.close();
        p.indexCh = null;
        if (p.lock != null && p.lock.isValid()) p.lock.release();
        p.lock = null;
    }

    /**
     * Makes everything appended so far durable (fsync of the pack), then extends the index. The
     * session writer calls it before it syncs events that name the frames.
     */
    public synchronized void sync() {
        if (writing == null || (!dirty && pendingIndex.size() == 0)) return;
        try {
            writing.rw.force(false);
            byte[] entries = pendingIndex.toByteArray();
            pendingIndex.reset();
            writeIndex(writing, entries);
            dirty = false;
        } catch (IOException e) {
            throw new TraceException("cannot sync tile pack " + writing.path + ": " + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        if (closed) throw new TraceException("tile pack " + dir + " is closed");
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        try {
            sync();
        } finally {
            closed = true;
            try {
                releaseWriter();
            } catch (IOException ignored) {
                // the OS drops locks with the process
            }
            for (PackFile p : packs.values()) {
                closeQuietly(p.rw);
                closeQuietly(p.ch);
            }
            for (FileChannel c : keepOpen) closeQuietly(c);
            if (plain != null) plain.close();
            if (withDict != null) withDict.close();
            if (dctx != null) dctx.close();
            cache.clear();
            if (shared) {
                synchronized (SHARED) {
                    SHARED.remove(dir, this);
                }
            }
        }
    }

    private static void closeQuietly(FileChannel c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    // ---------------------------------------------------------------- garbage collection (TileGc)

    /** Names of a collection's temporary files in the tiles directory (never taken for packs). */
    static final String GC_TMP_PREFIX = "gc-";
    static final String GC_TMP_SUFFIX = ".tmp";
    private static final long BATCH_KEY_MASK = (1L << 56) - 1;

    /** One pack as a collection sees it when it begins (or, for {@link #gcExtents}, now). */
    static final class GcPack {
        final int no;
        final Path path;
        final Path indexPath;
        /** Readable end of the pack: batches lie in [{@link #FILE_HEADER}, end). */
        final long end;
        /** This instance's own channel: closing another channel on the file would drop this process's locks. */
        final FileChannel reader;
        /** Not open for appending, and held by the collection's lock: it may be rewritten. */
        final boolean sealed;
        FileChannel lockChannel;

        GcPack(PackFile p, long end, FileChannel reader, boolean sealed) {
            this.no = p.no;
            this.path = p.path;
            this.indexPath = p.indexPath;
            this.end = end;
            this.reader = reader;
            this.sealed = sealed;
        }
    }

    /** What a collection may work on, or why it may not run. */
    record GcStart(List<GcPack> packs, String refused, long leftoverBytes) {}

    /**
     * Begins a collection: syncs, picks up every pack on disk, removes what an interrupted
     * collection left (temporary files, an index whose pack is gone), and takes the OS lock of
     * every pack that is not open for appending, as a writer would. Refuses, holding nothing, when
     * a pack is locked by another writer (another process, or another instance in this one) or
     * cannot be read. The pack this instance appends to stays open for appending and is not
     * rewritten, unless {@code sealWriting}: then this instance stops appending to it (its next
     * batch starts a new pack) and it is locked like the others. Until {@link #gcEnd}, writers
     * that close keep their pins counted.
     */
    synchronized GcStart gcBegin(boolean sealWriting) {
        ensureOpen();
        if (gcRunning) return new GcStart(List.of(), "another tile collection is running in this process", 0);
        sync();
        if (sealWriting && writing != null) {
            try {
                releaseWriter();
            } catch (IOException e) {
                return new GcStart(List.of(), "cannot seal " + writing.path.getFileName() + " (" + e.getMessage() + ")", 0);
            }
        }
        refresh();
        long leftovers = removeGcLeftovers();
        List<GcPack> out = new ArrayList<>();
        String refused = null;
        for (PackFile p : packs.values()) {
            if (p == writing) {
                out.add(new GcPack(p, p.validEnd, p.rw, false));
                continue;
            }
            long size;
            try {
                size = Files.size(p.path);
            } catch (IOException e) {
                refused = p.path.getFileName() + " cannot be read (" + e.getMessage() + ")";
                break;
            }
            if (!p.usable && size >= FILE_HEADER) {
                refused = p.path.getFileName() + " is not a readable tile pack";
                break;
            }
            FileChannel lc;
            FileLock lock;
            boolean inThisProcess = false;
            try {
                lc = FileChannel.open(p.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                try {
                    lock = lc.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                    inThisProcess = true;
                }
            } catch (IOException e) {
                refused = p.path.getFileName() + " cannot be locked (" + e.getMessage() + ")";
                break;
            }
            if (lock == null) {
                if (inThisProcess) keepOpen.add(lc); // closing it would drop the other instance's lock
                else closeQuietly(lc);
                refused = p.path.getFileName() + " is open for writing by another " + (inThisProcess ? "tile store in this process" : "process");
                break;
            }
            // an unusable pack shorter than its header (a writer killed while creating it) holds no tiles
            GcPack g = new GcPack(p, p.usable ? p.validEnd : size, p.usable ? p.reader() : null, true);
            g.lockChannel = lc;
            out.add(g);
        }
        if (refused != null) {
            for (GcPack g : out) closeQuietly(g.lockChannel);
            return new GcStart(List.of(), refused, leftovers);
        }
        gcRunning = true;
        return new GcStart(out, null, leftovers);
    }

    /** Deletes temporary files of an interrupted collection and index files whose pack is gone; returns their bytes. */
    private long removeGcLeftovers() {
        if (!Files.isDirectory(dir)) return 0;
        long bytes = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                String n = f.getFileName().toString();
                boolean tmp = n.startsWith(GC_TMP_PREFIX) && n.endsWith(GC_TMP_SUFFIX);
                // a writer creates a pack before its index, so an index alone is a collection's leftover
                boolean orphanIndex = n.matches("pack-\\d{6}\\.uti") && !Files.exists(dir.resolve(n.substring(0, 11) + ".utp"));
                if (!tmp && !orphanIndex) continue;
                long size = Files.size(f);
                Files.deleteIfExists(f);
                bytes += size;
            }
        } catch (IOException e) {
            problem("cannot remove what an interrupted tile collection left: " + e.getMessage());
        }
        return bytes;
    }

    /** The batch that holds the tile for readers (pack number << 40 | offset), or -1 when the tile is not in the pack. */
    synchronized long batchOf(long hi, long lo) {
        int s = index.find(hi, lo);
        return s < 0 ? -1 : index.loc[s] & BATCH_KEY_MASK;
    }

    /** Every tile an open session writer (or one that closed during the collection) has pinned. */
    synchronized TileIdSet pinnedTiles() {
        TileIdSet all = new TileIdSet();
        for (TileIdSet p : pinSets) all.addAll(p);
        for (TileIdSet p : retiredPins) all.addAll(p);
        return all;
    }

    /** Every readable pack as it is now (no locks taken): what writers appended since {@link #gcBegin}. */
    synchronized List<GcPack> gcExtents() {
        ensureOpen();
        List<GcPack> out = new ArrayList<>();
        for (PackFile p : packs.values()) {
            if (p.usable) out.add(new GcPack(p, p.validEnd, p.reader(), false));
        }
        return out;
    }

    /** A pack number above every pack, index and pack number known, for a collection's output. */
    synchronized int gcNextPackNumber() {
        int max = packs.isEmpty() ? 0 : packs.lastKey();
        for (int no : packNumbersOnDisk()) max = Math.max(max, no);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                String n = f.getFileName().toString();
                if (n.matches("pack-\\d{6}\\.ut[pi]")) max = Math.max(max, Integer.parseInt(n.substring(5, 11)));
            }
        } catch (IOException e) {
            throw new TraceException("cannot list tile packs in " + dir + ": " + e.getMessage(), e);
        }
        return max + 1;
    }

    long rollBytes() {
        return rollBytes;
    }

    /**
     * Replaces rewritten packs by their compacted copies in memory: forgets every tile location in
     * the removed packs, closes them, and loads the new packs from their index files. Called with
     * the new packs already renamed into place and before the removed ones are deleted.
     */
    synchronized void gcSwap(java.util.Set<Integer> removed, List<Integer> added) {
        ensureOpen();
        Index fresh = new Index();
        for (int i = 0; i < index.loc.length; i++) {
            long l = index.loc[i];
            if (l == 0 || removed.contains((int) ((l & BATCH_KEY_MASK) >>> 40))) continue;
            fresh.put(index.hi[i], index.lo[i], l, index.len[i]);
        }
        index = fresh;
        for (int no : removed) {
            PackFile p = packs.remove(no);
            if (p == null) continue;
            if (p == writing) throw new IllegalStateException("the pack being appended to cannot be removed");
            closeQuietly(p.ch);
            closeQuietly(p.rw);
        }
        for (int no : added) load(no);
        cache.clear();
        cacheBytes = 0;
    }

    /** Ends a collection begun by {@link #gcBegin}: releases its pack locks and forgets retired pins. */
    synchronized void gcEnd(GcStart start) {
        gcRunning = false;
        retiredPins.clear();
        for (GcPack g : start.packs()) closeQuietly(g.lockChannel);
    }

    // ---------------------------------------------------------------- helpers

    /** Where a batch is: depth (8 bits), pack number (16 bits), offset in the pack (40 bits). */
    static long loc(int pack, long off, int depth) {
        if (pack > 0xffff || off >= 1L << 40) throw new TraceException("tile pack too large");
        return (long) depth << 56 | (long) pack << 40 | off;
    }

    /** The index entry of a batch; {@code ids} holds hi, lo of each tile. */
    static byte[] indexEntry(long off, int len, int depth, long[] ids) {
        int n = ids.length / 2;
        ByteBuffer e = ByteBuffer.allocate(INDEX_ENTRY_FIXED + 16 * n + 4);
        e.putLong(off).putInt(len).put((byte) depth).put((byte) 0).putShort((short) 0).putInt(n);
        for (long v : ids) e.putLong(v);
        CRC32 crc = new CRC32();
        crc.update(e.array(), 0, e.capacity() - 4);
        e.putInt((int) crc.getValue());
        return e.array();
    }

    /** Reads until {@code b} is full; false at end of file. */
    static boolean readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) return false;
            p += n;
        }
        return true;
    }

    /** Open-addressing table: 128-bit tile id to its batch (about 37 bytes of heap per tile). */
    private static final class Index {
        long[] hi = new long[1024];
        long[] lo = new long[1024];
        long[] loc = new long[1024]; // 0 = empty (records never start at offset 0)
        int[] len = new int[1024];
        int size;

        int find(long h, long l) {
            int mask = loc.length - 1;
            for (int i = (int) h & mask; ; i = (i + 1) & mask) {
                if (loc[i] == 0) return -1;
                if (hi[i] == h && lo[i] == l) return i;
            }
        }

        void put(long h, long l, long where, int length) {
            if (find(h, l) >= 0) return;
            if ((size + 1) * 4L > loc.length * 3L) grow();
            insert(h, l, where, length);
            size++;
        }

        private void insert(long h, long l, long where, int length) {
            int mask = loc.length - 1;
            int i = (int) h & mask;
            while (loc[i] != 0) i = (i + 1) & mask;
            hi[i] = h;
            lo[i] = l;
            loc[i] = where;
            len[i] = length;
        }

        private void grow() {
            long[] oh = hi, ol = lo, oloc = loc;
            int[] olen = len;
            int cap = loc.length * 2;
            hi = new long[cap];
            lo = new long[cap];
            loc = new long[cap];
            len = new int[cap];
            for (int i = 0; i < oloc.length; i++) {
                if (oloc[i] != 0) insert(oh[i], ol[i], oloc[i], olen[i]);
            }
        }
    }
}
