package dev.understudy.capture.screen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.capture.testing.ProbeProcess;
import dev.understudy.demo.VirtualDesktop;
import java.awt.Rectangle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ScreenDamage against Xvfb with openbox and no compositor: drawing inside a real application's
 * window (xterm's text area, two levels below the root: openbox's frame, then xterm) is damage of
 * the root window, and a screen nobody draws on has none.
 */
@Tag("e2e")
@Timeout(120)
class ScreenDamageTest {

    @Test
    void drawingInsideAnApplicationsWindowIsReportedAndAStillScreenIsNot() throws Exception {
        Path log = Files.createTempFile("understudy-damage", ".txt");
        try (VirtualDesktop x = VirtualDesktop.start()) {
            // xterm draws whatever is appended to the file: drawing without input, focus or a window change
            x.spawn("xterm", "-T", "Damage", "-geometry", "40x6+300+200", "-e", "tail", "-f", log.toString());
            String id = x.run("xdotool", "search", "--sync", "--name", "^Damage$").lines().findFirst().orElseThrow().strip();
            try (ProbeProcess p = ProbeProcess.start(x, "damage")) {
                JsonNode first = p.ask("damage");
                assertFalse(first.get("everything").asBoolean(), first.toString());
                // The xterm maps and paints; then nothing on this desktop draws (no blinking cursor, no clock).
                VirtualDesktop.awaitTrue("a still screen", VirtualDesktop.DEFAULT_TIMEOUT, () -> rects(p).isEmpty());
                for (int i = 0; i < 3; i++) {
                    x.run("xwininfo", "-root"); // another client's requests in between, drawing nothing
                    assertEquals(List.of(), rects(p), "an untouched screen reports no damage");
                }

                String info = x.run("xwininfo", "-id", id);
                Rectangle window = new Rectangle(value(info, "Absolute upper-left X"), value(info, "Absolute upper-left Y"),
                        value(info, "Width"), value(info, "Height"));
                Files.writeString(log, "drawn by tail in xterm\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                List<Rectangle> drawn = new ArrayList<>();
                VirtualDesktop.awaitTrue("damage from the xterm's text", VirtualDesktop.DEFAULT_TIMEOUT, () -> {
                    drawn.addAll(rects(p));
                    return !drawn.isEmpty();
                });
                for (Rectangle r : drawn) {
                    assertTrue(window.contains(r), "damage " + r + " inside the xterm " + window + ": " + drawn);
                }
                Rectangle union = drawn.get(0);
                for (Rectangle r : drawn) union = union.union(r);
                assertTrue(union.width < window.width || union.height < window.height,
                        "the text line, not the whole window: " + union + " in " + window);
                VirtualDesktop.awaitTrue("still again", VirtualDesktop.DEFAULT_TIMEOUT, () -> rects(p).isEmpty());
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The probe's damage since it was last asked; fails on "everything". */
    private static List<Rectangle> rects(ProbeProcess p) {
        JsonNode d;
        try {
            d = p.ask("damage");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertFalse(d.get("everything").asBoolean(), "the root did not change size: " + d);
        List<Rectangle> out = new ArrayList<>();
        for (JsonNode r : d.get("rects")) {
            out.add(new Rectangle(r.get("x").asInt(), r.get("y").asInt(), r.get("width").asInt(), r.get("height").asInt()));
        }
        return out;
    }

    private static int value(String xwininfo, String key) {
        for (String line : xwininfo.split("\n")) {
            String t = line.strip();
            if (t.startsWith(key + ":")) return Integer.parseInt(t.substring(key.length() + 1).strip());
        }
        throw new AssertionError(key + " not in " + xwininfo);
    }
}
