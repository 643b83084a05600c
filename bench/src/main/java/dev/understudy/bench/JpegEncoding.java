package dev.understudy.bench;

import dev.understudy.trace.RgbPixels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * JPEG per frame through ImageIO at a given quality (screenpipe: 0.8): the bytes of every frame
 * and the CPU time of encoding them (RGB conversion included) on the calling thread. Not
 * thread-safe; close it to release the writer.
 */
final class JpegEncoding implements AutoCloseable {
    private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(1 << 20);
    private final ImageWriter writer;
    private final ImageWriteParam param;
    private long bytes;
    private long cpuNs;
    private int frames;

    /** @param quality 0..1 */
    JpegEncoding(float quality) {
        writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
    }

    void add(BufferedImage img) throws IOException {
        buf.reset();
        long t = cpu.getCurrentThreadCpuTime();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(buf)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(rgbOnly(img), null, null), param);
        }
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

    @Override
    public void close() {
        writer.dispose();
    }

    /** JPEG has no alpha: the writer gets an RGB view. */
    private static BufferedImage rgbOnly(BufferedImage img) {
        int t = img.getType();
        if (t == BufferedImage.TYPE_INT_RGB || t == BufferedImage.TYPE_3BYTE_BGR || t == BufferedImage.TYPE_INT_BGR) return img;
        return RgbPixels.of(img).toImage();
    }
}
