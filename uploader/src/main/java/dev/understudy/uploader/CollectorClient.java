package dev.understudy.uploader;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.collector.api.DeviceCredential;
import dev.understudy.collector.api.Messages;
import dev.understudy.collector.api.Wire;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * The device's HTTP client of the collector ({@code /api/v1}, docs/collector.md): JSON through
 * {@link Wire#MAPPER}, the device credential as a bearer token, TLS pinned to the certificate the
 * enroll token names (or the system's trust when it names none). Every failure is a
 * {@link CollectorException} with one line. A response carrying {@code Understudy-Rotate: 1} sets
 * {@link #rotationRequested}; {@link CollectorLink#rotateIfAsked} then rotates the credential.
 * Thread-safe.
 */
public final class CollectorClient {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private final URI server;
    private final HttpClient http;
    private final Duration timeout;
    private volatile DeviceCredential credential;
    private volatile boolean rotationRequested;

    /**
     * @param server the collector's base URL ({@code https://host:port}, or {@code http://} only without a pin)
     * @param fingerprint SHA-256 of the server certificate to pin, or null for the system's trust
     * @param credential the device credential, or null (enrollment)
     */
    public CollectorClient(URI server, String fingerprint, DeviceCredential credential) {
        this(server, fingerprint, credential, REQUEST_TIMEOUT);
    }

    public CollectorClient(URI server, String fingerprint, DeviceCredential credential, Duration timeout) {
        this.server = checkUrl(server, fingerprint);
        this.timeout = timeout;
        this.credential = credential;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (fingerprint != null) b.sslContext(PinnedTrustManager.context(fingerprint));
        this.http = b.build();
    }

    /** The server URL, checked: https, or http only when nothing is pinned; no query or fragment. */
    static URI checkUrl(URI server, String fingerprint) {
        if (server == null) throw new IllegalArgumentException("no collector URL");
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("the collector URL must start with https:// (got " + server + ")");
        }
        if (scheme.equals("http") && fingerprint != null) {
            throw new IllegalArgumentException("the enroll token pins the collector's TLS certificate, so its URL must be https:// (got " + server + ")");
        }
        if (server.getHost() == null) throw new IllegalArgumentException("the collector URL has no host: " + server);
        if (server.getRawQuery() != null || server.getRawFragment() != null) {
            throw new IllegalArgumentException("the collector URL must not have a query or fragment: " + server);
        }
        String s = server.toString();
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return URI.create(s);
    }

    public URI server() {
        return server;
    }

    public void credential(DeviceCredential c) {
        this.credential = c;
        this.rotationRequested = false;
    }

    public DeviceCredential credential() {
        return credential;
    }

    /** Whether a response asked for a new credential ({@code Understudy-Rotate: 1}) since the last one was set. */
    public boolean rotationRequested() {
        return rotationRequested;
    }

    // ------------------------------------------------------------------ endpoints

    public Messages.EnrollResponse enroll(Messages.EnrollRequest req) {
        return json(call("POST", "/enroll", json(req), false, null), Messages.EnrollResponse.class);
    }

    public Messages.CredentialResponse rotateCredential() {
        return json(call("POST", "/credential", HttpRequest.BodyPublishers.noBody(), true, null), Messages.CredentialResponse.class);
    }

    public Messages.DeviceInfo device() {
        return json(call("GET", "/device", null, true, null), Messages.DeviceInfo.class);
    }

    public void report(Messages.DeviceReport r) {
        call("POST", "/report", json(r), true, null);
    }

    public List<String> missing(List<String> chunks) {
        Messages.MissingResponse m = json(call("POST", "/chunks/missing", json(new Messages.MissingRequest(chunks)), true, null),
                Messages.MissingResponse.class);
        return m.missing() == null ? List.of() : m.missing();
    }

    /** PUT /chunks/{id}: true when the server stored it now, false when it had it. */
    public boolean putChunk(String id, byte[] bytes) {
        Reply r = call("PUT", "/chunks/" + id, HttpRequest.BodyPublishers.ofByteArray(bytes), true, "application/octet-stream");
        return r.status() == 201;
    }

    /** PUT /sessions/{session}: true when the server created it now, false when it had it (idempotent). 409 names the missing chunks. */
    public boolean commit(Messages.SessionCommit c) {
        Reply r = call("PUT", "/sessions/" + c.session(), json(c), true, null);
        return r.status() == 201;
    }

    /** DELETE /sessions/{session}: the collector erases this device's session (tombstone, its chunks, stale datasets). */
    public Messages.SessionErased eraseSession(String session) {
        return json(call("DELETE", "/sessions/" + session, null, true, null), Messages.SessionErased.class);
    }

    public Messages.SessionList sessions() {
        return json(call("GET", "/sessions", null, true, null), Messages.SessionList.class);
    }

    /** What GET /policy answered: 200 with an envelope and its ETag, 304 (not modified) or 204 (no policy). */
    public record PolicyReply(int status, Messages.PolicyEnvelope envelope, String etag) {}

    public PolicyReply policy(String etag) {
        Reply r = call("GET", "/policy", null, true, null, etag == null ? null : new String[] {"If-None-Match", etag});
        if (r.status() == 304 || r.status() == 204) return new PolicyReply(r.status(), null, etag);
        return new PolicyReply(200, json(r, Messages.PolicyEnvelope.class), r.response().headers().firstValue("ETag").orElse(null));
    }

    public Messages.Exemption requestExemption(Messages.ExemptionRequest req) {
        return json(call("POST", "/exemptions", json(req), true, null), Messages.Exemption.class);
    }

    public Messages.ExemptionList exemptions() {
        return json(call("GET", "/exemptions", null, true, null), Messages.ExemptionList.class);
    }

    /** A one-time link to the worker's portal (docs/governance.md): its URL and when it expires (epoch ms). */
    public record PortalLink(String url, long expiresAt) {}

    /** POST /portal-link: a one-time link that logs a browser in to this device's person's portal. */
    public PortalLink portalLink() {
        return json(call("POST", "/portal-link", HttpRequest.BodyPublishers.noBody(), true, null), PortalLink.class);
    }

    // ------------------------------------------------------------------ plumbing

    private record Reply(int status, HttpResponse<byte[]> response) {}

    private static HttpRequest.BodyPublisher json(Object o) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(Wire.MAPPER.writeValueAsBytes(o));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T json(Reply r, Class<T> type) {
        try {
            return Wire.MAPPER.readValue(r.response().body(), type);
        } catch (IOException e) {
            throw new CollectorException(r.status(), "the collector at " + server + " sent an answer this device cannot read ("
                    + SessionCopy.oneLine(e.getMessage()) + ")", null, null, null);
        }
    }

    private Reply call(String method, String path, HttpRequest.BodyPublisher body, boolean auth, String contentType, String... header) {
        URI uri = URI.create(server + Wire.API + path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (body == null) b.method(method, HttpRequest.BodyPublishers.noBody());
        else b.method(method, body).header("Content-Type", contentType != null ? contentType : "application/json");
        if (auth) {
            DeviceCredential c = credential;
            if (c == null) throw new CollectorException(0, "this device has no collector credential (enroll first)", null, null, null);
            b.header("Authorization", c.bearer());
        }
        if (header != null && header.length == 2) b.header(header[0], header[1]);
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectorException("interrupted while talking to the collector at " + server, e);
        } catch (IOException e) {
            throw unreachable(e);
        }
        if ("1".equals(resp.headers().firstValue(Wire.ROTATE_HEADER).orElse(null))) rotationRequested = true;
        int st = resp.statusCode();
        if (st >= 200 && st < 300 || st == 304) return new Reply(st, resp);
        throw failure(st, resp);
    }

    private CollectorException unreachable(IOException e) {
        String root = rootMessage(e);
        if (e instanceof HttpConnectTimeoutException) {
            return new CollectorException("collector not reachable at " + server + ": no connection within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new CollectorException("the collector at " + server + " did not answer within " + timeout.toSeconds() + " s", e);
        }
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException || hasCause(e, java.nio.channels.UnresolvedAddressException.class) || hasCause(e, java.net.UnknownHostException.class)) {
            return new CollectorException("collector not reachable at " + server + ": " + root, e);
        }
        if (hasCause(e, SSLException.class)) {
            return new CollectorException("TLS with the collector at " + server + " failed: " + root, e);
        }
        return new CollectorException("the connection to the collector at " + server + " broke: " + root, e);
    }

    private static boolean hasCause(Throwable t, Class<?> type) {
        for (Throwable c = t; c != null; c = c.getCause()) if (type.isInstance(c)) return true;
        return false;
    }

    private static String rootMessage(Throwable t) {
        String msg = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) msg = c.getMessage();
            if (c instanceof java.security.cert.CertificateException && c.getMessage() != null) return SessionCopy.oneLine(c.getMessage());
        }
        if (msg == null) msg = t.getClass().getSimpleName();
        if (t instanceof ConnectException && (t.getMessage() == null || t.getMessage().isBlank())) msg = "connection refused";
        return SessionCopy.oneLine(msg);
    }

    private CollectorException failure(int st, HttpResponse<byte[]> resp) {
        String error = null;
        List<String> missing = null;
        try {
            JsonNode n = Wire.MAPPER.readTree(resp.body());
            if (n != null && n.hasNonNull("error")) {
                Messages.ErrorBody e = Wire.MAPPER.treeToValue(n, Messages.ErrorBody.class);
                error = e.error();
                missing = e.missing();
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON: the status says enough
        }
        Long retry = retryAfter(resp.headers().firstValue("Retry-After").orElse(null));
        String what = switch (st) {
            case 401 -> "the collector does not know this device's credential";
            case 403 -> "the collector refused this device";
            case 413 -> "the collector refused a too large upload";
            case 429 -> "the collector asks to slow down";
            case 503 -> "the collector is busy";
            case 507 -> "the collector's disk is full";
            default -> "the collector answered " + st;
        };
        String msg = what + (error != null && !error.isBlank() ? ": " + SessionCopy.oneLine(error) : "")
                + (st == 401 || st == 403 || st == 413 || st == 429 || st == 503 || st == 507 ? " (" + st + ")" : "")
                + (retry != null ? "; retry after " + retry + " s" : "");
        return new CollectorException(st, msg, error, retry, missing);
    }

    /** Retry-After as seconds (a number or an HTTP date), or null. */
    static Long retryAfter(String v) {
        if (v == null || v.isBlank()) return null;
        try {
            return Math.max(0, Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime t = ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(java.time.Instant.now(), t.toInstant()).toSeconds());
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }
}
