package dev.understudy.trace;

import dev.understudy.model.Manifest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A device's data directory (default ~/.understudy): {@code sessions/<id>/} for each session,
 * {@code tiles/} with the frame tiles all sessions share, and a lock file held by the running
 * recorder. The lock is an OS file lock, so a killed recorder never
 * leaves a stale lock behind.
 *
 * <p>An instance owns the {@link TilePack} of its {@code tiles/}, opened on first use and shared by
 * every session it creates or opens and by {@link TileGc}; {@link #close} closes it. Two instances
 * for the same directory have a pack each (as two processes would: a second writer starts its own
 * pack file), so a program keeps one instance per data directory, as the recorder does.
 */
public final class DataDir implements AutoCloseable {
    /** Data directories whose recorder lock this process holds (asking the OS again would drop it: see {@link #runningRecorderPid}). */
    private static final java.util.Set<Path> LOCKED_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Path root;
    /** The tile pack of this data directory, opened on first use (guarded by this). */
    private TilePack tilePack;

    private DataDir(Path root) {
        this.root = root;
    }

    public static DataDir at(Path root) {
        return new DataDir(root.toAbsolutePath().normalize());
    }

    public Path root() {
        return root;
    }

    /** The device's tile packs (trace format 2), shared by all its sessions. */
    public Path tilesDir() {
        return root.resolve(TraceFormat.TILES_DIR);
    }

    /**
     * The tile pack of this data directory: the one instance its session writers, readers and tile
     * collections go through. Opened on first use, and again after {@link #close}.
     */
    public synchronized TilePack tilePack() {
        if (tilePack == null || tilePack.isClosed()) tilePack = TilePack.open(tilesDir());
        return tilePack;
    }

    /**
     * Closes the tile pack, if this instance opened it: syncs what was appended and releases the
     * pack's lock. Sessions still open through it fail from then on; this instance stays usable and
     * opens the pack again when next asked (as a new process would).
     */
    @Override
    public void close() {
        TilePack p;
        synchronized (this) {
            p = tilePack;
            tilePack = null;
        }
        if (p != null) p.close();
    }

    public Path sessionsDir() {
        return root.resolve(TraceFormat.SESSIONS_DIR);
    }

    public Path sessionDir(String id) {
        if (id == null || !id.matches("[A-Za-z0-9._-]+")) throw new TraceException("not a session id: " + id);
        return sessionsDir().resolve(id);
    }

    /** Session ids, oldest first (ids sort by start time). */
    public List<String> sessionIds() {
        Path s = sessionsDir();
        if (!Files.isDirectory(s)) return List.of();
        try (Stream<Path> st = Files.list(s)) {
            return st.filter(p -> Files.isRegularFile(p.resolve(TraceFormat.MANIFEST)))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new TraceException("cannot list sessions in " + s + ": " + e.getMessage(), e);
        }
    }

    public SessionReader open(String id) {
        Path d = sessionDir(id);
        if (!Files.isDirectory(d)) throw new TraceException("no session " + id + " in " + root);
        return SessionReader.open(d, this);
    }

    /** The newest session, or null when there is none. */
    public String latestSessionId() {
        List<String> ids = sessionIds();
        return ids.isEmpty() ? null : ids.get(ids.size() - 1);
    }

    public SessionWriter createSession(Manifest manifest) {
        Path d = sessionDir(manifest.session());
        if (Files.exists(d)) throw new TraceException("session " + manifest.session() + " already exists in " + root);
        return SessionWriter.create(d, manifest, this);
    }

    /** Holds the data directory for one recorder. */
    public RecorderLock lockForRecording() {
        if (lockedByThisProcess()) {
            // checked before opening the lock file: closing a second channel on it would drop the lock
            throw new TraceException("another recorder is already recording into " + root + " (pid " + ProcessHandle.current().pid() + ")");
        }
        try {
            Files.createDirectories(root);
            Path lockFile = root.resolve(TraceFormat.LOCK_FILE);
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                String who = "";
                try {
                    who = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
                } catch (IOException ignored) {
                    // best effort
                }
                throw new TraceException("another recorder is already recording into " + root
                        + (who.isEmpty() ? "" : " (pid " + who + ")"));
            }
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
            LOCKED_HERE.add(root);
            return new RecorderLock(root, ch, lock);
        } catch (IOException e) {
            throw new TraceException("cannot use data directory " + root + ": " + e.getMessage(), e);
        }
    }

    /** Whether this process holds the data directory's recorder lock. */
    public boolean lockedByThisProcess() {
        return LOCKED_HERE.contains(root);
    }

    /**
     * The pid of the recorder holding this data directory, or -1 when none runs. In the process
     * that holds the lock it answers without opening the lock file: closing a second channel on
     * a file drops every OS lock the process holds on it.
     */
    public long runningRecorderPid() {
        if (lockedByThisProcess()) return ProcessHandle.current().pid();
        Path lockFile = root.resolve(TraceFormat.LOCK_FILE);
        if (!Files.exists(lockFile)) return -1;
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                return ProcessHandle.current().pid();
            }
            if (l != null) {
                l.release();
                return -1;
            }
            String s = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
            return s.isEmpty() ? 0 : Long.parseLong(s);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Releases the data directory when closed (or when the process dies). */
    public static final class RecorderLock implements AutoCloseable {
        private final Path root;
        private final FileChannel ch;
        private final FileLock lock;

        RecorderLock(Path root, FileChannel ch, FileLock lock) {
            this.root = root;
            this.ch = ch;
            this.lock = lock;
        }

        @Override
        public void close() {
            LOCKED_HERE.remove(root);
            try {
                lock.release();
                ch.close();
            } catch (IOException ignored) {
                // the OS drops the lock with the process anyway
            }
        }
    }
}
