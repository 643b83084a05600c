package dev.understudy.dataset.source;

import dev.understudy.dataset.SessionInput;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the dataset builder reads sessions: a device's data directory or a collector's. A source
 * is opened on the driver to list its sessions and again wherever a session is read (a Spark
 * executor opens its own from the same path), so it holds nothing but its path and what it opens
 * lazily.
 */
public interface SessionSource extends AutoCloseable {
    /** The sessions, oldest first; on a collector a session id two devices share is {@code DEVICE:SESSION}. */
    List<String> refs();

    /**
     * Reads one session: its events, the steps the current reducer makes of them, its frames as
     * they may leave the device (redacted). {@link SourceException} with a one-line reason when it
     * cannot be read (corrupt, unreadable, gone).
     */
    SessionInput open(String ref);

    /** The source's path, for messages and the lineage. */
    Path root();

    @Override
    void close();

    /**
     * The dataset builder reads every frame of every session, and a frame's tiles are compressed
     * against the frames before it (up to 32 deep): with the recorder's small cache of decoded
     * batches (48 MiB) those chains are decoded again and again. A bulk reader keeps a quarter of
     * the heap (at most 1 GiB) instead, unless {@code understudy.tiles.cacheMiB} is set
     * (docs/benchmarks.md: 4.3x faster on the dataset benchmark's corpus).
     */
    static void raiseTileCache() {
        String p = "understudy.tiles.cacheMiB";
        if (System.getProperty(p) != null) return;
        long mib = Math.max(48, Math.min(1024, Runtime.getRuntime().maxMemory() / 4 / (1 << 20)));
        System.setProperty(p, Long.toString(mib));
    }

    /** A collector's data directory (it has server.json), else a device's. */
    static SessionSource open(Path dir) {
        return open(dir, false);
    }

    /**
     * @param keepAll keep every session read from a collector on disk until {@link #close} (their frames
     *                stay readable: for writers that read frames after the session, the exporters of
     *                the agentnet, mind2web and osworld formats); else only the last two
     */
    static SessionSource open(Path dir, boolean keepAll) {
        if (!java.nio.file.Files.isDirectory(dir)) throw new SourceException(dir + " is not a directory");
        raiseTileCache();
        return CollectorSessions.isCollector(dir) ? new CollectorSessions(dir, keepAll ? Integer.MAX_VALUE : CollectorSessions.KEEP)
                : new DeviceSessions(dir);
    }
}
