package dev.understudy.e2e.privacy;

import org.junit.jupiter.api.Tag;
import static dev.understudy.e2e.privacy.PrivacyHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.demo.BrowserProcess;
import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.SiteServer;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.demo.Xdo;
import dev.understudy.e2e.browser.BrowserTests;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import dev.understudy.privacy.screen.FrameMasker;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A webmail conversation with a correspondent abroad, in real Chromium with the real extension: the
 * extension's page scan names the sender, the recorder suspends capture for that conversation, and
 * neither its pixels, nor its address, subject or the reply typed into it are stored. The
 * conversation with a colleague at home is recorded, with the sender's address covered in the
 * frames by the page's own text boxes.
 */
@Tag("e2e")
class WebCorrespondentsAbroadTest {
    static final int AMY_BANNER = 0x10b0b0;
    static final int LENA_BANNER = 0xe000e0;
    static final int INBOX = 0xf0c000;
    static final long WAIT_MS = 30_000;

    /** The default policy, the test site allowed, and Swiss correspondents protected. */
    static final String POLICY = """
            version: 1
            extends: default
            allow_urls:
              - 127.0.0.1
            correspondents:
              jurisdictions: [CH]
            """;

    @TempDir Path tmp;

    @Test
    void aConversationWithACorrespondentAbroadIsNeverCaptured() throws Exception {
        BrowserTests.assumeBrowser();
        Path data = tmp.resolve("data");
        Path policy = policy(tmp, POLICY);
        int[] amySender;
        try (VirtualDesktop desktop = VirtualDesktop.start(BrowserProcess.WIDTH, BrowserProcess.HEIGHT);
             SiteServer site = SiteServer.start("/dev/understudy/e2e/site/")) {
            Xdo xdo = new Xdo(desktop, 30);
            try (RecorderProcess rec = RecorderProcess.start(desktop, data, "--policy", policy.toString());
                 BrowserProcess browser = BrowserProcess.start(desktop, data, site.url("inbox.html"))) {
                activateBrowser(xdo, "Inbox · Acme Mail");
                // the inbox lists a message from a correspondent in Switzerland: not captured
                awaitStatus(data, "suspended (correspondent abroad)", WAIT_MS);
                SiteServer.Layout inbox = pointerKnown(site, xdo, l -> visible(l, "open-amy"));

                // a colleague at home: recorded
                click(xdo, inbox, "open-amy");
                SiteServer.Layout amy = site.awaitLayout("inbox.html", "top", l -> sender(l).contains("amy.park@"), WAIT_MS);
                amySender = center(amy, "sender");
                awaitStatus(data, "recording", WAIT_MS);
                typeInto(site, xdo, amy, "reply", "see you at the review");
                rec.awaitEvents(ev -> typed(ev).contains("see you at the review") && framesAfterText(ev, "see you at the review") > 0, WAIT_MS);

                // a correspondent in Switzerland: suspended while the conversation shows
                click(xdo, latest(site, amy), "back");
                inbox = site.awaitLayout("inbox.html", "top", l -> visible(l, "open-lena"), WAIT_MS);
                click(xdo, inbox, "open-lena");
                SiteServer.Layout lena = site.awaitLayout("inbox.html", "top", l -> sender(l).contains("basel.example.ch"), WAIT_MS);
                awaitStatus(data, "suspended (correspondent abroad)", WAIT_MS);
                long refused = grabsWithheld(data);
                typeInto(site, xdo, lena, "reply", "gruezi mitenand");
                // the grabs that would store this conversation (input onset, then the settle after
                // the typing) happen, and the gate refuses them: the check below is not vacuous
                awaitGrabsWithheld(data, refused + 2);

                // back through the inbox to the colleague at home: recorded again
                click(xdo, latest(site, lena), "back");
                inbox = site.awaitLayout("inbox.html", "top", l -> visible(l, "open-amy"), WAIT_MS);
                click(xdo, inbox, "open-amy");
                amy = site.awaitLayout("inbox.html", "top", l -> sender(l).contains("amy.park@"), WAIT_MS);
                awaitStatus(data, "recording", WAIT_MS);
                typeInto(site, xdo, amy, "reply", "thanks all");
                rec.awaitEvents(ev -> typed(ev).contains("thanks all") && framesAfterText(ev, "thanks all") > 0, WAIT_MS);
                assertEquals(0, rec.stop(), rec.stderr());
            }
        }
        List<RawEvent> ev = assertConversationAbroadWithheld(data, List.of("msg-lena", "basel.example", "Lena", "Basel", "Offer for the"),
                List.of(LENA_BANNER, INBOX), amySender, "web");
        assertFalse(ev.stream().anyMatch(e -> e instanceof RawEvent.Browser b && "page".equals(b.kind())), "page scans are never stored");
    }

