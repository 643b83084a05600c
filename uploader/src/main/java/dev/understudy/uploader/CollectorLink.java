package dev.understudy.uploader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.collector.api.DeviceCredential;
import dev.understudy.collector.api.EnrollToken;
import dev.understudy.collector.api.Messages;
import dev.understudy.collector.api.PolicySignature;
import dev.understudy.collector.api.Wire;
import dev.understudy.trace.DeviceKeys;
import dev.understudy.trace.SecretServiceKeyStore;
import dev.understudy.trace.SpoolCipher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * This device's link to a collector, kept in {@code DATA/collector/}:
 * <ul>
 *   <li>{@code link.json}: server URL, pinned certificate fingerprint, device id, person, team, the
 *       server's policy key, when it was enrolled and where the credential is kept;</li>
 *   <li>the credential, with the device key: in the desktop keyring when the data directory's key
 *       is kept in the Secret Service, else in {@code credential} (0600);</li>
 *   <li>{@code state.json}: a revocation the collector answered (uploads stop), the last upload and
 *       error, the retry time, the policy's ETag.</li>
 * </ul>
 * The device id is 128 random bits made here at enrollment, never a host name or a hardware id.
 * Every file is owner-only and written atomically. Thread-safe.
 */
public final class CollectorLink {
    public static final String DIR = "collector";
    public static final String LINK = "link.json";
    public static final String CREDENTIAL = "credential";
    public static final String STATE = "state.json";
    public static final String AGENT_VERSION = "0.1.0";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What link.json holds.
     *
     * @param credentialStore {@code file} or {@code secret-service}
     * @param rotateAfterSeconds after how long the device should rotate its credential (0: when asked)
     */
    public record Link(String server, String fingerprint, String deviceId, String person, String team, String policyKey,
                       long enrolledAt, long rotateAfterSeconds, String credentialStore) {}

    private final Path dataRoot;
    private final Path dir;
    private final Map<String, String> env;
    private CollectorClient client;

    private CollectorLink(Path dataRoot, Map<String, String> env) {
        this.dataRoot = dataRoot.toAbsolutePath().normalize();
        this.dir = this.dataRoot.resolve(DIR);
        this.env = env;
    }

    /** The link of a data directory (enrolled or not). */
    public static CollectorLink at(Path dataRoot) {
        return new CollectorLink(dataRoot, System.getenv());
    }

    public Path dataRoot() {
        return dataRoot;
    }

    /** {@code DATA/collector}. */
    public Path dir() {
        return dir;
    }

    public boolean enrolled() {
        return Files.isRegularFile(dir.resolve(LINK));
    }

    /** link.json, or null when this data directory is not enrolled. */
    public synchronized Link link() {
        Path f = dir.resolve(LINK);
        if (!Files.isRegularFile(f)) return null;
        try {
            return Wire.MAPPER.readValue(f.toFile(), Link.class);
        } catch (IOException e) {
            throw new IllegalStateException(f + " is damaged (" + SessionCopy.oneLine(e.getMessage()) + "); enroll again");
        }
    }

    private Link requireLink() {
        Link l = link();
        if (l == null) throw new IllegalStateException("this device is not enrolled with a collector (understudy enroll --server URL --token TOKEN)");
        return l;
    }

