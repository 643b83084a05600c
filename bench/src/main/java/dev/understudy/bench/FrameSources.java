package dev.understudy.bench;

import dev.understudy.bench.StorageComparison.FrameSource;
import dev.understudy.model.RawEvent;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.FrameStore;
import dev.understudy.trace.SessionReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The frames a {@link StorageComparison} stores: a synthetic session, a directory of PNG files or
 * a recorded session. Each source streams its frames and can be opened again (the comparison
 * reads them twice).
 */
final class FrameSources {
    private FrameSources() {}

    /** {@code n} frames of {@link SyntheticDesktop#officeSession}, regenerated on each read. */
    static FrameSource synthetic(int n, int width, int height, long seed) {
        return new FrameSource() {
            @Override
            public String describe() {
                return "synthetic office session (seed " + seed + ")";
            }

            @Override
            public Iterator<BufferedImage> open() {
                SyntheticDesktop d = new SyntheticDesktop(width, height, seed);
                return counted(n, d::next);
            }
        };
    }

    /** The PNG files of a directory, by name. */
    static FrameSource directory(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) throw new IllegalArgumentException("no .png files in " + dir);
        return new FrameSource() {
            @Override
            public String describe() {
                return files.size() + " PNG files of " + dir;
            }

            @Override
            public Iterator<BufferedImage> open() {
                Iterator<Path> it = files.iterator();
                return counted(files.size(), () -> {
                    Path p = it.next();
                    try {
                        BufferedImage img = ImageIO.read(p.toFile());
                        if (img == null) throw new IllegalArgumentException("not an image: " + p);
                        return img;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        };
    }

    /** Every frame event of a recorded session, in order (a screen stored twice counts twice, as a per-event store keeps it). */
    static FrameSource session(Path dataRoot, String sessionId) {
        SessionReader r = DataDir.at(dataRoot).open(sessionId);
        List<String> ids = new ArrayList<>();
        for (RawEvent e : r.events()) if (e instanceof RawEvent.Frame f) ids.add(f.id());
        if (ids.isEmpty()) throw new IllegalArgumentException("session " + sessionId + " has no frames");
        FrameStore store = r.frames();
        return new FrameSource() {
            @Override
            public String describe() {
                return "session " + sessionId + " (" + ids.size() + " frame events)";
            }

            @Override
            public Iterator<BufferedImage> open() {
                Iterator<String> it = ids.iterator();
                return counted(ids.size(), () -> store.read(it.next()));
            }
        };
    }

    private static Iterator<BufferedImage> counted(int n, Supplier<BufferedImage> next) {
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public BufferedImage next() {
                if (i >= n) throw new NoSuchElementException();
                i++;
                return next.get();
            }
        };
    }
}