    @Test
    void aChatThatOpensAConversationWithoutANewUrlIsSuspendedBeforeItsFramesAreKept() throws Exception {
        BrowserTests.assumeBrowser();
        Path data = tmp.resolve("data");
        Path policy = policy(tmp, POLICY);
        try (VirtualDesktop desktop = VirtualDesktop.start(BrowserProcess.WIDTH, BrowserProcess.HEIGHT);
             SiteServer site = SiteServer.start("/dev/understudy/e2e/site/")) {
            Xdo xdo = new Xdo(desktop, 30);
            try (RecorderProcess rec = RecorderProcess.start(desktop, data, "--policy", policy.toString());
                 BrowserProcess browser = BrowserProcess.start(desktop, data, site.url("chat.html"))) {
                activateBrowser(xdo, "Chat · Acme Mail");
                awaitStatus(data, "recording", WAIT_MS);
                SiteServer.Layout page = pointerKnown(site, xdo, "chat.html", l -> visible(l, "chat-amy"));

                click(xdo, page, "chat-amy");
                page = site.awaitLayout("chat.html", "top", l -> "Amy Park".equals(l.text("with")) && visible(l, "say"), WAIT_MS);
                typeInto(site, xdo, page, "say", "see you at the review");
                rec.awaitEvents(ev -> typed(ev).contains("see you at the review") && framesAfterText(ev, "see you at the review") > 0, WAIT_MS);

                click(xdo, latest(site, page), "chat-lena");
                page = site.awaitLayout("chat.html", "top", l -> "Lena Vogel".equals(l.text("with")), WAIT_MS);
                awaitStatus(data, "suspended (correspondent abroad)", WAIT_MS);
                long refused = grabsWithheld(data);
                typeInto(site, xdo, page, "say", "gruezi mitenand");
                awaitGrabsWithheld(data, refused + 2); // the grabs that would keep this conversation, refused

                click(xdo, latest(site, page), "chat-amy");
                page = site.awaitLayout("chat.html", "top", l -> "Amy Park".equals(l.text("with")), WAIT_MS);
                awaitStatus(data, "recording", WAIT_MS);
                typeInto(site, xdo, page, "say", "thanks all");
                rec.awaitEvents(ev -> typed(ev).contains("thanks all") && framesAfterText(ev, "thanks all") > 0, WAIT_MS);
                assertEquals(0, rec.stop(), rec.stderr());
            }
        }
        assertConversationAbroadWithheld(data, List.of("basel.example"), List.of(LENA_BANNER), null, "single-page chat");
    }

    /**
     * What both recordings must show: the replies at home typed and stored, the one abroad not; a
     * {@code correspondent abroad} suspension; none of {@code secrets} in any stored event; no frame
     * with any of the {@code withheld} colours; at least two frames of the conversation at home, with
     * {@code masked} (a point on the sender's address, or null) covered in each.
     */
    static List<RawEvent> assertConversationAbroadWithheld(Path data, List<String> secrets, List<Integer> withheld, int[] masked, String label)
            throws Exception {
        DataDir dd = DataDir.at(data);
        SessionReader r = dd.open(dd.latestSessionId());
        List<RawEvent> ev = r.events();
        String typed = typed(ev);
        assertTrue(typed.contains("see you at the review") && typed.contains("thanks all"), typed);
        assertFalse(typed.contains("gruezi"), "typed while the conversation abroad showed: " + typed);
        assertTrue(markers(ev).contains("suspended:correspondent abroad"), markers(ev).toString());
        for (RawEvent e : ev) {
            String json = Json.MAPPER.writeValueAsString(e);
            for (String secret : secrets) {
                assertFalse(json.contains(secret), "stored \"" + secret + "\" in " + json + "\ntimeline:\n" + timeline(ev));
            }
        }
        int homeFrames = 0;
        List<String> leaks = new ArrayList<>();
        for (RawEvent e : ev) {
            if (!(e instanceof RawEvent.Frame f)) continue;
            BufferedImage img = r.frames().read(f.id());
            if (withheld.stream().anyMatch(c -> count(img, c) > 0)) leaks.add(f.id());
            if (count(img, AMY_BANNER) > 5000) {
                homeFrames++;
                if (masked != null) {
                    assertEquals(FrameMasker.MASK_RGB, img.getRGB(masked[0], masked[1]) & 0xFFFFFF,
                            "the sender's address is covered in frame " + f.id() + " (from the page's text boxes)");
                }
            }
        }
        assertTrue(leaks.isEmpty(), "frames showing what is withheld: " + leaks + "\n" + timeline(ev));
        assertTrue(homeFrames >= 2, "frames of the conversation at home: " + homeFrames);
        System.out.println("correspondents abroad (" + label + "): " + homeFrames + " frames of the allowed conversation, 0 of the other");
        return ev;
    }

    // ------------------------------------------------------------------ helpers

    /** Moves the pointer over the page so it learns where its viewport is, then waits for that layout. */
    static SiteServer.Layout pointerKnown(SiteServer site, Xdo xdo, Predicate<SiteServer.Layout> p) throws Exception {
        return pointerKnown(site, xdo, "inbox.html", p);
    }

