package dev.understudy.collector.erase;

import dev.understudy.collector.api.Messages.FileEntry;
import dev.understudy.collector.audit.AuditLog;
import dev.understudy.collector.blob.BlobStore;
import dev.understudy.collector.govern.Actor;
import dev.understudy.collector.store.Metadata;
import dev.understudy.collector.store.Metadata.SessionRow;
import dev.understudy.collector.store.Store;
import dev.understudy.collector.upload.Uploads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Erasing a session or a person, with lineage. A session: a tombstone, its row, and every chunk of it that no
 * other session of the same person references (row and blob) go; the person's data key stays (their other
 * sessions need it). A person: tombstones for every session, then their data key is destroyed (crypto-shredding),
 * then rows and blobs. Either way every dataset build that holds an erased session is marked stale with the
 * reason, and the erasure is audited. Errors are {@link IllegalArgumentException} with one line.
 */
public final class Erasure {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final Metadata md;
    private final BlobStore blobs;
    private final Uploads uploads;
    private final AuditLog audit;

    public Erasure(Metadata md, Uploads uploads, AuditLog audit) {
        this.md = md;
        this.blobs = uploads.blobs();
        this.uploads = uploads;
        this.audit = audit;
    }

    static Tombstone tomb(ResultSet rs) throws SQLException {
        return new Tombstone(rs.getString("device"), rs.getString("session"), rs.getString("person"), rs.getLong("erased_at"),
                rs.getString("reason"), rs.getString("role"), rs.getString("actor"));
    }

    /** The tombstone of an erased session, if it was erased. */
    public Optional<Tombstone> tombstone(String device, String session) {
        if (device == null || session == null) return Optional.empty();
        return Optional.ofNullable(md.store().tx(c -> Store.one(c, Erasure::tomb, "SELECT * FROM tombstones WHERE device = ? AND session = ?", device, session)));
    }

    /** Tombstones of sessions named {@code session} on any device. */
    public List<Tombstone> tombstonesNamed(String session) {
        return md.store().tx(c -> Store.query(c, Erasure::tomb, "SELECT * FROM tombstones WHERE session = ? ORDER BY device", session));
    }

    /** Every tombstone, newest first. */
    public List<Tombstone> tombstones() {
        return md.store().tx(c -> Store.query(c, Erasure::tomb, "SELECT * FROM tombstones ORDER BY erased_at DESC, device, session"));
    }

    /** When the person was erased (epoch ms), if they were. */
    public Optional<Long> personErasedAt(String person) {
        return Optional.ofNullable(md.store().tx(c -> Store.one(c, rs -> rs.getLong(1), "SELECT erased_at FROM erased_persons WHERE person = ?", person)));
    }

