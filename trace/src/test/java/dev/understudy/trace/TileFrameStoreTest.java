package dev.understudy.trace;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.model.Manifest;
import dev.understudy.model.Monitor;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class TileFrameStoreTest {
    @TempDir Path tmp;

    /** A desktop-like image: flat panels, bars, a noisy "photo" and a few random pixels. */
    static BufferedImage desktop(int w, int h, int type, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, type);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0x2c3e50));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 12; i++) {
            g.setColor(new Color(r.nextInt(0xffffff)));
            g.fillRect(r.nextInt(w), r.nextInt(h), 20 + r.nextInt(Math.max(1, w / 2)), 5 + r.nextInt(Math.max(1, h / 3)));
        }
        g.dispose();
        int pw = Math.min(w, 90);
        int ph = Math.min(h, 70);
        for (int y = 0; y < ph; y++) for (int x = 0; x < pw; x++) img.setRGB(w - pw + x, h - ph + y, r.nextInt() | 0xff000000);
        return img;
    }

    static BufferedImage copy(BufferedImage src) {
        BufferedImage c = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        c.setRGB(0, 0, src.getWidth(), src.getHeight(), src.getRGB(0, 0, src.getWidth(), src.getHeight(), null, 0, src.getWidth()), 0, src.getWidth());
        return c;
    }

    static BufferedImage withRect(BufferedImage src, int x, int y, int w, int h, int rgb) {
        BufferedImage c = copy(src);
        for (int yy = y; yy < y + h; yy++) for (int xx = x; xx < x + w; xx++) c.setRGB(xx, yy, rgb);
        return c;
    }

    static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        int w = expected.getWidth();
        int h = expected.getHeight();
        int[] a = expected.getRGB(0, 0, w, h, null, 0, w);
        int[] b = actual.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < a.length; i++) {
            if ((a[i] & 0xffffff) != (b[i] & 0xffffff)) fail("pixel " + (i % w) + "," + (i / w) + " differs: "
                    + Integer.toHexString(a[i]) + " vs " + Integer.toHexString(b[i]));
        }
    }

    static Manifest manifest(String id, int format) {
        return new Manifest(format, id, "test", "Linux", "6", "amd64", "x11", "UTC", 1000L, null, null,
                List.of(new Monitor(0, 0, 0, 1280, 800, 1.0)));
    }

    private TileFrameStore store(Path data, String session) {
        return TileFrameStore.forSession(data, data.resolve("sessions").resolve(session), true);
    }

    @Test
    void roundTripIsBitExactForOddSizesAndImageTypes() throws Exception {
        TileFrameStore s = store(tmp, "s1");
        int[][] sizes = {{1366, 769}, {1280, 800}, {1, 1}, {63, 65}, {64, 64}, {65, 1}, {200, 129}};
        int[] types = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_BGR};
        List<String> ids = new ArrayList<>();
        List<BufferedImage> imgs = new ArrayList<>();
        long seed = 1;
        for (int[] sz : sizes) {
            for (int type : types) {
                BufferedImage img = desktop(sz[0], sz[1], type, seed++);
                String id = s.put(img);
                assertEquals(FrameIds.of(img), id, "id is the content address of the pixels");
                ids.add(id);
                imgs.add(img);
            }
        }
        s.close();
        TileFrameStore r = TileFrameStore.forSession(tmp, tmp.resolve("sessions/s1"), false);
        for (int i = 0; i < ids.size(); i++) {
            BufferedImage back = r.read(ids.get(i));
            assertSamePixels(imgs.get(i), back);
            assertEquals(ids.get(i), FrameIds.of(back));
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.readPng(ids.get(i))));
            assertSamePixels(imgs.get(i), png);
        }
    }

    @Test
    void alphaIsIgnoredAndRgbKeptExactly() {
        TileFrameStore s = store(tmp, "s1");
        BufferedImage argb = new BufferedImage(70, 70, BufferedImage.TYPE_INT_ARGB);
        Random r = new Random(7);
        for (int y = 0; y < 70; y++) for (int x = 0; x < 70; x++) argb.setRGB(x, y, r.nextInt());
        String id = s.put(argb);
        BufferedImage back = s.read(id);
        assertSamePixels(argb, back);
        assertEquals(BufferedImage.TYPE_INT_RGB, back.getType());
    }

    @Test
    void aSubimageIsStoredAsItsOwnPixels() {
        TileFrameStore s = store(tmp, "s1");
        BufferedImage big = desktop(300, 200, BufferedImage.TYPE_INT_RGB, 3);
        BufferedImage sub = big.getSubimage(37, 21, 150, 99);
        String id = s.put(sub);
        assertEquals(FrameIds.of(copy(sub)), id);
        assertSamePixels(sub, s.read(id));
    }

    @Test
    void anIdenticalFrameAddsNoTileBytesAndASmallChangeOnlyItsTiles() {
        TileFrameStore s = store(tmp, "s1");
        BufferedImage a = desktop(1280, 800, BufferedImage.TYPE_INT_RGB, 11);
        String ida = s.put(a);
        TileFrameStore.PutStats first = s.lastPut();
        assertEquals(260, first.tiles());
        assertTrue(first.tileBytes() > 0);

        // the same pixels in another image object
        assertEquals(ida, s.put(copy(a)));
        assertEquals(0, s.lastPut().tileBytes());
        assertEquals(0, s.lastPut().newTiles());
        assertEquals(0, s.lastPut().recordBytes());

        // a 10x10 change inside one tile
        BufferedImage b = withRect(a, 300, 300, 10, 10, 0xff00ff);
        String idb = s.put(b);
        assertNotEquals(ida, idb);
        TileFrameStore.PutStats st = s.lastPut();
        assertEquals(1, st.changedTiles());
        assertEquals(1, st.newTiles());
        assertEquals(1, st.refTiles(), "compressed against the tile it replaces");
        assertTrue(st.tileBytes() < first.tileBytes() / 20, st.toString());
        assertTrue(st.recordBytes() < 200, "a delta frame record: " + st);

        // a 10x10 change across a tile corner touches 4 tiles
        BufferedImage c = withRect(b, 60, 60, 10, 10, 0x00ff00);
        s.put(c);
        assertEquals(4, s.lastPut().newTiles());

        // back to a: every tile known, nothing added but a frame record
        long before = s.pack().appendedBytes();
        assertEquals(ida, s.put(a));
        assertEquals(before, s.pack().appendedBytes());

        for (BufferedImage img : List.of(a, b, c)) assertSamePixels(img, s.read(FrameIds.of(img)));
    }

    @Test
    void aNewStoreKnowsTheTilesOfTheDeviceSoASecondSessionAddsNothing() {
        DataDir dd = DataDir.at(tmp);
        List<BufferedImage> frames = new ArrayList<>();
        BufferedImage f = desktop(1280, 800, BufferedImage.TYPE_INT_RGB, 5);
        for (int i = 0; i < 10; i++) {
            f = withRect(f, 40 * i, 30 * i, 50, 20, 0x101010 * i);
            frames.add(f);
        }
        SessionWriter w1 = dd.createSession(manifest("s1", TraceFormat.VERSION));
        List<String> ids = new ArrayList<>();
        for (BufferedImage img : frames) ids.add(w1.frames().put(img));
        w1.finish(2000, "duration");
        long packBytes = dd.tilePack().diskBytes();
        assertTrue(packBytes > 0);

        SessionWriter w2 = dd.createSession(manifest("s2", TraceFormat.VERSION));
        for (BufferedImage img : frames) w2.frames().put(img);
        TileFrameStore.PutStats st = ((TileFrameStore) w2.frames()).lastPut();
        assertEquals(0, st.newTiles());
        w2.finish(3000, "duration");
        assertEquals(packBytes, dd.tilePack().diskBytes(), "the second session added no tile bytes");

        // and from a fresh process's point of view
        dd.close();
        SessionReader r2 = dd.open("s2");
        for (int i = 0; i < frames.size(); i++) assertSamePixels(frames.get(i), r2.frames().read(ids.get(i)));
        assertTrue(r2.frames().diskBytes() < dd.open("s1").frames().diskBytes() / 10, "s2 only has its frame log");
    }

    @Test
    void randomAccessToAnyFrameOfAChangingSequence() {
        TileFrameStore s = store(tmp, "s1");
        List<BufferedImage> frames = new ArrayList<>();
        BufferedImage f = desktop(640, 400, BufferedImage.TYPE_INT_RGB, 9);
        Random r = new Random(9);
        for (int i = 0; i < 120; i++) {
            // the same spot changes again and again: long reference chains
            f = withRect(f, 100, 100, 30, 12, r.nextInt(0xffffff));
            if (i % 7 == 0) f = withRect(f, r.nextInt(600), r.nextInt(380), 40, 20, r.nextInt(0xffffff));
            frames.add(f);
            s.put(f);
        }
        s.close();
        TileFrameStore rd = TileFrameStore.forSession(tmp, tmp.resolve("sessions/s1"), false);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) order.add(i);
        Collections.shuffle(order, new Random(1));
        for (int i : order) assertSamePixels(frames.get(i), rd.read(FrameIds.of(frames.get(i))));
    }

    @Test
    void referenceDepthIsCapped() {
        TileFrameStore s = store(tmp, "s1");
        BufferedImage f = desktop(128, 64, BufferedImage.TYPE_INT_RGB, 2);
        TileId last = null;
        for (int i = 0; i < TilePack.MAX_DEPTH * 3; i++) {
            f = withRect(f, 10, 10, 5, 5, 0x010203 * (i + 1));
            s.put(f);
            last = tileAt(s, f, 0);
            assertTrue(s.pack().depthOf(last) <= TilePack.MAX_DEPTH);
        }
        assertTrue(s.pack().depthOf(last) >= 1);
        assertSamePixels(f, s.read(FrameIds.of(f)));
    }

    private static TileId tileAt(TileFrameStore s, BufferedImage img, int index) {
        RgbPixels px = RgbPixels.of(img);
        byte[] buf = new byte[TileCodec.bytes(64, 64)];
        int len = TileCodec.planar(px, 0, 0, 64, 64, buf, 0);
        return TileId.of(FrameIds.sha256(), 64, 64, buf, len);
    }

    @Test
    void aTornPackTailLosesOnlyTheLastBatchAtEveryCutPoint() throws Exception {
        Path dir = tmp.resolve("tiles");
        List<List<TileId>> batches = new ArrayList<>();
        List<List<byte[]>> contents = new ArrayList<>();
        long lastStart;
        try (TilePack p = TilePack.open(dir)) {
            Random r = new Random(3);
            for (int b = 0; b < 4; b++) {
                List<TilePack.NewTile> tiles = new ArrayList<>();
                List<TileId> ids = new ArrayList<>();
                List<byte[]> bytes = new ArrayList<>();
                int n = b == 3 ? 1 : 5; // a small last batch: every cut point is tried
                for (int i = 0; i < n; i++) {
                    int w = b == 3 ? 6 : 16 + i;
                    int h = b == 3 ? 5 : 9;
                    byte[] planar = new byte[TileCodec.bytes(w, h)];
                    r.nextBytes(planar);
                    TileId id = TileId.of(FrameIds.sha256(), w, h, planar, planar.length);
                    tiles.add(new TilePack.NewTile(id, w, h, planar));
                    ids.add(id);
                    bytes.add(planar);
                }
                // the last batch is compressed against a tile of the first
                if (b == 3) {
                    byte[] dict = concat(PackFormat.DICT_PREFIX, contents.get(0).get(0));
                    p.append(tiles, List.of(batches.get(0).get(0)), dict);
                } else {
                    p.append(tiles, List.of(), null);
                }
                batches.add(ids);
                contents.add(bytes);
                p.sync();
            }
        }
        Path pack = dir.resolve("pack-000001.utp");
        Path index = dir.resolve("pack-000001.uti");
        byte[] full = Files.readAllBytes(pack);
        byte[] fullIndex = Files.readAllBytes(index);
        // where the last record starts: the end of the first three, as their index entries say
        try (TilePack p = TilePack.open(dir)) {
            assertTrue(p.problems().isEmpty(), p.problems().toString());
            for (int b = 0; b < 4; b++) for (int i = 0; i < batches.get(b).size(); i++) {
                assertArrayEquals(contents.get(b).get(i), p.read(batches.get(b).get(i)).planar());
            }
        }
        lastStart = lastRecordStart(full);
        assertTrue(full.length - lastStart < 400, "last record is small: " + (full.length - lastStart));
        for (long cut = lastStart; cut < full.length; cut++) {
            Files.write(pack, java.util.Arrays.copyOf(full, (int) cut));
            Files.write(index, fullIndex);
            boolean dropIndex = cut % 2 == 0; // half the time the index must be rebuilt from the pack
            if (dropIndex) Files.delete(index);
            try (TilePack p = TilePack.open(dir)) {
                for (int b = 0; b < 3; b++) for (int i = 0; i < batches.get(b).size(); i++) {
                    assertArrayEquals(contents.get(b).get(i), p.read(batches.get(b).get(i)).planar(), "cut at " + cut);
                }
                assertFalse(p.contains(batches.get(3).get(0)), "cut at " + cut);
            }
        }
        // a writer cuts the torn tail off and appends after it
        Files.write(pack, java.util.Arrays.copyOf(full, (int) lastStart + 7));
        byte[] planar = new byte[TileCodec.bytes(4, 4)];
        TileId id = TileId.of(FrameIds.sha256(), 4, 4, planar, planar.length);
        try (TilePack p = TilePack.open(dir)) {
            p.append(List.of(new TilePack.NewTile(id, 4, 4, planar)), List.of(), null);
        }
        try (TilePack p = TilePack.open(dir)) {
            assertArrayEquals(planar, p.read(id).planar());
            assertArrayEquals(contents.get(2).get(4), p.read(batches.get(2).get(4)).planar());
            assertTrue(p.problems().isEmpty(), p.problems().toString());
            assertTrue(Files.size(pack) > lastStart && Files.size(pack) < full.length + 200, "appended right after the cut");
        }
    }

    private static long lastRecordStart(byte[] pack) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(pack);
        long pos = PackFormat.FILE_HEADER;
        long last = pos;
        while (pos < pack.length) {
            last = pos;
            int n = b.getInt((int) pos + 8);
            int r = b.getInt((int) pos + 12);
            int c = b.getInt((int) pos + 20);
            pos += PackFormat.BATCH_HEADER + (long) PackFormat.TILE_ENTRY * n + (long) PackFormat.REF_ENTRY * r + c + 4;
        }
        return last;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aTornFrameLogTailLosesOnlyTheLastFrame() throws Exception {
        TileFrameStore s = store(tmp, "s1");
        List<BufferedImage> frames = new ArrayList<>();
        BufferedImage f = desktop(320, 200, BufferedImage.TYPE_INT_RGB, 4);
        for (int i = 0; i < 4; i++) {
            f = withRect(f, 10 + 20 * i, 10, 8, 8, 0xabcdef);
            frames.add(f);
            s.put(f);
        }
        s.close();
        Path log = tmp.resolve("sessions/s1/frames").resolve(TraceFormat.FRAME_LOG);
        byte[] full = Files.readAllBytes(log);
        String lastId = FrameIds.of(frames.get(3));
        long lastLen = s.lastPut().recordBytes();
        for (int cut = (int) (full.length - lastLen); cut < full.length; cut++) {
            Files.write(log, java.util.Arrays.copyOf(full, cut));
            TileFrameStore r = TileFrameStore.forSession(tmp, tmp.resolve("sessions/s1"), false);
            assertFalse(r.contains(lastId), "cut at " + cut);
            for (int i = 0; i < 3; i++) assertSamePixels(frames.get(i), r.read(FrameIds.of(frames.get(i))));
        }
    }

    @Test
    void aDamagedTileIsReportedNotReturnedWrong() throws Exception {
        TileFrameStore s = store(tmp, "s1");
        BufferedImage a = desktop(200, 100, BufferedImage.TYPE_INT_RGB, 8);
        String id = s.put(a);
        s.close();
        Path pack = tmp.resolve("tiles/pack-000001.utp");
        byte[] bytes = Files.readAllBytes(pack);
        bytes[bytes.length - 10] ^= 0x40;
        Files.write(pack, bytes);
        TileFrameStore r = TileFrameStore.forSession(tmp, tmp.resolve("sessions/s1"), false);
        assertThrows(TraceException.class, () -> r.read(id));
    }

    @Test
    void aReaderSeesFramesALiveWriterAddsLater() {
        DataDir dd = DataDir.at(tmp);
        SessionWriter w = dd.createSession(manifest("live", TraceFormat.VERSION));
        BufferedImage a = desktop(300, 200, BufferedImage.TYPE_INT_RGB, 12);
        SessionReader r = dd.open("live");
        String id = FrameIds.of(a);
        assertFalse(r.frames().contains(id));
        w.frames().put(a);
        w.flush();
        assertTrue(r.frames().contains(id));
        assertSamePixels(a, r.frames().read(id));
        w.finish(5000, "signal");
    }

    @Test
    void aFormatOneSessionIsStillReadFromItsPngFiles() throws Exception {
        DataDir dd = DataDir.at(tmp);
        SessionWriter w = dd.createSession(manifest("old", 1));
        BufferedImage a = desktop(120, 90, BufferedImage.TYPE_INT_RGB, 13);
        String id = w.frames().put(a);
        w.finish(4000, "duration");
        assertTrue(w.frames() instanceof PngFrameStore);
        assertTrue(Files.isRegularFile(tmp.resolve("sessions/old/frames/" + id + ".png")));
        assertFalse(Files.exists(tmp.resolve("tiles")), "format 1 writes no tiles");
        SessionReader r = dd.open("old");
        assertEquals(1, r.manifest().format());
        assertTrue(r.frames() instanceof PngFrameStore);
        assertSamePixels(a, r.frames().read(id));

        // and a hand-made format-1 session (as an older build left it)
        Path d = tmp.resolve("sessions/older");
        Files.createDirectories(d.resolve("frames"));
        Files.writeString(d.resolve("manifest.json"), "{\"format\":1,\"session\":\"older\",\"startWall\":5}");
        new PngFrameStore(d.resolve("frames")).put(a);
        assertSamePixels(a, dd.open("older").frames().read(id));
        assertSamePixels(a, SessionReader.open(d).frames().read(id));
    }

    @Test
    void newSessionsAreFormatTwoWithTilesUnderTheDataDirectory() throws Exception {
        DataDir dd = DataDir.at(tmp);
        SessionWriter w = dd.createSession(manifest("new", TraceFormat.VERSION));
        assertTrue(TraceFormat.VERSION >= TraceFormat.FIRST_TILE_FORMAT); // 3: a11y events; 4: ids from tile ids
        assertTrue(w.frames() instanceof TileFrameStore);
        String id = w.frames().put(desktop(100, 100, BufferedImage.TYPE_INT_RGB, 1));
        w.finish(4000, "duration");
        try (Stream<Path> s = Files.list(tmp.resolve("tiles"))) {
            assertEquals(List.of("pack-000001.uti", "pack-000001.utp"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(Files.isRegularFile(tmp.resolve("sessions/new/frames/frames.ufl")));
        assertTrue(dd.open("new").frames().contains(id));
    }

    @Test
    void theIndexIsRebuiltFromThePacksWhenMissing() throws Exception {
        TileFrameStore s = store(tmp, "s1");
        List<BufferedImage> frames = new ArrayList<>();
        BufferedImage f = desktop(500, 300, BufferedImage.TYPE_INT_RGB, 21);
        for (int i = 0; i < 5; i++) {
            f = withRect(f, 90 * i, 50, 40, 40, 0x123456 * (i + 1));
            frames.add(f);
            s.put(f);
        }
        s.close();
        Files.delete(tmp.resolve("tiles/pack-000001.uti"));
        TileFrameStore r = TileFrameStore.forSession(tmp, tmp.resolve("sessions/s1"), false);
        for (BufferedImage img : frames) assertSamePixels(img, r.read(FrameIds.of(img)));
    }

    @Test
    void packsRollAndASecondWriterUsesItsOwnPack() throws Exception {
        Path dir = tmp.resolve("tiles");
        Random r = new Random(5);
        List<TileId> ids = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        try (TilePack a = TilePack.open(dir, 4096); TilePack b = TilePack.open(dir, 4096)) {
            for (int i = 0; i < 20; i++) {
                TilePack p = i % 2 == 0 ? a : b;
                byte[] planar = new byte[TileCodec.bytes(16, 16)];
                r.nextBytes(planar);
                TileId id = TileId.of(FrameIds.sha256(), 16, 16, planar, planar.length);
                p.append(List.of(new TilePack.NewTile(id, 16, 16, planar)), List.of(), null);
                ids.add(id);
                contents.add(planar);
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.filter(p -> p.toString().endsWith(".utp")).count() > 2);
        }
        try (TilePack p = TilePack.open(dir)) {
            for (int i = 0; i < ids.size(); i++) assertArrayEquals(contents.get(i), p.read(ids.get(i)).planar());
            assertTrue(p.problems().isEmpty(), p.problems().toString());
        }
    }

    @Test
    void idsOfFramesStoredOneChangeAtATimeEqualIdsOfTheWholeFrames() {
        TileFrameStore s = store(tmp, "s1");
        Random r = new Random(17);
        BufferedImage f = desktop(333, 250, BufferedImage.TYPE_INT_RGB, 40);
        for (int i = 0; i < 60; i++) {
            int y = r.nextInt(250);
            int x = r.nextInt(333);
            f = withRect(f, x, y, Math.min(5, 333 - x), Math.min(3, 250 - y), r.nextInt(0xffffff));
            if (i % 10 == 0) f = desktop(333, 250, BufferedImage.TYPE_INT_RGB, i); // all new
            assertEquals(FrameIds.of(copy(f)), s.put(f), "frame " + i);
        }
        // another size in between keeps its own previous frame
        BufferedImage g = desktop(64, 200, BufferedImage.TYPE_INT_ARGB, 1);
        assertEquals(FrameIds.of(g), s.put(g));
        BufferedImage f2 = withRect(f, 300, 240, 4, 4, 0x123456);
        assertEquals(FrameIds.of(f2), s.put(f2));
    }

    @Test
    void frameIdsAreTheSameOnTheFastAndTheGenericPath() {
        BufferedImage rgb = desktop(333, 77, BufferedImage.TYPE_INT_RGB, 30);
        BufferedImage bgr = new BufferedImage(333, 77, BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(rgb, 0, 0, null);
        assertEquals(FrameIds.of(rgb), FrameIds.of(bgr));
        assertEquals(FrameIds.ofPixelBytes(rgb), FrameIds.ofPixelBytes(bgr));
        // formats 1-3, pixel by pixel
        java.security.MessageDigest md = FrameIds.sha256();
        md.update(new byte[] {0, 0, 1, 77, 0, 0, 0, 77});
        for (int y = 0; y < 77; y++) for (int x = 0; x < 333; x++) {
            int p = rgb.getRGB(x, y);
            md.update(new byte[] {(byte) (p >>> 16), (byte) (p >>> 8), (byte) p});
        }
        assertEquals(java.util.HexFormat.of().formatHex(md.digest(), 0, 20), FrameIds.ofPixelBytes(rgb));
    }

    /** docs/trace-format.md, "Frame ids", spelled out byte by byte: a reader in another language can follow it. */
    @Test
    void formatFourIdsHashTheTileIdsAsDocumented() throws Exception {
        BufferedImage img = desktop(150, 70, BufferedImage.TYPE_INT_RGB, 31); // 3 x 2 tiles, partial at the edges
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        all.write(new byte[] {0, 0, 0, (byte) 150, 0, 0, 0, 70, 0, 64});
        for (int ty = 0; ty < 2; ty++) for (int tx = 0; tx < 3; tx++) {
            int x0 = tx * 64, y0 = ty * 64, w = Math.min(64, 150 - x0), h = Math.min(64, 70 - y0);
            java.io.ByteArrayOutputStream tile = new java.io.ByteArrayOutputStream();
            tile.write(new byte[] {(byte) (w >>> 8), (byte) w, (byte) (h >>> 8), (byte) h});
            for (int plane = 16; plane >= 0; plane -= 8) { // R, G, B planes, each row by row
                for (int y = y0; y < y0 + h; y++) for (int x = x0; x < x0 + w; x++) tile.write(img.getRGB(x, y) >>> plane);
            }
            all.write(java.security.MessageDigest.getInstance("SHA-256").digest(tile.toByteArray()), 0, 16);
        }
        String expected = java.util.HexFormat.of().formatHex(md.digest(all.toByteArray()), 0, 20);
        assertEquals(expected, FrameIds.of(img));
        assertEquals(expected, store(tmp, "s1").put(img), "the store names a frame the same way");
        assertNotEquals(FrameIds.ofPixelBytes(img), FrameIds.of(img), "not the format-3 id");
    }

    /**
     * A session recorded before format 4 addresses its frames by a hash of their pixels and its
     * frame records carry no tile-id flag: they still read, and a wrong id is still caught.
     */
    @Test
    void framesOfFormatThreeStillReadAndAreCheckedTheirWay() throws Exception {
        BufferedImage img = desktop(200, 130, BufferedImage.TYPE_INT_RGB, 32);
        TileFrameStore s = store(tmp, "s1");
        String id4 = s.put(img);
        TileId[] tiles = s.layout(id4).tiles();
        s.close();
        String legacy = FrameIds.ofPixelBytes(img);
        Path old = tmp.resolve("sessions/old/frames/frames.ufl");
        Files.createDirectories(old.getParent());
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        log.write(FrameLogFormat.fileHeader().array());
        for (String id : List.of(legacy, "00112233445566778899aabbccddeeff00112233")) { // the second is a wrong id
            java.nio.ByteBuffer rec = FrameLogFormat.encode(id, false, 0, 200, 130, 64, -1, 0, FramePayload.key(tiles));
            byte[] b = new byte[rec.remaining()];
            rec.get(b);
            log.write(b);
        }
        Files.write(old, log.toByteArray());
        TileFrameStore r = TileFrameStore.forSession(tmp, tmp.resolve("sessions/old"), false);
        assertSamePixels(img, r.read(legacy));
        TraceException e = assertThrows(TraceException.class, () -> r.read("00112233445566778899aabbccddeeff00112233"));
        assertTrue(e.getMessage().contains("does not rebuild"), e.getMessage());
    }
}
