package dev.understudy.uploader;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.collector.api.DeviceCredential;
import dev.understudy.collector.api.Wire;
import dev.understudy.trace.DataDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UploaderTest {
    static final String SECRET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";
    static final long HOUR = 3_600_000L;
    @TempDir Path tmp;

    static CollectorLink enrolled(Path data, String server) {
        CollectorLink link = CollectorLink.at(data);
        String id = CollectorLink.newDeviceId();
        link.store(new CollectorLink.Link(server, null, id, "p-1", "support", "key", 1L, 0, "file"), new DeviceCredential(id, SECRET));
        return link;
    }

    @Test
    void onlyFinishedSessionsPastTheirReviewWindowGo() throws Exception {
        Path data = tmp.resolve("data");
        DataDir dd = DataDir.at(data);
        long now = 1_000 * HOUR;
        Fixture.session(dd, "20260101-010000-0001", now - 30 * HOUR, now - 29 * HOUR, 1, true);   // finished, window passed
        Fixture.session(dd, "20260101-020000-0002", now - 5 * HOUR, now - 4 * HOUR, 1, true);     // finished, in its window
        Fixture.session(dd, "20260101-030000-0003", now - 40 * HOUR, null, 1, true);             // crashed long ago
        Fixture.session(dd, "20260101-040000-0004", now - 30 * HOUR, now - 29 * HOUR, 1, true);   // deleted below
        Fixture.session(dd, "20260101-050000-0005", now - 30 * HOUR, now - 29 * HOUR, 1, true);   // already uploaded
        Fixture.session(dd, "20260101-060000-0006", now - 30 * HOUR, null, 1, true);             // the newest, being recorded
        // the crashed ones' end is their last write
        for (String id : List.of("20260101-030000-0003", "20260101-060000-0006")) {
            try (Stream<Path> s = Files.walk(dd.sessionDir(id))) {
                for (Path p : s.toList()) Files.setLastModifiedTime(p, FileTime.fromMillis(now - 39 * HOUR));
            }
        }
        PrivateFiles.deleteTree(dd.sessionDir("20260101-040000-0004"));
        CollectorLink link = enrolled(data, "https://collector.example");
        ObjectNode up = Wire.MAPPER.createObjectNode();
        up.putObject("sessions").putObject("20260101-050000-0005").put("server", "https://collector.example");
        CollectorLink.writeJson(link.dir().resolve(Uploader.UPLOADED), up);

        try (DataDir.RecorderLock lock = dd.lockForRecording()) {
            Uploader u = new Uploader(dd, link, () -> 24);
            Uploader.Backlog b = u.backlog(Instant.ofEpochMilli(now));
            assertEquals(List.of("20260101-010000-0001", "20260101-020000-0002", "20260101-030000-0003"),
                    b.sessions().stream().map(Uploader.Pending::session).toList());
            assertEquals(List.of("20260101-010000-0001", "20260101-030000-0003"), b.due().stream().map(Uploader.Pending::session).toList());
            Uploader.Pending waiting = b.sessions().get(1);
            assertFalse(waiting.due());
            assertEquals(now - 4 * HOUR + 24 * HOUR, waiting.goesAt());
            assertEquals(now - 39 * HOUR, b.sessions().get(2).end());
            assertTrue(b.bytes() > 0);
            assertNull(b.lastUploadWall());
            // a shorter window lets the second go too
            assertEquals(3, new Uploader(dd, link, () -> 0).backlog(Instant.ofEpochMilli(now)).due().size());
        }
        // no recorder: the newest unfinished session is a crashed one
        Uploader.Backlog b = new Uploader(dd, link, () -> 24).backlog(Instant.ofEpochMilli(now));
        assertTrue(b.sessions().stream().anyMatch(p -> p.session().equals("20260101-060000-0006") && p.due()));
        // another collector has not seen session 5
        CollectorLink other = enrolled(data, "https://other.example");
        assertTrue(new Uploader(dd, other, () -> 24).backlog(Instant.ofEpochMilli(now)).sessions().stream()
                .anyMatch(p -> p.session().equals("20260101-050000-0005")));
    }

    @Test
    void theCredentialIsAnOwnerOnlyFile() throws Exception {
        Path data = tmp.resolve("data");
        CollectorLink link = enrolled(data, "https://collector.example");
        Path cred = link.dir().resolve(CollectorLink.CREDENTIAL);
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(cred));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(link.dir().resolve(CollectorLink.LINK)));
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(link.dir()));
        assertEquals(link.link().deviceId(), link.credential().deviceId());
        assertEquals(SECRET, link.credential().secret());
        assertFalse(Files.readString(link.dir().resolve(CollectorLink.LINK)).contains(SECRET), "the credential is not in link.json");
        // re-enrolling replaces the link and forgets a revocation
        link.markRevoked("device revoked by admin");
        assertEquals("device revoked by admin", link.revokedReason());
        Uploader.PassResult r = new Uploader(DataDir.at(data), link, () -> 24).pass(true);
        assertEquals("revoked by the collector: device revoked by admin", r.stopped());
        assertTrue(CollectorStatusLines.lines(data, Instant.now(), 24).contains("revoked by the collector: device revoked by admin (uploads stopped; enroll again to resume)"));
        CollectorLink again = enrolled(data, "https://collector.example");
        assertNull(again.revokedReason());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(cred));
    }

    @Test
    void deviceIdsAreRandom128BitHex() {
        String a = CollectorLink.newDeviceId();
        String b = CollectorLink.newDeviceId();
        assertTrue(a.matches(Wire.DEVICE_ID));
        assertNotEquals(a, b);
    }

    @Test
    void anUnreachableCollectorIsOneLineAndBacksOff() throws Exception {
        Path data = tmp.resolve("data");
        DataDir dd = DataDir.at(data);
        Fixture.session(dd, "20260101-010000-0001", 1000L, 2000L, 1, true);
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CollectorLink link = enrolled(data, "http://127.0.0.1:" + port);
        Uploader u = new Uploader(dd, link, () -> 0);
        Uploader.PassResult r = u.pass(true);
        assertNotNull(r.error());
        assertTrue(r.error().getMessage().startsWith("collector not reachable at http://127.0.0.1:" + port), r.error().getMessage());
        assertTrue(r.error().transientFailure());
        Uploader.Backlog b = u.backlog(Instant.now());
        assertEquals(r.error().getMessage(), b.lastError());
        assertNotNull(b.nextAttemptAt());
        assertTrue(b.nextAttemptAt() > System.currentTimeMillis());
        // a background pass waits for the retry time; the outbox is left empty
        Uploader.PassResult bg = u.pass(false);
        assertTrue(bg.stopped().startsWith("waiting to retry"), bg.stopped());
        try (Stream<Path> s = Files.list(link.dir().resolve(Uploader.OUTBOX))) {
            assertEquals(0, s.count());
        }
        assertTrue(CollectorStatusLines.lines(data, Instant.now(), 0).stream().anyMatch(l -> l.startsWith("last upload error: collector not reachable")));
    }

    @Test
    void backoffGrowsIsCappedJitteredAndHonoursRetryAfter() {
        for (int i = 0; i < 50; i++) {
            long first = Uploader.backoff(1, null).toMillis();
            assertTrue(first >= 22_500 && first <= 37_500, "" + first);
            long later = Uploader.backoff(4, null).toMillis();
            assertTrue(later >= 180_000 && later <= 300_000, "" + later);
            long capped = Uploader.backoff(40, null).toMillis();
            assertTrue(capped <= Duration.ofMinutes(75).toMillis() && capped >= Duration.ofMinutes(45).toMillis(), "" + capped);
        }
        assertEquals(Duration.ofSeconds(600), Uploader.backoff(1, 600L));
        assertEquals(120L, CollectorClient.retryAfter("120"));
        assertNull(CollectorClient.retryAfter("soon"));
    }
}
