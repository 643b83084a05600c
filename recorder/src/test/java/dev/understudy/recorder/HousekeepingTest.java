package dev.understudy.recorder;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.model.Manifest;
import dev.understudy.model.Monitor;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionReader;
import dev.understudy.trace.SessionWriter;
import dev.understudy.trace.TraceFormat;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention deletes expired sessions and then frees the tile bytes only they used. */
@Tag("unit")
class HousekeepingTest {
    @TempDir Path tmp;

    private static final long DAY = 86_400_000L;

    /** A screen: a flat background with a noisy patch (a photo, say) at a place of its own. */
    static BufferedImage screen(long seed, int px, int py) {
        BufferedImage img = new BufferedImage(512, 320, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < 320; y++) {
            for (int x = 0; x < 512; x++) {
                boolean patch = x >= px && x < px + 150 && y >= py && y < py + 100;
                img.setRGB(x, y, patch ? r.nextInt(0xffffff) : 0x2c3e50);
            }
        }
        return img;
    }

    static Map<String, BufferedImage> session(DataDir dd, String id, long startWall, List<BufferedImage> images) {
        Manifest m = new Manifest(TraceFormat.VERSION, id, "test", "Linux", "6", "amd64", "x11", "UTC", startWall, null, null,
                List.of(new Monitor(0, 0, 0, 512, 320, 1.0)));
        SessionWriter w = dd.createSession(m);
        Map<String, BufferedImage> frames = new LinkedHashMap<>();
        for (BufferedImage img : images) frames.put(w.frames().put(img), img);
        w.finish(startWall + 60_000, "duration");
        return frames;
    }

    static long tileBytes(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("tiles"))) {
            long sum = 0;
            for (Path p : s.toList()) sum += Files.size(p);
            return sum;
        }
    }

    @Test
    void retentionDeletesExpiredSessionsAndFreesTheTilesOnlyTheyUsed() throws Exception {
        Path root = tmp.resolve("data");
        DataDir dd = DataDir.at(root);
        long now = System.currentTimeMillis();
        BufferedImage shared = screen(1, 0, 0);
        session(dd, "20200101-000000-old1", now - 40 * DAY, List.of(shared, screen(2, 300, 200), screen(3, 200, 100)));
        long oldOnly = tileBytes(root);
        Map<String, BufferedImage> recent = session(dd, "20200101-000000-new1", now - 2 * DAY, List.of(shared, screen(4, 100, 200)));
        long all = tileBytes(root);

        Housekeeping.Retention r;
        try (DataDir.RecorderLock lock = dd.lockForRecording()) { // as the recorder runs it
            r = Housekeeping.retention(dd, 30, null, now);
        }
        assertEquals(List.of("20200101-000000-old1"), r.deleted());
        assertTrue(r.tiles().ran(), r.tiles().summary());
        long after = tileBytes(root);
        System.out.println("[retention] tiles before=" + all + " after=" + after + " freed=" + r.tileBytesFreed() + " | " + r.tiles().summary());
        assertEquals(all - after, r.tileBytesFreed());
        // the expired session's own two screens are freed; the screen both sessions showed stays
        assertTrue(r.tileBytesFreed() > oldOnly / 2, "freed " + r.tileBytesFreed() + " of the " + oldOnly + " bytes the old session added");
        assertFalse(Files.exists(dd.sessionDir("20200101-000000-old1")));

        dd.close(); // read as a new process would (the pack is opened again on first use)
        SessionReader rd = dd.open("20200101-000000-new1");
        for (Map.Entry<String, BufferedImage> e : recent.entrySet()) {
            BufferedImage back = rd.frames().read(e.getKey());
            for (int y = 0; y < 320; y += 7) for (int x = 0; x < 512; x += 5) {
                assertEquals(e.getValue().getRGB(x, y) & 0xffffff, back.getRGB(x, y) & 0xffffff);
            }
        }
        assertTrue(rd.problems().isEmpty(), rd.problems().toString());
    }

    @Test
    void aSessionWhoseDeletionWasCutShortIsFinishedByTheNextRun() throws Exception {
        Path root = tmp.resolve("data");
        DataDir dd = DataDir.at(root);
        long now = System.currentTimeMillis();
        session(dd, "20200101-000000-old2", now - 40 * DAY, List.of(screen(5, 10, 10)));
        // a crash in the middle of deleting it: the events are gone, the manifest (deleted last) is not
        Path dir = dd.sessionDir("20200101-000000-old2");
        try (Stream<Path> s = Files.walk(dir.resolve("events"))) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        Housekeeping.Retention r = Housekeeping.retention(dd, 30, null, now);
        assertEquals(List.of("20200101-000000-old2"), r.deleted());
        assertFalse(Files.exists(dir));
        assertTrue(r.tiles().ran(), r.tiles().summary());
        assertTrue(r.tileBytesFreed() > 0, r.tiles().summary());
    }
}
