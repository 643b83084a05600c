package dev.understudy.export;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Step;
import dev.understudy.model.Target;
import dev.understudy.trace.PngFrameStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ViewerWriterTest {
    @TempDir Path tmp;

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) n++;
        return n;
    }

    @Test
    void sentencesForEveryActionType() {
        Fixtures fx = new Fixtures(tmp);
        String html = ViewerWriter.render(fx.session("s1"));
        for (String sentence : List.of(
                "Clicked the “Save” push button in XTerm — 'bash'",
                "Double-clicked in XTerm — 'bash'",
                "Triple-clicked in XTerm",
                "Right-clicked in XTerm",
                "Middle-clicked in XTerm",
                "Dragged from (100, 100) to (300, 200) in XTerm",
                "Scrolled down 3 in XTerm",
                "Typed “hello world”",
                "Pressed Enter",
                "Pressed Ctrl+Shift+T",
                "Switched to firefox — 'Example Domain — Mozilla Firefox'",
                "Copied “copied text”",
                "Cut “cut text”",
                "Pasted “pasted text”",
                "Chose “Large” from a list",
                "Went to https://example.org/page?q=1")) {
            assertTrue(html.contains(sentence), sentence);
        }
        assertTrue(html.contains("<kbd>Ctrl</kbd><span class=\"plus\">+</span><kbd>Shift</kbd><span class=\"plus\">+</span><kbd>T</kbd>"));
        assertTrue(html.contains("<pre>hello world</pre>"));
        assertEquals(16, count(html, "<section class=\"step\""));
    }

    @Test
    void headerTellsTheSession() {
        Fixtures fx = new Fixtures(tmp);
        String html = ViewerWriter.render(fx.session("sess-42"));
        assertTrue(html.contains("<code>sess-42</code>"));
        assertTrue(html.contains("<dt>Duration</dt><dd>2 min 5 s</dd>"));
        assertTrue(html.contains("<dt>Steps</dt><dd>16</dd>"));
        assertTrue(html.contains("<span class=\"chip\">XTerm</span><span class=\"chip\">firefox</span>"));
        assertTrue(html.contains("(Europe/Berlin)"));
    }

    @Test
    void framesEmbeddedOnceAsPngDataUris() throws Exception {
        Fixtures fx = new Fixtures(tmp);
        String html = ViewerWriter.render(fx.session("s1"));
        Matcher m = Pattern.compile("url\\(\"data:image/png;base64,([A-Za-z0-9+/=]+)\"\\)").matcher(html);
        int n = 0;
        while (m.find()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            assertNotNull(img);
            assertEquals(1280, img.getWidth());
            n++;
        }
        assertEquals(3, n, "A, B and C, each once although used by 16 steps");
        assertTrue(html.contains("viewBox=\"0 0 1280 800\""));
        assertTrue(html.contains("<circle class=\"ring left\" cx=\"640\" cy=\"400\""), "click ring at the point in frame pixels");
        assertTrue(html.contains("<polyline class=\"path\" points=\"100,100 200,150 300,200\" marker-end=\"url(#arrow-6)\"/>"));
        assertTrue(html.contains("<rect class=\"bbox\" x=\"600\" y=\"380\" width=\"80\" height=\"40\"/>"));
        assertTrue(html.contains(">↓3</text>"), "scroll marker");
        assertTrue(html.contains("Show the screen after"), "step 1 has an after-frame");
    }

    @Test
    void recordedTextCannotInjectHtml() {
        Fixtures fx = new Fixtures(tmp);
        AppContext evil = new AppContext("<b>x</b>", "Evil\"><img src=x onerror=alert(2)>", "<script>alert(1)</script>", 7, null,
                "javascript:alert(3)\"><script>");
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("e", 0, 0, Fixtures.START, evil, new Action.Click(1, 1),
                new Target("dom", "<i>role</i>", "</section><script>alert(4)</script>", "<tag>", null, null, null, null), 0, fx.frameA, null, 0, 0));
        steps.add(new Step("e", 1, 0, Fixtures.START + 10, evil, new Action.TypeText("</pre><script>alert(5)</script>&amp;"), null, 0, null, null, 1, 1));
        steps.add(new Step("e", 2, 0, Fixtures.START + 20, evil, new Action.Hotkey(List.of("<ctrl>", "x")), null, 0, null, null, 2, 2));
        String html = ViewerWriter.render(new ExportSession("<script>alert(0)</script>", Fixtures.manifest("e"), steps, fx.store));
        assertEquals(1, count(html, "<script"), "only the viewer's own script");
        assertEquals(1, count(html, "</script>"));
        assertFalse(html.contains("<img"));
        assertFalse(html.contains("<b>x"));
        assertFalse(html.contains("<i>role"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "title shown, escaped");
        assertTrue(html.contains("&lt;/pre&gt;&lt;script&gt;alert(5)&lt;/script&gt;&amp;amp;"), "typed text shown, escaped");
        assertTrue(html.contains("<kbd>&lt;ctrl&gt;</kbd>"));
        assertEquals(3, count(html, "<section class=\"step\""), "no section closed early by user data");
    }

    @Test
    void hostileTitleAndTypedTextComeOutEscaped() {
        Fixtures fx = new Fixtures(tmp);
        String hostile = "</script><img src=x onerror=alert(1)>";
        AppContext app = new AppContext("xterm", "XTerm", hostile, 9, null, null);
        List<Step> steps = List.of(
                new Step("h", 0, 0, Fixtures.START, app, new Action.TypeText(hostile), null, 0, fx.frameA, null, 0, 0),
                new Step("h", 1, 0, Fixtures.START + 10, app, new Action.Paste(hostile + "\u2028\u0000"), null, 0, null, null, 1, 1));
        String html = ViewerWriter.render(new ExportSession(hostile, Fixtures.manifest("h"), steps, fx.store));
        String escaped = "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;";
        assertFalse(html.contains(hostile), "never written raw");
        assertFalse(html.contains("<img"));
        assertEquals(1, count(html, "<script"), "only the viewer's own script");
        assertEquals(1, count(html, "</script>"), "the script is not closed early");
        assertTrue(html.contains("<title>Understudy session " + escaped + "</title>"));
        assertTrue(html.contains("<code>" + escaped + "</code>"));
        assertTrue(html.contains("window “<span class=\"title\">" + escaped + "</span>”"), "window title shown, escaped");
        assertTrue(html.contains("<pre>" + escaped + "</pre>"), "typed text shown, escaped");
        assertTrue(html.contains("<pre>" + escaped + "\u2028\uFFFD</pre>"), "pasted text shown, a NUL replaced");
    }

    @Test
    void noExternalUrlsExceptEscapedUserData() {
        Fixtures fx = new Fixtures(tmp);
        List<Step> steps = new ArrayList<>();
        for (Step s : fx.session("u").steps()) {
            AppContext app = s.app().url() == null ? s.app() : s.app().withUrl(null);
            Action a = s.action() instanceof Action.Navigate ? new Action.Navigate("file:///tmp/x") : s.action();
            steps.add(new Step(s.session(), s.index(), s.mono(), s.wall(), app, a, s.target(), s.monitor(), s.observation(),
                    s.observationAfter(), s.firstSeq(), s.lastSeq()));
        }
        String clean = ViewerWriter.render(new ExportSession("u", Fixtures.manifest("u"), steps, fx.store));
        assertFalse(clean.contains("http:"), "no http URL without user data");
        assertFalse(clean.contains("https:"));
        assertFalse(Pattern.compile("(src|href)=\"(?!#)").matcher(clean).find(), "nothing loaded from elsewhere");
        assertFalse(clean.contains("xmlns"));

        String withUrls = ViewerWriter.render(fx.session("u"));
        int urls = count(withUrls, "http");
        int user = count(withUrls, "https://example.org/page?q=1") + count(withUrls, "https://example.com/");
        assertEquals(urls, user, "every URL in the page is recorded user data");
    }

    @Test
    void largeFramesAreDownscaledToJpegKeepingFrameCoordinates() throws Exception {
        PngFrameStore store = new PngFrameStore(tmp.resolve("noise"));
        BufferedImage noise = new BufferedImage(1600, 1000, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(1);
        for (int y = 0; y < noise.getHeight(); y++) for (int x = 0; x < noise.getWidth(); x++) noise.setRGB(x, y, r.nextInt());
        String id = store.put(noise);
        Step s = new Step("big", 0, 0, Fixtures.START, Fixtures.XTERM, new Action.Click(1500, 900), null, 0, id, null, 0, 0);
        ExportSession session = new ExportSession("big", Fixtures.manifest("big"), List.of(s), store);

        String full = ViewerWriter.render(session);
        assertTrue(full.contains("data:image/png;base64,"), "fits in 20 MB as PNG");

        long max = 400_000;
        Path file = tmp.resolve("view/big.html");
        ViewerWriter.write(session, file, max);
        String small = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(small.length() <= max, "size " + small.length());
        assertFalse(small.contains("data:image/png"));
        Matcher m = Pattern.compile("data:image/jpeg;base64,([A-Za-z0-9+/=]+)").matcher(small);
        assertTrue(m.find());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
        assertTrue(img.getWidth() < 1600, "downscaled to " + img.getWidth());
        assertTrue(small.contains("viewBox=\"0 0 1600 1000\""), "overlay stays in original frame pixels");
        assertTrue(small.contains("cx=\"1500\" cy=\"900\""));
    }

    @Test
    void stepsWithoutScreenshotsAndEmptySessions() {
        Fixtures fx = new Fixtures(tmp);
        Step s = Fixtures.step("n", 0, new Action.Key("tab"), Fixtures.XTERM, null);
        String html = ViewerWriter.render(new ExportSession("n", null, List.of(s), null));
        assertTrue(html.contains("Pressed Tab"));
        assertTrue(html.contains("No screenshot was kept for this step."));
        String empty = ViewerWriter.render(new ExportSession("empty", Fixtures.manifest("empty"), List.of(), fx.store));
        assertTrue(empty.contains("This session has no steps."));
    }
}
