package dev.understudy.e2e;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.demo.Processes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad situations get one clear line and a non-zero exit, never a stack trace. */
@Tag("e2e")
class UserErrorsTest {
    @TempDir Path tmp;

    record Result(int code, String out, String err) {}

    static Result cli(java.util.Map<String, String> env, String... args) throws Exception {
        List<String> cmd = Processes.javaCommand("dev.understudy.cli.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.environment().remove("XDG_SESSION_TYPE");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static void assertOneLine(Result r, String contains) {
        assertNotEquals(0, r.code(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), "exactly one line: " + r.err());
        assertTrue(r.err().startsWith("understudy: "), r.err());
        assertTrue(r.err().toLowerCase().contains(contains.toLowerCase()), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void collectorMixUps() throws Exception {
        java.util.Map<String, String> none = java.util.Map.of();
        assertOneLine(cli(none, "enroll", "--server", "https://127.0.0.1:1", "--token", "UST1." + "A".repeat(43) + ".-", "--data", tmp.resolve("d").toString()),
                "not reachable");
        assertOneLine(cli(none, "enroll", "--server", "https://127.0.0.1:1", "--token", "not-a-token", "--data", tmp.resolve("d").toString()), "token");
        assertOneLine(cli(none, "upload", "--data", tmp.resolve("d").toString()), "not enrolled");
        assertOneLine(cli(none, "admin", "devices", "--data", tmp.resolve("nothing").toString()), "not a collector");
        assertOneLine(cli(none, "serve", "--data", tmp.resolve("s").toString(), "--port", "0", "--db", "jdbc:postgresql://127.0.0.1:1/x"), "database");
        assertOneLine(cli(none, "serve", "--data", tmp.resolve("s2").toString(), "--port", "0", "--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.key"),
                "TLS");
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertOneLine(cli(none, "serve", "--data", tmp.resolve("s3").toString(), "--bind", "127.0.0.1", "--port", Integer.toString(busy.getLocalPort())),
                    "in use");
        }
        assertOneLine(cli(none, "delete", "--data", tmp.resolve("d").toString(), "20260101-000000-abcd"), "no session");
    }

    @Test
    void recordWithoutADisplay() throws Exception {
        assertOneLine(cli(java.util.Map.of(), "record", "--data", tmp.toString()), "DISPLAY");
    }

    @Test
    void recordOnAnUnreachableDisplay() throws Exception {
        assertOneLine(cli(java.util.Map.of("DISPLAY", ":987"), "record", "--data", tmp.toString()), ":987");
    }

    @Test
    void recordInAWaylandSession() throws Exception {
        assertOneLine(cli(java.util.Map.of("WAYLAND_DISPLAY", "wayland-0", "XDG_SESSION_TYPE", "wayland"), "record", "--data", tmp.toString()), "Wayland");
    }

    @Test
    void recordOnAnXServerWithoutRecord() throws Exception {
        try (dev.understudy.demo.VirtualDesktop d = dev.understudy.demo.VirtualDesktop.start("-extension", "RECORD", "-screen", "0", "800x600x24")) {
            assertOneLine(cli(java.util.Map.of("DISPLAY", d.display()), "record", "--data", tmp.toString()), "RECORD extension");
        }
    }

    @Test
    void exportOfAMissingSession() throws Exception {
        assertOneLine(cli(java.util.Map.of(), "export", "--data", tmp.toString(), "--out", tmp.resolve("o").toString(), "--session", "nope"), "no session");
    }

    @Test
    void exportIntoANonEmptyDirectory() throws Exception {
        Path sess = tmp.resolve("data/sessions/s1");
        Files.createDirectories(sess.resolve("events"));
        Files.writeString(sess.resolve("manifest.json"), "{\"format\":1,\"session\":\"s1\",\"startWall\":1,\"monitors\":[]}");
        Path out = tmp.resolve("full");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        assertOneLine(cli(java.util.Map.of(), "export", "--data", tmp.resolve("data").toString(), "--out", out.toString()), "not empty");
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
    }

    @Test
    void aCorruptManifest() throws Exception {
        Path sess = tmp.resolve("data/sessions/s2");
        Files.createDirectories(sess);
        Files.writeString(sess.resolve("manifest.json"), "{not json");
        assertOneLine(cli(java.util.Map.of(), "export", "--data", tmp.resolve("data").toString(), "--out", tmp.resolve("o").toString(), "--session", "s2"), "corrupt");
    }

    @Test
    void garbageSegmentsAreSkippedWithAWarningNotAFailure() throws Exception {
        Path sess = tmp.resolve("data/sessions/s3");
        Files.createDirectories(sess.resolve("events"));
        Files.writeString(sess.resolve("manifest.json"), "{\"format\":1,\"session\":\"s3\",\"startWall\":1,\"monitors\":[]}");
        Files.write(sess.resolve("events/000001.useg"), "this is not a segment at all".getBytes(StandardCharsets.UTF_8));
        Result r = cli(java.util.Map.of(), "sessions", "--data", tmp.resolve("data").toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("s3") && r.out().contains("damaged"), r.out());
    }
}
