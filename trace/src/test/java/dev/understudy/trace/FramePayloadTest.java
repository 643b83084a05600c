package dev.understudy.trace;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Palettes, key and delta payloads and varints of frame records as docs/trace-format.md lays them out. */
@Tag("unit")
class FramePayloadTest {
    static final TileId A = new TileId(0x0102_0304_0506_0708L, 0x1112_1314_1516_1718L);
    static final TileId B = new TileId(-1, 2);
    static final TileId C = new TileId(3, -4);

    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    static byte[] id(TileId t) {
        return ByteBuffer.allocate(16).putLong(t.hi()).putLong(t.lo()).array();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aKeyIsItsPaletteInOrderOfFirstUseThenOneIndexPerTile() {
        TileId[] tiles = {B, A, B, B, C};
        byte[] raw = FramePayload.key(tiles);
        assertArrayEquals(concat(bytes(3), id(B), id(A), id(C), bytes(0, 1, 0, 0, 2)), raw);
        assertArrayEquals(tiles, FramePayload.decodeKey(raw, tiles.length));
        assertArrayEquals(new TileId[] {B, A, C}, FramePayload.palette(raw));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aDeltaListsTheChangedPositionsAsGapsWithTheirPaletteIndexes() {
        TileId[] base = new TileId[300];
        java.util.Arrays.fill(base, A);
        TileId[] tiles = base.clone();
        tiles[1] = C;
        tiles[2] = B;
        tiles[200] = C;
        byte[] raw = FramePayload.delta(tiles, List.of(1, 2, 200));
        // palette C, B; 3 changes; gaps 1, 0, 197 (two varint bytes); indexes 0, 1, 0
        assertArrayEquals(concat(bytes(2), id(C), id(B), bytes(3, 1, 0, 0, 1, 0xc5, 0x01, 0)), raw);
        assertArrayEquals(tiles, FramePayload.applyDelta(base.clone(), raw));
        assertArrayEquals(new TileId[] {C, B}, FramePayload.palette(raw));
        byte[] none = FramePayload.delta(tiles, List.of());
        assertArrayEquals(bytes(0, 0), none, "an unchanged frame: empty palette, no change");
        assertArrayEquals(base, FramePayload.applyDelta(base.clone(), none));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void varintsAreUnsignedLeb128() {
        int[] values = {0, 1, 127, 128, 16383, 16384, 1 << 21, Integer.MAX_VALUE, -1};
        int[] lengths = {1, 1, 1, 2, 2, 3, 4, 5, 5};
        for (int k = 0; k < values.length; k++) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            FramePayload.varint(o, values[k]);
            assertEquals(lengths[k], o.size(), "length of " + values[k]);
            ByteBuffer in = ByteBuffer.wrap(o.toByteArray());
            assertEquals(values[k], FramePayload.readVarint(in));
            assertFalse(in.hasRemaining());
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        FramePayload.varint(o, 300);
        assertArrayEquals(bytes(0xac, 0x02), o.toByteArray());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aPayloadThatDoesNotDecodeIsCorruptNotWrong() {
        byte[] key = FramePayload.key(new TileId[] {A, B});
        TraceException e = assertThrows(TraceException.class, () -> FramePayload.decodeKey(key, 3));
        assertTrue(e.getMessage().contains("short varint"), e.getMessage());
        byte[] badIndex = key.clone();
        badIndex[badIndex.length - 1] = 2; // palette has 2 entries
        assertThrows(TraceException.class, () -> FramePayload.decodeKey(badIndex, 2));
        assertThrows(TraceException.class, () -> FramePayload.palette(bytes(2)), "a palette longer than the payload");
        assertThrows(TraceException.class, () -> FramePayload.palette(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0x01)), "a varint of more than 5 bytes");
        byte[] delta = FramePayload.delta(new TileId[] {A, B, C}, List.of(2));
        assertThrows(TraceException.class, () -> FramePayload.applyDelta(new TileId[] {A, A}, delta), "a position past the frame");
    }
}
