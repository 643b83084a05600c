package dev.understudy.trace;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Batch records, index entries and batch locations as docs/trace-format.md lays them out. */
@Tag("unit")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PackFormatTest {

    @Test
    void aLocationKeepsDepthPackAndOffset() {
        long loc = PackFormat.loc(0xffff, (1L << 40) - 1, 32);
        assertEquals(32, PackFormat.depthOf(loc));
        assertEquals(0xffff, PackFormat.packOf(loc));
        assertEquals((1L << 40) - 1, PackFormat.offsetOf(loc));
        long key = PackFormat.batchKey(loc);
        assertEquals((long) 0xffff << 40 | ((1L << 40) - 1), key, "a batch key is pack << 40 | offset");
        assertEquals(0xffff, PackFormat.packOf(key));
        assertThrows(TraceException.class, () -> PackFormat.loc(0x10000, 16, 0));
        assertThrows(TraceException.class, () -> PackFormat.loc(1, 1L << 40, 0));
    }

    @Test
    void aBatchRecordHasTheDocumentedLayoutAndItsCrc() {
        TileId a = new TileId(0x1111_2222_3333_4444L, 0x5555_6666_7777_8888L);
        TileId b = new TileId(1, 2);
        TileId ref = new TileId(-1, -2);
        byte[] payload = {9, 8, 7, 6, 5};
        List<TilePack.NewTile> tiles = List.of(new TilePack.NewTile(a, 4, 3, new byte[36]), new TilePack.NewTile(b, 2, 2, new byte[12]));
        byte[] rec = PackFormat.batchRecord(tiles, List.of(ref), 48, payload, 7, true);

        assertEquals(24 + 2 * 20 + 16 + payload.length + 4, rec.length);
        assertEquals(rec.length, PackFormat.recordLength(2, 1, payload.length));
        ByteBuffer r = ByteBuffer.wrap(rec);
        assertEquals(0x55545042, r.getInt(0), "UTPB");
        assertTrue(PackFormat.isBatchStart(r));
        assertEquals(PackFormat.CODEC_ZSTD_PLANAR, rec[5]);
        PackFormat.BatchHeader h = PackFormat.batchHeader(r);
        assertEquals(new PackFormat.BatchHeader(7, PackFormat.SEALED, 2, 1, 48, payload.length), h);
        assertTrue(h.sealed());
        assertEquals(rec.length, h.recordLength());
        assertEquals(24 + 40, h.refsStart());
        assertEquals(24 + 40 + 16, h.payloadStart());
        assertEquals(ref.hi(), r.getLong(h.refsStart()));
        assertEquals(4, r.getShort(24 + 16));
        assertEquals(3, r.getShort(24 + 18));
        assertArrayEquals(new long[] {a.hi(), a.lo(), b.hi(), b.lo()}, PackFormat.tileIds(r, 2));
        assertEquals(7, rec[h.payloadStart() + 2]);
        assertTrue(PackFormat.crcHolds(rec));
        rec[30] ^= 1;
        assertFalse(PackFormat.crcHolds(rec), "a flipped bit fails the CRC");
        assertFalse(PackFormat.batchHeader(ByteBuffer.wrap(PackFormat.batchRecord(tiles, List.of(), 48, payload, 0, false))).sealed());
    }

    @Test
    void anIndexEntryNamesTheRecordAndItsTiles() {
        long[] ids = {1, 2, 3, 4};
        byte[] e = PackFormat.indexEntry(4096, 321, 5, ids);
        assertEquals(PackFormat.INDEX_ENTRY_FIXED + 2 * 16 + 4, e.length);
        ByteBuffer b = ByteBuffer.wrap(e);
        assertEquals(4096, b.getLong(0));
        assertEquals(321, b.getInt(8));
        assertEquals(5, b.get(12));
        assertEquals(2, b.getInt(16));
        assertEquals(3, b.getLong(20 + 16));
        assertEquals(PackFormat.crcOf(e, 0, e.length - 4), b.getInt(e.length - 4));
    }

    @Test
    void fileNamesAndHeaders() {
        assertEquals("pack-000042.utp", PackFormat.packName(42));
        assertEquals("pack-000042.uti", PackFormat.indexName(42));
        assertTrue(PackFormat.isPackName("pack-000042.utp"));
        assertFalse(PackFormat.isPackName("pack-000042.uti"));
        assertFalse(PackFormat.isPackName("gc-1-2-0.utp.tmp"));
        assertTrue(PackFormat.isIndexName("pack-000042.uti"));
        assertTrue(PackFormat.isPackFileName("pack-000042.uti") && PackFormat.isPackFileName("pack-000042.utp"));
        assertEquals(42, PackFormat.numberOf("pack-000042.uti"));
        assertEquals("pack-000042.utp", PackFormat.packNameOfIndex("pack-000042.uti"));
        assertTrue(PackFormat.isGcTemp("gc-1-2-0.uti.tmp"));
        ByteBuffer h = PackFormat.packHeader();
        assertEquals(16, h.remaining());
        assertTrue(PackFormat.isPackHeader(h));
        assertFalse(PackFormat.isIndexHeader(h));
        ByteBuffer ih = PackFormat.indexHeader();
        assertEquals(8, ih.remaining());
        assertTrue(PackFormat.isIndexHeader(ih));
    }
}
