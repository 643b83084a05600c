package dev.understudy.e2e.collector;

import static dev.understudy.e2e.collector.CollectorHarness.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.understudy.demo.Processes;
import dev.understudy.demo.ServerProcess;
import dev.understudy.e2e.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes wrong between a device and its collector, with a real server process: killed mid-upload,
 * a revoked device, an expired token, a cloned credential, a full disk. Each time nothing is lost,
 * nothing is stored twice, and the worker and the admin get one clear line.
 */
@Tag("e2e")
@Timeout(300)
class CollectorFailuresTest {
    @TempDir Path tmp;

    static long blobFiles(Path server) throws Exception {
        Path blobs = server.resolve("blobs");
        if (!Files.isDirectory(blobs)) return 0;
        try (Stream<Path> s = Files.walk(blobs)) {
            return s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().contains("tmp")).count();
        }
    }

    @Test
    void aServerKilledMidUploadIsCaughtUpAfterItsRestartWithNothingLostOrDoubled() throws Exception {
        Path server = tmp.resolve("server");
        Path data = tmp.resolve("device");
        Files.createDirectories(data);
        String session = syntheticSession(data, 7, 24, 640, 480); // ~22 MB of noise: ~22 chunks
        int port = ServerProcess.freePort();
        String url;
        long before;
        try (ServerProcess srv = ServerProcess.start(server, port)) {
            url = srv.url();
            enroll(url, token(server), data);
            Process up = startProcess(tmp.resolve("upload1.log"), "upload", "--data", data.toString(), "--wait");
            try {
                await("the first chunks to arrive").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                        .until(() -> blobFiles(server) >= 2 || !up.isAlive());
                srv.kill();
                before = blobFiles(server);
                assertTrue(before >= 1, "some chunks had arrived before the kill");
            } finally {
                up.destroyForcibly();
                up.waitFor();
            }
        }
        String sessionsBefore = Cli.ok("admin", "sessions", "--data", server.toString());
        assertFalse(sessionsBefore.contains(session), "not committed before the kill: " + sessionsBefore);
        try (ServerProcess srv = ServerProcess.start(server, port)) {
            assertEquals(url, srv.url());
            Cli.Result r = process(120_000, "upload", "--data", data.toString(), "--wait");
            assertEquals(0, r.code(), r.out() + r.err());
        }
        String listed = Cli.ok("admin", "sessions", "--data", server.toString());
        assertEquals(1, listed.lines().filter(l -> l.contains(session)).count(), "committed once: " + listed);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Cli.ok("export", "--data", data.toString(), "--session", session, "--out", a.toString());
        Cli.ok("export", "--data", server.toString(), "--session", session, "--out", b.toString());
        assertSameFiles(a, b);
        // a second upload sends nothing and stores nothing new
        long after = blobFiles(server);
        try (ServerProcess srv = ServerProcess.start(server, port)) {
            Cli.ok("upload", "--data", data.toString(), "--wait");
        }
        assertEquals(after, blobFiles(server), "nothing stored twice");
    }

    @Test
    void aRevokedDeviceIsRefusedAndSaysSoInOneLine() throws Exception {
        Path server = tmp.resolve("server");
        Path data = tmp.resolve("device");
        Files.createDirectories(data);
        try (ServerProcess srv = ServerProcess.start(server, ServerProcess.freePort())) {
            String device = enroll(srv.url(), token(server), data);
            Cli.ok("admin", "revoke", device, "--data", server.toString());
            syntheticSession(data, 3, 2, 320, 240);
            Cli.Result r = Cli.run("upload", "--data", data.toString(), "--wait");
            assertNotEquals(0, r.code());
            assertTrue(r.err().toLowerCase().contains("revoked"), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
            String status = Cli.ok("status", "--data", data.toString());
            assertEquals(1, status.lines().filter(l -> l.toLowerCase().contains("revoked")).count(), status);
            String devices = Cli.ok("admin", "devices", "--data", server.toString());
            assertTrue(devices.lines().anyMatch(l -> l.contains(device) && l.contains("revoked")), devices);
        }
    }

    @Test
    void anExpiredOrWrongTokenEnrollsNothing() throws Exception {
        Path server = tmp.resolve("server");
        try (ServerProcess srv = ServerProcess.start(server, ServerProcess.freePort())) {
            // a token that lived one second (the command's shortest is an hour), used after it expired
            String expired;
            try (dev.understudy.collector.admin.ServerAdmin admin = dev.understudy.collector.admin.ServerAdmin.open(server)) {
                expired = admin.createEnrollToken(null, Duration.ofSeconds(1));
            }
            long madeAt = System.currentTimeMillis();
            await("the token to expire").atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > madeAt + 1500);
            Cli.Result r = Cli.run("enroll", "--server", srv.url(), "--token", expired, "--data", tmp.resolve("d1").toString());
            assertNotEquals(0, r.code());
            assertTrue(r.err().toLowerCase().contains("expired") || r.err().toLowerCase().contains("invalid"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            String good = token(server);
            String forged = good.substring(0, 5) + (good.charAt(5) == 'A' ? 'B' : 'A') + good.substring(6);
            r = Cli.run("enroll", "--server", srv.url(), "--token", forged, "--data", tmp.resolve("d2").toString());
            assertNotEquals(0, r.code(), r.out());
            // a token whose pinned fingerprint is not the server's: refused before anything is sent
            String[] p = good.split("\\.");
            String otherPin = p[0] + "." + p[1] + "." + "0".repeat(64);
            r = Cli.run("enroll", "--server", srv.url(), "--token", otherPin, "--data", tmp.resolve("d3").toString());
            assertNotEquals(0, r.code());
            assertTrue(r.err().toLowerCase().contains("certificate") || r.err().toLowerCase().contains("fingerprint"), r.err());
            assertTrue(Cli.ok("admin", "devices", "--data", server.toString()).lines().noneMatch(l -> l.matches(".*\\b[0-9a-f]{32}\\b.*")),
                    "no device enrolled");
        }
    }

    @Test
    void aClonedCredentialIsDetectedAndRefused() throws Exception {
        Path server = tmp.resolve("server");
        Path data = tmp.resolve("device");
        Path clone = tmp.resolve("clone");
        Files.createDirectories(data);
        try (ServerProcess srv = ServerProcess.start(server, ServerProcess.freePort(), "--rotate-after", "0s")) {
            String device = enroll(srv.url(), token(server), data);
            // the machine is cloned (its disk image copied), credential and all
            Processes.run(new ProcessBuilder("cp", "-a", data.toString(), clone.toString()), 30_000);
            syntheticSession(data, 4, 2, 320, 240);
            Cli.ok("upload", "--data", data.toString(), "--wait"); // the original rotates its credential and uses the new one
            syntheticSession(clone, 5, 2, 320, 240);
            Cli.Result r = Cli.run("upload", "--data", clone.toString(), "--wait");
            assertNotEquals(0, r.code(), "the clone presents the superseded credential: " + r.out());
            assertTrue(r.err().toLowerCase().contains("clone"), r.err());
            syntheticSession(data, 6, 2, 320, 240);
            Cli.Result again = Cli.run("upload", "--data", data.toString(), "--wait");
            assertNotEquals(0, again.code(), "the device id is no longer trusted: " + again.out());
            String devices = Cli.ok("admin", "devices", "--data", server.toString());
            assertTrue(devices.lines().anyMatch(l -> l.contains(device) && l.contains("cloned")), devices);
        }
    }

    @Test
    void aFullServerDiskAnswers507AndTheUploadFinishesOnceThereIsRoom() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a small file system needs root");
        Path server = tmp.resolve("server");
        Path data = tmp.resolve("device");
        Files.createDirectories(server);
        Files.createDirectories(data);
        Processes.run(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", server.toString()), 10_000);
        try {
            String session = syntheticSession(data, 8, 12, 640, 480); // ~11 MB: does not fit
            try (ServerProcess srv = ServerProcess.start(server, ServerProcess.freePort())) {
                enroll(srv.url(), token(server), data);
                Cli.Result r = Cli.run("upload", "--data", data.toString());
                assertTrue(r.err().toLowerCase().contains("full") || r.out().toLowerCase().contains("full"), r.out() + r.err());
                assertFalse(Cli.ok("admin", "sessions", "--data", server.toString()).contains(session));
                assertTrue(srv.alive(), "the server keeps serving");
                Processes.run(new ProcessBuilder("mount", "-o", "remount,size=64m", server.toString()), 10_000);
                Cli.ok("upload", "--data", data.toString(), "--wait");
                assertTrue(Cli.ok("admin", "sessions", "--data", server.toString()).contains(session));
                Path a = tmp.resolve("a");
                Path b = tmp.resolve("b");
                Cli.ok("export", "--data", data.toString(), "--session", session, "--out", a.toString());
                Cli.ok("export", "--data", server.toString(), "--session", session, "--out", b.toString());
                assertSameFiles(a, b);
            }
        } finally {
            Processes.run(new ProcessBuilder("umount", "-l", server.toString()), 10_000);
        }
    }

    static List<String> lines(String s) {
        return s.lines().toList();
    }
}
