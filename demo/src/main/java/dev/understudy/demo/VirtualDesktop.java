package dev.understudy.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private X desktop: Xvfb plus the openbox window manager, or the caller's own display. Xvfb
 * picks a free display number itself and reports it once it accepts clients ({@code -displayfd}),
 * and openbox is ready once it has claimed the root window, so nothing here waits on a timer.
 */
public final class VirtualDesktop implements AutoCloseable {
    private final String display;
    private final List<Process> owned = new ArrayList<>();

    private VirtualDesktop(String display) {
        this.display = display;
    }

    /** Uses an existing display (e.g. the user's own $DISPLAY). */
    public static VirtualDesktop existing(String display) {
        return new VirtualDesktop(display);
    }

    /** Starts Xvfb with one screen of the given size and openbox on it. */
    public static VirtualDesktop start(int width, int height) throws IOException, InterruptedException {
        return start("-screen", "0", width + "x" + height + "x24");
    }

    /** Starts Xvfb with the given screen arguments (e.g. +xinerama for several monitors) and openbox. */
    public static VirtualDesktop start(String... screenArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("Xvfb", "-displayfd", "1", "-nolisten", "tcp", "-noreset"));
        cmd.addAll(List.of(screenArgs));
        Process x = Tools.start(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD), "Xvfb");
        BufferedReader r = new BufferedReader(new InputStreamReader(x.getInputStream(), StandardCharsets.US_ASCII));
        String line = Tools.readLine(r, 20_000);
        if (line == null || !line.trim().matches("\\d+")) {
            x.destroyForcibly();
            throw new IOException("Xvfb did not start (is the xvfb package installed?)");
        }
        VirtualDesktop d = new VirtualDesktop(":" + line.trim());
        d.owned.add(x);
        Process wm = Tools.start(d.env(new ProcessBuilder("openbox", "--sm-disable"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD), "openbox");
        d.owned.add(wm);
        d.awaitWindowManager();
        return d;
    }

    public String display() {
        return display;
    }

    /** Sets DISPLAY for a process that should run on this desktop. */
    public ProcessBuilder env(ProcessBuilder pb) {
        pb.environment().put("DISPLAY", display);
        pb.environment().remove("WAYLAND_DISPLAY");
        return pb;
    }

    private void awaitWindowManager() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String out = Tools.output(env(new ProcessBuilder("xprop", "-root", "_NET_SUPPORTING_WM_CHECK")), 5_000);
            if (out.contains("window id")) return;
            Thread.sleep(50); // polling interval of a condition, not a fixed wait
        }
        throw new IOException("openbox did not take over display " + display + " (is the openbox package installed?)");
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            Process p = owned.get(i);
            p.destroy();
            try {
                if (!p.waitFor(3, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
