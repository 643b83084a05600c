package dev.understudy.capture.screen;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.capture.testing.ProbeProcess;
import dev.understudy.demo.VirtualDesktop;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** RobotScreenGrabber against Xvfb: geometry, and real pixels of a red xterm. */
@Tag("e2e")
class RobotScreenGrabberTest {

    @Test
    void monitorsAndPixels() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(); ProbeProcess p = ProbeProcess.start(x, "screen")) {
            JsonNode monitors = p.ask("monitors");
            assertEquals(1, monitors.size());
            JsonNode m = monitors.get(0);
            assertEquals(0, m.get("index").asInt());
            assertEquals(0, m.get("x").asInt());
            assertEquals(0, m.get("y").asInt());
            assertEquals(1280, m.get("width").asInt());
            assertEquals(800, m.get("height").asInt());
            assertEquals(1.0, m.get("scale").asDouble());

            x.spawn("xterm", "-T", "Red", "-bg", "red", "-geometry", "40x10+200+150");
            String id = x.run("xdotool", "search", "--sync", "--name", "^Red$").lines().findFirst().orElseThrow().strip();
            JsonNode[] grab = new JsonNode[1];
            int[] point = new int[2];
            // Found is not yet placed, and mapped is not yet painted: re-read the window's place
            // and grab until the terminal's background shows there.
            VirtualDesktop.awaitTrue("the red xterm on screen", VirtualDesktop.DEFAULT_TIMEOUT, () -> {
                try {
                    String info = x.run("xwininfo", "-id", id);
                    if (!info.contains("Map State: IsViewable") || value(info, "Height") < 20) return false;
                    point[0] = value(info, "Absolute upper-left X") + value(info, "Width") / 2;
                    point[1] = value(info, "Absolute upper-left Y") + value(info, "Height") - 5;
                    grab[0] = p.ask("grab 0 " + point[0] + " " + point[1]);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                return grab[0].get("pixel").asInt() == 0xff0000;
            });
            assertEquals(1280, grab[0].get("width").asInt());
            assertEquals(800, grab[0].get("height").asInt());
            assertEquals(BufferedImage.TYPE_INT_RGB, grab[0].get("type").asInt());
            System.out.printf("grab of 1280x800 took %.1f ms%n", grab[0].get("millis").asDouble());
        }
    }

    private static int value(String xwininfo, String key) {
        return xwininfo.lines().map(String::strip).filter(l -> l.startsWith(key + ":"))
                .map(l -> Integer.parseInt(l.substring(key.length() + 1).strip())).findFirst().orElseThrow();
    }
}
