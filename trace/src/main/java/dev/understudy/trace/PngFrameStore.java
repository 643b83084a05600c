package dev.understudy.trace;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Trace format 1 frame store: one lossless PNG file per distinct frame, named by its id. */
public final class PngFrameStore implements FrameStore {
    private final Path dir;

    public PngFrameStore(Path dir) {
        this.dir = dir;
    }

    private Path file(String id) {
        if (!FrameIds.looksValid(id)) throw new TraceException("not a frame id: " + id);
        return dir.resolve(id + ".png");
    }

    @Override
    public String put(BufferedImage image) {
        String id = FrameIds.ofPixelBytes(image); // format 1
        Path f = file(id);
        if (Files.exists(f)) return id;
        try {
            Files.createDirectories(dir);
            ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
            ImageIO.write(image, "png", out);
            Path tmp = dir.resolve(id + ".tmp" + Thread.currentThread().getId());
            Files.write(tmp, out.toByteArray());
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
            return id;
        } catch (IOException e) {
            throw new TraceException("cannot store a frame in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean contains(String id) {
        return FrameIds.looksValid(id) && Files.exists(file(id));
    }

    @Override
    public BufferedImage read(String id) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(readPng(id)));
            if (img == null) throw new TraceException("frame " + id + " is not a readable PNG");
            return img;
        } catch (IOException e) {
            throw new TraceException("frame " + id + " is corrupt: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] readPng(String id) {
        try {
            return Files.readAllBytes(file(id));
        } catch (IOException e) {
            throw new TraceException("frame " + id + " is missing from " + dir, e);
        }
    }

    @Override
    public long diskBytes() {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
