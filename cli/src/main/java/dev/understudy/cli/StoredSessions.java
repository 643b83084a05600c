package dev.understudy.cli;

import dev.understudy.collector.admin.ServerAdmin;
import dev.understudy.collector.store.Metadata;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sessions a reading command (`sessions`, `export`, `view`) works on: a device's data directory,
 * or a collector server's. A server's session is read back from its store (decrypted with its
 * person's key) into a private temporary data directory of its own, deleted on close, and from then
 * on read by the same code as on the device, so both give the same answers. On a server, a session
 * id two devices share is named {@code DEVICE:SESSION}.
 */
abstract class StoredSessions implements AutoCloseable {
    /** Session ids, oldest first. */
    abstract List<String> ids();

    abstract SessionReader open(String id);

    /** Whether the session is being recorded now (only on a device). */
    abstract boolean recording(String id);

    /** The data directory, for messages. */
    abstract Path root();

    String latest() {
        List<String> ids = ids();
        return ids.isEmpty() ? null : ids.get(ids.size() - 1);
    }

    @Override
    public abstract void close();

    static StoredSessions open(Path dir) {
        return open(dir, "session.read");
    }

    /** {@code action}: what reading a collector's session counts as in its audit log (session.export, session.view ...). */
    static StoredSessions open(Path dir, String action) {
        return ServerAdmin.isServerDir(dir) ? new OnServer(dir, action) : new OnDevice(DataDir.at(dir));
    }

    private static final class OnDevice extends StoredSessions {
        private final DataDir data;
        private final long recorderPid;

        OnDevice(DataDir data) {
            this.data = data;
            this.recorderPid = data.runningRecorderPid();
        }

        @Override
        List<String> ids() {
            return data.sessionIds();
        }

        @Override
        SessionReader open(String id) {
            return data.open(id);
        }

        @Override
        boolean recording(String id) {
            return recorderPid > 0 && id.equals(latest());
        }

        @Override
        Path root() {
            return data.root();
        }

        @Override
        public void close() {
            data.close();
        }
    }

    private static final class OnServer extends StoredSessions {
        private final Path dir;
        private final ServerAdmin admin;
        private final Path temp;
        /** Session ref → its row, in the order of the sessions' ids (their start times). */
        private final Map<String, Metadata.SessionRow> rows = new java.util.LinkedHashMap<>();
        private final Map<String, DataDir> opened = new HashMap<>();

        OnServer(Path dir, String action) {
            this.dir = dir.toAbsolutePath().normalize();
            try {
                this.admin = ServerAdmin.open(dir);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
            admin.actingAs(null, action);
            admin.audit().record(admin.actor(), "session.list", "collector sessions");
            try {
                this.temp = Files.createTempDirectory("understudy-read-",
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            } catch (IOException e) {
                admin.close();
                throw new UncheckedIOException(e);
            }
            List<Metadata.SessionRow> all = new ArrayList<>(admin.sessions());
            all.sort(Comparator.comparing(Metadata.SessionRow::session).thenComparing(Metadata.SessionRow::device));
            Map<String, Integer> count = new HashMap<>();
            for (Metadata.SessionRow r : all) count.merge(r.session(), 1, Integer::sum);
            for (Metadata.SessionRow r : all) rows.put(count.get(r.session()) > 1 ? r.device() + ":" + r.session() : r.session(), r);
        }

        @Override
        List<String> ids() {
            return List.copyOf(rows.keySet());
        }

        @Override
        SessionReader open(String id) {
            Metadata.SessionRow r = rows.get(id);
            if (r == null) {
                try {
                    r = admin.find(id);
                } catch (IllegalArgumentException e) {
                    throw new UserException(e.getMessage() + " on the collector in " + dir);
                }
            }
            String key = r.device() + ":" + r.session();
            DataDir d = opened.get(key);
            if (d == null) {
                Path into = temp.resolve(Integer.toString(opened.size()));
                try {
                    admin.materialize(key, into);
                } catch (IllegalArgumentException e) {
                    throw new UserException(e.getMessage());
                } catch (IOException e) {
                    throw new UserException("cannot read session " + id + " from the collector's store: " + e.getMessage());
                }
                d = DataDir.at(into);
                opened.put(key, d);
            }
            return d.open(r.session());
        }

        @Override
        boolean recording(String id) {
            return false;
        }

        @Override
        Path root() {
            return dir;
        }

        @Override
        public void close() {
            opened.values().forEach(DataDir::close);
            admin.close();
            try (Stream<Path> s = Files.walk(temp)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            } catch (IOException e) {
                System.err.println("understudy: could not remove the temporary copy " + temp + ": " + e.getMessage());
            }
        }
    }
}
