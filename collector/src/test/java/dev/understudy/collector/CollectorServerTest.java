package dev.understudy.collector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.collector.TestClient.Res;
import dev.understudy.collector.admin.ServerAdmin;
import dev.understudy.collector.api.Chunks;
import dev.understudy.collector.api.EnrollToken;
import dev.understudy.collector.api.Messages.ChunkStored;
import dev.understudy.collector.api.Messages.CredentialResponse;
import dev.understudy.collector.api.Messages.DeviceInfo;
import dev.understudy.collector.api.Messages.DeviceReport;
import dev.understudy.collector.api.Messages.EnrollRequest;
import dev.understudy.collector.api.Messages.EnrollResponse;
import dev.understudy.collector.api.Messages.ErrorBody;
import dev.understudy.collector.api.Messages.Exemption;
import dev.understudy.collector.api.Messages.ExemptionList;
import dev.understudy.collector.api.Messages.ExemptionRequest;
import dev.understudy.collector.api.Messages.FileEntry;
import dev.understudy.collector.api.Messages.MissingRequest;
import dev.understudy.collector.api.Messages.MissingResponse;
import dev.understudy.collector.api.Messages.PolicyEnvelope;
import dev.understudy.collector.api.Messages.PolicyPayload;
import dev.understudy.collector.api.Messages.SessionCommit;
import dev.understudy.collector.api.Messages.SessionInfo;
import dev.understudy.collector.api.Messages.SessionList;
import dev.understudy.collector.api.PolicySignature;
import dev.understudy.collector.api.Wire;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real collector (SQLite, files, self-signed TLS) on a free port, talked to over pinned HTTPS. */
@Tag("unit")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CollectorServerTest {
    static final String A = Wire.API;
    static final Duration OVERLAP = Duration.ofSeconds(2);
    @TempDir static Path tmp;
    static CollectorServer server;
    static ServerAdmin admin;
    static TestClient client;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        server = CollectorServer.start(ServerConfig.of(tmp.resolve("server")).withPort(0).withBind("127.0.0.1")
                .withRotateAfter(Duration.ofDays(1)).withCredentialOverlap(OVERLAP));
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

    @Test
    void healthAndServerDir() throws Exception {
        Res r = client.get(A + "/health", null);
        assertEquals(200, r.status());
        assertTrue(r.body().contains("\"status\":\"ok\""), r.body());
        assertTrue(ServerAdmin.isServerDir(tmp.resolve("server")));
        assertFalse(ServerAdmin.isServerDir(tmp));
        assertTrue(server.url().startsWith("https://127.0.0.1:"));
        assertEquals(64, server.fingerprint().length());
        EnrollToken t = EnrollToken.parse(token);
        assertEquals(server.fingerprint(), t.fingerprint());
        if (!System.getProperty("os.name").startsWith("Windows")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("server/server.json"))));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("server/keys/master.key"))));
            assertEquals(32, Files.size(tmp.resolve("server/keys/master.key")));
        }
    }

    @Test
    void enrollment() throws Exception {
        EnrollResponse e = client.enroll(token, "alice");
        assertEquals("sales", e.team());
        assertEquals(32, e.person().length());
        assertNotNull(PolicySignature.decode(e.policyKey()));
        // the same token enrolls another device until it expires; the same user is the same person
        EnrollResponse e2 = client.enroll(EnrollToken.parse(token).secret(), "alice");
        assertEquals(e.person(), e2.person());
        assertFalse(client.enroll(token, "bob").person().equals(e.person()));
        // the device id is taken
        Res dup = client.json("POST", A + "/enroll", null, new EnrollRequest(token, e.deviceId(), "alice", "1", "linux"));
        assertEquals(409, dup.status());
        // wrong token
        String wrong = "UST1." + "A".repeat(43) + "." + server.fingerprint();
        Res w = client.json("POST", A + "/enroll", null, new EnrollRequest(wrong, TestClient.newDeviceId(), "x", "1", "linux"));
        assertEquals(401, w.status());
        assertEquals("unknown enroll token", w.as(ErrorBody.class).error());
        // expired token
        String shortLived = admin.createEnrollToken("sales", Duration.ofMillis(1));
        Thread.sleep(20);
        Res ex = client.json("POST", A + "/enroll", null, new EnrollRequest(shortLived, TestClient.newDeviceId(), "x", "1", "linux"));
        assertEquals(401, ex.status());
        assertTrue(ex.body().contains("expired"), ex.body());
        // the user name is never stored: the database has no "alice"
        assertTrue(admin.devices().stream().noneMatch(d -> d.person().contains("alice")));
        Res info = client.get(A + "/device", e.credential());
        assertEquals(200, info.status());
        DeviceInfo di = info.as(DeviceInfo.class);
        assertEquals("active", di.state());
        assertEquals(e.deviceId(), di.deviceId());
        assertNull(info.header(Wire.ROTATE_HEADER));
        Res rep = client.json("POST", A + "/report", e.credential(), new DeviceReport("2.0", 3L, 4, 5000, 123L));
        assertEquals(200, rep.status(), rep.body());
        var row = admin.device(e.deviceId());
        assertEquals("2.0", row.agentVersion());
        assertEquals(5000L, row.backlogBytes());
        assertNotNull(row.lastSeen());
    }

    @Test
    void everyEndpointNeedsACredential() throws Exception {
        String id = Chunks.id(new byte[] {1});
        String[][] calls = {{"GET", "/openapi.json"}, {"POST", "/credential"}, {"GET", "/device"}, {"POST", "/report"},
            {"POST", "/chunks/missing"}, {"PUT", "/chunks/" + id}, {"PUT", "/sessions/s1"}, {"GET", "/sessions"}, {"GET", "/policy"},
            {"POST", "/exemptions"}, {"GET", "/exemptions"}};
        for (String[] c : calls) {
            for (String cred : new String[] {null, "UDC1." + "0".repeat(32) + "." + "B".repeat(43), "garbage"}) {
                Res r = client.send(c[0], A + c[1], cred, "{}".getBytes(), "application/json");
                assertEquals(401, r.status(), c[0] + " " + c[1] + " " + cred + ": " + r.body());
                assertNotNull(r.as(ErrorBody.class).error());
            }
        }
    }

    /** Uploads {@code files} (path -> bytes) as a device would, cut into chunks of {@code chunk} bytes. */
    static SessionCommit upload(String cred, String session, Map<String, byte[]> files, int chunk) throws Exception {
        List<FileEntry> entries = new ArrayList<>();
        Map<String, byte[]> chunks = new LinkedHashMap<>();
        for (var f : files.entrySet()) {
            List<String> ids = new ArrayList<>();
            byte[] b = f.getValue();
            for (int off = 0; off < b.length || (off == 0 && b.length == 0); off += chunk) {
                byte[] part = Arrays.copyOfRange(b, off, Math.min(b.length, off + chunk));
                String id = Chunks.id(part);
                ids.add(id);
                chunks.put(id, part);
                if (b.length == 0) break;
            }
            entries.add(new FileEntry(f.getKey(), b.length, ids));
        }
        Res m = client.json("POST", A + "/chunks/missing", cred, new MissingRequest(new ArrayList<>(chunks.keySet())));
        assertEquals(200, m.status(), m.body());
        for (String id : m.as(MissingResponse.class).missing()) {
            Res p = client.put(A + "/chunks/" + id, cred, chunks.get(id));
            assertTrue(p.status() == 201 || p.status() == 200, p.body());
        }
        JsonNode manifest = Wire.MAPPER.readTree(files.getOrDefault("manifest.json", "{\"id\":\"x\"}".getBytes()));
        return new SessionCommit(session, manifest, entries);
    }

    @Test
    void chunksAndCommit() throws Exception {
        EnrollResponse e = client.enroll(token, "carol");
        String cred = e.credential();
        byte[] bytes = random(3000, 1);
        String id = Chunks.id(bytes);
        Res m = client.json("POST", A + "/chunks/missing", cred, new MissingRequest(List.of(id, id)));
        assertEquals(List.of(id), m.as(MissingResponse.class).missing());
        Res p1 = client.put(A + "/chunks/" + id, cred, bytes);
        assertEquals(201, p1.status(), p1.body());
        assertTrue(p1.as(ChunkStored.class).stored());
        Res p2 = client.put(A + "/chunks/" + id, cred, bytes);
        assertEquals(200, p2.status());
        assertFalse(p2.as(ChunkStored.class).stored());
        assertEquals(List.of(), client.json("POST", A + "/chunks/missing", cred, new MissingRequest(List.of(id))).as(MissingResponse.class).missing());
        // checksum mismatch: 422, nothing kept
        byte[] other = random(100, 2);
        String wrongId = Chunks.id(random(100, 3));
        assertEquals(422, client.put(A + "/chunks/" + wrongId, cred, other).status());
        assertEquals(List.of(wrongId), client.json("POST", A + "/chunks/missing", cred, new MissingRequest(List.of(wrongId))).as(MissingResponse.class).missing());
        // too big: refused from its Content-Length, before the body is read; a client still sending may see the 413 or
        // the connection closed under its upload (a race of HTTP/1.1 itself: it failed CI once so) -- either way, not kept
        byte[] big = new byte[Wire.MAX_CHUNK_BYTES + 1];
        String bigId = Chunks.id(big);
        try {
            assertEquals(413, client.put(A + "/chunks/" + bigId, cred, big).status());
        } catch (java.io.IOException closedWhileSending) {
            // refused before the body was read
        }
        assertEquals(List.of(bigId), client.json("POST", A + "/chunks/missing", cred, new MissingRequest(List.of(bigId))).as(MissingResponse.class).missing());
        // compressed bodies are refused
        assertEquals(415, client.put(A + "/chunks/" + Chunks.id(other), cred, other, "Content-Encoding", "gzip").status());
        // a bad id
        assertEquals(404, client.put(A + "/chunks/ABC", cred, other).status());
        // the blob on disk is sealed: the plaintext is not in it
        Path blob = tmp.resolve("server/blobs/chunks/" + e.person() + "/" + id.substring(0, 2) + "/" + id);
        assertTrue(Files.exists(blob));
        assertEquals(-1, indexOf(Files.readAllBytes(blob), Arrays.copyOf(bytes, 32)));

        // commit: missing chunk -> 409 with the ids
        byte[] events = random(2500, 4);
        String evId = Chunks.id(events);
        JsonNode manifest = Wire.MAPPER.readTree("{\"id\":\"20260101-000000-abcd\"}");
        SessionCommit c = new SessionCommit("20260101-000000-abcd", manifest,
                List.of(new FileEntry("events/000001.useg", 2500, List.of(evId))));
        Res miss = client.json("PUT", A + "/sessions/20260101-000000-abcd", cred, c);
        assertEquals(409, miss.status());
        assertEquals(List.of(evId), miss.as(ErrorBody.class).missing());
        assertEquals(201, client.put(A + "/chunks/" + evId, cred, events).status());
        // size mismatch, bad path, session mismatch -> 422
        assertEquals(422, client.json("PUT", A + "/sessions/20260101-000000-abcd", cred,
                new SessionCommit("20260101-000000-abcd", manifest, List.of(new FileEntry("events/000001.useg", 2499, List.of(evId))))).status());
        assertEquals(422, client.json("PUT", A + "/sessions/20260101-000000-abcd", cred,
                new SessionCommit("20260101-000000-abcd", manifest, List.of(new FileEntry("../../etc/passwd", 2500, List.of(evId))))).status());
        assertEquals(422, client.json("PUT", A + "/sessions/20260101-000000-abcd", cred,
                new SessionCommit("other", manifest, List.of(new FileEntry("events/000001.useg", 2500, List.of(evId))))).status());
        Res ok = client.json("PUT", A + "/sessions/20260101-000000-abcd", cred, c);
        assertEquals(201, ok.status(), ok.body());
        assertTrue(ok.as(SessionInfo.class).created());
        Res again = client.json("PUT", A + "/sessions/20260101-000000-abcd", cred, c);
        assertEquals(200, again.status());
        assertFalse(again.as(SessionInfo.class).created());
        Res conflict = client.json("PUT", A + "/sessions/20260101-000000-abcd", cred,
                new SessionCommit("20260101-000000-abcd", manifest, List.of(new FileEntry("events/000002.useg", 2500, List.of(evId)))));
        assertEquals(409, conflict.status());
        List<SessionInfo> mine = client.get(A + "/sessions", cred).as(SessionList.class).sessions();
        assertEquals(1, mine.size());
        assertEquals(2500, mine.get(0).bytes());

        // another device (another person) sees none of it and cannot use its chunks
        EnrollResponse other2 = client.enroll(token, "dave");
        assertEquals(List.of(), client.get(A + "/sessions", other2.credential()).as(SessionList.class).sessions());
        assertEquals(List.of(evId), client.json("POST", A + "/chunks/missing", other2.credential(), new MissingRequest(List.of(evId)))
                .as(MissingResponse.class).missing());
        Res steal = client.json("PUT", A + "/sessions/20260101-000000-abcd", other2.credential(), c);
        assertEquals(409, steal.status());
        assertEquals(List.of(evId), steal.as(ErrorBody.class).missing());
        assertEquals(List.of(), client.get(A + "/exemptions", other2.credential()).as(ExemptionList.class).exemptions());
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Test
    void materializeGivesBackTheExactBytes() throws Exception {
        EnrollResponse e = client.enroll(token, "erin");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("manifest.json", "{\"id\":\"20260102-101010-beef\",\"format\":2}".getBytes(StandardCharsets.UTF_8));
        files.put("privacy.json", "{}".getBytes(StandardCharsets.UTF_8));
        files.put("redactions.jsonl", new byte[0]);
        files.put("events/000001.useg", random(5000, 7));
        files.put("events/000002.useg", random(1234, 8));
        files.put("frames/frames.ufl", random(999, 9));
        files.put("tiles/pack-000001.utp", random(7000, 10));
        SessionCommit c = upload(e.credential(), "20260102-101010-beef", files, 1024);
        assertEquals(201, client.json("PUT", A + "/sessions/20260102-101010-beef", e.credential(), c).status());
        Path into = tmp.resolve("materialized");
        Path sessionDir = admin.materialize("20260102-101010-beef", into);
        assertEquals(into.resolve("sessions/20260102-101010-beef"), sessionDir);
        for (var f : files.entrySet()) {
            Path p = f.getKey().startsWith("tiles/") ? into.resolve(f.getKey()) : sessionDir.resolve(f.getKey());
            assertArrayEquals(f.getValue(), Files.readAllBytes(p), f.getKey());
        }
        assertEquals(1, admin.sessions().stream().filter(s -> s.session().equals("20260102-101010-beef")).count());
        assertNotNull(admin.find(e.deviceId() + ":20260102-101010-beef"));
        assertThrows(IllegalArgumentException.class, () -> admin.find("nope"));

        // erasing the person: their key goes, so do their sessions; their devices are revoked
        admin.erasePerson(e.person());
        assertThrows(IllegalArgumentException.class, () -> admin.find("20260102-101010-beef"));
        assertEquals(403, client.get(A + "/device", e.credential()).status());
        assertFalse(Files.exists(tmp.resolve("server/blobs/chunks/" + e.person())));
    }

    @Test
    void revokedDeviceIsRefused() throws Exception {
        EnrollResponse e = client.enroll(token, "frank");
        assertEquals(200, client.get(A + "/device", e.credential()).status());
        admin.revoke(e.deviceId());
        Res r = client.get(A + "/device", e.credential());
        assertEquals(403, r.status());
        assertEquals("device revoked by the collector's admin", r.as(ErrorBody.class).error());
        assertEquals(403, client.put(A + "/chunks/" + Chunks.id(new byte[] {1}), e.credential(), new byte[] {1}).status());
        assertEquals("revoked", admin.device(e.deviceId()).state());
    }

    @Test
    void rotationOverlapAndClones() throws Exception {
        EnrollResponse e = client.enroll(token, "gina");
        String old = e.credential();
        Res rot = client.json("POST", A + "/credential", old, "{}");
        assertEquals(200, rot.status(), rot.body());
        CredentialResponse cr = rot.as(CredentialResponse.class);
        assertEquals(OVERLAP.toSeconds(), cr.overlapSeconds());
        // before the new one is used, the old one still works
        assertEquals(200, client.get(A + "/device", old).status());
        assertEquals(200, client.get(A + "/device", cr.credential()).status());
        // the old one used after its successor: two machines hold the device
        Res clone = client.get(A + "/device", old);
        assertEquals(403, clone.status());
        assertTrue(clone.body().contains("cloned"), clone.body());
        assertEquals(403, client.get(A + "/device", cr.credential()).status());
        assertEquals("cloned", admin.device(e.deviceId()).state());

        // the overlap passes without the new one being used: the old one expires (no clone)
        EnrollResponse f = client.enroll(token, "hank");
        CredentialResponse cr2 = client.json("POST", A + "/credential", f.credential(), "{}").as(CredentialResponse.class);
        Thread.sleep(OVERLAP.toMillis() + 300);
        assertEquals(401, client.get(A + "/device", f.credential()).status());
        assertEquals(200, client.get(A + "/device", cr2.credential()).status());
        assertEquals("active", admin.device(f.deviceId()).state());
    }

    @Test
    void rotateHeaderWhenOld() throws Exception {
        Path dir = tmp.resolve("server-rotate");
        try (CollectorServer s = CollectorServer.start(ServerConfig.of(dir).withPort(0).withBind("127.0.0.1").withRotateAfter(Duration.ZERO));
             ServerAdmin ad = ServerAdmin.open(dir)) {
            TestClient c = new TestClient(s.url(), s.fingerprint());
            EnrollResponse e = c.enroll(ad.createEnrollToken(null, Duration.ofMinutes(5)), "ivy");
            assertEquals("default", e.team());
            assertEquals(0, e.rotateAfterSeconds());
            assertEquals("1", c.get(Wire.API + "/device", e.credential()).header(Wire.ROTATE_HEADER));
        }
    }

    @Test
    void policiesAndExemptions() throws Exception {
        Path dir = tmp.resolve("server-policy");
        try (CollectorServer s = CollectorServer.start(ServerConfig.of(dir).withPort(0).withBind("127.0.0.1"));
             ServerAdmin ad = ServerAdmin.open(dir)) {
            TestClient c = new TestClient(s.url(), s.fingerprint());
            EnrollResponse e = c.enroll(ad.createEnrollToken("ops", Duration.ofMinutes(5)), "jane");
            assertEquals(204, c.get(A + "/policy", e.credential()).status());
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ad.publishPolicy("version: 99\n", null));
            assertFalse(bad.getMessage().contains("\n"));
            String yaml = "version: 1\nextends: default\n";
            long v1 = ad.publishPolicy(yaml, null);
            assertEquals(1, v1);
            Res r = c.get(A + "/policy", e.credential());
            assertEquals(200, r.status(), r.body());
            PolicyEnvelope env = r.as(PolicyEnvelope.class);
            assertTrue(PolicySignature.verify(env.payload(), env.signature(), PolicySignature.decode(e.policyKey())));
            assertFalse(PolicySignature.verify(env.payload().replace("jane", "x").replace("\"version\":1", "\"version\":2"), env.signature(),
                    PolicySignature.decode(e.policyKey())));
            PolicyPayload p = Wire.MAPPER.readValue(env.payload(), PolicyPayload.class);
            assertEquals(e.deviceId(), p.deviceId());
            assertEquals(1, p.version());
            assertEquals(yaml, p.yaml());
            assertFalse(p.exempt());
            String etag = r.header("ETag");
            assertNotNull(etag);
            assertEquals(304, c.get(A + "/policy", e.credential(), "If-None-Match", etag).status());
            // a team policy wins over the all-teams one
            long v2 = ad.publishPolicy("version: 1\nextends: default\n# ops\n", "ops");
            Res r2 = c.get(A + "/policy", e.credential(), "If-None-Match", etag);
            assertEquals(200, r2.status());
            assertEquals(v2, Wire.MAPPER.readValue(r2.as(PolicyEnvelope.class).payload(), PolicyPayload.class).version());
            assertEquals(2, ad.policyHistory().size());

            Res ex = c.json("POST", A + "/exemptions", e.credential(), new ExemptionRequest("union rep", 8));
            assertEquals(201, ex.status(), ex.body());
            Exemption x = ex.as(Exemption.class);
            assertEquals("pending", x.state());
            ad.decideExemption(x.id(), true);
            Res r3 = c.get(A + "/policy", e.credential(), "If-None-Match", r2.header("ETag"));
            assertEquals(200, r3.status());
            PolicyEnvelope env3 = r3.as(PolicyEnvelope.class);
            assertTrue(PolicySignature.verify(env3.payload(), env3.signature(), PolicySignature.decode(e.policyKey())));
            PolicyPayload p3 = Wire.MAPPER.readValue(env3.payload(), PolicyPayload.class);
            assertTrue(p3.exempt());
            assertEquals(List.of(x.id()), p3.exemptions());
            List<Exemption> mine = c.get(A + "/exemptions", e.credential()).as(ExemptionList.class).exemptions();
            assertEquals("approved", mine.get(0).state());
            assertNotNull(mine.get(0).expiresAt());
            // budget: the device learns it, and chunks past it are refused with 429
            ad.setUploadBudget(e.deviceId(), 10L);
            assertEquals(10L, c.get(A + "/device", e.credential()).as(DeviceInfo.class).uploadBytesPerDay());
            byte[] b = random(100, 11);
            Res over = c.put(A + "/chunks/" + Chunks.id(b), e.credential(), b);
            assertEquals(429, over.status());
            assertNotNull(over.header("Retry-After"));
            ad.setUploadBudget(e.deviceId(), null);
            assertEquals(201, c.put(A + "/chunks/" + Chunks.id(b), e.credential(), b).status());
        }
    }
}
