package dev.understudy.e2e.privacy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.cli.Main;
import dev.understudy.demo.Processes;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.demo.Xdo;
import dev.understudy.model.RawEvent;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionReader;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/** Shared pieces of the privacy end-to-end tests: windows, policies, reading what was stored. */
final class PrivacyHarness implements AutoCloseable {
    /** A policy that allows xterm only (by class), so any other window is "not allowed". */
    static final String XTERM_ONLY = """
            version: 1
            name: e2e xterm only
            allow_apps: ["class:XTerm"]
            """;

    final VirtualDesktop desktop;
    final Xdo xdo;
    private final List<Process> apps = new ArrayList<>();

    PrivacyHarness(VirtualDesktop desktop) {
        this.desktop = desktop;
        this.xdo = new Xdo(desktop, 30);
    }

    /** An xterm with this title at this geometry (columns x rows + x + y); returns its window id once shown. */
    String xterm(String title, String geometry) throws IOException, InterruptedException {
        Process p = Processes.start(desktop.env(new ProcessBuilder("xterm", "-T", title, "-geometry", geometry, "-fa", "DejaVu Sans Mono", "-fs", "11",
                "-xrm", "XTerm*allowTitleOps: false")).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD), "xterm");
        apps.add(p);
        return xdo.waitWindow(title);
    }

    /** An xterm running a shell command (e.g. a password prompt that does not echo). */
    String xtermRunning(String title, String geometry, String command) throws IOException, InterruptedException {
        Process p = Processes.start(desktop.env(new ProcessBuilder("xterm", "-T", title, "-geometry", geometry, "-fa", "DejaVu Sans Mono", "-fs", "11",
                "-xrm", "XTerm*allowTitleOps: false", "-e", "bash", "-c", command)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD), "xterm");
        apps.add(p);
        return xdo.waitWindow(title);
    }

    /** A {@link TestWindow}; returns once it is shown (mode "popup" has no title to search for). */
    void window(String title, int x, int y, int w, int h, String rgb, String mode) throws IOException, InterruptedException {
        List<String> cmd = Processes.javaCommand(TestWindow.class.getName());
        cmd.addAll(List.of(title, "" + x, "" + y, "" + w, "" + h, rgb, mode));
        Process p = Processes.start(desktop.env(new ProcessBuilder(cmd)).redirectError(ProcessBuilder.Redirect.DISCARD), "a test window");
        apps.add(p);
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = Processes.readLine(r, 30_000)) != null && !line.startsWith("ready")) {
            // wait for the ready line
        }
        if (line == null) throw new IOException("test window " + title + " did not show");
    }

    static Path policy(Path dir, String yaml) throws IOException {
        Path f = dir.resolve("policy-" + Integer.toHexString(yaml.hashCode()) + ".yaml");
        Files.writeString(f, yaml);
        return f;
    }

    /** Runs a CLI command in this JVM and returns what it printed. */
    static String cli(String... args) {
        return dev.understudy.e2e.Cli.ok(args);
    }

    /** Polls `understudy status` until its output contains {@code text}. */
    static String awaitStatus(Path data, String text, long timeoutMillis) {
        AtomicReference<String> last = new AtomicReference<>("");
        try {
            return await("status to say \"" + text + "\"").atMost(Duration.ofMillis(timeoutMillis)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(25)).pollInSameThread().dontCatchUncaughtExceptions()
                    .until(() -> {
                        last.set(cli("status", "--data", data.toString()));
                        return last.get();
                    }, s -> s.contains(text));
        } catch (ConditionTimeoutException e) {
            return fail("status never said \"" + text + "\"; last: " + last.get(), e);
        }
    }

    /** The recorder's closing counters (UNDERSTUDY_STATS), once its stderr has been read to the end. */
    static String stats(dev.understudy.demo.RecorderProcess rec) {
        try {
            return await("the recorder's closing counters").atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20)).pollInSameThread().dontCatchUncaughtExceptions()
                    .until(() -> rec.stderr().lines().filter(l -> l.contains("events=")).findFirst().orElse(null), Objects::nonNull)
                    .replace("understudy: ", "");
        } catch (ConditionTimeoutException e) {
            return "(no stats)";
        }
    }

    static List<RawEvent> events(Path data) {
        DataDir dd = DataDir.at(data);
        SessionReader r = dd.open(dd.latestSessionId());
        assertTrue(r.problems().isEmpty(), "problems reading the session: " + r.problems());
        return r.events();
    }

    /** What the stored key-downs type, with backspace applied. */
    static String typed(List<RawEvent> events) {
        StringBuilder sb = new StringBuilder();
        for (RawEvent e : events) {
            if (e instanceof RawEvent.KeyDown k && "backspace".equals(k.key())) sb.setLength(Math.max(0, sb.length() - 1));
            else if (e instanceof RawEvent.KeyDown k && k.ch() != null && (k.mods() & 0xE) == 0) sb.append(k.ch());
            else if (e instanceof RawEvent.KeyDown k && "enter".equals(k.key())) sb.append('\n');
        }
        return sb.toString();
    }

    static List<String> markers(List<RawEvent> events) {
        List<String> out = new ArrayList<>();
        for (RawEvent e : events) if (e instanceof RawEvent.Marker m) out.add(m.kind() + (m.detail() == null ? "" : ":" + m.detail()));
        return out;
    }

    @Override
    public void close() {
        for (Process p : apps) p.destroy();
        for (Process p : apps) {
            try {
                if (!p.waitFor(3, TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
