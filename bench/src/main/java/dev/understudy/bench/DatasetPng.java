package dev.understudy.bench;

import dev.understudy.dataset.image.PngBands;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
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
 * A 1280x800 frame of the synthetic office session made into PNG for a dataset: by ImageIO, and by the dataset
 * builder's {@link PngBands} at deflate levels 1 and 6 with every 64-line row compressed (a frame whose rows were all
 * new; a row met before costs a copy). Bytes a frame are printed at setup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DatasetPng {
    @Param({"imageio", "bands-1", "bands-6"})
    public String encoder;

    List<BufferedImage> frames;
    List<int[]> pixels;
    int next;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        frames = SyntheticDesktop.officeSession(12, 1280, 800, 42);
        pixels = new ArrayList<>();
        for (BufferedImage f : frames) pixels.add(f.getRGB(0, 0, 1280, 800, null, 0, 1280));
        long bytes = 0;
        for (int i = 0; i < frames.size(); i++) bytes += encode(i).length;
        System.out.printf("%n%s: %d bytes a frame%n", encoder, bytes / frames.size());
    }

    @Benchmark
    public byte[] frame() throws IOException {
        next = (next + 1) % frames.size();
        return encode(next);
    }

    private byte[] encode(int i) throws IOException {
        if (encoder.equals("imageio")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
            ImageIO.write(frames.get(i), "png", out);
            return out.toByteArray();
        }
        int level = encoder.equals("bands-1") ? 1 : 6;
        int[] px = pixels.get(i);
        List<PngBands.Band> bands = new ArrayList<>();
        for (int y = 0; y < 800; y += 64) {
            int lines = Math.min(64, 800 - y);
            int[] row = new int[1280 * lines];
            System.arraycopy(px, y * 1280, row, 0, row.length);
            bands.add(PngBands.band(row, 1280, lines, level));
        }
        return PngBands.png(1280, 800, bands);
    }
}
