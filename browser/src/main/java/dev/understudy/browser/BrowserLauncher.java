package dev.understudy.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds an installed Chromium or Chrome and builds its command line for a recording: a fresh
 * profile, the Understudy extension loaded unpacked (and no other extension), no first-run UI,
 * no background networking. Root needs --no-sandbox (Chrome refuses to start as root otherwise);
 * --test-type then keeps the "unsupported flag" bar from shifting the page.
 */
public final class BrowserLauncher {
    private static final List<String> CHROMIUM = List.of("/usr/lib/chromium/chromium", "chromium", "chromium-browser",
            "/usr/lib/chromium-browser/chromium-browser", "/snap/bin/chromium");
    private static final List<String> CHROME = List.of("/opt/google/chrome/chrome", "google-chrome", "google-chrome-stable",
            "chrome");

    private BrowserLauncher() {}

    /**
     * The browser binary: for "chromium" or "chrome" only that one, for null the first found
     * (Chromium first). Debian's /usr/bin/chromium wrapper adds flags of its own, so the real binary
     * under /usr/lib/chromium is preferred. Null when none is installed.
     */
    public static Path find(String browser) {
        String b = browser == null ? "" : browser.toLowerCase(Locale.ROOT);
        List<String> candidates = new ArrayList<>();
        if (b.isEmpty() || b.equals("chromium")) candidates.addAll(CHROMIUM);
        if (b.isEmpty() || b.equals("chrome") || b.equals("google-chrome")) candidates.addAll(CHROME);
        if (candidates.isEmpty()) throw new IllegalArgumentException("unknown browser '" + browser + "' (chromium or chrome)");
        for (String c : candidates) {
            Path p = c.contains("/") ? Path.of(c) : onPath(c);
            if (p != null && Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** "chrome" for a Google Chrome binary, else "chromium". */
    public static String kind(Path binary) {
        String s = binary.toString();
        return s.contains("google") || s.endsWith("/chrome") || s.contains("chrome-stable") ? "chrome" : "chromium";
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isBlank()) continue;
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /**
     * The command line.
     *
     * @param windowSize "W,H" or null; @param windowPosition "X,Y" or null
     */
    public static List<String> command(Path binary, Path profile, Path extension, String url, String windowPosition,
                                       String windowSize) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.add("--user-data-dir=" + profile.toAbsolutePath());
        cmd.add("--load-extension=" + extension.toAbsolutePath());
        cmd.add("--disable-extensions-except=" + extension.toAbsolutePath());
        // Branded Chrome 137+ ignores --load-extension unless this feature is off.
        cmd.add("--disable-features=DisableLoadExtensionCommandLineSwitch,Translate,MediaRouter");
        cmd.add("--no-first-run");
        cmd.add("--no-default-browser-check");
        cmd.add("--disable-background-networking");
        cmd.add("--disable-component-update");
        cmd.add("--disable-sync");
        cmd.add("--disable-default-apps");
        cmd.add("--password-store=basic");
        cmd.add("--disable-dev-shm-usage");
        cmd.add("--disable-gpu");
        cmd.add("--ozone-platform=x11");
        if (isRoot()) {
            cmd.add("--no-sandbox");
            cmd.add("--test-type");
        }
        if (windowPosition != null) cmd.add("--window-position=" + windowPosition);
        if (windowSize != null) cmd.add("--window-size=" + windowSize);
        if (url != null && !url.isBlank()) cmd.add(url);
        return cmd;
    }

    /** Whether this process runs as root (uid 0). */
    public static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
