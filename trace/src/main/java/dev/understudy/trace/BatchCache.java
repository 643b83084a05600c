package dev.understudy.trace;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decoded tile batches of one {@link TilePack}, by batch ({@link PackFormat#batchKey}), least
 * recently used first out once their pixels pass a byte bound. Decoding a tile decodes its batch
 * and, through its reference tiles, up to {@link PackFormat#MAX_DEPTH} batches below it;
 * consecutive frames name the same batches, so keeping them decoded makes reading a session frame
 * by frame cheap.
 *
 * <p>The batch just put is never evicted, whatever its size: a frame's tiles are read one by one,
 * and a batch heavier than the bound (the first frame of a 6K or 8K monitor) must stay until the
 * next one is decoded. That, and the access pattern (readers go frame by frame, and a frame needs
 * the batches of the frames just before it), is why this is a plain LRU and not Caffeine. Measured
 * on the synthetic office session of docs/benchmarks.md (bench's SyntheticDesktop at 1280x800 and
 * 1920x1080, sessions of 160 to 210 MB of pixels), Caffeine's W-TinyLFU decoded 0.9 to 2.4 times
 * the bytes this LRU decodes when frames are read in order, and about half in a shuffled order;
 * and a 6144x3456 frame (one 64 MB batch) was not read back after a minute instead of 0.2 s:
 * Caffeine drops an entry heavier than its bound at once, so every tile decoded the batch again.
 *
 * <p>Not thread-safe: the owning pack synchronises.
 */
final class BatchCache {
    /** Default bound: 48 MiB of decoded pixels, about 4,000 tiles of 64 x 64. */
    static final long DEFAULT_MAX_BYTES = 48L << 20;

    /**
     * The bound for this process: {@value #PROPERTY} (MiB) when set, else the default. The recorder
     * keeps the small default; a bulk reader (the dataset builder) raises it, since it reads every
     * frame of every session and a frame's reference chain reaches back many frames.
     */
    static final String PROPERTY = "understudy.tiles.cacheMiB";

    static long maxBytes() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) return DEFAULT_MAX_BYTES;
        try {
            return Math.max(1, Long.parseLong(v.strip())) << 20;
        } catch (NumberFormatException e) {
            return DEFAULT_MAX_BYTES;
        }
    }

    private final long maxBytes;
    private final LinkedHashMap<Long, DecodedBatch> batches = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    BatchCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Moves on each {@link #clear}: a batch decoded from before it is not cached under its old place. */
    private long generation;

    /** The decoded batch (now the most recently used), or null when it is not cached. */
    synchronized DecodedBatch get(long key) {
        return batches.get(key);
    }

    /** The current generation (see {@link #put(long, DecodedBatch, long)}). */
    synchronized long generation() {
        return generation;
    }

    /**
     * Adds the batch unless the cache was cleared since {@code generation} was read (the batches
     * may have moved: {@code key} could name another batch now).
     */
    synchronized void put(long key, DecodedBatch batch, long generation) {
        if (generation == this.generation) put(key, batch);
    }

    /** Adds the batch, then evicts the least recently used others while the bound is passed. */
    synchronized void put(long key, DecodedBatch batch) {
        DecodedBatch old = batches.put(key, batch);
        if (old != null) bytes -= old.raw.length;
        bytes += batch.raw.length;
        for (Iterator<Map.Entry<Long, DecodedBatch>> it = batches.entrySet().iterator(); bytes > maxBytes && it.hasNext(); ) {
            Map.Entry<Long, DecodedBatch> e = it.next();
            if (e.getKey() == key) continue;
            bytes -= e.getValue().raw.length;
            it.remove();
        }
    }

    /** Forgets every batch (their locations changed, or the pack closed). */
    synchronized void clear() {
        batches.clear();
        bytes = 0;
        generation++;
    }

    /** Bytes of the batches held now. */
    synchronized long bytes() {
        return bytes;
    }
}
