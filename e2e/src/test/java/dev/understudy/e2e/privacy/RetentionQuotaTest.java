package dev.understudy.e2e.privacy;

import org.junit.jupiter.api.Tag;
import static dev.understudy.e2e.privacy.PrivacyHarness.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import dev.understudy.trace.TileGc;
import dev.understudy.trace.TileId;
import dev.understudy.trace.TilePack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Old sessions are deleted, their frames' tiles too; a full quota stops capture visibly and keeps what was captured. */
@Tag("e2e")
class RetentionQuotaTest {
    @TempDir Path tmp;

    static void fakeSession(Path data, String id, long endWall) throws Exception {
        Path d = data.resolve("sessions").resolve(id);
        Files.createDirectories(d.resolve("events"));
        Files.writeString(d.resolve("manifest.json"), "{\"format\":1,\"session\":\"" + id + "\",\"startWall\":" + (endWall - 60_000)
                + ",\"endWall\":" + endWall + ",\"endReason\":\"signal\",\"monitors\":[]}");
    }

    /** Moves a real session's start and end back by {@code days}, as if it had been recorded then. */
    static void backdate(Path sessionDir, long days) throws Exception {
        Path m = sessionDir.resolve("manifest.json");
        com.fasterxml.jackson.databind.node.ObjectNode n = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(m.toFile());
        long shift = days * 86_400_000L;
        n.put("startWall", n.get("startWall").asLong() - shift);
        n.put("endWall", n.get("endWall").asLong() - shift);
        Files.write(m, Json.MAPPER.writeValueAsBytes(n));
    }

    /** Polls the recorder's stderr (read by a pump thread) until the pattern is found. */
    static Matcher awaitStderr(RecorderProcess rec, Pattern p, long timeoutMillis) {
        try {
            return await("the recorder to print " + p).atMost(Duration.ofMillis(timeoutMillis)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20)).pollInSameThread().dontCatchUncaughtExceptions()
                    .until(() -> {
                        Matcher m = p.matcher(rec.stderr());
                        return m.find() ? m : null;
                    }, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            return fail("the recorder never printed " + p + ": " + rec.stderr(), e);
        }
    }

    static long tileBytes(Path data) throws Exception {
        Path t = data.resolve("tiles");
        if (!Files.isDirectory(t)) return 0;
        try (Stream<Path> s = Files.list(t)) {
            long sum = 0;
            for (Path p : s.toList()) sum += Files.size(p);
            return sum;
        }
    }

    @Test
    void retentionDeletesOldSessionsAndTheQuotaStopsCaptureWithoutDroppingWhatWasCaptured() throws Exception {
        Path data = tmp.resolve("data");
        long day = 86_400_000L;
        fakeSession(data, "20200101-000000-0001", System.currentTimeMillis() - 40 * day);
        fakeSession(data, "20200101-000000-0002", System.currentTimeMillis() - 2 * day);
        Path policy = policy(tmp, XTERM_ONLY + "retention_days: 30\nquota_mb: 8\n");
        Path filler = data.resolve("sessions").resolve("filler").resolve("blob");
        Set<TileId> expiredTiles;
        String newSession;
        try (VirtualDesktop desktop = VirtualDesktop.start(1024, 768); PrivacyHarness h = new PrivacyHarness(desktop)) {
            h.xdo.activate(h.xterm("Work", "80x24+0+0"));
            // A real session with frames, recorded now and then moved 40 days back: its tiles are in tiles/.
            String expired;
            try (RecorderProcess old = RecorderProcess.start(desktop, data, "--policy", policy.toString())) {
                expired = old.sessionId();
                awaitStatus(data, "recording", 10_000);
                h.xdo.type("expired screens ");
                h.xdo.key("Return");
                old.awaitEvents(ev -> typed(ev).contains("expired") && ev.stream().filter(e -> e instanceof RawEvent.Frame).count() >= 2, 20_000);
                assertEquals(0, old.stop(), old.stderr());
            }
            backdate(data.resolve("sessions").resolve(expired), 40);
            expiredTiles = TileGc.tilesNamedBy(data.resolve("sessions").resolve(expired));
            long tilesBefore = tileBytes(data);
            assertFalse(expiredTiles.isEmpty(), "the expired session stored frames as tiles");
            assertTrue(tilesBefore > 0);
            h.xdo.key("ctrl+l"); // a different screen from here on

            try (RecorderProcess rec = RecorderProcess.start(desktop, data, "--policy", policy.toString())) {
                newSession = rec.sessionId();
                assertFalse(Files.exists(data.resolve("sessions/20200101-000000-0001")), "a session older than the retention is deleted at start");
                assertFalse(Files.exists(data.resolve("sessions").resolve(expired)), "the expired real session is deleted at start");
                // ...and the tile bytes only it used are freed: here all of tiles/, as no other session has frames
                Matcher fm = awaitStderr(rec, Pattern.compile("retention: freed (\\d+) bytes of tiles"), 10_000);
                assertEquals(tilesBefore, Long.parseLong(fm.group(1)), rec.stderr());
                System.out.println("[retention e2e] tiles of the expired session: " + expiredTiles.size() + ", bytes " + tilesBefore
                        + "; freed " + fm.group(1));
                assertTrue(Files.exists(data.resolve("sessions/20200101-000000-0002")), "a recent session is kept");
                awaitStatus(data, "recording", 10_000);
                h.xdo.type("kept ");
                h.xdo.key("Return");
                rec.awaitEvents(ev -> typed(ev).contains("kept"), 20_000);

                Files.createDirectories(filler.getParent());
                Files.write(filler, new byte[9 * 1024 * 1024]);
                String st = awaitStatus(data, "stopped: disk quota reached", 10_000);
                assertTrue(st.contains("nothing captured was dropped"), st);
                h.xdo.type("lost ");
                h.xdo.key("Return");
                Files.delete(filler);
                awaitStatus(data, "recording", 10_000);
                h.xdo.type("back ");
                h.xdo.key("Return");
                rec.awaitEvents(ev -> typed(ev).contains("back"), 20_000);
                assertEquals(0, rec.stop(), rec.stderr());
                assertTrue(rec.stderr().contains("disk quota reached"), "a visible warning: " + rec.stderr());
            }
        }
        // None of the expired session's tiles is left, but those the new session stored again itself.
        Set<TileId> gone = new HashSet<>(expiredTiles);
        gone.removeAll(TileGc.tilesNamedBy(data.resolve("sessions").resolve(newSession)));
        assertFalse(gone.isEmpty(), "the new session shows other screens");
        try (TilePack p = TilePack.open(data.resolve("tiles"))) {
            for (TileId t : gone) assertFalse(p.contains(t), "tile " + t + " of the expired session is still stored");
        }

        List<RawEvent> ev = events(data);
        String typed = typed(ev);
        assertTrue(typed.contains("kept") && typed.contains("back"), typed);
        assertFalse(typed.contains("lost"), typed);
        List<String> m = markers(ev);
        assertTrue(m.contains("quota:disk quota reached") && m.contains("quota_cleared"), m.toString());
    }
}
