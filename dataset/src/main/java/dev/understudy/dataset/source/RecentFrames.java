package dev.understudy.dataset.source;

import dev.understudy.dataset.image.FrameHashes;
import dev.understudy.dataset.image.TileRowImages;
import dev.understudy.privacy.screen.RedactedFrames;
import dev.understudy.trace.FrameStore;
import dev.understudy.trace.TileFrameStore;
import dev.understudy.trace.TraceException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A session's frames as they may leave the device ({@link RedactedFrames}), read for a dataset: PNG and difference
 * hash of each frame, the last few kept (consecutive steps mostly share their screen).
 *
 * <p>A frame that leaves as stored (nothing masked on it) in a tile store is made row of tiles by row of tiles
 * ({@link TileRowImages}): rows met before in any frame are neither decoded nor compressed again. Any other frame
 * (masked by OCR boxes, not checked yet, or from a store of PNG files) is read whole through {@link RedactedFrames}
 * and encoded by ImageIO. Read-only; not thread-safe (one session is read by one thread).
 */
final class RecentFrames implements FrameStore, FrameHashes {
    static final int KEEP = 4;
    private final FrameStore stored;
    private final RedactedFrames base;
    private final TileFrameStore tiles;
    private final Map<String, BufferedImage> images = lru();
    private final Map<String, byte[]> pngs = lru();
    private final Map<String, long[]> hashes = lru();
    /** Each frame's layout (or none: read it whole), asked for by both its PNG and its hash. */
    private final Map<String, java.util.Optional<TileFrameStore.Layout>> layouts = lru();
    /** Whether the stored frames are PNG files (given as stored) rather than encoded on reading. */
    private final boolean pngFiles;

    RecentFrames(FrameStore stored, Path sessionDir) {
        this.stored = stored;
        this.base = (RedactedFrames) RedactedFrames.of(stored, sessionDir);
        this.tiles = stored instanceof TileFrameStore t ? t : null;
        boolean d;
        try {
            d = stored.getClass().getMethod("readPng", String.class).getDeclaringClass() != FrameStore.class;
        } catch (NoSuchMethodException e) {
            d = false;
        }
        this.pngFiles = d;
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

    /** The layout of a frame that may be made from rows of tiles, or null when it must be read whole. */
    private TileFrameStore.Layout rows(String id) {
        if (tiles == null) return null;
        return layouts.computeIfAbsent(id, k -> {
            if (!base.leavesAsStored(k)) return java.util.Optional.empty();
            TileFrameStore.Layout l = tiles.layout(k);
            return TileRowImages.supports(l) ? java.util.Optional.of(l) : java.util.Optional.empty();
        }).orElse(null);
    }

    /** The frame as PNG: made from rows of tiles when it can be, else encoded from the whole (redacted) image. */
    @Override
    public byte[] readPng(String id) {
        byte[] b = pngs.get(id);
        if (b != null) return b;
        TileFrameStore.Layout l = rows(id);
        if (l != null) {
            b = TileRowImages.png(tiles, l);
        } else if (pngFiles && base.leavesAsStored(id)) {
            b = stored.readPng(id);
        } else {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
                ImageIO.write(read(id), "png", out);
                b = out.toByteArray();
            } catch (IOException e) {
                throw new TraceException("cannot encode frame " + id + " as PNG: " + e.getMessage(), e);
            }
        }
        pngs.put(id, b);
        return b;
    }

    @Override
    public long[] dHash(String id) {
        long[] h = hashes.get(id);
        if (h != null) return h;
        TileFrameStore.Layout l = rows(id);
        h = l != null ? TileRowImages.dHash(tiles, l) : FrameHashes.of(read(id));
        hashes.put(id, h);
        return h;
    }

    @Override
    public long diskBytes() {
        return base.diskBytes();
    }
}
