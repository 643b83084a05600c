package dev.understudy.capture.testing;

import dev.understudy.demo.VirtualDesktop;
import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs {@link CaptureProbe} in a child JVM whose DISPLAY is the test's own Xvfb.
 *
 * <p>Why a child JVM: JNativeHook and AWT bind to the X display named by DISPLAY when they are first
 * used and keep it for the life of the JVM, and a JVM cannot change its own environment. Test
 * displays are chosen dynamically (whatever Xvfb -displayfd finds free), so the test JVM itself
 * cannot point at them; a fixed display number instead would collide with parallel builds or a
 * leftover server. A child per test also gives each test fresh global state (JNativeHook's static
 * hook, AWT's toolkit) and keeps a native crash from taking the test runner down.
 */
public final class ProbeProcess implements AutoCloseable {
    private final Process process;
    private final Writer stdin;
    private final List<RawEvent> events = new ArrayList<>(); // guarded by this
    private final List<String> replies = new ArrayList<>(); // guarded by this
    private final StringBuilder other = new StringBuilder(); // guarded by this
    private boolean ready;
    private String error;
    private boolean ended;

    private ProbeProcess(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::read, "probe-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the probe with the given sources and waits for READY; fails on ERROR. */
    public static ProbeProcess start(VirtualDesktop x, String... sources) throws IOException, InterruptedException {
        ProbeProcess p = launch(x, sources);
        p.awaitReady();
        return p;
    }

    /** Starts the probe without waiting. */
    public static ProbeProcess launch(VirtualDesktop x, String... sources) throws IOException {
        return launchWrapped(x, List.of(), sources);
    }

    /**
     * Starts the probe without waiting, its java command prefixed by {@code wrapper} (a program that
     * execs its arguments, e.g. {@code unshare --ipc}, so that {@link #pid()} stays the JVM's).
     */
    public static ProbeProcess launchWrapped(VirtualDesktop x, List<String> wrapper, String... sources)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", cp));
        String nativeDir = System.getProperty("understudy.native.dir");
        if (nativeDir != null) cmd.add("-Dunderstudy.native.dir=" + nativeDir);
        cmd.add(CaptureProbe.class.getName());
        cmd.addAll(List.of(sources));
        ProcessBuilder pb = x.command(cmd.toArray(String[]::new)).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().remove("XDG_SESSION_TYPE");
        Process proc = pb.start();
        x.own(proc);
        return new ProbeProcess(proc);
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (this) {
                    if (line.startsWith("EVENT ")) {
                        events.add(Json.MAPPER.readValue(line.substring(6), RawEvent.class));
                    } else if (line.startsWith("REPLY ")) {
                        replies.add(line.substring(6));
                    } else if (line.equals("READY")) {
                        ready = true;
                    } else if (line.startsWith("ERROR ")) {
                        error = line.substring(6);
                    } else {
                        other.append(line).append('\n');
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // child gone
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    public synchronized void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + VirtualDesktop.DEFAULT_TIMEOUT.toNanos();
        while (!ready && error == null && !ended) waitUntil(deadline, "the probe to start");
        if (error != null) throw new AssertionError("probe failed: " + error);
        if (!ready) throw new AssertionError("probe ended before READY: " + other);
    }

    /** The ERROR line the probe ended with, waiting for it. */
    public synchronized String awaitError() throws InterruptedException {
        long deadline = System.nanoTime() + VirtualDesktop.DEFAULT_TIMEOUT.toNanos();
        while (error == null && !ready && !ended) waitUntil(deadline, "the probe's error");
        return error;
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** Kills the child at once (no quit command: nothing of it gets to clean up). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public synchronized List<RawEvent> events() {
        return List.copyOf(events);
    }

    /** Waits for the first event (from index {@code from}) matching {@code p}; returns its index. */
    public synchronized int awaitIndex(int from, Predicate<RawEvent> p, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = from; i < events.size(); i++) if (p.test(events.get(i))) return i;
            if (ended) throw new AssertionError("probe ended while waiting for " + what + "; events: " + events);
            waitUntil(deadline, what + "; events so far: " + events);
        }
    }

    public RawEvent await(Predicate<RawEvent> p, String what) throws InterruptedException {
        int i = awaitIndex(0, p, VirtualDesktop.DEFAULT_TIMEOUT, what);
        synchronized (this) {
            return events.get(i);
        }
    }

    /** Waits until {@code count} events match {@code p}. */
    public synchronized List<RawEvent> awaitCount(Predicate<RawEvent> p, int count, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<RawEvent> m = events.stream().filter(p).toList();
            if (m.size() >= count) return m;
            if (ended) throw new AssertionError("probe ended while waiting for " + what);
            waitUntil(deadline, what + " (have " + m.size() + " of " + count + ")");
        }
    }

    /** Sends a command and waits for its REPLY. */
    public JsonNode ask(String command) throws IOException, InterruptedException {
        String tag = command.split("\\s+")[0] + " ";
        int before;
        synchronized (this) {
            before = replies.size();
        }
        send(command);
        synchronized (this) {
            long deadline = System.nanoTime() + VirtualDesktop.DEFAULT_TIMEOUT.toNanos();
            while (true) {
                for (int i = before; i < replies.size(); i++) {
                    if (replies.get(i).startsWith(tag)) return Json.MAPPER.readTree(replies.get(i).substring(tag.length()));
                }
                if (ended) throw new AssertionError("probe ended before replying to " + command);
                waitUntil(deadline, "a reply to " + command);
            }
        }
    }

    public void send(String command) throws IOException {
        stdin.write(command + "\n");
        stdin.flush();
    }

    public Optional<RawEvent> last(Predicate<RawEvent> p) {
        List<RawEvent> all = events();
        for (int i = all.size() - 1; i >= 0; i--) if (p.test(all.get(i))) return Optional.of(all.get(i));
        return Optional.empty();
    }

    private void waitUntil(long deadline, String what) throws InterruptedException {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        if (ms <= 0) throw new AssertionError("timed out waiting for " + what);
        wait(ms);
    }

    @Override
    public void close() {
        try {
            send("quit");
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
