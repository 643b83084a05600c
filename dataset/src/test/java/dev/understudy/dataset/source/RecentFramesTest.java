package dev.understudy.dataset.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.understudy.dataset.Fixture;
import dev.understudy.dataset.image.FrameHashes;
import dev.understudy.model.Rect;
import dev.understudy.privacy.screen.FrameMasker;
import dev.understudy.privacy.screen.RedactionLog;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionReader;
import dev.understudy.trace.SessionWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fast path (rows of tiles) never gives a frame that has something to mask as it is stored. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecentFramesTest {
    @TempDir
    Path root;

    @Test
    void aFrameWithBoxesLeavesMaskedAndACleanOneAsStored() throws Exception {
        String clean;
        String boxed;
        try (DataDir dd = DataDir.at(root)) {
            SessionWriter w = dd.createSession(Fixture.manifest());
            RedactionLog.writeSessionInfo(w.dir(), Map.of("screenshots", "ocr", "review_hours", 0));
            clean = w.frames().put(Fixture.frame(1));
            boxed = w.frames().put(Fixture.frame(2));
            RedactionLog.append(w.dir(), clean, "ocr", List.of());
            RedactionLog.append(w.dir(), boxed, "ocr", List.of(new Rect(10, 10, 30, 20)));
            w.finish(Fixture.T0 + 1000, "signal");
            w.close();
        }
        try (DataDir dd = DataDir.at(root)) {
            SessionReader r = dd.open(Fixture.SESSION);
            RecentFrames frames = new RecentFrames(r.frames(), r.dir());

            BufferedImage c = ImageIO.read(new ByteArrayInputStream(frames.readPng(clean)));
            BufferedImage stored = r.frames().read(clean);
            int w = stored.getWidth(), h = stored.getHeight();
            assertArrayEquals(stored.getRGB(0, 0, w, h, null, 0, w), c.getRGB(0, 0, w, h, null, 0, w));
            assertArrayEquals(FrameHashes.of(stored), frames.dHash(clean));

            BufferedImage b = ImageIO.read(new ByteArrayInputStream(frames.readPng(boxed)));
            assertEquals(FrameMasker.MASK_RGB, b.getRGB(20, 15) & 0xffffff, "inside the box: masked");
            assertNotEquals(FrameMasker.MASK_RGB, r.frames().read(boxed).getRGB(20, 15) & 0xffffff, "the stored frame differs there");
            assertArrayEquals(FrameHashes.of(b), frames.dHash(boxed), "the hash is of the masked frame");
        }
    }
}
