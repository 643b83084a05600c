package dev.understudy.export;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.model.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class AgentNetExporterTest {
    @TempDir Path tmp;

    @Test
    void oneTrajectoryPerSessionWithNormalisedCode() throws Exception {
        Fixtures fx = new Fixtures(tmp.resolve("trace"));
        Path out = tmp.resolve("out");
        ExportSummary sum = Exporters.run("agentnet", List.of(fx.session("s1"), fx.session("s2")), out, false);
        assertEquals(2, sum.sessions());
        assertEquals(32, sum.steps());
        assertEquals(2, sum.frames(), "only observations, each once");

        List<String> lines = Files.readAllLines(out.resolve("trajectories.jsonl"), StandardCharsets.UTF_8);
        assertEquals(2, lines.size());
        JsonNode t = Json.MAPPER.readTree(lines.get(0));
        assertEquals("s1", t.get("task_id").asText());
        assertTrue(t.has("instruction") && t.get("instruction").isNull());
        JsonNode traj = t.get("traj");
        assertEquals(16, traj.size());
        for (int i = 0; i < traj.size(); i++) {
            JsonNode st = traj.get(i);
            assertEquals(i, st.get("index").asInt());
            String image = st.get("image").asText();
            assertTrue(image.startsWith("images/") && image.endsWith(".png"), image);
            assertNotNull(ImageIO.read(out.resolve(image).toFile()));
            assertTrue(st.at("/value/thought").isNull());
            assertEquals(i == 15, st.at("/value/last_step_flag").asBoolean());
        }
        assertEquals("pyautogui.click(x=0.5, y=0.5)", traj.get(0).at("/value/code").asText());
        assertEquals("Click on 'Save' (push button) at (640, 400) in xterm", traj.get(0).at("/value/action").asText());
        assertEquals("pyautogui.doubleClick(x=0.3219, y=0.2913)", traj.get(1).at("/value/code").asText());
        assertEquals("Double-click at (412, 233) in xterm", traj.get(1).at("/value/action").asText());
        assertEquals("pyautogui.moveTo(x=0.0781, y=0.125)\npyautogui.dragTo(x=0.2344, y=0.25, button='left')",
                traj.get(5).at("/value/code").asText());
        assertEquals("pyautogui.scroll(-3, x=0.3906, y=0.375)", traj.get(6).at("/value/code").asText());
        assertEquals("Scroll down 3 at (500, 300) in xterm", traj.get(6).at("/value/action").asText());
        assertEquals("pyautogui.write('hello world')", traj.get(7).at("/value/code").asText());
        assertEquals("Type 'hello world'", traj.get(7).at("/value/action").asText());
        assertEquals("pyautogui.press('enter')", traj.get(8).at("/value/code").asText());
        assertEquals("Press enter", traj.get(8).at("/value/action").asText());
        assertEquals("pyautogui.hotkey('ctrl', 'shift', 't')", traj.get(9).at("/value/code").asText());
        assertEquals("Press ctrl+shift+t", traj.get(9).at("/value/action").asText());
        assertEquals("# switch_app: 'firefox'", traj.get(10).at("/value/code").asText());
        assertEquals("Switch to firefox", traj.get(10).at("/value/action").asText());
        assertEquals("pyautogui.hotkey('ctrl', 'c')", traj.get(11).at("/value/code").asText());
        assertEquals("Copy 'copied text'", traj.get(11).at("/value/action").asText());
        assertEquals("Go to https://example.org/page?q=1", traj.get(15).at("/value/action").asText());
        assertEquals("s2", Json.MAPPER.readTree(lines.get(1)).get("task_id").asText());
    }
}
