package dev.understudy.trace;

import java.util.Set;

/**
 * The in-memory index of a tiles directory: 128-bit tile id to the batch that holds it, as a
 * {@link PackFormat#loc} (depth, pack, offset) and the record's length. An open-addressing table
 * in flat arrays, about 37 bytes of heap per tile (docs/trace-format.md, "Pack index"). A tile
 * stored twice (two writers, or a collection interrupted between copying and deleting) keeps the
 * first location put. Not thread-safe: the owning {@link TilePack} synchronises.
 */
final class PackIndex {
    private long[] hi = new long[1024];
    private long[] lo = new long[1024];
    private long[] loc = new long[1024]; // 0 = empty (records never start at offset 0)
    private int[] len = new int[1024];
    private int size;

    /** The slot of the tile, or -1 when it is not indexed. */
    int find(long h, long l) {
        int mask = loc.length - 1;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            if (loc[i] == 0) return -1;
            if (hi[i] == h && lo[i] == l) return i;
        }
    }

    int find(TileId id) {
        return find(id.hi(), id.lo());
    }

    /** Where the batch of the tile in {@code slot} is ({@link PackFormat#loc}). */
    long loc(int slot) {
        return loc[slot];
    }

    /** Length of the record of the batch of the tile in {@code slot}. */
    int length(int slot) {
        return len[slot];
    }

    /** Distinct tiles indexed. */
    int size() {
        return size;
    }

    /** Indexes the tile unless it is indexed already. {@code where} must not be 0. */
    void put(long h, long l, long where, int length) {
        if (find(h, l) >= 0) return;
        if ((size + 1) * 4L > loc.length * 3L) grow();
        insert(h, l, where, length);
        size++;
    }

    /** A copy without the tiles whose batch is in one of {@code packs}. */
    PackIndex without(Set<Integer> packs) {
        PackIndex fresh = new PackIndex();
        for (int i = 0; i < loc.length; i++) {
            long l = loc[i];
            if (l == 0 || packs.contains(PackFormat.packOf(l))) continue;
            fresh.put(hi[i], lo[i], l, len[i]);
        }
        return fresh;
    }

    private void insert(long h, long l, long where, int length) {
        int mask = loc.length - 1;
        int i = (int) h & mask;
        while (loc[i] != 0) i = (i + 1) & mask;
        hi[i] = h;
        lo[i] = l;
        loc[i] = where;
        len[i] = length;
    }

    private void grow() {
        long[] oh = hi, ol = lo, oloc = loc;
        int[] olen = len;
        int cap = loc.length * 2;
        hi = new long[cap];
        lo = new long[cap];
        loc = new long[cap];
        len = new int[cap];
        for (int i = 0; i < oloc.length; i++) {
            if (oloc[i] != 0) insert(oh[i], ol[i], oloc[i], olen[i]);
        }
    }
}
