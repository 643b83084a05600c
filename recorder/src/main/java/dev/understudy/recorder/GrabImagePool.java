package dev.understudy.recorder;

import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Grab images the screen thread is done with, by size, for the next grab to overwrite: a grab
 * then allocates nothing. The screen thread hands an image back only once nothing holds it any
 * more (not in the ring, not the latest grab of its monitor, not the last stored frame:
 * {@link FrameCapture}); the frame store copies what it keeps in {@code put}. At most
 * {@code perSize} free images of each size are kept; the rest are left to the collector.
 *
 * <p>Screen thread only: not thread-safe.
 */
final class GrabImagePool {
    private final int perSize;
    private final Map<Long, ArrayDeque<BufferedImage>> free = new HashMap<>();
    private long reused;
    private long allocated;

    GrabImagePool(int perSize) {
        this.perSize = perSize;
    }

    /** A free image of this size, or null (the grabber then makes one). */
    BufferedImage take(int width, int height) {
        ArrayDeque<BufferedImage> q = free.get(key(width, height));
        BufferedImage img = q == null ? null : q.pollLast();
        if (img != null) reused++;
        else allocated++;
        return img;
    }

    /** Hands back an image nothing holds any more. */
    void give(BufferedImage img) {
        if (img == null || img.getType() != BufferedImage.TYPE_INT_RGB) return;
        ArrayDeque<BufferedImage> q = free.computeIfAbsent(key(img.getWidth(), img.getHeight()), k -> new ArrayDeque<>(perSize));
        for (BufferedImage b : q) if (b == img) return; // never twice: it would be handed out twice
        if (q.size() < perSize) q.addLast(img);
    }

    /** Forgets every free image (out of memory, the monitors changed). */
    void clear() {
        free.clear();
    }

    int freeCount() {
        int n = 0;
        for (ArrayDeque<BufferedImage> q : free.values()) n += q.size();
        return n;
    }

    /** Grabs that got a pooled image, and grabs that did not (the grabber made a new one). */
    long reused() {
        return reused;
    }

    long allocated() {
        return allocated;
    }

    private static long key(int width, int height) {
        return ((long) width << 32) | (height & 0xffffffffL);
    }
}
