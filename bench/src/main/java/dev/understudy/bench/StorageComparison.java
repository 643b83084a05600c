package dev.understudy.bench;

import dev.understudy.trace.DataDir;
import dev.understudy.trace.TileFrameStore;
import dev.understudy.trace.TilePack;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Stores the very same frames the usual ways and reports the bytes: PNG per frame (what OpenAdapt
 * stores), JPEG q80 per frame (screenpipe), H.264 through ffmpeg (AgentNet, DuckTrack), and
 * Understudy's tile store, whose round trip it checks pixel for pixel.
 *
 * <pre>
 *   java -cp ... dev.understudy.bench.StorageComparison --synthetic 200
 *   java -cp ... dev.understudy.bench.StorageComparison --frames DIR_OF_PNGS
 *   java -cp ... dev.understudy.bench.StorageComparison --data ~/.understudy --session 20261122-193600-1a2b
 *   (or: mvn -q -pl bench exec:java -Dexec.args="--synthetic 200")
 * </pre>
 *
 * From code: {@link #compare(FrameSource, Options)} returns a {@link Result}; {@link Result#markdown()}
 * is the table. Frames are streamed (a long session is not held in memory) and read twice: once
 * to store them, once to check the tile store's round trip.
 *
 * <p>This class runs the comparison and takes the measurements; each format has its encoder
 * ({@link PngEncoding}, {@link JpegEncoding}, {@link H264Encoding}, {@link TileStoreEncoding}),
 * {@link FrameSources} reads the frames and {@link StorageReport} writes the table.
 */
public final class StorageComparison {
    private StorageComparison() {}

    /** Frames that can be read more than once, in order. */
    public interface FrameSource {
        String describe();

        Iterator<BufferedImage> open();
    }

    /**
     * @param tileSize tile edge of the tile store
     * @param zstdLevel zstd level of small tile batches
     * @param zstdLargeLevel zstd level of large tile batches ({@link TilePack#LARGE_BATCH_BYTES})
     * @param h264 whether to encode H.264 (needs ffmpeg with libx264)
     * @param ffmpeg the ffmpeg binary
     * @param jpegQuality JPEG quality 0..1 (screenpipe: 0.8)
     * @param verify whether to read every stored frame back and compare pixels
     */
    public record Options(int tileSize, int zstdLevel, int zstdLargeLevel, boolean h264, String ffmpeg, float jpegQuality, boolean verify) {
        public static final Options DEFAULT = new Options(TileFrameStore.DEFAULT_TILE_SIZE, TilePack.DEFAULT_LEVEL,
                TilePack.DEFAULT_LARGE_LEVEL, true, "ffmpeg", 0.8f, true);

        public Options withTileSize(int t) {
            return new Options(t, zstdLevel, zstdLargeLevel, h264, ffmpeg, jpegQuality, verify);
        }

        public Options withLevels(int small, int large) {
            return new Options(tileSize, small, large, h264, ffmpeg, jpegQuality, verify);
        }

        public Options withoutH264() {
            return new Options(tileSize, zstdLevel, zstdLargeLevel, false, ffmpeg, jpegQuality, verify);
        }

        public Options withFfmpeg(String path) {
            return new Options(tileSize, zstdLevel, zstdLargeLevel, true, path, jpegQuality, verify);
        }
    }

    /**
     * Bytes of each way of storing the same frames.
     *
     * @param h264Bytes -1 when H.264 was not measured ({@link #h264Note} says why)
     * @param tileBytes the whole tile store: packs, their indexes and the frame log
     * @param roundTripExact every frame read back from the tile store has the pixels that were stored
     */
    public record Result(String source, int frames, int distinctFrames, String size, long rawBytes,
                         long pngBytes, long jpegBytes, long h264Bytes, String h264Note,
                         long tileBytes, long tilePackBytes, long tileIndexBytes, long frameLogBytes,
                         int tileSize, String zstdLevels, boolean roundTripExact, int framesVerified,
                         double putMsMean, double putMsP50, double putMsP90, double putMsMax,
                         double pngMsMean, double jpegMsMean) {

        public double pngOverTiles() {
            return (double) pngBytes / tileBytes;
        }

        public double jpegOverTiles() {
            return (double) jpegBytes / tileBytes;
        }

        public double h264OverTiles() {
            return h264Bytes < 0 ? Double.NaN : (double) h264Bytes / tileBytes;
        }

        /** The comparison as a markdown table, with the facts under it ({@link StorageReport}). */
        public String markdown() {
            return StorageReport.markdown(this);
        }
    }

    // ------------------------------------------------------------------ sources

    /** {@code n} frames of {@link SyntheticDesktop#officeSession}, regenerated on each read. */
    public static FrameSource synthetic(int n, int width, int height, long seed) {
        return FrameSources.synthetic(n, width, height, seed);
    }

    /** The PNG files of a directory, by name. */
    public static FrameSource directory(Path dir) {
        return FrameSources.directory(dir);
    }

    /** Every frame event of a recorded session, in order (a screen stored twice counts twice, as a per-event store keeps it). */
    public static FrameSource session(Path dataRoot, String sessionId) {
        return FrameSources.session(dataRoot, sessionId);
    }

    // ------------------------------------------------------------------ the comparison

    public static Result compare(FrameSource source, Options o) throws IOException {
        Path work = Files.createTempDirectory("understudy-storage-");
        try {
            return compare(source, o, work);
        } finally {
            deleteTree(work);
        }
    }

    /** Runs the comparison with its tile store in {@code work} (kept, e.g. to inspect the packs). */
    public static Result compare(FrameSource source, Options o, Path work) throws IOException {
        int frames = 0;
        long raw = 0;
        String size = null;
        PngEncoding png = new PngEncoding();
        JpegEncoding jpeg = new JpegEncoding(o.jpegQuality());
        H264Encoding h264 = new H264Encoding(o.h264(), o.ffmpeg(), work);
        TileStoreEncoding tiles = new TileStoreEncoding(work, o.tileSize(), o.zstdLevel(), o.zstdLargeLevel());
        try (jpeg; tiles) {
            for (Iterator<BufferedImage> it = source.open(); it.hasNext(); ) {
                BufferedImage img = it.next();
                frames++;
                int w = img.getWidth();
                int h = img.getHeight();
                if (size == null) size = w + "x" + h;
                else if (!size.equals(w + "x" + h)) size = "mixed sizes";
                raw += 3L * w * h;
                png.add(img);
                jpeg.add(img);
                h264.add(img);
                tiles.put(img);
            }
            tiles.finish();
        }
        long h264Bytes = h264.finish();
        TileStoreEncoding.Sizes bytes = tiles.sizes();
        // Round trip: every frame read back from a fresh reader must have the pixels that were put.
        TileStoreEncoding.RoundTrip rt = o.verify() ? tiles.verify(source) : new TileStoreEncoding.RoundTrip(true, 0);

        long[] p = tiles.sortedPutNanos();
        double mean = Arrays.stream(p).average().orElse(0) / 1e6;
        return new Result(source.describe(), frames, tiles.distinctFrames(), size, raw, png.bytes(), jpeg.bytes(), h264Bytes, h264.note(),
                bytes.total(), bytes.packs(), bytes.indexes(), bytes.frameLog(), o.tileSize(), o.zstdLevel() + "/" + o.zstdLargeLevel(),
                rt.exact() && (rt.verified() > 0 || !o.verify()), rt.verified(), mean, pct(p, 0.5), pct(p, 0.9), p.length == 0 ? 0 : p[p.length - 1] / 1e6,
                png.msPerFrame(), jpeg.msPerFrame());
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    // ------------------------------------------------------------------ command line

    public static void main(String[] args) throws Exception {
        FrameSource src = null;
        Options o = Options.DEFAULT;
        int w = 1280;
        int h = 800;
        long seed = 42;
        int synthetic = -1;
        Path data = null;
        String session = null;
        Path outFile = null;
        Path keep = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--frames" -> src = directory(Path.of(args[++i]));
                case "--data" -> data = Path.of(args[++i]);
                case "--session" -> session = args[++i];
                case "--synthetic" -> synthetic = Integer.parseInt(args[++i]);
                case "--size" -> {
                    String[] s = args[++i].split("x");
                    w = Integer.parseInt(s[0]);
                    h = Integer.parseInt(s[1]);
                }
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--tile" -> o = o.withTileSize(Integer.parseInt(args[++i]));
                case "--level" -> {
                    String[] l = args[++i].split("[,/]");
                    o = o.withLevels(Integer.parseInt(l[0]), Integer.parseInt(l[l.length - 1]));
                }
                case "--no-h264" -> o = o.withoutH264();
                case "--ffmpeg" -> o = o.withFfmpeg(args[++i]);
                case "--out" -> outFile = Path.of(args[++i]);
                case "--keep" -> keep = Path.of(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: StorageComparison (--synthetic N [--size WxH] [--seed S] | --frames DIR | --data DIR --session ID)\n"
                            + "                         [--tile PX] [--level SMALL,LARGE] [--no-h264] [--ffmpeg PATH] [--out FILE.md] [--keep DIR]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--help)");
            }
        }
        if (synthetic > 0) src = synthetic(synthetic, w, h, seed);
        if (data != null) {
            if (session == null) session = DataDir.at(data).latestSessionId();
            if (session == null) throw new IllegalArgumentException("no session in " + data);
            src = session(data, session);
        }
        if (src == null) src = synthetic(200, w, h, seed);
        Result r;
        if (keep != null) {
            Files.createDirectories(keep);
            r = compare(src, o, keep);
        } else {
            r = compare(src, o);
        }
        String md = r.markdown();
        System.out.print(md);
        if (outFile != null) Files.writeString(outFile, md, StandardCharsets.UTF_8);
        if (!r.roundTripExact()) System.exit(2);
    }
}
