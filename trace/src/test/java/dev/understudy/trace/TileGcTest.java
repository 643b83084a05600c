package dev.understudy.trace;

import org.junit.jupiter.api.Tag;
import static dev.understudy.trace.TileFrameStoreTest.assertSamePixels;
import static dev.understudy.trace.TileFrameStoreTest.desktop;
import static dev.understudy.trace.TileFrameStoreTest.manifest;
import static dev.understudy.trace.TileFrameStoreTest.withRect;
import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tile garbage collector on real sessions: three sessions share tiles, one is deleted, and
 * the collection frees exactly the batches only it used while every remaining frame reads back
 * bit for bit, also after a crash at any step of the collection.
 */
@Tag("unit")
class TileGcTest {
    @TempDir Path tmp;

    private static final int W = 640;
    private static final int H = 400;

    @AfterEach
    void noHook() {
        TileGc.stageHook = null;
    }

    /** The frames a session stored (id to pixels) and the pack bytes each put added. */
    record Recorded(Map<String, BufferedImage> frames, List<TileFrameStore.PutStats> puts) {}

    static Recorded record(DataDir dd, String id, List<BufferedImage> images) {
        Map<String, BufferedImage> frames = new LinkedHashMap<>();
        List<TileFrameStore.PutStats> puts = new ArrayList<>();
        SessionWriter w = dd.createSession(manifest(id, TraceFormat.VERSION));
        for (BufferedImage img : images) {
            frames.put(w.frames().put(img), img);
            puts.add(((TileFrameStore) w.frames()).lastPut());
        }
        w.finish(5000, "duration");
        return new Recorded(frames, puts);
    }

    /** s1 and s2 start from the same screen; s3 is another screen and shows the shared one once. */
    static final class Scenario {
        final BufferedImage base = desktop(W, H, BufferedImage.TYPE_INT_RGB, 1);
        Recorded s1;
        Recorded s2;
        Recorded s3;

        Scenario(DataDir dd) {
            List<BufferedImage> a = new ArrayList<>(List.of(base));
            BufferedImage f = base;
            for (int i = 0; i < 5; i++) {
                f = withNoise(f, 20 + 120 * i, 30, 70, 40, 100 + i); // only s1 shows these (a photo, say)
                a.add(f);
            }
            s1 = record(dd, "s1", a);
            List<BufferedImage> b = new ArrayList<>(List.of(base));
            f = base;
            for (int i = 0; i < 4; i++) {
                f = withRect(f, 40 + 130 * i, 250, 60, 50, 0x00a040 + 0x10 * i);
                b.add(f);
            }
            s2 = record(dd, "s2", b);
            List<BufferedImage> c = new ArrayList<>();
            f = desktop(W, H, BufferedImage.TYPE_INT_RGB, 3);
            for (int i = 0; i < 3; i++) {
                f = withRect(f, 100 * i, 330, 90, 40, 0xc03000 + i);
                c.add(f);
            }
            c.add(base);
            s3 = record(dd, "s3", c);
        }

        /** Pack bytes (record and index entry) of s1's batches after its first frame: only s1 names their tiles. */
        long s1UniqueBatchBytes() {
            long sum = 0;
            for (TileFrameStore.PutStats p : s1.puts.subList(1, s1.puts.size())) {
                assertTrue(p.newTiles() > 0, p.toString());
                sum += p.tileBytes() + PackFormat.INDEX_ENTRY_FIXED + 16L * p.newTiles() + 4;
            }
            return sum;
        }
    }

    /** A patch of random pixels: content that costs real bytes in the pack. */
    static BufferedImage withNoise(BufferedImage src, int x, int y, int w, int h, long seed) {
        BufferedImage c = TileFrameStoreTest.copy(src);
        java.util.Random r = new java.util.Random(seed);
        for (int yy = y; yy < y + h; yy++) for (int xx = x; xx < x + w; xx++) c.setRGB(xx, yy, r.nextInt(0xffffff));
        return c;
    }

    static TileIdSet tilesOf(Path root, String session) {
        TileIdSet s = new TileIdSet();
        Path log = root.resolve("sessions").resolve(session).resolve("frames").resolve(TraceFormat.FRAME_LOG);
        FrameLog.collectTiles(log, s);
        return s;
    }

    static List<long[]> minus(TileIdSet a, TileIdSet... others) {
        List<long[]> out = new ArrayList<>();
        a.forEach((hi, lo) -> {
            for (TileIdSet o : others) if (o.contains(hi, lo)) return;
            out.add(new long[] {hi, lo});
        });
        return out;
    }

