package dev.understudy.collector.govern;

import static dev.understudy.collector.store.Store.one;
import static dev.understudy.collector.store.Store.update;

import dev.understudy.collector.crypto.Aead;
import dev.understudy.collector.enroll.Enrollment;
import dev.understudy.collector.store.Store;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

/**
 * Browser sessions of the portal and the console, and the workers' one-time portal links. Only
 * SHA-256 hashes of cookie values and link secrets are stored. A session is made only at login (or
 * when a link is redeemed), with a fresh random id, so an id planted before login never becomes
 * authenticated (no fixation). Each session has its own CSRF token, carried by every form.
 */
public final class WebSessions {
    public static final Duration SESSION_TTL = Duration.ofHours(8);
    public static final Duration LINK_TTL = Duration.ofMinutes(5);

    private final Store store;

    public WebSessions(Store store) {
        this.store = store;
    }

    /** Who a browser session is: the actor, a worker's device (else null) and the session's CSRF token. */
    public record WebSession(Actor actor, String device, String csrf, long expiresAt) {}

    /** A new session: the cookie value to hand out and what it stands for. */
    public record Created(String cookie, WebSession session) {}

    public static String random() {
        byte[] b = new byte[32];
        Aead.RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public Created create(Actor actor, String device) {
        String cookie = random();
        String csrf = random();
        long now = System.currentTimeMillis();
        long exp = now + SESSION_TTL.toMillis();
        store.tx(c -> {
            update(c, "DELETE FROM web_sessions WHERE expires_at < ?", now);
            return update(c, "INSERT INTO web_sessions (id_hash, role, subject, device, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    Enrollment.sha256(cookie), actor.role().wire(), actor.id(), device, csrf, now, exp);
        });
        return new Created(cookie, new WebSession(actor, device, csrf, exp));
    }

    /** The live session of this cookie value; null when unknown or expired. */
    public WebSession find(String cookie) {
        if (cookie == null || cookie.isEmpty() || cookie.length() > 100) return null;
        long now = System.currentTimeMillis();
        return store.tx(c -> one(c, rs -> new WebSession(new Actor(Role.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)), rs.getString("subject")),
                rs.getString("device"), rs.getString("csrf"), rs.getLong("expires_at")),
                "SELECT * FROM web_sessions WHERE id_hash = ? AND expires_at > ?", Enrollment.sha256(cookie), now));
    }

    public void delete(String cookie) {
        if (cookie == null) return;
        store.tx(c -> update(c, "DELETE FROM web_sessions WHERE id_hash = ?", Enrollment.sha256(cookie)));
    }

    /** Ends every browser session of a worker (their person) or an account. */
    public void deleteAllOf(String subject) {
        store.tx(c -> update(c, "DELETE FROM web_sessions WHERE subject = ?", subject));
    }

    /** A one-time portal link secret for the person of an enrolled device, valid {@link #LINK_TTL}. */
    public String mintLink(String person, String device) {
        String secret = random();
        long now = System.currentTimeMillis();
        store.tx(c -> {
            update(c, "DELETE FROM portal_links WHERE expires_at < ?", now - 86_400_000L);
            return update(c, "INSERT INTO portal_links (token_hash, person, device, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                    Enrollment.sha256(secret), person, device, now, now + LINK_TTL.toMillis());
        });
        return secret;
    }

    /** Uses a link once: the person and device it was made for ({@code [person, device]}); null when unknown, used or expired. */
    public String[] redeem(String secret) {
        if (secret == null || secret.length() > 100) return null;
        long now = System.currentTimeMillis();
        String h = Enrollment.sha256(secret);
        return store.tx(c -> {
            String[] row = one(c, rs -> new String[] {rs.getString("person"), rs.getString("device")},
                    "SELECT person, device FROM portal_links WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?", h, now);
            if (row == null) return null;
            if (update(c, "UPDATE portal_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL", now, h) != 1) return null;
            return row;
        });
    }
}
