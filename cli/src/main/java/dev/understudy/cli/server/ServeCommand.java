package dev.understudy.cli.server;

import dev.understudy.cli.UserException;
import dev.understudy.collector.CollectorServer;
import dev.understudy.collector.ServerConfig;
import dev.understudy.collector.store.StoreException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the collector server: devices enroll, upload their finished sessions and fetch their signed policy.",
                "Prints one line on stdout when ready: `serving URL` (the certificate fingerprint goes to stderr). Stops on SIGTERM."})
public final class ServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "The server's data directory (made on the first start).")
    Path data;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8443", description = "Port (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "Metadata database (default: jdbc:sqlite:DIR/collector.db; or jdbc:postgresql://...).")
    String db;

    @Option(names = "--blobs", paramLabel = "URI", description = "Chunk store (default: files under DIR/blobs; or s3://BUCKET?endpoint=http://host:port&region=us-east-1).")
    String blobs;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain (with --tls-key) instead of the self-signed certificate.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert.")
    Path tlsKey;

    @Option(names = "--plain-http", description = "No TLS (only behind a TLS-terminating proxy): enroll tokens carry no fingerprint.")
    boolean plainHttp;

    @Option(names = "--rotate-after", paramLabel = "DURATION", description = "Ask devices to rotate credentials older than this (ISO-8601 like P7D or PT12H, or 7d, 12h, 30m; default 7d).")
    String rotateAfter;

    @Option(names = "--k-anonymity", paramLabel = "N", defaultValue = "10",
            description = "The admin console shows an aggregate only for groups of at least N people (default: ${DEFAULT-VALUE}; at least 5).")
    int kAnonymity;

    @Override
    public Integer call() throws Exception {
        ServerConfig cfg;
        try {
            cfg = ServerConfig.of(data).withPort(port).withBind(bind).withDb(db).withBlobs(blobs).withPlainHttp(plainHttp);
            if (tlsCert != null || tlsKey != null) cfg = cfg.withTlsFiles(tlsCert, tlsKey);
            if (rotateAfter != null) cfg = cfg.withRotateAfter(duration(rotateAfter));
            cfg = cfg.withKAnonymity(kAnonymity);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        CollectorServer server;
        try {
            server = CollectorServer.start(cfg);
        } catch (IllegalArgumentException | IllegalStateException | StoreException | UncheckedIOException e) {
            throw new UserException(e.getMessage());
        } catch (RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            if (e.getCause() instanceof java.net.BindException || m.contains("Failed to bind") || m.contains("already in use")
                    || e.getClass().getSimpleName().contains("Bind")) {
                throw new UserException("cannot listen on " + bind + ":" + port + ": the port is in use by another process (choose another with --port)");
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                server.close();
            } finally {
                stopped.countDown();
            }
        }, "collector-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        spec.commandLine().getErr().println("fingerprint: " + (server.fingerprint() == null ? "- (plain HTTP: nothing to pin)" : server.fingerprint()));
        spec.commandLine().getErr().flush();
        spec.commandLine().getOut().println("serving " + server.url());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    /** ISO-8601 (P7D, PT12H) or a number with d, h, m or s. */
    static Duration duration(String s) {
        String t = s.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("p")) return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                case 's' -> Duration.ofSeconds(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new UserException("not a duration: " + s + " (e.g. 7d, 12h, 30m, P7D)");
        }
    }
}
