package dev.understudy.dataset.image;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.understudy.trace.TileFrameStore;
import dev.understudy.trace.TileFrameStore.Layout;
import dev.understudy.trace.TileId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A stored frame's PNG and dHash made row of tiles by row of tiles, each row's compressed PNG band and block sums
 * kept in a cache shared by the whole process (every session, every Spark task in it) and keyed by the row's tile ids.
 * Tile ids are content addresses, so a row met in any earlier frame, of any session, is neither decoded nor compressed
 * again: a frame that changed in one place costs that place's rows.
 *
 * <p>The cache holds at most {@code -Dunderstudy.png.cacheMiB} (default: an eighth of the heap, at most 512 MiB).
 */
public final class TileRowImages {
    private static final Cache<RowKey, Row> ROWS = Caffeine.newBuilder()
            .maximumWeight(cacheBytes())
            .weigher((RowKey k, Row r) -> (int) Math.min(Integer.MAX_VALUE, r.weight()))
            .build();

    private TileRowImages() {}

    /** Whether frames of this layout can be made from rows (tile rows whole blocks of the thumbnail). */
    public static boolean supports(Layout l) {
        return l.tileSize() % Thumbnail.BLOCK == 0 && l.width() > 0 && l.height() > 0;
    }

    /** The frame as PNG (8-bit RGB), the same pixels {@link TileFrameStore#read} gives. */
    public static byte[] png(TileFrameStore store, Layout l) {
        List<PngBands.Band> bands = new ArrayList<>(l.rows());
        for (int r = 0; r < l.rows(); r++) bands.add(row(store, l, r).band());
        return PngBands.png(l.width(), l.height(), bands);
    }

    /** The frame's difference hash ({@link Thumbnail#dHash}). */
    public static long[] dHash(TileFrameStore store, Layout l) {
        int bw = (l.width() + Thumbnail.BLOCK - 1) / Thumbnail.BLOCK;
        int bh = (l.height() + Thumbnail.BLOCK - 1) / Thumbnail.BLOCK;
        int[] sums = new int[bw * bh];
        int at = 0;
        for (int r = 0; r < l.rows(); r++) {
            int[] s = row(store, l, r).blockSums();
            System.arraycopy(s, 0, sums, at, s.length);
            at += s.length;
        }
        return Thumbnail.dHash(sums, l.width(), l.height());
    }

    private static Row row(TileFrameStore store, Layout l, int r) {
        int cols = l.columns();
        TileId[] ids = Arrays.copyOfRange(l.tiles(), r * cols, (r + 1) * cols);
        RowKey key = new RowKey(l.width(), l.rowHeight(r), l.tileSize(), ids);
        return ROWS.get(key, k -> {
            int[] px = new int[k.width() * k.lines()];
            store.readTileRow(l, r, px);
            return new Row(PngBands.band(px, k.width(), k.lines()), Thumbnail.blockSums(px, k.width(), k.lines()));
        });
    }

    /** Drops every cached row (benchmarks measure a cold start with it). */
    public static void clear() {
        ROWS.invalidateAll();
    }

    private static long cacheBytes() {
        Long mib = Long.getLong("understudy.png.cacheMiB");
        if (mib != null) return Math.max(1, mib) << 20;
        return Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 8);
    }

    private record Row(PngBands.Band band, int[] blockSums) {
        long weight() {
            return band.weight() + 4L * blockSums.length + 64;
        }
    }

    private record RowKey(int width, int lines, int tileSize, TileId[] tiles) {
        @Override
        public boolean equals(Object o) {
            return o instanceof RowKey k && k.width == width && k.lines == lines && k.tileSize == tileSize && Arrays.equals(k.tiles, tiles);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * width + lines) + Arrays.hashCode(tiles);
        }
    }
}
