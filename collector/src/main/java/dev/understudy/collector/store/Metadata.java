package dev.understudy.collector.store;

import static dev.understudy.collector.store.Store.getInt;
import static dev.understudy.collector.store.Store.getLong;
import static dev.understudy.collector.store.Store.one;
import static dev.understudy.collector.store.Store.query;
import static dev.understudy.collector.store.Store.update;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Typed reads and writes of the collector's tables. Each method is its own transaction unless it takes a Connection. */
public final class Metadata {
    private final Store store;

    public Metadata(Store store) {
        this.store = store;
    }

    public Store store() {
        return store;
    }

    public record Token(String hash, String team, long expiresAt, long createdAt, Long lastUsedAt) {}

    public record Device(String id, String team, String person, String state, String agentVersion, String os, Long policyVersion,
                         Long backlogSessions, Long backlogBytes, Long lastUploadWall, Long lastSeen, Long uploadBudget, long createdAt) {}

    public record Credential(String secretHash, String device, long createdAt, Long supersededAt, String successor, Long firstUsedAt,
                             Long lastUsedAt) {}

    public record SessionRow(String device, String session, String person, String manifest, String files, long bytes, long committedAt) {}

    public record PolicyRow(long version, String team, String yaml, String sha256, long publishedAt) {}

    public record ExemptionRow(String id, String device, String person, String reason, Integer hours, String state, long requestedAt,
                               Long decidedAt, Long expiresAt) {
        public boolean activeAt(long now) {
            return "approved".equals(state) && (expiresAt == null || expiresAt > now);
        }
    }

    static Token token(ResultSet rs) throws SQLException {
        return new Token(rs.getString("hash"), rs.getString("team"), rs.getLong("expires_at"), rs.getLong("created_at"), getLong(rs, "last_used_at"));
    }

    public static Device device(ResultSet rs) throws SQLException {
        return new Device(rs.getString("id"), rs.getString("team"), rs.getString("person"), rs.getString("state"), rs.getString("agent_version"),
                rs.getString("os"), getLong(rs, "policy_version"), getLong(rs, "backlog_sessions"), getLong(rs, "backlog_bytes"),
                getLong(rs, "last_upload_wall"), getLong(rs, "last_seen"), getLong(rs, "upload_budget"), rs.getLong("created_at"));
    }

    static Credential credential(ResultSet rs) throws SQLException {
        return new Credential(rs.getString("secret_hash"), rs.getString("device"), rs.getLong("created_at"), getLong(rs, "superseded_at"),
                rs.getString("successor"), getLong(rs, "first_used_at"), getLong(rs, "last_used_at"));
    }

    /** A sessions row as read by {@code SELECT *}. */
    public static SessionRow sessionRow(ResultSet rs) throws SQLException {
        return session(rs);
    }

    static SessionRow session(ResultSet rs) throws SQLException {
        return new SessionRow(rs.getString("device"), rs.getString("session"), rs.getString("person"), rs.getString("manifest"),
                rs.getString("files"), rs.getLong("bytes"), rs.getLong("committed_at"));
    }

    static PolicyRow policy(ResultSet rs) throws SQLException {
        return new PolicyRow(rs.getLong("version"), rs.getString("team"), rs.getString("yaml"), rs.getString("sha256"), rs.getLong("published_at"));
    }

    static ExemptionRow exemption(ResultSet rs) throws SQLException {
        return new ExemptionRow(rs.getString("id"), rs.getString("device"), rs.getString("person"), rs.getString("reason"), getInt(rs, "hours"),
                rs.getString("state"), rs.getLong("requested_at"), getLong(rs, "decided_at"), getLong(rs, "expires_at"));
    }

    // ------------------------------------------------------------ tokens

    public void addToken(String hash, String team, long expiresAt) {
        store.tx(c -> update(c, "INSERT INTO enroll_tokens (hash, team, expires_at, created_at) VALUES (?, ?, ?, ?)", hash, team, expiresAt,
                System.currentTimeMillis()));
    }

    /** Every enroll token (hashes only), newest first. */
    public java.util.List<Token> tokens() {
        return store.tx(c -> query(c, Metadata::token, "SELECT * FROM enroll_tokens ORDER BY created_at DESC"));
    }

    public Token token(Connection c, String hash) throws SQLException {
        return one(c, Metadata::token, "SELECT * FROM enroll_tokens WHERE hash = ?", hash);
    }

    // ------------------------------------------------------------ devices

    public Device device(String id) {
        return store.tx(c -> device(c, id));
    }

    public Device device(Connection c, String id) throws SQLException {
        return one(c, Metadata::device, "SELECT * FROM devices WHERE id = ?", id);
    }

    public List<Device> devices() {
        return store.tx(c -> query(c, Metadata::device, "SELECT * FROM devices ORDER BY created_at, id"));
    }

    public boolean setDeviceState(String id, String state) {
        return store.tx(c -> update(c, "UPDATE devices SET state = ? WHERE id = ?", state, id)) > 0;
    }

    /** Marks a device cloned unless an admin revoked it already. */
    public void markCloned(String id) {
        store.tx(c -> update(c, "UPDATE devices SET state = 'cloned' WHERE id = ? AND state = 'active'", id));
    }

    public boolean setBudget(String id, Long bytesPerDay) {
        return store.tx(c -> update(c, "UPDATE devices SET upload_budget = ? WHERE id = ?", bytesPerDay, id)) > 0;
    }

    public void touchDevice(String id, long now) {
        store.tx(c -> update(c, "UPDATE devices SET last_seen = ? WHERE id = ?", now, id));
    }

