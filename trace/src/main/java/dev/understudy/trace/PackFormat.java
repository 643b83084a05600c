package dev.understudy.trace;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The on-disk layout of the device's tile packs (docs/trace-format.md, "Tile packs" and "Pack
 * index"): the constants, the file names, batch records and index entries, and where a batch is
 * ({@link #loc}). Stateless; every multi-byte field is big-endian.
 */
final class PackFormat {
    static final int PACK_MAGIC = 0x5554504B; // "UTPK"
    static final int INDEX_MAGIC = 0x55544958; // "UTIX"
    static final int BATCH_MAGIC = 0x55545042; // "UTPB"
    static final int FORMAT = 1;
    static final int FILE_HEADER = 16;
    static final int INDEX_HEADER = 8;
    /** Index entry of one batch: offset 8, length 4, depth 1, reserved 3, tile count 4, then 16 per tile, then CRC 4. */
    static final int INDEX_ENTRY_FIXED = 20;
    static final int BATCH_HEADER = 24;
    static final int TILE_ENTRY = 20;
    static final int REF_ENTRY = 16;
    static final int CODEC_ZSTD_PLANAR = 1;
    /** Batch header byte 7, bit 0: the payload is sealed by {@link SpoolCipher} (encryption at rest). */
    static final int SEALED = 1;
    /** Longest chain of reference batches a batch may sit on. */
    static final int MAX_DEPTH = 32;
    static final int MAX_TILES_PER_BATCH = 1 << 20;
    /** Prefix of every reference dictionary, so it is never taken for a formatted zstd dictionary. */
    static final byte[] DICT_PREFIX = "UTDICT01".getBytes(StandardCharsets.US_ASCII);
    /** Names of a collection's temporary files in the tiles directory (never taken for packs). */
    static final String GC_TMP_PREFIX = "gc-";
    static final String GC_TMP_SUFFIX = ".tmp";
    /** The bits of a {@link #loc} that name the batch (pack number and offset, without the depth). */
    static final long BATCH_KEY_MASK = (1L << 56) - 1;
    private static final long OFFSET_MASK = (1L << 40) - 1;

    private PackFormat() {}

    // ---------------------------------------------------------------- file names

    static String packName(int no) {
        return String.format("pack-%06d.utp", no);
    }

    static String indexName(int no) {
        return String.format("pack-%06d.uti", no);
    }

    static boolean isPackName(String name) {
        return name.matches("pack-\\d{6}\\.utp");
    }

    static boolean isIndexName(String name) {
        return name.matches("pack-\\d{6}\\.uti");
    }

    /** A pack or an index file name. */
    static boolean isPackFileName(String name) {
        return name.matches("pack-\\d{6}\\.ut[pi]");
    }

    /** The pack number of a pack or index file name. */
    static int numberOf(String name) {
        return Integer.parseInt(name.substring(5, 11));
    }

    /** The pack file an index file name belongs to. */
    static String packNameOfIndex(String indexName) {
        return indexName.substring(0, 11) + ".utp";
    }

    static boolean isGcTemp(String name) {
        return name.startsWith(GC_TMP_PREFIX) && name.endsWith(GC_TMP_SUFFIX);
    }

    // ---------------------------------------------------------------- file headers

    /** A pack's file header, ready to write. */
    static ByteBuffer packHeader() {
        return header(FILE_HEADER, PACK_MAGIC);
    }

    /** An index file's header, ready to write. */
    static ByteBuffer indexHeader() {
        return header(INDEX_HEADER, INDEX_MAGIC);
    }

    private static ByteBuffer header(int size, int magic) {
        ByteBuffer h = ByteBuffer.allocate(size);
        h.putInt(magic).put((byte) FORMAT);
        h.clear();
        return h;
    }

    static boolean isPackHeader(ByteBuffer h) {
        return h.getInt(0) == PACK_MAGIC && (h.get(4) & 0xff) == FORMAT;
    }

    static boolean isIndexHeader(ByteBuffer h) {
        return h.getInt(0) == INDEX_MAGIC && (h.get(4) & 0xff) == FORMAT;
    }

    // ---------------------------------------------------------------- batch locations

    /** Where a batch is: depth (8 bits), pack number (16 bits), offset in the pack (40 bits). */
    static long loc(int pack, long off, int depth) {
        if (pack > 0xffff || off >= 1L << 40) throw new TraceException("tile pack too large");
        return (long) depth << 56 | (long) pack << 40 | off;
    }

    static int depthOf(long loc) {
        return (int) (loc >>> 56);
    }

    /** The batch a location names, without its depth: pack number << 40 | offset. */
    static long batchKey(long loc) {
        return loc & BATCH_KEY_MASK;
    }

    static int packOf(long locOrKey) {
        return (int) ((locOrKey & BATCH_KEY_MASK) >>> 40);
    }

    static long offsetOf(long locOrKey) {
        return locOrKey & OFFSET_MASK;
    }

    // ---------------------------------------------------------------- batch records

    /** The fields of a batch record's header (its first {@link #BATCH_HEADER} bytes). */
    record BatchHeader(int depth, int flags, int tiles, int refs, int rawLength, int payloadLength) {
        boolean sealed() {
            return (flags & SEALED) != 0;
        }

        /** Bytes of the whole record, CRC included (a long: a damaged header may name any size). */
        long recordLength() {
            return PackFormat.recordLength(tiles, refs, payloadLength);
        }

        /** Offset of the first reference id in the record. */
        int refsStart() {
            return BATCH_HEADER + tiles * TILE_ENTRY;
        }

        /** Offset of the payload in the record. */
        int payloadStart() {
            return refsStart() + refs * REF_ENTRY;
        }
    }

    /** Whether the bytes start a batch record of this format (magic and record format). */
    static boolean isBatchStart(ByteBuffer b) {
        return b.getInt(0) == BATCH_MAGIC && (b.get(4) & 0xff) == FORMAT;
    }

    /** The header fields at the start of {@code b}, unchecked. */
    static BatchHeader batchHeader(ByteBuffer b) {
        return new BatchHeader(b.get(6) & 0xff, b.get(7) & 0xff, b.getInt(8), b.getInt(12), b.getInt(16), b.getInt(20));
    }

    static long recordLength(int tiles, int refs, int payloadLength) {
        return (long) BATCH_HEADER + (long) TILE_ENTRY * tiles + (long) REF_ENTRY * refs + payloadLength + 4;
    }

    /**
     * A whole batch record: header, tile entries, reference ids, the payload (zstd frame, sealed
     * when {@code sealed}) and the CRC.
     */
    static byte[] batchRecord(List<TilePack.NewTile> tiles, List<TileId> refs, int rawLength, byte[] payload, int depth, boolean sealed) {
        int len = (int) recordLength(tiles.size(), refs.size(), payload.length);
        ByteBuffer rec = ByteBuffer.allocate(len);
        rec.putInt(BATCH_MAGIC).put((byte) FORMAT).put((byte) CODEC_ZSTD_PLANAR).put((byte) depth).put((byte) (sealed ? SEALED : 0));
        rec.putInt(tiles.size()).putInt(refs.size()).putInt(rawLength).putInt(payload.length);
        for (TilePack.NewTile t : tiles) rec.putLong(t.id().hi()).putLong(t.id().lo()).putShort((short) t.w()).putShort((short) t.h());
        for (TileId r : refs) rec.putLong(r.hi()).putLong(r.lo());
        rec.put(payload);
        rec.putInt(crcOf(rec.array(), 0, len - 4));
        return rec.array();
    }

    /** Whether the last 4 bytes of the record are the CRC-32 of the bytes before them. */
    static boolean crcHolds(byte[] rec) {
        return crcOf(rec, 0, rec.length - 4) == ByteBuffer.wrap(rec).getInt(rec.length - 4);
    }

    /** CRC-32 of {@code a[off, off + len)}. */
    static int crcOf(byte[] a, int off, int len) {
        CRC32 crc = new CRC32();
        crc.update(a, off, len);
        return (int) crc.getValue();
    }

    /** The ids (hi, lo pairs) of the first {@code n} tile entries of a record. */
    static long[] tileIds(ByteBuffer rec, int n) {
        long[] ids = new long[2 * n];
        for (int i = 0; i < n; i++) {
            ids[2 * i] = rec.getLong(BATCH_HEADER + i * TILE_ENTRY);
            ids[2 * i + 1] = rec.getLong(BATCH_HEADER + i * TILE_ENTRY + 8);
        }
        return ids;
    }

    // ---------------------------------------------------------------- index entries

    /** The index entry of a batch; {@code ids} holds hi, lo of each tile. */
    static byte[] indexEntry(long off, int len, int depth, long[] ids) {
        int n = ids.length / 2;
        ByteBuffer e = ByteBuffer.allocate(INDEX_ENTRY_FIXED + 16 * n + 4);
        e.putLong(off).putInt(len).put((byte) depth).put((byte) 0).putShort((short) 0).putInt(n);
        for (long v : ids) e.putLong(v);
        e.putInt(crcOf(e.array(), 0, e.capacity() - 4));
        return e.array();
    }
}
