package dev.understudy.trace;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The frame log's file header and records as docs/trace-format.md ("Frame log") lays them out. */
@Tag("unit")
class FrameLogFormatTest {
    static final String ID = "00112233445566778899aabbccddeeff01234567";
    @TempDir Path tmp;

    static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void theFileHeaderIsMagicFormatAndZeros() {
        ByteBuffer h = FrameLogFormat.fileHeader();
        assertEquals(16, h.remaining());
        byte[] b = bytes(h);
        assertArrayEquals(new byte[] {'U', 'F', 'L', 'G', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, b);
        assertTrue(FrameLogFormat.isFileHeader(h));
        b[4] = 2;
        assertFalse(FrameLogFormat.isFileHeader(ByteBuffer.wrap(b)), "another format");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aRecordHasTheDocumentedLayoutAndItsCrc() {
        byte[] raw = new byte[200];
        for (int i = 0; i < raw.length; i++) raw[i] = (byte) (i % 7);
        ByteBuffer rec = FrameLogFormat.encode(ID, true, 1280, 800, 64, 4096, 5000, raw);
        int p = rec.getInt(52);
        assertEquals(56 + p + 4, rec.remaining());
        assertEquals(rec.capacity(), rec.remaining());
        assertEquals(0x5546524D, rec.getInt(0), "UFRM");
        assertEquals(1, rec.get(4), "record format");
        assertEquals(FrameLogFormat.DELTA, rec.get(5));
        assertEquals(64, rec.getShort(6));
        assertEquals(1280, rec.getInt(8));
        assertEquals(800, rec.getInt(12));
        assertEquals(ID, HexFormat.of().formatHex(bytes(rec), 16, 36));
        assertEquals(4096, rec.getLong(36), "a delta's base offset");
        assertEquals(5000, rec.getInt(44));
        assertEquals(200, rec.getInt(48));

        assertTrue(FrameLogFormat.isRecordStart(rec));
        assertFalse(FrameLogFormat.isKey(rec));
        assertEquals(64, FrameLogFormat.tileSize(rec));
        assertEquals(1280, FrameLogFormat.width(rec));
        assertEquals(800, FrameLogFormat.height(rec));
        assertEquals(ID, FrameLogFormat.id(rec));
        assertEquals(4096, FrameLogFormat.base(rec));
        assertEquals(5000, FrameLogFormat.tileBytes(rec));
        assertEquals(p, FrameLogFormat.payloadLength(rec));
        assertTrue(FrameLogFormat.crcHolds(rec));
        assertArrayEquals(raw, FrameLogFormat.payload(rec));

        rec.put(60, (byte) (rec.get(60) ^ 1));
        assertFalse(FrameLogFormat.crcHolds(rec), "a flipped bit fails the CRC");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aKeyHasNoBaseAndTileBytesSaturate() {
        ByteBuffer key = FrameLogFormat.encode(ID, false, 100, 50, 32, 4096, 1L << 40, new byte[] {0});
        assertTrue(FrameLogFormat.isKey(key));
        assertEquals(FrameLogFormat.KEY, key.get(5));
        assertEquals(-1, FrameLogFormat.base(key), "a key stores -1 whatever base it is given");
        assertEquals(0xffffffffL, FrameLogFormat.tileBytes(key));
        assertEquals(FrameLogFormat.tileCount(100, 50, 32), 4 * 2);
        assertEquals(260, FrameLogFormat.tileCount(1280, 800, 64));
        assertEquals(21 * 13, FrameLogFormat.tileCount(1281, 800, 64));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void onlyWholeRecordsWithTheirCrcAreIntact() throws Exception {
        ByteBuffer r1 = FrameLogFormat.encode(ID, false, 64, 64, 64, -1, 10, FramePayload.key(new TileId[] {new TileId(1, 2)}));
        ByteBuffer r2 = FrameLogFormat.encode(ID.replace('0', '9'), false, 64, 64, 64, -1, 20, FramePayload.key(new TileId[] {new TileId(3, 4)}));
        int l1 = r1.remaining();
        int l2 = r2.remaining();
        byte[] file = new byte[16 + l1 + l2];
        FrameLogFormat.fileHeader().get(file, 0, 16);
        r1.duplicate().get(file, 16, l1);
        r2.duplicate().get(file, 16 + l1, l2);
        Path f = tmp.resolve("frames.ufl");
        Files.write(f, file);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = ch.size();
            assertArrayEquals(bytes(r1), FrameLogFormat.intactRecord(ch, 16, size).array());
            assertArrayEquals(bytes(r2), FrameLogFormat.intactRecord(ch, 16 + l1, size).array());
            assertNull(FrameLogFormat.intactRecord(ch, 16 + l1, size - 1), "torn");
            assertNull(FrameLogFormat.intactRecord(ch, 17, size), "not at a record");
            assertNull(FrameLogFormat.intactRecord(ch, size, size), "past the end");
        }
        file[16 + l1 + 57] ^= 0x10;
        Files.write(f, file);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            assertNotNull(FrameLogFormat.intactRecord(ch, 16, ch.size()));
            assertNull(FrameLogFormat.intactRecord(ch, 16 + l1, ch.size()), "damaged payload");
        }
    }
}
