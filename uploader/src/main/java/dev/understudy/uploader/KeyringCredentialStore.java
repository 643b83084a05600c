package dev.understudy.uploader;

import dev.understudy.trace.KeyStoreUnavailableException;
import dev.understudy.trace.SecretServiceKeyStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The collector credential in the desktop keyring (freedesktop Secret Service), next to the device
 * key when the data directory's key is kept there: through {@code secret-tool} as
 * {@link SecretServiceKeyStore} does, the secret only over the child's stdin and stdout, with the
 * attributes {@code application=understudy}, {@code purpose=collector-credential},
 * {@code device-id=<id>}.
 */
final class KeyringCredentialStore {
    static final String KIND = SecretServiceKeyStore.KIND;
    private static final String TOOL = "secret-tool";
    private final Map<String, String> env;
    private final Duration timeout;

    KeyringCredentialStore(Map<String, String> env, Duration timeout) {
        this.env = Map.copyOf(env);
        this.timeout = timeout;
    }

    private static List<String> attributes(String deviceId) {
        return List.of("application", "understudy", "purpose", "collector-credential", "device-id", deviceId);
    }

    /** The stored credential text, or null when the keyring has none for this device. */
    String find(String deviceId) {
        List<String> args = new ArrayList<>(List.of("lookup"));
        args.addAll(attributes(deviceId));
        Result r = run(null, args);
        if (r.exit != 0) {
            if (r.stderr.isBlank()) return null;
            throw unavailable(r.stderr);
        }
        String s = new String(r.stdout, StandardCharsets.UTF_8).strip();
        return s.isEmpty() ? null : s;
    }

    void save(String deviceId, String credential) {
        List<String> args = new ArrayList<>(List.of("store", "--label=Understudy collector credential " + deviceId));
        args.addAll(attributes(deviceId));
        Result r = run(credential.getBytes(StandardCharsets.UTF_8), args);
        if (r.exit != 0) throw unavailable(r.stderr.isBlank() ? TOOL + " store exited with " + r.exit : r.stderr);
    }

    void delete(String deviceId) {
        List<String> args = new ArrayList<>(List.of("clear"));
        args.addAll(attributes(deviceId));
        run(null, args);
    }

    private static KeyStoreUnavailableException unavailable(String why) {
        return new KeyStoreUnavailableException("the Secret Service is unavailable: " + SessionCopy.oneLine(why).replaceFirst("^" + TOOL + ": ", ""));
    }

    private record Result(int exit, byte[] stdout, String stderr) {}

    private Result run(byte[] stdin, List<String> args) {
        String bus = new SecretServiceKeyStore(env, timeout).busAddress();
        if (bus == null) throw new KeyStoreUnavailableException("the Secret Service is unavailable: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)");
        Path tool = null;
        for (String dir : env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, TOOL))) {
                tool = Path.of(dir, TOOL);
                break;
            }
        }
        if (tool == null) throw new KeyStoreUnavailableException("the Secret Service is unavailable: " + TOOL + " is not installed");
        List<String> cmd = new ArrayList<>();
        cmd.add(tool.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(new HashMap<>(env));
        pb.environment().put("DBUS_SESSION_BUS_ADDRESS", bus);
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
            // exited early: its status says why
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new KeyStoreUnavailableException("the Secret Service did not answer within " + timeout.toSeconds() + " s (keyring locked?)");
            }
            return new Result(p.exitValue(), out.get(2, TimeUnit.SECONDS), new String(err.get(2, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new KeyStoreUnavailableException("interrupted while asking the Secret Service");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
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
