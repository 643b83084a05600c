package dev.understudy.dataset.source;

import dev.understudy.collector.admin.ServerAdmin;
import dev.understudy.collector.govern.Actor;
import dev.understudy.collector.govern.Role;
import dev.understudy.collector.store.Metadata;
import dev.understudy.dataset.SessionInput;
import dev.understudy.trace.DataDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sessions a collector received (its metadata in SQLite or PostgreSQL, its sealed chunks in
 * files or S3). A session is read back with the collector's own code (decrypted with its person's
 * key) into a private temporary directory, read, and deleted. Sessions of an erased person are
 * gone from the collector's tables, so they are never listed or read.
 */
final class CollectorSessions implements SessionSource {
    private final Path dir;
    private ServerAdmin admin;
    private Map<String, Metadata.SessionRow> rows;

    private final int keep;

    CollectorSessions(Path dir, int keep) {
        this.dir = dir.toAbsolutePath().normalize();
        this.keep = keep;
    }

    static boolean isCollector(Path dir) {
        return ServerAdmin.isServerDir(dir);
    }

    private synchronized ServerAdmin admin() {
        if (admin == null) {
            try {
                // every read through this source is a dataset build's, audited as such (also on Spark's executors)
                admin = ServerAdmin.open(dir).actingAs(Actor.commandLine(Role.BUILDER), "dataset.read");
            } catch (IllegalArgumentException e) {
                throw new SourceException(e.getMessage(), e);
            }
        }
        return admin;
    }

    private synchronized Map<String, Metadata.SessionRow> rows() {
        if (rows == null) {
            List<Metadata.SessionRow> all = new ArrayList<>(admin().sessions());
            all.sort(Comparator.comparing(Metadata.SessionRow::session).thenComparing(Metadata.SessionRow::device));
            Map<String, Integer> count = new HashMap<>();
            for (Metadata.SessionRow r : all) count.merge(r.session(), 1, Integer::sum);
            rows = new LinkedHashMap<>();
            for (Metadata.SessionRow r : all) rows.put(count.get(r.session()) > 1 ? r.device() + ":" + r.session() : r.session(), r);
        }
        return rows;
    }

    @Override
    public List<String> refs() {
        return List.copyOf(rows().keySet());
    }

    @Override
    public SessionInput open(String ref) {
        Metadata.SessionRow r = rows().get(ref);
        if (r == null) {
            try {
                r = admin().find(ref);
            } catch (IllegalArgumentException e) {
                throw new SourceException(e.getMessage(), e);
            }
        }
        Path temp;
        try {
            temp = Files.createTempDirectory("understudy-dataset-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DataDir d = DataDir.at(temp);
        try {
            admin().materialize(r.device() + ":" + r.session(), temp);
            SessionInput in = SessionReading.read(d.open(r.session()), ref, SourceLabel.of(dir), r.device(), r.person(),
                    admin().taskLabel(r.device(), r.session()));
            keep(new Copy(temp, d));
            return in;
        } catch (IOException | RuntimeException e) {
            d.close();
            deleteTree(temp);
            if (e instanceof SourceException se) throw se;
            throw new SourceException(SessionReading.oneLine(e), e);
        }
    }

    /** A session read back into a temporary directory; its frames are read from there until it is dropped. */
    private record Copy(Path dir, DataDir data) {
        void drop() {
            data.close();
            deleteTree(dir);
        }
    }

    /** How many sessions' copies stay on disk: the builder works on one session at a time (and reads its frames while shaping rows). */
    static final int KEEP = 2;
    private final java.util.ArrayDeque<Copy> copies = new java.util.ArrayDeque<>();

    private synchronized void keep(Copy c) {
        copies.addLast(c);
        while (copies.size() > keep) copies.removeFirst().drop();
    }

    @Override
    public Path root() {
        return dir;
    }

    @Override
    public synchronized void close() {
        while (!copies.isEmpty()) copies.removeFirst().drop();
        if (admin != null) admin.close();
        admin = null;
    }

    static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // a temporary directory: best effort
        }
    }
}
