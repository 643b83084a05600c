package dev.understudy.bench;

import dev.understudy.bench.StorageComparison.FrameSource;
import dev.understudy.trace.FrameIds;
import dev.understudy.trace.RgbPixels;
import dev.understudy.trace.TileFrameStore;
import dev.understudy.trace.TilePack;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Understudy's tile store in a work directory ({@code tiles/} and a session's
 * {@code frames/frames.ufl}): puts every frame and times each put in CPU of the calling thread,
 * then tells the bytes on disk and checks the round trip from a fresh reader. Not thread-safe.
 *
 * <p>Use: {@link #put} each frame, {@link #finish}, {@link #close}, then {@link #sizes} and
 * {@link #verify}.
 */
final class TileStoreEncoding implements AutoCloseable {
    /** Bytes of the store's files: packs, pack indexes and the frame log. */
    record Sizes(long packs, long indexes, long frameLog) {
        long total() {
            return packs + indexes + frameLog;
        }
    }

    /** Whether every distinct frame read back had its pixels (and id), and how many were read. */
    record RoundTrip(boolean exact, int verified) {}

    private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    private final Path tiles;
    private final Path log;
    private final int tileSize;
    private final TilePack pack;
    private final TileFrameStore store;
    private final List<Long> puts = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final Set<String> distinct = new HashSet<>();

    /**
     * @param tileSize tile edge
     * @param zstdLevel zstd level of small tile batches
     * @param zstdLargeLevel zstd level of large tile batches
     */
    TileStoreEncoding(Path work, int tileSize, int zstdLevel, int zstdLargeLevel) {
        this.tiles = work.resolve("tiles");
        this.log = work.resolve("session/frames/frames.ufl");
        this.tileSize = tileSize;
        this.pack = TilePack.open(tiles);
        try {
            pack.compressionLevel(zstdLevel, zstdLargeLevel);
            this.store = new TileFrameStore(pack, log, true, tileSize);
        } catch (RuntimeException e) {
            pack.close();
            throw e;
        }
    }

    /** Stores a frame; returns its id. */
    String put(BufferedImage img) {
        long t = cpu.getCurrentThreadCpuTime();
        String id = store.put(img);
        puts.add(cpu.getCurrentThreadCpuTime() - t);
        ids.add(id);
        distinct.add(id);
        return id;
    }

    /** Syncs and closes the frame store (the pack stays open until {@link #close}). */
    void finish() {
        store.sync();
        store.close();
    }

    @Override
    public void close() {
        pack.close();
    }

    int distinctFrames() {
        return distinct.size();
    }

    /** CPU nanoseconds of each put, ascending. */
    long[] sortedPutNanos() {
        return puts.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    Sizes sizes() throws IOException {
        return new Sizes(sizeOf(tiles, ".utp"), sizeOf(tiles, ".uti"), Files.size(log));
    }

    /**
     * Round trip: reads every distinct frame back from a fresh reader and compares it with the
     * frame of {@code source} that was put (pixels and id). Call after {@link #close}; the source
     * must give the frames that were put, in order.
     */
    RoundTrip verify(FrameSource source) {
        boolean exact = true;
        int verified = 0;
        try (TilePack p = TilePack.open(tiles)) {
            TileFrameStore reader = new TileFrameStore(p, log, false, tileSize);
            reader.verifyReads(false); // compare pixels directly below
            Iterator<String> idIt = ids.iterator();
            Set<String> checked = new HashSet<>();
            for (Iterator<BufferedImage> it = source.open(); it.hasNext(); ) {
                BufferedImage original = it.next();
                String id = idIt.next();
                if (!checked.add(id)) continue;
                BufferedImage back = reader.read(id);
                if (!samePixels(original, back) || !FrameIds.of(back).equals(id)) {
                    exact = false;
                    System.err.println("round trip differs for frame " + id);
                }
                verified++;
            }
        }
        return new RoundTrip(exact, verified);
    }

    static boolean samePixels(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) return false;
        RgbPixels pa = RgbPixels.of(a);
        RgbPixels pb = RgbPixels.of(b);
        for (int y = 0; y < pa.height(); y++) {
            for (int x = 0; x < pa.width(); x++) {
                if (pa.rgb(x, y) != pb.rgb(x, y)) return false;
            }
        }
        return true;
    }

    private static long sizeOf(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            long sum = 0;
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) sum += Files.size(p);
            return sum;
        }
    }
}
