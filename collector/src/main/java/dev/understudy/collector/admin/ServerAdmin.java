package dev.understudy.collector.admin;

import dev.understudy.collector.ServerDir;
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

    private ServerAdmin(Path dir, Store store, BlobStore blobs, MasterKey master) {
        this.dir = dir;
        this.store = store;
        this.blobs = blobs;
        this.md = new Metadata(store);
        this.uploads = new Uploads(md, blobs, master);
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
        return Enrollment.createToken(md, team == null ? "default" : team, expires, fingerprint());
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
    }

    public List<SessionRow> sessions() {
        return md.sessions();
    }

    /** Publishes a policy for {@code team} (null: every team); returns its version. A bad policy is refused with the parser's message. */
    public long publishPolicy(String yaml, String team) {
        return Policies.publish(md, yaml, team);
    }

    public List<PolicyRow> policyHistory() {
        return md.policies();
    }

    public List<ExemptionRow> exemptions() {
        return md.exemptions();
    }

    public void decideExemption(String id, boolean approve) {
        if (!md.decideExemption(id, approve, System.currentTimeMillis())) throw new IllegalArgumentException("no exemption " + id);
    }

    /** Sets (or with null clears) the device's upload budget in bytes per day. */
    public void setUploadBudget(String deviceId, Long bytesPerDay) {
        if (bytesPerDay != null && bytesPerDay < 0) throw new IllegalArgumentException("the budget must not be negative");
        if (!md.setBudget(deviceId, bytesPerDay)) throw new IllegalArgumentException("no device " + deviceId);
    }

    /**
     * Crypto-shreds a person: deletes their wrapped data key (nothing of theirs can be decrypted
     * after, on any replica or backup), then their sessions, chunks, exemptions and blobs (best
     * effort), and revokes their devices.
     */
    public void erasePerson(String person) throws IOException {
        uploads.erasePerson(person);
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
        return uploads.materialize(find(sessionRef), into);
    }

    public SessionRow find(String sessionRef) {
        int colon = sessionRef.indexOf(':');
        if (colon >= 0) {
            String device = sessionRef.substring(0, colon);
            String session = sessionRef.substring(colon + 1);
            SessionRow r = store.tx(c -> md.session(c, device, session));
            if (r == null) throw new IllegalArgumentException("no session " + session + " of device " + device);
            return r;
        }
        List<SessionRow> rows = md.sessionsNamed(sessionRef);
        if (rows.isEmpty()) throw new IllegalArgumentException("no session " + sessionRef);
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
