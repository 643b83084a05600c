package dev.understudy.collector.admin;

import dev.understudy.collector.ServerDir;
import dev.understudy.collector.audit.AuditChain;
import dev.understudy.collector.audit.AuditLog;
import dev.understudy.collector.erase.Retention;
import dev.understudy.collector.lineage.DatasetBuilds;
import dev.understudy.collector.erase.Tombstone;
import dev.understudy.collector.erase.Erasure;
import dev.understudy.collector.govern.Actor;
import dev.understudy.collector.govern.Role;
import dev.understudy.collector.blob.BlobStore;
import dev.understudy.collector.crypto.MasterKey;
import dev.understudy.collector.crypto.ServerKeys;
import dev.understudy.collector.enroll.Enrollment;
import dev.understudy.collector.policy.Policies;
import dev.understudy.collector.store.Metadata;
import dev.understudy.collector.store.Metadata.Device;
import dev.understudy.collector.store.Metadata.ExemptionRow;
import dev.understudy.collector.store.Metadata.PolicyRow;
import dev.understudy.collector.store.Metadata.SessionRow;
import dev.understudy.collector.store.Store;
import dev.understudy.collector.upload.Uploads;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The admin side of a collector, over the same stores as the running server (SQLite in WAL mode or
 * PostgreSQL: it works while {@code serve} runs). Errors are {@link IllegalArgumentException} with
 * a one-line message.
 */
public final class ServerAdmin implements AutoCloseable {
    private final Path dir;
    private final Store store;
    private final BlobStore blobs;
    private final Metadata md;
    private final Uploads uploads;
    private final MasterKey master;
    private final AuditLog audit;
    private final Erasure erasure;
    private final Retention retention;
    private final DatasetBuilds builds;
    private AuditChain chain;
    /** Who this admin acts as in the audit log ({@link #actingAs}); the server's command line as admin by default. */
    private Actor actor = Actor.commandLine(Role.ADMIN);
    /** What reading a session through it is audited as: {@code session.read}, or e.g. {@code dataset.read}. */
    private String readAction = "session.read";

    private ServerAdmin(Path dir, Store store, BlobStore blobs, MasterKey master) {
        this.dir = dir;
        this.store = store;
        this.blobs = blobs;
        this.md = new Metadata(store);
        this.uploads = new Uploads(md, blobs, master);
        this.master = master;
        this.audit = new AuditLog(store, master);
        this.erasure = new Erasure(md, uploads, audit);
        this.retention = new Retention(md, erasure, audit);
        this.builds = new DatasetBuilds(md, audit);
    }

    /** The dataset builds made from this collector's sessions, with their stale state. */
    public DatasetBuilds datasetBuilds() {
        return builds;
    }

    /** Registers a finished dataset build in {@code outDir} (its manifest.json); null when none of its sessions is this collector's. */
    public DatasetBuilds.Build registerBuild(Path outDir, String engine) {
        return builds.register(actor, outDir, engine);
    }

    /** Who this admin acts as in the audit log from now on. */
    public ServerAdmin actingAs(Actor who, String readAction) {
        if (who != null) this.actor = who;
        if (readAction != null) this.readAction = readAction;
        return this;
    }

    public Actor actor() {
        return actor;
    }

    /** Signed checkpoints and verification of the audit log. */
    public synchronized AuditChain auditChain() {
        if (chain == null) chain = new AuditChain(audit);
        return chain;
    }

    /** Server-side retention (the policy's retention_days). */
    public Retention retention() {
        return retention;
    }

    /** The collector's audit log (the same table the running server appends to). */
    public AuditLog audit() {
        return audit;
    }

    /** Erasing sessions and persons, with tombstones and stale datasets. */
    public Erasure erasure() {
        return erasure;
    }

    /** The web console's accounts (admin, officer, builder; docs/governance.md). */
    public dev.understudy.collector.govern.Accounts accounts() {
        return new dev.understudy.collector.govern.Accounts(store);
    }

    /** The worker's "what were you doing?" label of a session (set in the portal), or null: the dataset builder's instruction. */
    public String taskLabel(String device, String session) {
        return store.tx(c -> Store.one(c, rs -> rs.getString(1), "SELECT label FROM task_labels WHERE device = ? AND session = ?", device, session));
    }

    /** Whether {@code dir} is a collector's data directory (it has server.json). */
    public static boolean isServerDir(Path dir) {
        return dir != null && ServerDir.exists(dir);
    }

