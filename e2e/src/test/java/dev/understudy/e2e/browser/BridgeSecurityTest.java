package dev.understudy.e2e.browser;

import org.junit.jupiter.api.Tag;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.browser.BridgeFiles;
import dev.understudy.browser.BridgeProtocol;
import dev.understudy.demo.BrowserProcess;
import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.SiteServer;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.demo.Xdo;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import dev.understudy.trace.DataDir;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The bridge's security and robustness with a real browser: one Chromium (extension loaded, bridge
 * installed for its profile) stays up while recorders come and go on the same data directory.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeSecurityTest {
    static final String CONNECTED = "bridge: a browser connected";

    Path tmp;
    Path data;
    VirtualDesktop desktop;
    SiteServer site;
    BrowserProcess browser;
    Xdo xdo;

    @BeforeAll
    void startBrowser() throws Exception {
        BrowserTests.assumeBrowser();
        tmp = Files.createTempDirectory("us-bridge");
        data = tmp.resolve("data");
        desktop = VirtualDesktop.start(BrowserProcess.WIDTH, BrowserProcess.HEIGHT);
        site = SiteServer.start("/dev/understudy/e2e/browser/site/");
        xdo = new Xdo(desktop, 20);
        browser = BrowserProcess.start(desktop, data, site.url("attack.html"));
        site.awaitReport("attack", 60_000); // the page ran (before any recorder: nothing to see yet)
        String win = xdo.run("search", "--sync", "--onlyvisible", "--name", "Attack · Acme Desk").lines().findFirst().orElseThrow().trim();
        xdo.activate(win);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) browser.close();
        if (site != null) site.close();
        if (desktop != null) desktop.close();
        if (tmp != null) BrowserTests.deleteTree(tmp);
    }

    /** A recorder on the data directory, once the browser's native host has connected to it. */
    RecorderProcess recorder() throws Exception {
        RecorderProcess rec = RecorderProcess.start(desktop, data);
        awaitStderr(rec, CONNECTED, 1);
        return rec;
    }

    static void awaitStderr(RecorderProcess rec, String text, int times) throws Exception {
        try {
            await("the recorder to say '" + text + "'" + (times > 1 ? " " + times + " times" : "")).atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50)).pollInSameThread().dontCatchUncaughtExceptions()
                    .until(() -> count(rec.stderr(), text) >= times);
        } catch (ConditionTimeoutException e) {
            fail("the recorder never said '" + text + "': " + rec.stderr(), e);
        }
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }

    /** A real click on the page's canary button; waits until the page counted it. */
    void clickCanary() throws Exception {
        SiteServer.Layout l = calibrated();
        double[] o = l.origin();
        double[] r = l.rect("canary");
        int x = (int) Math.round(o[0] + r[0] + r[2] / 2);
        int y = (int) Math.round(o[1] + r[1] + r[3] / 2);
        String want = String.valueOf(Integer.parseInt(l.text("count")) + 1);
        double load = l.loadTime();
        xdo.clickAt(x, y);
        site.awaitLayout("attack.html", "top", p -> p.loadTime() == load && want.equals(p.text("count")), 20_000);
    }

    SiteServer.Layout calibrated() throws Exception {
        SiteServer.Layout l = site.latest("attack.html", "top");
        if (l != null && l.origin() != null && l.text("count") != null) return l;
        long moved = System.currentTimeMillis();
        xdo.moveTo(BrowserProcess.WIDTH - 80, BrowserProcess.HEIGHT - 140);
        xdo.moveTo(BrowserProcess.WIDTH - 81, BrowserProcess.HEIGHT - 141);
        return site.awaitLayout("attack.html", "top", p -> p.origin() != null && p.originTime() >= moved, 20_000);
    }

    static List<RawEvent.Browser> browserEvents(List<RawEvent> events, String kind) {
        List<RawEvent.Browser> out = new ArrayList<>();
        for (RawEvent e : events) if (e instanceof RawEvent.Browser b && b.kind().equals(kind)) out.add(b);
        return out;
    }

    @Test
    void aWebPageCannotReachTheBridgeNorForgeEvents() throws Exception {
        List<RawEvent> events;
        try (RecorderProcess rec = recorder()) {
            // reload the attack page while the recorder listens
            double before = site.latest("attack.html", "top").loadTime();
            xdo.key("F5");
            JsonNode r = awaitFreshAttackReport(before);
            assertEquals("undefined", r.path("sendNativeMessage").asText(), r.toString());
            assertEquals("undefined", r.path("connectNative").asText(), r.toString());
            assertTrue(r.path("connect").asText().startsWith("threw"), "runtime.connect to the extension: " + r);
            assertTrue(r.path("sendMessage").asText().startsWith("threw"), "runtime.sendMessage to the extension: " + r);
            // a real click afterwards arrives, so the forged ones would have too
            clickCanary();
            events = rec.awaitEvent(e -> e instanceof RawEvent.Browser b && b.kind().equals("pointer")
                    && "Canary".equals(dev.understudy.e2e.StoredJson.data(b).at("/target/name").asText()), 20_000);
            assertEquals(0, rec.stop(), rec.stderr());
            assertFalse(rec.stderr().contains("bridge: rejected"), rec.stderr());
        }
        for (String kind : List.of("pointer", "input", "select", "change")) {
            for (RawEvent.Browser b : browserEvents(events, kind)) {
                String sel = dev.understudy.e2e.StoredJson.data(b).at("/target/selector").asText();
                assertFalse(sel.equals("#bait") || sel.equals("#field") || sel.equals("#sel"), "forged " + kind + " stored: " + dev.understudy.e2e.StoredJson.data(b));
            }
        }
        assertEquals(1, browserEvents(events, "pointer").size(), "only the real click");
    }

    JsonNode awaitFreshAttackReport(double before) throws Exception {
        // the page reports again after the reload: wait for a layout report of the new load
        site.awaitLayout("attack.html", "top", l -> l.loadTime() > before && l.text("result") != null && !l.text("result").isEmpty(), 20_000);
        return Json.MAPPER.readTree(site.latest("attack.html", "top").text("result"));
    }

    @Test
    void aRecorderThatRestartsGetsTheBrowserBackAndNoEventsFromWhileItWasDown() throws Exception {
        String first;
        try (RecorderProcess a = recorder()) {
            first = a.sessionId();
            clickCanary();
            a.awaitEvent(e -> e instanceof RawEvent.Browser b && b.kind().equals("pointer"), 20_000);
            assertEquals(0, a.stop(), a.stderr());
        }
        long downAt = System.currentTimeMillis();
        clickCanary(); // no recorder: the extension keeps these...
        clickCanary();
        long upAt;
        String second;
        String stderr;
        List<RawEvent> events;
        try (RecorderProcess b = RecorderProcess.start(desktop, data)) {
            upAt = System.currentTimeMillis();
            second = b.sessionId();
            awaitStderr(b, CONNECTED, 1); // ...and delivers them once the host reconnects
            clickCanary();
            events = b.awaitEvent(e -> e instanceof RawEvent.Browser x && x.kind().equals("pointer"), 20_000);
            assertEquals(0, b.stop(), b.stderr());
            stderr = b.stderr();
        }
        assertNotEquals(first, second);
        // the clicks made while no recorder ran were buffered, delivered, and refused as older than the session
        assertTrue(stderr.contains("dropping browser events from before this session started"), stderr);
        for (RawEvent.Browser p : browserEvents(events, "pointer")) {
            assertTrue(dev.understudy.e2e.StoredJson.data(p).path("t").asDouble() >= upAt - 5000 && dev.understudy.e2e.StoredJson.data(p).path("t").asDouble() > downAt, dev.understudy.e2e.StoredJson.data(p).toString());
        }
        assertEquals(1, browserEvents(events, "pointer").size(), "only the click made after the restart");
        List<RawEvent> firstEvents = DataDir.at(data).open(first).events();
        assertEquals(1, browserEvents(firstEvents, "pointer").size(), "the first session got only its own click");
    }

    @Test
    void garbageAndOversizedMessagesAreRejectedAndTheRecorderGoesOn() throws Exception {
        Path host = BridgeProtocol.bridgeDir(data).resolve("native-host");
        assertTrue(Files.isExecutable(host), "installed by understudy browser");
        // 1. the host refuses any caller but the extension
        Process wrong = new ProcessBuilder(host.toString(), "chrome-extension://abcdefghijklmnopabcdefghijklmnop/").redirectErrorStream(true).start();
        wrong.getOutputStream().close();
        assertTrue(wrong.waitFor(30, TimeUnit.SECONDS));
        assertEquals(3, wrong.exitValue());
        assertTrue(new String(wrong.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("refusing caller"));

        try (RecorderProcess rec = recorder()) {
            // 2. straight to the socket, without the pairing key
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(BridgeProtocol.socketPath(data)));
                BridgeProtocol.writeFrame(ch, "{\"v\":1,\"kind\":\"pointer\"}".getBytes(StandardCharsets.UTF_8));
                assertEquals("unpaired", reply(ch).path("reject").asText());
            }
            // 3. through the real host, as Chrome would talk to it: garbage, oversized, a valid message
            Process p = new ProcessBuilder(host.toString(), BridgeProtocol.ORIGIN).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                DataInputStream in = new DataInputStream(p.getInputStream());
                OutputStream out = p.getOutputStream();
                assertEquals("live", awaitFromHost(in, m -> m.has("status") && "live".equals(m.path("status").asText())).path("status").asText());
                toHost(out, "certainly not json".getBytes(StandardCharsets.UTF_8));
                assertEquals("malformed", awaitFromHost(in, m -> m.has("reject")).path("reject").asText());
                byte[] big = new byte[BridgeProtocol.MAX_FRAME + 1000];
                java.util.Arrays.fill(big, (byte) ' ');
                toHost(out, big);
                assertEquals("oversized", awaitFromHost(in, m -> m.has("reject")).path("reject").asText());
                toHost(out, ("{\"v\":1,\"sid\":\"garbage-test\",\"n\":1,\"kind\":\"submit\",\"t\":" + System.currentTimeMillis()
                        + ",\"target\":{\"tag\":\"form\"},\"unexpected\":{\"deep\":[1,2,3]}}").getBytes(StandardCharsets.UTF_8));
                assertTrue(awaitFromHost(in, m -> m.path("delivered").asLong() >= 3).path("delivered").asLong() >= 3);
            } finally {
                p.getOutputStream().close();
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the host exits when its input closes");
            }
            // 4. the recorder still records the browser
            clickCanary();
            rec.awaitEvent(e -> e instanceof RawEvent.Browser b && b.kind().equals("pointer"), 20_000);
            assertEquals(0, rec.stop(), rec.stderr());
            String err = rec.stderr();
            // one line per rejection (rate-limited per reason)
            assertTrue(err.contains("bridge: rejected a message (unpaired)"), err);
            assertTrue(err.contains("bridge: rejected a message (malformed)"), err);
        }
        // the pairing key is private to this user
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(BridgeProtocol.bridgeDir(data).resolve(BridgeProtocol.PAIRING_KEY))));
        assertNotNull(BridgeFiles.readKey(BridgeProtocol.bridgeDir(data)));
    }

    static JsonNode reply(SocketChannel ch) throws IOException {
        long n = BridgeProtocol.readLength(ch);
        return Json.MAPPER.readTree(BridgeProtocol.readBytes(ch, (int) n));
    }

    static void toHost(OutputStream out, byte[] msg) throws IOException {
        out.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(msg.length).array());
        out.write(msg);
        out.flush();
    }

    /** Reads the host's messages to the browser until one matches. */
    static JsonNode awaitFromHost(DataInputStream in, java.util.function.Predicate<JsonNode> p) throws Exception {
        java.util.concurrent.CompletableFuture<JsonNode> f = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                while (true) {
                    byte[] len = new byte[4];
                    in.readFully(len);
                    byte[] b = new byte[ByteBuffer.wrap(len).order(ByteOrder.nativeOrder()).getInt()];
                    in.readFully(b);
                    JsonNode m = Json.MAPPER.readTree(b);
                    if (p.test(m)) return m;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }
}
