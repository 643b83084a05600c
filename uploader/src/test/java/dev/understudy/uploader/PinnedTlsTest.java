package dev.understudy.uploader;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.understudy.collector.api.DeviceCredential;
import dev.understudy.collector.api.Messages;
import dev.understudy.collector.api.Wire;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS pinning against a real TLS peer (a JDK HttpsServer with a self-signed certificate made by keytool). */
@Tag("unit")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PinnedTlsTest {
    static final char[] PW = "changeit".toCharArray();
    static final String DEVICE = "0123456789abcdef0123456789abcdef";
    static final DeviceCredential CRED = new DeviceCredential(DEVICE, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ");
    @TempDir Path tmp;
    private HttpsServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    private KeyStore keystore(String alias, String cn) throws Exception {
        Path ks = tmp.resolve(alias + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + cn, "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", new String(PW), "-keypass", new String(PW)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        KeyStore k = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            k.load(in, PW);
        }
        return k;
    }

    private static String fingerprint(KeyStore k, String alias) throws Exception {
        return PinnedTrustManager.fingerprint((X509Certificate) k.getCertificate(alias));
    }

    private URI serve(KeyStore k, AtomicReference<String> auth) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(k, PW);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext(Wire.API + "/device", ex -> {
            auth.set(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = Wire.MAPPER.writeValueAsBytes(new Messages.DeviceInfo(DEVICE, "support", "p-1", "active", null, 1000L, 5L));
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.getResponseHeaders().add(Wire.ROTATE_HEADER, "1");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext(Wire.API + "/report", ex -> {
            byte[] body = Wire.MAPPER.writeValueAsBytes(new Messages.ErrorBody("device revoked by admin"));
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(403, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext(Wire.API + "/chunks/missing", ex -> {
            ex.getResponseHeaders().add("Retry-After", "7");
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        server.start();
        // a name the certificate does not carry: a pinned connection does not check host names
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void thePinnedCertificateIsAcceptedAndNoOther() throws Exception {
        KeyStore served = keystore("collector", "collector.example");
        KeyStore other = keystore("other", "collector.example");
        AtomicReference<String> auth = new AtomicReference<>();
        URI url = serve(served, auth);

        CollectorClient ok = new CollectorClient(url, fingerprint(served, "collector"), CRED);
        Messages.DeviceInfo info = ok.device();
        assertEquals(1000L, info.uploadBytesPerDay());
        assertEquals(CRED.bearer(), auth.get());
        assertTrue(ok.rotationRequested(), "the rotate header is noticed");

        CollectorClient pinnedElsewhere = new CollectorClient(url, fingerprint(other, "other"), CRED);
        CollectorException e = assertThrows(CollectorException.class, pinnedElsewhere::device);
        assertEquals(0, e.status());
        assertTrue(e.getMessage().startsWith("TLS with the collector at " + url + " failed"), e.getMessage());
        assertTrue(e.getMessage().contains("not the one the enroll token pins"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        // without a pin the system trust applies: a self-signed certificate is refused
        CollectorException sys = assertThrows(CollectorException.class, () -> new CollectorClient(url, null, CRED).device());
        assertTrue(sys.getMessage().startsWith("TLS with the collector"), sys.getMessage());
    }

    @Test
    void errorsAreOneLineWithStatusServerTextAndRetryAfter() throws Exception {
        KeyStore served = keystore("collector", "collector.example");
        URI url = serve(served, new AtomicReference<>());
        CollectorClient c = new CollectorClient(url, fingerprint(served, "collector"), CRED);
        CollectorException revoked = assertThrows(CollectorException.class,
                () -> c.report(new Messages.DeviceReport("0.1.0", null, 0, 0, null)));
        assertEquals(403, revoked.status());
        assertTrue(revoked.revoked());
        assertEquals("device revoked by admin", revoked.serverError());
        assertEquals("the collector refused this device: device revoked by admin (403)", revoked.getMessage());
        CollectorException busy = assertThrows(CollectorException.class, () -> c.missing(java.util.List.of()));
        assertEquals(503, busy.status());
        assertEquals(7L, busy.retryAfterSeconds());
        assertTrue(busy.transientFailure());
    }

    @Test
    void plainHttpOnlyWithoutAPin() {
        String fp = "a".repeat(64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CollectorClient(URI.create("http://collector.example"), fp, CRED));
        assertTrue(e.getMessage().contains("must be https://"), e.getMessage());
        assertEquals(URI.create("http://collector.example:8080"), new CollectorClient(URI.create("http://collector.example:8080/"), null, CRED).server());
        assertThrows(IllegalArgumentException.class, () -> new CollectorClient(URI.create("ftp://x"), null, CRED));
    }
}
