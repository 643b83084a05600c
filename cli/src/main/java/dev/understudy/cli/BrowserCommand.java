package dev.understudy.cli;

import dev.understudy.browser.BridgeInstaller;
import dev.understudy.browser.BrowserLauncher;
import dev.understudy.browser.ExtensionFiles;
import dev.understudy.browser.BridgeProtocol;
import dev.understudy.capture.platform.DisplayCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "browser", mixinStandardHelpOptions = true,
        description = {"Starts Chromium (or Chrome) with a fresh profile, the Understudy extension and the browser bridge",
                "wired to the recorder of --data. For demos and tests; stops the browser on Ctrl+C or SIGTERM.",
                "Prints `browser <pid> <chromium|chrome> <profile>` once the browser process runs."})
final class BrowserCommand implements Callable<Integer> {
    @Mixin Output output;
    @Mixin DataOption data;

    @Option(names = "--url", paramLabel = "URL", description = "Page to open (default: a blank page).")
    String url;

    @Option(names = "--browser", paramLabel = "NAME", description = "chromium or chrome (default: whichever is installed, Chromium first).")
    String browser;

    @Option(names = "--profile", paramLabel = "DIR", description = "Browser profile root to use and keep (default: a fresh temporary one, deleted at exit).")
    Path profile;

    @Option(names = "--window-position", paramLabel = "X,Y", description = "Window position on the screen.")
    String windowPosition;

    @Option(names = "--window-size", paramLabel = "W,H", description = "Window size.")
    String windowSize;

    private volatile List<ProcessHandle> helpers = List.of();

    @Override
    public Integer call() throws Exception {
        if (browser != null && !browser.equals("chromium") && !browser.equals("chrome")) {
            throw new UserException("--browser must be chromium or chrome");
        }
        DisplayCheck.requireX11(); // the recorder and this browser need the same X display
        Path bin = BrowserLauncher.find(browser);
        if (bin == null) {
            throw new UserException("no " + (browser == null ? "Chromium or Google Chrome" : browser)
                    + " found; install it (Debian: sudo apt-get install chromium)");
        }
        String kind = BrowserLauncher.kind(bin);
        boolean temporary = profile == null;
        Path prof = temporary ? Files.createTempDirectory("understudy-browser-") : Files.createDirectories(profile);
        seedPreferences(prof);
        BridgeInstaller.Installed in = BridgeInstaller.install(kind, prof, data.dir());
        Path ext = ExtensionFiles.extract(ExtensionFiles.defaultDir(in.dataDir()));
        Path log = in.dataDir().resolve("browser").resolve("browser.log");
        Files.createDirectories(log.getParent());
        List<String> cmd = BrowserLauncher.command(bin, prof, ext, url, windowPosition, windowSize);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        for (String sig : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(sig), s -> {
                helpers = p.descendants().toList();
                p.destroy();
            });
        }
        output.out().println("browser " + p.pid() + " " + kind + " " + prof);
        if (!Files.exists(BridgeProtocol.socketPath(in.dataDir()))) {
            output.out().println("no recorder is running on " + in.dataDir() + " yet; the extension keeps events briefly until one starts"
                    + " (understudy record --data " + in.dataDir() + ")");
        }
        output.out().println("browser log: " + log);
        output.out().flush();
        p.waitFor();
        stop(helpers);
        if (temporary) deleteTree(prof);
        return 0;
    }

    /**
     * A new profile starts without the password manager's "save password?" bubble and without
     * translation offers: both would cover the page in demos and tests.
     */
    private static void seedPreferences(Path prof) throws IOException {
        Path prefs = prof.resolve("Default").resolve("Preferences");
        if (Files.exists(prefs)) return;
        Files.createDirectories(prefs.getParent());
        com.fasterxml.jackson.databind.node.ObjectNode p = dev.understudy.model.Json.MAPPER.createObjectNode();
        p.put("credentials_enable_service", false);
        p.putObject("profile").put("password_manager_enabled", false);
        p.putObject("translate").put("enabled", false);
        p.putObject("browser").put("has_seen_welcome_page", true);
        Files.writeString(prefs, p + "\n");
    }

    /** Gives the browser's helper processes a moment to follow it, then ends those still running. */
    private static void stop(List<ProcessHandle> rest) throws InterruptedException {
        for (ProcessHandle h : rest) if (h.isAlive()) h.destroy();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle h : rest) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // forced below
            }
            if (h.isAlive()) h.destroyForcibly();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(q);
                } catch (IOException ignored) {
                    // a helper still writing: leave it
                }
            }
        } catch (IOException ignored) {
            // gone already
        }
    }
}
