package dev.understudy.dataset.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.dataset.StepRow;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Parquet shards, read back with DuckDB (an independent reader). */
@Tag("unit")
@Timeout(120)
class HfParquetWriterTest {
    static final List<SyntheticRows.Task> TASKS = SyntheticRows.tasks(40, 7);
    // several shards with ~300 rows of ~0.3-1 KB images; test split = every fourth task
    static final WriterOptions OPTIONS = WriterOptions.DEFAULTS.withShardBytes(25_000).withRowGroupRows(25)
            .withSplit(e -> e.index() % 4 == 3 ? "test" : "train");

    static List<Path> write(Path dir, WriterOptions options) throws Exception {
        HfParquetWriter w = new HfParquetWriter();
        w.open(dir, options);
        for (SyntheticRows.Task t : TASKS) w.add(t.episode(), t.rows());
        return w.close();
    }

    @Test
    void shardsAreNamedOfNAndHoldEveryRow(@TempDir Path dir) throws Exception {
        List<Path> files = write(dir, OPTIONS);
        List<String> train = names(files, "train"), test = names(files, "test");
        assertTrue(train.size() >= 3, "several train shards: " + train);
        assertTrue(test.size() >= 1, "test shards: " + test);
        for (List<String> split : List.of(train, test))
            for (int i = 0; i < split.size(); i++)
                assertTrue(split.get(i).matches(".*-" + String.format("%05d-of-%05d", i, split.size()) + "\\.parquet"), split.get(i));
        try (Stream<Path> left = Files.list(dir.resolve("data"))) { // no partial shards left behind
            assertEquals(files.size(), left.count());
        }
        long trainRows = TASKS.stream().filter(t -> t.episode().index() % 4 != 3).mapToLong(t -> t.rows().size()).sum();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            assertEquals(SyntheticRows.rowCount(TASKS), count(st, glob(dir, "*")));
            assertEquals(trainRows, count(st, glob(dir, "train-*")));
            // row groups of at most 25 rows
            try (ResultSet rs = st.executeQuery("SELECT max(row_group_num_rows) FROM parquet_metadata(" + glob(dir, "*") + ")")) {
                rs.next();
                assertEquals(25, rs.getLong(1));
            }
        }
    }

    @Test
    void columnsTypesAndValuesRoundTrip(@TempDir Path dir) throws Exception {
        write(dir, OPTIONS);
        Map<String, StepRow> expected = new HashMap<>();
        for (SyntheticRows.Task t : TASKS) for (StepRow r : t.rows()) expected.put(r.episodeId() + "/" + r.stepIndex(), r);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            List<String> names = new ArrayList<>(), types = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + glob(dir, "*") + ")")) {
                while (rs.next()) {
                    names.add(rs.getString("column_name"));
                    types.add(rs.getString("column_type"));
                }
            }
            assertEquals(StepRow.COLUMNS, names);
            Map<String, String> type = new HashMap<>();
            for (int i = 0; i < names.size(); i++) type.put(names.get(i), types.get(i));
            assertEquals("STRUCT(bytes BLOB, path VARCHAR)", type.get("image"));
            assertEquals("VARCHAR", type.get("episode_id"));
            assertEquals("INTEGER", type.get("step_index"));
            assertEquals("DOUBLE", type.get("x_norm"));
            assertEquals("BIGINT", type.get("time"));
            assertEquals("VARCHAR[]", type.get("keys"));
            assertEquals("INTEGER[]", type.get("target_bbox"));
            assertEquals("VARCHAR[]", type.get("flags"));

            int seen = 0;
            try (ResultSet rs = st.executeQuery("SELECT episode_id, step_index, image.bytes AS png, image.path AS path, image_width,"
                    + " image_height, keys, target_bbox, flags, x, x_norm, text, app, time, dy, url FROM read_parquet(" + glob(dir, "*") + ")")) {
                while (rs.next()) {
                    StepRow want = expected.get(rs.getString("episode_id") + "/" + rs.getInt("step_index"));
                    assertNotNull(want);
                    seen++;
                    java.sql.Blob blob = rs.getBlob("png");
                    byte[] png = blob == null ? null : blob.getBytes(1, (int) blob.length());
                    if (want.image() == null) {
                        assertNull(png);
                    } else {
                        assertArrayEquals(want.image(), png);
                        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
                        assertEquals(rs.getInt("image_width"), img.getWidth());
                        assertEquals(rs.getInt("image_height"), img.getHeight());
                    }
                    assertEquals(want.imagePath(), rs.getString("path"));
                    assertEquals(want.keys(), list(rs.getArray("keys")));
                    assertEquals(want.targetBbox(), list(rs.getArray("target_bbox")));
                    assertEquals(want.flags(), list(rs.getArray("flags")));
                    assertEquals(want.x(), rs.getObject("x"));
                    assertEquals(want.xNorm(), rs.getObject("x_norm"));
                    assertEquals(want.text(), rs.getString("text"));
                    assertEquals(want.app(), rs.getString("app"));
                    assertEquals(want.url(), rs.getString("url"));
                    assertEquals(want.dy(), rs.getObject("dy"));
                    assertEquals(want.time(), rs.getLong("time"));
                }
            }
            assertEquals(expected.size(), seen);
        }
    }

    @Test
    void footerDeclaresEveryColumnsHuggingFaceFeature(@TempDir Path dir) throws Exception {
        List<Path> files = write(dir, OPTIONS);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            for (Path f : files) {
                String json = null;
                try (ResultSet rs = st.executeQuery("SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('" + dir.resolve(f) + "')")) {
                    while (rs.next()) if (rs.getString("k").equals("huggingface")) json = rs.getString("v");
                }
                assertNotNull(json, "no huggingface key in " + f);
                JsonNode features = new ObjectMapper().readTree(json).path("info").path("features");
                List<String> named = new ArrayList<>();
                features.fieldNames().forEachRemaining(named::add);
                assertEquals(StepRow.COLUMNS, named);
                assertEquals("Image", features.path("image").path("_type").asText());
                assertEquals("Value", features.path("episode_id").path("_type").asText());
                assertEquals("string", features.path("episode_id").path("dtype").asText());
                assertEquals("Sequence", features.path("keys").path("_type").asText());
                assertEquals("int32", features.path("target_bbox").path("feature").path("dtype").asText());
            }
        }
    }

    @Test
    void sameRowsGiveByteIdenticalShards(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a"), b = dir.resolve("b");
        List<Path> fa = write(a, OPTIONS), fb = write(b, OPTIONS);
        assertEquals(fa, fb);
        for (Path f : fa) assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f.toString());
        // rewriting into the same directory replaces the shards, leaving no stale ones
        List<Path> again = write(a, OPTIONS.withShardBytes(10_000_000));
        assertEquals(List.of(Path.of("data/test-00000-of-00001.parquet"), Path.of("data/train-00000-of-00001.parquet")), again);
        try (Stream<Path> left = Files.list(a.resolve("data"))) {
            assertEquals(2, left.count());
        }
    }

    @Test
    void writesWithoutHadoopOnTheClassPath(@TempDir Path dir) throws Exception {
        String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("hadoop-common")).collect(Collectors.joining(File.pathSeparator));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", cp, NoHadoop.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("hadoop absent"), out);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            assertEquals(SyntheticRows.rowCount(TASKS), count(st, glob(dir, "*")));
        }
    }

    /** Writes the test's rows in a JVM whose class path has no Hadoop jar. */
    static final class NoHadoop {
        public static void main(String[] args) throws Exception {
            try {
                Class.forName("org.apache.hadoop.conf.Configuration");
                System.out.println("hadoop present");
            } catch (ClassNotFoundException | LinkageError e) {
                System.out.println("hadoop absent");
            }
            write(Path.of(args[0]), OPTIONS);
        }
    }

    private static List<?> list(Array a) throws Exception {
        return a == null ? null : Arrays.asList((Object[]) a.getArray());
    }

    private static long count(Statement st, String from) throws Exception {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet(" + from + ")")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String glob(Path dir, String pattern) {
        return "'" + dir.resolve("data") + "/" + pattern + ".parquet'";
    }

    private static List<String> names(List<Path> files, String split) {
        return files.stream().map(p -> p.getFileName().toString()).filter(n -> n.startsWith(split + "-")).sorted().toList();
    }
}
