package dev.understudy.recorder;

import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionReader;
import dev.understudy.trace.TileGc;
import dev.understudy.trace.TraceException;
import dev.understudy.trace.TraceFormat;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Retention and disk quota of a data directory. Retention deletes every session that ended more
 * than the policy's retention ago (the recorder runs it at start and once a day), then collects
 * the tiles no remaining session names ({@link TileGc}), so their bytes are freed too. The quota is
 * measured over everything the spool holds (sessions and shared tiles); when it is reached the
 * recorder stops capturing, says so in its status, and keeps everything already captured.
 */
public final class Housekeeping {
    private Housekeeping() {}

    /**
     * What a retention run did.
     *
     * @param deleted ids of the sessions deleted
     * @param tiles what the tile collection after it did (it runs every time, so an interrupted one is finished)
     */
    public record Retention(List<String> deleted, TileGc.Result tiles) {
        /** Bytes of tiles freed. */
        public long tileBytesFreed() {
            return tiles.bytesFreed();
        }
    }

    /**
     * Deletes the sessions older than {@code days} (by their end, or start when unfinished and
     * never the session being recorded, {@code keep}), then frees the tiles only they named.
     * Call it in the process that holds the data directory's recorder lock, or where no recorder
     * runs.
     */
    public static Retention retention(DataDir data, int days, String keep, long nowWall) {
        long cutoff = nowWall - days * 86_400_000L;
        List<String> deleted = new ArrayList<>();
        for (String id : data.sessionIds()) {
            if (id.equals(keep)) continue;
            long end;
            try {
                SessionReader r = data.open(id);
                end = r.manifest().endWall() != null ? r.manifest().endWall() : lastModified(data.sessionDir(id), r.manifest().startWall());
            } catch (TraceException e) {
                end = lastModified(data.sessionDir(id), 0);
            }
            if (end < cutoff) {
                try {
                    deleteSession(data.sessionDir(id));
                    deleted.add(id);
                } catch (IOException e) {
                    Diagnostics.warnOnce("retention-" + id, "cannot delete expired session " + id + ": " + e.getMessage());
                }
            }
        }
        TileGc.Result tiles;
        try {
            tiles = TileGc.collect(data);
        } catch (TraceException e) {
            tiles = new TileGc.Result(e.getMessage(), 0, 0, 0, 0, 0, 0, 0, 0, List.of());
        }
        return new Retention(List.copyOf(deleted), tiles);
    }

    /**
     * Deletes a session directory with its manifest last: a session cut short by a crash keeps
     * its manifest, so the next run still finds it expired and finishes the job.
     */
    /**
     * The worker deletes one of their sessions (the `delete` command, the control page): gone from
     * the spool, so it is never uploaded, and the tiles only it named are freed when no other
     * process holds the tile pack (else at the recorder's next retention run). The session being
     * recorded now cannot be deleted: stop or pause first. Returns what the tile collection did.
     */
    public static String deleteByWorker(DataDir data, String id) {
        Path dir = data.sessionDir(id);
        if (!Files.isRegularFile(dir.resolve(TraceFormat.MANIFEST))) throw new TraceException("no session " + id + " in " + data.root());
        long pid = data.runningRecorderPid();
        if (pid > 0 && !data.lockedByThisProcess() && id.equals(data.latestSessionId())) {
            throw new TraceException("session " + id + " is being recorded now (recorder pid " + pid + "): stop the recorder first");
        }
        try {
            deleteSession(dir);
        } catch (IOException e) {
            throw new TraceException("cannot delete session " + id + ": " + e.getMessage(), e);
        }
        if (pid > 0 && !data.lockedByThisProcess()) return "its tiles are freed at the recorder's next retention run";
        try {
            TileGc.Result r = TileGc.collect(data);
            return r.ran() ? "tiles: " + r.summary() : "tiles kept for now: " + r.refused();
        } catch (TraceException e) {
            return "tiles kept for now: " + e.getMessage();
        }
    }

    static void deleteSession(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        Path manifest = dir.resolve(TraceFormat.MANIFEST);
        List<Path> children;
        try (var s = Files.list(dir)) {
            children = s.toList();
        }
        for (Path c : children) if (!c.equals(manifest)) deleteTree(c);
        Files.deleteIfExists(manifest);
        Files.delete(dir);
    }

    /** Bytes the spool occupies: sessions and shared tiles. */
    public static long usage(DataDir data) {
        return treeBytes(data.sessionsDir()) + treeBytes(data.root().resolve("tiles"));
    }

    static long treeBytes(Path p) {
        if (!Files.exists(p)) return 0;
        long[] sum = {0};
        try {
            Files.walkFileTree(p, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    sum[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // partial sum
        }
        return sum[0];
    }

    private static long lastModified(Path dir, long dflt) {
        long[] max = {dflt};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    max[0] = Math.max(max[0], attrs.lastModifiedTime().toMillis());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // keep what we have
        }
        return max[0];
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
