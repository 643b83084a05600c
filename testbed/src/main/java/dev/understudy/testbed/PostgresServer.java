package dev.understudy.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for one test class: Debian's {@code postgresql} package, a fresh cluster
 * ({@code initdb}) in a temporary directory, listening on a free loopback TCP port (and on a unix
 * socket inside that directory), with a database {@code understudy} owned by a login role
 * {@code understudy} that has a random password. {@link #close()} stops the server and deletes
 * the directory.
 *
 * <p>PostgreSQL refuses to run as root: when the tests run as root (CI, containers) the server
 * binaries run as Debian's {@code postgres} system user (created by the package) through
 * {@code runuser -u postgres --}, and the directory is handed over to it; otherwise they run as the
 * current user.
 *
 * <pre>{@code
 * try (PostgresServer pg = PostgresServer.start()) {
 *     Connection c = DriverManager.getConnection(pg.jdbcUrl());
 * }
 * }</pre>
 */
public final class PostgresServer implements AutoCloseable {
    public static final String DATABASE = "understudy";
    public static final String USER = "understudy";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path binDir;
    private final Path dir;
    private final boolean asPostgresUser;
    private final int port;
    private final String password;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private PostgresServer(Path binDir, Path dir, boolean asPostgresUser, int port, String password) {
        this.binDir = binDir;
        this.dir = dir;
        this.asPostgresUser = asPostgresUser;
        this.port = port;
        this.password = password;
        // pg_ctl daemonizes the server: without this a test JVM that dies without close() leaves it running
        this.shutdownHook = new Thread(this::stopQuietly, "postgres-stop");
    }

    /**
     * Makes a cluster, starts it and creates the database and its user. IllegalStateException
     * with a one-line reason (and the server's log) when PostgreSQL is not installed or does not
     * start.
     */
    public static PostgresServer start() {
        Path bin = findBinDir();
        boolean root = isRoot();
        if (root && !userExists("postgres")) {
            throw new IllegalStateException("PostgreSQL cannot run as root and there is no 'postgres' system user: apt-get install postgresql");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory(tempRoot(), "understudy-pg-");
            if (root) run(List.of("chown", "postgres:", dir.toString()), Duration.ofSeconds(10), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String password = HexFormat.of().formatHex(randomBytes());
        IllegalStateException last = null;
        // the free port is picked by binding port 0 and closing it: another process can take it in
        // between, so a start that fails to bind is retried on another port
        for (int attempt = 0; attempt < 3; attempt++) {
            PostgresServer pg = new PostgresServer(bin, dir, root, Ports.free(), password);
            try {
                pg.init(attempt == 0);
                pg.startServer();
                pg.createDatabase();
                Runtime.getRuntime().addShutdownHook(pg.shutdownHook);
                return pg;
            } catch (IllegalStateException e) {
                last = e;
                pg.stopQuietly();
                if (!pg.log().contains("could not bind") && !pg.log().contains("Address already in use")) break;
            }
        }
        deleteTree(dir);
        throw last;
    }

    /** JDBC URL with user and password as parameters: one string is enough to connect. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER + "&password=" + password;
    }

    /** JDBC URL without credentials, for APIs that take them apart ({@link #user()}, {@link #password()}). */
    public String jdbcUrlWithoutCredentials() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String database() {
        return DATABASE;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** The cluster's directory (data, socket, log). */
    public Path directory() {
        return dir;
    }

    /** The server's log so far (empty when there is none yet). */
    public String log() {
        try {
            Path log = dir.resolve("server.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Runs SQL as the cluster's superuser ({@code postgres}, over the unix socket) with psql, e.g.
     * to inspect or break things a test needs. Returns psql's output (unaligned, tuples only).
     */
    public String psqlAsSuperuser(String database, String sql) {
        return run(pg("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", socketDir().toString(),
                "-p", Integer.toString(port), "-U", "postgres", "-d", database, "-c", sql), Duration.ofSeconds(60), dir);
    }

    /** Stops the server (pg_ctl stop -m fast) and deletes its directory. */
    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // already in the hook
        }
        deleteTree(dir);
    }

    @Override
    public String toString() {
        return "PostgreSQL on 127.0.0.1:" + port + " in " + dir;
    }

    // ---------------------------------------------------------------------------------------

    private Path dataDir() {
        return dir.resolve("data");
    }

    private Path socketDir() {
        return dir.resolve("sock");
    }

    private void init(boolean first) {
        if (!first) return;
        try {
            Files.createDirectories(socketDir());
            if (asPostgresUser) run(List.of("chown", "-R", "postgres:", dir.toString()), Duration.ofSeconds(10), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // superuser "postgres": trusted on the unix socket only (this directory, mode 0700);
        // TCP needs a password (scram-sha-256), as a real deployment does
        run(pg("initdb", "-D", dataDir().toString(), "-U", "postgres", "--auth-local=trust",
                "--auth-host=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-sync"), Duration.ofSeconds(120), dir);
    }

    private void startServer() {
        String opts = String.join(" ",
                "-p", Integer.toString(port),
                "-k", socketDir().toString(),
                "-c", "listen_addresses=127.0.0.1",
                // a throwaway cluster: durability buys nothing and costs the tests' time
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=100");
        Path log = dir.resolve("server.log");
        try {
            run(pg("pg_ctl", "-D", dataDir().toString(), "-l", log.toString(), "-o", opts,
                    "-w", "-t", Long.toString(START_TIMEOUT.toSeconds()), "start"), START_TIMEOUT.plusSeconds(10), dir);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\n--- server.log ---\n" + tail(log(), 30), e);
        }
        // pg_ctl -w already waited; pg_isready over TCP checks what the tests will use
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            Result r = exec(pg("pg_isready", "-q", "-h", "127.0.0.1", "-p", Integer.toString(port), "-d", "postgres"),
                    Duration.ofSeconds(10), dir);
            if (r.code == 0) return;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL did not accept connections on 127.0.0.1:" + port
                        + " within " + START_TIMEOUT.toSeconds() + " s\n--- server.log ---\n" + tail(log(), 30));
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for PostgreSQL");
            }
        }
    }

    private void createDatabase() {
        psqlAsSuperuser("postgres", "CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'");
        psqlAsSuperuser("postgres", "CREATE DATABASE " + DATABASE + " OWNER " + USER);
        // PostgreSQL 15 no longer lets every role create in schema public; the owner of the database
        // should own it, as on a server set up by hand
        psqlAsSuperuser(DATABASE, "ALTER SCHEMA public OWNER TO " + USER);
    }

    private void stopQuietly() {
        if (closed) return;
        closed = true;
        if (!Files.exists(dataDir().resolve("postmaster.pid"))) return;
        Result r = exec(pg("pg_ctl", "-D", dataDir().toString(), "-m", "fast", "-w", "-t", "30", "stop"),
                Duration.ofSeconds(40), dir);
        if (r.code != 0) killPostmaster();
    }

    private void killPostmaster() {
        try {
            String first = Files.readAllLines(dataDir().resolve("postmaster.pid")).get(0).strip();
            ProcessHandle.of(Long.parseLong(first)).ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
        } catch (IOException | RuntimeException ignored) {
            // nothing more to do
        }
    }

    /** A command of PostgreSQL's bin directory, as the postgres user when this JVM runs as root. */
    private List<String> pg(String tool, String... args) {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        cmd.add(binDir.resolve(tool).toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Path findBinDir() {
        String override = System.getProperty("understudy.postgres.bin", System.getenv("UNDERSTUDY_POSTGRES_BIN"));
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            if (Files.isExecutable(p.resolve("initdb"))) return p;
            throw new IllegalStateException("no initdb in " + p + " (understudy.postgres.bin / UNDERSTUDY_POSTGRES_BIN)");
        }
        // Debian: /usr/lib/postgresql/<major>/bin; the newest major wins
        Path root = Path.of("/usr/lib/postgresql");
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
                for (Path v : ds) {
                    if (Files.isExecutable(v.resolve("bin/initdb")) && Files.isExecutable(v.resolve("bin/pg_ctl"))) {
                        found.add(v.resolve("bin"));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        found.sort(Comparator.comparingInt(PostgresServer::majorOf));
        if (found.isEmpty()) {
            throw new IllegalStateException("PostgreSQL not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql");
        }
        return found.get(found.size() - 1);
    }

    private static int majorOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name")) || uid() == 0;
    }

    private static long uid() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return ((Number) uid).longValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean userExists(String name) {
        try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
            if (lines.anyMatch(l -> l.startsWith(name + ":"))) return true;
        } catch (IOException ignored) {
            // fall back to getent (LDAP, NSS)
        }
        return exec(List.of("getent", "passwd", name), Duration.ofSeconds(10), null).code == 0;
    }

    /**
     * Where the cluster directory goes: java.io.tmpdir, unless its path would make the unix
     * socket's path longer than the kernel's 107 bytes; then /tmp.
     */
    private static Path tempRoot() {
        Path t = Path.of(System.getProperty("java.io.tmpdir"));
        if (t.toAbsolutePath().toString().length() > 60 || !Files.isDirectory(t)) t = Path.of("/tmp");
        return t;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static String tail(String s, int lines) {
        String[] l = s.split("\n");
        return String.join("\n", List.of(l).subList(Math.max(0, l.length - lines), l.length));
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    record Result(int code, String output) {}

    /** Runs a command; its output (stdout and stderr) when it exits 0, else IllegalStateException. */
    static String run(List<String> cmd, Duration timeout, Path cwd) {
        Result r = exec(cmd, timeout, cwd);
        if (r.code != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + r.code + "): " + r.output.strip());
        }
        return r.output;
    }

    static Result exec(List<String> cmd, Duration timeout, Path cwd) {
        try {
            Path out = Files.createTempFile("understudy-cmd-", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
                if (cwd != null) pb.directory(cwd.toFile());
                pb.environment().put("LC_ALL", "C");
                pb.environment().remove("PGPASSWORD");
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    return new Result(-1, "timed out after " + timeout.toSeconds() + " s: " + Files.readString(out));
                }
                return new Result(p.exitValue(), Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("error=2")) {
                return new Result(127, cmd.get(0) + ": not found");
            }
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", cmd));
        }
    }
}
