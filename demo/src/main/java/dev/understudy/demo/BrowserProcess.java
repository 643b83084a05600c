package dev.understudy.demo;

import dev.understudy.browser.BrowserLauncher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code understudy browser} running as a child process on a desktop, as a user would run it:
 * Chromium with a fresh profile, the extension and the bridge wired to a data directory. Ready once
 * the command printed the browser's pid.
 */
public final class BrowserProcess implements AutoCloseable {
    public static final int WIDTH = 1280;
    public static final int HEIGHT = 800;

    private final Process cli;
    private final long browserPid;
    private final StringBuilder output = new StringBuilder();

    private BrowserProcess(Process cli, long browserPid) {
        this.cli = cli;
        this.browserPid = browserPid;
    }

    /** Whether Chromium or Chrome is installed. */
    public static boolean available() {
        return BrowserLauncher.find(null) != null;
    }

    /** Starts the browser full-screen on the desktop, showing {@code url}. */
    public static BrowserProcess start(VirtualDesktop desktop, Path dataDir, String url) throws IOException, InterruptedException {
        List<String> cmd = Processes.javaCommand("dev.understudy.cli.Main");
        cmd.addAll(List.of("browser", "--data", dataDir.toString(), "--url", url, "--window-position", "0,0",
                "--window-size", WIDTH + "," + HEIGHT));
        ProcessBuilder pb = desktop.env(new ProcessBuilder(cmd)).redirectErrorStream(true);
        Process p = Processes.start(pb, "understudy browser");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = Processes.readLine(out, 60_000)) != null && !line.startsWith("browser ")) seen.append(line).append('\n');
        if (line == null) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            throw new IOException("understudy browser did not start the browser: " + seen.toString().trim());
        }
        BrowserProcess bp = new BrowserProcess(p, Long.parseLong(line.split(" ")[1]));
        bp.output.append(seen).append(line).append('\n');
        Thread pump = new Thread(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    synchronized (bp.output) {
                        bp.output.append(l).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // ended
            }
        }, "browser-cli-output");
        pump.setDaemon(true);
        pump.start();
        return bp;
    }

    public long browserPid() {
        return browserPid;
    }

    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** Stops the browser (SIGTERM to the command, which ends the browser and deletes the profile). */
    @Override
    public void close() throws InterruptedException {
        cli.destroy();
        if (!cli.waitFor(20, TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            cli.waitFor(5, TimeUnit.SECONDS);
        }
        ProcessHandle.of(browserPid).ifPresent(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        });
    }
}
