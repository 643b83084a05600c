package dev.understudy.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server for one test class: s3proxy {@value #S3PROXY_VERSION} with its filesystem
 * back end ({@code filesystem-nio2}, objects as files in a temporary directory), on a free loopback
 * port, with AWS signature v2/v4 authentication and a random key pair. {@link #close()} stops it
 * and deletes the directory.
 *
 * <p><b>s3proxy runs in a JVM of its own</b>, not in the test's: its published pom depends on Jetty
 * 12.1.11 (jetty-ee10-servlet, besides the relocated copy inside its jar), logback-classic, Jackson 3,
 * guava, the Azure / Google Cloud / OpenStack / OpenTelemetry clients and AWS SDK 2.49. The collector
 * runs on Javalin 7.2.3, i.e. Jetty 12.1.12: on one classpath Maven's "nearest wins" would mix two
 * Jetty versions (a NoSuchMethodError waiting to happen) and bring a second SLF4J binding. A child
 * process has its own classpath, cannot disturb the server under test, and is what a deployment
 * sees: a separate S3 endpoint over HTTP. The price is about a second of JVM start-up per test class.
 * The child's classpath is resolved by Maven when the testbed is built (s3proxy is a "provided"
 * dependency of the testbed, so it is never passed on) and written as the resource
 * {@code dev/understudy/testbed/s3proxy.classpath}; the system property
 * {@code understudy.s3proxy.classpath} overrides it.
 *
 * <pre>{@code
 * try (S3Server s3 = S3Server.start()) {
 *     s3.createBucket("blobs");
 *     String blobs = s3.blobsUri("blobs");   // s3://blobs?endpoint=http://127.0.0.1:PORT&region=us-east-1&access_key=..&secret_key=..
 * }
 * }</pre>
 */
public final class S3Server implements AutoCloseable {
    public static final String S3PROXY_VERSION = "4.0.0";
    public static final String REGION = "us-east-1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private final Process process;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private S3Server(Path dir, int port, String accessKey, String secretKey, Process process) {
        this.dir = dir;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.process = process;
        this.shutdownHook = new Thread(this::stopProcess, "s3proxy-stop");
    }

    /** Starts s3proxy and waits until it listens. IllegalStateException (with its log) when it does not. */
    public static S3Server start() {
        String classpath = s3proxyClasspath();
        Path dir;
        try {
            dir = Files.createTempDirectory("understudy-s3-");
            Files.createDirectories(dir.resolve("blobs"));
            // s3proxy logs every request at DEBUG through logback's default configuration: WARN is enough
            Files.writeString(dir.resolve("logback.xml"), """
                    <configuration>
                      <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="out"/></root>
                    </configuration>
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String accessKey = "understudy" + hex(4);
        String secretKey = hex(20);
        IllegalStateException last = null;
        // the port is free when picked, but another process may take it before s3proxy binds: retry
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = Ports.free();
            Path props = dir.resolve("s3proxy.conf");
            Path log = dir.resolve("s3proxy.log");
            Process p;
            try {
                Files.writeString(props, String.join("\n",
                        "s3proxy.endpoint=http://127.0.0.1:" + port,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + accessKey,
                        "s3proxy.credential=" + secretKey,
                        "jclouds.provider=filesystem-nio2",
                        "jclouds.identity=" + accessKey,
                        "jclouds.credential=" + secretKey,
                        "jclouds.filesystem.basedir=" + dir.resolve("blobs"),
                        ""));
                List<String> cmd = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m", "-XX:+UseSerialGC", "-Xshare:auto",
                        "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                        "-cp", classpath,
                        "org.gaul.s3proxy.Main", "--properties", props.toString()));
                p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            } catch (IOException e) {
                deleteQuietly(dir);
                throw new UncheckedIOException(e);
            }
            S3Server s3 = new S3Server(dir, port, accessKey, secretKey, p);
            try {
                Ports.awaitListening(port, START_TIMEOUT, () -> p.isAlive() ? null
                        : "s3proxy exited with " + p.exitValue() + " before listening on 127.0.0.1:" + port);
                Runtime.getRuntime().addShutdownHook(s3.shutdownHook);
                return s3;
            } catch (IllegalStateException e) {
                s3.stopProcess();
                last = new IllegalStateException(e.getMessage() + "\n--- s3proxy.log ---\n" + s3.log(), e);
                if (!s3.log().contains("Address already in use")) break;
            }
        }
        deleteQuietly(dir);
        throw last;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public URI endpointUri() {
        return URI.create(endpoint());
    }

    public int port() {
        return port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public String region() {
        return REGION;
    }

    /** Where s3proxy keeps the objects: one directory per bucket, one file per object. */
    public Path blobsDirectory() {
        return dir.resolve("blobs");
    }

    /**
     * The collector's blob store URI for a bucket of this server:
     * {@code s3://BUCKET?endpoint=http://127.0.0.1:PORT&region=us-east-1&access_key=..&secret_key=..}
     * (path-style addressing, as any S3-compatible store other than AWS wants).
     */
    public String blobsUri(String bucket) {
        return "s3://" + bucket + "?endpoint=" + endpoint() + "&region=" + REGION
                + "&access_key=" + accessKey + "&secret_key=" + secretKey;
    }

    /** A new S3 client for this server (path-style, URLConnection HTTP client); the caller closes it. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpointUri())
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .build();
    }

    /** Creates a bucket (through the S3 API, as an admin would). */
    public void createBucket(String bucket) {
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    /** s3proxy's output so far. */
    public String log() {
        try {
            Path log = dir.resolve("s3proxy.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops s3proxy (SIGTERM, then SIGKILL after 10 s) and deletes its directory. */
    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // already in the hook
        }
        deleteQuietly(dir);
    }

    @Override
    public String toString() {
        return "s3proxy " + S3PROXY_VERSION + " on " + endpoint() + " in " + dir;
    }

    private void stopProcess() {
        if (closed) return;
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String s3proxyClasspath() {
        String cp = System.getProperty("understudy.s3proxy.classpath");
        if (cp == null || cp.isBlank()) {
            try (InputStream in = S3Server.class.getResourceAsStream("s3proxy.classpath")) {
                if (in == null) {
                    throw new IllegalStateException("no dev/understudy/testbed/s3proxy.classpath resource: build the testbed module with Maven"
                            + " (mvn -pl testbed -am install -DskipTests), it resolves s3proxy " + S3PROXY_VERSION);
                }
                cp = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String jar : cp.split(java.io.File.pathSeparator)) {
            if (!jar.isBlank() && !Files.exists(Path.of(jar))) {
                throw new IllegalStateException("s3proxy's classpath names a missing jar: " + jar
                        + " (rebuild the testbed module: mvn -pl testbed -am install -DskipTests)");
            }
        }
        if (!cp.contains("s3proxy-")) throw new IllegalStateException("s3proxy is not on s3proxy's classpath: " + cp);
        return cp;
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void deleteQuietly(Path dir) {
        PostgresServer.deleteTree(dir);
    }
}
