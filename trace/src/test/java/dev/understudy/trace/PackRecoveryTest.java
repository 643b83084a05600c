package dev.understudy.trace;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery at the seam of {@link PackFiles} (readers: a torn or damaged record ends the
 * readable part, a damaged index is rebuilt by scanning) and {@link PackWriter} (the next writer
 * cuts a torn tail off; index entries reach the index file only when the pack is synced). The
 * records carry arbitrary payloads: neither part decodes them.
 */
@Tag("unit")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PackRecoveryTest {
    @TempDir Path dir;

    private final Random random = new Random(5);

    /** A batch record of {@code n} 2 x 2 tiles with ids (seed, i) and a random payload. */
    private byte[] record(int seed, int n) {
        List<TilePack.NewTile> tiles = new ArrayList<>();
        for (int i = 0; i < n; i++) tiles.add(new TilePack.NewTile(new TileId(seed, i), 2, 2, new byte[12]));
        byte[] payload = new byte[20 + random.nextInt(40)];
        random.nextBytes(payload);
        return PackFormat.batchRecord(tiles, List.of(), 12 * n, payload, 0, false);
    }

    private static void append(PackWriter w, byte[] rec) {
        ByteBuffer b = ByteBuffer.wrap(rec);
        w.append(rec, b.get(6), PackFormat.tileIds(b, b.getInt(8)));
    }

    /** Writes three synced records to pack 1 and returns their starts (and the end as the last element). */
    private long[] threeRecords() throws Exception {
        PackFiles files = new PackFiles(dir);
        PackWriter w = new PackWriter(files, TilePack.DEFAULT_ROLL_BYTES);
        long[] starts = new long[4];
        starts[0] = PackFormat.FILE_HEADER;
        for (int i = 0; i < 3; i++) {
            byte[] rec = record(i + 1, 3);
            append(w, rec);
            starts[i + 1] = starts[i] + rec.length;
        }
        w.sync();
        w.release();
        files.close();
        assertEquals(starts[3], Files.size(dir.resolve("pack-000001.utp")));
        return starts;
    }

    private static boolean has(PackFiles f, int seed, int i) {
        return f.index().find(seed, i) >= 0;
    }

    @Test
    void aTornRecordEndsTheReadablePartAndTheNextWriterCutsItOff() throws Exception {
        long[] starts = threeRecords();
        Path pack = dir.resolve("pack-000001.utp");
        byte[] torn = Arrays.copyOf(record(4, 2), 30); // a writer killed 30 bytes into its record
        Files.write(pack, torn, java.nio.file.StandardOpenOption.APPEND);

        PackFiles reader = new PackFiles(dir);
        assertEquals(starts[3], reader.packs().get(1).validEnd);
        assertTrue(has(reader, 3, 2));
        assertFalse(has(reader, 4, 0));
        assertEquals(9, reader.index().size());
        assertTrue(reader.problems().isEmpty(), "readers ignore a torn tail silently: " + reader.problems());

        PackFiles files = new PackFiles(dir);
        PackWriter w = new PackWriter(files, TilePack.DEFAULT_ROLL_BYTES);
        byte[] next = record(5, 1);
        append(w, next);
        w.sync();
        assertEquals(List.of("pack-000001.utp: cut a torn tail of 30 bytes"), files.problems());
        assertEquals(1, w.current().no, "the writer took over the last pack");
        assertEquals(starts[3] + next.length, Files.size(pack), "appended where the torn record began");
        w.release();
        files.close();

        PackFiles after = new PackFiles(dir);
        assertTrue(after.problems().isEmpty(), after.problems().toString());
        assertTrue(has(after, 5, 0));
        assertEquals(10, after.index().size());
        assertEquals(PackFormat.loc(1, starts[3], 0), after.index().loc(after.index().find(5, 0)));
        after.close();
        reader.close();
    }

    @Test
    void aRecordThatFailsItsCrcEndsTheReadablePart() throws Exception {
        long[] starts = threeRecords();
        Path pack = dir.resolve("pack-000001.utp");
        byte[] b = Files.readAllBytes(pack);
        b[(int) starts[1] + PackFormat.BATCH_HEADER + 3] ^= 0x10; // in the second record's first tile id
        Files.write(pack, b);
        Files.delete(dir.resolve("pack-000001.uti"));

        PackFiles f = new PackFiles(dir);
        assertEquals(starts[1], f.packs().get(1).validEnd);
        assertTrue(has(f, 1, 2));
        assertFalse(has(f, 2, 0));
        assertFalse(has(f, 3, 0), "nothing after the damaged record is read");
        f.close();
    }

    @Test
    void aDamagedIndexEntryIsRebuiltFromThePack() throws Exception {
        long[] starts = threeRecords();
        Path index = dir.resolve("pack-000001.uti");
        byte[] ix = Files.readAllBytes(index);
        int secondEntry = PackFormat.INDEX_HEADER + PackFormat.INDEX_ENTRY_FIXED + 3 * 16 + 4;
        ix[secondEntry + 1] ^= 0x01; // its offset
        Files.write(index, ix);

        PackFiles f = new PackFiles(dir);
        assertEquals(List.of("pack-000001.uti: index damaged at byte " + secondEntry + " (rest rebuilt from the pack)",
                "pack-000001.uti: " + (ix.length - secondEntry) + " bytes after the last good entry ignored"), f.problems());
        for (int seed = 1; seed <= 3; seed++) {
            int s = f.index().find(seed, 1);
            assertEquals(PackFormat.loc(1, starts[seed - 1], 0), f.index().loc(s), "record " + seed + " found where it is");
        }
        assertEquals(starts[3], f.packs().get(1).validEnd);
        f.close();

        // the next writer replaces the damaged entries by those the scan found
        PackFiles files = new PackFiles(dir);
        PackWriter w = new PackWriter(files, TilePack.DEFAULT_ROLL_BYTES);
        append(w, record(4, 1));
        w.sync();
        w.release();
        files.close();
        PackFiles after = new PackFiles(dir);
        assertTrue(after.problems().isEmpty(), after.problems().toString());
        assertEquals(10, after.index().size());
        after.close();
    }

    @Test
    void indexEntriesReachTheIndexFileOnlyOnceThePackIsSynced() throws Exception {
        PackFiles files = new PackFiles(dir);
        PackWriter w = new PackWriter(files, TilePack.DEFAULT_ROLL_BYTES);
        append(w, record(1, 2));
        Path index = dir.resolve("pack-000001.uti");
        assertEquals(PackFormat.INDEX_HEADER, Files.size(index), "only the header before the sync");
        assertTrue(files.index().find(1, 1) >= 0, "the tiles are indexed in memory at once");
        w.sync();
        assertEquals(PackFormat.INDEX_HEADER + PackFormat.INDEX_ENTRY_FIXED + 2 * 16 + 4, Files.size(index));
        w.release();
        files.close();
    }

    @Test
    void aFullPackRollsOverAndASecondWriterInTheProcessGetsItsOwnPack() throws Exception {
        PackFiles f1 = new PackFiles(dir);
        PackWriter w1 = new PackWriter(f1, 400);
        append(w1, record(1, 3));
        w1.sync();
        PackFiles f2 = new PackFiles(dir); // sees pack 1, whose lock w1 holds
        PackWriter w2 = new PackWriter(f2, 400);
        append(w2, record(2, 3));
        assertEquals(1, w1.current().no);
        assertEquals(2, w2.current().no, "one writer per pack: the second starts its own");
        int first = w1.current().no;
        for (int i = 0; i < 6; i++) append(w1, record(10 + i, 3));
        assertTrue(w1.current().no > first, "rolled over to a new pack");
        w1.sync();
        w2.sync();
        w1.release();
        w2.release();
        f1.close();
        f2.close();
        PackFiles all = new PackFiles(dir);
        assertTrue(all.problems().isEmpty(), all.problems().toString());
        assertEquals(8 * 3, all.index().size());
        for (PackFile p : all.packs().values()) assertTrue(Files.size(p.path) <= 400, p.path + ": " + Files.size(p.path));
        all.close();
    }
}
