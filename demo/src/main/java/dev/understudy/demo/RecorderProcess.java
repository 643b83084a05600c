package dev.understudy.demo;

import static org.awaitility.Awaitility.await;

import dev.understudy.model.RawEvent;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionReader;
import dev.understudy.trace.TraceException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * `understudy record` running as a child process on a desktop, as a user would run it. Knows
 * when it is live (its ready line), when it has stored a given event (by reading the session as it
 * is flushed), and how much CPU and memory it used.
 */
public final class RecorderProcess implements AutoCloseable {
    private final Process process;
    private final String sessionId;
    private final Path dataDir;
    private final long startNanos = System.nanoTime();
    private final StringBuilder stderr = new StringBuilder();

    private RecorderProcess(Process process, String sessionId, Path dataDir) {
        this.process = process;
        this.sessionId = sessionId;
        this.dataDir = dataDir;
    }

    /** JVM options the launcher gives `record` (see ./understudy): small serial heap, C1 only. */
    /** The recorder's JVM options, as the launcher gives them (the recorder module's recorder-jvm.options). */
    public static final List<String> JVM_OPTIONS = jvmOptions();

    private static List<String> jvmOptions() {
        try (java.io.InputStream in = ClassLoader.getSystemResourceAsStream("dev/understudy/recorder/recorder-jvm.options")) {
            if (in == null) throw new IllegalStateException("recorder-jvm.options is missing from the class path (the recorder module)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes the demo policy next to the data directory and returns its path. */
    public static Path demoPolicy(Path dataDir) throws IOException {
        Path f = dataDir.toAbsolutePath().getParent().resolve("demo-policy.yaml");
        try (java.io.InputStream in = RecorderProcess.class.getResourceAsStream("demo-policy.yaml")) {
            if (in == null) throw new IOException("the demo policy is missing from the build");
            Files.createDirectories(f.getParent());
            Files.write(f, in.readAllBytes());
        }
        return f;
    }

    /**
     * Starts the recorder. Its device key goes into the key file, never into a keyring of the
     * session running the tests ({@code UNDERSTUDY_KEY_STORE=file}, unless that is set already).
     */
    public static RecorderProcess start(VirtualDesktop desktop, Path dataDir, String... extraArgs) throws IOException, InterruptedException {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        if (System.getenv("UNDERSTUDY_KEY_STORE") == null) env.put("UNDERSTUDY_KEY_STORE", "file");
        return start(desktop, dataDir, env, extraArgs);
    }

    /** Starts the recorder with these environment variables set (a null value removes one). */
    public static RecorderProcess start(VirtualDesktop desktop, Path dataDir, java.util.Map<String, String> env, String... extraArgs)
            throws IOException, InterruptedException {
        List<String> cmd = Processes.javaCommand("dev.understudy.cli.Main");
        cmd.addAll(1, JVM_OPTIONS);
        // e.g. a flight recording for profiling: UNDERSTUDY_RECORDER_JAVA_OPTS=-XX:StartFlightRecording=filename=rec.jfr
        String extra = System.getenv("UNDERSTUDY_RECORDER_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) cmd.addAll(1 + JVM_OPTIONS.size(), List.of(extra.trim().split("\\s+")));
        cmd.addAll(List.of("record", "--data", dataDir.toString(), "--accept-notice"));
        // Without a policy of the caller's: the demo policy (the built-in one plus the demo's notes app).
        if (!List.of(extraArgs).contains("--policy")) cmd.addAll(List.of("--policy", demoPolicy(dataDir).toString()));
        cmd.addAll(List.of(extraArgs));
        ProcessBuilder pb = desktop.env(new ProcessBuilder(cmd));
        pb.environment().put("UNDERSTUDY_STATS", "1");
        pb.environment().put("MALLOC_ARENA_MAX", "2"); // as the launcher does for `record`
        env.forEach((k, v) -> {
            if (v == null) pb.environment().remove(k);
            else pb.environment().put(k, v);
        });
        Process p = Processes.start(pb, "the recorder");
        StringBuilder err = new StringBuilder();
        Thread errPump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    synchronized (err) {
                        err.append(l).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "recorder-stderr");
        errPump.setDaemon(true);
        errPump.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = Processes.readLine(out, 60_000);
        // the JVM may print lines of its own first (a flight recording's start, with extra options)
        StringBuilder before = new StringBuilder();
        while (line != null && !line.startsWith("recording ") && !line.startsWith("exempt") && extra != null && !extra.isBlank()) {
            before.append(line).append('\n');
            line = Processes.readLine(out, 60_000);
        }
        if (line == null || !line.startsWith("recording ")) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            synchronized (err) {
                throw new IOException("the recorder did not start: " + before + (line == null ? "" : line + " ") + err.toString().trim());
            }
        }
        RecorderProcess rp = new RecorderProcess(p, line.substring("recording ".length()).trim(), dataDir);
        synchronized (err) {
            rp.stderr.append(err);
        }
        Thread outPump = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // nothing else is printed on stdout; keep the pipe drained
                }
            } catch (IOException ignored) {
                // ended
            }
        }, "recorder-stdout");
        outPump.setDaemon(true);
        outPump.start();
        rp.errSource = err;
        try {
            rp.cpuAtReady = rp.cpuSeconds();
        } catch (IOException e) {
            rp.cpuAtReady = 0;
        }
        rp.readyNanos = System.nanoTime();
        return rp;
    }

    private StringBuilder errSource;
    private double cpuAtReady;
    private long readyNanos;

    /** CPU seconds used since the ready line (start-up excluded). */
    public double cpuSecondsSinceReady() throws IOException {
        return cpuSeconds() - cpuAtReady;
    }

    /** Seconds since the ready line. */
    public double secondsSinceReady() {
        return (System.nanoTime() - readyNanos) / 1e9;
    }

    public String sessionId() {
        return sessionId;
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public String stderr() {
        if (errSource == null) return stderr.toString();
        synchronized (errSource) {
            return errSource.toString();
        }
    }

    /** Waits until the stored session contains an event matching the predicate. */
    public List<RawEvent> awaitEvent(Predicate<RawEvent> p, long timeoutMillis) throws IOException, InterruptedException {
        return awaitEvents(events -> events.stream().anyMatch(p), timeoutMillis);
    }

    /** Waits until the events stored so far satisfy the predicate; returns them. */
    public List<RawEvent> awaitEvents(Predicate<List<RawEvent>> p, long timeoutMillis) throws IOException, InterruptedException {
        AtomicReference<List<RawEvent>> events = new AtomicReference<>(List.of());
        try {
            await("the recorder to store the expected events").atMost(Duration.ofMillis(timeoutMillis))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).pollInSameThread().dontCatchUncaughtExceptions()
                    .until(() -> {
                        try {
                            events.set(DataDir.at(dataDir).open(sessionId).events());
                            if (p.test(events.get())) return true;
                        } catch (TraceException e) {
                            // not written yet
                        }
                        if (!process.isAlive()) throw new IOException("the recorder exited early: " + stderr());
                        return false;
                    });
            return events.get();
        } catch (ConditionTimeoutException e) {
            throw new IOException("the recorder did not store the expected events within " + timeoutMillis + " ms ("
                    + events.get().size() + " events stored)", e);
        }
    }

    /** Waits until {@code count} left-button releases at (x, y) (±1 px) are stored. */
    public List<RawEvent> awaitReleases(int x, int y, int count, long timeoutMillis) throws IOException, InterruptedException {
        return awaitEvents(ev -> ev.stream().filter(e -> e instanceof RawEvent.MouseUp u && Math.abs(u.x() - x) <= 1
                && Math.abs(u.y() - y) <= 1).count() >= count, timeoutMillis);
    }

    /**
     * CPU seconds (user + system) the recorder used so far, with the processes it started (the OCR
     * process), from /proc: its own utime + stime, the cutime + cstime of its children that have
     * ended (reaped), and the utime + stime of its descendants still running.
     */
    public double cpuSeconds() throws IOException {
        String[] f = statFields(process.pid());
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        // read after the recorder's own line: a child reaped in between is missed once, never counted twice
        for (ProcessHandle d : process.descendants().toList()) {
            try {
                String[] c = statFields(d.pid());
                ticks += Long.parseLong(c[11]) + Long.parseLong(c[12]);
            } catch (IOException e) {
                // ended meanwhile: its time is in the recorder's cutime once reaped
            }
        }
        return ticks / 100.0;
    }

    /** The fields of /proc/PID/stat after the command name: index 11 is utime (field 14 of proc(5)). */
    private static String[] statFields(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** The resident set size of the recorder's live descendants (the OCR process, while it runs), in KiB, from /proc; 0 when none runs. */
    public long descendantsRssKiB() {
        long sum = 0;
        for (ProcessHandle d : process.descendants().toList()) {
            try {
                for (String l : Files.readAllLines(Path.of("/proc", Long.toString(d.pid()), "status"))) {
                    if (l.startsWith("VmRSS:")) sum += Long.parseLong(l.replaceAll("\\D", ""));
                }
            } catch (IOException | RuntimeException e) {
                // ended meanwhile
            }
        }
        return sum;
    }

    /** The recorder's own resident set size now and at its peak (its child processes not included), in KiB, from /proc. */
    public long[] rssKiB() throws IOException {
        long rss = 0;
        long hwm = 0;
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (l.startsWith("VmRSS:")) rss = Long.parseLong(l.replaceAll("\\D", ""));
            if (l.startsWith("VmHWM:")) hwm = Long.parseLong(l.replaceAll("\\D", ""));
        }
        return new long[] {rss, hwm};
    }

    public double secondsAlive() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Sends SIGTERM and returns the exit code. */
    public int stop() throws InterruptedException {
        // SIGTERM through kill(1): Process.destroy() also closes our end of the recorder's stdout and
        // stderr, which loses what it prints while stopping (its closing counters).
        try {
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
        } catch (java.io.IOException e) {
            process.destroy();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            return -1;
        }
        return process.exitValue();
    }

    /** kill -9. */
    public void kill() throws InterruptedException {
        new ArrayList<>(List.of(process)).forEach(p -> {
            try {
                new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor();
            } catch (IOException | InterruptedException e) {
                p.destroyForcibly();
            }
        });
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
