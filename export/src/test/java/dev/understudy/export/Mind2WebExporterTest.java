package dev.understudy.export;

import dev.understudy.model.MarkerKind;
import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import dev.understudy.model.Step;
import dev.understudy.model.Target;
import dev.understudy.model.browser.BrowserMessageReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class Mind2WebExporterTest {
    @TempDir Path tmp;

    static final AppContext PAGE = new AppContext("chromium", "Chromium-browser", "Tickets - Chromium", 7, null,
            "https://desk.example.com/tickets");
    static final String HTML = "<html backend_node_id=\"0\"><body backend_node_id=\"1\"><select backend_node_id=\"2\" id=\"priority\">"
            + "<option backend_node_id=\"3\" value=\"high\">High</option></select><button backend_node_id=\"4\">Save</button></body></html>";

    static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    static RawEvent.Browser event(String kind, String json, byte[] gz) throws Exception {
        ObjectNode d = (ObjectNode) Json.MAPPER.readTree(json);
        if (gz != null) ((ObjectNode) d.get("dom")).put("html_gz", gz);
        return new RawEvent.Browser(0, Fixtures.START, BrowserMessageReader.read(kind, d));
    }

    static Step step(int i, Action a, Target t, String obs) {
        return new Step("web", i, i, Fixtures.START + i, PAGE, a, t, 0, obs, null, i, i);
    }

    @Test
    void groundedBrowserActionsBecomeAMind2WebTask() throws Exception {
        Fixtures fx = new Fixtures(tmp.resolve("trace"));
        List<RawEvent> events = new ArrayList<>();
        events.add(new RawEvent.Marker(0, Fixtures.START, MarkerKind.START, null));
        // 1: the select, with the snapshot; 2: the click, same page (hash only)
        events.add(event("select", "{\"url\":\"https://desk.example.com/tickets\",\"field\":{\"tag\":\"select\",\"node\":2,\"rect\":[10,20,200,30],"
                + "\"attrs\":{\"id\":\"priority\",\"name\":\"priority\"}},\"target\":{\"tag\":\"select\",\"node\":2},\"dom\":{\"hash\":\"00000000000000aa\"}}",
                gzip(HTML)));
        events.add(event("pointer", "{\"target\":{\"tag\":\"button\",\"node\":4,\"rect\":[10,60,80,30],\"attrs\":{\"type\":\"submit\"}},"
                + "\"dom\":{\"hash\":\"00000000000000aa\"}}", null));
        List<Step> steps = List.of(
                step(0, new Action.SelectOption("High", "high"),
                        new Target("dom", "combobox", "Priority", "select", new Rect(14, 107, 200, 30), "#priority", "//*[@id=\"priority\"]", "select", 1L),
                        fx.frameA),
                step(1, new Action.Click(50, 160), new Target("dom", "button", "Save", "button", new Rect(14, 147, 80, 30), "button", "/html/body/button", null, 2L),
                        fx.frameB),
                step(2, new Action.Scroll(5, 5, 0, 3), Target.NONE, fx.frameA),
                step(3, new Action.TypeText("Printer"), new Target("dom", "textbox", "Title", "input", null, "#title", null, "text", null), null),
                step(4, new Action.Key("enter"), new Target("dom", "textbox", "Title", "input", null, "#title", null, "text", null), null),
                step(5, new Action.Navigate("https://desk.example.com/x"), Target.NONE, null));
        ExportSession s = new ExportSession("web", Fixtures.manifest("web"), steps, fx.store, events);
        ExportSession desktopOnly = new ExportSession("desk", Fixtures.manifest("desk"),
                List.of(Fixtures.step("desk", 0, new Action.Click(3, 4), Fixtures.XTERM, fx.frameA)), fx.store);
        Path out = tmp.resolve("out");
        ExportSummary sum = Exporters.run("mind2web", List.of(s, desktopOnly), out, false);
        assertEquals(1, sum.sessions(), "sessions without grounded browser actions make no task");
        assertEquals(4, sum.steps());

        List<String> lines = Files.readAllLines(out.resolve("tasks.jsonl"));
        assertEquals(1, lines.size());
        JsonNode task = Json.MAPPER.readTree(lines.get(0));
        assertEquals(task, Json.MAPPER.readTree(Files.readString(out.resolve("web/task.json"))));
        assertEquals("web", task.get("annotation_id").asText());
        assertEquals("desk.example.com", task.get("website").asText());
        assertTrue(task.get("confirmed_task").isNull());
        List<String> reprs = new ArrayList<>();
        task.get("action_reprs").forEach(r -> reprs.add(r.asText()));
        assertEquals(List.of("[combobox]  Priority -> SELECT: High", "[button]  Save -> CLICK", "[textbox]  Title -> TYPE: Printer",
                "[textbox]  Title -> CLICK"), reprs);

        JsonNode a0 = task.get("actions").get(0);
        assertEquals("web-0", a0.get("action_uid").asText());
        assertEquals(HTML, a0.get("cleaned_html").asText());
        assertEquals(HTML, a0.get("raw_html").asText());
        assertEquals("SELECT", a0.at("/operation/op").asText());
        assertEquals("High", a0.at("/operation/value").asText());
        JsonNode c = a0.get("pos_candidates").get(0);
        assertEquals("select", c.get("tag").asText());
        assertEquals("2", c.get("backend_node_id").asText());
        JsonNode attrs = Json.MAPPER.readTree(c.get("attributes").asText());
        assertEquals("priority", attrs.get("id").asText());
        assertEquals("10,20,200,30", attrs.get("bounding_box_rect").asText());
        assertEquals("2", attrs.get("backend_node_id").asText());
        assertEquals(0, a0.get("neg_candidates").size());
        assertTrue(Files.isRegularFile(out.resolve("web").resolve(a0.get("screenshot").asText())));
        assertEquals("https://desk.example.com/tickets", a0.get("url").asText());

        JsonNode a1 = task.get("actions").get(1);
        assertEquals(HTML, a1.get("cleaned_html").asText(), "an unchanged page refers to the earlier snapshot");
        assertEquals("4", a1.at("/pos_candidates/0/backend_node_id").asText());
        assertEquals("CLICK", a1.at("/operation/op").asText());

        JsonNode a3 = task.get("actions").get(3);
        assertEquals("CLICK", a3.at("/operation/op").asText());
        assertEquals("ENTER", a3.at("/operation/original_op").asText());
        assertTrue(a3.get("cleaned_html").isNull());
        assertTrue(a3.get("screenshot").isNull());
    }
}
