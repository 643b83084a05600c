package dev.understudy.privacy.gate;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.model.Json;
import dev.understudy.model.Mods;
import dev.understudy.model.RawEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What is typed into a sensitive web field never passes, even when the browser says so late. */
@Tag("unit")
class SensitiveFieldGateTest {
    static final long MS = 1_000_000L;
    static final long W0 = 1_800_000_000_000L;

    final SensitiveFieldGate gate = new SensitiveFieldGate(300 * MS);
    final List<RawEvent> out = new ArrayList<>();

    /** Offers an event that arrives at {@code atMs} and releases what is due then. */
    void arrive(long atMs, RawEvent e) {
        gate.offer(e, atMs * MS);
        drain(atMs);
    }

    void drain(long atMs) {
        RawEvent r;
        while ((r = gate.poll(atMs * MS)) != null) out.add(r);
    }

    static RawEvent.KeyDown down(long ms, String key, String ch) {
        return new RawEvent.KeyDown(ms * MS, W0 + ms, key.hashCode() & 0xffff, key, ch, 0);
    }

    static RawEvent.KeyUp up(long ms, String key) {
        return new RawEvent.KeyUp(ms * MS, W0 + ms, key.hashCode() & 0xffff, key, 0);
    }

    static RawEvent.Browser browser(long arrivalMs, String kind, long pageMs, Boolean sensitive) {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("t", (double) (W0 + pageMs));
        if (sensitive != null) d.put("sensitive", sensitive);
        return BrowserEvents.browser(arrivalMs * MS, W0 + arrivalMs, kind, d);
    }

    String typed() {
        StringBuilder sb = new StringBuilder();
        for (RawEvent e : out) if (e instanceof RawEvent.KeyDown k && k.ch() != null) sb.append(k.ch());
        return sb.toString();
    }

    @Test
    void withoutABrowserEverythingPassesAtOnce() {
        arrive(0, down(0, "a", "a"));
        assertEquals(1, out.size());
        assertFalse(gate.armed());
        assertEquals(200, gate.waitMillis(0, 200));
    }

    @Test
    void keysTypedBeforeTheLateReportOfASensitiveFocusAreDropped() {
        arrive(0, browser(0, "hello", 0, null));
        arrive(100, down(100, "u", "u"));
        arrive(180, up(180, "u"));
        // the password field gets focus at 1000 (page clock); the keys race ahead of the report
        arrive(1010, down(1010, "s", "s"));
        arrive(1030, up(1030, "s"));
        arrive(1050, down(1050, "shift", null));
        arrive(1060, new RawEvent.KeyDown(1060 * MS, W0 + 1060, 99, "e", "E", Mods.SHIFT));
        arrive(1090, browser(1090, "sensitive_focus", 1000, true)); // 90 ms late
        arrive(1100, up(1100, "shift"));
        arrive(1200, down(1200, "tab", null));
        arrive(1220, browser(1220, "sensitive_focus", 1205, false));
        arrive(1260, new RawEvent.KeyUp(1260 * MS, W0 + 1260, 99, "e", 0)); // key-up of a dropped key, after the field
        arrive(1280, up(1280, "tab"));
        arrive(1500, down(1500, "n", "n"));
        drain(5000);
        assertEquals("un", typed());
        List<String> kept = new ArrayList<>();
        for (RawEvent e : out) {
            if (e instanceof RawEvent.KeyDown k) kept.add("down " + k.key());
            else if (e instanceof RawEvent.KeyUp k) kept.add("up " + k.key());
            else if (e instanceof RawEvent.Marker m) kept.add("marker " + m.kind());
        }
        assertEquals(List.of("down u", "up u", "marker redacted", "down shift", "up shift", "down tab", "up tab", "down n"), kept);
        assertEquals(4, gate.droppedEvents());
    }

    @Test
    void theOrderIsKeptWhileHolding() {
        arrive(0, browser(0, "hello", 0, null));
        arrive(10, down(10, "a", "a"));
        arrive(20, new RawEvent.MouseDown(20 * MS, W0 + 20, 5, 5, "left", 1, 0));
        arrive(30, down(30, "b", "b"));
        assertTrue(out.stream().noneMatch(e -> e instanceof RawEvent.KeyDown), "held for a while");
        assertEquals(270, gate.waitMillis(30 * MS, 1000));
        drain(400);
        assertEquals(4, out.size());
        assertTrue(out.get(1) instanceof RawEvent.KeyDown k && k.key().equals("a"));
        assertTrue(out.get(2) instanceof RawEvent.MouseDown);
        assertTrue(out.get(3) instanceof RawEvent.KeyDown k && k.key().equals("b"));
    }

    @Test
    void pastesIntoASensitiveFieldAreDropped() {
        arrive(0, browser(0, "sensitive_focus", 0, true));
        arrive(100, new RawEvent.Clipboard(100 * MS, W0 + 100, "paste", "hunter2", 7, false));
        arrive(110, new RawEvent.Clipboard(110 * MS, W0 + 110, "copy", "fine", 4, false));
        drain(1000);
        assertTrue(out.stream().noneMatch(e -> e instanceof RawEvent.Clipboard c && c.op().equals("paste")));
        assertTrue(out.stream().anyMatch(e -> e instanceof RawEvent.Clipboard c && c.op().equals("copy")), "copies say nothing typed");
    }

    @Test
    void aClosedBridgeEndsTheSensitiveField() {
        arrive(0, browser(0, "sensitive_focus", 0, true));
        ObjectNode d = Json.MAPPER.createObjectNode().put("state", "closed");
        arrive(500, BrowserEvents.browser(500 * MS, W0 + 500, "bridge", d));
        arrive(700, down(700, "x", "x"));
        drain(2000);
        assertEquals("x", typed());
    }

    @Test
    void pollAnyReleasesEverythingAtTheEnd() {
        arrive(0, browser(0, "hello", 0, null));
        arrive(10, down(10, "a", "a"));
        assertNull(gate.poll(20 * MS));
        assertNotNull(gate.pollAny());
        assertNotNull(gate.pollAny());
        assertNull(gate.pollAny());
    }
}
