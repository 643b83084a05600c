package dev.understudy.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One pack as a {@link TileGc} collection sees it when it begins (or, for
 * {@link TileGcCoordinator#extents}, now), and the batch records in it: their headers for marking,
 * and whole checked records for copying. Problems throw {@link TileGc.GcAbort}: a collection that
 * cannot read a pack deletes nothing.
 */
final class GcPack {
    /** One batch record of a pack: where it is, its size, its tile count and its reference tiles (hi, lo pairs). */
    record Batch(long key, int pack, long offset, int length, int tiles, long[] refs) {}

    final int no;
    final Path path;
    final Path indexPath;
    /** Readable end of the pack: batches lie in [{@link PackFormat#FILE_HEADER}, end). */
    final long end;
    /** The pack instance's own channel: closing another channel on the file would drop this process's locks. */
    final FileChannel reader;
    /** Not open for appending, and held by the collection's lock: it may be rewritten. */
    final boolean sealed;
    /** The channel holding the collection's lock on a sealed pack (closed by {@link TileGcCoordinator#end}). */
    FileChannel lockChannel;

    GcPack(PackFile p, long end, FileChannel reader, boolean sealed) {
        this.no = p.no;
        this.path = p.path;
        this.indexPath = p.indexPath;
        this.end = end;
        this.reader = reader;
        this.sealed = sealed;
    }

    /** The batch records in [from, to), from their headers (tile and reference ids, not payloads). */
    List<Batch> batches(long from, long to) {
        List<Batch> out = new ArrayList<>();
        if (reader == null || to <= from) return out;
        long pos = from;
        ByteBuffer head = ByteBuffer.allocate(PackFormat.BATCH_HEADER);
        try {
            while (pos < to) {
                head.clear();
                if (pos + PackFormat.BATCH_HEADER > to || !FileChannels.readFully(reader, head, pos) || !PackFormat.isBatchStart(head)) {
                    throw new TileGc.GcAbort(path.getFileName() + " has no batch record at byte " + pos + " (damaged pack)");
                }
                PackFormat.BatchHeader h = PackFormat.batchHeader(head);
                int n = h.tiles();
                int r = h.refs();
                long len = h.recordLength();
                if (n <= 0 || r < 0 || h.payloadLength() < 0 || len > Integer.MAX_VALUE || pos + len > to) {
                    throw new TileGc.GcAbort(path.getFileName() + " has a damaged batch header at byte " + pos);
                }
                long[] refs = new long[2 * r];
                if (r > 0) {
                    ByteBuffer rb = ByteBuffer.allocate(PackFormat.REF_ENTRY * r);
                    if (!FileChannels.readFully(reader, rb, pos + PackFormat.BATCH_HEADER + (long) PackFormat.TILE_ENTRY * n)) {
                        throw new TileGc.GcAbort(path.getFileName() + " is cut short at byte " + pos);
                    }
                    for (int i = 0; i < 2 * r; i++) refs[i] = rb.getLong(8 * i);
                }
                out.add(new Batch((long) no << 40 | pos, no, pos, (int) len, n, refs));
                pos += len;
            }
        } catch (IOException e) {
            throw new TileGc.GcAbort("cannot read " + path.getFileName() + " (" + e.getMessage() + ")");
        }
        return out;
    }

    /** The batch's record, checked: a damaged record stops the collection rather than being carried on. */
    byte[] record(Batch b) {
        ByteBuffer rec = ByteBuffer.allocate(b.length());
        try {
            if (!FileChannels.readFully(reader, rec, b.offset())) throw new TileGc.GcAbort(path.getFileName() + " is cut short at byte " + b.offset());
        } catch (IOException e) {
            throw new TileGc.GcAbort("cannot read " + path.getFileName() + " (" + e.getMessage() + ")");
        }
        byte[] a = rec.array();
        if (rec.getInt(0) != PackFormat.BATCH_MAGIC || !PackFormat.crcHolds(a)) {
            throw new TileGc.GcAbort(path.getFileName() + ": batch at byte " + b.offset() + " is damaged");
        }
        return a;
    }
}
