package dev.understudy.bench;

import dev.understudy.trace.FrameIds;
import dev.understudy.trace.RgbPixels;
import dev.understudy.trace.TileCodec;
import dev.understudy.trace.TileId;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The whole-frame kernels on a realistic 1280x800 desktop frame ({@link SyntheticDesktop}): frame
 * id, tile splitting and hashing (SHA-256/128 against a fast non-cryptographic 128-bit hash), the
 * compare-with-previous-frame shortcut, and the PNG and JPEG encodings the tile store replaces.
 * {@link TileCompression} has the zstd kernels.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FrameKernels {
    @Param({"64"})
    public int tileSize;

    BufferedImage frame;
    BufferedImage next;
    TileId[] tileIds;
    RgbPixels px;
    RgbPixels prevPx;
    byte[] buf;
    MessageDigest sha;
    ImageWriter jpeg;
    ImageWriteParam jpegParam;

    @Setup(Level.Trial)
    public void setup() {
        List<BufferedImage> s = SyntheticDesktop.officeSession(12, 1280, 800, 42);
        frame = s.get(10);
        next = s.get(11);
        px = RgbPixels.of(next);
        prevPx = RgbPixels.of(frame);
        buf = new byte[TileCodec.bytes(tileSize, tileSize)];
        sha = sha256();
        tileIds = FrameIds.tileIds(px, tileSize);
        jpeg = ImageIO.getImageWritersByFormatName("jpeg").next();
        jpegParam = jpeg.getDefaultWriteParam();
        jpegParam.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        jpegParam.setCompressionQuality(0.8f);
    }

    interface TileVisitor {
        void visit(int x, int y, int w, int h);
    }

    void forEachTile(TileVisitor v) {
        int ts = tileSize;
        for (int y = 0; y < px.height(); y += ts) {
            for (int x = 0; x < px.width(); x += ts) v.visit(x, y, Math.min(ts, px.width() - x), Math.min(ts, px.height() - y));
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The frame's content address in trace formats 1 to 3 (SHA-256 over every RGB byte): what format 4 no longer computes. */
    @Benchmark
    public String frameIdFormat3() {
        return FrameIds.ofPixelBytes(next);
    }

    /** The frame's content address in trace format 4, from tile ids the put has already computed (SHA-256 over 260 x 16 bytes). */
    @Benchmark
    public String frameIdFromTileIds() {
        return FrameIds.fromTiles(next.getWidth(), next.getHeight(), tileSize, tileIds);
    }

    /** Splitting every tile into planar bytes and hashing it with SHA-256/128 (what a screen with no previous frame costs). */
    @Benchmark
    public long tileSplitAndSha256AllTiles() {
        long[] acc = {0};
        forEachTile((x, y, w, h) -> {
            int n = TileCodec.planar(px, x, y, w, h, buf, 0);
            acc[0] ^= TileId.of(sha, w, h, buf, n).hi();
        });
        return acc[0];
    }

    /** The same split with a fast 128-bit multiply-mix hash over the ints instead (the alternative weighed). */
    @Benchmark
    public long tileSplitAndFastHashAllTiles() {
        long[] acc = {0};
        int[] d = px.data();
        forEachTile((x, y, w, h) -> {
            long h1 = 0x9E3779B97F4A7C15L ^ w;
            long h2 = 0xC2B2AE3D27D4EB4FL ^ h;
            for (int yy = y; yy < y + h; yy++) {
                int s = px.index(x, yy);
                for (int i = s; i < s + w; i++) {
                    long v = d[i] & 0xffffffL;
                    h1 = Long.rotateLeft(h1 ^ v * 0x9E3779B97F4A7C15L, 27) * 0xBF58476D1CE4E5B9L;
                    h2 = (h2 + v) * 0x94D049BB133111EBL ^ (h2 >>> 29);
                }
            }
            acc[0] ^= h1 ^ h2;
        });
        return acc[0];
    }

    /** Comparing every tile with the previous frame's ints: how unchanged tiles are recognised without hashing. */
    @Benchmark
    public int tileCompareWithPrevious() {
        int[] same = {0};
        forEachTile((x, y, w, h) -> {
            if (prevPx.sameRect(px, x, y, w, h)) same[0]++;
        });
        return same[0];
    }

    /** PNG of the whole frame (ImageIO): the per-frame baseline. */
    @Benchmark
    public int pngEncodeFrame() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        ImageIO.write(next, "png", out);
        return out.size();
    }

    /** JPEG q80 of the whole frame (ImageIO). */
    @Benchmark
    public int jpegEncodeFrame() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            jpeg.setOutput(ios);
            jpeg.write(null, new IIOImage(next, null, null), jpegParam);
        }
        return out.size();
    }
}
