package dev.understudy.dataset.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.dataset.DatasetTransforms.TaskOptions;
import dev.understudy.dataset.Flags;
import dev.understudy.dataset.StepRow;
import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.dataset.build.BuildOptions;
import dev.understudy.dataset.build.BuildReport;
import dev.understudy.dataset.build.DatasetBuilder;
import dev.understudy.model.Json;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Spark engine in local[2] on a small generated corpus, against the transforms run in this process. */
@Tag("unit")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SparkDatasetJobTest {
    @TempDir
    static Path tmp;

    Path data;
    String dupOf, dup, badEvents, badManifest;
    SparkDatasetJob.Report report;
    final List<StepRow> expected = new ArrayList<>();
    InProcess.Result local;
    BuildReport localReport;
    JavaSparkContext sc;

    @BeforeAll
    void build() throws Exception {
        data = tmp.resolve("device");
        for (long s = 1; s <= 5; s++) Corpus.session(data, s, 8 + (int) s * 3, 4, 320, 200);
        dupOf = Corpus.session(data, 6, 6, 14, 4, 320, 200);
        dup = Corpus.session(data, 7, 6, 14, 4, 320, 200); // the same screens and actions as session 6
        badEvents = Corpus.session(data, 8, 10, 4, 320, 200);
        Corpus.corruptEvents(data, badEvents);
        badManifest = Corpus.session(data, 9, 10, 4, 320, 200);
        Corpus.corruptManifest(data, badManifest);

        local = InProcess.run(data, TaskOptions.DEFAULTS, (e, rows) -> expected.addAll(rows));
        localReport = DatasetBuilder.build(localOptions(tmp.resolve("local"), null, Set.of(), 2, Set.of()), DatasetBuilder.Progress.NONE);
        SparkDatasetJob.Options o = SparkDatasetJob.Options.of(List.of(data), tmp.resolve("out")).withMaster("local[2]").withPartitions(3);
        sc = new JavaSparkContext(SparkDatasetJob.conf(o));
        sc.setLogLevel("WARN");
        report = SparkDatasetJob.run(sc, o);
    }

    @AfterAll
    void stop() {
        if (sc != null) sc.close();
    }

    BuildOptions localOptions(Path out, Instant since, Set<String> apps, int minSteps, Set<String> drop) {
        return new BuildOptions(List.of(data), out, "hf", since, apps, null, 0, minSteps, drop, TaskOptions.DEFAULTS.idleGapMillis(), 500_000_000L);
    }

    static JsonNode json(Path p) throws Exception {
        return Json.MAPPER.readTree(Files.readAllBytes(p));
    }

    @Test
    void sparkWritesTheLocalEnginesCardPlotsLineageAndReport() throws Exception {
        Path out = tmp.resolve("out"), loc = tmp.resolve("local");
        for (String f : List.of("README.md", "stats.html", "manifest.json", "build-report.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertFalse(Files.exists(out.resolve(".spark-staging")), "staging removed");
        // the statistics merged from the partitions are the local engine's: the same plots, the same card
        assertEquals(Files.readString(loc.resolve("stats.html")), Files.readString(out.resolve("stats.html")));
        assertEquals(Files.readString(loc.resolve("README.md")).replace("- `engine`: `local`", "- `engine`: `E`"),
                Files.readString(out.resolve("README.md")).replace("- `engine`: `spark`", "- `engine`: `E`"));
        JsonNode sm = json(out.resolve("manifest.json")), lm = json(loc.resolve("manifest.json"));
        assertEquals(lm.get("sources"), sm.get("sources"), "the lineage's sessions");
        assertEquals(7, sm.get("sources").size());
        assertEquals("spark", sm.get("parameters").get("engine").asText());
        List<String> hashed = new ArrayList<>();
        sm.get("files").forEach(f -> hashed.add(f.get("path").asText()));
        assertTrue(hashed.containsAll(List.of("README.md", "stats.html", "build-report.json")), hashed.toString());
        assertEquals(report.files().size(), hashed.stream().filter(f -> f.startsWith("data/train-")).count(), hashed.toString());
        JsonNode sr = json(out.resolve("build-report.json")), lr = json(loc.resolve("build-report.json"));
        for (String k : List.of("sessions_read", "tasks", "tasks_kept", "tasks_dropped", "rows", "rows_by_split")) assertEquals(lr.get(k), sr.get(k), k);
        Set<String> ls = new java.util.TreeSet<>(), ss = new java.util.TreeSet<>();
        lr.get("sessions_skipped").forEach(x -> ls.add(x.get("session").asText()));
        sr.get("sessions_skipped").forEach(x -> ss.add(x.get("session").asText()));
        assertEquals(ls, ss, "sessions skipped");
        assertEquals(localReport.line().replaceAll(" in [0-9.]+ s", "").replace(loc.toString(), "OUT"),
                report.build().line().replaceAll(" in [0-9.]+ s", "").replace(out.toString(), "OUT"));
    }

    @Test
    void filtersAsTheLocalEngine() throws Exception {
        long since = Corpus.START + 3 * 3_600_000L; // sessions 3 and later
        Set<String> drop = Set.of(Flags.NEAR_DUPLICATE);
        Set<String> apps = Set.of("FireFox", "gedit");
        BuildReport lr = DatasetBuilder.build(localOptions(tmp.resolve("local-f"), Instant.ofEpochMilli(since), apps, 5, drop), DatasetBuilder.Progress.NONE);
        SparkDatasetJob.Report sr = SparkDatasetJob.run(sc, SparkDatasetJob.Options.of(List.of(data), tmp.resolve("out-f")).withPartitions(2)
                .withFilters(since, List.copyOf(apps), new TaskOptions(TaskOptions.DEFAULTS.idleGapMillis(), 5), List.copyOf(drop)));
        assertFalse(lr.dropped().isEmpty(), "something dropped: " + lr.line());
        assertTrue(lr.rows() > 0, lr.line());
        assertEquals(lr.dropped(), sr.build().dropped());
        assertEquals(lr.sessionsRead(), sr.build().sessionsRead());
        assertEquals(lr.tasks(), sr.build().tasks());
        assertEquals(lr.tasksKept(), sr.build().tasksKept());
        List<Map<String, Object>> want = Parquet.rows(tmp.resolve("local-f/data")), got = Parquet.rows(tmp.resolve("out-f/data"));
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            for (String c : want.get(i).keySet()) {
                Object w = want.get(i).get(c), h = got.get(i).get(c);
                if (w instanceof byte[] wb) assertArrayEquals(wb, (byte[]) h, "row " + i + " " + c);
                else assertEquals(w, h, "row " + i + " column " + c);
            }
        }
        assertEquals(json(tmp.resolve("local-f/manifest.json")).get("sources"), json(tmp.resolve("out-f/manifest.json")).get("sources"));
    }

    @Test
    void refusesWhatItCannotDoInOneLine() {
        BuildOptions split = new BuildOptions(List.of(data), tmp.resolve("x"), "hf", null, Set.of(), "app", 0.2, 2, Set.of(), 120_000, 500_000_000L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkDatasetJob.runForCli(split, new PrintWriter(Writer.nullWriter())));
        assertTrue(e.getMessage().contains("--split-by") && !e.getMessage().contains("\n"), e.getMessage());
        BuildOptions wds = new BuildOptions(List.of(data), tmp.resolve("x"), "webdataset", null, Set.of(), null, 0, 2, Set.of(), 120_000, 500_000_000L);
        e = assertThrows(IllegalArgumentException.class, () -> SparkDatasetJob.runForCli(wds, new PrintWriter(Writer.nullWriter())));
        assertTrue(e.getMessage().contains("--format hf only"), e.getMessage());
        BuildOptions none = new BuildOptions(List.of(tmp.resolve("nowhere")), tmp.resolve("x"), "hf", null, Set.of(), null, 0, 2, Set.of(), 120_000, 500_000_000L);
        e = assertThrows(IllegalArgumentException.class, () -> SparkDatasetJob.runForCli(none, new PrintWriter(Writer.nullWriter())));
        assertTrue(e.getMessage().contains("no such directory"), e.getMessage());
    }

    @Test
    void enginesGiveTheSameRows() throws Exception {
        List<Map<String, Object>> got = Parquet.rows(tmp.resolve("out/data"));
        assertEquals(Parquet.rows(tmp.resolve("local/data")).size(), got.size(), "the local engine's row count");
        assertFalse(expected.isEmpty());
        assertTrue(expected.stream().filter(r -> r.image() != null).count() > expected.size() / 2, "rows carry their screenshots");
        assertEquals(expected.size(), got.size(), "row count");
        assertEquals(expected.size(), report.rows());
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> want = Parquet.columns(expected.get(i));
            Map<String, Object> have = got.get(i);
            assertEquals(want.keySet(), have.keySet(), "columns");
            for (String c : want.keySet()) {
                Object w = want.get(c), h = have.get(c);
                if (w instanceof byte[] wb) assertArrayEquals(wb, (byte[]) h, "row " + i + " " + c);
                else assertEquals(w, h, "row " + i + " column " + c);
            }
        }
    }

    @Test
    void rowsComeInTheDatasetsOrderAcrossShards() throws Exception {
        assertTrue(report.files().size() >= 2, "several shards: " + report.files());
        List<Map<String, Object>> got = Parquet.rows(tmp.resolve("out/data"));
        List<String> keys = got.stream().map(r -> r.get("session_id") + "/" + r.get("episode_id") + "/"
                + String.format("%09d", (Integer) r.get("step_index"))).toList();
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(null);
        assertEquals(sorted, keys);
        for (int k = 0; k < report.files().size(); k++) {
            assertEquals(String.format("train-%05d-of-%05d.parquet", k, report.files().size()), report.files().get(k).getFileName().toString());
        }
    }

    @Test
    void shardsCarryTheHuggingFaceFooter() throws Exception {
        for (Path f : report.files()) {
            String hf = Parquet.footer(f, "huggingface");
            assertTrue(hf != null && hf.contains("features"), f + ": " + hf);
        }
    }

    @Test
    void nearDuplicateFlaggedAsTheLocalEngineFlagsIt() throws Exception {
        assertFalse(local.nearDuplicates().isEmpty(), "the corpus has a near-duplicate");
        assertEquals(local.nearDuplicates().size(), report.nearDuplicates());
        List<Map<String, Object>> got = Parquet.rows(tmp.resolve("out/data"));
        for (Map<String, Object> r : got) {
            @SuppressWarnings("unchecked")
            List<String> flags = (List<String>) r.get("flags");
            boolean isDup = local.nearDuplicates().contains((String) r.get("episode_id"));
            assertEquals(isDup, flags.contains(Flags.NEAR_DUPLICATE), r.get("episode_id") + " " + flags);
            if (isDup) assertEquals(Flags.NEAR_DUPLICATE, flags.get(flags.size() - 1));
            if (isDup) assertEquals(dup, r.get("session_id"));
        }
    }

    @Test
    void corruptSessionsAreListedAndTheJobGoesOn() {
        Map<String, String> skipped = report.skipped().stream().collect(Collectors.toMap(SparkDatasetJob.Skipped::ref, SparkDatasetJob.Skipped::reason));
        assertTrue(skipped.containsKey(badEvents), "corrupt events: " + report.skipped());
        assertTrue(skipped.containsKey(badManifest), "corrupt manifest: " + report.skipped());
        for (String reason : skipped.values()) assertFalse(reason.isBlank());
        assertEquals(7, report.sessions());
        assertEquals(local.sessions(), report.sessions());
    }

    /** Parquet read back with DuckDB. */
    static final class Parquet {
        static List<Map<String, Object>> rows(Path dataDir) throws Exception {
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT * EXCLUDE (filename, file_row_number) FROM read_parquet('" + dataDir
                         + "/*.parquet', filename = true, file_row_number = true) ORDER BY filename, file_row_number")) {
                List<Map<String, Object>> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    for (int i = 1; i <= n; i++) {
                        String name = rs.getMetaData().getColumnName(i);
                        Object v = rs.getObject(i);
                        if (v instanceof java.sql.Struct s) {
                            // the Hugging Face Image feature: {bytes, path}
                            Object[] a = s.getAttributes();
                            row.put(name, a[0] instanceof java.sql.Blob b ? b.getBytes(1, (int) b.length()) : a[0]);
                            row.put(name + "_path", a[1]);
                            continue;
                        }
                        row.put(name, normalize(v));
                    }
                    out.add(row);
                }
                return out;
            }
        }

        static Object normalize(Object v) throws Exception {
            if (v instanceof Array a) return Arrays.stream((Object[]) a.getArray()).map(x -> {
                try {
                    return normalize(x);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }).toList();
            if (v instanceof java.sql.Blob b) return b.getBytes(1, (int) b.length());
            if (v instanceof java.nio.ByteBuffer bb) {
                byte[] b = new byte[bb.remaining()];
                bb.get(b);
                return b;
            }
            if (v instanceof Short s) return s.intValue();
            return v;
        }

        static String footer(Path file, String key) throws Exception {
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('" + file + "')")) {
                while (rs.next()) if (key.equals(rs.getString("k"))) return rs.getString("v");
                return null;
            }
        }

        /** The row as the columns the writer writes (image: its bytes, and image_path beside it). */
        static Map<String, Object> columns(StepRow r) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("episode_id", r.episodeId());
            m.put("session_id", r.sessionId());
            m.put("step_index", r.stepIndex());
            m.put("instruction", r.instruction());
            m.put("step_instruction", r.stepInstruction());
            m.put("image", r.image());
            m.put("image_path", r.imagePath());
            m.put("image_width", r.imageWidth());
            m.put("image_height", r.imageHeight());
            m.put("action_type", r.actionType());
            m.put("x", r.x());
            m.put("y", r.y());
            m.put("x_norm", r.xNorm());
            m.put("y_norm", r.yNorm());
            m.put("to_x", r.toX());
            m.put("to_y", r.toY());
            m.put("dx", r.dx());
            m.put("dy", r.dy());
            m.put("text", r.text());
            m.put("keys", r.keys());
            m.put("option", r.option());
            m.put("pyautogui", r.pyautogui());
            m.put("app", r.app());
            m.put("window_title", r.windowTitle());
            m.put("url", r.url());
            m.put("target_role", r.targetRole());
            m.put("target_name", r.targetName());
            m.put("target_bbox", r.targetBbox());
            m.put("flags", r.flags());
            m.put("time", r.time());
            return m;
        }
    }
}
