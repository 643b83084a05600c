package dev.understudy.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The device key in the freedesktop Secret Service (gnome-keyring, KeePassXC, KWallet) on the
 * D-Bus session bus, through libsecret's {@code secret-tool}. The key travels base64-encoded over
 * the child's stdin (store) and stdout (lookup) only: never in its arguments or environment. Items
 * carry the attributes {@code application=understudy}, {@code purpose=spool-encryption} and
 * {@code key-id=<id>}, so a spool's key is found by the id its data directory records.
 *
 * <p>The child gets the session bus address explicitly ({@code DBUS_SESSION_BUS_ADDRESS}, else
 * {@code $XDG_RUNTIME_DIR/bus}); without one the store is unavailable, rather than letting D-Bus
 * autolaunch a fresh bus that holds no keyring. A child that does not answer within the timeout
 * (a locked keyring waiting on a prompt, a hung service) is killed and the store is unavailable.
 */
public final class SecretServiceKeyStore implements DeviceKeyStore {
    public static final String KIND = "secret-service";
    static final String TOOL = "secret-tool";
    static final String[] DEVICE_KEY_ATTRIBUTES = {"application", "understudy", "purpose", "spool-encryption"};

    private final Map<String, String> env;
    private final Duration timeout;

    /** {@code env}: the environment to find the bus and {@code secret-tool} in (normally System.getenv()). */
    public SecretServiceKeyStore(Map<String, String> env, Duration timeout) {
        this.env = Map.copyOf(env);
        this.timeout = timeout;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String describe() {
        return "the Secret Service";
    }

    /** The session bus's address, or null when there is none. */
    public String busAddress() {
        String a = env.get("DBUS_SESSION_BUS_ADDRESS");
        if (a != null && !a.isBlank()) return a.strip();
        String run = env.get("XDG_RUNTIME_DIR");
        if (run != null && !run.isBlank() && Files.exists(Path.of(run, "bus"))) return "unix:path=" + Path.of(run, "bus");
        return null;
    }

    /** {@code secret-tool} on the PATH, or null. */
    Path tool() {
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, TOOL);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** Why the service cannot be used now, or null when it answers. */
    public String unavailableReason() {
        try {
            find("availability-probe");
            return null;
        } catch (KeyStoreUnavailableException e) {
            return e.getMessage();
        }
    }

    public boolean available() {
        return unavailableReason() == null;
    }

    @Override
    public byte[] find(String keyId) {
        List<String> args = new ArrayList<>(List.of("lookup"));
        args.addAll(List.of(DEVICE_KEY_ATTRIBUTES));
        if (keyId != null) args.addAll(List.of("key-id", keyId));
        Result r = run(null, args);
        if (r.exit != 0) {
            if (r.stderr.isBlank()) return null; // secret-tool: no such item
            throw unavailable(r.stderr);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(new String(r.stdout, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        } finally {
            java.util.Arrays.fill(r.stdout, (byte) 0);
        }
        if (key.length != 32) {
            throw new TraceException("the device key" + (keyId == null ? "" : " " + keyId) + " in the Secret Service is damaged (not 32 base64 bytes)");
        }
        return key;
    }

    @Override
    public void save(byte[] key, String keyId) {
        List<String> args = new ArrayList<>(List.of("store", "--label=Understudy device key " + keyId + " (spool encryption)"));
        args.addAll(List.of(DEVICE_KEY_ATTRIBUTES));
        args.addAll(List.of("key-id", keyId));
        byte[] secret = Base64.getEncoder().encode(key);
        Result r;
        try {
            r = run(secret, args);
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
        if (r.exit != 0) throw unavailable(r.stderr.isBlank() ? "secret-tool store exited with " + r.exit : r.stderr);
    }

    private static KeyStoreUnavailableException unavailable(String why) {
        String line = why.strip();
        int nl = line.indexOf('\n');
        if (nl >= 0) line = line.substring(0, nl);
        if (line.startsWith(TOOL + ": ")) line = line.substring(TOOL.length() + 2);
        return new KeyStoreUnavailableException("the Secret Service is unavailable: " + line);
    }

    private record Result(int exit, byte[] stdout, String stderr) {}

    private Result run(byte[] stdin, List<String> args) {
        String bus = busAddress();
        if (bus == null) throw new KeyStoreUnavailableException("the Secret Service is unavailable: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)");
        Path tool = tool();
        if (tool == null) {
            throw new KeyStoreUnavailableException("the Secret Service is unavailable: " + TOOL + " is not installed (sudo apt-get install libsecret-tools)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(tool.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> childEnv = pb.environment();
        childEnv.clear();
        childEnv.putAll(new HashMap<>(env));
        childEnv.put("DBUS_SESSION_BUS_ADDRESS", bus); // never autolaunch a bus of its own
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new KeyStoreUnavailableException("the Secret Service is unavailable: cannot run " + tool + ": " + e.getMessage());
        }
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin);
        } catch (IOException e) {
            // the child exited early; its exit code and stderr say why
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
                throw new KeyStoreUnavailableException("the Secret Service did not answer within " + timeout.toMillis() / 1000.0
                        + " s (keyring locked and waiting for a password prompt?)");
            }
            return new Result(p.exitValue(), out.get(2, TimeUnit.SECONDS), new String(err.get(2, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new KeyStoreUnavailableException("interrupted while asking the Secret Service");
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new KeyStoreUnavailableException("the Secret Service is unavailable: cannot read " + TOOL + "'s answer");
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream s) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (s) {
                f.complete(s.readAllBytes());
            } catch (IOException e) {
                f.completeExceptionally(e);
            }
        }, "secret-tool-output");
        t.setDaemon(true);
        t.start();
        return f;
    }
}
