package dev.understudy.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.model.A11yNode;
import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import dev.understudy.model.Step;
import dev.understudy.model.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Desktop steps grounded in the accessibility tree, exported: a menu_select, a select_option in a
 * combo box, a checked toggle and a grounded click with its subtree. The steps are on monitor 1
 * (origin x = 1280), so the reads' screen boxes move by -1280.
 */
@Tag("unit")
@Timeout(30)
class A11yExportTest {
    static final int OX = Fixtures.W;
    static final AppContext WRITER = new AppContext("soffice.bin", "libreoffice-writer", "Untitled 1 - LibreOffice Writer", 900,
            new Rect(OX, 0, 1920, 1080), null);
    static final A11yNode APP = leaf("application", "LibreOffice", null);
    static final A11yNode FRAME = leaf("frame", "Untitled 1 - LibreOffice Writer", new Rect(OX, 0, 1920, 1080));
    static final A11yNode BAR = leaf("menu bar", null, new Rect(OX, 28, 1920, 24));
    static final A11yNode FILE = leaf("menu", "File", new Rect(OX + 10, 30, 40, 20));
    static final A11yNode COMBO = leaf("combo box", "Font Size", new Rect(OX + 400, 60, 70, 24));

    @TempDir Path tmp;

    static A11yNode leaf(String role, String name, Rect box, String... states) {
        return new A11yNode(role, name, null, List.of(states), box, List.of());
    }

    static RawEvent.A11y pointer(long ms, A11yNode el, List<A11yNode> path, List<A11yNode> siblings) {
        return new RawEvent.A11y(ms * 1_000_000L, Fixtures.START + ms, RawEvent.A11y.POINTER, 0, 0, "LibreOffice 7.6", el, path,
                siblings, 800, RawEvent.A11y.OK);
    }

    static Target target(A11yNode n, Rect frameBox, List<String> path, long seq) {
        return Target.a11y(n.role(), n.name(), n.description(), n.states(), frameBox, path, "LibreOffice 7.6", seq);
    }

    static final List<String> MAIN = List.of("application: LibreOffice", "frame: Untitled 1 - LibreOffice Writer");

    ExportSession session() {
        A11yNode saveAs = leaf("menu item", "Save As…", new Rect(OX + 20, 110, 200, 24));
        A11yNode fourteen = leaf("list item", "14", new Rect(OX + 400, 190, 70, 20), "selected");
        A11yNode bold = leaf("check box", "Bold", new Rect(OX + 100, 100, 16, 16));
        A11yNode send = new A11yNode("push button", "Send", "Sends the mail", List.of("focused"), new Rect(OX + 280, 190, 60, 24),
                List.of(leaf("label", "Send", new Rect(OX + 290, 194, 40, 16))));
        List<RawEvent> events = List.of(
                new RawEvent.WindowFocus(0, Fixtures.START, WRITER),
                pointer(1000, saveAs, List.of(APP, FRAME, BAR, FILE), List.of(leaf("menu item", "Save", null))),
                pointer(2000, fourteen, List.of(APP, FRAME, leaf("tool bar", "Formatting", null), COMBO, leaf("list", null, null)),
                        List.of(leaf("list item", "12", null))),
                pointer(3000, bold, List.of(APP, FRAME), List.of()),
                pointer(4000, send, List.of(APP, FRAME), List.of(leaf("push button", "Cancel", new Rect(OX + 350, 190, 60, 24)))));
        List<Step> steps = List.of(
                step(0, new Action.MenuSelect(List.of("File", "Save As…")),
                        target(saveAs, new Rect(20, 110, 200, 24), List.of(MAIN.get(0), MAIN.get(1), "menu bar", "menu: File"), 1)),
                step(1, new Action.SelectOption("14", null),
                        target(COMBO, new Rect(400, 60, 70, 24), List.of(MAIN.get(0), MAIN.get(1), "tool bar: Formatting"), 2)),
                step(2, new Action.Click(108, 108), target(bold, new Rect(100, 100, 16, 16), MAIN, 3).withChecked(true)),
                step(3, new Action.Click(300, 200), target(send, new Rect(280, 190, 60, 24), MAIN, 4)));
        return new ExportSession("desk", Fixtures.manifest("desk"), steps, null, events);
    }

    static Step step(int i, Action a, Target t) {
        return new Step("desk", i, (i + 1) * 1_000_000_000L, Fixtures.START + 1000L * (i + 1), WRITER, a, t, 1, null, null, i + 1, i + 1);
    }

    @Test
    void stepsJsonlCarriesTheNewFields() throws Exception {
        Path out = tmp.resolve("steps");
        Exporters.run("steps", List.of(session()), out, false);
        List<String> lines = Files.readAllLines(out.resolve("steps.jsonl"), StandardCharsets.UTF_8);
        JsonNode menu = Json.MAPPER.readTree(lines.get(0));
        assertEquals("{\"type\":\"menu_select\",\"path\":[\"File\",\"Save As…\"]}", menu.get("action").toString());
        assertEquals("{\"source\":\"a11y\",\"role\":\"menu item\",\"name\":\"Save As…\",\"bbox\":[20,110,200,24],\"event_seq\":1,"
                + "\"path\":[\"application: LibreOffice\",\"frame: Untitled 1 - LibreOffice Writer\",\"menu bar\",\"menu: File\"],"
                + "\"toolkit\":\"LibreOffice 7.6\"}", menu.get("target").toString());
        JsonNode combo = Json.MAPPER.readTree(lines.get(1));
        assertEquals("{\"type\":\"select_option\",\"option\":\"14\"}", combo.get("action").toString());
        assertEquals("combo box", combo.at("/target/role").asText());
        JsonNode bold = Json.MAPPER.readTree(lines.get(2));
        assertTrue(bold.at("/target/checked").asBoolean());
        JsonNode send = Json.MAPPER.readTree(lines.get(3));
        assertEquals("Sends the mail", send.at("/target/description").asText());
        assertEquals("[\"focused\"]", send.at("/target/states").toString());
        assertFalse(send.at("/target").has("checked"));
    }

