package dev.understudy.trace;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A private D-Bus session bus with an unlocked gnome-keyring-daemon (Secret Service) on it, in a
 * temporary HOME, so tests never touch the user's own keyring. {@link #env()} is the environment a
 * process of that desktop session would have.
 */
public final class PrivateKeyring implements AutoCloseable {
    public static final List<String> TOOLS = List.of("dbus-daemon", "dbus-send", "gnome-keyring-daemon", "secret-tool");

    private final Map<String, String> env = new HashMap<>();
    private long busPid = -1;
    private long keyringPid = -1;

    /**
     * These tests need dbus, gnome-keyring and libsecret-tools (./understudy test installs them).
     * Without them they fail, unless UNDERSTUDY_SKIP_KEYRING_TESTS is set, which skips them.
     */
    public static void assumeTools() {
        List<String> missing = TOOLS.stream().filter(t -> which(t) == null).toList();
        if (missing.isEmpty()) return;
        if (System.getenv("UNDERSTUDY_SKIP_KEYRING_TESTS") != null) {
            Assumptions.abort("no " + String.join(", ", missing) + " installed; UNDERSTUDY_SKIP_KEYRING_TESTS is set");
        }
        fail("no " + String.join(", ", missing) + " installed: sudo apt-get install libsecret-tools gnome-keyring dbus"
                + " (or set UNDERSTUDY_SKIP_KEYRING_TESTS=1)");
    }

    public static Path which(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    public static PrivateKeyring start(Path tmp) throws IOException, InterruptedException {
        assumeTools();
        PrivateKeyring k = new PrivateKeyring();
        try {
            k.begin(tmp);
            return k;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            k.close();
            throw e;
        }
    }

    private void begin(Path tmp) throws IOException, InterruptedException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.setPosixFilePermissions(run, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("XDG_RUNTIME_DIR", run.toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());

        String[] bus = run(null, "dbus-daemon", "--session", "--fork", "--nopidfile", "--print-address=1", "--print-pid=1").split("\n");
        if (bus.length < 2) throw new IllegalStateException("dbus-daemon printed no address and pid");
        env.put("DBUS_SESSION_BUS_ADDRESS", bus[0].strip());
        busPid = Long.parseLong(bus[1].strip());

        // --daemonize returns once the daemon is up; the password on stdin makes and unlocks the login keyring
        run("keyring-test-password", "gnome-keyring-daemon", "--unlock", "--components=secrets", "--daemonize");
        // the daemon takes its bus name a moment after --daemonize returns: wait for the name (a
        // client asking earlier would make the bus activate a second daemon)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!run(null, "dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets").contains("boolean true")) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("gnome-keyring-daemon did not take org.freedesktop.secrets within 20 s");
            Thread.sleep(50);
        }
        String owner = run(null, "dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                "org.freedesktop.DBus.GetConnectionUnixProcessID", "string:org.freedesktop.secrets");
        Matcher m = Pattern.compile("uint32 (\\d+)").matcher(owner);
        if (!m.find()) throw new IllegalStateException("no Secret Service on the private bus: " + owner);
        keyringPid = Long.parseLong(m.group(1));
    }

    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    /** Runs a tool of this session and returns its stdout; fails on a non-zero exit. */
    public String run(String stdin, String... cmd) throws IOException, InterruptedException {
        Result r = exec(stdin, cmd);
        if (r.exit != 0) throw new IllegalStateException(String.join(" ", cmd) + " exited with " + r.exit + ": " + r.stderr);
        return r.stdout;
    }

    public record Result(int exit, String stdout, String stderr) {}

    public Result exec(String stdin, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile("keyring-out", ".txt");
        Path err = Files.createTempFile("keyring-err", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish within 30 s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Ends the bus (and with it the keyring daemon), as when the desktop session ends. */
    public void stopBus() throws InterruptedException {
        stop(busPid);
        busPid = -1;
        stop(keyringPid);
        keyringPid = -1;
    }

    private static void stop(long pid) throws InterruptedException {
        if (pid <= 0) return;
        var h = ProcessHandle.of(pid);
        if (h.isEmpty()) return;
        h.get().destroy();
        try {
            h.get().onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            h.get().destroyForcibly();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopBus();
    }
}
