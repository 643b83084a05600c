package dev.understudy.collector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.collector.TestClient.Res;
import dev.understudy.collector.admin.ServerAdmin;
import dev.understudy.collector.api.Chunks;
import dev.understudy.collector.api.Messages.ChunkStored;
import dev.understudy.collector.api.Messages.CredentialResponse;
import dev.understudy.collector.api.Messages.EnrollRequest;
import dev.understudy.collector.api.Messages.EnrollResponse;
import dev.understudy.collector.api.Messages.ErrorBody;
import dev.understudy.collector.api.Messages.FileEntry;
import dev.understudy.collector.api.Messages.MissingRequest;
import dev.understudy.collector.api.Messages.MissingResponse;
import dev.understudy.collector.api.Messages.SessionCommit;
import dev.understudy.collector.api.Messages.SessionInfo;
import dev.understudy.collector.api.Wire;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transport faults against a real collector (SQLite, files, self-signed TLS) over pinned TLS: a
 * connection cut at any byte of a chunk keeps nothing and the upload resumes from the chunks that
 * arrived; retried and duplicated requests never store anything twice; a chunk whose checksum fails
 * is refused and not kept; a client that stops sending does not block others and is cut off by the
 * server's idle timeout.
 *
 * <p>Awaitility is not a dependency of this module (only of cli/demo/power), so waiting uses the
 * small deadline poll {@link #await} below, never a bare sleep.
 */
@Tag("unit")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TransportFaultsTest {
    static final String A = Wire.API;
    static final int MIB = Wire.CHUNK_BYTES;

    @TempDir static Path tmp;
    static Srv main;

    /** One running collector and what talks to it. */
    record Srv(Path dir, CollectorServer server, ServerAdmin admin, TestClient client, String token) implements AutoCloseable {
        static Srv start(Path dir, int maxUploads) throws Exception {
            CollectorServer s = CollectorServer.start(ServerConfig.of(dir).withPort(0).withBind("127.0.0.1").withMaxConcurrentUploads(maxUploads));
            ServerAdmin a = ServerAdmin.open(dir);
            return new Srv(dir, s, a, new TestClient(s.url(), s.fingerprint()), a.createEnrollToken("ops", Duration.ofHours(1)));
        }

        EnrollResponse enroll(String user) throws Exception {
            return client.enroll(token, user);
        }

        List<String> missing(String cred, List<String> ids) throws Exception {
            Res r = client.json("POST", A + "/chunks/missing", cred, new MissingRequest(ids));
            assertEquals(200, r.status(), r.body());
            return r.as(MissingResponse.class).missing();
        }

        Path blobs() {
            return dir.resolve("blobs");
        }

        /** Every file under the blob directory whose name holds this chunk id (the blob itself and any temporary file). */
        List<Path> blobFiles(String id) throws IOException {
            if (!Files.exists(blobs())) return List.of();
            try (Stream<Path> s = Files.walk(blobs())) {
                return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().contains(id)).toList();
            }
        }

        List<Path> tempFiles() throws IOException {
            if (!Files.exists(blobs())) return List.of();
            try (Stream<Path> s = Files.walk(blobs())) {
                return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            }
        }

        /** Rows of the chunks table for this person and id, read straight from the SQLite file. */
        int chunkRows(String person, String id) throws Exception {
            try (Connection c = DriverManager.getConnection(ServerDir.defaultDb(dir));
                 PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM chunks WHERE person = ? AND id = ?")) {
                ps.setString(1, person);
                ps.setString(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        }

        /** Asserts the person's space holds nothing of the chunk: no row, no blob, no temporary file. */
        void assertNotKept(String person, String id) throws Exception {
            assertEquals(0, chunkRows(person, id), "a chunks row for " + id);
            assertEquals(List.of(), blobFiles(id), "blob files for " + id);
            assertEquals(List.of(), tempFiles(), "temporary files in the blob directory");
        }

        /** Asserts exactly one stored blob and one row for the chunk, and no temporary file. */
        void assertStoredOnce(String person, String id) throws Exception {
            assertEquals(1, chunkRows(person, id), "chunks rows for " + id);
            List<Path> files = blobFiles(id);
            assertEquals(1, files.size(), "blob files for " + id + ": " + files);
            assertEquals(blobs().resolve("chunks/" + person + "/" + id.substring(0, 2) + "/" + id), files.get(0));
            assertEquals(List.of(), tempFiles(), "temporary files in the blob directory");
        }

        @Override
        public void close() {
            admin.close();
            server.close();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        main = Srv.start(tmp.resolve("main"), 64);
    }

    @AfterAll
    static void stop() {
        if (main != null) main.close();
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Polls {@code cond} every 20 ms until it holds; fails after {@code max}. */
    static void await(String what, Duration max, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out after " + max + " waiting for: " + what);
            Thread.sleep(20);
        }
    }

    // ------------------------------------------------------------------ raw TLS connections

    enum Cut { RESET, ORDERLY_CLOSE, HALF_CLOSE }

    /** A TLS connection over its own TCP socket, so it can be cut without a TLS close_notify. */
    record Raw(Socket tcp, SSLSocket tls) implements AutoCloseable {
        static Raw open(CollectorServer s) throws Exception {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TestClient.Pinning(s.fingerprint())}, null);
            Socket tcp = new Socket();
            tcp.connect(new InetSocketAddress("127.0.0.1", s.port()), 10_000);
            tcp.setSoTimeout(20_000);
            SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(tcp, "127.0.0.1", s.port(), true);
            tls.startHandshake();
            return new Raw(tcp, tls);
        }

        void send(byte[] b, int off, int len) throws IOException {
            OutputStream out = tls.getOutputStream();
            out.write(b, off, len);
            out.flush();
        }

        void send(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            send(b, 0, b.length);
        }

        /** Like a cable pulled or a process killed: a TCP reset, no close_notify, no FIN. */
        void reset() throws IOException {
            tcp.setSoLinger(true, 0);
            tcp.close();
        }

        /** An orderly close mid-body: close_notify and FIN, so the server sees the body end early. */
        void closeOrderly() throws IOException {
            tls.close();
        }

        @Override
        public void close() throws IOException {
            tcp.close();
        }
    }

    static String chunkPutHead(CollectorServer s, String id, String cred, long contentLength) {
        return "PUT " + A + "/chunks/" + id + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + s.port() + "\r\n"
                + "Authorization: Bearer " + cred + "\r\n"
                + "Content-Type: application/octet-stream\r\n"
                + "Content-Length: " + contentLength + "\r\n"
                + "\r\n";
    }

    /** Reads whatever the server still sends until it closes the connection; the bytes read. */
    static byte[] readUntilClosed(Raw r) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = r.tls().getInputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) got.write(buf, 0, n);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within the socket timeout; read: "
                    + new String(got.toByteArray(), StandardCharsets.ISO_8859_1), e);
        } catch (IOException e) {
            // a reset or a TLS alert is also the server closing the connection
        }
        return got.toByteArray();
    }

    /**
     * With a server of one upload slot, a chunk PUT that is not 503 proves the previous chunk
     * request has finished on the server (and given its slot back). The probe's bytes are not its
     * id, so it is answered 422 and never stored.
     */
    static void awaitUploadSlotFree(Srv s, String cred) throws InterruptedException {
        byte[] probe = "probe".getBytes(StandardCharsets.US_ASCII);
        String notItsId = Chunks.id("other".getBytes(StandardCharsets.US_ASCII));
        await("the cut request to finish on the server (its upload slot back)", Duration.ofSeconds(15), () -> {
            try {
                int st = s.client().put(A + "/chunks/" + notItsId, cred, probe).status();
                if (st != 422 && st != 503) throw new AssertionError("probe answered " + st);
                return st == 422;
            } catch (AssertionError e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    // ------------------------------------------------------------------ 1. a connection cut mid-chunk

    @Test
    void connectionCutAtAnyByteKeepsNothingAndTheUploadResumes() throws Exception {
        // one upload slot: a probe that is not 503 shows the cut request is over on the server
        try (Srv s = Srv.start(tmp.resolve("cut"), 1)) {
            EnrollResponse e = s.enroll("kim");
            String cred = e.credential();
            byte[] file = random(3 * MIB, 21);
            List<byte[]> parts = List.of(java.util.Arrays.copyOfRange(file, 0, MIB), java.util.Arrays.copyOfRange(file, MIB, 2 * MIB),
                    java.util.Arrays.copyOfRange(file, 2 * MIB, 3 * MIB));
            List<String> ids = parts.stream().map(Chunks::id).toList();
            assertEquals(ids, s.missing(cred, ids));

            // the first chunk arrives whole
            assertEquals(201, s.client().put(A + "/chunks/" + ids.get(0), cred, parts.get(0)).status());

            // the second is cut at several bytes: by a reset, by an orderly close, and by a client
            // that stops sending (half-close) and still reads the answer
            byte[] two = parts.get(1);
            int[] cuts = {0, 1, two.length / 2, two.length - 1};
            for (Cut mode : Cut.values()) {
                for (int cut : cuts) {
                    String how = mode + " after " + cut + " of " + two.length + " body bytes";
                    Raw r = Raw.open(s.server());
                    r.send(chunkPutHead(s.server(), ids.get(1), cred, two.length));
                    if (cut > 0) r.send(two, 0, cut);
                    switch (mode) {
                        case RESET -> r.reset();
                        case ORDERLY_CLOSE -> r.closeOrderly();
                        case HALF_CLOSE -> {
                            r.tls().shutdownOutput();
                            String answer = new String(readUntilClosed(r), StandardCharsets.ISO_8859_1);
                            r.close();
                            // the body ended early: the client's side, never "the collector's storage is unavailable"
                            assertTrue(answer.startsWith("HTTP/1.1 4"), how + ": " + answer);
                            assertFalse(answer.contains("storage"), how + ": " + answer);
                        }
                    }

                    awaitUploadSlotFree(s, cred);
                    assertEquals(200, s.client().get(A + "/health", null).status(), how);
                    // resuming asks only for what did not arrive: the first chunk is not asked again
                    assertEquals(ids.subList(1, 3), s.missing(cred, ids), how);
                    s.assertNotKept(e.person(), ids.get(1));
                    assertEquals(List.of(), s.blobFiles(ids.get(2)), how);
                }
            }

            // cut right after the last body byte, before the answer is read: stored or not, never half
            Raw r = Raw.open(s.server());
            r.send(chunkPutHead(s.server(), ids.get(2), cred, parts.get(2).length));
            r.send(parts.get(2), 0, parts.get(2).length);
            r.reset();
            awaitUploadSlotFree(s, cred);
            boolean arrived = !s.missing(cred, List.of(ids.get(2))).contains(ids.get(2));
            if (arrived) s.assertStoredOnce(e.person(), ids.get(2));
            else s.assertNotKept(e.person(), ids.get(2));

            // resume: the device sends what is missing, whole
            List<String> still = s.missing(cred, ids);
            assertEquals(arrived ? List.of(ids.get(1)) : ids.subList(1, 3), still);
            for (String id : still) {
                Res p = s.client().put(A + "/chunks/" + id, cred, parts.get(ids.indexOf(id)));
                assertEquals(201, p.status(), p.body());
                assertTrue(p.as(ChunkStored.class).stored());
            }
            // the retry of the chunk whose answer was lost: already there, not stored again
            Res retry = s.client().put(A + "/chunks/" + ids.get(2), cred, parts.get(2));
            assertEquals(200, retry.status(), retry.body());
            assertFalse(retry.as(ChunkStored.class).stored());
            assertEquals(List.of(), s.missing(cred, ids));
            for (String id : ids) s.assertStoredOnce(e.person(), id);

            // the committed session reads back as exactly the bytes sent
            String session = "20260301-090000-cut1";
            SessionCommit c = new SessionCommit(session, Wire.MAPPER.readTree("{\"id\":\"" + session + "\"}"),
                    List.of(new FileEntry("events/000001.useg", file.length, ids)));
            Res commit = s.client().json("PUT", A + "/sessions/" + session, cred, c);
            assertEquals(201, commit.status(), commit.body());
            Path into = tmp.resolve("cut-materialized");
            Path dir = s.admin().materialize(session, into);
            assertArrayEquals(file, Files.readAllBytes(dir.resolve("events/000001.useg")));
        }
    }

    // ------------------------------------------------------------------ 2. replayed and duplicated requests

    static <T> List<T> concurrently(int n, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                fs.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : fs) out.add(f.get(60, TimeUnit.SECONDS));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameChunkSentConcurrentlyIsStoredOnce() throws Exception {
        EnrollResponse e = main.enroll("lena");
        String cred = e.credential();
        for (int threads : new int[] {2, 8}) {
            byte[] bytes = random(MIB, 30 + threads);
            String id = Chunks.id(bytes);
            // each thread its own HttpClient: separate connections, truly concurrent requests
            List<Res> answers = concurrently(threads, () -> new TestClient(main.server().url(), main.server().fingerprint())
                    .put(A + "/chunks/" + id, cred, bytes));
            long created = answers.stream().filter(a -> a.status() == 201).count();
            long again = answers.stream().filter(a -> a.status() == 200).count();
            assertEquals(1, created, threads + " concurrent PUTs: " + answers.stream().map(Res::status).toList());
            assertEquals(threads - 1, again, threads + " concurrent PUTs: " + answers.stream().map(Res::status).toList());
            for (Res a : answers) assertEquals(a.status() == 201, a.as(ChunkStored.class).stored(), a.body());
            main.assertStoredOnce(e.person(), id);
            // and once more, sequentially
            Res p = main.client().put(A + "/chunks/" + id, cred, bytes);
            assertEquals(200, p.status());
            main.assertStoredOnce(e.person(), id);
            assertEquals(List.of(), main.missing(cred, List.of(id)));
        }
    }

    @Test
    void aReplayedCommitMakesOneSession() throws Exception {
        EnrollResponse e = main.enroll("mona");
        String cred = e.credential();
        byte[] events = random(4000, 40);
        String id = Chunks.id(events);
        assertEquals(201, main.client().put(A + "/chunks/" + id, cred, events).status());
        for (boolean parallel : new boolean[] {false, true}) {
            String session = parallel ? "20260302-100000-par0" : "20260302-100000-seq0";
            JsonNode manifest = Wire.MAPPER.readTree("{\"id\":\"" + session + "\"}");
            SessionCommit c = new SessionCommit(session, manifest, List.of(new FileEntry("events/000001.useg", events.length, List.of(id))));
            List<Res> answers;
            if (parallel) {
                answers = concurrently(5, () -> new TestClient(main.server().url(), main.server().fingerprint())
                        .json("PUT", A + "/sessions/" + session, cred, c));
            } else {
                answers = new ArrayList<>();
                for (int i = 0; i < 5; i++) answers.add(main.client().json("PUT", A + "/sessions/" + session, cred, c));
                assertEquals(201, answers.get(0).status(), answers.get(0).body());
            }
            List<Integer> st = answers.stream().map(Res::status).toList();
            assertEquals(1, st.stream().filter(x -> x == 201).count(), session + ": " + st);
            assertEquals(4, st.stream().filter(x -> x == 200).count(), session + ": " + st);
            // every answer names the one commit: same time, same bytes; created only once
            long committedAt = answers.stream().filter(a -> a.status() == 201).findFirst().orElseThrow().as(SessionInfo.class).committedAt();
            for (Res a : answers) {
                SessionInfo info = a.as(SessionInfo.class);
                assertEquals(committedAt, info.committedAt(), a.body());
                assertEquals(events.length, info.bytes());
                assertEquals(a.status() == 201, info.created());
            }
            assertEquals(1, main.admin().sessions().stream().filter(r -> r.session().equals(session)).count(), session);
        }
        assertEquals(2, main.admin().sessions().stream().filter(r -> r.device().equals(e.deviceId())).count());
    }

    @Test
    void aReplayedEnrollmentIsRefusedAndMakesNoSecondDevice() throws Exception {
        // sequential replay: the answer was lost, the device sends the same request again
        EnrollRequest req = new EnrollRequest(main.token(), TestClient.newDeviceId(), "nora", "test-1.0", "linux");
        Res first = main.client().json("POST", A + "/enroll", null, req);
        assertEquals(201, first.status(), first.body());
        Res replay = main.client().json("POST", A + "/enroll", null, req);
        assertEquals(409, replay.status(), replay.body());
        assertTrue(replay.as(ErrorBody.class).error().contains("already enrolled"), replay.body());
        assertEquals(1, main.admin().devices().stream().filter(d -> d.id().equals(req.deviceId())).count());
        // the first credential still works: the replay changed nothing
        assertEquals(200, main.client().get(A + "/device", first.as(EnrollResponse.class).credential()).status());

        // concurrent duplicates: exactly one enrollment
        EnrollRequest req2 = new EnrollRequest(main.token(), TestClient.newDeviceId(), "olga", "test-1.0", "linux");
        List<Res> answers = concurrently(4, () -> new TestClient(main.server().url(), main.server().fingerprint())
                .json("POST", A + "/enroll", null, req2));
        List<Integer> st = answers.stream().map(Res::status).toList();
        assertEquals(1, st.stream().filter(x -> x == 201).count(), st.toString());
        assertEquals(3, st.stream().filter(x -> x == 409).count(), st.toString());
        assertEquals(1, main.admin().devices().stream().filter(d -> d.id().equals(req2.deviceId())).count());
        String cred = answers.stream().filter(a -> a.status() == 201).findFirst().orElseThrow().as(EnrollResponse.class).credential();
        assertEquals(200, main.client().get(A + "/device", cred).status());
    }

    @Test
    void aReplayedRotationAfterTheNewCredentialWasUsedIsTheCloneRule() throws Exception {
        // the answer to a rotation got lost: rotating again replaces the unused successor
        EnrollResponse e = main.enroll("pia");
        String old = e.credential();
        Res r1 = main.client().json("POST", A + "/credential", old, "{}");
        assertEquals(200, r1.status(), r1.body());
        Res r2 = main.client().json("POST", A + "/credential", old, "{}");
        assertEquals(200, r2.status(), r2.body());
        String lost = r1.as(CredentialResponse.class).credential();
        String next = r2.as(CredentialResponse.class).credential();
        assertNotEquals(lost, next);
        assertEquals(401, main.client().get(A + "/device", lost).status());
        assertEquals(200, main.client().get(A + "/device", next).status());
        assertEquals("active", main.admin().device(e.deviceId()).state());

        // the rotation replayed with the old credential after the new one was used: two machines
        Res replay = main.client().json("POST", A + "/credential", old, "{}");
        assertEquals(403, replay.status(), replay.body());
        assertTrue(replay.as(ErrorBody.class).error().contains("cloned"), replay.body());
        assertEquals("cloned", main.admin().device(e.deviceId()).state());
        assertEquals(403, main.client().get(A + "/device", next).status());
        assertEquals(403, main.client().json("POST", A + "/credential", next, "{}").status());
    }

    // ------------------------------------------------------------------ 3. a corrupt chunk

    @Test
    void aChunkWhoseChecksumFailsIsRefusedAndNotKept() throws Exception {
        EnrollResponse e = main.enroll("quinn");
        String cred = e.credential();
        byte[] bytes = random(MIB, 50);
        String id = Chunks.id(bytes);
        for (int bit : new int[] {0, 8 * (MIB / 2) + 3, 8 * MIB - 1}) {
            byte[] flipped = bytes.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            Res r = main.client().put(A + "/chunks/" + id, cred, flipped);
            assertEquals(422, r.status(), "bit " + bit + ": " + r.body());
            assertTrue(r.as(ErrorBody.class).error().contains("sha256"), r.body());
            assertEquals(List.of(id), main.missing(cred, List.of(id)));
            main.assertNotKept(e.person(), id);
        }
        // one byte short, with a matching Content-Length
        Res shortBody = main.client().put(A + "/chunks/" + id, cred, java.util.Arrays.copyOf(bytes, MIB - 1));
        assertEquals(422, shortBody.status(), shortBody.body());
        main.assertNotKept(e.person(), id);

        Res ok = main.client().put(A + "/chunks/" + id, cred, bytes);
        assertEquals(201, ok.status(), ok.body());
        assertTrue(ok.as(ChunkStored.class).stored());
        assertEquals(List.of(), main.missing(cred, List.of(id)));
        main.assertStoredOnce(e.person(), id);
        // a corrupt retry of a chunk the server has is still refused, and the stored one stays
        byte[] flipped = bytes.clone();
        flipped[7] ^= 0x10;
        assertEquals(422, main.client().put(A + "/chunks/" + id, cred, flipped).status());
        main.assertStoredOnce(e.person(), id);
        assertEquals(200, main.client().put(A + "/chunks/" + id, cred, bytes).status());
    }

    // ------------------------------------------------------------------ 4. a client that stops sending

    static ServerConnector connector(CollectorServer s) throws Exception {
        Field f = CollectorServer.class.getDeclaredField("app");
        f.setAccessible(true);
        Javalin app = (Javalin) f.get(s);
        return (ServerConnector) app.jettyServer().server().getConnectors()[0];
    }

    @Test
    void aSlowLorisDoesNotBlockOthersAndIsCutOffByTheIdleTimeout() throws Exception {
        // the server has an idle timeout: finite, at most a few minutes (CollectorServer sets 120 s)
        long configured = connector(main.server()).getIdleTimeout();
        assertTrue(configured > 0 && configured <= 300_000, "idle timeout " + configured + " ms");

        // waiting 120 s in a unit test is too long: a server of its own gets a 2 s idle timeout
        // (the same Jetty mechanism) for the connections it accepts from now on
        long idle = 2_000;
        try (Srv s = Srv.start(tmp.resolve("loris"), 64)) {
            connector(s.server()).setIdleTimeout(idle);
            EnrollResponse e = s.enroll("rita");
            String cred = e.credential();
            byte[] bytes = random(MIB, 60);
            String id = Chunks.id(bytes);

            // one sends a chunk's headers and 10 body bytes then nothing; another stops mid-headers
            Raw midBody = Raw.open(s.server());
            midBody.send(chunkPutHead(s.server(), id, cred, bytes.length));
            midBody.send(bytes, 0, 10);
            Raw midHead = Raw.open(s.server());
            midHead.send("PUT " + A + "/chunks/" + id + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + cred + "\r\n");
            long quietSince = System.nanoTime();

            // others are served at once meanwhile (a new client each: the short idle timeout must not hit a pooled connection)
            long t0 = System.nanoTime();
            assertEquals(200, new TestClient(s.server().url(), s.server().fingerprint()).get(A + "/health", null).status());
            byte[] other = random(MIB, 61);
            Res put = new TestClient(s.server().url(), s.server().fingerprint()).put(A + "/chunks/" + Chunks.id(other), cred, other);
            assertEquals(201, put.status(), put.body());
            long servedMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(servedMs < idle, "health and a 1 MiB chunk took " + servedMs + " ms beside an idle client");

            // the server closes both idle connections within its idle timeout (plus slack), not at once
            for (Raw r : List.of(midBody, midHead)) {
                try (r) {
                    byte[] got = readUntilClosed(r);
                    long closedAfter = (System.nanoTime() - quietSince) / 1_000_000;
                    assertTrue(closedAfter >= idle / 2, "closed after " + closedAfter + " ms: " + new String(got, StandardCharsets.ISO_8859_1));
                    assertTrue(closedAfter < idle + 8_000, "closed only after " + closedAfter + " ms");
                    String head = new String(got, StandardCharsets.ISO_8859_1);
                    assertFalse(head.startsWith("HTTP/1.1 2"), "an idle, incomplete request was answered with success: " + head);
                }
            }
            // the handler that waited for the idle body is released (its thread and upload slot)
            await("no server thread still waiting for the idle client's chunk", Duration.ofSeconds(10),
                    () -> Thread.getAllStackTraces().values().stream().flatMap(Stream::of)
                            .noneMatch(f -> f.getClassName().equals("dev.understudy.collector.http.Api") && f.getMethodName().equals("putChunk")));
            // nothing of the idle chunk was kept, and the server still serves
            s.assertNotKept(e.person(), id);
            assertEquals(List.of(id), s.missing(cred, List.of(id)));
            Res after = new TestClient(s.server().url(), s.server().fingerprint()).put(A + "/chunks/" + id, cred, bytes);
            assertEquals(201, after.status(), after.body());
        }
    }
}