    /**
     * Erases one session: tombstone, row, the chunks only it references (rows and blobs); marks the builds holding it
     * stale; audits {@code session.erase}. Erasing an already erased session answers what its tombstone says.
     */
    public Erased eraseSession(Actor who, String device, String session, String reason) {
        String why = reason(reason);
        long now = System.currentTimeMillis();
        Object[] res = md.store().tx(c -> {
            SessionRow r = md.session(c, device, session);
            if (r == null) {
                Tombstone t = Store.one(c, Erasure::tomb, "SELECT * FROM tombstones WHERE device = ? AND session = ?", device, session);
                if (t == null) throw new IllegalArgumentException("no session " + session + " of device " + device);
                return new Object[] {t, null, null};
            }
            Store.update(c, "INSERT INTO tombstones (device, session, person, erased_at, reason, role, actor) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    device, session, r.person(), now, why, who.role().wire(), who.id());
            Store.update(c, "DELETE FROM sessions WHERE device = ? AND session = ?", device, session);
            // what the portal and the aggregates kept beside it: the worker's label (their words) and its counts
            Store.update(c, "DELETE FROM task_labels WHERE device = ? AND session = ?", device, session);
            Store.update(c, "DELETE FROM session_stats WHERE device = ? AND session = ?", device, session);
            Set<String> mine = new LinkedHashSet<>();
            for (FileEntry f : Uploads.files(r)) mine.addAll(f.chunks());
            for (SessionRow other : Store.query(c, Metadata::sessionRow, "SELECT * FROM sessions WHERE person = ?", r.person())) {
                for (FileEntry f : Uploads.files(other)) f.chunks().forEach(mine::remove);
            }
            for (String id : mine) Store.update(c, "DELETE FROM chunks WHERE person = ? AND id = ?", r.person(), id);
            List<String> stale = markStale(c, List.<String[]>of(new String[] {device, session}), "session " + device + ":" + session + " erased on " + DATE.format(Instant.ofEpochMilli(now)) + " (" + why + ")", now);
            return new Object[] {r, mine, stale};
        });
        if (res[1] == null) {
            Tombstone t = (Tombstone) res[0];
            return new Erased(t.person(), List.of(t.device() + ":" + t.session()), 0, false, List.of(), t.erasedAt());
        }
        SessionRow r = (SessionRow) res[0];
        @SuppressWarnings("unchecked") Set<String> chunks = (Set<String>) res[1];
        @SuppressWarnings("unchecked") List<String> stale = (List<String>) res[2];
        for (String id : chunks) {
            try {
                blobs.delete(BlobStore.chunkKey(r.person(), id));
            } catch (IOException e) {
                throw new UncheckedIOException("session " + session + " is erased but a blob could not be deleted: " + e.getMessage(), e);
            }
        }
        audit.record(who, "session.erase", "session " + device + ":" + session + " person " + r.person() + " chunks " + chunks.size()
                + (stale.isEmpty() ? "" : " stale " + String.join(",", stale)));
        return new Erased(r.person(), List.of(device + ":" + session), chunks.size(), false, stale, now);
    }

    /**
     * Crypto-shreds a person: tombstones for each of their sessions, then their data key is destroyed, then rows and
     * blobs (best effort) go and their devices are revoked; the builds holding their sessions are marked stale;
     * audits {@code person.erase}.
     */
    public Erased erasePerson(Actor who, String person, String reason) {
        if (person == null || !person.matches("[0-9a-f]{16,64}")) throw new IllegalArgumentException("not a person id: " + clip(person));
        String why = reason(reason);
        long now = System.currentTimeMillis();
        Optional<Long> was = personErasedAt(person);
        boolean known = md.store().tx(c -> Store.one(c, rs -> rs.getString(1), "SELECT id FROM persons WHERE id = ?", person) != null
                || Store.one(c, rs -> rs.getString(1), "SELECT id FROM devices WHERE person = ? LIMIT 1", person) != null);
        if (!known && was.isEmpty()) throw new IllegalArgumentException("no person " + person);
        if (was.isPresent() && md.store().tx(c -> Store.one(c, rs -> rs.getString(1), "SELECT id FROM persons WHERE id = ?", person)) == null) {
            throw new IllegalArgumentException("person " + person + " was erased on " + DATE.format(Instant.ofEpochMilli(was.get())));
        }
        Object[] res = md.store().tx(c -> {
            List<SessionRow> rows = Store.query(c, Metadata::sessionRow, "SELECT * FROM sessions WHERE person = ? ORDER BY device, session", person);
            List<String[]> keys = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (SessionRow r : rows) {
                Store.update(c, "INSERT INTO tombstones (device, session, person, erased_at, reason, role, actor) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        r.device(), r.session(), person, now, why, who.role().wire(), who.id());
                keys.add(new String[] {r.device(), r.session()});
                names.add(r.device() + ":" + r.session());
            }
            Long chunks = Store.one(c, rs -> rs.getLong(1), "SELECT COUNT(*) FROM chunks WHERE person = ?", person);
            Store.update(c, "DELETE FROM task_labels WHERE person = ?", person);
            Store.update(c, "DELETE FROM session_stats WHERE person = ?", person);
            if (Store.update(c, "UPDATE erased_persons SET erased_at = ?, reason = ? WHERE person = ?", now, why, person) == 0) {
                Store.update(c, "INSERT INTO erased_persons (person, erased_at, reason) VALUES (?, ?, ?)", person, now, why);
            }
            List<String> stale = markStale(c, keys, "person " + person + " erased on " + DATE.format(Instant.ofEpochMilli(now)) + " (" + why + ")", now);
            return new Object[] {names, chunks == null ? 0L : chunks, stale};
        });
        try {
            uploads.erasePerson(person);
        } catch (IllegalArgumentException e) {
            // no key left (an earlier erasure went half way): rows and blobs are gone now
        } catch (IOException e) {
            throw new UncheckedIOException("person " + person + " is erased (key destroyed) but blobs could not all be deleted: " + e.getMessage(), e);
        }
        @SuppressWarnings("unchecked") List<String> names = (List<String>) res[0];
        @SuppressWarnings("unchecked") List<String> stale = (List<String>) res[2];
        audit.record(who, "person.erase", "person " + person + " sessions " + names.size() + (stale.isEmpty() ? "" : " stale " + String.join(",", stale)));
        return new Erased(person, names, (Long) res[1], true, stale, now);
    }

    /** Marks stale the builds holding any of these (device, session); returns their ids. */
    private static List<String> markStale(Connection c, List<String[]> sessions, String reason, long now) throws SQLException {
        Set<String> builds = new LinkedHashSet<>();
        for (String[] s : sessions) {
            builds.addAll(Store.query(c, rs -> rs.getString(1), "SELECT build FROM dataset_build_sessions WHERE device = ? AND session = ? ORDER BY build", s[0], s[1]));
        }
        List<String> out = new ArrayList<>();
        for (String b : builds) {
            String had = Store.one(c, rs -> rs.getString(1), "SELECT stale_reason FROM dataset_builds WHERE id = ?", b);
            String r = had == null ? reason : had.length() > 2000 ? had : had + "; " + reason;
            Store.update(c, "UPDATE dataset_builds SET stale_at = COALESCE(stale_at, ?), stale_reason = ? WHERE id = ?", now, r, b);
            out.add(b);
        }
        return out;
    }

    private static String reason(String reason) {
        String r = reason == null ? "" : reason.replaceAll("[\\r\\n\\t]+", " ").strip();
        if (r.isEmpty()) r = "erasure requested";
        return r.length() > 500 ? r.substring(0, 500) : r;
    }

    static String clip(String s) {
        if (s == null) return "null";
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }

    static Set<String> set(List<String> l) {
        return new HashSet<>(l);
    }
}
