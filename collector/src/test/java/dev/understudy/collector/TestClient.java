package dev.understudy.collector;

import dev.understudy.collector.api.Messages.EnrollRequest;
import dev.understudy.collector.api.Messages.EnrollResponse;
import dev.understudy.collector.api.Wire;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** java.net.http against a collector, trusting exactly the certificate with the pinned fingerprint. */
final class TestClient {
    final String base;
    final HttpClient http;

    TestClient(String url, String fingerprint) throws Exception {
        this.base = url;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1);
        if (fingerprint != null) {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new Pinning(fingerprint)}, null);
            b.sslContext(ctx);
        }
        this.http = b.build();
    }

    static final class Pinning implements X509TrustManager {
        private final String fp;

        Pinning(String fp) {
            this.fp = fp;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("no client certificates");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                String got = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
                if (!got.equals(fp)) throw new CertificateException("certificate " + got + " is not the pinned " + fp);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new CertificateException(e);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    record Res(int status, String body, HttpResponse<byte[]> raw) {
        <T> T as(Class<T> t) throws Exception {
            return Wire.MAPPER.readValue(body, t);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Res send(String method, String path, String credential, byte[] body, String contentType, String... headers) throws Exception {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (credential != null) rb.header("Authorization", "Bearer " + credential);
        if (contentType != null) rb.header("Content-Type", contentType);
        for (int i = 0; i + 1 < headers.length; i += 2) rb.header(headers[i], headers[i + 1]);
        HttpResponse<byte[]> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Res(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r);
    }

    Res get(String path, String cred, String... headers) throws Exception {
        return send("GET", path, cred, null, null, headers);
    }

    Res json(String method, String path, String cred, Object body) throws Exception {
        byte[] b = body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : Wire.MAPPER.writeValueAsBytes(body);
        return send(method, path, cred, b, "application/json");
    }

    Res put(String path, String cred, byte[] bytes, String... headers) throws Exception {
        return send("PUT", path, cred, bytes, "application/octet-stream", headers);
    }

    static String newDeviceId() {
        byte[] b = new byte[16];
        new Random().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    EnrollResponse enroll(String token, String user) throws Exception {
        Res r = json("POST", Wire.API + "/enroll", null, new EnrollRequest(token, newDeviceId(), user, "test-1.0", "linux"));
        if (r.status() != 201) throw new AssertionError("enroll: " + r.status() + " " + r.body());
        return r.as(EnrollResponse.class);
    }
}
