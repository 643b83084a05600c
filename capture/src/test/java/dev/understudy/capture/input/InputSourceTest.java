package dev.understudy.capture.input;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.capture.testing.ProbeProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.model.Mods;
import dev.understudy.model.RawEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** InputSource against a real X server, driven by xdotool (XTEST input, seen through RECORD). */
@Tag("e2e")
class InputSourceTest {

    private static boolean isKeyUp(RawEvent e, String key) {
        return e instanceof RawEvent.KeyUp u && u.key().equals(key);
    }

    private static List<RawEvent.KeyDown> keyDowns(List<RawEvent> events) {
        return events.stream().filter(e -> e instanceof RawEvent.KeyDown).map(e -> (RawEvent.KeyDown) e).toList();
    }

    @Test
    void typedTextAndHotkey() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(); ProbeProcess p = ProbeProcess.start(x, "input")) {
            x.run("xdotool", "type", "--delay", "5", "hello World;");
            p.await(e -> isKeyUp(e, "semicolon"), "the last typed key");
            String typed = keyDowns(p.events()).stream().filter(k -> k.ch() != null).map(RawEvent.KeyDown::ch)
                    .collect(Collectors.joining());
            assertEquals("hello World;", typed);
            RawEvent.KeyDown w = keyDowns(p.events()).stream().filter(k -> "W".equals(k.ch())).findFirst().orElseThrow();
            assertEquals("w", w.key());
            assertEquals(Mods.SHIFT, w.mods());
            RawEvent.KeyDown shift = keyDowns(p.events()).stream().filter(k -> k.key().equals("shift")).findFirst()
                    .orElseThrow();
            assertNull(shift.ch());

            int from = p.events().size();
            x.run("xdotool", "key", "ctrl+shift+t");
            p.awaitIndex(from, e -> isKeyUp(e, "t"), VirtualDesktop.DEFAULT_TIMEOUT, "t released");
            List<RawEvent.KeyDown> chord = keyDowns(p.events().subList(from, p.events().size()));
            assertEquals(List.of("ctrl", "shift", "t"), chord.stream().map(RawEvent.KeyDown::key).toList());
            RawEvent.KeyDown t = chord.get(2);
            assertEquals(Mods.CTRL | Mods.SHIFT, t.mods());
            assertNull(t.ch(), "a ctrl chord produces no text");
            assertEquals(Mods.names(t.mods()), List.of("ctrl", "shift"));
        }
    }

    @Test
    void namedKeys() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(); ProbeProcess p = ProbeProcess.start(x, "input")) {
            x.run("xdotool", "key", "Return", "BackSpace", "Tab", "Escape", "F5", "Left", "Delete", "Home",
                    "Page_Down", "space", "minus", "period", "bracketleft", "slash", "Super_L");
            p.await(e -> isKeyUp(e, "meta"), "the last key");
            List<RawEvent.KeyDown> downs = keyDowns(p.events());
            assertEquals(List.of("enter", "backspace", "tab", "escape", "f5", "left", "delete", "home", "page_down",
                    "space", "minus", "period", "bracket_left", "slash", "meta"),
                    downs.stream().map(RawEvent.KeyDown::key).toList());
            List<String> chars = new ArrayList<>();
            for (RawEvent.KeyDown k : downs) chars.add(k.ch());
            List<String> expected = new ArrayList<>(java.util.Collections.nCopies(9, (String) null));
            expected.addAll(java.util.Arrays.asList(" ", "-", ".", "[", "/", null));
            assertEquals(expected, chars);
            assertEquals(downs.size(), p.events().stream().filter(e -> e instanceof RawEvent.KeyUp).count());
        }
    }

    @Test
    void buttonsWheelAndClickCount() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(); ProbeProcess p = ProbeProcess.start(x, "input")) {
            x.run("xdotool", "mousemove", "--sync", "300", "200");
            p.await(e -> e instanceof RawEvent.MouseMove m && m.x() == 300 && m.y() == 200, "move to 300,200");
            x.run("xdotool", "click", "1");
            x.run("xdotool", "click", "3");
            x.run("xdotool", "click", "2");
            x.run("xdotool", "click", "8");
            p.await(e -> e instanceof RawEvent.MouseUp u && u.button().equals("button4"), "button 8 released");
            List<RawEvent.MouseDown> downs = p.events().stream().filter(e -> e instanceof RawEvent.MouseDown)
                    .map(e -> (RawEvent.MouseDown) e).toList();
            assertEquals(List.of("left", "right", "middle", "button4"),
                    downs.stream().map(RawEvent.MouseDown::button).toList());
            for (RawEvent.MouseDown d : downs) {
                assertEquals(300, d.x());
                assertEquals(200, d.y());
            }

            // Wheel: X buttons 4/5 are up/down, 6/7 left/right.
            int from = p.events().size();
            x.run("xdotool", "click", "5");
            x.run("xdotool", "click", "4");
            x.run("xdotool", "click", "7");
            x.run("xdotool", "click", "6");
            List<RawEvent> wheels = p.awaitCount(e -> e instanceof RawEvent.Wheel, 4, VirtualDesktop.DEFAULT_TIMEOUT,
                    "four wheel events");
            List<String> deltas = wheels.stream().map(e -> (RawEvent.Wheel) e).map(w -> w.dx() + "," + w.dy()).toList();
            assertEquals(List.of("0,1", "0,-1", "1,0", "-1,0"), deltas, "dy > 0 is down, dx > 0 is right");
            assertTrue(p.events().subList(from, p.events().size()).stream().noneMatch(e -> e instanceof RawEvent.MouseDown),
                    "wheel clicks are not button presses");

            // Double click elsewhere.
            x.run("xdotool", "mousemove", "--sync", "500", "400");
            from = p.events().size();
            x.run("xdotool", "click", "--repeat", "2", "--delay", "60", "1");
            p.awaitIndex(from, e -> e instanceof RawEvent.MouseDown d && d.clicks() == 2, VirtualDesktop.DEFAULT_TIMEOUT,
                    "a double click");
        }
    }

    @Test
    void dragPathEndsWhereTheButtonWentUp() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(); ProbeProcess p = ProbeProcess.start(x, "input")) {
            x.run("xdotool", "mousemove", "--sync", "100", "100");
            p.await(e -> e instanceof RawEvent.MouseMove m && m.x() == 100 && m.y() == 100, "move to 100,100");
            x.run("xdotool", "mousedown", "1", "mousemove", "120", "110", "mousemove", "140", "120", "mousemove", "160",
                    "130", "mousemove", "200", "140", "mouseup", "1");
            int up = p.awaitIndex(0, e -> e instanceof RawEvent.MouseUp, VirtualDesktop.DEFAULT_TIMEOUT, "button up");
            List<RawEvent> ev = p.events();
            RawEvent.MouseUp mouseUp = (RawEvent.MouseUp) ev.get(up);
            assertEquals(200, mouseUp.x());
            assertEquals(140, mouseUp.y());
            RawEvent.MouseMove before = (RawEvent.MouseMove) ev.get(up - 1);
            assertEquals(200, before.x(), "the latest position is emitted right before the button goes up");
            assertEquals(140, before.y());
            assertEquals(1, before.buttons(), "left button held while dragging");
            int down = p.awaitIndex(0, e -> e instanceof RawEvent.MouseDown, VirtualDesktop.DEFAULT_TIMEOUT, "button down");
            long dragMoves = ev.subList(down, up).stream()
                    .filter(e -> e instanceof RawEvent.MouseMove m && m.buttons() == 1).count();
            assertTrue(dragMoves >= 1 && dragMoves <= 4, "drag moves: " + dragMoves);
            for (RawEvent e : ev.subList(up + 1, ev.size())) {
                if (e instanceof RawEvent.MouseMove m) assertEquals(0, m.buttons());
            }
        }
    }

    @Test
    void movesAreThinnedButTheLastPositionSurvives() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(); ProbeProcess p = ProbeProcess.start(x, "input")) {
            List<String> cmd = new ArrayList<>(List.of("xdotool"));
            for (int i = 0; i < 100; i++) cmd.addAll(List.of("mousemove", String.valueOf(200 + i * 5), "300"));
            cmd.addAll(List.of("click", "1"));
            x.run(cmd.toArray(String[]::new));
            int down = p.awaitIndex(0, e -> e instanceof RawEvent.MouseDown, VirtualDesktop.DEFAULT_TIMEOUT, "click");
            List<RawEvent> ev = p.events().subList(0, down);
            List<RawEvent.MouseMove> moves = ev.stream().filter(e -> e instanceof RawEvent.MouseMove)
                    .map(e -> (RawEvent.MouseMove) e).toList();
            assertTrue(moves.size() < 100, "moves emitted: " + moves.size());
            RawEvent.MouseMove last = moves.get(moves.size() - 1);
            assertEquals(200 + 99 * 5, last.x());
            assertEquals(300, last.y());
            for (int i = 1; i < moves.size() - 1; i++) {
                long gap = moves.get(i).mono() - moves.get(i - 1).mono();
                assertTrue(gap >= HookListener.MOVE_INTERVAL_NS, "moves closer than 25 ms: " + gap);
            }
        }
    }

    @Test
    void burstOfThousandKeyEventsIsFullySeen() throws Exception {
        StringBuilder sb = new StringBuilder();
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 500; i++) sb.append(alphabet.charAt((i * 7) % alphabet.length()));
        String text = sb.toString();
        try (VirtualDesktop x = VirtualDesktop.start(); ProbeProcess p = ProbeProcess.start(x, "input")) {
            // Twice: the first burst runs on a cold JVM (interpreted listener code), the second warm.
            JsonNode before = p.ask("stats");
            for (int round = 1; round <= 2; round++) {
                long t0 = System.nanoTime();
                x.run("xdotool", "type", "--delay", "0", text);
                List<RawEvent> ups = p.awaitCount(e -> e instanceof RawEvent.KeyUp, 500 * round, Duration.ofSeconds(60),
                        500 * round + " key releases");
                long took = System.nanoTime() - t0;
                List<RawEvent.KeyDown> downs = keyDowns(p.events());
                assertEquals(500 * round, downs.size());
                assertEquals(500 * round, ups.size());
                assertEquals(text.repeat(round), downs.stream().map(RawEvent.KeyDown::ch).collect(Collectors.joining()));
                JsonNode after = p.ask("stats");
                assertEquals(after.get("input").get("emitted").asLong(), after.get("activity").asLong(),
                        "the activity listener sees every emitted event");
                assertEquals(0, after.get("input").get("errors").asLong());
                long nativeEvents = after.get("input").get("nativeEvents").asLong()
                        - before.get("input").get("nativeEvents").asLong();
                long nanos = after.get("input").get("hookNanos").asLong() - before.get("input").get("hookNanos").asLong();
                System.out.printf("burst %d: 1000 key events (%d native incl. typed) seen in %.0f ms end to end;"
                        + " listener time on the hook thread %.2f us/native event%n", round, nativeEvents, took / 1e6,
                        nanos / 1e3 / nativeEvents);
                before = after;
            }
        }
    }

    @Test
    void restartsInTheSameProcess() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(); ProbeProcess p = ProbeProcess.start(x, "input")) {
            x.run("xdotool", "type", "ab");
            p.await(e -> isKeyUp(e, "b"), "b");
            assertEquals("ok", p.ask("restart-input").asText());
            x.run("xdotool", "type", "cd");
            p.await(e -> isKeyUp(e, "d"), "d after the restart");
            assertEquals("abcd", keyDowns(p.events()).stream().map(RawEvent.KeyDown::ch).collect(Collectors.joining()));
        }
    }

    @Test
    void serverWithoutRecordIsAOneLineErrorBeforeTheHookLoads() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(false, "-extension", "RECORD")) {
            ProbeProcess p = ProbeProcess.launch(x, "input");
            String error = p.awaitError();
            assertNotNull(error, "the probe must fail");
            assertTrue(error.startsWith("The X server on " + x.display() + " lacks the RECORD extension"), error);
            p.close();
        }
    }
}
