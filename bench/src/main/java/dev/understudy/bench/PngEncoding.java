package dev.understudy.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import javax.imageio.ImageIO;

/**
 * PNG per frame through ImageIO, as OpenAdapt stores its screenshots: the bytes of every frame
 * and the CPU time of encoding them on the calling thread. Not thread-safe.
 */
final class PngEncoding {
    private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(1 << 20);
    private long bytes;
    private long cpuNs;
    private int frames;

    void add(BufferedImage img) throws IOException {
        buf.reset();
        long t = cpu.getCurrentThreadCpuTime();
        ImageIO.write(img, "png", buf);
        cpuNs += cpu.getCurrentThreadCpuTime() - t;
        bytes += buf.size();
        frames++;
    }

    long bytes() {
        return bytes;
    }

    /** Mean CPU milliseconds of encoding a frame (0 before the first). */
    double msPerFrame() {
        return frames == 0 ? 0 : cpuNs / 1e6 / frames;
    }
}