    static SiteServer.Layout pointerKnown(SiteServer site, Xdo xdo, String pageName, Predicate<SiteServer.Layout> p) throws Exception {
        long moved = System.currentTimeMillis();
        xdo.moveTo(BrowserProcess.WIDTH - 80, BrowserProcess.HEIGHT - 140);
        xdo.moveTo(BrowserProcess.WIDTH - 81, BrowserProcess.HEIGHT - 141);
        return site.awaitLayout(pageName, "top", l -> l.origin() != null && l.originTime() >= moved && p.test(l), WAIT_MS);
    }

    static SiteServer.Layout latest(SiteServer site, SiteServer.Layout l) {
        SiteServer.Layout now = site.latest(l.page(), l.frame());
        return now != null && now.origin() != null ? now : l;
    }

    /** Clicks the page's field, waits for its focus, types, and waits until the page holds the text. */
    static void typeInto(SiteServer site, Xdo xdo, SiteServer.Layout l, String field, String text) throws Exception {
        click(xdo, latest(site, l), field);
        site.awaitLayout(l.page(), "top", x -> field.equals(x.json().path("focus").asText()), WAIT_MS);
        xdo.type(text);
        site.awaitLayout(l.page(), "top", x -> text.equals(x.value(field)), WAIT_MS);
    }

    /** The browser window whose title starts with {@code title}, once shown, made active. */
    static void activateBrowser(Xdo xdo, String title) throws Exception {
        String win = xdo.run("search", "--sync", "--onlyvisible", "--name", title).lines().findFirst()
                .orElseThrow(() -> new IOException("no browser window")).trim();
        xdo.activate(win);
    }

    static void click(Xdo xdo, SiteServer.Layout l, String id) throws Exception {
        int[] c = center(l, id);
        xdo.clickAt(c[0], c[1]);
    }

    static int[] center(SiteServer.Layout l, String id) {
        double[] o = l.origin();
        double[] r = l.rect(id);
        if (o == null || r == null) throw new IllegalStateException("no layout for " + id);
        return new int[] {(int) Math.round(o[0] + r[0] + r[2] / 2), (int) Math.round(o[1] + r[1] + r[3] / 2)};
    }

    static boolean visible(SiteServer.Layout l, String id) {
        double[] r = l.rect(id);
        return r != null && r[2] > 0 && r[3] > 0;
    }

    static String sender(SiteServer.Layout l) {
        String s = l.text("sender");
        return s == null ? "" : s;
    }

    /** Frames stored after the key-down that completed {@code text}. */
    static long framesAfterText(List<RawEvent> ev, String text) {
        long done = Long.MAX_VALUE;
        StringBuilder sb = new StringBuilder();
        for (RawEvent e : ev) {
            if (e instanceof RawEvent.KeyDown k && k.ch() != null) {
                sb.append(k.ch());
                if (done == Long.MAX_VALUE && sb.toString().endsWith(text)) done = k.mono();
            }
        }
        final long after = done;
        return ev.stream().filter(e -> e instanceof RawEvent.Frame f && f.mono() > after).count();
    }

    /** Context changes, markers and frames in stored order: what a failure message needs. */
    static String timeline(List<RawEvent> ev) {
        StringBuilder sb = new StringBuilder();
        for (RawEvent e : ev) {
            String line = null;
            if (e instanceof RawEvent.Marker m) line = "marker " + m.kind() + " " + m.detail();
            else if (e instanceof RawEvent.WindowFocus w) line = "window '" + w.app().title() + "' " + w.app().url();
            else if (e instanceof RawEvent.Browser b) line = "browser " + b.kind() + " " + dev.understudy.e2e.StoredJson.data(b).path("url").asText("");
            else if (e instanceof RawEvent.Frame f) line = "frame " + f.reason();
            else if (e instanceof RawEvent.KeyDown k && k.ch() != null) line = "key " + k.ch();
            if (line != null) sb.append("  ").append(e.mono() / 1_000_000).append(" ms ").append(line).append('\n');
        }
        return sb.toString();
    }

    /** Pixels within 3 of a colour on every channel. */
    static int count(BufferedImage img, int rgb) {
        int n = 0;
        int r0 = rgb >> 16 & 0xff;
        int g0 = rgb >> 8 & 0xff;
        int b0 = rgb & 0xff;
        int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        for (int p : px) {
            if (Math.abs((p >> 16 & 0xff) - r0) <= 3 && Math.abs((p >> 8 & 0xff) - g0) <= 3 && Math.abs((p & 0xff) - b0) <= 3) n++;
        }
        return n;
    }

    /** Screen grabs the recorder's privacy gate refused so far (its status file). */
    static long grabsWithheld(Path data) {
        dev.understudy.privacy.control.ControlFiles.Status st = dev.understudy.privacy.control.ControlFiles.readStatus(data);
        return st == null ? 0 : st.grabsWithheld();
    }

    static void awaitGrabsWithheld(Path data, long atLeast) {
        org.awaitility.Awaitility.await("the recorder refusing " + atLeast + " grabs").atMost(java.time.Duration.ofMillis(WAIT_MS))
                .pollInterval(java.time.Duration.ofMillis(20)).until(() -> grabsWithheld(data) >= atLeast);
    }
}
