package dev.understudy.collector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run a collector. {@code dbUrl} and {@code blobsUri} null: what {@code DATA/server.json}
 * says, else {@code jdbc:sqlite:DATA/collector.db} and files under {@code DATA/blobs}.
 *
 * @param port 0: any free port
 * @param tlsCert PEM certificate chain (with {@code tlsKey}); both null: a self-signed certificate (or plain HTTP)
 * @param plainHttp no TLS at all (only behind a TLS-terminating proxy, or for tests)
 * @param rotateAfter credentials older than this get {@code Understudy-Rotate: 1}
 * @param credentialOverlap how long a rotated-away credential keeps working while its successor is unused
 * @param maxConcurrentUploads chunk PUTs in flight before 503
 */
public record ServerConfig(Path dataDir, int port, String bind, String dbUrl, String blobsUri, Path tlsCert, Path tlsKey, boolean plainHttp,
                           Duration rotateAfter, Duration credentialOverlap, int maxConcurrentUploads, int kAnonymity) {
    public static final int DEFAULT_PORT = 8443;

    /** Without k-anonymity: the default k (10) for the console's aggregates. */
    public ServerConfig(Path dataDir, int port, String bind, String dbUrl, String blobsUri, Path tlsCert, Path tlsKey, boolean plainHttp,
                        Duration rotateAfter, Duration credentialOverlap, int maxConcurrentUploads) {
        this(dataDir, port, bind, dbUrl, blobsUri, tlsCert, tlsKey, plainHttp, rotateAfter, credentialOverlap, maxConcurrentUploads,
                dev.understudy.collector.govern.KAnonymity.DEFAULT_K);
    }

    /** The console publishes an aggregate only for groups of at least {@code k} people (at least 5). */
    public ServerConfig withKAnonymity(int k) {
        return new ServerConfig(dataDir, port, bind, dbUrl, blobsUri, tlsCert, tlsKey, plainHttp, rotateAfter, credentialOverlap, maxConcurrentUploads,
                dev.understudy.collector.govern.KAnonymity.checkK(k));
    }

    public ServerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is not 0..65535");
        if (bind == null || bind.isBlank()) bind = "0.0.0.0";
        if ((tlsCert == null) != (tlsKey == null)) throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        if (plainHttp && tlsCert != null) throw new IllegalArgumentException("--plain-http and --tls-cert exclude each other");
        if (rotateAfter == null) rotateAfter = Duration.ofDays(7);
        if (credentialOverlap == null) credentialOverlap = Duration.ofDays(7);
        if (rotateAfter.isNegative() || credentialOverlap.isNegative()) throw new IllegalArgumentException("durations must not be negative");
        if (maxConcurrentUploads <= 0) maxConcurrentUploads = 64;
        if (kAnonymity == 0) kAnonymity = dev.understudy.collector.govern.KAnonymity.DEFAULT_K;
        if (kAnonymity < dev.understudy.collector.govern.KAnonymity.MIN_K) {
            throw new IllegalArgumentException("--k-anonymity must be at least " + dev.understudy.collector.govern.KAnonymity.MIN_K);
        }
    }

    /** Defaults: port 8443 on every address, SQLite and files in {@code dataDir}, a self-signed certificate. */
    public static ServerConfig of(Path dataDir) {
        return new ServerConfig(dataDir, DEFAULT_PORT, "0.0.0.0", null, null, null, null, false, null, null, 64);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(dataDir, p, bind, dbUrl, blobsUri, tlsCert, tlsKey, plainHttp, rotateAfter, credentialOverlap, maxConcurrentUploads, kAnonymity);
    }

    public ServerConfig withBind(String b) {
        return new ServerConfig(dataDir, port, b, dbUrl, blobsUri, tlsCert, tlsKey, plainHttp, rotateAfter, credentialOverlap, maxConcurrentUploads, kAnonymity);
    }

    public ServerConfig withDb(String url) {
        return new ServerConfig(dataDir, port, bind, url, blobsUri, tlsCert, tlsKey, plainHttp, rotateAfter, credentialOverlap, maxConcurrentUploads, kAnonymity);
    }

    public ServerConfig withBlobs(String uri) {
        return new ServerConfig(dataDir, port, bind, dbUrl, uri, tlsCert, tlsKey, plainHttp, rotateAfter, credentialOverlap, maxConcurrentUploads, kAnonymity);
    }

    public ServerConfig withTlsFiles(Path cert, Path key) {
        return new ServerConfig(dataDir, port, bind, dbUrl, blobsUri, cert, key, plainHttp, rotateAfter, credentialOverlap, maxConcurrentUploads, kAnonymity);
    }

    public ServerConfig withPlainHttp(boolean plain) {
        return new ServerConfig(dataDir, port, bind, dbUrl, blobsUri, tlsCert, tlsKey, plain, rotateAfter, credentialOverlap, maxConcurrentUploads, kAnonymity);
    }

    public ServerConfig withRotateAfter(Duration d) {
        return new ServerConfig(dataDir, port, bind, dbUrl, blobsUri, tlsCert, tlsKey, plainHttp, d, credentialOverlap, maxConcurrentUploads, kAnonymity);
    }

    public ServerConfig withCredentialOverlap(Duration d) {
        return new ServerConfig(dataDir, port, bind, dbUrl, blobsUri, tlsCert, tlsKey, plainHttp, rotateAfter, d, maxConcurrentUploads, kAnonymity);
    }

    public ServerConfig withMaxConcurrentUploads(int n) {
        return new ServerConfig(dataDir, port, bind, dbUrl, blobsUri, tlsCert, tlsKey, plainHttp, rotateAfter, credentialOverlap, n, kAnonymity);
    }
}
