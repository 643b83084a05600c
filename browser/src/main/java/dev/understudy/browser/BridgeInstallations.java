package dev.understudy.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the browser bridge is installed and which data directory each installation sends to, for
 * the one-line diagnoses of {@code status}, the control page, the tray and
 * {@code install-browser-bridge} when a browser is not connected (docs/browser.md).
 *
 * <p>A Chromium-family browser reads native messaging host manifests from
 * {@code USER_DATA_DIR/NativeMessagingHosts}; its user data directory is {@code --user-data-dir}
 * on its command line, else {@code ~/.config/chromium} (Chromium) or {@code ~/.config/google-chrome}
 * (Chrome). Our manifest points at a launcher script written by the installer, which carries the
 * data directory as {@code --data 'DIR'}.
 */
public final class BridgeInstallations {
    public static final String BASE = "browser not connected: typing not recorded";
    private static final Pattern DATA = Pattern.compile("--data '((?:[^']|'\\\\'')*)'");

    private BridgeInstallations() {}

    /** One installed host manifest and the data directory its launcher sends to (null: unreadable). */
    public record Installed(String browser, Path manifest, Path dataDir) {}

    /** The user's default config folder ($XDG_CONFIG_HOME or ~/.config). */
    public static Path configHome() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
    }

    /** The manifests of the default Chromium and Chrome profiles that exist. */
    public static List<Installed> defaults() {
        List<Installed> out = new ArrayList<>();
        for (String browser : List.of("chromium", "chrome")) {
            Path m = BridgeInstaller.hostsDir(browser, null).resolve(BridgeProtocol.HOST_NAME + ".json");
            if (Files.isRegularFile(m)) out.add(new Installed(browser, m, dataDirOf(m)));
        }
        return out;
    }

    /** The data directory a host manifest's launcher sends to, or null when it cannot be read. */
    public static Path dataDirOf(Path manifest) {
        try {
            JsonNode m = Json.MAPPER.readTree(Files.readAllBytes(manifest));
            String launcher = m.path("path").asText(null);
            if (launcher == null) return null;
            Matcher x = DATA.matcher(Files.readString(Path.of(launcher), StandardCharsets.UTF_8));
            return x.find() ? Path.of(x.group(1).replace("'\\''", "'")).toAbsolutePath().normalize() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Why a browser (by its pid and process name) has no live bridge to the recorder of
     * {@code dataDir}, with the fix, as one line that starts with {@link #BASE}.
     */
    public static String diagnose(long pid, String processName, Path dataDir) {
        Path data = dataDir.toAbsolutePath().normalize();
        String name = processName == null ? "" : processName.toLowerCase(Locale.ROOT);
        String fix = "./understudy install-browser-bridge --data " + data;
        boolean chrome = name.contains("chrome") && !name.contains("chromium");
        if (!name.contains("chrom")) {
            return BASE + " (there is no Understudy extension for " + (name.isEmpty() ? "this browser" : name)
                    + "; use Chromium or Chrome with it, then " + fix + ")";
        }
        Path profile = userDataDir(pid);
        Path manifest = BridgeInstaller.hostsDir(chrome ? "chrome" : "chromium", profile).resolve(BridgeProtocol.HOST_NAME + ".json");
        String fixHere = fix + (chrome ? " --browser chrome" : "") + (profile != null ? " --user-data-dir " + profile : "");
        if (!Files.isRegularFile(manifest)) return BASE + "; fix: " + fixHere;
        Path other = dataDirOf(manifest);
        if (other != null && !other.equals(data)) {
            return BASE + "; its bridge is installed for another data directory (" + other + "); fix: " + fixHere;
        }
        return BASE + "; the bridge is installed but the Understudy extension is not loaded or is disabled"
                + " (chrome://extensions; its folder: ./understudy extension-dir --data " + data + ")";
    }

    /** The browser's --user-data-dir, from /proc/PID/cmdline, or null. */
    static Path userDataDir(long pid) {
        if (pid <= 0) return null;
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String[] args = new String(b, StandardCharsets.UTF_8).split("\0");
            for (int i = 0; i < args.length; i++) {
                if (args[i].startsWith("--user-data-dir=")) return Path.of(args[i].substring("--user-data-dir=".length())).toAbsolutePath();
                if (args[i].equals("--user-data-dir") && i + 1 < args.length) return Path.of(args[i + 1]).toAbsolutePath();
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not ours
        }
        return null;
    }
}
