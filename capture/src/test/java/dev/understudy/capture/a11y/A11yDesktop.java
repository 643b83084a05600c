package dev.understudy.capture.a11y;

import dev.understudy.demo.VirtualDesktop;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Xvfb + openbox with a private session D-Bus (whose org.a11y.Bus service, at-spi-bus-launcher,
 * is D-Bus activated from /usr/share/dbus-1/services), and the scripted GTK apps of
 * src/test/resources/a11y started on it. close() ends the apps, the bus and the desktop.
 */
final class A11yDesktop implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    final VirtualDesktop x;
    final String busAddress;
    private final long busPid;
    private final List<App> apps = new ArrayList<>();

    private A11yDesktop(VirtualDesktop x, String busAddress, long busPid) {
        this.x = x;
        this.busAddress = busAddress;
        this.busPid = busPid;
    }

    static A11yDesktop start() throws IOException, InterruptedException {
        VirtualDesktop x = VirtualDesktop.start(1280, 800);
        try {
            String out = x.run("dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1");
            String[] lines = out.strip().split("\n");
            return new A11yDesktop(x, lines[0].strip(), Long.parseLong(lines[1].strip()));
        } catch (IOException | RuntimeException e) {
            x.close();
            throw e;
        }
    }

    /** The environment of the desktop's clients (and of the source under test). */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(x.env());
        env.put("DBUS_SESSION_BUS_ADDRESS", busAddress);
        env.remove("WAYLAND_DISPLAY");
        env.remove("NO_AT_BRIDGE");
        env.put("GDK_BACKEND", "x11");
        env.put("GSETTINGS_BACKEND", "memory");
        env.put("GTK_A11Y", "atspi");
        return env;
    }

    /** A scripted app, talking on stdin/stdout. */
    final class App {
        final Process process;
        final String title;
        private final Writer in;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        App(Process p, String title) {
            this.process = p;
            this.title = title;
            this.in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) lines.add(l);
                } catch (IOException e) {
                    // ended
                }
            }, "app-" + title);
            t.setDaemon(true);
            t.start();
        }

        long pid() {
            return process.pid();
        }

        String await(String prefix) throws InterruptedException {
            long end = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < end) {
                String l = lines.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (l != null && l.startsWith(prefix)) return l;
            }
            throw new AssertionError(title + ": no line " + prefix);
        }

        String ask(String command, String replyPrefix) throws IOException, InterruptedException {
            in.write(command + "\n");
            in.flush();
            return await(replyPrefix);
        }

        /** The centre of a scripted widget, as "AT name x y" gives it. */
        int[] where(String widget) throws IOException, InterruptedException {
            String[] w = ask("where " + widget, "AT ").split(" ");
            return new int[] {Integer.parseInt(w[w.length - 2]), Integer.parseInt(w[w.length - 1])};
        }

        /** The X window id of this app's window. */
        String window() throws IOException, InterruptedException {
            return x.run("xdotool", "search", "--sync", "--name", "^" + title + "$").lines().findFirst().orElseThrow().strip();
        }

        /** Moves the window's client area to (left, top) and waits until openbox has it there. */
        void moveTo(int left, int top) throws IOException, InterruptedException {
            String id = window();
            x.run("xdotool", "windowmove", "--sync", id, String.valueOf(left), String.valueOf(top));
        }

        void activate() throws IOException, InterruptedException {
            x.run("xdotool", "windowactivate", "--sync", window());
        }

        /** The client window's origin in root coordinates, per xwininfo (xdotool's adds the frame twice). */
        int[] origin() throws IOException, InterruptedException {
            int ox = 0;
            int oy = 0;
            for (String l : x.run("xwininfo", "-id", window()).lines().map(String::strip).toList()) {
                if (l.startsWith("Absolute upper-left X:")) ox = Integer.parseInt(l.substring(l.indexOf(':') + 1).strip());
                if (l.startsWith("Absolute upper-left Y:")) oy = Integer.parseInt(l.substring(l.indexOf(':') + 1).strip());
            }
            return new int[] {ox, oy};
        }
    }

    /** Starts a scripted app (a python script of src/test/resources/a11y) and waits until its window is mapped. */
    App app(String script, String title) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script(script).toString(), title);
        pb.environment().clear();
        pb.environment().putAll(env());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        x.own(p);
        App a = new App(p, title);
        apps.add(a);
        a.await("READY");
        a.window();
        return a;
    }

    static Path script(String name) {
        try {
            return Path.of(A11yDesktop.class.getResource("/a11y/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    void click(int px, int py) throws IOException, InterruptedException {
        x.run("xdotool", "mousemove", "--sync", String.valueOf(px), String.valueOf(py), "click", "1");
    }

    void key(String... keys) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("xdotool", "key", "--delay", "80"));
        cmd.addAll(List.of(keys));
        x.run(cmd.toArray(String[]::new));
    }

    @Override
    public void close() {
        for (App a : apps) ProcessHandle.of(a.pid()).ifPresent(h -> {
            h.destroy();
        });
        x.close();
        // The session bus and what it activated (at-spi-bus-launcher, its bus and the registry).
        ProcessHandle.of(busPid).ifPresent(h -> {
            h.descendants().forEach(ProcessHandle::destroy);
            h.destroy();
        });
    }
}
