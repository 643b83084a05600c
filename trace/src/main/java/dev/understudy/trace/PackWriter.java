package dev.understudy.trace;

import static dev.understudy.trace.PackFormat.FILE_HEADER;
import static dev.understudy.trace.PackFormat.INDEX_HEADER;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Appends batch records to the packs of a {@link PackFiles} for one {@link TilePack} instance.
 *
 * <p>One writer per pack, held by an OS lock on the pack file: it takes over the last pack when no
 * other writer holds it (cutting off a torn tail first: crash recovery), else it creates the next
 * pack (a second writer, in this process or another, gets its own). It rolls over to a new pack
 * once the next record would pass the roll size. Index entries are written to the pack's index
 * file only after the pack is synced ({@link #sync}), so an entry never names bytes that are not
 * on disk. Guarded by the owning pack's monitor.
 */
final class PackWriter {
    private final PackFiles files;
    private final long rollBytes;
    private PackFile writing;
    /** Index entries of the records appended since the last sync. */
    private final ByteArrayOutputStream pendingIndex = new ByteArrayOutputStream();
    private boolean dirty;

    PackWriter(PackFiles files, long rollBytes) {
        this.files = files;
        this.rollBytes = rollBytes;
    }

    /** The pack this instance appends to, or null. */
    PackFile current() {
        return writing;
    }

    long rollBytes() {
        return rollBytes;
    }

    /**
     * Appends a batch record and indexes its tiles ({@code ids}: hi, lo of each) in memory; the
     * index file follows at the next {@link #sync}.
     */
    void append(byte[] record, int depth, long[] ids) {
        int len = record.length;
        PackFile p = packFor(len);
        long pos = p.validEnd;
        try {
            FileChannels.writeFully(p.rw, ByteBuffer.wrap(record), pos);
        } catch (IOException e) {
            try {
                p.rw.truncate(pos);
            } catch (IOException ignored) {
                // the torn record is cut off by the next open
            }
            throw new TraceException("cannot append tiles to " + p.path + ": " + e.getMessage(), e);
        }
        p.validEnd = pos + len;
        for (int i = 0; i < ids.length; i += 2) files.index().put(ids[i], ids[i + 1], PackFormat.loc(p.no, pos, depth), len);
        pendingIndex.writeBytes(PackFormat.indexEntry(pos, len, depth, ids));
        dirty = true;
    }

    /** The pack to append {@code len} bytes to: ours, or the next one once ours is full. */
    private PackFile packFor(int len) {
        if (writing != null && (writing.validEnd + len <= rollBytes || writing.validEnd == FILE_HEADER)) return writing;
        try {
            if (writing != null) {
                sync();
                release();
            } else {
                Map.Entry<Integer, PackFile> last = files.packs().lastEntry();
                if (last != null && last.getValue().usable && last.getValue().validEnd + len <= rollBytes && tryTake(last.getValue())) {
                    return writing;
                }
            }
            int no = files.packs().isEmpty() ? 1 : files.packs().lastKey() + 1;
            Files.createDirectories(files.dir());
            while (true) {
                PackFile p = new PackFile(files.dir(), no);
                try {
                    p.rw = FileChannel.open(p.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    if (!files.packs().containsKey(no)) files.load(no);
                    no++;
                    continue;
                }
                p.lock = FileChannels.tryLock(p.rw);
                FileChannels.writeFully(p.rw, PackFormat.packHeader(), 0);
                p.rw.force(true);
                p.validEnd = FILE_HEADER;
                openIndexForWriting(p);
                files.packs().put(no, p);
                writing = p;
                return p;
            }
        } catch (IOException e) {
            throw new TraceException("cannot write tile packs in " + files.dir() + ": " + e.getMessage(), e);
        }
    }

    /** Takes an existing pack for appending if no other writer holds it; cuts off a torn tail. */
    private boolean tryTake(PackFile p) throws IOException {
        FileChannel rw = FileChannel.open(p.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = FileChannels.tryLock(rw);
        if (lock == null) {
            // Closing this channel would drop locks this process holds on the file: keep it open.
            files.keepOpen(rw);
            return false;
        }
        p.rw = rw;
        p.lock = lock;
        long size = rw.size();
        if (size > p.validEnd) p.validEnd = files.scan(p, p.validEnd, size);
        if (size > p.validEnd) {
            files.problem(p.path.getFileName() + ": cut a torn tail of " + (size - p.validEnd) + " bytes");
            rw.truncate(p.validEnd);
            rw.force(true);
        }
        openIndexForWriting(p);
        writing = p;
        return true;
    }

    /**
     * Opens the pack's index file for appending: writes its header when it had no valid one, cuts
     * off what follows its last good entry, and adds the entries of records found by scanning once
     * the pack is known to be on disk.
     */
    private void openIndexForWriting(PackFile p) throws IOException {
        p.indexCh = FileChannel.open(p.indexPath, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (p.indexEnd < INDEX_HEADER) {
            p.indexCh.truncate(0);
            FileChannels.writeFully(p.indexCh, PackFormat.indexHeader(), 0);
            p.indexEnd = INDEX_HEADER;
        } else if (p.indexCh.size() > p.indexEnd) {
            p.indexCh.truncate(p.indexEnd);
        }
        p.rw.force(false);
        byte[] found = p.unindexed.toByteArray();
        p.unindexed.reset();
        writeIndex(p, found);
    }

    private static void writeIndex(PackFile p, byte[] entries) throws IOException {
        if (entries.length == 0) return;
        FileChannels.writeFully(p.indexCh, ByteBuffer.wrap(entries), p.indexEnd);
        p.indexEnd += entries.length;
    }

    /** Stops appending to the current pack: closes its index file and releases its lock. */
    void release() throws IOException {
        PackFile p = writing;
        writing = null;
        if (p == null) return;
        if (p.indexCh != null) p.indexCh.close();
        p.indexCh = null;
        if (p.lock != null && p.lock.isValid()) p.lock.release();
        p.lock = null;
    }

    /** Makes everything appended so far durable (fsync of the pack), then extends the index. */
    void sync() {
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
}
