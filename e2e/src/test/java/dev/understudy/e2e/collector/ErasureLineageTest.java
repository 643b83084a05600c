package dev.understudy.e2e.collector;

import static dev.understudy.e2e.collector.CollectorHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.collector.api.Wire;
import dev.understudy.demo.ServerProcess;
import dev.understudy.e2e.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure with lineage, end to end: enroll, upload two sessions, build a dataset from the collector, `forget` one on
 * the device: the server's export says "erased on DATE", none of its blobs is left, `admin datasets` calls the build
 * stale with the reason, the next build lacks it, `admin audit verify` passes; a `forget` while the collector is down
 * is queued and done by the next sync; then the database is tampered with and verify names the entry.
 */
@Tag("e2e")
@Timeout(300)
class ErasureLineageTest {
    @TempDir Path tmp;

    static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();

    static Set<String> chunksOf(Path server, String session) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.resolve("collector.db"));
             PreparedStatement ps = c.prepareStatement("SELECT files FROM sessions WHERE session = ?")) {
            ps.setString(1, session);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) for (JsonNode f : Wire.MAPPER.readTree(rs.getString(1))) f.path("chunks").forEach(x -> out.add(x.asText()));
            }
        }
        return out;
    }

    static Set<String> blobIds(Path server) throws Exception {
        Set<String> out = new HashSet<>();
        Path root = server.resolve("blobs/chunks");
        if (!Files.exists(root)) return out;
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(p.getFileName().toString()));
        }
        return out;
    }

    static void sql(Path server, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.resolve("collector.db")); var st = c.createStatement()) {
            st.execute(statement);
        }
    }

    @Test
    void forgetErasesOnTheServerMarksTheDatasetStaleAndTheAuditLogHolds() throws Exception {
        Path server = tmp.resolve("server");
        Path data = tmp.resolve("device");
        Path policy = noReviewPolicy(tmp);
        Files.createDirectories(data);
        String gone = syntheticSession(data, 21, 2, 320, 240);
        String kept = syntheticSession(data, 22, 2, 320, 240);
        String later = syntheticSession(data, 23, 2, 320, 240);
        int port = ServerProcess.freePort();
        try (ServerProcess srv = ServerProcess.start(server, port)) {
            enroll(srv.url(), token(server), data);
            Cli.ok("upload", "--data", data.toString(), "--wait", "--policy", policy.toString());
            String listed = Cli.ok("admin", "sessions", "--data", server.toString());
            assertTrue(listed.contains(gone) && listed.contains(kept) && listed.contains(later), listed);

            Path ds1 = tmp.resolve("ds1");
            Cli.Result b1 = Cli.run("dataset", "build", "--from", server.toString(), "--out", ds1.toString());
            assertEquals(0, b1.code(), b1.out() + b1.err());
            assertTrue(b1.err().contains("registered with the collector"), b1.err());
            assertTrue(Files.readString(ds1.resolve("manifest.json")).contains(gone));
            String ds = Cli.ok("admin", "datasets", "--data", server.toString());
            assertTrue(ds.lines().anyMatch(l -> l.contains(" ok ") || l.contains("  ok  ")), ds);

            Set<String> goneChunks = chunksOf(server, gone);
            Set<String> keptChunks = new HashSet<>(chunksOf(server, kept));
            keptChunks.addAll(chunksOf(server, later));
            assertTrue(blobIds(server).containsAll(goneChunks));

            // the worker forgets it on the device
            Cli.Result f = Cli.run("forget", "--data", data.toString(), "--session", gone);
            assertEquals(0, f.code(), f.out() + f.err());
            assertEquals(1, f.out().strip().lines().count(), f.out());
            assertTrue(f.out().contains("deleted on this device") && f.out().contains("erased on the collector"), f.out());
            assertFalse(Files.exists(data.resolve("sessions").resolve(gone)), "gone from the device");

            // the server's copy: every read says when it was erased, in one line, and no blob of it is left
            for (String[] cmd : List.of(new String[] {"export", "--data", server.toString(), "--session", gone, "--out", tmp.resolve("x").toString()},
                    new String[] {"view", "--data", server.toString(), "--session", gone, "--out", tmp.resolve("x.html").toString()})) {
                Cli.Result r = Cli.run(cmd);
                assertNotEquals(0, r.code(), cmd[0]);
                assertTrue(r.err().contains("erased on " + TODAY), cmd[0] + ": " + r.err());
                assertEquals(1, r.err().strip().lines().count(), r.err());
                assertFalse(r.err().contains("Exception"), r.err());
            }
            assertFalse(Cli.ok("sessions", "--data", server.toString()).contains(gone));
            // the others still read (audited as what they are)
            Cli.ok("export", "--data", server.toString(), "--session", kept, "--out", tmp.resolve("kept-export").toString());
            Cli.ok("view", "--data", server.toString(), "--session", kept, "--out", tmp.resolve("kept.html").toString());
            Set<String> blobs = blobIds(server);
            for (String id : goneChunks) assertEquals(keptChunks.contains(id), blobs.contains(id), "blob " + id);
            assertTrue(goneChunks.stream().anyMatch(id -> !keptChunks.contains(id)), "the session had chunks of its own");

            // the build is stale with the reason, and the next one lacks it
            String stale = Cli.ok("admin", "datasets", "--data", server.toString());
            assertTrue(stale.lines().anyMatch(l -> l.contains("stale") && l.contains(gone + " erased on " + TODAY) && l.contains("forget")), stale);
            Path ds2 = tmp.resolve("ds2");
            Cli.ok("dataset", "build", "--from", server.toString(), "--out", ds2.toString());
            String m2 = Files.readString(ds2.resolve("manifest.json"));
            assertFalse(m2.contains(gone), "the erased session is not in the next build");
            assertTrue(m2.contains(kept));

            // an officer erases another one the same way
            String erased = Cli.ok("admin", "erase", "--session", later, "--reason", "ticket 7", "--data", server.toString());
            assertTrue(erased.startsWith("erased session ") && erased.contains("dataset builds marked stale"), erased);
        }

        // the collector is down: the local deletion happens, the server's erasure is queued, the next sync does it
        Cli.Result queued = Cli.run("forget", "--data", data.toString(), "--session", kept);
        assertEquals(0, queued.code(), queued.out() + queued.err());
        assertEquals(1, queued.out().strip().lines().count(), queued.out());
        assertTrue(queued.out().contains("queued for the next sync"), queued.out());
        assertFalse(Files.exists(data.resolve("sessions").resolve(kept)));
        try (ServerProcess srv = ServerProcess.start(server, port)) {
            assertTrue(Cli.ok("admin", "sessions", "--data", server.toString()).contains(kept), "not erased while the collector was down");
            Cli.ok("upload", "--data", data.toString(), "--wait", "--policy", policy.toString());
            assertFalse(Cli.ok("admin", "sessions", "--data", server.toString()).contains(kept), "erased by the next sync");
        }
        Cli.Result ex = Cli.run("export", "--data", server.toString(), "--session", kept, "--out", tmp.resolve("y").toString());
        assertTrue(ex.err().contains("erased on " + TODAY), ex.err());

        // the audit log holds; reads, the build and the erasures are in it
        String verified = Cli.ok("admin", "audit", "verify", "--data", server.toString());
        assertTrue(verified.startsWith("audit log intact"), verified);
        Path kept1 = tmp.resolve("elsewhere/checkpoints.jsonl");
        Cli.ok("admin", "audit", "export", "--data", server.toString(), "--out", kept1.toString());
        assertTrue(Cli.ok("admin", "audit", "verify", "--data", server.toString(), "--checkpoints", kept1.toString()).contains("kept outside"));
        String entries = Cli.ok("admin", "audit", "list", "--data", server.toString(), "--limit", "500");
        for (String action : List.of("session.export", "session.view", "dataset.read", "dataset.build", "session.erase")) {
            assertTrue(entries.contains(action), action + " in " + entries);
        }

        // tampering: one entry edited is named
        sql(server, "UPDATE audit_log SET subject = 'session nothing' WHERE seq = 3");
        Cli.Result bad = Cli.run("admin", "audit", "verify", "--data", server.toString());
        assertNotEquals(0, bad.code());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("entry 3 was altered"), bad.err());
    }
}
