package dev.understudy.dataset.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.understudy.dataset.StepRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
@Timeout(60)
class DatasetCardTest {
    static DatasetStats stats() {
        DatasetStats s = new DatasetStats();
        for (SyntheticRows.Task t : SyntheticRows.tasks(30, 5)) s.add(t.episode(), t.rows(), t.episode().index() % 4 == 3 ? "test" : "train");
        return s;
    }

    static CardInput input() {
        return new CardInput("Acme support desk: tickets", "Support staff filing tickets.",
                List.of(new CardInput.Screen(1920, 1080, 1.0, 3), new CardInput.Screen(1440, 900, 2.0, 1)),
                List.of(new CardInput.Policy("acme-capture", "3", "sha256:abc")),
                "Typed text: emails and phone numbers replaced by [EMAIL], [PHONE]. Frames: password fields masked.",
                Map.of("min_steps", "2", "split", "test=25%"), List.of("parquet", "webdataset"));
    }

    @Test
    void yamlHeaderParsesAndNamesEveryColumn(@TempDir Path dir) throws Exception {
        DatasetStats s = stats();
        String card = Files.readString(DatasetCard.write(dir, input(), s));
        assertTrue(card.startsWith("---\n"));
        int end = card.indexOf("\n---\n", 4);
        JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(card.substring(4, end));
        assertEquals("other", yaml.get("license").asText());
        assertEquals("image-text-to-text", yaml.get("task_categories").get(0).asText());
        List<String> tags = new ArrayList<>();
        yaml.get("tags").forEach(t -> tags.add(t.asText()));
        assertTrue(tags.containsAll(List.of("gui-agent", "computer-use")));
        JsonNode files = yaml.get("configs").get(0).get("data_files");
        assertEquals("default", yaml.get("configs").get(0).get("config_name").asText());
        assertEquals("test", files.get(0).get("split").asText());
        assertEquals("data/test-*", files.get(0).get("path").asText());
        assertEquals("data/train-*", files.get(1).get("path").asText());
        List<String> names = new ArrayList<>();
        for (JsonNode f : yaml.get("dataset_info").get("features")) names.add(f.get("name").asText());
        assertEquals(StepRow.COLUMNS, names);
        JsonNode features = yaml.get("dataset_info").get("features");
        assertEquals("image", features.get(StepRow.COLUMNS.indexOf("image")).get("dtype").asText());
        assertEquals("string", features.get(StepRow.COLUMNS.indexOf("keys")).get("sequence").asText());
        long examples = 0;
        for (JsonNode sp : yaml.get("dataset_info").get("splits")) examples += sp.get("num_examples").asLong();
        assertEquals(s.steps(), examples);

        for (String c : StepRow.COLUMNS) assertTrue(card.contains("| `" + c + "` |"), c);
        assertTrue(card.contains("datasets.load_dataset("));
        assertTrue(card.contains("| `[EMAIL]` |"));
        assertTrue(card.contains("manifest.json"));
        assertTrue(card.contains("| 1440×900 | 2 | 1 |"));
        assertTrue(card.contains("sha256:abc"));
        assertFalse(card.contains("<script>"), "app names are escaped");
        assertTrue(card.contains("&lt;script&gt;"));
    }
}
