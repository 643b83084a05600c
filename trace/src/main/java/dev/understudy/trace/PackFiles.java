package dev.understudy.trace;

import static dev.understudy.trace.PackFormat.FILE_HEADER;
import static dev.understudy.trace.PackFormat.INDEX_ENTRY_FIXED;
import static dev.understudy.trace.PackFormat.INDEX_HEADER;
import static dev.understudy.trace.PackFormat.MAX_DEPTH;
import static dev.understudy.trace.PackFormat.MAX_TILES_PER_BATCH;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The pack files of a tiles directory as one {@link TilePack} instance sees them, and the
 * {@link PackIndex} of their tiles. Opening a pack reads the valid prefix of its index file, then
 * scans the records after the last indexed one; the first record that is cut short or fails its
 * CRC ends the readable part (crash recovery for readers: the torn tail is ignored, and cut off by
 * the next writer, see {@link PackWriter}). {@link #refresh} picks up what other writers appended.
 * What cannot be read is noted in {@link #problems}. Guarded by the owning pack's monitor.
 */
final class PackFiles {
    private final Path dir;
    private final TreeMap<Integer, PackFile> packs = new TreeMap<>();
    private PackIndex index = new PackIndex();
    private final List<String> problems = new ArrayList<>();
    /** Channels kept open because closing them would drop locks this process holds on their files. */
    private final List<FileChannel> keepOpen = new ArrayList<>();

    /** Opens every pack of the directory (none when it does not exist). */
    PackFiles(Path dir) {
        this.dir = dir;
        loadAll();
    }

    Path dir() {
        return dir;
    }

    PackIndex index() {
        return index;
    }

    void replaceIndex(PackIndex index) {
        this.index = index;
    }

    /** The packs by number (live view). */
    NavigableMap<Integer, PackFile> packs() {
        return packs;
    }

    /** Keeps the channel open until {@link #close}: closing it would drop a lock this process holds on its file. */
    void keepOpen(FileChannel ch) {
        keepOpen.add(ch);
    }

    // ---------------------------------------------------------------- loading

    /** Loads the packs on disk that are not loaded yet. */
    void loadAll() {
        for (int no : numbersOnDisk()) {
            if (!packs.containsKey(no)) load(no);
        }
    }

    /** Numbers of the pack files in the directory, ascending. */
    List<Integer> numbersOnDisk() {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(PackFormat::isPackName)
                    .map(PackFormat::numberOf)
                    .sorted().toList();
        } catch (IOException e) {
            throw new TraceException("cannot list tile packs in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Opens the pack, indexes its records (index file, then a scan of the rest) and adds it. */
    void load(int no) {
        PackFile p = new PackFile(dir, no);
        packs.put(no, p);
        try {
            p.ch = FileChannel.open(p.path, StandardOpenOption.READ);
            long size = p.ch.size();
            ByteBuffer h = ByteBuffer.allocate(FILE_HEADER);
            if (size < FILE_HEADER || !FileChannels.readFully(p.ch, h, 0) || !PackFormat.isPackHeader(h)) {
                problem(p.path.getFileName() + ": not a tile pack of format " + PackFormat.FORMAT + " (ignored)");
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
            FileChannels.readFully(ic, b, 0);
            all = b.array();
        }
        ByteBuffer in = ByteBuffer.wrap(all);
        if (all.length < INDEX_HEADER || !PackFormat.isIndexHeader(in)) {
            problem(p.indexPath.getFileName() + ": bad index header (rebuilt from the pack)");
            return FILE_HEADER;
        }
        int pos = INDEX_HEADER;
        while (pos + INDEX_ENTRY_FIXED + 4 <= all.length) {
            long off = in.getLong(pos);
            int len = in.getInt(pos + 8);
            int depth = in.get(pos + 12) & 0xff;
            int n = in.getInt(pos + 16);
            if (n <= 0 || n > MAX_TILES_PER_BATCH || pos + INDEX_ENTRY_FIXED + 16L * n + 4 > all.length) break;
            int entryLen = INDEX_ENTRY_FIXED + 16 * n + 4;
            if (PackFormat.crcOf(all, pos, entryLen - 4) != in.getInt(pos + entryLen - 4)
                    || off < FILE_HEADER || len <= 0 || off + len > packSize || depth > MAX_DEPTH) {
                problem(p.indexPath.getFileName() + ": index damaged at byte " + pos + " (rest rebuilt from the pack)");
                break;
            }
            for (int i = 0; i < n; i++) {
                int e = pos + INDEX_ENTRY_FIXED + 16 * i;
                index.put(in.getLong(e), in.getLong(e + 8), PackFormat.loc(p.no, off, depth), len);
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
    long scan(PackFile p, long from, long size) throws IOException {
        long pos = from;
        FileChannel ch = p.reader();
        ByteBuffer head = ByteBuffer.allocate(PackFormat.BATCH_HEADER);
        while (pos + PackFormat.BATCH_HEADER <= size) {
            head.clear();
            if (!FileChannels.readFully(ch, head, pos)) break;
            if (!PackFormat.isBatchStart(head)) break;
            PackFormat.BatchHeader h = PackFormat.batchHeader(head);
            int n = h.tiles();
            int r = h.refs();
            if (n <= 0 || n > MAX_TILES_PER_BATCH || r < 0 || r > MAX_TILES_PER_BATCH || h.payloadLength() < 0 || h.rawLength() <= 0
                    || h.depth() > MAX_DEPTH) break;
            long len = h.recordLength();
            if (len > Integer.MAX_VALUE || pos + len > size) break;
            ByteBuffer rec = ByteBuffer.allocate((int) len);
            if (!FileChannels.readFully(ch, rec, pos)) break;
            if (!PackFormat.crcHolds(rec.array())) break;
            long sum = 0;
            for (int i = 0; i < n; i++) {
                int e = PackFormat.BATCH_HEADER + i * PackFormat.TILE_ENTRY;
                sum += TileCodec.bytes(rec.getShort(e + 16) & 0xffff, rec.getShort(e + 18) & 0xffff);
            }
            if (sum != h.rawLength()) break;
            long[] ids = PackFormat.tileIds(rec, n);
            for (int i = 0; i < n; i++) index.put(ids[2 * i], ids[2 * i + 1], PackFormat.loc(p.no, pos, h.depth()), (int) len);
            p.unindexed.writeBytes(PackFormat.indexEntry(pos, (int) len, h.depth(), ids));
            pos += len;
        }
        // Anything after pos is a torn tail (or a live writer mid-record): the next writer cuts it off.
        return pos;
    }

    /** Notes what could not be read (once per line, at most 1000 lines). */
    void problem(String line) {
        if (!problems.contains(line) && problems.size() < 1000) problems.add(line);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Picks up what other writers appended since we looked (on a miss); {@code writing} is the pack this instance appends to. */
    void refresh(PackFile writing) {
        // a pack that was unreadable (e.g. just being created by another process) is looked at again
        for (Iterator<PackFile> it = packs.values().iterator(); it.hasNext(); ) {
            PackFile p = it.next();
            if (!p.usable && p != writing) {
                FileChannels.closeQuietly(p.ch);
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

    // ---------------------------------------------------------------- reading

    /** The bytes of the batch record {@code key} ({@link PackFormat#batchKey}) of {@code len} bytes. */
    byte[] readRecord(long key, int len) {
        PackFile p = packs.get(PackFormat.packOf(key));
        long off = PackFormat.offsetOf(key);
        ByteBuffer rec = ByteBuffer.allocate(len);
        try {
            if (p == null || !FileChannels.readFully(p.reader(), rec, off)) {
                throw new TraceException("tile batch at " + off + " of pack " + (key >>> 40) + " is cut short");
            }
        } catch (IOException e) {
            throw new TraceException("cannot read " + p.path + ": " + e.getMessage(), e);
        }
        return rec.array();
    }

    /** Bytes of every pack and index file. */
    static long diskBytes(Path dir) {
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

    /** Closes every channel (the writer has released its pack before). */
    void close() {
        for (PackFile p : packs.values()) {
            FileChannels.closeQuietly(p.rw);
            FileChannels.closeQuietly(p.ch);
        }
        for (FileChannel c : keepOpen) FileChannels.closeQuietly(c);
    }
}
