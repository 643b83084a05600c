package dev.understudy.e2e.accessibility;

import dev.understudy.demo.VirtualDesktop;
import dev.understudy.model.Rect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tests' own reader of the accessibility tree, apart from the recorder's: libatspi through
 * Python's GObject introspection ({@code find_element.py}, Debian's gir1.2-atspi-2.0), so a test
 * scripts a click on an element it found by role and name and checks what the recorder grounded
 * the step in against an independent reading.
 */
final class TreeOracle {
    private final VirtualDesktop desktop;
    private final Path script;
    /** What the reader last complained about (for failure messages). */
    private volatile String lastError = "";

    /** Added to every box: the window's origin for GTK 4, whose boxes are relative to it. */
    private final int[] origin;

    private TreeOracle(VirtualDesktop desktop, Path script, int[] origin) {
        this.desktop = desktop;
        this.script = script;
        this.origin = origin;
    }

    /** The same reader for a GTK 4 window at this origin. */
    TreeOracle at(int[] windowOrigin) {
        return new TreeOracle(desktop, script, windowOrigin);
    }

    TreeOracle(VirtualDesktop desktop, Path dir) throws IOException {
        this.desktop = desktop;
        this.script = dir.resolve("find_element.py");
        this.origin = null;
        try (InputStream in = TreeOracle.class.getResourceAsStream("/a11y/find_element.py")) {
            if (in == null) throw new IOException("find_element.py missing from the test resources");
            Files.write(script, in.readAllBytes());
        }
    }

    /** The box of the first showing element of {@code app} with this role and name, or null. */
    Rect find(String app, String role, String name) {
        String out = run("--app", app, "find", role, name);
        return out == null ? null : rect(out.trim());
    }

    /** Waits until the element shows; fails after {@code timeout}. */
    Rect await(String app, String role, String name, Duration timeout) {
        AtomicReference<Rect> r = new AtomicReference<>();
        try {
            VirtualDesktop.awaitTrue(role + " \"" + name + "\" of " + app + " to show", timeout, () -> {
                r.set(find(app, role, name));
                return r.get() != null;
            });
        } catch (AssertionError e) {
            String tree = run("dump", "14");
            String[] lines = tree == null ? new String[0] : tree.split("\n");
            StringBuilder sb = new StringBuilder();
            for (String l : lines) if (!l.contains("-2147483648") && sb.length() < 20_000) sb.append(l).append('\n');
            throw new AssertionError(e.getMessage() + "; the reader said: " + lastError + "; the tree:\n" + sb, e);
        }
        return r.get();
    }

    /** The focused element of {@code app}: role, name, box; null when none. */
    String[] focused(String app) {
        String out = run("--app", app, "focused");
        return out == null ? null : out.trim().split("\t", -1);
    }

    /** The menu entry the keyboard is on in an open menu of {@code app}: role, name; null when none. */
    String[] selectedMenuEntry(String app) {
        String out = run("--app", app, "selected");
        return out == null ? null : out.trim().split("\t", -1);
    }

    private String run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        if (origin != null) cmd.addAll(List.of("--origin", Integer.toString(origin[0]), Integer.toString(origin[1])));
        cmd.addAll(List.of(args));
        try {
            Path err = Files.createTempFile(script.getParent(), "oracle", ".err");
            Process p = desktop.command(cmd.toArray(new String[0])).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                lastError = "timed out";
                return null;
            }
            String e = Files.readString(err);
            Files.deleteIfExists(err);
            if (!e.isBlank()) lastError = e.strip();
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static Rect rect(String s) {
        String[] p = s.trim().split("\\s+");
        return new Rect(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]));
    }

    static int cx(Rect r) {
        return r.x() + r.width() / 2;
    }

    static int cy(Rect r) {
        return r.y() + r.height() / 2;
    }
}
