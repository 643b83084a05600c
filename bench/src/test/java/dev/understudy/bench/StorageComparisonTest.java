package dev.understudy.bench;

import dev.understudy.model.FrameReason;
import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.model.Manifest;
import dev.understudy.model.Monitor;
import dev.understudy.model.RawEvent;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.FrameIds;
import dev.understudy.trace.SessionWriter;
import dev.understudy.trace.TraceFormat;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A smoke test of the comparison on a few small frames (the real runs are in docs/benchmarks.md). */
@Tag("e2e")
class StorageComparisonTest {
    @TempDir Path tmp;

    static boolean hasFfmpeg() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void theSyntheticSessionIsDeterministic() {
        List<BufferedImage> a = SyntheticDesktop.officeSession(6, 320, 200, 7);
        List<BufferedImage> b = SyntheticDesktop.officeSession(6, 320, 200, 7);
        for (int i = 0; i < a.size(); i++) assertEquals(FrameIds.of(a.get(i)), FrameIds.of(b.get(i)));
        assertNotEquals(FrameIds.of(a.get(0)), FrameIds.of(a.get(5)), "the screen changes");
    }

    @Test
    void comparesTheSameFramesAndChecksTheRoundTrip() throws Exception {
        boolean ff = hasFfmpeg();
        StorageComparison.Options o = ff ? StorageComparison.Options.DEFAULT : StorageComparison.Options.DEFAULT.withoutH264();
        StorageComparison.Result r = StorageComparison.compare(StorageComparison.synthetic(12, 480, 300, 1), o);
        assertEquals(12, r.frames());
        assertTrue(r.roundTripExact());
        assertEquals(r.distinctFrames(), r.framesVerified());
        assertTrue(r.tileBytes() < r.pngBytes(), r.markdown());
        assertTrue(r.jpegBytes() > 0);
        if (ff) assertTrue(r.h264Bytes() > 0, r.h264Note());
        else assertEquals(-1, r.h264Bytes());
        String md = r.markdown();
        assertTrue(md.contains("| PNG per frame (OpenAdapt) |"), md);
        assertTrue(md.contains("round trip checked"), md);
    }

    @Test
    void readsADirectoryOfPngsAndARecordedSession() throws Exception {
        List<BufferedImage> frames = SyntheticDesktop.officeSession(4, 200, 120, 3);
        Path dir = Files.createDirectories(tmp.resolve("pngs"));
        for (int i = 0; i < frames.size(); i++) ImageIO.write(frames.get(i), "png", dir.resolve(String.format("f%03d.png", i)).toFile());
        StorageComparison.Result fromDir = StorageComparison.compare(StorageComparison.directory(dir),
                StorageComparison.Options.DEFAULT.withoutH264());
        assertEquals(4, fromDir.frames());
        assertTrue(fromDir.roundTripExact());

        DataDir dd = DataDir.at(tmp.resolve("data"));
        SessionWriter w = dd.createSession(new Manifest(TraceFormat.VERSION, "s1", "t", "Linux", "6", "amd64", "x11", "UTC",
                0, null, null, List.of(new Monitor(0, 0, 0, 200, 120, 1.0))));
        for (int i = 0; i < frames.size(); i++) {
            String id = w.frames().put(frames.get(i));
            w.append(new RawEvent.Frame(i, i, id, 0, 200, 120, FrameReason.SETTLE));
            w.append(new RawEvent.Frame(i, i, id, 0, 200, 120, FrameReason.ONSET)); // the same screen twice
        }
        w.finish(10, "duration");
        StorageComparison.Result fromSession = StorageComparison.compare(StorageComparison.session(dd.root(), "s1"),
                StorageComparison.Options.DEFAULT.withoutH264());
        assertEquals(8, fromSession.frames());
        assertEquals(4, fromSession.distinctFrames());
        assertTrue(fromSession.roundTripExact());
        assertEquals(2 * fromDir.pngBytes(), fromSession.pngBytes(), "per-frame stores keep every event's frame");
    }
}
