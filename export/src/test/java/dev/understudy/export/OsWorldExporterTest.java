package dev.understudy.export;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.model.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class OsWorldExporterTest {
    @TempDir Path tmp;

    @Test
    void directoryPerSessionWithAbsoluteCode() throws Exception {
        Fixtures fx = new Fixtures(tmp.resolve("trace"));
        Path out = tmp.resolve("out");
        ExportSummary sum = Exporters.run("osworld", List.of(fx.session("2026-11-22T19:40:01Z/a"), fx.session("other")), out, false);
        assertEquals(32, sum.steps());
        Path dir = out.resolve("2026-11-22T19_40_01Z_a");
        assertTrue(Files.isDirectory(dir));
        assertTrue(Files.isRegularFile(out.resolve("other/traj.jsonl")));

        List<JsonNode> recs = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("traj.jsonl"), StandardCharsets.UTF_8)) recs.add(Json.MAPPER.readTree(l));
        assertEquals(16, recs.size());
        for (int i = 0; i < recs.size(); i++) {
            JsonNode r = recs.get(i);
            assertEquals(i + 1, r.get("step_num").asInt());
            assertTrue(r.get("action_timestamp").asText().matches("\\d{8}@\\d{12}"), r.get("action_timestamp").asText());
            assertEquals(i == 15, r.get("done").asBoolean());
            if (i == 15) {
                assertTrue(r.get("screenshot_file").isNull(), "no screen is known after the last step");
            } else {
                String shot = r.get("screenshot_file").asText();
                assertNotNull(ImageIO.read(dir.resolve(shot).toFile()), shot);
            }
            String before = r.get("observation_file").asText();
            assertNotNull(ImageIO.read(dir.resolve(before).toFile()), before);
            assertTrue(r.has("app"));
        }
        assertEquals("pyautogui.click(x=640, y=400)", recs.get(0).get("action").asText());
        assertEquals("pyautogui.doubleClick(x=412, y=233)", recs.get(1).get("action").asText());
        assertEquals("pyautogui.moveTo(x=100, y=100)\npyautogui.dragTo(x=300, y=200, button='left')", recs.get(5).get("action").asText());
        assertEquals("pyautogui.scroll(-3, x=500, y=300)", recs.get(6).get("action").asText());
        assertEquals("XTerm", recs.get(0).at("/app/window_class").asText());
        // The session's time zone (Europe/Berlin, UTC+1 in November) and microseconds.
        assertEquals(java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd'@'HHmmssSSSSSS")
                .format(java.time.Instant.ofEpochMilli(Fixtures.START + 1000).atZone(java.time.ZoneId.of("Europe/Berlin"))),
                recs.get(0).get("action_timestamp").asText());
        // Step 1 has its own after-frame (C); step 2's after-screen is step 3's observation (A).
        assertFalse(recs.get(0).get("screenshot_file").asText().equals(recs.get(0).get("observation_file").asText()));
        assertEquals(recs.get(0).get("observation_file").asText(), recs.get(1).get("screenshot_file").asText(),
                "frame A written once, reused by name");
        try (var files = Files.list(dir)) {
            assertEquals(4, files.count(), "traj.jsonl + 3 distinct frames");
        }
    }

    @Test
    void safeDirectoryNames() {
        assertEquals("a_b", OsWorldExporter.safeName("a/b"));
        assertEquals("session_", OsWorldExporter.safeName("."));
        assertEquals("session__", OsWorldExporter.safeName(".."));
        assertEquals("ok-1.2_x", OsWorldExporter.safeName("ok-1.2_x"));
    }
}
