package dev.understudy.dataset.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.dataset.StepRow;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
@Timeout(60)
class WebDatasetWriterTest {
    static final List<SyntheticRows.Task> TASKS = SyntheticRows.tasks(40, 11);
    static final WriterOptions OPTIONS = WriterOptions.DEFAULTS.withShardBytes(40_000);

    static List<Path> write(Path dir) throws Exception {
        WebDatasetWriter w = new WebDatasetWriter();
        w.open(dir, OPTIONS);
        for (SyntheticRows.Task t : TASKS) w.add(t.episode(), t.rows());
        return w.close();
    }

    @Test
    void samplesArePngAndJsonPairsWithDotFreeKeys(@TempDir Path dir) throws Exception {
        List<Path> shards = write(dir);
        assertTrue(shards.size() >= 3, "several shards: " + shards);
        for (int i = 0; i < shards.size(); i++) assertEquals(Path.of(String.format("train-%06d.tar", i)), shards.get(i));
        Map<String, StepRow> rows = new LinkedHashMap<>();
        for (SyntheticRows.Task t : TASKS) for (StepRow r : t.rows()) rows.put(WebDatasetWriter.key(r), r);
        Map<String, List<String>> extensions = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (Path shard : shards) {
            try (InputStream in = Files.newInputStream(dir.resolve(shard)); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    assertEquals(0, e.getModTime().getTime(), e.getName());
                    assertEquals(0, e.getLongUserId());
                    assertEquals(0, e.getLongGroupId());
                    assertEquals(0644, e.getMode() & 07777);
                    assertEquals("", e.getUserName());
                    String name = e.getName();
                    int dot = name.indexOf('.');
                    String key = name.substring(0, dot), ext = name.substring(dot + 1);
                    assertFalse(key.contains("/"), name);
                    extensions.computeIfAbsent(key, k -> new ArrayList<>()).add(ext);
                    byte[] bytes = tar.readAllBytes();
                    StepRow want = rows.get(key);
                    if (ext.equals("png")) assertArrayEquals(want.image(), bytes);
                    else {
                        JsonNode node = json.readTree(bytes);
                        List<String> fields = new ArrayList<>();
                        node.fieldNames().forEachRemaining(fields::add);
                        assertEquals(StepRow.COLUMNS.stream().filter(c -> !c.equals("image")).toList(), fields);
                        assertEquals(want.episodeId(), node.get("episode_id").asText());
                        assertEquals(want.stepIndex(), node.get("step_index").asInt());
                        assertEquals(want.keys().size(), node.get("keys").size());
                        assertEquals(want.app(), node.get("app").asText());
                        assertTrue(node.get("option").isNull());
                    }
                }
            }
        }
        assertEquals(List.copyOf(rows.keySet()), List.copyOf(extensions.keySet()), "every row once, in episode then step order");
        rows.forEach((key, r) -> assertEquals(r.image() == null ? List.of("json") : List.of("png", "json"), extensions.get(key), key));
    }

    @Test
    void keysHaveNoDots() {
        StepRow r = SyntheticRows.tasks(1, 1).get(0).rows().get(0);
        StepRow dotted = new StepRow("a.b/c-001", r.sessionId(), 7, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, List.of(), null, null, null, null, null, null, null, null, List.of(), 0);
        assertEquals("a_b_c-001_0007", WebDatasetWriter.key(dotted));
    }

    @Test
    void sameRowsGiveByteIdenticalTars(@TempDir Path dir) throws Exception {
        List<Path> a = write(dir.resolve("a")), b = write(dir.resolve("b"));
        assertEquals(a, b);
        for (Path f : a) assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)));
    }

    @Test
    void tarReadsBackWithTheSystemTar(@TempDir Path dir) throws Exception {
        List<Path> shards = write(dir);
        Process p = new ProcessBuilder("tar", "tvf", dir.resolve(shards.get(0)).toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.lines().findFirst().orElse("").startsWith("-rw-r--r-- 0/0"), out);
        assertTrue(out.contains("1970-01-01"), out);
    }
}
