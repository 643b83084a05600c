package dev.understudy.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The compacted packs a {@link TileGc} collection writes: the kept batch records, copied byte for
 * byte, into temporary files ({@code gc-*.tmp}, which readers ignore) with their index, rolled at
 * the packs' roll size, until {@link #install} renames them to new pack numbers (index before
 * data, so a pack never appears without its index). Failures throw {@link TileGc.GcAbort}.
 */
final class CompactedPacks {
    private final Path dir;
    private final long rollBytes;
    private final String stem = PackFormat.GC_TMP_PREFIX + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private final List<Part> parts = new ArrayList<>();
    private Part current;

    /** One output pack and its index, as temporary files. */
    private static final class Part {
        Path data;
        Path index;
        FileChannel dataCh;
        FileChannel indexCh;
        long dataEnd;
        long indexEnd;
        int records;
    }

    CompactedPacks(Path dir, long rollBytes) {
        this.dir = dir;
        this.rollBytes = rollBytes;
    }

    /** Appends a (checked) batch record and its index entry. */
    void add(byte[] record) {
        try {
            if (current == null || (current.records > 0 && current.dataEnd + record.length > rollBytes)) newPart();
            Part p = current;
            long off = p.dataEnd;
            FileChannels.writeFully(p.dataCh, ByteBuffer.wrap(record), off);
            p.dataEnd += record.length;
            ByteBuffer r = ByteBuffer.wrap(record);
            long[] ids = PackFormat.tileIds(r, r.getInt(8));
            byte[] entry = PackFormat.indexEntry(off, record.length, record[6] & 0xff, ids);
            FileChannels.writeFully(p.indexCh, ByteBuffer.wrap(entry), p.indexEnd);
            p.indexEnd += entry.length;
            p.records++;
        } catch (IOException e) {
            throw new TileGc.GcAbort("cannot write a compacted tile pack in " + dir + " (" + e.getMessage() + ")");
        }
    }

    private void newPart() throws IOException {
        Part p = new Part();
        int i = parts.size();
        p.data = dir.resolve(stem + "-" + i + ".utp" + PackFormat.GC_TMP_SUFFIX);
        p.index = dir.resolve(stem + "-" + i + ".uti" + PackFormat.GC_TMP_SUFFIX);
        parts.add(p);
        p.dataCh = FileChannel.open(p.data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        p.indexCh = FileChannel.open(p.index, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileChannels.writeFully(p.dataCh, PackFormat.packHeader(), 0);
        p.dataEnd = PackFormat.FILE_HEADER;
        FileChannels.writeFully(p.indexCh, PackFormat.indexHeader(), 0);
        p.indexEnd = PackFormat.INDEX_HEADER;
        current = p;
    }

    /** Makes every part durable, data and index (cheap the second time: only what was added since). */
    void force() {
        try {
            for (Part p : parts) {
                p.dataCh.force(true);
                p.indexCh.force(true);
            }
        } catch (IOException e) {
            throw new TileGc.GcAbort("cannot sync a compacted tile pack in " + dir + " (" + e.getMessage() + ")");
        }
    }

    void close() {
        try {
            for (Part p : parts) {
                p.dataCh.close();
                p.indexCh.close();
            }
        } catch (IOException e) {
            throw new TileGc.GcAbort("cannot close a compacted tile pack in " + dir + " (" + e.getMessage() + ")");
        }
    }

    /** Renames each part to the next free pack number, index before data. Returns the pack numbers. */
    List<Integer> install(TileGcCoordinator gc) {
        List<Integer> numbers = new ArrayList<>();
        int no = gc.nextPackNumber();
        boolean first = true;
        try {
            for (Part p : parts) {
                Path data = dir.resolve(PackFormat.packName(no));
                Path index = dir.resolve(PackFormat.indexName(no));
                Files.move(p.index, index, StandardCopyOption.ATOMIC_MOVE);
                if (first) TileGc.stage("index-renamed");
                first = false;
                Files.move(p.data, data, StandardCopyOption.ATOMIC_MOVE);
                numbers.add(no);
                no++;
            }
        } catch (IOException e) {
            throw new TileGc.GcAbort("cannot put a compacted tile pack in place in " + dir + " (" + e.getMessage() + ")");
        }
        return numbers;
    }

    /** Bytes of the parts. */
    long bytes() {
        long sum = 0;
        for (Part p : parts) sum += p.dataEnd + p.indexEnd;
        return sum;
    }

    /** Closes and deletes whatever was not installed. */
    void discard() {
        for (Part p : parts) {
            for (FileChannel c : new FileChannel[] {p.dataCh, p.indexCh}) {
                try {
                    if (c != null) c.close();
                } catch (IOException ignored) {
                    // deleted below
                }
            }
            for (Path f : new Path[] {p.data, p.index}) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // the next collection removes gc-*.tmp files
                }
            }
        }
    }
}