    static long tileDirBytes(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("tiles"))) {
            long sum = 0;
            for (Path p : s.toList()) sum += Files.size(p);
            return sum;
        }
    }

    static Map<String, Long> tileFiles(Path root) throws IOException {
        Map<String, Long> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(root.resolve("tiles"))) {
            for (Path p : s.toList()) m.put(p.getFileName().toString(), Files.size(p));
        }
        return m;
    }

    /** Reads every frame back, through the data directory's pack and through a fresh one (as another process would). */
    static void assertReadsBack(DataDir dd, String session, Map<String, BufferedImage> frames) {
        for (boolean fresh : new boolean[] {false, true}) {
            SessionReader r = (fresh ? DataDir.at(dd.root()) : dd).open(session);
            for (Map.Entry<String, BufferedImage> e : frames.entrySet()) {
                BufferedImage back = r.frames().read(e.getKey());
                assertSamePixels(e.getValue(), back);
                assertEquals(e.getKey(), FrameIds.of(back));
            }
        }
    }

    static void assertNoneInPack(Path root, List<long[]> tiles) {
        try (TilePack p = TilePack.open(root.resolve("tiles"))) {
            for (long[] t : tiles) assertFalse(p.contains(new TileId(t[0], t[1])), "a tile only the deleted session named is gone");
        }
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(t);
                else Files.copy(f, t, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    @Test
    void theTilesOnlyADeletedSessionNamedAreFreedAndEveryOtherFrameReadsBackBitIdentical() throws Exception {
        Path root = tmp.resolve("data");
        DataDir dd = DataDir.at(root);
        Scenario sc = new Scenario(dd);
        // a format-1 session beside them: PNG files, no tiles, no frame log
        SessionWriter old = dd.createSession(manifest("s0-png", 1));
        String pngId = old.frames().put(sc.base);
        old.finish(2000, "duration");

        List<long[]> unique = minus(tilesOf(root, "s1"), tilesOf(root, "s2"), tilesOf(root, "s3"));
        assertFalse(unique.isEmpty());
        long before = tileDirBytes(root);
        deleteTree(dd.sessionDir("s1"));

        TileGc.Result r = TileGc.collect(dd);
        assertTrue(r.ran(), r.summary());
        long after = tileDirBytes(root);
        System.out.println("[tile-gc] before=" + before + " after=" + after + " expected freed=" + sc.s1UniqueBatchBytes() + " | " + r.summary());
        assertEquals(sc.s1UniqueBatchBytes(), before - after, "the tiles directory shrank by exactly the batches only s1 named");
        assertEquals(before - after, r.bytesFreed());
        assertEquals(5, r.batchesDropped());
        assertEquals(unique.size(), r.tilesDropped());
        assertEquals(2, r.frameLogs(), "the format-1 session has no frame log");
        assertTrue(r.notes().isEmpty(), r.notes().toString());

        assertReadsBack(dd, "s2", sc.s2.frames());
        assertReadsBack(dd, "s3", sc.s3.frames());
        assertSamePixels(sc.base, dd.open("s0-png").frames().read(pngId));
        assertNoneInPack(root, unique);

        // a second run finds nothing dead and rewrites nothing
        Map<String, Long> files = tileFiles(root);
        TileGc.Result again = TileGc.collect(dd);
        assertTrue(again.ran(), again.summary());
        assertEquals(0, again.bytesFreed());
        assertEquals(files, tileFiles(root));

        // the recorder appends after a collection as before
        Recorded s4 = record(dd, "s4", List.of(withRect(sc.base, 5, 5, 30, 30, 0x123456)));
        assertReadsBack(dd, "s4", s4.frames());
        assertReadsBack(dd, "s2", sc.s2.frames());
    }

    @Test
    void anEncryptedSpoolIsCollectedWithoutItsKeyBeingUsedAndStaysSealed() throws Exception {
        Path root = tmp.resolve("data");
        SpoolCipher.deviceKey().enable(root);
        DataDir dd = DataDir.at(root);
        Scenario sc = new Scenario(dd);
        List<long[]> unique = minus(tilesOf(root, "s1"), tilesOf(root, "s2"), tilesOf(root, "s3"));
        long before = tileDirBytes(root);
        deleteTree(dd.sessionDir("s1"));

        TileGc.Result r = TileGc.collect(dd);
        assertTrue(r.ran(), r.summary());
        assertEquals(sc.s1UniqueBatchBytes(), before - tileDirBytes(root));
        System.out.println("[tile-gc encrypted] freed=" + r.bytesFreed() + " | " + r.summary());
        int sealed = 0;
        try (Stream<Path> s = Files.list(root.resolve("tiles"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".utp")).toList()) {
                ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p));
                for (int pos = PackFormat.FILE_HEADER; pos < b.capacity(); ) {
                    assertEquals(PackFormat.BATCH_MAGIC, b.getInt(pos));
                    assertEquals(PackFormat.SEALED, b.get(pos + 7) & PackFormat.SEALED, "batch at " + pos + " of " + p + " is still sealed");
                    sealed++;
                    pos += PackFormat.BATCH_HEADER + PackFormat.TILE_ENTRY * b.getInt(pos + 8) + PackFormat.REF_ENTRY * b.getInt(pos + 12)
                            + b.getInt(pos + 20) + 4;
                }
            }
        }
        assertTrue(sealed > 0);
        assertReadsBack(dd, "s2", sc.s2.frames());
        assertReadsBack(dd, "s3", sc.s3.frames());
        assertNoneInPack(root, unique);
    }

    @Test
    void aCrashAtAnyStepLeavesEveryFrameReadableAndTheNextRunFinishesTheJob() throws Exception {
        Path root = tmp.resolve("data");
        DataDir dd = DataDir.at(root);
        Scenario sc = new Scenario(dd);
        List<long[]> unique = minus(tilesOf(root, "s1"), tilesOf(root, "s2"), tilesOf(root, "s3"));
        deleteTree(dd.sessionDir("s1"));

        // What a kill -9 at each step would leave: the data directory as it is on disk at that moment.
        Map<String, Path> crashed = new LinkedHashMap<>();
        TileGc.stageHook = stage -> {
            if (crashed.containsKey(stage)) return;
            Path copy = tmp.resolve("crash-" + stage);
            try {
                copyTree(root, copy);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            crashed.put(stage, copy);
        };
        TileGc.Result r = TileGc.collect(dd);
        TileGc.stageHook = null;
        assertTrue(r.ran(), r.summary());
        assertEquals(List.of("live-set", "copied", "synced", "index-renamed", "renamed", "old-pack-deleted", "done"), List.copyOf(crashed.keySet()));
        long expected = tileDirBytes(root);

        for (Map.Entry<String, Path> e : crashed.entrySet()) {
            Path copy = e.getValue();
            DataDir copyDd = DataDir.at(copy);
            String at = "killed at " + e.getKey() + ": ";
            System.out.println("[tile-gc crash] " + at + tileFiles(copy));
            assertReadsBack(copyDd, "s2", sc.s2.frames());
            assertReadsBack(copyDd, "s3", sc.s3.frames());
            TileGc.Result rerun = TileGc.collect(copyDd);
            assertTrue(rerun.ran(), at + rerun.summary());
            assertEquals(expected, tileDirBytes(copy), at + "the rerun ends where an uninterrupted run ends: " + tileFiles(copy));
            assertTrue(tileFiles(copy).keySet().stream().noneMatch(n -> n.endsWith(".tmp")), at + tileFiles(copy));
            assertReadsBack(copyDd, "s2", sc.s2.frames());
            assertReadsBack(copyDd, "s3", sc.s3.frames());
            assertNoneInPack(copy, unique);
            copyDd.close();
        }
    }

    @Test
    void aLiveWritersTilesAreKeptEvenWhenItNamesThemWhileTheCollectionRuns() throws Exception {
        Path root = tmp.resolve("data");
        DataDir dd = DataDir.at(root);
        BufferedImage base = desktop(W, H, BufferedImage.TYPE_INT_RGB, 21);
        BufferedImage u1 = withNoise(base, 50, 50, 100, 60, 1);
        BufferedImage u2 = withNoise(u1, 300, 200, 100, 60, 2);
        record(dd, "s1", List.of(base, u1, u2));
        List<long[]> onlyU2 = minus(tilesOf(root, "s1"), tileSetOf(base), tileSetOf(u1));
        assertFalse(onlyU2.isEmpty());

        SessionWriter w2 = dd.createSession(manifest("s2", TraceFormat.VERSION));
        BufferedImage other = desktop(W, H, BufferedImage.TYPE_INT_RGB, 22);
        Map<String, BufferedImage> s2 = new LinkedHashMap<>();
        s2.put(w2.frames().put(other), other);
        w2.flush();
        deleteTree(dd.sessionDir("s1"));

        // While the copy runs (no lock held), the recorder stores a frame made of tiles no frame log names any more.
        int[] puts = {0};
        TileGc.stageHook = stage -> {
            if (stage.equals("copied") && puts[0]++ == 0) s2.put(w2.frames().put(u1), u1);
        };
        TileGc.Result r = TileGc.collect(dd);
        TileGc.stageHook = null;
        assertTrue(r.ran(), r.summary());
        assertEquals(1, puts[0], "the hook ran once, between the copy and the swap");
        assertTrue(r.bytesFreed() > 0, r.summary());
        assertNoneInPack(root, onlyU2);
        // before the writer stores anything else: the frame it stored during the collection reads back
        SessionReader live = dd.open("s2");
        for (Map.Entry<String, BufferedImage> e : s2.entrySet()) assertSamePixels(e.getValue(), live.frames().read(e.getKey()));

        // the writer goes on: back to the base screen, then the tiles that were dropped come back as new ones
        s2.put(w2.frames().put(base), base);
        s2.put(w2.frames().put(u2), u2);
        w2.finish(9000, "duration");
        assertReadsBack(dd, "s2", s2);
    }

    private static TileIdSet tileSetOf(BufferedImage img) {
        TileIdSet s = new TileIdSet();
        RgbPixels px = RgbPixels.of(img);
        byte[] buf = new byte[TileCodec.bytes(64, 64)];
        for (int y = 0; y < img.getHeight(); y += 64) {
            for (int x = 0; x < img.getWidth(); x += 64) {
                int w = Math.min(64, img.getWidth() - x);
                int h = Math.min(64, img.getHeight() - y);
                int len = TileCodec.planar(px, x, y, w, h, buf, 0);
                s.add(TileId.of(FrameIds.sha256(), w, h, buf, len));
            }
        }
        return s;
    }

    @Test
    void aTruncatedOrDamagedFrameLogKeepsTheTilesOfEveryRecordThatCanStillBeRead() throws Exception {
        Path root = tmp.resolve("data");
        DataDir dd = DataDir.at(root);
        Scenario sc = new Scenario(dd);
        deleteTree(dd.sessionDir("s1"));
        // s2 crashed in the middle of its last frame record, and a record in the middle of s3's log is damaged
        Path log2 = root.resolve("sessions/s2/frames").resolve(TraceFormat.FRAME_LOG);
        TileFrameStore.PutStats last = sc.s2.puts().get(sc.s2.puts().size() - 1);
        byte[] full2 = Files.readAllBytes(log2);
        Files.write(log2, java.util.Arrays.copyOf(full2, (int) (full2.length - last.recordBytes() / 2)));
        Path log3 = root.resolve("sessions/s3/frames").resolve(TraceFormat.FRAME_LOG);
        byte[] full3 = Files.readAllBytes(log3);
        long secondRecord = FrameLog.FILE_HEADER + sc.s3.puts().get(0).recordBytes();
        full3[(int) secondRecord + FrameLog.RECORD_HEADER + 2] ^= 0x55;
        Files.write(log3, full3);
        // The records after the damaged one: a delta (its palette holds the tiles that changed, at
        // least those the damaged frame did not have) and a key (all its tiles).
        List<String> s3ids = List.copyOf(sc.s3.frames().keySet());
        TileIdSet afterDamage = new TileIdSet();
        for (long[] t : minus(tileSetOf(sc.s3.frames().get(s3ids.get(2))), tileSetOf(sc.s3.frames().get(s3ids.get(1))))) afterDamage.add(t[0], t[1]);
        afterDamage.addAll(tileSetOf(sc.s3.frames().get(s3ids.get(3))));
        assertFalse(minus(afterDamage, tileSetOf(sc.base)).isEmpty(), "some of them only the records after the damage name");

        TileGc.Result r = TileGc.collect(dd);
        assertTrue(r.ran(), r.summary());
        System.out.println("[tile-gc truncated] " + r.summary() + " notes=" + r.notes());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("session s2: frame log readable to byte")), r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("session s3:") && n.contains("intact record(s) after it")), r.notes().toString());

        Map<String, BufferedImage> readable2 = new LinkedHashMap<>(sc.s2.frames());
        readable2.remove(last.id());
        assertReadsBack(dd, "s2", readable2);
        // readers stop at the damaged record, but the tiles of the records after it were kept
        try (TilePack p = TilePack.open(root.resolve("tiles"))) {
            afterDamage.forEach((hi, lo) -> assertTrue(p.contains(new TileId(hi, lo))));
        }
        assertSamePixels(sc.s3.frames().get(s3ids.get(0)), dd.open("s3").frames().read(s3ids.get(0)));
    }

    @Test
    void aFrameLogThatCannotBeReadStopsTheCollectionAndSaysWhy() throws Exception {
        Path root = tmp.resolve("data");
        DataDir dd = DataDir.at(root);
        Scenario sc = new Scenario(dd);
        deleteTree(dd.sessionDir("s1"));
        Path log2 = root.resolve("sessions/s2/frames").resolve(TraceFormat.FRAME_LOG);
        byte[] b = Files.readAllBytes(log2);
        b[0] = 'X';
        Files.write(log2, b);
        Map<String, Long> files = tileFiles(root);

        TileGc.Result r = TileGc.collect(dd);
        assertFalse(r.ran());
        assertTrue(r.refused().startsWith("session s2: frame log cannot be read"), r.refused());
        assertTrue(r.summary().startsWith("tile collection deleted nothing: session s2"), r.summary());
        assertEquals(0, r.bytesFreed());
        assertEquals(files, tileFiles(root), "nothing in tiles/ was touched");
        assertReadsBack(dd, "s3", sc.s3.frames());
    }
}
