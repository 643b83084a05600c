package dev.understudy.trace;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The on-disk layout of a session's frame log (docs/trace-format.md, "Frame log"): the 16-byte
 * file header and the frame records. A record is a 56-byte header, the zstd frame of its payload
 * ({@link FramePayload}) and a CRC-32 of everything before it. Stateless; every multi-byte field
 * is big-endian.
 */
final class FrameLogFormat {
    static final int FILE_MAGIC = 0x55464C47; // "UFLG"
    static final int FILE_FORMAT = 1;
    static final int FILE_HEADER = 16;
    static final int RECORD_MAGIC = 0x5546524D; // "UFRM"
    static final int RECORD_FORMAT = 1;
    static final int RECORD_HEADER = 56;
    static final int KEY = 0;
    static final int DELTA = 1;
    /**
     * Kind flag: the frame's pixels are not the ones its id was computed from (a redacted portable
     * copy made for upload, {@link TileFrameStore#putAs}); readers do not check the id against them.
     */
    static final int REDACTED = 0x80;
    /**
     * Kind flag (trace format 4 on): the frame id is derived from the tile ids
     * ({@link FrameIds#fromTiles}); without it the id is a hash of the pixels ({@link FrameIds#ofPixelBytes}).
     */
    static final int TILE_ID = 0x40;
    private static final int FLAGS = REDACTED | TILE_ID;
    /** zstd level of the payloads. */
    private static final int LEVEL = 3;

    // record header fields (magic at 0, format at 4)
    private static final int KIND = 5;
    private static final int TILE_SIZE = 6;
    private static final int WIDTH = 8;
    private static final int HEIGHT = 12;
    private static final int ID = 16;
    private static final int ID_LENGTH = 20;
    private static final int BASE = 36;
    private static final int TILE_BYTES = 44;
    private static final int RAW_LENGTH = 48;
    private static final int PAYLOAD_LENGTH = 52;

    private FrameLogFormat() {}

    // ---------------------------------------------------------------- file header

    /** A new log's header: magic, format, zeros. */
    static ByteBuffer fileHeader() {
        ByteBuffer h = ByteBuffer.allocate(FILE_HEADER);
        h.putInt(FILE_MAGIC).put((byte) FILE_FORMAT);
        h.clear();
        return h;
    }

    /** Whether {@code h} (the first {@link #FILE_HEADER} bytes of a file) is a frame log header of this format. */
    static boolean isFileHeader(ByteBuffer h) {
        return h.getInt(0) == FILE_MAGIC && (h.get(4) & 0xff) == FILE_FORMAT;
    }

    // ---------------------------------------------------------------- records

    /**
     * A whole record, ready to write: the header, {@code raw} compressed and the CRC.
     *
     * @param base offset of the base record of a delta (ignored for a key, which stores -1)
     * @param tileBytes tile-pack bytes the frame added (stored saturated to 32 unsigned bits)
     */
    static ByteBuffer encode(String id, boolean delta, int w, int h, int ts, long base, long tileBytes, byte[] raw) {
        return encode(id, delta, 0, w, h, ts, base, tileBytes, raw);
    }

    /**
     * As {@link #encode(String, boolean, int, int, int, long, long, byte[])} with kind flags
     * ({@link #REDACTED}, {@link #TILE_ID}).
     */
    static ByteBuffer encode(String id, boolean delta, int flags, int w, int h, int ts, long base, long tileBytes, byte[] raw) {
        if ((flags & ~FLAGS) != 0) throw new IllegalArgumentException("frame record flags " + flags);
        byte[] comp = Zstd.compress(raw, LEVEL);
        int len = RECORD_HEADER + comp.length + 4;
        ByteBuffer rec = ByteBuffer.allocate(len);
        rec.putInt(RECORD_MAGIC).put((byte) RECORD_FORMAT).put((byte) ((delta ? DELTA : KEY) | flags)).putShort((short) ts);
        rec.putInt(w).putInt(h);
        rec.put(HexFormat.of().parseHex(id));
        rec.putLong(delta ? base : -1L);
        rec.putInt((int) Math.min(tileBytes, 0xffffffffL));
        rec.putInt(raw.length).putInt(comp.length).put(comp);
        CRC32 crc = new CRC32();
        crc.update(rec.array(), 0, len - 4);
        rec.putInt((int) crc.getValue());
        rec.flip();
        return rec;
    }

