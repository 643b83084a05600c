package dev.understudy.dataset.format;

import dev.understudy.dataset.Episode;
import dev.understudy.dataset.StepRow;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statistics of the dataset, gathered while the rows stream by (for the card, {@code stats.html} and the lineage):
 * per task a few numbers, per step counters; never the rows themselves. Not thread-safe. Serializable, and
 * {@link #merge mergeable}: the Spark engine gathers one per partition and the driver merges them in partition
 * (that is, dataset) order, which gives the statistics the local engine gathers in one pass.
 */
public final class DatasetStats implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** Cells per side of the click heat map. */
    public static final int GRID = 32;
    /** A redaction placeholder in typed text: {@code [EMAIL]}, {@code [PHONE]}, {@code [CARD_NUMBER]}... */
    static final Pattern PLACEHOLDER = Pattern.compile("\\[([A-Z][A-Z0-9_]{1,40})]");

    private long tasks;
    private long steps;
    private final Map<String, Long> tasksBySplit = new TreeMap<>();
    private final Map<String, Long> stepsBySplit = new TreeMap<>();
    private final List<Integer> stepsPerTask = new ArrayList<>();
    private final List<Long> taskMillis = new ArrayList<>();
    private final Map<String, Long> actionTypes = new TreeMap<>();
    private final Map<String, Long> apps = new TreeMap<>();
    private final Map<String, Long> sites = new TreeMap<>();
    private final Map<String, Long> taskFlags = new TreeMap<>();
    private final Map<String, Long> stepFlags = new TreeMap<>();
    private final Map<String, Long> imageSizes = new TreeMap<>();
    private final Map<String, Long> placeholders = new TreeMap<>();
    private final Map<String, List<String>> episodesBySession = new TreeMap<>();
    private long pointerSteps;
    private long groundedSteps;
    private long textSteps;
    private long redactedTextSteps;
    private long stepsWithImage;
    private final long[] clicks = new long[GRID * GRID];
    private long clickCount;

    /** Counts one task and its rows, written to {@code split}. */
    public void add(Episode episode, List<StepRow> rows, String split) {
        tasks++;
        steps += rows.size();
        tasksBySplit.merge(split, 1L, Long::sum);
        stepsBySplit.merge(split, (long) rows.size(), Long::sum);
        stepsPerTask.add(rows.size());
        taskMillis.add(Math.max(0, episode.endWall() - episode.startWall()));
        for (String f : episode.flags()) taskFlags.merge(f, 1L, Long::sum);
        episodesBySession.computeIfAbsent(episode.sessionId(), s -> new ArrayList<>()).add(episode.episodeId());
        for (StepRow r : rows) addRow(r);
    }

    /**
     * Adds {@code other}'s counts to these, as if its tasks had been {@link #add added} after these ones
     * (lists keep that order). Returns this.
     */
    public DatasetStats merge(DatasetStats other) {
        tasks += other.tasks;
        steps += other.steps;
        sum(tasksBySplit, other.tasksBySplit);
        sum(stepsBySplit, other.stepsBySplit);
        stepsPerTask.addAll(other.stepsPerTask);
        taskMillis.addAll(other.taskMillis);
        sum(actionTypes, other.actionTypes);
        sum(apps, other.apps);
        sum(sites, other.sites);
        sum(taskFlags, other.taskFlags);
        sum(stepFlags, other.stepFlags);
        sum(imageSizes, other.imageSizes);
        sum(placeholders, other.placeholders);
        other.episodesBySession.forEach((s, l) -> episodesBySession.computeIfAbsent(s, x -> new ArrayList<>()).addAll(l));
        pointerSteps += other.pointerSteps;
        groundedSteps += other.groundedSteps;
        textSteps += other.textSteps;
        redactedTextSteps += other.redactedTextSteps;
        stepsWithImage += other.stepsWithImage;
        for (int i = 0; i < clicks.length; i++) clicks[i] += other.clicks[i];
        clickCount += other.clickCount;
        return this;
    }

    private static void sum(Map<String, Long> into, Map<String, Long> from) {
        from.forEach((k, v) -> into.merge(k, v, Long::sum));
    }

    private void addRow(StepRow r) {
        if (r.actionType() != null) actionTypes.merge(r.actionType(), 1L, Long::sum);
        if (r.app() != null) apps.merge(r.app(), 1L, Long::sum);
        String site = site(r.url());
        if (site != null) sites.merge(site, 1L, Long::sum);
        if (r.flags() != null) for (String f : r.flags()) stepFlags.merge(f, 1L, Long::sum);
        if (r.image() != null) stepsWithImage++;
        if (r.imageWidth() != null && r.imageHeight() != null) imageSizes.merge(r.imageWidth() + "x" + r.imageHeight(), 1L, Long::sum);
        if (r.x() != null && r.y() != null) {
            pointerSteps++;
            if (r.targetBbox() != null || r.targetRole() != null || r.targetName() != null) groundedSteps++;
        }
        if (r.xNorm() != null && r.yNorm() != null && r.actionType() != null && r.actionType().contains("click")) {
            int cx = cell(r.xNorm()), cy = cell(r.yNorm());
            clicks[cy * GRID + cx]++;
            clickCount++;
        }
        if (r.text() != null && !r.text().isEmpty()) {
            textSteps++;
            Matcher m = PLACEHOLDER.matcher(r.text());
            boolean any = false;
            while (m.find()) {
                placeholders.merge(m.group(1), 1L, Long::sum);
                any = true;
            }
            if (any) redactedTextSteps++;
        }
    }

    private static int cell(double v) {
        return (int) Math.min(GRID - 1, Math.max(0, Math.floor(v * GRID)));
    }

    /** The host of a URL (sites are counted by host), or null. */
    static String site(String url) {
        if (url == null || url.isBlank()) return null;
        try {
            String host = URI.create(url.trim()).getHost();
            return host == null ? null : host.toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public long tasks() { return tasks; }
    public long steps() { return steps; }
    public Map<String, Long> tasksBySplit() { return Collections.unmodifiableMap(tasksBySplit); }
    public Map<String, Long> stepsBySplit() { return Collections.unmodifiableMap(stepsBySplit); }
    public List<Integer> stepsPerTask() { return Collections.unmodifiableList(stepsPerTask); }
    public List<Long> taskMillis() { return Collections.unmodifiableList(taskMillis); }
    public Map<String, Long> actionTypes() { return Collections.unmodifiableMap(actionTypes); }
    public Map<String, Long> apps() { return Collections.unmodifiableMap(apps); }
    public Map<String, Long> sites() { return Collections.unmodifiableMap(sites); }
    /** Tasks per task flag. */
    public Map<String, Long> taskFlags() { return Collections.unmodifiableMap(taskFlags); }
    /** Steps per flag (task flags count on each of its steps). */
    public Map<String, Long> stepFlags() { return Collections.unmodifiableMap(stepFlags); }
    /** Steps per image size, {@code WIDTHxHEIGHT} in physical pixels. */
    public Map<String, Long> imageSizes() { return Collections.unmodifiableMap(imageSizes); }
    /** Redaction placeholders in typed text, by kind ({@code EMAIL} for {@code [EMAIL]}). */
    public Map<String, Long> placeholders() { return Collections.unmodifiableMap(placeholders); }
    /** Each source session's tasks, sessions and tasks sorted. */
    public Map<String, List<String>> episodesBySession() {
        Map<String, List<String>> m = new TreeMap<>();
        episodesBySession.forEach((s, l) -> m.put(s, l.stream().sorted().toList()));
        return m;
    }
    public long pointerSteps() { return pointerSteps; }
    public long groundedSteps() { return groundedSteps; }
    public long textSteps() { return textSteps; }
    public long redactedTextSteps() { return redactedTextSteps; }
    public long stepsWithImage() { return stepsWithImage; }
    public long clickCount() { return clickCount; }
    /** Clicks per cell of a {@link #GRID}×{@link #GRID} grid over x_norm, y_norm; row-major, top row first. */
    public long[] clickGrid() { return clicks.clone(); }

    /** Pointer steps grounded in an element (box, role or name), 0–1; 0 when there is none. */
    public double groundingRate() { return pointerSteps == 0 ? 0 : (double) groundedSteps / pointerSteps; }

    /** Steps with typed text that holds a redaction placeholder, over steps with typed text, 0–1. */
    public double redactionRate() { return textSteps == 0 ? 0 : (double) redactedTextSteps / textSteps; }

    /** The {@code n} largest entries, by count then name. */
    public static Map<String, Long> top(Map<String, Long> counts, int n) {
        Map<String, Long> top = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }
}
