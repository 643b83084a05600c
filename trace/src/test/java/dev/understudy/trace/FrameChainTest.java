package dev.understudy.trace;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Rebuilding a frame from its delta chain, what the writer chains, and the chains a reader refuses. */
@Tag("unit")
class FrameChainTest {
    @TempDir Path tmp;

    /** A log written record by record, with their offsets. */
    static final class Log {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Long> offsets = new ArrayList<>();
        final List<Integer> lengths = new ArrayList<>();

        Log() {
            bytes.writeBytes(FrameLogFormat.fileHeader().array());
        }

        int add(ByteBuffer rec) {
            offsets.add((long) bytes.size());
            lengths.add(rec.remaining());
            byte[] b = new byte[rec.remaining()];
            rec.get(b);
            bytes.writeBytes(b);
            return offsets.size() - 1;
        }

        int key(String id, int w, int h, TileId[] tiles) {
            return add(FrameLogFormat.encode(id, false, w, h, 32, -1, 0, FramePayload.key(tiles)));
        }

        int delta(String id, int w, int h, int base, TileId[] tiles, int changed) {
            return add(FrameLogFormat.encode(id, true, w, h, 32, offsets.get(base), 0, FramePayload.delta(tiles, List.of(changed))));
        }

        FrameLog.Frame rebuild(Path file, int i) throws Exception {
            Files.write(file, bytes.toByteArray());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                return new FrameChain(file).rebuild(ch, ch.size(), id(i), offsets.get(i), lengths.get(i));
            }
        }
    }

    static String id(int i) {
        return String.format("%040x", i);
    }

    static TileId[] tiles(int n, long seed) {
        TileId[] t = new TileId[n];
        for (int i = 0; i < n; i++) t[i] = new TileId(seed, i);
        return t;
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aDeltaChainOfAtMostMaxChainDeltasRebuildsAndALongerOneIsRefused() throws Exception {
        Log log = new Log();
        TileId[] t = tiles(4, 0);
        log.key(id(0), 64, 64, t);
        List<TileId[]> expected = new ArrayList<>();
        expected.add(t.clone());
        for (int i = 1; i <= FrameLog.MAX_CHAIN + 2; i++) {
            t[i % 4] = new TileId(i, i);
            log.delta(id(i), 64, 64, i - 1, t, i % 4);
            expected.add(t.clone());
        }
        for (int i : new int[] {0, 1, FrameLog.MAX_CHAIN}) {
            FrameLog.Frame f = log.rebuild(tmp.resolve("ok" + i), i);
            assertArrayEquals(expected.get(i), f.tiles(), "frame " + i);
            assertEquals(64, f.width());
            assertEquals(32, f.tileSize());
        }
        TraceException e = assertThrows(TraceException.class, () -> log.rebuild(tmp.resolve("long"), FrameLog.MAX_CHAIN + 2));
        assertTrue(e.getMessage().contains("delta chain too long"), e.getMessage());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aBaseThatIsNotAnEarlierRecordOfTheSameSizeIsRefused() throws Exception {
        Log other = new Log();
        other.key(id(0), 32, 32, tiles(1, 0));
        other.delta(id(1), 64, 64, 0, tiles(4, 1), 2);
        TraceException e = assertThrows(TraceException.class, () -> other.rebuild(tmp.resolve("size"), 1));
        assertTrue(e.getMessage().contains("another size"), e.getMessage());

        Log self = new Log();
        self.key(id(0), 64, 64, tiles(4, 0));
        self.add(FrameLogFormat.encode(id(1), true, 64, 64, 32, 16 + self.lengths.get(0), 0, FramePayload.delta(tiles(4, 1), List.of(0))));
        e = assertThrows(TraceException.class, () -> self.rebuild(tmp.resolve("self"), 1));
        assertTrue(e.getMessage().contains("bad base record"), e.getMessage());

        Log header = new Log();
        header.add(FrameLogFormat.encode(id(0), true, 64, 64, 32, 8, 0, FramePayload.delta(tiles(4, 1), List.of(0))));
        e = assertThrows(TraceException.class, () -> header.rebuild(tmp.resolve("header"), 0));
        assertTrue(e.getMessage().contains("bad base record"), e.getMessage());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aDamagedBaseRecordFailsTheReadInsteadOfGivingOtherTiles() throws Exception {
        Log log = new Log();
        log.key(id(0), 64, 64, tiles(4, 0));
        log.delta(id(1), 64, 64, 0, tiles(4, 1), 3);
        Path f = tmp.resolve("damaged");
        assertEquals(new TileId(1, 3), log.rebuild(f, 1).tiles()[3]);
        byte[] b = Files.readAllBytes(f);
        b[16 + 8] ^= 1; // the key's width
        Files.write(f, b);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            TraceException e = assertThrows(TraceException.class,
                    () -> new FrameChain(f).rebuild(ch, ch.size(), id(1), log.offsets.get(1), log.lengths.get(1)));
            assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void theWriterChainsDeltasPerSizeAndWritesAKeyAfterMaxChainOrABigChange() throws Exception {
        Path f = tmp.resolve("frames/frames.ufl");
        List<String> ids = new ArrayList<>();
        List<TileId[]> frames = new ArrayList<>();
        TileId[] big = tiles(4, 0);
        TileId[] small = tiles(2, 0);
        try (FrameLog log = new FrameLog(f, true)) {
            for (int i = 0; i < 2 * FrameLog.MAX_CHAIN + 10; i++) {
                TileId[] t;
                int h;
                if (i % 5 == 4) {
                    small[i % 2] = new TileId(-1, i);
                    t = small;
                    h = 32;
                } else {
                    big[i % 4] = new TileId(i, i);
                    if (i == 50) big = tiles(4, 50); // every tile changed
                    t = big;
                    h = 64;
                }
                ids.add(id(i));
                frames.add(t.clone());
                log.append(id(i), 64, h, 32, t, i);
            }
        }
        List<Boolean> keys = new ArrayList<>();
        List<Long> bases = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        List<Integer> heights = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long pos = FrameLogFormat.FILE_HEADER;
            ByteBuffer rec;
            while ((rec = FrameLogFormat.intactRecord(ch, pos, ch.size())) != null) {
                keys.add(FrameLogFormat.isKey(rec));
                bases.add(FrameLogFormat.base(rec));
                offsets.add(pos);
                heights.add(FrameLogFormat.height(rec));
                pos += rec.capacity();
            }
            assertEquals(ch.size(), pos);
        }
        assertEquals(ids.size(), keys.size());
        int run = -1;
        int lastBig = -1;
        for (int i = 0; i < keys.size(); i++) {
            if (heights.get(i) != 64) continue;
            boolean expectKey = lastBig < 0 || run == FrameLog.MAX_CHAIN || i == 50;
            assertEquals(expectKey, keys.get(i), "record " + i + " after " + run + " deltas");
            if (!keys.get(i)) assertEquals(offsets.get(lastBig), bases.get(i), "a delta's base is the previous record of its size");
            run = keys.get(i) ? 0 : run + 1;
            lastBig = i;
        }
        assertFalse(keys.get(9), "the small frames have their own chain");
        assertEquals(offsets.get(4), bases.get(9));

        try (FrameLog reader = new FrameLog(f, false)) {
            assertEquals(ids.size(), reader.frameCount());
            for (int i = ids.size() - 1; i >= 0; i--) assertArrayEquals(frames.get(i), reader.read(ids.get(i)).tiles(), "frame " + i);
        }
    }
}
