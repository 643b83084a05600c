package dev.understudy.trace;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.nio.file.Path;

/**
 * The payload of a tile batch: the tiles' planar bytes compressed as one zstd frame (at the small
 * or the large batch level), against a raw-content dictionary of the reference tiles' bytes when
 * the batch names reference tiles, and sealed by {@link SpoolCipher} when the data directory's
 * spool is encrypted; and the way back. Keeps its zstd contexts between batches, so it is not
 * thread-safe: the owning {@link TilePack} synchronises.
 */
final class BatchCodec implements AutoCloseable {
    /** A compressed (and perhaps sealed) payload. */
    record Payload(byte[] bytes, boolean sealed) {}

    private final Path dataRoot;
    private int level = TilePack.DEFAULT_LEVEL;
    private int largeLevel = TilePack.DEFAULT_LARGE_LEVEL;
    /** Seals new batches when the data directory's spool is encrypted; resolved at the first encode. */
    private SpoolCipher cipher;
    private boolean cipherResolved;
    private ZstdCompressCtx plain;
    private ZstdCompressCtx withDict;

    /** @param dataRoot the data directory whose spool key seals and opens payloads (the tiles directory's parent) */
    BatchCodec(Path dataRoot) {
        this.dataRoot = dataRoot;
    }

    /** Sets the zstd levels of the small and the large batches encoded from now on. */
    void levels(int level, int largeLevel) {
        this.level = level;
        this.largeLevel = largeLevel;
    }

    /**
     * Compresses the batch's raw bytes, against {@code dict} ({@link PackFormat#DICT_PREFIX} and
     * the reference tiles' bytes) unless it is null, and seals the result when the spool is
     * encrypted. {@code tiles} is the batch's tile count, which the seal authenticates.
     */
    Payload encode(byte[] raw, byte[] dict, int tiles) {
        byte[] comp;
        int lv = raw.length >= TilePack.LARGE_BATCH_BYTES ? largeLevel : level;
        if (dict == null) {
            if (plain == null) plain = new ZstdCompressCtx();
            plain.setLevel(lv);
            comp = plain.compress(raw);
        } else {
            if (withDict == null) withDict = new ZstdCompressCtx();
            withDict.setLevel(lv);
            withDict.loadDict(dict);
            comp = withDict.compress(raw);
            withDict.loadDict(new byte[0]); // do not keep megabytes of dictionary between frames
        }
        if (!cipherResolved) {
            cipher = SpoolCipher.forWriting(dataRoot);
            cipherResolved = true;
        }
        if (cipher == null) return new Payload(comp, false);
        return new Payload(cipher.seal(comp, SpoolCipher.aad("TILE", tiles, raw.length)), true);
    }

    /** The zstd frame inside a sealed payload ({@code rec[off, off + len)}), opened with the device key. */
    byte[] open(byte[] rec, int off, int len, int tiles, int rawLength) {
        SpoolCipher sc = SpoolCipher.forReading(dataRoot);
        if (sc == null) throw new TraceException("tile batch is encrypted and this device has no key (" + SpoolCipher.defaultKeyFile() + ")");
        return sc.open(rec, off, len, SpoolCipher.aad("TILE", tiles, rawLength));
    }

    /**
     * Decompresses the zstd frame {@code src[off, off + len)} into {@code raw}, with the reference
     * dictionary {@code dict} unless it is null. Returns the bytes written.
     */
    int decompress(byte[] src, int off, int len, byte[] raw, byte[] dict) {
        // a context per call: readers decode on their own threads, outside the pack's lock
        ZstdDecompressCtx d = new ZstdDecompressCtx();
        try {
            if (dict != null) d.loadDict(dict);
            return d.decompressByteArray(raw, 0, raw.length, src, off, len);
        } finally {
            d.close();
        }
    }

    @Override
    public void close() {
        if (plain != null) plain.close();
        if (withDict != null) withDict.close();
    }
}
