package dev.understudy.e2e.browser;

import dev.understudy.model.MarkerKind;
import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.cli.Main;
import dev.understudy.demo.BrowserProcess;
import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.SiteServer;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.demo.WebWorkflow;
import dev.understudy.demo.WebWorkflow.Expected;
import dev.understudy.demo.Xdo;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The browser path a user takes: a real Xvfb desktop, `understudy record`, `understudy browser`
 * (Debian Chromium in a real window with the extension loaded unpacked and the bridge installed for
 * its profile), the demo site driven by real input, then `understudy export` in every format. One
 * recording; each test checks one promise of it.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebGroundingTest {
    Path tmp;
    Path data;
    String session;
    List<Expected> expected;
    List<RawEvent> events;
    List<JsonNode> steps = new ArrayList<>();
    /** steps index matched to each expected step, -1 when missing. */
    int[] matched;
    String recorderStderr;

    @BeforeAll
    void record() throws Exception {
        BrowserTests.assumeBrowser();
        tmp = Files.createTempDirectory("us-web");
        System.out.println("web test directory: " + tmp);
        data = tmp.resolve("data");
        try (VirtualDesktop desktop = VirtualDesktop.start(BrowserProcess.WIDTH, BrowserProcess.HEIGHT);
             SiteServer site = SiteServer.start()) {
            Xdo xdo = new Xdo(desktop, 30);
            WebWorkflow wf = new WebWorkflow(desktop, xdo, site);
            try (RecorderProcess rec = RecorderProcess.start(desktop, data);
                 BrowserProcess browser = BrowserProcess.start(desktop, data, wf.startUrl())) {
                session = rec.sessionId();
                // the bridge is up once the extension's first report (the page it shows) is stored
                rec.awaitEvent(e -> e instanceof RawEvent.Browser, 60_000);
                wf.awaitStart();
                expected = wf.perform(s -> { });
                rec.awaitEvent(e -> e instanceof RawEvent.Browser b && "navigate".equals(b.kind())
                        && dev.understudy.e2e.StoredJson.data(b).path("url").asText().endsWith(wf.lastUrlEnd()), 20_000);
                assertEquals(0, rec.stop(), "recorder exit code; stderr: " + rec.stderr());
                recorderStderr = rec.stderr();
            }
        }
        events = dev.understudy.trace.DataDir.at(data).open(session).events();
        Path out = tmp.resolve("steps");
        assertEquals(0, run("export", "--data", data.toString(), "--out", out.toString(), "--session", session));
        for (String line : Files.readAllLines(out.resolve("steps.jsonl"))) steps.add(Json.MAPPER.readTree(line));
        for (String f : List.of("agentnet", "osworld", "mind2web")) {
            assertEquals(0, run("export", "--data", data.toString(), "--out", tmp.resolve(f).toString(), "--session", session,
                    "--format", f));
        }
        assertEquals(0, run("view", "--data", data.toString(), "--session", session, "--out", tmp.resolve("viewer.html").toString()));
        matched = BrowserTests.align(expected, steps);
    }

    @AfterAll
    void cleanUp() throws IOException {
        if (tmp != null && System.getenv("UNDERSTUDY_KEEP_TMP") == null) BrowserTests.deleteTree(tmp);
    }

    @Test
    void everyScriptedWebActionCameBackGrounded() {
        int grounded = 0;
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            if (matched[i] >= 0) grounded++;
            else missing.add(expected.get(i).describe());
        }
        System.out.println("grounded: " + grounded + " of " + expected.size() + " scripted web actions ("
                + steps.size() + " steps exported)");
        assertTrue(missing.isEmpty(), "not grounded: " + missing + "\nall steps:\n" + BrowserTests.dump(steps));
        List<String> extra = new ArrayList<>();
        for (int j = 0; j < steps.size(); j++) {
            final int k = j;
            boolean used = java.util.Arrays.stream(matched).anyMatch(m -> m == k);
            if (!used) extra.add(steps.get(j).path("action").toString() + " " + steps.get(j).path("target"));
        }
        assertTrue(extra.isEmpty(), "steps nobody scripted: " + extra + "\nall steps:\n" + BrowserTests.dump(steps));
    }

    @Test
    void nativeSelectChangedByMouseAndByKeyboardIsOneSelectOptionEach() {
        JsonNode priority = step("select_option", "Priority");
        assertEquals("High", priority.at("/action/option").asText());
        assertEquals("high", priority.at("/action/value").asText());
        assertEquals("select", priority.at("/target/tag").asText());
        // the click that opened the list and the click in the popup are inside the step, not steps
        assertTrue(rawCount(priority, RawEvent.MouseDown.class) >= 2, "opener and choice clicks in the seq range: " + priority);
        JsonNode category = step("select_option", "Category");
        assertEquals("Access", category.at("/action/option").asText());
        assertEquals("access", category.at("/action/value").asText());
        assertTrue(rawCount(category, RawEvent.KeyDown.class) >= 2, "both arrow keys in the seq range: " + category);
        assertEquals(0, steps.stream().filter(s -> "key".equals(s.at("/action/type").asText())
                && "down".equals(s.at("/action/key").asText())).count(), "no arrow-key steps left");
    }

    @Test
    void customAriaDropdownsAreSelectOptionsWithFieldLabelOptionAndValue() {
        JsonNode assignee = step("select_option", "Assignee");
        assertEquals("Network team", assignee.at("/action/option").asText());
        assertEquals("network", assignee.at("/action/value").asText());
        assertEquals("combobox", assignee.at("/target/role").asText());
        assertTrue(rawCount(assignee, RawEvent.MouseDown.class) >= 2, assignee.toString());
        JsonNode notify = step("select_option", "Notify");
        assertEquals("Team lead", notify.at("/action/option").asText());
        assertEquals("lead", notify.at("/action/value").asText());
        assertTrue(rawCount(notify, RawEvent.KeyDown.class) >= 3, "down, down, enter: " + notify);
    }

    @Test
    void typingIntoLabelledFieldsIsATypeStepOnThatField() {
        assertEquals("Paper jam", step("type", "Title").at("/action/text").asText()); // wrapping <label>
        assertEquals("Printer on floor 3 is jammed", step("type", "Subject").at("/action/text").asText()); // <label for>
        assertEquals("Please send someone today.", step("type", "Message body").at("/action/text").asText()); // aria-label
        assertEquals("printer", step("type", "Search tickets").at("/action/text").asText()); // placeholder
        assertEquals("searchbox", step("type", "Search tickets").at("/target/role").asText());
        assertEquals("facilities-team", step("type", "To").at("/action/text").asText());
        for (JsonNode s : steps) {
            if ("type".equals(s.at("/action/type").asText())) assertEquals("dom", s.at("/target/source").asText(), s.toString());
        }
    }

    @Test
    void buttonClicksAreGroundedByRoleAndName() {
        for (String name : List.of("Sign in", "Send", "Create ticket", "Attach file")) {
            JsonNode s = step("click", name);
            assertEquals("button", s.at("/target/role").asText(), s.toString());
            assertEquals("button", s.at("/target/tag").asText(), s.toString());
            assertFalse(s.at("/target/selector").asText().isEmpty());
            assertFalse(s.at("/target/xpath").asText().isEmpty());
        }
        assertEquals("link", step("click", "Tickets").at("/target/role").asText());
    }

    @Test
    void boundingBoxesMatchTheOsClickPointAndThePage() {
        int checked = 0;
        for (int i = 0; i < expected.size(); i++) {
            Expected e = expected.get(i);
            if (e.box() == null) continue;
            JsonNode s = steps.get(matched[i]);
            JsonNode b = s.at("/target/bbox");
            int x = s.at("/action/x").asInt();
            int y = s.at("/action/y").asInt();
            String what = e.describe() + " -> " + s;
            // the OS click point is the centre of the element we clicked: the box must be centred on it
            assertTrue(Math.abs(b.get(0).asInt() + b.get(2).asInt() / 2.0 - x) <= 3, what);
            assertTrue(Math.abs(b.get(1).asInt() + b.get(3).asInt() / 2.0 - y) <= 3, what);
            // and be where the page says the element is
            for (int k = 0; k < 4; k++) assertTrue(Math.abs(b.get(k).asInt() - e.box()[k]) <= 3, what + " page box " + java.util.Arrays.toString(e.box()));
            // the extension's own estimate (window geometry + calibration, no OS point) agrees too
            RawEvent.Browser raw = (RawEvent.Browser) events.get(s.at("/target/event_seq").asInt(-1) >= 0 ? s.at("/target/event_seq").asInt() : 0);
            JsonNode est = dev.understudy.e2e.StoredJson.data(raw).at("/target/bbox");
            assertTrue(est.isArray(), what);
            assertTrue(Math.abs(est.get(0).asDouble() + est.get(2).asDouble() / 2 - x) <= 3, "extension estimate " + est + " for " + what);
            assertTrue(Math.abs(est.get(1).asDouble() + est.get(3).asDouble() / 2 - y) <= 3, "extension estimate " + est + " for " + what);
            checked++;
        }
        assertTrue(checked >= 10, "clicks checked: " + checked);
    }

    @Test
    void anIframeOfAnotherOriginIsGrounded() {
        JsonNode click = step("click", "Note");
        assertEquals("textbox", click.at("/target/role").asText());
        assertEquals("Toner is low", step("type", "Note").at("/action/text").asText());
        JsonNode raw = dev.understudy.e2e.StoredJson.data((RawEvent.Browser) events.get(click.at("/target/event_seq").asInt()));
        assertTrue(raw.path("frame").asLong() != 0, "event from a sub-frame: " + raw);
        assertTrue(raw.path("frame_url").asText().contains("/widget.html"), raw.toString());
        assertTrue(raw.path("url").asText().endsWith("/tickets.html"), "app url is the page's: " + raw);
    }

    @Test
    void navigationIsANavigateStepAndFillsAppUrl() {
        List<String> navs = steps.stream().filter(s -> "navigate".equals(s.at("/action/type").asText()))
                .map(s -> s.at("/action/url").asText()).toList();
        assertEquals(4, navs.size(), navs.toString());
        assertTrue(navs.get(0).endsWith("/mail.html"), navs.toString()); // form submit + redirect
        assertTrue(navs.get(1).endsWith("/tickets.html"), navs.toString()); // link
        assertTrue(navs.get(2).endsWith("/search.html"), navs.toString()); // typed into the address bar
        assertTrue(navs.get(3).endsWith("/search.html?q=printer"), navs.toString()); // history API
        // the address-bar typing is inside the navigate step, not steps of its own
        assertTrue(steps.stream().noneMatch(s -> s.at("/action/text").asText("").contains("search.html")), "no typed URL step");
        assertTrue(steps.stream().noneMatch(s -> "hotkey".equals(s.at("/action/type").asText())), "no ctrl+l step");
        JsonNode typed = steps.stream().filter(s -> s.at("/action/url").asText("").endsWith("/search.html")).findFirst().orElseThrow();
        assertTrue(rawCount(typed, RawEvent.KeyDown.class) > 20, "the typed address's keys are in its seq range");
        assertTrue(step("click", "Username").at("/app/url").asText().endsWith("/index.html"));
        assertTrue(step("click", "Send").at("/app/url").asText().endsWith("/mail.html"));
        assertTrue(step("select_option", "Priority").at("/app/url").asText().endsWith("/tickets.html"));
    }

    @Test
    void thePasswordAppearsNowhere() throws Exception {
        String pw = WebWorkflow.PASSWORD;
        // the raw trace, decompressed
        StringBuilder raw = new StringBuilder();
        for (RawEvent e : events) raw.append(Json.MAPPER.writeValueAsString(e)).append('\n');
        assertFalse(raw.toString().contains(pw));
        assertFalse(raw.toString().contains(pw.substring(0, 8)));
        // no key of it was kept: between focusing the field and signing in only tab/enter/modifiers pass
        StringBuilder typed = new StringBuilder();
        for (RawEvent e : events) if (e instanceof RawEvent.KeyDown k && k.ch() != null) typed.append(k.ch());
        assertFalse(typed.toString().contains(pw.substring(0, 5)), "typed characters: " + typed);
        assertFalse(typed.toString().contains(pw.substring(pw.length() - 5)), "typed characters: " + typed);
        assertTrue(events.stream().anyMatch(e -> e instanceof RawEvent.Marker m && m.kind() == MarkerKind.REDACTED), "a redacted marker");
        // the steps: a click on the field, then the click on "Sign in", nothing typed between
        int field = index("click", "Password");
        assertEquals("click", steps.get(field + 1).at("/action/type").asText());
        assertEquals("Sign in", steps.get(field + 1).at("/target/name").asText());
        // every export and the viewer
        for (Path dir : List.of(tmp.resolve("steps"), tmp.resolve("agentnet"), tmp.resolve("osworld"), tmp.resolve("mind2web"),
                tmp.resolve("viewer.html"))) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path f : s.filter(Files::isRegularFile).toList()) {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    assertFalse(text.contains(pw), f.toString());
                    assertFalse(text.contains(pw.substring(0, 8)), f.toString());
                }
            }
        }
        // and the raw segment files do not hold it in the clear either (they are compressed; decompressed above)
        try (Stream<Path> s = Files.walk(data)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(pw), f.toString());
            }
        }
    }

    @Test
    void exportsCarryTheDomTargets() throws Exception {
        JsonNode traj = Json.MAPPER.readTree(Files.readAllLines(tmp.resolve("agentnet/trajectories.jsonl")).get(0)).get("traj");
        assertTrue(java.util.stream.StreamSupport.stream(traj.spliterator(), false)
                .anyMatch(t -> "Send".equals(t.at("/target/name").asText()) && "dom".equals(t.at("/target/source").asText())));
        assertTrue(java.util.stream.StreamSupport.stream(traj.spliterator(), false)
                .anyMatch(t -> t.at("/value/action").asText().startsWith("Select option 'High' for 'Priority'")));
        Path osDir;
        try (Stream<Path> s = Files.list(tmp.resolve("osworld"))) {
            osDir = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        List<String> os = Files.readAllLines(osDir.resolve("traj.jsonl"));
        assertTrue(os.stream().anyMatch(l -> l.contains("\"name\":\"Create ticket\"")), "osworld carries targets");

        JsonNode task = Json.MAPPER.readTree(Files.readAllLines(tmp.resolve("mind2web/tasks.jsonl")).get(0));
        assertEquals(session, task.get("annotation_id").asText());
        assertEquals("127.0.0.1", task.get("website").asText());
        JsonNode actions = task.get("actions");
        List<String> reprs = new ArrayList<>();
        task.get("action_reprs").forEach(r -> reprs.add(r.asText()));
        assertTrue(reprs.contains("[combobox]  Priority -> SELECT: High"), reprs.toString());
        assertTrue(reprs.contains("[button]  Send -> CLICK"), reprs.toString());
        assertTrue(reprs.contains("[textbox]  Subject -> TYPE: Printer on floor 3 is jammed"), reprs.toString());
        int withHtml = 0;
        for (JsonNode a : actions) {
            assertEquals(1, a.get("pos_candidates").size());
            JsonNode c = a.get("pos_candidates").get(0);
            JsonNode attrs = Json.MAPPER.readTree(c.get("attributes").asText());
            String html = a.path("cleaned_html").asText(null);
            if (html != null) {
                withHtml++;
                assertFalse(html.contains("<script"), "scripts are stripped");
                String id = c.path("backend_node_id").asText(null);
                assertNotNull(id, a.toString());
                assertTrue(html.contains("backend_node_id=\"" + id + "\""), "the target is in the snapshot: " + c);
                assertEquals(id, attrs.path("backend_node_id").asText());
            }
            assertNotNull(a.get("screenshot").asText(null));
            assertTrue(Files.isRegularFile(tmp.resolve("mind2web").resolve(session).resolve(a.get("screenshot").asText())));
        }
        // 24 to 26 of 26 on a quiet machine; 23 once on a loaded CI run (why one more snapshot was missing is not
        // understood yet: noted in the session's closing note). At least 85 % carry their page.
        assertTrue(withHtml * 100 >= actions.size() * 85, "snapshots for " + withHtml + " of " + actions.size() + " actions");
    }

    @Test
    void theViewerShowsLabelsAndChosenOptions() throws Exception {
        String html = Files.readString(tmp.resolve("viewer.html"));
        assertTrue(html.contains("Chose “High” from a list for “Priority”"), "select in the viewer");
        assertTrue(html.contains("Clicked the “Create ticket” button"), "click in the viewer");
        assertTrue(html.contains("/tickets.html"), "url in the viewer");
    }

    @Test
    void theRecorderLoggedNoRejections() {
        assertFalse(recorderStderr.contains("bridge: rejected"), recorderStderr);
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode step(String type, String name) {
        return steps.get(index(type, name));
    }

    private int index(String type, String name) {
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            if (type.equals(s.at("/action/type").asText()) && name.equals(s.at("/target/name").asText())) return i;
        }
        throw new AssertionError("no " + type + " step on '" + name + "'; steps:\n" + BrowserTests.dump(steps));
    }

    private long rawCount(JsonNode step, Class<? extends RawEvent> kind) {
        long first = step.at("/raw/first_seq").asLong();
        long last = step.at("/raw/last_seq").asLong();
        long n = 0;
        for (long q = first; q <= last; q++) if (kind.isInstance(events.get((int) q))) n++;
        return n;
    }

    private static int run(String... args) {
        return dev.understudy.e2e.Cli.run(args).code();
    }
}