    /** Whether a record header (at least its first 5 bytes) starts with the record magic and format. */
    static boolean isRecordStart(ByteBuffer head) {
        return head.getInt(0) == RECORD_MAGIC && (head.get(4) & 0xff) == RECORD_FORMAT;
    }

    /** The payload length field of a record header (negative in a damaged one). */
    static int payloadLength(ByteBuffer head) {
        return head.getInt(PAYLOAD_LENGTH);
    }

    /** Whether the CRC at the end of {@code rec} (a whole record, exactly its capacity) holds. */
    static boolean crcHolds(ByteBuffer rec) {
        int len = rec.capacity();
        CRC32 crc = new CRC32();
        crc.update(rec.array(), 0, len - 4);
        return (int) crc.getValue() == rec.getInt(len - 4);
    }

    /**
     * The complete record at {@code pos} of a file of {@code size} bytes whose magic, format and
     * CRC hold, or null (torn, damaged, or not a record there).
     */
    static ByteBuffer intactRecord(FileChannel ch, long pos, long size) throws IOException {
        if (pos + RECORD_HEADER + 4 > size) return null;
        ByteBuffer head = ByteBuffer.allocate(RECORD_HEADER);
        if (!FileChannels.readFully(ch, head, pos) || !isRecordStart(head)) return null;
        int p = payloadLength(head);
        if (p < 0 || pos + RECORD_HEADER + (long) p + 4 > size) return null;
        int len = RECORD_HEADER + p + 4;
        ByteBuffer rec = ByteBuffer.allocate(len);
        if (!FileChannels.readFully(ch, rec, pos)) return null;
        return crcHolds(rec) ? rec : null;
    }

    /** The decompressed payload of a record (its CRC already checked). */
    static byte[] payload(ByteBuffer rec) {
        int rawLen = rawLength(rec);
        int p = payloadLength(rec);
        byte[] raw = new byte[rawLen];
        long got = Zstd.decompressByteArray(raw, 0, rawLen, rec.array(), RECORD_HEADER, p);
        if (Zstd.isError(got) || got != rawLen) throw new TraceException("frame record payload is corrupt");
        return raw;
    }

    static boolean isKey(ByteBuffer rec) {
        return ((rec.get(KIND) & 0xff) & ~FLAGS) == KEY;
    }

    /** Whether the record is flagged {@link #REDACTED}. */
    static boolean isRedacted(ByteBuffer rec) {
        return (rec.get(KIND) & REDACTED) != 0;
    }

    /** Whether the record is flagged {@link #TILE_ID}: its id was derived from its tile ids. */
    static boolean idFromTiles(ByteBuffer rec) {
        return (rec.get(KIND) & TILE_ID) != 0;
    }

    static int tileSize(ByteBuffer rec) {
        return rec.getShort(TILE_SIZE) & 0xffff;
    }

    static int width(ByteBuffer rec) {
        return rec.getInt(WIDTH);
    }

    static int height(ByteBuffer rec) {
        return rec.getInt(HEIGHT);
    }

    /** The frame id, as lower-case hex. */
    static String id(ByteBuffer rec) {
        return HexFormat.of().formatHex(rec.array(), ID, ID + ID_LENGTH);
    }

    /** Offset of a delta's base record (-1 in a key). */
    static long base(ByteBuffer rec) {
        return rec.getLong(BASE);
    }

    /** Tile-pack bytes the frame added. */
    static long tileBytes(ByteBuffer rec) {
        return rec.getInt(TILE_BYTES) & 0xffffffffL;
    }

    static int rawLength(ByteBuffer rec) {
        return rec.getInt(RAW_LENGTH);
    }

    /** Tiles of a {@code w} x {@code h} frame in tiles of {@code ts} px (partial tiles at the edges count). */
    static int tileCount(int w, int h, int ts) {
        return ((w + ts - 1) / ts) * ((h + ts - 1) / ts);
    }
}
