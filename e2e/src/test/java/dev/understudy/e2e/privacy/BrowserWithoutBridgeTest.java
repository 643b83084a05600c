package dev.understudy.e2e.privacy;

import org.junit.jupiter.api.Tag;
import static dev.understudy.e2e.privacy.PrivacyHarness.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.browser.BridgeInstaller;
import dev.understudy.browser.BrowserLauncher;
import dev.understudy.browser.ExtensionFiles;
import dev.understudy.browser.BridgeProtocol;
import dev.understudy.demo.BrowserProcess;
import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.SiteServer;
import dev.understudy.demo.Processes;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.demo.WebWorkflow;
import dev.understudy.demo.Xdo;
import dev.understudy.e2e.browser.BrowserTests;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import java.io.IOException;
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
import org.junit.jupiter.api.Timeout;

/**
 * Fail closed in a browser the recorder cannot see into (docs/privacy.md, "Browsers without the
 * bridge"): real Chromium on a real Xvfb desktop, the demo site's sign-in page, the password typed
 * through XTEST, a policy that allows Chromium as an app (so nothing but the new rule stands
 * between the password and the disk). Three ways a worker ends up without a bridge: no extension,
 * the extension with its bridge installed for another data directory, and the extension switched
 * off while recording. In each, the password is in no byte of the data directory (compressed data
 * included), of the decrypted trace, of any export or of the viewer; `status` says why typing is
 * not recorded and how to fix it.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BrowserWithoutBridgeTest {
    static final String CHROMIUM_AS_APP = """
            version: 1
            name: e2e chromium allowed as an app
            allow_apps: [chromium, "class:Chromium*"]
            """;
    static final List<String> NEEDLES = List.of(WebWorkflow.PASSWORD, "Tr0ub4dor", "3-Horse");

    Path tmp;
    VirtualDesktop desktop;
    SiteServer site;
    Xdo xdo;

    @BeforeAll
    void desktop() throws Exception {
        BrowserTests.assumeBrowser();
        tmp = Files.createTempDirectory("us-nobridge");
        desktop = VirtualDesktop.start(BrowserProcess.WIDTH, BrowserProcess.HEIGHT);
        site = SiteServer.start();
        xdo = new Xdo(desktop, 30);
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (site != null) site.close();
        if (desktop != null) desktop.close();
        if (tmp != null && System.getenv("UNDERSTUDY_KEEP_TMP") == null) deleteTree(tmp);
    }

    @Test
    void chromiumWithoutTheExtension() throws Exception {
        Path data = tmp.resolve("no-ext/data");
        Path profile = tmp.resolve("no-ext/profile");
        Outcome o = record(data, profile, false, null, false);
        assertTrue(o.status.contains("browser not connected: typing not recorded; fix: ./understudy install-browser-bridge --data "
                + data.toAbsolutePath().normalize() + " --user-data-dir " + profile.toAbsolutePath()), o.status);
        assertFalse(typed(o.events).contains(WebWorkflow.USER), "nothing typed in the browser is stored: " + typed(o.events));
        o.assertPasswordStoredNowhere();
    }

    @Test
    void chromiumWithTheExtensionButItsBridgeSendsToAnotherDataDirectory() throws Exception {
        Path data = tmp.resolve("other/data");
        Path other = tmp.resolve("other/elsewhere");
        Path profile = tmp.resolve("other/profile");
        Outcome o = record(data, profile, true, other, false);
        assertTrue(o.status.contains("browser not connected: typing not recorded; its bridge is installed for another data directory ("
                + other.toAbsolutePath().normalize() + ")"), o.status);
        assertTrue(o.status.contains("fix: ./understudy install-browser-bridge --data " + data.toAbsolutePath().normalize()), o.status);
        assertFalse(typed(o.events).contains(WebWorkflow.USER), typed(o.events));
        o.assertPasswordStoredNowhere();
        // and install-browser-bridge names the mix-up when it is run for this directory
        String out = cli("install-browser-bridge", "--data", data.toString(), "--user-data-dir", profile.toString());
        assertTrue(out.lines().anyMatch(l -> l.startsWith("note: this browser's bridge was installed for another data directory ("
                + other.toAbsolutePath().normalize() + ")")), out);
    }

    @Test
    void chromiumWithTheExtensionSwitchedOffWhileRecording() throws Exception {
        Path data = tmp.resolve("disabled/data");
        Path profile = tmp.resolve("disabled/profile");
        Outcome o = record(data, profile, true, null, true);
        assertTrue(o.status.contains("the bridge is installed but the Understudy extension is not loaded or is disabled"), o.status);
        StringBuilder keys = new StringBuilder();
        for (RawEvent e : o.events) if (e instanceof RawEvent.KeyDown k && k.ch() != null) keys.append(k.ch());
        assertTrue(keys.toString().contains("typed while connected"), "typing went through while the bridge was live: " + keys);
        o.assertPasswordStoredNowhere();
    }

    // ---- one recording

    final class Outcome {
        final Path data;
        final Path exports;
        final String status;
        final List<RawEvent> events;

        Outcome(Path data, Path exports, String status, List<RawEvent> events) {
            this.data = data;
            this.exports = exports;
            this.status = status;
            this.events = events;
        }

        void assertPasswordStoredNowhere() throws Exception {
            List<String> withheld = markers(events).stream().filter(m -> m.startsWith("input_withheld:no browser bridge")).toList();
            assertFalse(withheld.isEmpty(), "a content-free marker says typing was withheld: " + markers(events));
            int keys = withheldKeys(events);
            assertTrue(keys >= WebWorkflow.PASSWORD.length(), "the marker counts the keys: " + withheld);
            StringBuilder trace = new StringBuilder();
            for (RawEvent e : events) trace.append(Json.MAPPER.writeValueAsString(e)).append('\n');
            for (String n : NEEDLES) assertFalse(trace.toString().contains(n), n + " in the decrypted trace");
            List<String> hits = new ArrayList<>(Leaks.find(data, NEEDLES));
            hits.addAll(Leaks.find(exports, NEEDLES));
            assertTrue(hits.isEmpty(), "the password was stored: " + hits);
            assertTrue(Files.size(exports.resolve("steps/steps.jsonl")) > 0 && Files.size(exports.resolve("viewer.html")) > 0,
                    "the exports the search covered are there");
        }
    }

    /**
     * Records the sign-in page in Chromium (with or without the extension; its bridge installed for
     * {@code bridgeData}, or for {@code data} when null), types the credentials, stops, exports in
     * every format and writes the viewer. {@code disableMidway}: the bridge is live first (text typed
     * then is stored), then the extension is switched off and the credentials are typed.
     */
    Outcome record(Path data, Path profile, boolean extension, Path bridgeData, boolean disableMidway) throws Exception {
        Files.createDirectories(profile);
        Path policy = PrivacyHarness.policy(data.getParent(), CHROMIUM_AS_APP);
        Path ext = ExtensionFiles.extract(ExtensionFiles.defaultDir(data.toAbsolutePath()));
        if (extension) BridgeInstaller.install("chromium", profile, bridgeData != null ? bridgeData : data);
        WebWorkflow wf = new WebWorkflow(desktop, xdo, site);
        String status;
        String session;
        try (RecorderProcess rec = RecorderProcess.start(desktop, data, "--policy", policy.toString())) {
            session = rec.sessionId();
            Process browser = startChromium(profile, extension ? ext : null, disableMidway, wf.startUrl());
            try {
                wf.awaitStart();
                if (disableMidway) {
                    awaitStderr(rec, "bridge: a browser connected", 60_000);
                    wf.clickUsername();
                    xdo.type("typed while connected");
                    rec.awaitEvents(ev -> typed(ev).contains("typed while connected"), 20_000);
                    xdo.key("ctrl+a");
                    xdo.key("BackSpace");
                    String r = DevTools.of(profile, 30_000).disableExtension(BridgeProtocol.EXTENSION_ID);
                    assertEquals("ok", r, "chrome.management.setEnabled");
                    rec.awaitEvent(e -> e instanceof RawEvent.Browser b && "bridge".equals(b.kind())
                            && "closed".equals(dev.understudy.e2e.StoredJson.data(b).path("state").asText()), 30_000);
                    wf.awaitStart(); // the sign-in tab is in front again
                }
                try {
                    status = awaitStatus(data, "browser not connected: typing not recorded", 30_000);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\nwindows stored: " + rec.awaitEvents(ev -> true, 1000).stream()
                            .filter(x -> x instanceof RawEvent.WindowFocus).toList() + "\nactive: " + xdo.activeWindowName() + " " + Processes.output(desktop.env(new ProcessBuilder("sh", "-c",
                            "w=$(xdotool getactivewindow); xprop -id $w WM_CLASS _NET_WM_PID; p=$(xprop -id $w _NET_WM_PID | awk '{print $3}');"
                            + " cat /proc/$p/comm; ls -l /proc/$p/exe")), 5000) + "\n" + rec.stderr(), e);
                }
                wf.typeCredentials();
                // the user name and the password, in one run of withheld keys or several (typing can stall
                // for more than the 1-s idle that ends a run on a loaded machine)
                int typedKeys = WebWorkflow.USER.length() + WebWorkflow.PASSWORD.length();
                rec.awaitEvents(ev -> withheldKeys(ev) >= typedKeys, 20_000);
            } finally {
                stopChromium(browser);
            }
            assertEquals(0, rec.stop(), "recorder exit code; stderr: " + rec.stderr());
        }
        Path exports = data.getParent().resolve("exports");
        for (String f : List.of("steps", "agentnet", "osworld", "mind2web")) {
            cli("export", "--data", data.toString(), "--out", exports.resolve(f).toString(), "--session", session, "--format", f);
        }
        cli("view", "--data", data.toString(), "--session", session, "--out", exports.resolve("viewer.html").toString());
        return new Outcome(data, exports, status, events(data));
    }

    private Process startChromium(Path profile, Path extension, boolean devtools, String url) throws IOException {
        Path bin = BrowserLauncher.find("chromium");
        assertNotNull(bin, "Chromium is installed");
        List<String> cmd = new ArrayList<>(BrowserLauncher.command(bin, profile, extension != null ? extension : profile, url,
                "0,0", BrowserProcess.WIDTH + "," + BrowserProcess.HEIGHT));
        if (extension == null) cmd.removeIf(a -> a.startsWith("--load-extension=") || a.startsWith("--disable-extensions-except="));
        if (devtools) cmd.add(1, "--remote-debugging-port=0");
        return Processes.start(desktop.env(new ProcessBuilder(cmd)).redirectErrorStream(true)
                .redirectOutput(profile.resolveSibling("browser.log").toFile()), "chromium");
    }

    /** Keys the recorder withheld in browsers without a bridge, from its content-free markers. */
    static int withheldKeys(List<RawEvent> events) {
        return markers(events).stream().filter(m -> m.startsWith("input_withheld:no browser bridge"))
                .mapToInt(m -> Integer.parseInt(m.replaceAll(".*, (\\d+) keys?$", "$1"))).sum();
    }

    private static void awaitStderr(RecorderProcess rec, String text, long timeoutMillis) {
        try {
            await("the recorder to say \"" + text + "\"").atMost(Duration.ofMillis(timeoutMillis)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20)).pollInSameThread().dontCatchUncaughtExceptions()
                    .until(() -> rec.stderr().contains(text));
        } catch (ConditionTimeoutException e) {
            fail("the recorder never said \"" + text + "\": " + rec.stderr(), e);
        }
    }

    private static void stopChromium(Process p) throws InterruptedException {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
