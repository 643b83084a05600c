package dev.understudy.capture.screen;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.capture.testing.ProbeProcess;
import dev.understudy.demo.VirtualDesktop;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** XShmScreenGrabber and ScreenGrabbers.best against Xvfb, checked pixel for pixel against Robot. */
@Tag("e2e")
class XShmScreenGrabberTest {

    /** Paints a plaid root window (a pattern that shows any stride, offset or channel mistake). */
    private static void plaidRoot(VirtualDesktop x) throws Exception {
        x.run("xsetroot", "-mod", "3", "5", "-fg", "#c03020", "-bg", "#2040c0");
    }

    /** Grabs with Robot, XShm, Robot until the screen held still meanwhile; returns that comparison. */
    private static JsonNode stableCompare(ProbeProcess p, int monitor) throws Exception {
        JsonNode[] c = new JsonNode[1];
        VirtualDesktop.awaitTrue("a still screen", VirtualDesktop.DEFAULT_TIMEOUT, () -> {
            try {
                c[0] = p.ask("compare screen xshm " + monitor);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return c[0].get("stable").asBoolean();
        });
        return c[0];
    }

    private static void assertSamePixels(JsonNode c, int width, int height) {
        assertEquals(width, c.get("width").asInt(), c.toString());
        assertEquals(height, c.get("height").asInt(), c.toString());
        assertTrue(c.get("sameSize").asBoolean(), c.toString());
        assertEquals(BufferedImage.TYPE_INT_RGB, c.get("type").asInt());
        assertEquals(0, c.get("differing").asInt(), "XShm differs from Robot: " + c);
        assertEquals(0, c.get("withAlphaBits").asInt(), c.toString());
        assertTrue(c.get("freshImages").asBoolean(), "each grab is a new image");
    }

    @Test
    void pixelsIdenticalToRobot() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start()) {
            plaidRoot(x);
            x.spawn("xterm", "-T", "Text", "-bg", "#ff0000", "-fg", "#ffff00", "-geometry", "50x8+200+150",
                    "-hold", "-e", "printf", "Understudy XShm 0123456789 ABCxyz");
            String id = x.run("xdotool", "search", "--sync", "--name", "^Text$").lines().findFirst().orElseThrow().strip();
            String info = x.run("xwininfo", "-id", id);
            int cx = value(info, "Absolute upper-left X") + value(info, "Width") / 2;
            int cy = value(info, "Absolute upper-left Y") + value(info, "Height") - 3;
            try (ProbeProcess p = ProbeProcess.start(x, "screen", "xshm")) {
                JsonNode monitors = monitorsOf(p);
                assertEquals(1, monitors.size());
                assertEquals(1280, monitors.get(0).get("width").asInt());
                // Mapped is not painted yet: wait for the terminal's background.
                VirtualDesktop.awaitTrue("the red xterm on screen", VirtualDesktop.DEFAULT_TIMEOUT,
                        () -> ask(p, "grab 0 " + cx + " " + cy).get("pixel").asInt() == 0xff0000);
                JsonNode c = stableCompare(p, 0);
                assertSamePixels(c, 1280, 800);
                assertTrue(c.get("colours").asInt() >= 4, "plaid, xterm and its text: " + c);
            }
        }
    }

    @Test
    void aGrabOverwritesTheImageItIsGivenToReuse() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(false)) {
            plaidRoot(x);
            try (ProbeProcess p = ProbeProcess.start(x, "xshm")) {
                JsonNode[] r = new JsonNode[1];
                VirtualDesktop.awaitTrue("a still screen", VirtualDesktop.DEFAULT_TIMEOUT, () -> {
                    try {
                        r[0] = p.ask("reuse xshm 0");
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    return r[0].get("stable").asBoolean();
                });
                assertTrue(r[0].get("sameImage").asBoolean(), "written into the image given: " + r[0]);
                assertEquals(0, r[0].get("differing").asInt(), "every pixel overwritten, as a fresh grab: " + r[0]);
                assertTrue(!r[0].get("wrongSizeReused").asBoolean() && r[0].get("wrongSizeWidth").asInt() == 1280,
                        "an image of another size is not written into: " + r[0]);
            }
        }
    }

    @Test
    void oddSizedScreen() throws Exception {
        // A later -screen 0 replaces the session's 1280x800.
        try (VirtualDesktop x = VirtualDesktop.start(false, "-screen", "0", "1366x769x24")) {
            plaidRoot(x);
            try (ProbeProcess p = ProbeProcess.start(x, "screen", "xshm")) {
                JsonNode m = monitorsOf(p).get(0);
                assertEquals(1366, m.get("width").asInt());
                assertEquals(769, m.get("height").asInt());
                assertSamePixels(stableCompare(p, 0), 1366, 769);
            }
        }
    }

    @Test
    void monitorsOfDifferentSizesAndOffsets() throws Exception {
        // Xvfb's +xinerama stacks its screens at 0,0; RandR monitors give real offsets. They add
        // to the automatic monitor of the whole screen (listed last).
        try (VirtualDesktop x = VirtualDesktop.start(false)) {
            plaidRoot(x);
            x.run("xrandr", "--setmonitor", "A", "800/0x800/0+0+0", "none");
            x.run("xrandr", "--setmonitor", "B", "480/0x600/0+800+100", "none");
            try (ProbeProcess p = ProbeProcess.start(x, "screen", "xshm")) {
                JsonNode monitors = monitorsOf(p);
                assertEquals(3, monitors.size(), monitors.toString());
                JsonNode b = monitors.get(1);
                assertEquals(List.of(800, 100, 480, 600), List.of(b.get("x").asInt(), b.get("y").asInt(),
                        b.get("width").asInt(), b.get("height").asInt()), monitors.toString());
                assertSamePixels(stableCompare(p, 0), 800, 800);
                assertSamePixels(stableCompare(p, 1), 480, 600);
                assertSamePixels(stableCompare(p, 2), 1280, 800);
                assertEquals(3, p.ask("grabber xshm").get("segments").asInt(), "one segment per size");
            }
        }
    }

    @Test
    void bestPicksXShm() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(false); ProbeProcess p = ProbeProcess.start(x, "best")) {
            JsonNode g = p.ask("grabber best");
            assertEquals("XShmScreenGrabber", g.get("class").asText());
            assertEquals(1, g.get("segments").asInt(), "its trial grab made the segment it keeps");
            assertEquals(0, p.ask("warnings").size());
            assertEquals(1280, p.ask("grab 0 0 0").get("width").asInt());
        }
    }

    @Test
    void fallsBackWhenMitShmIsDisabled() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(false, "-extension", "MIT-SHM")) {
            try (ProbeProcess p = ProbeProcess.launch(x, "xshm")) {
                String error = p.awaitError();
                assertTrue(error != null && error.contains("no MIT-SHM extension"), error);
            }
            try (ProbeProcess p = ProbeProcess.start(x, "best")) {
                assertEquals("RobotScreenGrabber", p.ask("grabber best").get("class").asText());
                JsonNode warnings = p.ask("warnings");
                assertEquals(1, warnings.size(), warnings.toString());
                assertTrue(warnings.get(0).asText().contains("java.awt.Robot")
                        && warnings.get(0).asText().contains("no MIT-SHM extension"), warnings.toString());
                assertEquals(1280, p.ask("grab 0 0 0").get("width").asInt());
            }
        }
    }

    @Test
    void fallsBackWhenTheServerCannotAttachTheSegment() throws Exception {
        // In its own IPC namespace the probe's segments are invisible to the X server, as they are to
        // a remote one: XShmAttach fails with BadAccess (or attaches some other segment of that id).
        Assumptions.assumeTrue(canUnshareIpc(), "unshare --ipc is not permitted here");
        try (VirtualDesktop x = VirtualDesktop.start(false);
             ProbeProcess p = ProbeProcess.launchWrapped(x, List.of("unshare", "--ipc"), "best")) {
            p.awaitReady();
            assertEquals("RobotScreenGrabber", p.ask("grabber best").get("class").asText());
            JsonNode warnings = p.ask("warnings");
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).asText().contains("cannot attach"), warnings.toString());
            assertEquals(1280, p.ask("grab 0 0 0").get("width").asInt());
        }
    }

    @Test
    void noSegmentLeftAfterCloseOrDeath() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(false)) {
            try (ProbeProcess p = ProbeProcess.start(x, "xshm")) {
                assertEquals(List.of(), segmentsOf(p.pid()), "none before the first grab");
                for (int i = 0; i < 3; i++) assertEquals(1280, p.ask("grab 0 0 0").get("width").asInt());
                List<Map<String, String>> held = segmentsOf(p.pid());
                assertEquals(1, held.size(), "one segment, reused: " + held);
                assertEquals("2", held.get(0).get("nattch"), "attached by us and the server: " + held);
                assertTrue((Integer.parseInt(held.get(0).get("perms"), 8) & 01000) != 0,
                        "already marked for removal: " + held);
                assertEquals(1280L * 800 * 4, Long.parseLong(held.get(0).get("size")));
                p.ask("close xshm");
                assertEquals(List.of(), segmentsOf(p.pid()), "close() detached both sides");
            }
            // Killed: nothing of it runs, yet the segment goes once the server drops the connection.
            ProbeProcess p = ProbeProcess.start(x, "xshm");
            p.ask("grab 0 0 0");
            long pid = p.pid();
            assertEquals(1, segmentsOf(pid).size());
            p.kill();
            VirtualDesktop.awaitTrue("the dead probe's segment to go", VirtualDesktop.DEFAULT_TIMEOUT,
                    () -> segmentsOf(pid).isEmpty());
            p.close();
        }
    }

    @Test
    void measureBothGrabbers() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(false)) {
            plaidRoot(x);
            try (ProbeProcess p = ProbeProcess.start(x, "screen", "xshm")) {
                for (String g : List.of("xshm", "screen")) {
                    long server0 = cpuTicks(x.serverPid());
                    JsonNode b = p.ask("bench " + g + " 0 100 10");
                    double serverMs = (cpuTicks(x.serverPid()) - server0) * 10.0 / 100; // 100 Hz ticks
                    System.out.printf("1280x800 %s grab: median %.2f ms wall (p10 %.2f, p90 %.2f) over 100 after"
                                    + " 10 warm-up; CPU per grab: grabbing thread %.2f ms, X server ~%.1f ms%n",
                            g.equals("xshm") ? "XShm" : "Robot", b.get("median").asDouble(), b.get("p10").asDouble(),
                            b.get("p90").asDouble(), b.get("threadCpuMs").asDouble(), serverMs);
                    assertTrue(b.get("median").asDouble() > 0);
                }
            }
        }
    }

    /** utime + stime of a process, in clock ticks. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15
    }

    /** The XShm grabber's monitors, checked to be Robot's. */
    private static JsonNode monitorsOf(ProbeProcess p) throws Exception {
        assertEquals("XShmScreenGrabber", p.ask("grabber xshm").get("class").asText());
        JsonNode monitors = p.ask("monitors xshm");
        assertEquals(p.ask("monitors screen"), monitors);
        return monitors;
    }

    private static JsonNode ask(ProbeProcess p, String command) {
        try {
            return p.ask(command);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The System V segments created by process {@code pid}, as column name → value. */
    private static List<Map<String, String>> segmentsOf(long pid) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/sysvipc/shm"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        String[] header = lines.get(0).trim().split("\\s+");
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split("\\s+");
            Map<String, String> row = new java.util.LinkedHashMap<>();
            for (int i = 0; i < header.length && i < f.length; i++) row.put(header[i], f[i]);
            if (String.valueOf(pid).equals(row.get("cpid"))) out.add(row);
        }
        return out;
    }

    private static boolean canUnshareIpc() {
        try {
            Process u = new ProcessBuilder("unshare", "--ipc", "true").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return u.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int value(String xwininfo, String key) {
        return xwininfo.lines().map(String::strip).filter(l -> l.startsWith(key + ":"))
                .map(l -> Integer.parseInt(l.substring(key.length() + 1).strip())).findFirst().orElseThrow();
    }
}
