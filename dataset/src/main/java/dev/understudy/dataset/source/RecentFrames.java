package dev.understudy.dataset.source;

import dev.understudy.trace.FrameStore;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A session's frames with the last few decoded and encoded ones kept: consecutive steps mostly
 * share their screen (a burst of typing is one frame), and the rows ask for its PNG and the
 * near-duplicate signature for its pixels, so each frame is decoded from its tiles and encoded as
 * PNG once instead of once per step. Read-only; not thread-safe (one session is read by one thread).
 */
final class RecentFrames implements FrameStore {
    static final int KEEP = 4;
    private final FrameStore base;
    private final Map<String, BufferedImage> images = lru();
    private final Map<String, byte[]> pngs = lru();

    /** Whether the base encodes PNG from {@code read} (FrameStore's default) rather than keeping PNG files. */
    private final boolean encodes;

    RecentFrames(FrameStore base) {
        this.base = base;
        boolean d;
        try {
            d = base.getClass().getMethod("readPng", String.class).getDeclaringClass() == FrameStore.class;
        } catch (NoSuchMethodException e) {
            d = false;
        }
        this.encodes = d;
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> e) {
                return size() > KEEP;
            }
        };
    }

    @Override
    public String put(BufferedImage image) {
        throw new UnsupportedOperationException("the dataset builder reads frames only");
    }

    @Override
    public boolean contains(String id) {
        return base.contains(id);
    }

    @Override
    public BufferedImage read(String id) {
        BufferedImage i = images.get(id);
        if (i == null) {
            i = base.read(id);
            images.put(id, i);
        }
        return i;
    }

    /**
     * The frame as PNG, encoded from the image {@link #read} keeps (the base store's default {@code readPng} would read
     * the frame from its tiles a second time); the same encoder as {@link FrameStore#readPng}'s default, so the same
     * bytes. A store that keeps PNG files gives them as stored.
     */
    @Override
    public byte[] readPng(String id) {
        byte[] b = pngs.get(id);
        if (b == null && !encodes) {
            b = base.readPng(id);
            pngs.put(id, b);
        }
        if (b == null) {
            BufferedImage img = read(id);
            try {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256 * 1024);
                javax.imageio.ImageIO.write(img, "png", out);
                b = out.toByteArray();
            } catch (java.io.IOException e) {
                throw new dev.understudy.trace.TraceException("cannot encode frame " + id + " as PNG: " + e.getMessage(), e);
            }
            pngs.put(id, b);
        }
        return b;
    }

    @Override
    public long diskBytes() {
        return base.diskBytes();
    }
}
