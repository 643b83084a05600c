package dev.understudy.recorder;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.model.AppContext;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The control page as served: its parts, its token, and recorded text escaped. */
@Tag("unit")
class ControlPageTest {
    private static final String HOSTILE = "</script><img src=x onerror=alert(1)>";
    private static final String ESCAPED = "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;";

    /** A backend whose state the test sets; it remembers what the page asked of it. */
    static final class FakeBackend implements ControlPage.Backend {
        String state = "recording";
        String detail;
        String warning;
        long pausedUntil;
        final List<String> calls = new ArrayList<>();

        @Override
        public String state() {
            return state;
        }

        @Override
        public String detail() {
            return detail;
        }

        @Override
        public String warning() {
            return warning;
        }

        @Override
        public long pausedUntil() {
            return pausedUntil;
        }

        @Override
        public void pause(int minutes) {
            calls.add("pause " + minutes);
        }

        @Override
        public void resume() {
            calls.add("resume");
        }

        @Override
        public void requestExemption(String reason) {
            calls.add("exemption " + reason);
        }

        @Override
        public void labelTask(String label) {
            calls.add("label " + label);
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(ControlPage page, String path, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + page.port() + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String token(ControlPage page) {
        return page.url().substring(page.url().indexOf("t=") + 2);
    }

    /** A window with this title gets the focus and this text is typed into it. */
    private static void typeInto(ControlPage page, String title, String text) {
        long t = 1_000_000_000L;
        page.stored(new RawEvent.WindowFocus(t, 1_800_000_000_000L, new AppContext("xterm", "XTerm", title, 7, new Rect(0, 0, 800, 600), null)));
        for (int i = 0; i < text.length(); i++) {
            String ch = String.valueOf(text.charAt(i));
            String key = ch.equals(" ") ? "space" : ch;
            t += 50_000_000L;
            page.stored(new RawEvent.KeyDown(t, 1_800_000_000_000L + t / 1_000_000, 0, key, ch, 0));
            page.stored(new RawEvent.KeyUp(t + 1, 1_800_000_000_000L + t / 1_000_000, 0, key, 0));
        }
    }

    @Test
    void thePageShowsStateButtonsStepsAndTheExemptionFormWithTheToken() throws Exception {
        FakeBackend backend = new FakeBackend();
        try (ControlPage page = new ControlPage(backend, "s")) {
            String token = token(page);
            typeInto(page, "Work", "visible");
            HttpResponse<String> r = get(page.url());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            String html = r.body();
            assertTrue(html.contains("<meta http-equiv=\"refresh\" content=\"5\">"), html);
            assertTrue(html.contains("<p class=\"s\">Recording</p>"), html);
            assertFalse(html.contains("role=\"alert\""), "no warning line without a warning");
            for (int m : new int[] {15, 30, 60}) assertTrue(html.contains(">Pause " + m + " min</button>"), html);
            assertFalse(html.contains("Resume recording"));
            assertEquals(3, html.split("name=\"t\" value=\"" + token + "\"", -1).length - 1, "the token in the pause, task label and exemption forms");
            assertTrue(html.contains("action=\"/label\"") && html.contains("What were you doing?"), html);
            assertTrue(html.contains("<h2>Last captured steps</h2>") && html.contains("visible"), html);
            assertTrue(html.contains("action=\"/exemption\"") && html.contains("<textarea name=\"reason\""), html);
            // to write a label or a request, the page stops reloading (a reload would wipe what was typed)
            assertTrue(html.contains("href=\"/?t=" + token + "&amp;still=1\""), html);
            String still = get(page.url() + "&still=1").body();
            assertFalse(still.contains("http-equiv=\"refresh\""), still);
            assertTrue(still.contains("action=\"/label\"") && still.contains("<textarea name=\"reason\""), still);

            assertEquals(403, get(page.url().replace(token, "0000")).statusCode(), "a wrong token is refused");
            assertEquals(303, post(page, "/pause", "t=" + token + "&minutes=30").statusCode());
            assertEquals(303, post(page, "/exemption", "t=" + token + "&reason=why+not").statusCode());
            assertEquals(303, post(page, "/label", "t=" + token + "&label=File+the+expense+report").statusCode());
            assertEquals(403, post(page, "/label", "t=0000&label=forged").statusCode(), "a label needs the token too");
            assertEquals(List.of("pause 30", "exemption why not", "label File the expense report"), backend.calls);

            backend.state = "paused";
            backend.pausedUntil = System.currentTimeMillis() + 15 * 60_000L;
            backend.warning = "The browser bridge is not connected: run understudy install-browser-bridge";
            html = get(page.url()).body();
            assertTrue(html.contains("<p class=\"s\">Paused until "), html);
            assertTrue(html.contains("<p class=\"w\" role=\"alert\">The browser bridge is not connected: run understudy install-browser-bridge</p>"), html);
            assertTrue(html.contains("action=\"/resume\"><input type=\"hidden\" name=\"t\" value=\"" + token + "\"><button>Resume recording</button>"), html);
            assertFalse(html.contains("Pause 15 min"));
        }
    }

    @Test
    void hostileTitleTypedTextAndWarningComeOutEscaped() throws Exception {
        FakeBackend backend = new FakeBackend();
        backend.state = "suspended";
        backend.detail = HOSTILE;
        backend.warning = HOSTILE;
        try (ControlPage page = new ControlPage(backend, "s")) {
            typeInto(page, HOSTILE, HOSTILE);
            String html = get(page.url()).body();
            assertFalse(html.contains(HOSTILE), "never written raw: " + html);
            assertFalse(html.contains("<img"));
            assertFalse(html.contains("<script") || html.contains("</script"), html);
            assertTrue(html.contains("<p class=\"s\">Not recording: " + ESCAPED + "</p>"), html);
            assertTrue(html.contains("<p class=\"w\" role=\"alert\">" + ESCAPED + "</p>"), html);
            assertTrue(html.contains("<li>type \"" + ESCAPED + "\" — " + ESCAPED + "</li>"), "typed text and window title, escaped: " + html);
        }
    }
}