    /**
     * Enrolls this data directory with the collector at {@code server}, with an enroll token as an
     * admin handed it out: makes a random device id, asks {@code POST /enroll}, stores the link and
     * the credential. Re-enrolling replaces the previous link (and forgets its revocation). Returns
     * the device id. IllegalArgumentException for a bad URL or token, CollectorException when the
     * collector refuses or cannot be reached.
     */
    public synchronized String enroll(URI server, String token, String localUser) {
        EnrollToken t = EnrollToken.parse(token);
        URI url = CollectorClient.checkUrl(server, t.fingerprint());
        String deviceId = newDeviceId();
        CollectorClient c = new CollectorClient(url, t.fingerprint(), null);
        Messages.EnrollResponse r = c.enroll(new Messages.EnrollRequest(t.secret(), deviceId, localUser, AGENT_VERSION,
                System.getProperty("os.name") + " " + System.getProperty("os.version")));
        if (!deviceId.equals(r.deviceId())) throw new CollectorException(200, "the collector enrolled another device id (" + r.deviceId() + ")", null, null, null);
        DeviceCredential cred;
        try {
            cred = DeviceCredential.parse(r.credential());
        } catch (IllegalArgumentException e) {
            throw new CollectorException(200, "the collector sent no valid credential: " + e.getMessage(), null, null, null);
        }
        if (!cred.deviceId().equals(deviceId)) throw new CollectorException(200, "the collector sent a credential of another device", null, null, null);
        try {
            PolicySignature.decode(r.policyKey());
        } catch (IllegalArgumentException e) {
            throw new CollectorException(200, "the collector sent no valid policy key", null, null, null);
        }
        String store = keyringWanted() ? KeyringCredentialStore.KIND : "file";
        Link l = new Link(url.toString(), t.fingerprint(), deviceId, r.person(), r.team(), r.policyKey(), System.currentTimeMillis(),
                r.rotateAfterSeconds(), store);
        store(l, cred);
        return deviceId;
    }

