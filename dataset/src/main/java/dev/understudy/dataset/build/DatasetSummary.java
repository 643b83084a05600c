package dev.understudy.dataset.build;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.dataset.Episode;
import dev.understudy.dataset.SessionInput;
import dev.understudy.dataset.StepRow;
import dev.understudy.dataset.format.CardInput;
import dev.understudy.dataset.format.DatasetCard;
import dev.understudy.dataset.format.DatasetStats;
import dev.understudy.dataset.format.LineageManifest;
import dev.understudy.dataset.format.StatsPage;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a build writes beside its data: statistics gathered while rows stream by, then the card
 * (README.md), the plots (stats.html), the lineage (manifest.json) and the build report
 * (build-report.json: sessions skipped and why, tasks dropped and why).
 *
 * <p>Both engines use it: the local engine feeds one summary as it reads; the Spark engine feeds one
 * per partition (it is {@link java.io.Serializable}) and the driver {@link #merge merges} them in
 * partition order (the dataset's order), then {@link #write writes} the same files.
 */
public final class DatasetSummary implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** The version of the code that built a dataset (the lineage names it). */
    public static final String CODE_VERSION = "understudy 0.1.0";

    private final DatasetStats stats = new DatasetStats();
    private final List<LineageManifest.Source> sources = new ArrayList<>();
    /** The sessions' monitors (as {@link CardInput#screensOf} keys them) with how many sessions had each. */
    private final Map<String, CardInput.Screen> screens = new TreeMap<>();
    /** Policy name → version and digest, from the sessions' notice markers. */
    private final Map<String, CardInput.Policy> policies = new TreeMap<>();

    /** Counts a session that was read (whether or not any of its tasks is kept). */
    public void session(SessionInput in) {
        sources.add(LineageManifest.Source.of(in));
        if (in.manifest() != null) {
            for (CardInput.Screen sc : CardInput.screensOf(List.of(in.manifest()))) addScreen(sc);
        }
        for (RawEvent e : in.events()) {
            if (e instanceof RawEvent.Marker m && "notice".equals(m.kind().wire()) && m.detail() != null) {
                CardInput.Policy p = policyOf(m.detail());
                if (p != null) policies.putIfAbsent(p.name() + " " + p.version() + " " + p.digest(), p);
            }
        }
    }

    private void addScreen(CardInput.Screen sc) {
        String key = String.format("%08d|%08d|%s", sc.width(), sc.height(), sc.scale());
        screens.merge(key, sc, (a, b) -> new CardInput.Screen(a.width(), a.height(), a.scale(), a.sessions() + b.sessions()));
    }

    /** Counts a kept task and its rows (empty for the per-task formats), written to {@code split}. */
    public void episode(Episode e, List<StepRow> rows, String split) {
        stats.add(e, rows, split);
    }

    /** Adds {@code other}'s sessions and tasks after these (the next partition of the dataset). Returns this. */
    public DatasetSummary merge(DatasetSummary other) {
        stats.merge(other.stats);
        sources.addAll(other.sources);
        other.screens.values().forEach(this::addScreen);
        other.policies.forEach(policies::putIfAbsent);
        return this;
    }

    public DatasetStats stats() {
        return stats;
    }

    public List<LineageManifest.Source> sources() {
        return List.copyOf(sources);
    }

    /** Writes the card, the plots (hf and webdataset), build-report.json and, last, manifest.json into {@code o.out()}. */
    public void write(BuildOptions o, String engine, BuildReport r) {
        write(o.out(), parameters(o, engine), o.format(), stats, sources, List.copyOf(screens.values()), policies.values(), r);
    }

    /** From a notice marker: `notice v1 accepted ...; policy "NAME" v1 sha256:...; collector policy version N`. */
    static CardInput.Policy policyOf(String detail) {
        int q1 = detail.indexOf("policy \"");
        if (q1 < 0) return null;
        int q2 = detail.indexOf('"', q1 + 8);
        if (q2 < 0) return null;
        String name = detail.substring(q1 + 8, q2);
        String[] rest = detail.substring(q2 + 1).strip().split("[ ;]+");
        String version = rest.length > 0 ? rest[0] : "";
        String digest = rest.length > 1 ? rest[1] : "";
        int c = detail.indexOf("collector policy version ");
        if (c >= 0) version = version + " (collector v" + detail.substring(c + 25).strip() + ")";
        return new CardInput.Policy(name, version, digest);
    }

    /**
     * Writes, into {@code out}: the card (README.md) and the plots (stats.html) for the hf and webdataset formats,
     * build-report.json, and last the lineage (manifest.json, which hashes the others).
     */
    public static void write(Path out, Map<String, String> params, String format, DatasetStats stats, Collection<LineageManifest.Source> sources,
                             List<CardInput.Screen> screens, Collection<CardInput.Policy> policies, BuildReport r) {
        try {
            List<String> formats = new ArrayList<>();
            formats.add(format.equals("hf") ? "parquet" : format);
            String redaction = "Typed text, clipboard text and window titles were redacted on the worker's device before they were stored: "
                    + "e-mail addresses, phone numbers, card and bank numbers, national ids, secrets and people's names became "
                    + "placeholders such as [EMAIL] or PERSON_3; keys typed into password fields or prompts were never stored. "
                    + "Screenshots show only approved apps (every other window is masked) and text that OCR found to be personal "
                    + "data is filled in. Sessions of people who were erased are not in the sources.";
            if (format.equals("hf") || format.equals("webdataset")) {
                CardInput card = new CardInput("Understudy computer-use trajectories",
                        "Recorded work in approved desktop and web apps, cut into tasks with instructions: one row per step "
                                + "(screenshot before the action, the action, its target element when known).",
                        screens, List.copyOf(policies), redaction, params, formats);
                DatasetCard.write(out, card, stats);
                StatsPage.write(out, "Understudy dataset statistics", stats);
            }
            writeReport(out, r);
            LineageManifest.write(out, sources, stats.episodesBySession(), params, CODE_VERSION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The build's parameters as the card and the lineage show them. */
    public static Map<String, String> parameters(BuildOptions o, String engine) {
        Map<String, String> m = new TreeMap<>();
        m.put("format", o.format());
        m.put("engine", engine);
        m.put("from", String.join(",", o.from().stream().map(dev.understudy.dataset.source.SourceLabel::of).toList()));
        if (o.since() != null) m.put("since", o.since().toString());
        if (!o.apps().isEmpty()) m.put("apps", String.join(",", new TreeSet<>(o.apps())));
        if (o.splitBy() != null) m.put("split_by", o.splitBy());
        m.put("test_fraction", Double.toString(o.testFraction()));
        m.put("min_steps", Integer.toString(o.minSteps()));
        if (!o.dropFlagged().isEmpty()) m.put("drop_flagged", String.join(",", new TreeSet<>(o.dropFlagged())));
        m.put("idle_gap_seconds", Long.toString(o.idleGapMillis() / 1000));
        return m;
    }

    static void writeReport(Path out, BuildReport r) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("format", r.format());
        n.put("sessions_read", r.sessionsRead());
        ArrayNode sk = n.putArray("sessions_skipped");
        for (BuildReport.Skipped s : r.skipped()) {
            sk.addObject().put("source", dev.understudy.dataset.source.SourceLabel.of(Path.of(s.source()))).put("session", s.session()).put("reason", s.reason());
        }
        n.put("tasks", r.tasks());
        n.put("tasks_kept", r.tasksKept());
        ObjectNode d = n.putObject("tasks_dropped");
        r.dropped().forEach(d::put);
        n.put("rows", r.rows());
        ObjectNode sp = n.putObject("rows_by_split");
        r.rowsBySplit().forEach(sp::put);
        ArrayNode f = n.putArray("files");
        for (Path p : r.files()) f.add(p.toString());
        Files.write(out.resolve("build-report.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    }
}
