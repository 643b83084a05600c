package dev.understudy.export;

import dev.understudy.model.Manifest;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Step;
import dev.understudy.trace.FrameStore;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One reduced session, ready to export: its steps (coordinates in pixels of each step's frame) and
 * the frame store their observation ids point into.
 *
 * @param manifest may be null when unknown (exports then fall back to the steps' own data)
 * @param frames may be null: every observation is then treated as missing
 * @param events the session's raw events, for formats that need more than the steps (mind2web reads
 *     the page snapshots of the browser events a step's {@code target.eventSeq} points at); may be
 *     empty
 * @param instruction what the steps accomplish, when known (a task cut by the dataset builder: the
 *     worker's label or the describer's sentence); null for a whole session
 */
public record ExportSession(String id, Manifest manifest, List<Step> steps, FrameStore frames, List<RawEvent> events, String instruction) {
    public ExportSession {
        Objects.requireNonNull(id, "id");
        steps = steps == null ? List.of() : List.copyOf(steps);
        events = events == null ? List.of() : Collections.unmodifiableList(events);
    }

    /** A whole session (no instruction). */
    public ExportSession(String id, Manifest manifest, List<Step> steps, FrameStore frames, List<RawEvent> events) {
        this(id, manifest, steps, frames, events, null);
    }

    /** A session without its raw events. */
    public ExportSession(String id, Manifest manifest, List<Step> steps, FrameStore frames) {
        this(id, manifest, steps, frames, null);
    }
}
