package dev.understudy.privacy.gate;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.model.AppContext;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import dev.understudy.privacy.policy.Policy;
import dev.understudy.privacy.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fail-closed rule for browsers without a live bridge, through the whole gate. */
@Tag("unit")
@Timeout(30)
class UnbridgedBrowserTest {
    static final long BROWSER_PID = 4242;
    @TempDir Path tmp;
    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final List<RawEvent> stored = new ArrayList<>();
    PrivacyGate gate;

    /** A policy that allows Chromium as a plain app (no site list applies): the setting that opened the hole. */
    PrivacyGate gate(String policy) throws Exception {
        Path f = tmp.resolve("p.yaml");
        Files.writeString(f, policy);
        Policy p = PolicyLoader.load(f);
        gate = new PrivacyGate(p, new PauseSwitch(30, 120, System::currentTimeMillis), clock::get);
        return gate;
    }

    void feed(RawEvent e) {
        gate.admit(e, new PolicyGate.Output() {
            @Override
            public void live(RawEvent x) {}

            @Override
            public void store(RawEvent x) {
                stored.add(x);
            }
        });
    }

    void type(String s) {
        for (char c : s.toCharArray()) {
            long m = clock.addAndGet(40_000_000L);
            feed(new RawEvent.KeyDown(m, 0, 1000 + c, String.valueOf(c).toLowerCase(), String.valueOf(c), 0));
            feed(new RawEvent.KeyUp(m + 1, 0, 1000 + c, String.valueOf(c).toLowerCase(), 0));
        }
    }

    void key(String key) {
        long m = clock.addAndGet(40_000_000L);
        feed(new RawEvent.KeyDown(m, 0, 28, key, null, 0));
        feed(new RawEvent.KeyUp(m + 1, 0, 28, key, 0));
    }

    void focus(String name, String cls, long pid) {
        feed(new RawEvent.WindowFocus(clock.addAndGet(1000), 0, new AppContext(name, cls, "Sign in", pid, null, null)));
    }

    void bridge(String kind, long pid) {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("pid", pid);
        if (kind.equals("bridge")) d.put("state", "closed");
        feed(BrowserEvents.browser(clock.addAndGet(1000), 0, kind, d));
    }

    void finish() {
        gate.finish(clock.get(), 0, new PolicyGate.Output() {
            @Override
            public void live(RawEvent x) {}

            @Override
            public void store(RawEvent x) {
                stored.add(x);
            }
        });
    }

    String typed() {
        StringBuilder sb = new StringBuilder();
        for (RawEvent e : stored) if (e instanceof RawEvent.KeyDown k && k.ch() != null) sb.append(k.ch());
        return sb.toString();
    }

    List<String> withheldMarkers() {
        return stored.stream().filter(e -> e instanceof RawEvent.Marker m && m.kind() == UnbridgedBrowserGuard.MARKER)
                .map(e -> ((RawEvent.Marker) e).detail()).toList();
    }

