package dev.understudy.trace;

import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;

/**
 * One pack file ({@code pack-NNNNNN.utp}) and its index file as one {@link TilePack} instance has
 * them open. Mutable state, guarded by the owning pack's monitor.
 */
final class PackFile {
    final int no;
    final Path path;
    final Path indexPath;
    /** Read-only channel, opened when the pack is loaded (null for a pack this instance created). */
    FileChannel ch;
    /** Read-write channel, once this instance appends to the pack. */
    FileChannel rw;
    /** The OS lock held while this instance appends to the pack. */
    FileLock lock;
    /** The index file, open while this instance appends to the pack. */
    FileChannel indexCh;
    /** End of the readable records: what follows is a torn tail or a live writer's record in progress. */
    long validEnd;
    /** End of the valid part of the index file. */
    long indexEnd;
    /** False when the file is not a readable pack (wrong header, or unreadable). */
    boolean usable = true;
    /** Index entries of records found by scanning, for the index file once this instance appends to the pack. */
    final ByteArrayOutputStream unindexed = new ByteArrayOutputStream();

    PackFile(Path dir, int no) {
        this.no = no;
        this.path = dir.resolve(PackFormat.packName(no));
        this.indexPath = dir.resolve(PackFormat.indexName(no));
    }

    /** The channel to read records through. */
    FileChannel reader() {
        return rw != null ? rw : ch;
    }
}
