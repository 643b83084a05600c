package dev.understudy.capture.clipboard;

import dev.understudy.demo.ClipboardOwnerApp;
import dev.understudy.demo.VirtualDesktop;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@link ClipboardOwnerApp} in a child JVM on the test's Xvfb. */
final class OwnerAppProcess {
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private OwnerAppProcess(Process process) {
        this.process = process;
        this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) lines.add(line);
            } catch (IOException e) {
                // gone
            }
            lines.add("EOF");
        }, "owner-app-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the app with a frame titled {@code title}; returns once the frame is shown. */
    static OwnerAppProcess start(VirtualDesktop x, String title) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = x.command(java, "-Xmx128m", "-XX:+UseSerialGC", "-cp", cp, ClipboardOwnerApp.class.getName(), title)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        x.own(p);
        OwnerAppProcess app = new OwnerAppProcess(p);
        app.expect("SHOWN");
        return app;
    }

    long pid() {
        return process.pid();
    }

    /** Owns the clipboard with {@code text}, with the password-manager hint when {@code secret}. */
    void own(String text, boolean secret) throws IOException, InterruptedException {
        stdin.write((secret ? "own-secret " : "own ") + text + "\n");
        stdin.flush();
        expect("OWNED");
    }

    private void expect(String line) throws InterruptedException {
        String got = lines.poll(VirtualDesktop.DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!line.equals(got)) throw new AssertionError("owner app: expected " + line + ", got " + got);
    }
}
