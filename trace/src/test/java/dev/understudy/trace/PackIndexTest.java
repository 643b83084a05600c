package dev.understudy.trace;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-memory tile index: lookups, collisions, growth, duplicates and dropping rewritten packs. */
@Tag("unit")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PackIndexTest {

    @Test
    void findsWhatWasPutAndNothingElse() {
        PackIndex ix = new PackIndex();
        long loc = PackFormat.loc(3, 1234, 5);
        ix.put(10, 20, loc, 999);
        int s = ix.find(10, 20);
        assertTrue(s >= 0);
        assertEquals(loc, ix.loc(s));
        assertEquals(999, ix.length(s));
        assertEquals(s, ix.find(new TileId(10, 20)));
        assertEquals(-1, ix.find(10, 21), "same hi, other lo");
        assertEquals(-1, ix.find(11, 20));
        assertEquals(1, ix.size());
    }

    @Test
    void idsThatCollideOnTheirSlotAreAllFound() {
        PackIndex ix = new PackIndex();
        // the slot is taken from the low bits of hi: these all start at the same slot
        for (int i = 0; i < 50; i++) ix.put(7 + ((long) i << 32), i, PackFormat.loc(1, 16 + i, 0), 100 + i);
        for (int i = 0; i < 50; i++) {
            int s = ix.find(7 + ((long) i << 32), i);
            assertTrue(s >= 0, "id " + i);
            assertEquals(16 + i, PackFormat.offsetOf(ix.loc(s)));
            assertEquals(100 + i, ix.length(s));
        }
        assertEquals(50, ix.size());
    }

    @Test
    void growsFarBeyondItsFirstTableAndKeepsEveryEntry() {
        PackIndex ix = new PackIndex();
        Random r = new Random(1);
        int n = 100_000;
        long[] hi = new long[n];
        long[] lo = new long[n];
        for (int i = 0; i < n; i++) {
            hi[i] = r.nextLong();
            lo[i] = r.nextLong();
            ix.put(hi[i], lo[i], PackFormat.loc(1 + i % 7, 16 + i, i % 33), 40 + i);
        }
        assertEquals(n, ix.size());
        for (int i = 0; i < n; i++) {
            int s = ix.find(hi[i], lo[i]);
            assertTrue(s >= 0);
            assertEquals(PackFormat.loc(1 + i % 7, 16 + i, i % 33), ix.loc(s));
            assertEquals(40 + i, ix.length(s));
        }
        assertEquals(-1, ix.find(r.nextLong(), r.nextLong()));
    }

    @Test
    void theFirstLocationOfATileStoredTwiceWins() {
        PackIndex ix = new PackIndex();
        long first = PackFormat.loc(1, 16, 0);
        ix.put(1, 2, first, 50);
        ix.put(1, 2, PackFormat.loc(2, 16, 0), 60);
        assertEquals(1, ix.size());
        assertEquals(first, ix.loc(ix.find(1, 2)));
        assertEquals(50, ix.length(ix.find(1, 2)));
    }

    @Test
    void withoutDropsTheTilesOfTheRemovedPacksOnly() {
        PackIndex ix = new PackIndex();
        for (int i = 0; i < 3000; i++) ix.put(i, -i, PackFormat.loc(1 + i % 3, 16 + i, 1), 70);
        PackIndex kept = ix.without(Set.of(2));
        assertEquals(2000, kept.size());
        for (int i = 0; i < 3000; i++) {
            int s = kept.find(i, -i);
            if (1 + i % 3 == 2) {
                assertEquals(-1, s, "tile " + i + " was in pack 2");
            } else {
                assertEquals(PackFormat.loc(1 + i % 3, 16 + i, 1), kept.loc(s));
            }
        }
        assertEquals(3000, ix.size(), "the original is unchanged");
    }
}
