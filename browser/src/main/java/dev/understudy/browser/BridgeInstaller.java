package dev.understudy.browser;

import com.fasterxml.jackson.databind.node.ObjectNode;


import dev.understudy.model.Json;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Installs the native messaging host for one browser (or one browser profile): the host manifest
 * {@code dev.understudy.browser.json}, whose allowed_origins hold only the extension's fixed ID,
 * and the launcher script {@code DATA/bridge/native-host} it points at. The script starts
 * {@link NativeHost} with this JVM's java and class path and the data directory baked in, so the
 * host always talks to the recorder of that directory.
 *
 * <p>Where Chrome looks for host manifests on Linux: {@code ~/.config/chromium/NativeMessagingHosts}
 * (Chromium), {@code ~/.config/google-chrome/NativeMessagingHosts} (Chrome), and for a browser
 * started with {@code --user-data-dir=DIR}, {@code DIR/NativeMessagingHosts}.
 */
public final class BridgeInstaller {
    public static final String LAUNCHER = "native-host";

    /** What was written. */
    public record Installed(Path manifest, Path launcher, Path dataDir) {}

    private BridgeInstaller() {}

    /**
     * @param browser "chromium" or "chrome" (ignored when userDataDir is given)
     * @param userDataDir the browser profile root (its --user-data-dir), or null for the user's default profile
     */
    public static Installed install(String browser, Path userDataDir, Path dataDir) {
        Path data = dataDir.toAbsolutePath().normalize();
        Path bridgeDir = BridgeFiles.secureDir(BridgeProtocol.bridgeDir(data));
        BridgeFiles.loadOrCreateKey(bridgeDir);
        Path launcher = bridgeDir.resolve(LAUNCHER);
        Path hostsDir = hostsDir(browser, userDataDir);
        Path manifest = hostsDir.resolve(BridgeProtocol.HOST_NAME + ".json");
        try {
            writeExecutable(launcher, script(data));
            Files.createDirectories(hostsDir);
            ObjectNode m = Json.MAPPER.createObjectNode();
            m.put("name", BridgeProtocol.HOST_NAME);
            m.put("description", "Understudy browser bridge (relays the Understudy extension's events to the recorder)");
            m.put("path", launcher.toString());
            m.put("type", "stdio");
            m.putArray("allowed_origins").add(BridgeProtocol.ORIGIN);
            Files.writeString(manifest, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the browser bridge: " + e.getMessage(), e);
        }
        return new Installed(manifest, launcher, data);
    }

    /** The NativeMessagingHosts folder of a browser or of a profile root. */
    public static Path hostsDir(String browser, Path userDataDir) {
        if (userDataDir != null) return userDataDir.toAbsolutePath().normalize().resolve("NativeMessagingHosts");
        String b = browser == null ? "chromium" : browser.toLowerCase(Locale.ROOT);
        String folder = switch (b) {
            case "chromium" -> "chromium";
            case "chrome", "google-chrome" -> "google-chrome";
            default -> throw new IllegalArgumentException("unknown browser '" + browser + "' (chromium or chrome)");
        };
        return BridgeInstallations.configHome().resolve(folder).resolve("NativeMessagingHosts");
    }

    /** The launcher: the running JVM's java, its class path (absolute), NativeHost, the data directory. */
    static String script(Path data) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cp = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) cp.add(Path.of(entry).toAbsolutePath().normalize().toString());
        }
        return "#!/bin/sh\n"
                + "# Written by `understudy install-browser-bridge`. Chrome starts this for the Understudy extension\n"
                + "# (and only for it: see allowed_origins in the host manifest); it relays to the recorder of\n"
                + "# " + data + ".\n"
                + "exec " + sh(java) + " -Xshare:auto -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx64m -cp "
                + sh(String.join(File.pathSeparator, cp)) + " " + NativeHost.class.getName() + " --data " + sh(data.toString())
                + " \"$@\"\n";
    }

    private static String sh(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static void writeExecutable(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException ignored) {
            // not POSIX
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
