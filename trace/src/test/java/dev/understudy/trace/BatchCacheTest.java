package dev.understudy.trace;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The decoded-batch cache: least recently used out past its byte bound, never the batch just put. */
@Tag("unit")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BatchCacheTest {

    private static DecodedBatch batch(int bytes) {
        return new DecodedBatch(1, new byte[bytes]);
    }

    @Test
    void returnsWhatWasPutUntilCleared() {
        BatchCache c = new BatchCache(1 << 20);
        DecodedBatch b = batch(1000);
        assertNull(c.get(7));
        c.put(7, b);
        assertSame(b, c.get(7));
        assertEquals(1000, c.bytes());
        c.clear();
        assertNull(c.get(7));
        assertEquals(0, c.bytes());
    }

    @Test
    void theLeastRecentlyUsedGoFirstAndTheBoundHoldsAfterEveryPut() {
        long bound = 4L << 20;
        BatchCache c = new BatchCache(bound);
        for (int i = 0; i < 200; i++) {
            c.put(i, batch(300_000));
            if (i >= 1) assertNotNull(c.get(0), "batch 0 is used between puts: it stays");
            assertTrue(c.bytes() <= bound, "after put " + i + ": " + c.bytes());
        }
        assertNotNull(c.get(199));
        assertNotNull(c.get(0));
        assertNull(c.get(198 - 12), "the older ones went");
        int held = 0;
        for (int i = 0; i < 200; i++) if (c.get(i) != null) held++;
        assertEquals(bound / 300_000, held);
    }

    @Test
    void aBatchHeavierThanTheBoundStaysUntilTheNextPut() {
        BatchCache c = new BatchCache(1 << 20);
        c.put(1, batch(1000));
        DecodedBatch big = batch(2 << 20);
        c.put(2, big);
        assertSame(big, c.get(2), "the tiles of a 6K monitor's first frame are read from it one by one");
        assertNull(c.get(1));
        c.put(3, batch(1000));
        assertNull(c.get(2));
        assertEquals(1000, c.bytes());
    }
}