    /** Opens the stores named in {@code serverDir/server.json}. */
    public static ServerAdmin open(Path serverDir) {
        Path dir = serverDir.toAbsolutePath().normalize();
        if (!isServerDir(dir)) {
            throw new IllegalArgumentException(dir + " is not a collector's data directory (no " + ServerDir.FILE + "; start `understudy serve --data " + dir + "` once)");
        }
        ServerDir sd = ServerDir.read(dir);
        MasterKey master = MasterKey.load(dir, false);
        Store store = Store.open(sd.db());
        try {
            return new ServerAdmin(dir, store, BlobStore.open(sd.blobs(), dir), master);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public Path dir() {
        return dir;
    }

    /** The pinned certificate's fingerprint as the last server start recorded it; null: not pinned. */
    public String fingerprint() {
        String fp = ServerKeys.plain(store, ServerKeys.FINGERPRINT);
        return fp == null || fp.equals("-") ? null : fp;
    }

    /** A new enroll token ({@code UST1.<secret>.<fingerprint>}) for {@code team} (null: "default"). */
    public String createEnrollToken(String team, Duration expires) {
        String t = Enrollment.createToken(md, team == null ? "default" : team, expires, fingerprint());
        audit.record(actor, "token.create", "team " + (team == null ? "default" : team) + " hours " + expires.toHours());
        return t;
    }

    public List<Device> devices() {
        return md.devices();
    }

    public Device device(String id) {
        Device d = md.device(id);
        if (d == null) throw new IllegalArgumentException("no device " + id);
        return d;
    }

    /** Revokes a device: every later request with its credentials is refused (403). */
    public void revoke(String deviceId) {
        if (!md.setDeviceState(deviceId, "revoked")) throw new IllegalArgumentException("no device " + deviceId);
        audit.record(actor, "device.revoke", "device " + deviceId);
    }

    public List<SessionRow> sessions() {
        return md.sessions();
    }

    /** Publishes a policy for {@code team} (null: every team); returns its version. A bad policy is refused with the parser's message. */
    public long publishPolicy(String yaml, String team) {
        long v = Policies.publish(md, yaml, team);
        audit.record(actor, "policy.publish", "policy " + v + " team " + (team == null ? "(all)" : team));
        return v;
    }

    public List<PolicyRow> policyHistory() {
        return md.policies();
    }

    public List<ExemptionRow> exemptions() {
        return md.exemptions();
    }

    public void decideExemption(String id, boolean approve) {
        if (!md.decideExemption(id, approve, System.currentTimeMillis())) throw new IllegalArgumentException("no exemption " + id);
        ExemptionRow e = md.exemption(id);
        audit.record(actor, approve ? "exemption.approve" : "exemption.deny", "exemption " + id + " device " + (e == null ? "-" : e.device()));
    }

    /** Sets (or with null clears) the device's upload budget in bytes per day. */
    public void setUploadBudget(String deviceId, Long bytesPerDay) {
        if (bytesPerDay != null && bytesPerDay < 0) throw new IllegalArgumentException("the budget must not be negative");
        if (!md.setBudget(deviceId, bytesPerDay)) throw new IllegalArgumentException("no device " + deviceId);
        audit.record(actor, "device.budget", "device " + deviceId + " bytes_per_day " + (bytesPerDay == null ? "none" : bytesPerDay));
    }

    /**
     * Crypto-shreds a person: deletes their wrapped data key (nothing of theirs can be decrypted
     * after, on any replica or backup), then their sessions, chunks, exemptions and blobs (best
     * effort), and revokes their devices.
     */
    public void erasePerson(String person) throws IOException {
        erasure.erasePerson(Actor.commandLine(Role.OFFICER), person, "erase-person on the command line");
    }

    /** The enroll tokens made so far (their hashes, never the secrets), with when each was last used. */
    public List<Metadata.Token> tokens() {
        return md.tokens();
    }

    /**
     * Writes a committed session as a data directory at {@code into} ({@code into/sessions/<id>/...},
     * {@code into/tiles/...}); {@code sessionRef} is {@code SESSION} when unique, else {@code DEVICE:SESSION}.
     * Returns the session's directory.
     */
    public Path materialize(String sessionRef, Path into) throws IOException {
        return materialize(sessionRef, into, readAction);
    }

    /** {@link #materialize(String, Path)}, audited as {@code action} (e.g. session.export, session.view, dataset.read). */
    public Path materialize(String sessionRef, Path into, String action) throws IOException {
        SessionRow r = find(sessionRef);
        audit.record(actor, action, "session " + r.device() + ":" + r.session());
        return uploads.materialize(r, into);
    }

    /**
     * The committed session {@code SESSION} or {@code DEVICE:SESSION}; IllegalArgumentException "session S was
     * erased on DATE" for an erased one, "no session S" for one never committed.
     */
    public SessionRow find(String sessionRef) {
        int colon = sessionRef.indexOf(':');
        if (colon >= 0) {
            String device = sessionRef.substring(0, colon);
            String session = sessionRef.substring(colon + 1);
            SessionRow r = store.tx(c -> md.session(c, device, session));
            if (r == null) {
                erasure.tombstone(device, session).ifPresent(t -> {
                    throw new IllegalArgumentException(t.line());
                });
                throw new IllegalArgumentException("no session " + session + " of device " + device);
            }
            return r;
        }
        List<SessionRow> rows = md.sessionsNamed(sessionRef);
        if (rows.isEmpty()) {
            List<Tombstone> t = erasure.tombstonesNamed(sessionRef);
            if (!t.isEmpty()) throw new IllegalArgumentException(t.get(0).line());
            throw new IllegalArgumentException("no session " + sessionRef);
        }
        if (rows.size() > 1) {
            throw new IllegalArgumentException("session " + sessionRef + " exists on " + rows.size() + " devices: name it DEVICE:SESSION ("
                    + rows.get(0).device() + ":" + sessionRef + ", ...)");
        }
        return rows.get(0);
    }

    @Override
    public void close() {
        try {
            blobs.close();
        } finally {
            store.close();
        }
    }
}
