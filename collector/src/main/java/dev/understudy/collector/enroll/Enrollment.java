package dev.understudy.collector.enroll;

import dev.understudy.collector.ApiException;
import dev.understudy.collector.api.DeviceCredential;
import dev.understudy.collector.api.EnrollToken;
import dev.understudy.collector.api.Messages.CredentialResponse;
import dev.understudy.collector.api.Messages.EnrollRequest;
import dev.understudy.collector.api.Messages.EnrollResponse;
import dev.understudy.collector.api.PolicySignature;
import dev.understudy.collector.api.Wire;
import dev.understudy.collector.crypto.Aead;
import dev.understudy.collector.crypto.ServerKeys;
import dev.understudy.collector.store.Metadata;
import dev.understudy.collector.store.Metadata.Credential;
import dev.understudy.collector.store.Metadata.Device;
import dev.understudy.collector.store.Metadata.Token;
import dev.understudy.collector.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Enroll tokens, devices, their persons and credentials: enrollment, authentication, rotation and clone detection. */
public final class Enrollment {
    public static final String TEAM = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";
    public static final String REVOKED = "device revoked by the collector's admin";
    public static final String CLONED = "credential used by two machines (cloned device?): enroll again";
    private static final long TOUCH_EVERY = 60_000;

    private final Metadata md;
    private final ServerKeys keys;
    private final Duration rotateAfter;
    private final Duration overlap;
    private final Map<String, Long> lastTouch = new ConcurrentHashMap<>();

    public Enrollment(Metadata md, ServerKeys keys, Duration rotateAfter, Duration overlap) {
        this.md = md;
        this.keys = keys;
        this.rotateAfter = rotateAfter;
        this.overlap = overlap;
    }

