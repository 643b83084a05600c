package dev.understudy.e2e.collector;

import static dev.understudy.e2e.collector.CollectorHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.demo.Processes;
import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.ServerProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.demo.Xdo;
import dev.understudy.e2e.Cli;
import dev.understudy.model.RawEvent;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * From a desk to a dataset: record on Xvfb (the worker labels the task on the control page), upload
 * to a collector, build the Hugging Face dataset from the collector's data directory, and read it
 * back with an independent Parquet reader (DuckDB): one row per step, the worker's label as the
 * instruction, images that decode to their stated size, points inside them. A corrupt session in
 * another source is listed and skipped; an erased person's sessions are gone from the next build.
 */
@Tag("e2e")
@Timeout(400)
class DatasetFromCollectorTest {
    @TempDir Path tmp;

    static final String LABEL = "Print the word plum in the terminal";

    @Test
    void aRecordedAndUploadedSessionBecomesADatasetThatReadsBack() throws Exception {
        Path server = tmp.resolve("server");
        Path data = tmp.resolve("device");
        Path policy = noReviewPolicy(tmp);
        String session;
        String person;
        try (ServerProcess srv = ServerProcess.start(server, ServerProcess.freePort())) {
            enroll(srv.url(), token(server), data);
            try (VirtualDesktop desktop = VirtualDesktop.start(1024, 768)) {
                Xdo xdo = new Xdo(desktop, 30);
                Process xterm = Processes.start(desktop.env(new ProcessBuilder("xterm", "-T", "Work", "-geometry", "80x12+0+0"))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD), "xterm");
                try {
                    xdo.activate(xdo.waitWindow("Work"));
                    try (RecorderProcess rec = RecorderProcess.start(desktop, data, Map.of("UNDERSTUDY_KEY_STORE", "file"), "--policy", policy.toString())) {
                        session = rec.sessionId();
                        xdo.type("echo plum");
                        xdo.key("Return");
                        xdo.type("ls");
                        xdo.key("Return");
                        rec.awaitEvents(ev -> ev.stream().filter(e -> e instanceof RawEvent.KeyDown k && "enter".equals(k.key())).count() >= 2
                                && ev.stream().anyMatch(e -> e instanceof RawEvent.Frame), 30_000);
                        // the worker says what they were doing, on the control page
                        String page = Cli.ok("status", "--data", data.toString()).lines().filter(l -> l.startsWith("control page: "))
                                .findFirst().orElseThrow().substring(14).strip();
                        URI u = URI.create(page);
                        HttpResponse<String> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build().send(
                                HttpRequest.newBuilder(u.resolve("/label")).header("Content-Type", "application/x-www-form-urlencoded")
                                        .POST(HttpRequest.BodyPublishers.ofString(u.getQuery() + "&label=" + java.net.URLEncoder.encode(LABEL,
                                                java.nio.charset.StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
                        assertEquals(303, r.statusCode(), r.body());
                        rec.awaitEvent(e -> e instanceof RawEvent.Marker m && "task_label".equals(m.kind().wire()), 20_000);
                        assertEquals(0, rec.stop(), rec.stderr());
                    }
                } finally {
                    xterm.destroyForcibly();
                }
            }
            Cli.ok("upload", "--data", data.toString(), "--wait");
            person = Cli.ok("admin", "sessions", "--data", server.toString()).lines().filter(l -> l.contains(session)).findFirst()
                    .orElseThrow().trim().split("\\s+")[2];
        }
        // a second source with one corrupt session: listed, not fatal
        Path other = tmp.resolve("other-device");
        Files.createDirectories(other.resolve("sessions").resolve("20260101-000000-dead"));
        Files.writeString(other.resolve("sessions").resolve("20260101-000000-dead").resolve("manifest.json"), "{not json");

        Path out = tmp.resolve("dataset");
        Cli.Result built = Cli.run("dataset", "build", "--from", server.toString(), "--from", other.toString(), "--out", out.toString());
        assertEquals(0, built.code(), built.out() + built.err());
        assertTrue(built.err().contains("skipped 20260101-000000-dead"), "the corrupt session is named: " + built.err());
        // the build's reads are in the collector's audit log as a dataset builder's, and so is the build
        try (var admin = dev.understudy.collector.admin.ServerAdmin.open(server)) {
            var entries = admin.audit().recent(1000);
            assertTrue(entries.stream().anyMatch(e -> e.action().equals("dataset.read") && e.role().equals("builder")), entries.toString());
            assertTrue(entries.stream().anyMatch(e -> e.action().equals("dataset.build") && e.role().equals("builder")), entries.toString());
        }
        String report = Files.readString(out.resolve("build-report.json"));
        assertTrue(report.contains("20260101-000000-dead") && report.contains("reason"), report);
        for (String f : List.of("README.md", "stats.html", "manifest.json")) assertTrue(Files.isRegularFile(out.resolve(f)), f);
        assertFalse(Files.readString(out.resolve("manifest.json")).contains(tmp.toString()), "no local paths (user names) in the lineage");

        // the device's own steps, for comparison
        Path steps = tmp.resolve("steps");
        Cli.ok("export", "--data", data.toString(), "--session", session, "--out", steps.toString());
        long deviceSteps = Files.readAllLines(steps.resolve("steps.jsonl")).size();

        List<Path> shards;
        try (var s = Files.list(out.resolve("data"))) {
            shards = s.filter(p -> p.getFileName().toString().matches("train-\\d{5}-of-\\d{5}\\.parquet")).toList();
        }
        assertFalse(shards.isEmpty(), "Parquet shards in data/");
        String glob = out.resolve("data").resolve("train-*.parquet").toString();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT episode_id) FROM read_parquet('" + glob + "')")) {
                rs.next();
                assertEquals(deviceSteps, rs.getLong(1), "one row per step");
            }
            try (ResultSet rs = st.executeQuery("SELECT DISTINCT instruction FROM read_parquet('" + glob + "')")) {
                List<String> instructions = new ArrayList<>();
                while (rs.next()) instructions.add(rs.getString(1));
                assertTrue(instructions.contains(LABEL), "the worker's label is the instruction: " + instructions);
            }
            try (ResultSet rs = st.executeQuery("SELECT image.bytes, image_width, image_height, x, y, action_type, step_instruction FROM read_parquet('"
                    + glob + "') WHERE image.bytes IS NOT NULL")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                    BufferedImage img = ImageIO.read(new ByteArrayInputStream(rs.getBytes(1)));
                    assertEquals(rs.getInt(2), img.getWidth());
                    assertEquals(rs.getInt(3), img.getHeight());
                    int x = rs.getInt(4);
                    if (!rs.wasNull()) {
                        int y = rs.getInt(5);
                        assertTrue(x >= 0 && x < img.getWidth() && y >= 0 && y < img.getHeight(), "point inside the image: " + x + "," + y);
                    }
                    assertNotNull(rs.getString(7), "every step has its own instruction");
                }
                assertTrue(n > 0, "rows with images");
            }
            try (ResultSet rs = st.executeQuery("SELECT value FROM parquet_kv_metadata('" + shards.get(0) + "') WHERE key = 'huggingface'")) {
                assertTrue(rs.next(), "the huggingface footer key");
                assertTrue(new String(rs.getBytes(1), java.nio.charset.StandardCharsets.UTF_8).contains("\"Image\""));
            }
        }

        // the person is erased: the next build does not have them
        Cli.ok("admin", "erase-person", person, "--data", server.toString());
        Path after = tmp.resolve("dataset-after");
        Cli.ok("dataset", "build", "--from", server.toString(), "--out", after.toString());
        assertFalse(Files.readString(after.resolve("manifest.json")).contains(session), "an erased person's session is never read");
    }
}
