package dev.understudy.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder's OCR worker reads stored frames back while the screen thread stores new ones: a
 * read that is decompressing tile batches must not hold the lock the writer needs (issue 15: OCR
 * no longer stalls the screen thread).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadWhileWritingTest {
    @TempDir
    Path tmp;

    @Test
    void aFrameIsStoredWhileAnotherIsBeingDecoded() throws Exception {
        TileFrameStore store = TileFrameStore.forSession(tmp, tmp.resolve("sessions/s1"), true);
        BufferedImage f = TileFrameStoreTest.desktop(640, 400, BufferedImage.TYPE_INT_RGB, 3);
        String first = store.put(f);
        for (int i = 1; i <= 5; i++) store.put(f = TileFrameStoreTest.withRect(f, 60 * i, 40, 50, 30, 0x224466 * i));
        String last = store.put(f = TileFrameStoreTest.withRect(f, 10, 300, 600, 60, 0x808000));

        CountDownLatch decoding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> reader = new AtomicReference<>();
        store.pack().decodeHook(key -> {
            if (Thread.currentThread() != reader.get()) return;
            decoding.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicReference<Object> read = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                read.set(store.read(last));
            } catch (Throwable e) {
                read.set(e);
            }
        }, "reader");
        reader.set(t);
        t.start();
        assertTrue(decoding.await(20, TimeUnit.SECONDS), "the reader reached a batch decode");

        // the reader is stopped inside a decode: the writer still stores (would hang if the lock were held)
        BufferedImage next = TileFrameStoreTest.withRect(f, 200, 200, 100, 100, 0x00ff00);
        String stored = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> store.put(next));
        assertEquals(FrameIds.of(next), stored);

        release.countDown();
        t.join(20_000);
        assertFalse(t.isAlive());
        assertInstanceOf(BufferedImage.class, read.get(), String.valueOf(read.get()));
        store.pack().decodeHook(null);
        TileFrameStoreTest.assertSamePixels(TileFrameStoreTest.desktop(640, 400, BufferedImage.TYPE_INT_RGB, 3), store.read(first));
        TileFrameStoreTest.assertSamePixels(f, (BufferedImage) read.get());
        TileFrameStoreTest.assertSamePixels(next, store.read(stored));
        store.close();
    }

    @Test
    void aBatchDecodedAcrossACacheClearIsReturnedButNotCached() {
        BatchCache cache = new BatchCache(1 << 20);
        long gen = cache.generation();
        cache.clear(); // a tile collection moved the batches meanwhile
        cache.put(7L, new DecodedBatch(0, new byte[0]), gen);
        assertNull(cache.get(7L), "a batch from the old layout is not cached under its old place");
        cache.put(7L, new DecodedBatch(0, new byte[0]), cache.generation());
        assertNotNull(cache.get(7L));
    }
}
