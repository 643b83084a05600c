package dev.understudy.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.collector.TestClient.Res;
import dev.understudy.collector.admin.ServerAdmin;
import dev.understudy.collector.api.Chunks;
import dev.understudy.collector.api.Messages.EnrollResponse;
import dev.understudy.collector.api.Messages.ErrorBody;
import dev.understudy.collector.api.Messages.FileEntry;
import dev.understudy.collector.api.Messages.MissingRequest;
import dev.understudy.collector.api.Messages.MissingResponse;
import dev.understudy.collector.api.Messages.SessionCommit;
import dev.understudy.collector.api.Messages.SessionErased;
import dev.understudy.collector.api.Wire;
import dev.understudy.collector.audit.AuditEntry;
import dev.understudy.collector.erase.Erased;
import dev.understudy.collector.erase.Retention;
import dev.understudy.collector.erase.Tombstone;
import dev.understudy.collector.govern.Actor;
import dev.understudy.collector.govern.Role;
import dev.understudy.collector.lineage.DatasetBuilds;
import dev.understudy.privacy.policy.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Erasure with lineage and retention on a real collector (SQLite, files), the device's DELETE and the officer's. */
@Tag("unit")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ErasureTest {
    static final String A = Wire.API;
    static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();
    @TempDir static Path tmp;
    static CollectorServer server;
    static ServerAdmin admin;
    static TestClient client; // set by AuditErasurePostgresTest too
    static String token;

    @BeforeAll
    static void start() throws Exception {
        // the scheduled jobs every second, so the test sees them run
        System.setProperty("UNDERSTUDY_RETENTION_SECONDS", "1");
        System.setProperty("UNDERSTUDY_CHECKPOINT_SECONDS", "1");
        try {
            server = CollectorServer.start(ServerConfig.of(tmp.resolve("server")).withPort(0).withBind("127.0.0.1"));
        } finally {
            System.clearProperty("UNDERSTUDY_RETENTION_SECONDS");
            System.clearProperty("UNDERSTUDY_CHECKPOINT_SECONDS");
        }
        admin = ServerAdmin.open(tmp.resolve("server"));
        client = new TestClient(server.url(), server.fingerprint());
        token = admin.createEnrollToken("sales", Duration.ofHours(1));
    }

    @AfterAll
    static void stop() {
        if (admin != null) admin.close();
        if (server != null) server.close();
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Map<String, byte[]> files(long startWall, byte[] shared, long seed) {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("manifest.json", ("{\"format\":3,\"start_wall\":" + startWall + "}").getBytes(StandardCharsets.UTF_8));
        f.put("events/000000.useg", shared);
        f.put("frames/frames.ufl", random(2500, seed));
        return f;
    }

    /** Uploads and commits {@code files} as a device would (chunks of 1000 bytes). */
    static List<String> upload(String cred, String session, Map<String, byte[]> files) throws Exception {
        List<FileEntry> entries = new ArrayList<>();
        Map<String, byte[]> chunks = new LinkedHashMap<>();
        for (var f : files.entrySet()) {
            List<String> ids = new ArrayList<>();
            byte[] b = f.getValue();
            for (int off = 0; off < b.length; off += 1000) {
                byte[] part = Arrays.copyOfRange(b, off, Math.min(b.length, off + 1000));
                ids.add(Chunks.id(part));
                chunks.put(Chunks.id(part), part);
            }
            entries.add(new FileEntry(f.getKey(), b.length, ids));
        }
        Res m = client.json("POST", A + "/chunks/missing", cred, new MissingRequest(new ArrayList<>(chunks.keySet())));
        for (String id : m.as(MissingResponse.class).missing()) assertTrue(client.put(A + "/chunks/" + id, cred, chunks.get(id)).status() < 300);
        SessionCommit c = new SessionCommit(session, Wire.MAPPER.readTree(files.get("manifest.json")), entries);
        Res r = client.json("PUT", A + "/sessions/" + session, cred, c);
        assertEquals(201, r.status(), r.body());
        return new ArrayList<>(chunks.keySet());
    }

    static Path blob(String person, String id) {
        return tmp.resolve("server/blobs/chunks/" + person + "/" + id.substring(0, 2) + "/" + id);
    }

    static Path buildManifest(String name, String device, String person, String... sessions) throws Exception {
        Path out = tmp.resolve("datasets/" + name);
        Files.createDirectories(out);
        StringBuilder b = new StringBuilder("{\"format\":1,\"sources\":[");
        for (int i = 0; i < sessions.length; i++) {
            if (i > 0) b.append(',');
            b.append("{\"session_id\":\"").append(sessions[i]).append("\",\"source\":\"collector\",\"device\":\"").append(device)
                    .append("\",\"person\":\"").append(person).append("\",\"content_hash\":\"x").append(i).append("\"}");
        }
        // a session of another source (a device directory) in the same build is not the collector's
        b.append(",{\"session_id\":\"20250101-000000-dddd\",\"source\":\"device\",\"device\":null,\"person\":null}]}");
        Files.writeString(out.resolve("manifest.json"), b.toString());
        return out;
    }

    @Test
    void forgetFromTheDeviceErasesTheSessionMarksItsDatasetsStaleAndIsAudited() throws Exception {
        EnrollResponse e = client.enroll(token, "erin");
        String cred = e.credential();
        long now = System.currentTimeMillis();
        byte[] shared = random(1000, 7); // one chunk both sessions hold
        List<String> c1 = upload(cred, "20260301-090000-aaaa", files(now, shared, 1));
        List<String> c2 = upload(cred, "20260301-100000-bbbb", files(now, shared, 2));
        String sharedId = Chunks.id(shared);
        assertTrue(c1.contains(sharedId) && c2.contains(sharedId));
        for (String id : c1) assertTrue(Files.exists(blob(e.person(), id)));

        DatasetBuilds.Build b = admin.registerBuild(buildManifest("one", e.deviceId(), e.person(), "20260301-090000-aaaa", "20260301-100000-bbbb"), "local");
        assertNotNull(b);
        assertEquals(2, b.sessions());
        assertFalse(b.stale());
        DatasetBuilds.Build other = admin.registerBuild(buildManifest("two", e.deviceId(), e.person(), "20260301-100000-bbbb"), "spark");
        assertEquals(1, other.sessions());

        Res del = client.send("DELETE", A + "/sessions/20260301-090000-aaaa", cred, null, null);
        assertEquals(200, del.status(), del.body());
        SessionErased se = del.as(SessionErased.class);
        assertFalse(se.already());
        assertEquals(1, se.staleDatasets());

        // a tombstone, and every read says "erased on DATE" in one line
        Optional<Tombstone> t = admin.erasure().tombstone(e.deviceId(), "20260301-090000-aaaa");
        assertTrue(t.isPresent());
        assertEquals("device", t.get().role());
        assertEquals("session 20260301-090000-aaaa was erased on " + TODAY, t.get().line());
        IllegalArgumentException gone = assertThrows(IllegalArgumentException.class, () -> admin.materialize("20260301-090000-aaaa", tmp.resolve("read1")));
        assertEquals("session 20260301-090000-aaaa was erased on " + TODAY, gone.getMessage());
        assertThrows(IllegalArgumentException.class, () -> admin.find(e.deviceId() + ":20260301-090000-aaaa"));
        assertFalse(admin.sessions().stream().anyMatch(s -> s.session().equals("20260301-090000-aaaa")));
        // no blob of it is left but the chunk the other session holds too; that one still reads
        for (String id : c1) assertEquals(c2.contains(id), Files.exists(blob(e.person(), id)), id);
        Path back = admin.materialize("20260301-100000-bbbb", tmp.resolve("read2"));
        assertTrue(Files.exists(back.resolve("events/000000.useg")));

        // the build that held it is stale with the reason; the other is not
        DatasetBuilds.Build after = admin.datasetBuilds().list().stream().filter(x -> x.id().equals(b.id())).findFirst().orElseThrow();
        assertTrue(after.stale());
        assertTrue(after.staleReason().contains("20260301-090000-aaaa erased on " + TODAY) && after.staleReason().contains("forget"), after.staleReason());
        assertFalse(admin.datasetBuilds().list().stream().filter(x -> x.id().equals(other.id())).findFirst().orElseThrow().stale());

        // committing it again is refused; asking again answers the tombstone; not someone else's
        Res again = client.json("PUT", A + "/sessions/20260301-090000-aaaa", cred,
                new SessionCommit("20260301-090000-aaaa", Wire.MAPPER.readTree("{}"), List.of(new FileEntry("manifest.json", 1000, List.of(sharedId)))));
        assertEquals(410, again.status(), again.body());
        assertTrue(again.as(ErrorBody.class).error().contains("erased on " + TODAY));
        Res twice = client.send("DELETE", A + "/sessions/20260301-090000-aaaa", cred, null, null);
        assertEquals(200, twice.status());
        assertTrue(twice.as(SessionErased.class).already());
        EnrollResponse mallory = client.enroll(token, "mallory");
        Res steal = client.send("DELETE", A + "/sessions/20260301-100000-bbbb?device=" + e.deviceId(), mallory.credential(), null, null);
        assertEquals(404, steal.status());
        assertEquals(404, client.send("DELETE", A + "/sessions/20991231-000000-none", cred, null, null).status());
        assertEquals(4, client.send("DELETE", A + "/sessions/..%2Fx", cred, null, null).status() / 100);
        assertTrue(admin.sessions().stream().anyMatch(s -> s.session().equals("20260301-100000-bbbb")));

        // audited: the device's erasure and the reads, about this person; the chain holds
        List<AuditEntry> about = admin.audit().about(e.person());
        assertTrue(about.stream().anyMatch(x -> x.action().equals("session.erase") && x.role().equals("device") && x.subject().contains("20260301-090000-aaaa")), about.toString());
        assertTrue(about.stream().anyMatch(x -> x.action().equals("session.read") && x.subject().contains("20260301-100000-bbbb")), about.toString());
        assertTrue(about.stream().anyMatch(x -> x.action().equals("dataset.build")), about.toString());
        assertTrue(about.stream().noneMatch(x -> x.subject().contains("mallory")));
        assertTrue(admin.auditChain().verify(List.of()).ok(), admin.auditChain().verify(List.of()).line());
    }

    @Test
    void anOfficerErasesAPersonKeyFirstAndTheNextErasureSaysWhen() throws Exception {
        EnrollResponse e = client.enroll(token, "pat");
        List<String> ids = upload(e.credential(), "20260302-090000-cccc", files(System.currentTimeMillis(), random(1000, 11), 3));
        DatasetBuilds.Build b = admin.registerBuild(buildManifest("pat", e.deviceId(), e.person(), "20260302-090000-cccc"), "local");
        Erased r = admin.erasure().erasePerson(Actor.commandLine(Role.OFFICER), e.person(), "request 42");
        assertTrue(r.keyShredded());
        assertEquals(List.of(e.deviceId() + ":20260302-090000-cccc"), r.sessions());
        assertEquals(List.of(b.id()), r.staleBuilds());
        assertEquals(0L, (long) admin.audit().recent(1).stream().filter(x -> !x.action().equals("person.erase")).count());
        for (String id : ids) assertFalse(Files.exists(blob(e.person(), id)));
        assertFalse(Files.exists(tmp.resolve("server/blobs/chunks/" + e.person())));
        assertEquals("session 20260302-090000-cccc was erased on " + TODAY,
                assertThrows(IllegalArgumentException.class, () -> admin.materialize("20260302-090000-cccc", tmp.resolve("read3"))).getMessage());
        assertEquals("request 42", admin.erasure().tombstone(e.deviceId(), "20260302-090000-cccc").orElseThrow().reason());
        assertTrue(admin.datasetBuilds().list().stream().filter(x -> x.id().equals(b.id())).findFirst().orElseThrow().staleReason().contains("person " + e.person()));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> admin.erasure().erasePerson(Actor.commandLine(Role.OFFICER), e.person(), "again"));
        assertEquals("person " + e.person() + " was erased on " + TODAY, twice.getMessage());
        assertEquals("no person 0000000000000000", assertThrows(IllegalArgumentException.class,
                () -> admin.erasure().erasePerson(Actor.commandLine(Role.OFFICER), "0000000000000000", "x")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> admin.erasure().erasePerson(Actor.commandLine(Role.OFFICER), "../x", "x")).getMessage().startsWith("not a person id"));
        // the device cannot upload anymore (its person's key is gone, it is revoked)
        assertEquals(403, client.json("POST", A + "/chunks/missing", e.credential(), new MissingRequest(List.of(Chunks.id(new byte[1])))).status());
        assertTrue(admin.auditChain().verify(List.of()).ok());
    }

    @Test
    void retentionRunsOnTheServerPerTeamLeavingTombstones() throws Exception {
        String shortToken = admin.createEnrollToken("short", Duration.ofHours(1));
        String yaml = PolicyLoader.defaultText().replace("retention_days: 30", "retention_days: 2");
        assertTrue(yaml.contains("retention_days: 2"));
        admin.publishPolicy(yaml, "short");
        Retention ret = admin.retention();
        assertEquals(2, ret.days("short"));
        assertEquals(PolicyLoader.defaults().retentionDays(), ret.days("sales"));
        EnrollResponse s = client.enroll(shortToken, "sam");
        EnrollResponse l = client.enroll(token, "lou");
        long day = 86_400_000L;
        long now = System.currentTimeMillis();
        upload(s.credential(), "20260303-000000-old1", files(now - 3 * day, random(1000, 21), 21));
        upload(s.credential(), "20260303-000000-new1", files(now - day, random(1000, 22), 22));
        upload(l.credential(), "20260303-000000-lou1", files(now - 3 * day, random(1000, 23), 23)); // team sales keeps 30 days
        // the server's own daily job (every second here) erases the old one
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> admin.erasure().tombstone(s.deviceId(), "20260303-000000-old1").isPresent());
        Tombstone t = admin.erasure().tombstone(s.deviceId(), "20260303-000000-old1").orElseThrow();
        assertEquals("server:retention", t.actor());
        assertEquals("retention: older than 2 days (team short)", t.reason());
        assertTrue(admin.erasure().tombstone(s.deviceId(), "20260303-000000-new1").isEmpty());
        assertTrue(admin.erasure().tombstone(l.deviceId(), "20260303-000000-lou1").isEmpty());
        // run now, as `admin retention run` does, three days later: the second one goes too
        Retention.Run r = ret.run(Actor.commandLine(Role.OFFICER), now + 3 * day);
        assertTrue(r.erased().contains(s.deviceId() + ":20260303-000000-new1"), r.erased().toString());
        assertFalse(r.erased().contains(l.deviceId() + ":20260303-000000-lou1"));
        assertTrue(admin.audit().recent(50).stream().anyMatch(x -> x.action().equals("retention.run")));
        assertTrue(admin.audit().about(s.person()).stream().anyMatch(x -> x.action().equals("session.erase") && x.actor().equals("server:retention")));
        // the server signs checkpoints on its own
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> !admin.auditChain().checkpoints().isEmpty());
        assertTrue(admin.auditChain().verify(List.of()).ok(), admin.auditChain().verify(List.of()).line());
    }

    @Test
    void deviceReadsAndAdminActionsAreAudited() throws Exception {
        EnrollResponse e = client.enroll(token, "dora");
        assertEquals(200, client.get(A + "/sessions", e.credential()).status());
        assertEquals(200, client.get(A + "/exemptions", e.credential()).status());
        admin.revoke(e.deviceId());
        List<AuditEntry> about = admin.audit().about(e.person());
        List<String> actions = about.stream().map(AuditEntry::action).toList();
        assertTrue(actions.containsAll(List.of("session.list", "exemption.list", "device.revoke")), actions.toString());
        assertEquals("device", about.get(0).role());
        assertEquals(e.deviceId(), about.get(0).actor());
        try (Stream<String> lines = about.stream().map(AuditEntry::subject)) {
            assertTrue(lines.allMatch(x -> !x.contains("dora")), "the user name never appears");
        }
    }
}
