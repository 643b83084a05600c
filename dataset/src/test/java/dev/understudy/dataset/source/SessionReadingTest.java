package dev.understudy.dataset.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.understudy.dataset.DatasetTransforms;
import dev.understudy.dataset.DatasetTransforms.TaskOptions;
import dev.understudy.dataset.Episode;
import dev.understudy.dataset.Fixture;
import dev.understudy.dataset.SessionInput;
import dev.understudy.model.FrameReason;
import dev.understudy.model.RawEvent;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A label from the collector's portal: the last task's instruction, and part of what the lineage says was read. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionReadingTest {
    @TempDir
    Path root;

    @Test
    void aPortalLabelNamesTheLastTaskAndChangesTheContentHash() {
        long t = Fixture.T0;
        try (DataDir dd = DataDir.at(root)) {
            SessionWriter w = dd.createSession(Fixture.manifest());
            String frame = w.frames().put(Fixture.frame(3));
            w.append(new RawEvent.WindowFocus(1_000_000, t, Fixture.NOTES));
            w.append(new RawEvent.Frame(2_000_000, t + 1, frame, 0, Fixture.W, Fixture.H, FrameReason.START));
            w.append(new RawEvent.KeyDown(10_000_000, t + 1000, 30, "a", "a", 0));
            w.append(new RawEvent.KeyUp(50_000_000, t + 1040, 30, "a", 0));
            w.finish(t + 5000, "signal");
            w.close();
        }
        try (DataDir dd = DataDir.at(root)) {
            SessionInput plain = SessionReading.read(dd.open(Fixture.SESSION), "r", "s", null, null);
            SessionInput labelled = SessionReading.read(dd.open(Fixture.SESSION), "r", "s", null, null, "Draft the agenda");
            List<Episode> eps = DatasetTransforms.episodes(labelled, TaskOptions.DEFAULTS);
            assertEquals("Draft the agenda", eps.get(eps.size() - 1).instruction());
            assertEquals("worker", eps.get(eps.size() - 1).instructionSource());
            assertNotEquals(plain.contentHash(), labelled.contentHash());
            assertEquals(plain.contentHash(), SessionReading.read(dd.open(Fixture.SESSION), "r", "s", null, null, null).contentHash());
        }
    }
}
