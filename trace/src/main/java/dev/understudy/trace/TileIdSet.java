package dev.understudy.trace;

/**
 * A growable set of tile ids (128 bits each) in two flat arrays, for the tile garbage collector's
 * live set and the tiles a session writer pins (about 32 to 64 bytes of heap per tile). Not
 * thread-safe: the owner synchronises.
 */
final class TileIdSet {
    private long[] keys = new long[2 * 64]; // hi, lo pairs
    private boolean[] used = new boolean[64];
    private int size;

    /** Adds the id; true when it was not there yet. */
    boolean add(long hi, long lo) {
        if ((size + 1) * 4L > used.length * 3L) grow();
        return insert(hi, lo);
    }

    boolean add(TileId id) {
        return add(id.hi(), id.lo());
    }

    boolean contains(long hi, long lo) {
        int mask = used.length - 1;
        for (int i = slot(hi, lo, mask); used[i]; i = (i + 1) & mask) {
            if (keys[2 * i] == hi && keys[2 * i + 1] == lo) return true;
        }
        return false;
    }

    boolean contains(TileId id) {
        return contains(id.hi(), id.lo());
    }

    int size() {
        return size;
    }

    void addAll(TileIdSet other) {
        other.forEach(this::add);
    }

    /** Receives the ids of a set. */
    interface Visitor {
        void tile(long hi, long lo);
    }

    void forEach(Visitor v) {
        for (int i = 0; i < used.length; i++) if (used[i]) v.tile(keys[2 * i], keys[2 * i + 1]);
    }

    private boolean insert(long hi, long lo) {
        int mask = used.length - 1;
        int i = slot(hi, lo, mask);
        while (used[i]) {
            if (keys[2 * i] == hi && keys[2 * i + 1] == lo) return false;
            i = (i + 1) & mask;
        }
        used[i] = true;
        keys[2 * i] = hi;
        keys[2 * i + 1] = lo;
        size++;
        return true;
    }

    private static int slot(long hi, long lo, int mask) {
        long h = hi ^ (lo * 0x9E3779B97F4A7C15L);
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        used = new boolean[oldUsed.length * 2];
        size = 0;
        for (int i = 0; i < oldUsed.length; i++) if (oldUsed[i]) insert(oldKeys[2 * i], oldKeys[2 * i + 1]);
    }
}
