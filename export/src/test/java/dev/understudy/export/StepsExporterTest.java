package dev.understudy.export;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.model.Action;
import dev.understudy.model.Json;
import dev.understudy.model.Step;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class StepsExporterTest {
    @TempDir Path tmp;

    private List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) out.add(Json.MAPPER.readTree(l));
        return out;
    }

    private List<JsonNode> exportOne(Fixtures fx) throws Exception {
        Path out = tmp.resolve("out");
        ExportSummary sum = Exporters.run("steps", List.of(fx.session("s1")), out, false);
        assertEquals(16, sum.steps());
        assertEquals(3, sum.frames());
        assertEquals(0, sum.missingFrames());
        return lines(out.resolve("steps.jsonl"));
    }

    @Test
    void commonFieldsOfEveryLine() throws Exception {
        Fixtures fx = new Fixtures(tmp.resolve("trace"));
        List<JsonNode> lines = exportOne(fx);
        assertEquals(16, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode n = lines.get(i);
            assertEquals("s1", n.get("session").asText());
            assertEquals(i, n.get("index").asInt());
            assertEquals(StepRecords.isoTime(Fixtures.START + 1000L * (i + 1)), n.get("time").asText());
            assertTrue(n.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), n.get("time").asText());
            assertEquals(1280, n.at("/screen/width").asInt());
            assertEquals(800, n.at("/screen/height").asInt());
            assertEquals(10L * i, n.at("/raw/first_seq").asLong());
            assertEquals(10L * i + 3, n.at("/raw/last_seq").asLong());
            String expectedObs = "frames/" + (i % 2 == 0 ? fx.frameA : fx.frameB) + ".png";
            assertEquals(expectedObs, n.get("observation").asText());
            assertEquals(i == 0, n.has("observation_after"));
            assertNotNull(n.get("target").get("source"));
        }
        assertEquals("frames/" + fx.frameC + ".png", lines.get(0).get("observation_after").asText());
    }

    @Test
    void isoTimeHasMillisecondsInUtc() {
        assertEquals("2026-11-22T19:40:01.123Z", StepRecords.isoTime(java.time.Instant.parse("2026-11-22T19:40:01.123Z").toEpochMilli()));
        assertEquals("2026-11-22T19:40:01.000Z", StepRecords.isoTime(java.time.Instant.parse("2026-11-22T19:40:01Z").toEpochMilli()));
    }

    @Test
    void appAndTargetFields() throws Exception {
        Fixtures fx = new Fixtures(tmp.resolve("trace"));
        List<JsonNode> lines = exportOne(fx);
        JsonNode app = lines.get(0).get("app");
        assertEquals("xterm", app.get("name").asText());
        assertEquals("XTerm", app.get("window_class").asText());
        assertEquals("bash", app.get("title").asText());
        assertFalse(app.has("url"), "url only when known");
        JsonNode ff = lines.get(15).get("app");
        assertEquals("https://example.com/", ff.get("url").asText());

        JsonNode t = lines.get(0).get("target");
        assertEquals("a11y", t.get("source").asText());
        assertEquals("push button", t.get("role").asText());
        assertEquals("Save", t.get("name").asText());
        assertEquals("[600,380,80,40]", t.get("bbox").toString());
        JsonNode dom = lines.get(14).get("target");
        assertEquals("dom", dom.get("source").asText());
        assertEquals("select", dom.get("tag").asText());
        assertEquals("#size", dom.get("selector").asText());
        assertEquals("/html/body/select", dom.get("xpath").asText());
        assertEquals("{\"source\":\"none\"}", lines.get(3).get("target").toString());
    }

    @Test
    void actionFieldsPerType() throws Exception {
        Fixtures fx = new Fixtures(tmp.resolve("trace"));
        List<JsonNode> l = exportOne(fx);
        assertEquals("{\"type\":\"click\",\"x\":640,\"y\":400}", l.get(0).get("action").toString());
        assertEquals("{\"type\":\"double_click\",\"x\":412,\"y\":233}", l.get(1).get("action").toString());
        assertEquals("{\"type\":\"triple_click\",\"x\":100,\"y\":200}", l.get(2).get("action").toString());
        assertEquals("{\"type\":\"right_click\",\"x\":10,\"y\":20}", l.get(3).get("action").toString());
        assertEquals("{\"type\":\"middle_click\",\"x\":30,\"y\":40}", l.get(4).get("action").toString());
        assertEquals("{\"type\":\"drag\",\"x\":100,\"y\":100,\"to_x\":300,\"to_y\":200,\"path\":[[100,100],[200,150],[300,200]]}",
                l.get(5).get("action").toString());
        assertEquals("{\"type\":\"scroll\",\"x\":500,\"y\":300,\"dx\":0,\"dy\":3}", l.get(6).get("action").toString());
        assertEquals("{\"type\":\"type\",\"text\":\"hello world\"}", l.get(7).get("action").toString());
        assertEquals("{\"type\":\"key\",\"key\":\"enter\"}", l.get(8).get("action").toString());
        assertEquals("{\"type\":\"hotkey\",\"keys\":[\"ctrl\",\"shift\",\"t\"]}", l.get(9).get("action").toString());
        assertEquals("{\"type\":\"switch_app\"}", l.get(10).get("action").toString());
        assertEquals("{\"type\":\"copy\",\"text\":\"copied text\"}", l.get(11).get("action").toString());
        assertEquals("{\"type\":\"cut\",\"text\":\"cut text\"}", l.get(12).get("action").toString());
        assertEquals("{\"type\":\"paste\",\"text\":\"pasted text\"}", l.get(13).get("action").toString());
        assertEquals("{\"type\":\"select_option\",\"option\":\"Large\",\"value\":\"l\"}", l.get(14).get("action").toString());
        assertEquals("{\"type\":\"navigate\",\"url\":\"https://example.org/page?q=1\"}", l.get(15).get("action").toString());
    }

    @Test
    void referencedFramesWrittenOnceAndDecode() throws Exception {
        Fixtures fx = new Fixtures(tmp.resolve("trace"));
        exportOne(fx);
        Path frames = tmp.resolve("out/frames");
        Set<String> names;
        try (Stream<Path> s = Files.list(frames)) {
            names = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertEquals(Set.of(fx.frameA + ".png", fx.frameB + ".png", fx.frameC + ".png"), names, "only referenced frames, no temp files");
        for (String n : names) {
            BufferedImage img = ImageIO.read(frames.resolve(n).toFile());
            assertNotNull(img, n);
            assertEquals(1280, img.getWidth());
            assertEquals(800, img.getHeight());
        }
        byte[] original = fx.store.readPng(fx.frameA);
        assertTrue(java.util.Arrays.equals(original, Files.readAllBytes(frames.resolve(fx.frameA + ".png"))), "PNG bytes as stored");
    }

    @Test
    void sessionsAppendedInOrderAndFramesShared() throws Exception {
        Fixtures fx = new Fixtures(tmp.resolve("trace"));
        Path out = tmp.resolve("out");
        ExportSummary sum = Exporters.run(null, List.of(fx.session("first"), fx.session("second")), out, false);
        assertEquals(32, sum.steps());
        assertEquals(3, sum.frames());
        List<JsonNode> l = lines(out.resolve("steps.jsonl"));
        assertEquals(32, l.size());
        assertEquals("first", l.get(15).get("session").asText());
        assertEquals("second", l.get(16).get("session").asText());
        assertEquals(0, l.get(16).get("index").asInt());
    }

    @Test
    void missingFrameGivesNullObservationAndScreenFromMonitor() throws Exception {
        Fixtures fx = new Fixtures(tmp.resolve("trace"));
        String ghost = "0123456789abcdef0123456789abcdef01234567";
        Step s = new Step("m", 0, 0, Fixtures.START, Fixtures.XTERM, new Action.Click(5, 5), null, 1, ghost, null, 0, 1);
        Path out = tmp.resolve("out");
        ExportSummary sum = Exporters.run("steps", List.of(new ExportSession("m", Fixtures.manifest("m"), List.of(s), fx.store)), out, false);
        assertEquals(1, sum.missingFrames());
        assertEquals(0, sum.frames());
        JsonNode n = lines(out.resolve("steps.jsonl")).get(0);
        assertTrue(n.get("observation").isNull());
        assertEquals(1920, n.at("/screen/width").asInt(), "monitor 1 of the manifest");
        assertEquals(1080, n.at("/screen/height").asInt());
        assertEquals("none", n.at("/target/source").asText());
        assertTrue(sum.line().contains("1 steps") || sum.line().contains("1 step "), sum.line());
    }
}
