package dev.understudy.uploader;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import dev.understudy.trace.DataDir;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `forget` on the collector's side: queued while the collector is unreachable, asked again by the next pass. */
@Tag("unit")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ForgetTest {
    @TempDir Path tmp;

    @Test
    void anUnreachableCollectorQueuesTheErasureAndTheNextSyncAsksAgain() throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> asked = new CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpHandler collector = ex -> {
            asked.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            boolean known = ex.getRequestURI().getPath().endsWith("-0001");
            byte[] b = (known ? "{\"session\":\"20260101-010000-0001\",\"device_id\":\"d\",\"erased_at\":1,\"already\":false,\"stale_datasets\":0}"
                    : "{\"error\":\"no session\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(known ? 200 : 404, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        };
        http.createContext("/", collector);
        int port;
        http.start();
        port = http.getAddress().getPort();
        http.stop(0); // down for now
        Path data = tmp.resolve("data");
        CollectorLink link = UploaderTest.enrolled(data, "http://127.0.0.1:" + port);

        Forget.Result r = Forget.onServer(link, "20260101-010000-0001");
        assertTrue(r.queued() && !r.erased(), r.toString());
        assertNotNull(r.problem());
        assertFalse(r.problem().contains("\n"));
        Forget.onServer(link, "20260101-010000-0001");
        Forget.onServer(link, "20260101-020000-0002");
        assertEquals(List.of("20260101-010000-0001", "20260101-020000-0002"), Forget.queued(link), "queued once each");
        assertThrows(CollectorException.class, () -> Forget.flush(link));
        assertEquals(2, Forget.queued(link).size(), "still queued while the collector is down");

        // back up on the same port: the next pass asks for both; one erased, the other never reached the collector
        HttpServer up = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        up.createContext("/", collector);
        up.start();
        try {
            assertEquals(2, Forget.flush(link));
            assertEquals(List.of(), Forget.queued(link));
            assertEquals(List.of("DELETE /api/v1/sessions/20260101-010000-0001", "DELETE /api/v1/sessions/20260101-020000-0002"), asked);
            Forget.Result now = Forget.onServer(link, "20260101-010000-0001");
            assertTrue(now.erased() && !now.queued());
            assertTrue(Forget.onServer(link, "20260101-030000-0003").notThere());
        } finally {
            up.stop(0);
        }
    }

    @Test
    void aSessionTheCollectorErasedIsNotOfferedAgain() throws Exception {
        Path data = tmp.resolve("data");
        DataDir dd = DataDir.at(data);
        long now = 1_000 * UploaderTest.HOUR;
        Fixture.session(dd, "20260101-010000-0001", now - 30 * UploaderTest.HOUR, now - 29 * UploaderTest.HOUR, 1, true);
        Fixture.session(dd, "20260101-020000-0002", now - 30 * UploaderTest.HOUR, now - 29 * UploaderTest.HOUR, 1, true);
        CollectorLink link = UploaderTest.enrolled(data, "https://collector.example");
        link.updateState(s -> s.with(Uploader.ERASED).put("20260101-010000-0001", "session 20260101-010000-0001 was erased on 2026-12-01"));
        Uploader.Backlog b = new Uploader(dd, link, () -> 0).backlog(Instant.ofEpochMilli(now));
        assertEquals(List.of("20260101-020000-0002"), b.sessions().stream().map(Uploader.Pending::session).toList());
        dd.close();
    }
}
