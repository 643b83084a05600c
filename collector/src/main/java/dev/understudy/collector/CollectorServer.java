package dev.understudy.collector;

import dev.understudy.collector.audit.AuditLog;
import dev.understudy.collector.blob.BlobStore;
import dev.understudy.collector.erase.Erasure;
import dev.understudy.collector.crypto.MasterKey;
import dev.understudy.collector.crypto.ServerKeys;
import dev.understudy.collector.crypto.TlsMaterial;
import dev.understudy.collector.enroll.Enrollment;
import dev.understudy.collector.http.Api;
import dev.understudy.collector.web.Web;
import dev.understudy.collector.policy.Policies;
import dev.understudy.collector.store.Metadata;
import dev.understudy.collector.store.Store;
import dev.understudy.collector.upload.Uploads;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A running collector: HTTPS (or plain HTTP) on Javalin/Jetty, metadata in SQLite or PostgreSQL,
 * sealed chunks in files or S3. {@link #start} returns once it answers; {@link #close} stops it.
 */
public final class CollectorServer implements AutoCloseable {
    static {
        // the server's own log lines go to stderr, warnings and errors only (stdout stays for `serve`'s one line)
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        if (System.getProperty("org.slf4j.simpleLogger.logFile") == null) System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        // a failed start (a busy port) is reported by the caller in one line; Javalin's own line would be a second
        if (System.getProperty("org.slf4j.simpleLogger.log.io.javalin.Javalin") == null) System.setProperty("org.slf4j.simpleLogger.log.io.javalin.Javalin", "off");
    }

    private final ServerConfig config;
    private final Store store;
    private final BlobStore blobs;
    private final Javalin app;
    private final String url;
    private final String fingerprint;
    private AuditLog audit;
    private Erasure erasure;
    private ServerJobs jobs;

    private CollectorServer(ServerConfig config, Store store, BlobStore blobs, Javalin app, String url, String fingerprint) {
        this.config = config;
        this.store = store;
        this.blobs = blobs;
        this.app = app;
        this.url = url;
        this.fingerprint = fingerprint;
    }

    /** Prepares the data directory, the stores and the keys (first start), and starts answering. */
    public static CollectorServer start(ServerConfig config) {
        Path dir = config.dataDir().toAbsolutePath().normalize();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                try {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException ignored) {
                    // not POSIX
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + dir + ": " + e.getMessage(), e);
        }
        ServerDir known = ServerDir.exists(dir) ? ServerDir.read(dir) : null;
        String db = config.dbUrl() != null ? config.dbUrl() : known != null ? known.db() : ServerDir.defaultDb(dir);
        String blobsUri = config.blobsUri() != null ? config.blobsUri() : known != null ? known.blobs() : ServerDir.defaultBlobs(dir);
        ServerDir now = new ServerDir(db, blobsUri);
        if (!now.equals(known)) now.write(dir);

        MasterKey master = MasterKey.load(dir, true);
        Store store = Store.open(db);
        BlobStore blobs = null;
        try {
            blobs = BlobStore.open(blobsUri, dir);
            Metadata md = new Metadata(store);
            ServerKeys keys = ServerKeys.load(store, master);
            TlsMaterial tls = null;
            if (config.tlsCert() != null) {
                tls = TlsMaterial.fromPemFiles(config.tlsCert(), config.tlsKey());
            } else if (!config.plainHttp()) {
                List<String> hosts = new ArrayList<>();
                hosts.add(TlsMaterial.hostName());
                hosts.add(config.bind());
                tls = keys.selfSignedTls(hosts);
            }
            String fp = tls == null ? null : tls.fingerprint();
            ServerKeys.setPlain(store, ServerKeys.FINGERPRINT, fp == null ? "-" : fp);

            Enrollment enrollment = new Enrollment(md, keys, config.rotateAfter(), config.credentialOverlap());
            Uploads uploads = new Uploads(md, blobs, master);
            AuditLog audit = new AuditLog(store, master);
            Erasure erasure = new Erasure(md, uploads, audit);
            Policies policies = new Policies(md, keys.policyPrivate());
            Api api = new Api(md, enrollment, uploads, policies, config.maxConcurrentUploads()).withGovernance(audit, erasure);
            // the worker's portal and the admin console (docs/governance.md)
            Web web = new Web(md, enrollment, uploads, audit, erasure, tls != null, config.kAnonymity());
            TlsMaterial finalTls = tls;
            Javalin app = Javalin.create(cfg -> {
                cfg.startup.showJavalinBanner = false;
                cfg.startup.showOldJavalinVersionWarning = false;
                cfg.http.maxRequestSize = Long.MAX_VALUE; // Api reads bodies itself, with its own limits
                cfg.jetty.addConnector((server, httpConfig) -> connector(server, httpConfig, config, finalTls));
                api.install(cfg);
                web.install(cfg);
            });
            app.start();
            String host = config.bind();
            if (host.equals("0.0.0.0") || host.equals("::")) host = "localhost";
            else if (host.contains(":")) host = "[" + host + "]";
            String url = (tls == null ? "http" : "https") + "://" + host + ":" + app.port();
            CollectorServer server = new CollectorServer(config, store, blobs, app, url, fp);
            server.audit = audit;
            server.erasure = erasure;
            server.jobs = new ServerJobs(new dev.understudy.collector.erase.Retention(md, erasure, audit), new dev.understudy.collector.audit.AuditChain(audit));
            return server;
        } catch (RuntimeException | Error e) {
            if (blobs != null) blobs.close();
            store.close();
            throw e;
        }
    }

    private static ServerConnector connector(org.eclipse.jetty.server.Server server, HttpConfiguration httpConfig, ServerConfig config, TlsMaterial tls) {
        ServerConnector c;
        if (tls == null) {
            c = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
        } else {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(tls.keyStore());
            ssl.setKeyStorePassword(TlsMaterial.PASSWORD);
            ssl.setCertAlias("server");
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            HttpConfiguration https = new HttpConfiguration(httpConfig);
            SecureRequestCustomizer src = new SecureRequestCustomizer();
            src.setSniHostCheck(false); // devices connect by IP or any name; they pin the certificate
            https.addCustomizer(src);
            c = new ServerConnector(server, ssl, new HttpConnectionFactory(https));
        }
        c.setHost(config.bind());
        c.setPort(config.port());
        c.setIdleTimeout(120_000);
        return c;
    }

    /** Where devices reach it, e.g. {@code https://localhost:8443} (the bind address, or localhost for every address). */
    public String url() {
        return url;
    }

    public int port() {
        return app.port();
    }

    /** Hex SHA-256 of the TLS certificate (DER); null for plain HTTP. */
    public String fingerprint() {
        return fingerprint;
    }

    public ServerConfig config() {
        return config;
    }

    /** The audit log this server appends to. */
    public AuditLog audit() {
        return audit;
    }

    /** Erasure of sessions and persons on this server. */
    public Erasure erasure() {
        return erasure;
    }

    @Override
    public void close() {
        try {
            if (jobs != null) jobs.close();
            app.stop();
        } finally {
            blobs.close();
            store.close();
        }
    }
}
