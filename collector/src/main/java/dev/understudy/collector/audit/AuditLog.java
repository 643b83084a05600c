package dev.understudy.collector.audit;

import dev.understudy.collector.crypto.MasterKey;
import dev.understudy.collector.govern.Actor;
import dev.understudy.collector.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The collector's audit log: append-only and hash-chained, in the collector database (table {@code audit_log}).
 * Each entry says who (role, actor), what (action), which data (a pseudonymous subject) and when, and carries the
 * hash of the entry before it. The chain's head is also kept sealed with the master key outside the table (in
 * {@code server_secrets}), and signed checkpoints can be exported ({@link AuditChain}), so a truncated tail is
 * detected too.
 */
public final class AuditLog {
    public static final String ZERO = "0".repeat(64);
    static final String HEAD = "audit-head";
    private static final Pattern TOKEN = Pattern.compile("[0-9A-Za-z_-]{8,64}");

    private final Store store;
    private final MasterKey master;

    public AuditLog(Store store, MasterKey master) {
        this.store = store;
        this.master = master;
    }

    Store store() {
        return store;
    }

    MasterKey master() {
        return master;
    }

    /**
     * Appends an entry. {@code action} e.g. {@code session.view}, {@code session.export}, {@code dataset.build},
     * {@code policy.publish}, {@code person.erase}; {@code subject} names the data pseudonymously, e.g.
     * {@code session DEVICE:SESSION}, {@code person P}, {@code device D}: never content. The persons it concerns are
     * found from the device and person ids in it.
     */
    public void record(Actor who, String action, String subject) {
        if (who == null) throw new IllegalArgumentException("who is required");
        String act = oneLine(action == null ? "" : action, 64);
        if (act.isEmpty()) throw new IllegalArgumentException("action is required");
        String subj = oneLine(subject == null ? "" : subject, 2000);
        String actor = oneLine(who.id(), 200);
        for (int attempt = 0; ; attempt++) {
            try {
                store.tx(c -> {
                    String persons = persons(c, subj);
                    Object[] last = Store.one(c, rs -> new Object[] {rs.getLong(1), rs.getString(2)},
                            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
                    long seq = last == null ? 1 : (Long) last[0] + 1;
                    String prev = last == null ? ZERO : (String) last[1];
                    long at = System.currentTimeMillis();
                    String hash = hash(prev, seq, at, who.role().wire(), actor, act, subj, persons);
                    Store.update(c, "INSERT INTO audit_log (seq, at, role, actor, action, subject, persons, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            seq, at, who.role().wire(), actor, act, subj, persons, prev, hash);
                    writeHead(c, seq, hash);
                    return null;
                });
                return;
            } catch (RuntimeException e) {
                if (!Store.isDuplicate(e) || attempt > 50) throw e;
            }
        }
    }

    /** Entries whose subject concerns this person pseudonym, oldest first (for the worker's access request). */
    public List<AuditEntry> about(String person) {
        if (person == null || person.isBlank()) return List.of();
        String p = person.strip();
        return store.tx(c -> {
            List<AuditEntry> out = new ArrayList<>();
            for (Object[] r : Store.query(c, rs -> new Object[] {entry(rs), rs.getString("persons")},
                    "SELECT * FROM audit_log WHERE persons LIKE ? ORDER BY seq", "%" + p + "%")) {
                for (String q : ((String) r[1]).split(" ")) {
                    if (q.equals(p)) {
                        out.add((AuditEntry) r[0]);
                        break;
                    }
                }
            }
            return out;
        });
    }

    /** The newest {@code limit} entries, newest first. */
    public List<AuditEntry> recent(int limit) {
        int n = Math.max(0, Math.min(limit, 100_000));
        return store.tx(c -> Store.query(c, AuditLog::entry, "SELECT * FROM audit_log ORDER BY seq DESC LIMIT " + n));
    }

    /** Every entry, oldest first. */
    public List<AuditEntry> all() {
        return store.tx(c -> Store.query(c, AuditLog::entry, "SELECT * FROM audit_log ORDER BY seq"));
    }

    static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("seq"), rs.getLong("at"), rs.getString("role"), rs.getString("actor"), rs.getString("action"),
                rs.getString("subject"), rs.getString("prev_hash"), rs.getString("hash"));
    }

    /** The persons (pseudonyms) a subject concerns: person ids named in it, and the persons of device ids named in it. */
    static String persons(Connection c, String subject) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = TOKEN.matcher(subject);
        while (m.find()) {
            String t = m.group();
            String p = Store.one(c, rs -> rs.getString(1), "SELECT person FROM devices WHERE id = ?", t);
            if (p != null) out.add(p);
            if (Store.one(c, rs -> rs.getString(1), "SELECT id FROM persons WHERE id = ?", t) != null
                    || Store.one(c, rs -> rs.getString(1), "SELECT person FROM devices WHERE person = ? LIMIT 1", t) != null
                    || Store.one(c, rs -> rs.getString(1), "SELECT person FROM erased_persons WHERE person = ?", t) != null) {
                out.add(t);
            }
        }
        return String.join(" ", out);
    }

    /** The chained hash of one entry. */
    public static String hash(String prev, long seq, long at, String role, String actor, String action, String subject, String persons) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {"understudy-audit/1", prev, Long.toString(seq), Long.toString(at), role, actor, action, subject, persons}) {
                byte[] b = part.getBytes(StandardCharsets.UTF_8);
                d.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
                d.update((byte) ':');
                d.update(b);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seals (seq, hash) of the newest entry into server_secrets under {@value #HEAD}. */
    private void writeHead(Connection c, long seq, String hash) throws SQLException {
        String v = java.util.Base64.getEncoder().encodeToString(master.seal(HEAD, (seq + " " + hash).getBytes(StandardCharsets.US_ASCII)));
        if (Store.update(c, "UPDATE server_secrets SET value = ?, created_at = ? WHERE name = ?", v, System.currentTimeMillis(), HEAD) == 0) {
            Store.update(c, "INSERT INTO server_secrets (name, value, created_at) VALUES (?, ?, ?)", HEAD, v, System.currentTimeMillis());
        }
    }

    private static String oneLine(String s, int max) {
        String t = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return t.length() > max ? t.substring(0, max) : t;
    }
}