    String json() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (RawEvent e : stored) sb.append(Json.MAPPER.writeValueAsString(e)).append('\n');
        return sb.toString();
    }

    static final String CHROMIUM_AS_APP = "version: 1\nname: chromium as an app\nallow_apps: [chromium, \"class:XTerm\"]\n";

    @Test
    void typingInABrowserWithoutABridgeIsWithheldAsOneCountedMarker() throws Exception {
        gate(CHROMIUM_AS_APP);
        focus("chromium", "Chromium", BROWSER_PID);
        assertNotNull(gate.unbridgedBrowser(), "status: browser not connected");
        type("Hunter2!x");
        key("enter");
        focus("xterm", "XTerm", 77);
        assertNull(gate.unbridgedBrowser());
        type("ls");
        key("enter");
        finish();
        assertEquals("ls", typed());
        assertEquals(List.of("no browser bridge, 9 keys"), withheldMarkers());
        assertFalse(json().contains("Hunter") || json().contains("\"h\""), json());
        // the enter that submitted the form is kept, and it comes after the marker
        int marker = indexOf(e -> e instanceof RawEvent.Marker m && m.kind() == UnbridgedBrowserGuard.MARKER);
        int enter = indexOf(e -> e instanceof RawEvent.KeyDown k && "enter".equals(k.key()));
        assertTrue(marker >= 0 && enter > marker, stored.toString());
        // no key-up of a withheld key is left either
        assertEquals(2, stored.stream().filter(e -> e instanceof RawEvent.KeyUp u && u.key().matches("[a-z]")).count(), stored.toString());
        assertEquals(9, gate.unbridgedKeysWithheld());
    }

    @Test
    void aLiveBridgeFromThatBrowserLetsTypingThroughUntilItCloses() throws Exception {
        gate(CHROMIUM_AS_APP);
        focus("chromium", "Chromium", BROWSER_PID);
        bridge("hello", 9999); // another browser's bridge does not count
        type("secret");
        key("tab");
        bridge("hello", BROWSER_PID);
        assertNull(gate.unbridgedBrowser());
        type("visible");
        key("tab");
        bridge("bridge", BROWSER_PID); // the extension was disabled: its native host went away
        assertNotNull(gate.unbridgedBrowser());
        type("Pa55word");
        finish();
        assertEquals("visible", typed());
        assertEquals(List.of("no browser bridge, 6 keys", "no browser bridge, 8 keys"), withheldMarkers());
        assertFalse(json().contains("secret") || json().contains("Pa55"), json());
    }

    @Test
    void aBrowserThePolicyDoesNotListIsStillRecognised() throws Exception {
        gate("version: 1\nname: t\nallow_apps: [\"class:Brave-browser\", firefox-esr]\n");
        focus("brave", "Brave-browser", 31);
        type("abc");
        focus("firefox-esr", "firefox-esr", 32);
        type("def");
        finish();
        assertEquals("", typed());
        assertEquals(List.of("no browser bridge, 3 keys", "no browser bridge, 3 keys"), withheldMarkers());
    }

    @Test
    void aPasteIntoAnUnbridgedBrowserIsStoredWithoutItsContent() throws Exception {
        gate(CHROMIUM_AS_APP);
        focus("chromium", "Chromium", BROWSER_PID);
        feed(new RawEvent.KeyDown(clock.addAndGet(1000), 0, 47, "v", "v", 2));
        feed(new RawEvent.Clipboard(clock.addAndGet(1000), 0, "paste", "correct horse battery", 21, false));
        finish();
        RawEvent.Clipboard c = (RawEvent.Clipboard) stored.stream().filter(e -> e instanceof RawEvent.Clipboard).findFirst().orElseThrow();
        assertEquals("paste", c.op());
        assertNull(c.text());
        assertFalse(json().contains("horse"), json());
    }

    @Test
    void aRunOfWithheldKeysEndsWhenTypingGoesIdle() throws Exception {
        gate(CHROMIUM_AS_APP);
        focus("chromium", "Chromium", BROWSER_PID);
        type("abcd");
        gate.tick(clock.addAndGet(1_200_000_000L), 0, new PolicyGate.Output() {
            @Override
            public void live(RawEvent x) {}

            @Override
            public void store(RawEvent x) {
                stored.add(x);
            }
        });
        type("ef");
        finish();
        assertEquals(List.of("no browser bridge, 4 keys", "no browser bridge, 2 keys"), withheldMarkers());
    }

    @Test
    void nonBrowserAppsAreUnaffected() throws Exception {
        gate(CHROMIUM_AS_APP);
        focus("xterm", "XTerm", 77);
        assertNull(gate.unbridgedBrowser());
        type("echo hi");
        finish();
        assertEquals("echo hi", typed());
        assertTrue(withheldMarkers().isEmpty());
    }

    private int indexOf(java.util.function.Predicate<RawEvent> p) {
        for (int i = 0; i < stored.size(); i++) if (p.test(stored.get(i))) return i;
        return -1;
    }
}