    /** Stores a new link and its credential, replacing any previous one (its revocation and policy forgotten). */
    synchronized void store(Link l, DeviceCredential cred) {
        Link old = enrolled() ? safeLink() : null;
        PrivateFiles.dir(dir);
        saveCredential(l, cred);
        writeJson(dir.resolve(LINK), l);
        if (old != null && !old.deviceId().equals(l.deviceId())) forgetCredential(old);
        ObjectNode st = Wire.MAPPER.createObjectNode();
        st.put("credential_set_at", System.currentTimeMillis());
        writeJson(dir.resolve(STATE), st);
        for (String f : new String[] {PolicySync.YAML, PolicySync.JSON}) {
            try {
                Files.deleteIfExists(dir.resolve(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        client = null;
    }

    private Link safeLink() {
        try {
            return link();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** 128 random bits, 32 lowercase hex digits. */
    static String newDeviceId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Whether the credential goes to the keyring: the data directory's device key is kept there. */
    private boolean keyringWanted() {
        return Files.isRegularFile(dataRoot.resolve(SpoolCipher.MARKER))
                && SecretServiceKeyStore.KIND.equals(DeviceKeys.recordedStore(dataRoot));
    }

    private KeyringCredentialStore keyring() {
        return new KeyringCredentialStore(env, Duration.ofSeconds(5));
    }

    private void saveCredential(Link l, DeviceCredential c) {
        if (KeyringCredentialStore.KIND.equals(l.credentialStore())) {
            keyring().save(l.deviceId(), c.toString());
            try {
                Files.deleteIfExists(dir.resolve(CREDENTIAL));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            PrivateFiles.write(dir.resolve(CREDENTIAL), (c + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    private void forgetCredential(Link l) {
        try {
            if (KeyringCredentialStore.KIND.equals(l.credentialStore())) keyring().delete(l.deviceId());
        } catch (RuntimeException e) {
            // an orphaned keyring item holds a dead credential only
        }
    }

    /** The stored credential; IllegalStateException (one line) when it is missing or damaged. */
    public synchronized DeviceCredential credential() {
        Link l = requireLink();
        String text;
        if (KeyringCredentialStore.KIND.equals(l.credentialStore())) {
            text = keyring().find(l.deviceId());
            if (text == null) throw new IllegalStateException("the keyring holds no collector credential for device " + l.deviceId() + "; enroll again");
        } else {
            Path f = dir.resolve(CREDENTIAL);
            try {
                text = Files.readString(f, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new IllegalStateException("the collector credential " + f + " cannot be read (" + e.getMessage() + "); enroll again");
            }
        }
        try {
            DeviceCredential c = DeviceCredential.parse(text);
            if (!c.deviceId().equals(l.deviceId())) throw new IllegalArgumentException("it belongs to another device");
            return c;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the stored collector credential is damaged (" + e.getMessage() + "); enroll again");
        }
    }

    /** A client of the linked collector with this device's credential (one per link). */
    public synchronized CollectorClient client() {
        if (client == null) {
            Link l = requireLink();
            client = new CollectorClient(URI.create(l.server()), l.fingerprint(), credential());
        }
        return client;
    }

    /**
     * Calls the collector: refused at once when the collector revoked this device; a 403 answer is
     * remembered as a revocation; a rotation the server asked for, or one that is due, follows the call.
     */
    public <T> T call(Function<CollectorClient, T> f) {
        String revoked = revokedReason();
        if (revoked != null) throw new CollectorException(403, "revoked by the collector: " + revoked, revoked, null, null);
        CollectorClient c = client();
        T out;
        try {
            out = f.apply(c);
        } catch (CollectorException e) {
            if (e.revoked()) markRevoked(e.serverError() != null ? e.serverError() : e.getMessage());
            throw e;
        }
        try {
            rotateIfAsked(c);
        } catch (CollectorException e) {
            if (e.revoked()) markRevoked(e.serverError() != null ? e.serverError() : e.getMessage());
            updateState(s -> s.put("last_error", "credential rotation failed: " + e.getMessage()));
        }
        return out;
    }

    /** Rotates the credential when the server asked for it, or when it is older than the enrollment said. */
    public synchronized void rotateIfAsked(CollectorClient c) {
        Link l = requireLink();
        long setAt = state().path("credential_set_at").asLong(l.enrolledAt());
        boolean due = l.rotateAfterSeconds() > 0 && System.currentTimeMillis() - setAt >= l.rotateAfterSeconds() * 1000;
        if (c.rotationRequested() || due) rotate(c);
    }

    /** POST /credential: stores the new credential, then uses it (the old one works until then). */
    public synchronized void rotate(CollectorClient c) {
        Link l = requireLink();
        Messages.CredentialResponse r = c.rotateCredential();
        DeviceCredential n;
        try {
            n = DeviceCredential.parse(r.credential());
        } catch (IllegalArgumentException e) {
            throw new CollectorException(200, "the collector sent no valid credential: " + e.getMessage(), null, null, null);
        }
        if (!n.deviceId().equals(l.deviceId())) throw new CollectorException(200, "the collector sent a credential of another device", null, null, null);
        saveCredential(l, n);
        c.credential(n);
        updateState(s -> s.put("credential_set_at", System.currentTimeMillis()));
    }

    // ------------------------------------------------------------------ state.json

    /** state.json (an empty object when there is none). */
    public synchronized ObjectNode state() {
        Path f = dir.resolve(STATE);
        if (!Files.isRegularFile(f)) return Wire.MAPPER.createObjectNode();
        try {
            JsonNode n = Wire.MAPPER.readTree(f.toFile());
            return n instanceof ObjectNode o ? o : Wire.MAPPER.createObjectNode();
        } catch (IOException e) {
            return Wire.MAPPER.createObjectNode();
        }
    }

    /** Changes state.json atomically. */
    public synchronized void updateState(Consumer<ObjectNode> change) {
        ObjectNode s = state();
        change.accept(s);
        PrivateFiles.dir(dir);
        writeJson(dir.resolve(STATE), s);
    }

    /** Why the collector revoked this device (uploads stop), or null. */
    public String revokedReason() {
        JsonNode r = state().get("revoked");
        return r == null || r.isNull() ? null : r.asText();
    }

    /** Remembers a revoked or cloned answer: uploads stop until the device is enrolled again. */
    public void markRevoked(String reason) {
        String why = reason == null || reason.isBlank() ? "credential revoked" : SessionCopy.oneLine(reason);
        updateState(s -> {
            s.put("revoked", why);
            s.put("revoked_at", System.currentTimeMillis());
        });
    }

    static void writeJson(Path f, Object value) {
        try {
            PrivateFiles.write(f, Wire.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
