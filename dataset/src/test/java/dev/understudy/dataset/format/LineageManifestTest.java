package dev.understudy.dataset.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
@Timeout(60)
class LineageManifestTest {
    @Test
    void hashesEveryOutputFileAndListsSources(@TempDir Path dir) throws Exception {
        List<SyntheticRows.Task> tasks = SyntheticRows.tasks(12, 3);
        DatasetStats stats = new DatasetStats();
        HfParquetWriter w = new HfParquetWriter();
        w.open(dir, WriterOptions.DEFAULTS);
        for (SyntheticRows.Task t : tasks) {
            w.add(t.episode(), t.rows());
            stats.add(t.episode(), t.rows(), "train");
        }
        w.close();
        Files.writeString(dir.resolve("README.md"), "card");
        List<LineageManifest.Source> sources = new ArrayList<>();
        for (String s : stats.episodesBySession().keySet())
            sources.add(new LineageManifest.Source(s, "collector:https://collector.example/", "dev-" + s.hashCode(), "p-7", "ab" + s.length()));
        Path m = LineageManifest.write(dir, sources, stats.episodesBySession(), Map.of("min_steps", 2, "drop_flagged", false), "0.1.0+abc");
        byte[] first = Files.readAllBytes(m);
        assertArrayEquals(first, Files.readAllBytes(LineageManifest.write(dir, sources, stats.episodesBySession(),
                Map.of("drop_flagged", false, "min_steps", 2), "0.1.0+abc")), "deterministic");

        JsonNode root = new ObjectMapper().readTree(first);
        assertEquals("0.1.0+abc", root.get("code_version").asText());
        assertEquals(2, root.get("parameters").get("min_steps").asInt());
        assertEquals(4, root.get("sources").size());
        int episodes = 0;
        for (JsonNode s : root.get("sources")) episodes += s.get("episodes").size();
        assertEquals(12, episodes);
        assertEquals("p-7", root.get("sources").get(0).get("person").asText());
        List<String> paths = new ArrayList<>();
        for (JsonNode f : root.get("files")) {
            Path p = dir.resolve(f.get("path").asText());
            paths.add(f.get("path").asText());
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
            assertEquals(sha, f.get("sha256").asText(), p.toString());
            assertEquals(Files.size(p), f.get("bytes").asLong());
        }
        assertEquals(List.of("README.md", "data/train-00000-of-00001.parquet"), paths);
        assertFalse(paths.contains("manifest.json"));
    }
}