    @Test
    void agentNetHasTheClicksAndTheSubtree() throws Exception {
        Path out = tmp.resolve("agentnet");
        Exporters.run("agentnet", List.of(session()), out, false);
        JsonNode traj = Json.MAPPER.readTree(Files.readAllLines(out.resolve("trajectories.jsonl"), StandardCharsets.UTF_8).get(0))
                .get("traj");
        // File at (30, 40), Save As… at (120, 122) on a 1920x1080 frame
        assertEquals("pyautogui.click(x=0.0156, y=0.037)\npyautogui.click(x=0.0625, y=0.113)", traj.get(0).at("/value/code").asText());
        assertEquals("Choose 'File → Save As…' from the menu in soffice.bin", traj.get(0).at("/value/action").asText());
        assertEquals("menu item", traj.get(0).at("/target/role").asText());
        // the combo box (435, 72), then the entry (435, 200)
        assertEquals("pyautogui.click(x=0.2266, y=0.0667)\npyautogui.click(x=0.2266, y=0.1852)", traj.get(1).at("/value/code").asText());
        assertEquals("Check 'Bold' (check box) at (108, 108) in soffice.bin", traj.get(2).at("/value/action").asText());
        JsonNode tree = traj.get(3).get("accessibility");
        assertEquals("{\"source\":\"atspi\",\"toolkit\":\"LibreOffice 7.6\",\"event_seq\":4,"
                + "\"element\":{\"role\":\"push button\",\"name\":\"Send\",\"description\":\"Sends the mail\",\"states\":[\"focused\"],"
                + "\"bbox\":[280,190,60,24],\"children\":[{\"role\":\"label\",\"name\":\"Send\",\"bbox\":[290,194,40,16]}]},"
                + "\"ancestors\":[{\"role\":\"application\",\"name\":\"LibreOffice\"},"
                + "{\"role\":\"frame\",\"name\":\"Untitled 1 - LibreOffice Writer\",\"bbox\":[0,0,1920,1080]}],"
                + "\"siblings\":[{\"role\":\"push button\",\"name\":\"Cancel\",\"bbox\":[350,190,60,24]}]}", tree.toString());
        // the select_option's subtree is its entry's, the combo box among the ancestors
        assertEquals("14", traj.get(1).at("/accessibility/element/name").asText());
        assertEquals("combo box", traj.get(1).at("/accessibility/ancestors/3/role").asText());
    }

    @Test
    void osWorldHasAbsoluteClicksAndTheSubtree() throws Exception {
        Path out = tmp.resolve("osworld");
        Exporters.run("osworld", List.of(session()), out, false);
        List<String> lines = Files.readAllLines(out.resolve("desk").resolve("traj.jsonl"), StandardCharsets.UTF_8);
        assertEquals("pyautogui.click(x=30, y=40)\npyautogui.click(x=120, y=122)", Json.MAPPER.readTree(lines.get(0)).get("action").asText());
        assertEquals("pyautogui.click(x=435, y=72)\npyautogui.click(x=435, y=200)", Json.MAPPER.readTree(lines.get(1)).get("action").asText());
        assertEquals("pyautogui.click(x=108, y=108)", Json.MAPPER.readTree(lines.get(2)).get("action").asText());
        JsonNode send = Json.MAPPER.readTree(lines.get(3));
        assertEquals("Send", send.at("/accessibility/element/name").asText());
        assertTrue(send.at("/target/checked").isMissingNode());
    }

    @Test
    void viewerSentences() {
        ExportSession s = session();
        List<Step> st = s.steps();
        String where = " in libreoffice-writer — 'Untitled 1 - LibreOffice Writer'";
        assertEquals("Chose File → Save As…" + where, StepDescriptions.past(st.get(0), false));
        assertEquals("Chose “14” in “Font Size”" + where, StepDescriptions.past(st.get(1), false));
        assertEquals("Checked the “Bold” check box" + where, StepDescriptions.past(st.get(2), false));
        assertEquals("Unchecked the “Bold” check box" + where,
                StepDescriptions.past(st.get(2).withTarget(st.get(2).target().withChecked(false)), false));
        assertEquals("Clicked the “Send” push button" + where, StepDescriptions.past(st.get(3), false));
        String html = ViewerWriter.render(s);
        assertTrue(html.contains("Chose File → Save As…"), "the viewer tells the menu path");
    }

    @Test
    void withoutTheReadAMenuSelectIsAComment() {
        Step menu = session().steps().get(0);
        assertEquals("# menu_select: 'File' > 'Save As…'", PyAutoGui.absolute().code(menu.action(), WRITER, 1920, 1080,
                A11yTrees.clicks(menu, List.of(), null)));
    }
}
