package dev.understudy.dataset;

import java.util.List;
import java.util.Set;

/**
 * The dataset builder's transforms: pure functions of their inputs (no clock, no randomness, no
 * I/O but reading the session's frames), so the local engine and the Spark job run the very same
 * code and give the same rows. Per session: {@link #episodes} (segment, describe, flag), then
 * {@link #rows} per episode. Across sessions: {@link #signature} of each episode, then
 * {@link #nearDuplicates} over all of them (the one step that is not per session).
 */
public final class DatasetTransforms {
    private DatasetTransforms() {}

    /** Options of segmentation and flagging (defaults: docs/datasets.md). */
    public record TaskOptions(long idleGapMillis, int minSteps) {
        public static final TaskOptions DEFAULTS = new TaskOptions(120_000, 2);
    }

    /**
     * A compact fingerprint of an episode for near-duplicate detection: perceptual hashes of its
     * frames and its action sequence. "Earlier" is by episode id (the session's start time, then
     * the task's index); {@code startWall} is informative.
     */
    public record Signature(String episodeId, long startWall, List<Long> frameHashes, String actions) {}

    /** The session's tasks, in order, each with its instruction, step instructions and flags (but {@link Flags#NEAR_DUPLICATE}). */
    /**
     * The events with a worker's label for the session's last task added after them, as a {@code task_label} marker a
     * millisecond after that task's last step ended (so it labels that task, and a later label beats an earlier one).
     * How a label given in the collector's portal reaches the dataset; the events as they are when there is no step
     * or no label.
     */
    public static List<dev.understudy.model.RawEvent> withLastTaskLabel(List<dev.understudy.model.RawEvent> events,
                                                                        List<dev.understudy.model.Step> steps, String label) {
        if (label == null || label.isBlank() || steps.isEmpty()) return events;
        long[] ends = Tasks.ends(steps, events);
        long at = ends[ends.length - 1] + 1;
        dev.understudy.model.Step last = steps.get(steps.size() - 1);
        List<dev.understudy.model.RawEvent> out = new java.util.ArrayList<>(events.size() + 1);
        out.addAll(events);
        out.add(new dev.understudy.model.RawEvent.Marker(last.mono() + (at - last.wall()) * 1_000_000L, at,
                dev.understudy.model.MarkerKind.TASK_LABEL, label));
        return out;
    }

    public static List<Episode> episodes(SessionInput session, TaskOptions options) {
        return Tasks.episodes(session, options);
    }

    /** One row per step of the episode, with its screenshot (PNG) read from the session's frames. */
    public static List<StepRow> rows(SessionInput session, Episode episode) {
        return Rows.of(session, episode);
    }

    public static Signature signature(SessionInput session, Episode episode) {
        return NearDuplicates.signature(session, episode);
    }

    /** Episode ids that repeat an earlier episode (by episode id): they get {@link Flags#NEAR_DUPLICATE}. */
    public static Set<String> nearDuplicates(List<Signature> signatures) {
        return NearDuplicates.find(signatures);
    }
}