    /** What a request authenticated as; {@code rotate}: the credential is older than rotate-after. */
    public record Authed(Device device, Credential credential, boolean rotate) {}

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String newSecret() {
        byte[] b = new byte[32];
        Aead.RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A new enroll token for {@code team}, valid for {@code expires}; {@code fingerprint} null: not pinned. */
    public static String createToken(Metadata md, String team, Duration expires, String fingerprint) {
        if (team == null || !team.matches(TEAM)) throw new IllegalArgumentException("team names are letters, digits, '.', '_' and '-' (up to 100)");
        if (expires.isNegative() || expires.isZero()) throw new IllegalArgumentException("the token must expire in the future");
        String secret = newSecret();
        md.addToken(sha256(secret), team, System.currentTimeMillis() + expires.toMillis());
        return new EnrollToken(secret, fingerprint).toString();
    }

    public EnrollResponse enroll(EnrollRequest r) {
        if (r == null || r.token() == null || r.deviceId() == null || r.user() == null) {
            throw new ApiException(400, "an enrollment needs token, device_id and user");
        }
        String secret = r.token().strip();
        // the device may send the whole token (UST1.secret.fingerprint) or its secret part
        if (secret.startsWith(EnrollToken.PREFIX + ".")) {
            try {
                secret = EnrollToken.parse(secret).secret();
            } catch (IllegalArgumentException e) {
                throw new ApiException(401, "unknown enroll token");
            }
        }
        if (!r.deviceId().matches(Wire.DEVICE_ID)) throw new ApiException(400, "device_id is not 32 lowercase hex digits");
        if (r.user().isBlank() || r.user().length() > 256) throw new ApiException(400, "user must be a non-empty name (up to 256 characters)");
        if (r.agentVersion() != null && r.agentVersion().length() > 100) throw new ApiException(400, "agent_version is too long");
        if (r.os() != null && r.os().length() > 200) throw new ApiException(400, "os is too long");
        String tokenHash = sha256(secret);
        long now = System.currentTimeMillis();
        String person = keys.personId(r.user());
        String credSecret = newSecret();
        String wrapped = ServerKeys.wrapNewPersonKey(keys.master(), person);
        Token t;
        try {
            t = md.store().tx(c -> {
                Token tok = md.token(c, tokenHash);
                if (tok == null) throw new ApiException(401, "unknown enroll token");
                if (tok.expiresAt() <= now) throw new ApiException(401, "enroll token expired: ask the admin for a new one");
                if (md.device(c, r.deviceId()) != null) throw new ApiException(409, "device " + r.deviceId() + " is already enrolled");
                if (Store.one(c, rs -> rs.getString(1), "SELECT id FROM persons WHERE id = ?", person) == null) {
                    Store.update(c, "INSERT INTO persons (id, wrapped_key, created_at) VALUES (?, ?, ?)", person, wrapped, now);
                }
                Store.update(c, "INSERT INTO devices (id, team, person, state, agent_version, os, created_at, last_seen) VALUES (?, ?, ?, 'active', ?, ?, ?, ?)",
                        r.deviceId(), tok.team(), person, r.agentVersion(), r.os(), now, now);
                Store.update(c, "INSERT INTO credentials (secret_hash, device, created_at) VALUES (?, ?, ?)", sha256(credSecret), r.deviceId(), now);
                Store.update(c, "UPDATE enroll_tokens SET last_used_at = ? WHERE hash = ?", now, tokenHash);
                return tok;
            });
        } catch (RuntimeException e) {
            if (Store.isDuplicate(e)) throw new ApiException(409, "device " + r.deviceId() + " is already enrolled");
            throw e;
        }
        DeviceCredential cred = new DeviceCredential(r.deviceId(), credSecret);
        return new EnrollResponse(r.deviceId(), cred.toString(), person, t.team(), PolicySignature.encode(keys.policyPublic()), rotateAfter.toSeconds());
    }

    /** Checks an Authorization header; ApiException 401 or 403 when it does not let the request through. */
    public Authed authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) throw new ApiException(401, "missing credential (Authorization: Bearer UDC1...)");
        String v = authorization.strip();
        if (!v.regionMatches(true, 0, "Bearer ", 0, 7)) throw new ApiException(401, "not a bearer credential");
        DeviceCredential dc;
        try {
            dc = DeviceCredential.parse(v.substring(7));
        } catch (IllegalArgumentException e) {
            throw new ApiException(401, "not a device credential");
        }
        String hash = sha256(dc.secret());
        long now = System.currentTimeMillis();
        Credential cr = md.credential(hash);
        if (cr == null || !cr.device().equals(dc.deviceId())) throw new ApiException(401, "unknown credential");
        Device d = md.device(cr.device());
        if (d == null) throw new ApiException(401, "unknown device");
        checkState(d);
        if (cr.supersededAt() != null) {
            Credential next = cr.successor() == null ? null : md.credential(cr.successor());
            if (next != null && next.firstUsedAt() != null) {
                md.markCloned(d.id());
                Device again = md.device(d.id());
                checkState(again);
                throw new ApiException(403, CLONED);
            }
            if (now > cr.supersededAt() + overlap.toMillis()) throw new ApiException(401, "credential expired (it was rotated): enroll again");
        } else if (cr.firstUsedAt() == null) {
            md.firstUse(hash, now);
        }
        Long last = lastTouch.get(hash);
        if (last == null || now - last >= TOUCH_EVERY) {
            lastTouch.put(hash, now);
            md.lastUse(hash, now);
            md.touchDevice(d.id(), now);
        }
        boolean rotate = cr.supersededAt() == null && now - cr.createdAt() >= rotateAfter.toMillis();
        return new Authed(d, cr, rotate);
    }

    static void checkState(Device d) {
        if ("revoked".equals(d.state())) throw new ApiException(403, REVOKED);
        if ("cloned".equals(d.state())) throw new ApiException(403, CLONED);
        if (!"active".equals(d.state())) throw new ApiException(403, "device is " + d.state());
    }

    /**
     * A new credential for the asking device. The presented one stays valid until the new one is
     * first used, or for the overlap. Rotating again from a credential whose successor was never
     * used (the answer was lost) replaces that successor.
     */
    public CredentialResponse rotate(Authed a) {
        String secret = newSecret();
        String hash = sha256(secret);
        long now = System.currentTimeMillis();
        md.store().tx(c -> {
            Credential cur = md.credential(c, a.credential().secretHash());
            if (cur.successor() != null) {
                Credential old = md.credential(c, cur.successor());
                if (old != null && old.firstUsedAt() != null) throw new ApiException(403, CLONED);
                Store.update(c, "DELETE FROM credentials WHERE secret_hash = ?", cur.successor());
            }
            Store.update(c, "INSERT INTO credentials (secret_hash, device, created_at) VALUES (?, ?, ?)", hash, a.device().id(), now);
            Store.update(c, "UPDATE credentials SET superseded_at = COALESCE(superseded_at, ?), successor = ? WHERE secret_hash = ?", now, hash,
                    cur.secretHash());
            return null;
        });
        return new CredentialResponse(new DeviceCredential(a.device().id(), secret).toString(), overlap.toSeconds());
    }
}
