package dev.understudy.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;

/** Positional reads and writes, quiet closes and non-blocking locks on file channels. */
final class FileChannels {
    private FileChannels() {}

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

    /** Writes the remaining bytes of {@code b} so that its first byte lands at {@code pos}. */
    static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        long start = pos - b.position();
        while (b.hasRemaining()) ch.write(b, start + b.position());
    }

    /**
     * The OS lock of the whole file, or null when another process holds it or another channel of
     * this process does (a second channel must not be closed then: that would drop the lock).
     */
    static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    static void closeQuietly(FileChannel c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
