package dev.understudy.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A collector server ({@code understudy serve}) in its own JVM, as an admin runs it: started on a
 * port of the caller's (so a restart after {@code kill -9} is found at the same address), ready when
 * it prints its one {@code serving URL} line. Tests kill it, restart it, and read its stderr.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final String url;
    private final StringBuilder stderr;

    private ServerProcess(Process process, String url, StringBuilder stderr) {
        this.process = process;
        this.url = url;
        this.stderr = stderr;
    }

    /** A TCP port free on loopback now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code serve --data DIR --bind 127.0.0.1 --port PORT ARGS...} and waits for its ready line. */
    public static ServerProcess start(Path dataDir, int port, String... args) throws IOException, InterruptedException {
        return start(dataDir, port, Map.of(), args);
    }

    public static ServerProcess start(Path dataDir, int port, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = Processes.javaCommand("dev.understudy.cli.Main");
        cmd.addAll(1, List.of("-Xmx256m", "-XX:+UseSerialGC"));
        cmd.addAll(List.of("serve", "--data", dataDir.toString(), "--bind", "127.0.0.1", "--port", Integer.toString(port)));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = Processes.start(pb, "the collector server");
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
                // ended
            }
        }, "server-stderr");
        errPump.setDaemon(true);
        errPump.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = Processes.readLine(out, 90_000);
        if (line == null || !line.startsWith("serving ")) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            synchronized (err) {
                throw new IOException("the collector server did not start: " + (line == null ? "" : line + " ") + err.toString().trim());
            }
        }
        Thread outPump = new Thread(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    synchronized (err) {
                        err.append("[stdout] ").append(l).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // ended
            }
        }, "server-stdout");
        outPump.setDaemon(true);
        outPump.start();
        return new ServerProcess(p, line.substring("serving ".length()).trim(), err);
    }

    /** The URL from the ready line. */
    public String url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** SIGTERM; the exit code (-1 when it had to be killed). */
    public int stop() throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
        } catch (IOException e) {
            process.destroy();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            return -1;
        }
        return process.exitValue();
    }

    /** kill -9: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start().waitFor();
        } catch (IOException e) {
            process.destroyForcibly();
        }
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Arguments joined for messages. */
    static String join(List<String> a) {
        return String.join(" ", new ArrayList<>(a));
    }
}
