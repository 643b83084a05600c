package dev.understudy.collector.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.collector.api.Wire;
import dev.understudy.collector.audit.AuditLog;
import dev.understudy.collector.govern.Actor;
import dev.understudy.collector.store.Metadata;
import dev.understudy.collector.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The datasets built from this collector's sessions: each build (its {@code manifest.json}'s sources that are
 * sessions of this collector) is registered after it succeeded; erasing one of its sessions marks it stale with the
 * reason ({@link dev.understudy.collector.erase.Erasure}).
 */
public final class DatasetBuilds {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** A registered build; {@code staleAt} null while every session of it is still held. */
    public record Build(String id, long builtAt, String outDir, String engine, String actor, long sessions, Long staleAt, String staleReason) {
        public boolean stale() {
            return staleAt != null;
        }
    }

    private final Metadata md;
    private final AuditLog audit;

    public DatasetBuilds(Metadata md, AuditLog audit) {
        this.md = md;
        this.audit = audit;
    }

    static Build row(ResultSet rs) throws SQLException {
        return new Build(rs.getString("id"), rs.getLong("built_at"), rs.getString("out_dir"), rs.getString("engine"), rs.getString("actor"),
                rs.getLong("sessions"), Store.getLong(rs, "stale_at"), rs.getString("stale_reason"));
    }

    /** Every build, newest first. */
    public List<Build> list() {
        return md.store().tx(c -> Store.query(c, DatasetBuilds::row, "SELECT * FROM dataset_builds ORDER BY built_at DESC, id"));
    }

    /** The sessions ({@code DEVICE:SESSION}) a build holds. */
    public List<String> sessionsOf(String build) {
        return md.store().tx(c -> Store.query(c, rs -> rs.getString(1) + ":" + rs.getString(2),
                "SELECT device, session FROM dataset_build_sessions WHERE build = ? ORDER BY device, session", build));
    }

    /**
     * Registers the dataset in {@code outDir} (its manifest.json): its sources that are sessions of this collector.
     * Returns null when none is. The id is the manifest's SHA-256 (first 32 hex digits): the same dataset registered
     * again is one build. Audited as {@code dataset.build}.
     */
    public Build register(Actor who, Path outDir, String engine) {
        Path mf = outDir.resolve("manifest.json");
        byte[] bytes;
        JsonNode root;
        try {
            bytes = Files.readAllBytes(mf);
            root = Wire.MAPPER.readTree(bytes);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no manifest.json in " + outDir + " (not a finished dataset build)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + mf + ": " + e.getMessage());
        }
        String id = sha256(bytes).substring(0, 32);
        long now = System.currentTimeMillis();
        String dir = outDir.toAbsolutePath().normalize().toString();
        Build b = md.store().tx(c -> {
            List<String[]> mine = new ArrayList<>();
            List<String> erased = new ArrayList<>();
            for (JsonNode s : root.path("sources")) {
                String sid = s.path("session_id").asText("");
                String device = s.path("device").asText("");
                String session = sid.contains(":") ? sid.substring(sid.indexOf(':') + 1) : sid;
                if (device.isEmpty() && sid.contains(":")) device = sid.substring(0, sid.indexOf(':'));
                if (session.isEmpty() || device.isEmpty()) continue;
                String person = Store.one(c, rs -> rs.getString(1), "SELECT person FROM sessions WHERE device = ? AND session = ?", device, session);
                if (person == null) {
                    Object[] t = Store.one(c, rs -> new Object[] {rs.getString(1), rs.getLong(2)}, "SELECT person, erased_at FROM tombstones WHERE device = ? AND session = ?", device, session);
                    if (t == null) continue; // another source's session
                    person = (String) t[0];
                    erased.add("session " + device + ":" + session + " erased on " + DATE.format(Instant.ofEpochMilli((Long) t[1])));
                }
                mine.add(new String[] {device, session, person});
            }
            if (mine.isEmpty()) return null;
            Store.update(c, "DELETE FROM dataset_build_sessions WHERE build = ?", id);
            Store.update(c, "DELETE FROM dataset_builds WHERE id = ?", id);
            Store.update(c, "INSERT INTO dataset_builds (id, built_at, out_dir, engine, actor, sessions, stale_at, stale_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    id, now, dir, engine, who.id(), (long) mine.size(), erased.isEmpty() ? null : now, erased.isEmpty() ? null : String.join("; ", erased));
            for (String[] m : mine) {
                Store.update(c, "INSERT INTO dataset_build_sessions (build, device, session, person) VALUES (?, ?, ?, ?)", id, m[0], m[1], m[2]);
            }
            return Store.one(c, DatasetBuilds::row, "SELECT * FROM dataset_builds WHERE id = ?", id);
        });
        if (b != null) {
            List<String> devs = md.store().tx(c -> Store.query(c, rs -> rs.getString(1),
                    "SELECT DISTINCT device FROM dataset_build_sessions WHERE build = ? ORDER BY device", id));
            String devices = String.join(",", devs);
            audit.record(who, "dataset.build", "dataset " + id + " engine " + engine + " sessions " + b.sessions() + " devices " + devices);
        }
        return b;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
