package dev.understudy.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.understudy.dataset.DatasetTransforms.TaskOptions;
import dev.understudy.model.FrameReason;
import dev.understudy.model.MarkerKind;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Step;
import dev.understudy.reduce.Reducer;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionReader;
import dev.understudy.trace.SessionWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A session written with the trace API, read back and reduced: markers and labels as the recorder stores them. */
@Tag("unit")
@Timeout(60)
class TraceSessionTest {
    @TempDir
    Path root;

    @Test
    void markersAndLabelsFromARecordedSession() {
        long t = Fixture.T0;
        try (DataDir dd = DataDir.at(root)) {
            SessionWriter w = dd.createSession(Fixture.manifest());
            String frame = w.frames().put(Fixture.frame(3));
            w.append(new RawEvent.WindowFocus(1_000_000, t, Fixture.NOTES));
            w.append(new RawEvent.Frame(2_000_000, t + 1, frame, 0, Fixture.W, Fixture.H, FrameReason.START));
            long[] mono = {10_000_000};
            typeKey(w, t + 1000, mono, "h");
            typeKey(w, t + 1100, mono, "i");
            w.append(new RawEvent.Marker(2_010_000_000L, t + 2000, MarkerKind.of("task"), null));
            typeKey(w, t + 3000, mono, "y");
            // three minutes later, after the idle gap
            typeKey(w, t + 183_000, mono, "z");
            w.append(new RawEvent.Marker(190_010_000_000L, t + 190_000, MarkerKind.of("task_label"), "Take notes"));
            w.finish(t + 200_000, "signal");
            w.close();
        }
        try (DataDir dd = DataDir.at(root)) {
            SessionReader r = dd.open(Fixture.SESSION);
            List<RawEvent> events = r.events();
            List<Step> steps = Reducer.reduce(Fixture.SESSION, r.manifest(), events);
            SessionInput in = new SessionInput(Fixture.SESSION, "test", null, null, r.manifest(), events, steps, r.frames(), "0");
            List<Episode> eps = DatasetTransforms.episodes(in, TaskOptions.DEFAULTS);
            List<String> got = new ArrayList<>();
            for (Episode e : eps) got.add(e.boundary() + "|" + e.instructionSource() + "|" + e.instruction());
            assertEquals(List.of("start|describer|In Notes: type \"hi\"", "marker|describer|In Notes: type \"y\"", "idle|worker|Take notes"), got);

            // a label given in the collector's portal labels the session's last task, replacing the one given on the device
            SessionInput portal = new SessionInput(Fixture.SESSION, "test", null, null, r.manifest(),
                    DatasetTransforms.withLastTaskLabel(events, steps, "Write the minutes"), steps, r.frames(), "0");
            List<String> labelled = new ArrayList<>();
            for (Episode e : DatasetTransforms.episodes(portal, TaskOptions.DEFAULTS)) labelled.add(e.boundary() + "|" + e.instructionSource() + "|" + e.instruction());
            assertEquals(List.of("start|describer|In Notes: type \"hi\"", "marker|describer|In Notes: type \"y\"", "idle|worker|Write the minutes"), labelled);
            assertEquals(events, DatasetTransforms.withLastTaskLabel(events, steps, " "), "a blank label changes nothing");
            StepRow row = DatasetTransforms.rows(in, eps.get(0)).get(0);
            assertNotNull(row.image());
            assertEquals(Fixture.W, row.imageWidth());
            assertEquals("type", row.actionType());
            assertEquals("hi", row.text());
        }
    }

    /** A key typed at {@code wall}; the monotonic clock follows the wall clock (the reducer measures typing pauses with it). */
    private static void typeKey(SessionWriter w, long wall, long[] mono, String k) {
        mono[0] = (wall - Fixture.T0) * 1_000_000L + 10_000_000L;
        w.append(new RawEvent.KeyDown(mono[0], wall, 0, k, k, 0));
        w.append(new RawEvent.KeyUp(mono[0] += 50_000_000L, wall + 50, 0, k, 0));
    }
}