    public void report(String id, String agentVersion, Long policyVersion, long backlogSessions, long backlogBytes, Long lastUploadWall, long now) {
        store.tx(c -> update(c, "UPDATE devices SET agent_version = COALESCE(?, agent_version), policy_version = ?, backlog_sessions = ?,"
                + " backlog_bytes = ?, last_upload_wall = COALESCE(?, last_upload_wall), last_seen = ? WHERE id = ?",
                agentVersion, policyVersion, backlogSessions, backlogBytes, lastUploadWall, now, id));
    }

    // ------------------------------------------------------------ credentials

    public Credential credential(String secretHash) {
        return store.tx(c -> one(c, Metadata::credential, "SELECT * FROM credentials WHERE secret_hash = ?", secretHash));
    }

    public Credential credential(Connection c, String secretHash) throws SQLException {
        return one(c, Metadata::credential, "SELECT * FROM credentials WHERE secret_hash = ?", secretHash);
    }

    public void firstUse(String secretHash, long now) {
        store.tx(c -> update(c, "UPDATE credentials SET first_used_at = ?, last_used_at = ? WHERE secret_hash = ? AND first_used_at IS NULL",
                now, now, secretHash));
    }

    public void lastUse(String secretHash, long now) {
        store.tx(c -> update(c, "UPDATE credentials SET last_used_at = ? WHERE secret_hash = ?", now, secretHash));
    }

    // ------------------------------------------------------------ chunks and sessions

    public List<SessionRow> sessions() {
        return store.tx(c -> query(c, Metadata::session, "SELECT * FROM sessions ORDER BY committed_at, device, session"));
    }

    public List<SessionRow> sessionsOf(String device) {
        return store.tx(c -> query(c, Metadata::session, "SELECT * FROM sessions WHERE device = ? ORDER BY committed_at, session", device));
    }

    public List<SessionRow> sessionsNamed(String session) {
        return store.tx(c -> query(c, Metadata::session, "SELECT * FROM sessions WHERE session = ? ORDER BY device", session));
    }

    public SessionRow session(Connection c, String device, String session) throws SQLException {
        return one(c, Metadata::session, "SELECT * FROM sessions WHERE device = ? AND session = ?", device, session);
    }

    /** Bytes of chunks this device stored since {@code since}. */
    public long uploadedSince(String device, long since) {
        return store.tx(c -> {
            Long v = one(c, rs -> getLong(rs, "s"), "SELECT COALESCE(SUM(size), 0) AS s FROM chunks WHERE device = ? AND stored_at >= ?", device, since);
            return v == null ? 0L : v;
        });
    }

    // ------------------------------------------------------------ policies

    public List<PolicyRow> policies() {
        return store.tx(c -> query(c, Metadata::policy, "SELECT * FROM policies ORDER BY version"));
    }

    /** The policy a team runs: its own latest, else the latest for every team; null when none. */
    public PolicyRow policyFor(String team) {
        return store.tx(c -> {
            PolicyRow own = one(c, Metadata::policy, "SELECT * FROM policies WHERE team = ? ORDER BY version DESC LIMIT 1", team);
            if (own != null) return own;
            return one(c, Metadata::policy, "SELECT * FROM policies WHERE team IS NULL ORDER BY version DESC LIMIT 1");
        });
    }

    /** Publishes; the version is the next serial (retried when a replica took it meanwhile). */
    public long publishPolicy(String team, String yaml, String sha256) {
        for (int attempt = 0; ; attempt++) {
            try {
                return store.tx(c -> {
                    Long max = one(c, rs -> getLong(rs, "v"), "SELECT MAX(version) AS v FROM policies");
                    long v = (max == null ? 0 : max) + 1;
                    update(c, "INSERT INTO policies (version, team, yaml, sha256, published_at) VALUES (?, ?, ?, ?, ?)", v, team, yaml, sha256,
                            System.currentTimeMillis());
                    return v;
                });
            } catch (RuntimeException e) {
                if (!Store.isDuplicate(e) || attempt > 20) throw e;
            }
        }
    }

    // ------------------------------------------------------------ exemptions

    public void addExemption(ExemptionRow e) {
        store.tx(c -> update(c, "INSERT INTO exemptions (id, device, person, reason, hours, state, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                e.id(), e.device(), e.person(), e.reason(), e.hours(), e.state(), e.requestedAt()));
    }

    public List<ExemptionRow> exemptions() {
        return store.tx(c -> query(c, Metadata::exemption, "SELECT * FROM exemptions ORDER BY requested_at, id"));
    }

    public List<ExemptionRow> exemptionsOf(String device) {
        return store.tx(c -> query(c, Metadata::exemption, "SELECT * FROM exemptions WHERE device = ? ORDER BY requested_at, id", device));
    }

    public ExemptionRow exemption(String id) {
        return store.tx(c -> one(c, Metadata::exemption, "SELECT * FROM exemptions WHERE id = ?", id));
    }

    public boolean decideExemption(String id, boolean approve, long now) {
        return store.tx(c -> {
            ExemptionRow e = one(c, Metadata::exemption, "SELECT * FROM exemptions WHERE id = ?", id);
            if (e == null) return false;
            Long expires = approve && e.hours() != null ? now + e.hours() * 3_600_000L : null;
            update(c, "UPDATE exemptions SET state = ?, decided_at = ?, expires_at = ? WHERE id = ?", approve ? "approved" : "denied", now, expires, id);
            return true;
        });
    }
}
