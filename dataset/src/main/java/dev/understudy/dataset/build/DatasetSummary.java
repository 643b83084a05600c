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
import dev.understudy.model.Manifest;
import dev.understudy.model.RawEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a build writes beside its data: statistics gathered while rows stream by, then the card
 * (README.md), the plots (stats.html), the lineage (manifest.json) and the build report
 * (build-report.json: sessions skipped and why, tasks dropped and why).
 */
final class DatasetSummary {
    /** The version of the code that built a dataset (the lineage names it). */
    static final String CODE_VERSION = "understudy 0.1.0";

    private final DatasetStats stats = new DatasetStats();
    private final List<LineageManifest.Source> sources = new ArrayList<>();
    private final List<Manifest> manifests = new ArrayList<>();
    /** Policy name → version and digest, from the sessions' notice markers. */
    private final Map<String, CardInput.Policy> policies = new TreeMap<>();
    private final Map<String, String> episodeSplit = new TreeMap<>();

    void session(SessionInput in) {
        sources.add(LineageManifest.Source.of(in));
        manifests.add(in.manifest());
        for (RawEvent e : in.events()) {
            if (e instanceof RawEvent.Marker m && "notice".equals(m.kind().wire()) && m.detail() != null) {
                CardInput.Policy p = policyOf(m.detail());
                if (p != null) policies.putIfAbsent(p.name() + " " + p.version() + " " + p.digest(), p);
            }
        }
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

    void episode(Episode e, List<StepRow> rows, String split) {
        stats.add(e, rows, split);
    }

    void finish(BuildOptions o, BuildReport r) {
        Path out = o.out();
        try {
            Map<String, String> params = parameters(o);
            List<String> formats = new ArrayList<>();
            formats.add(o.format().equals("hf") ? "parquet" : o.format());
            String redaction = "Typed text, clipboard text and window titles were redacted on the worker's device before they were stored: "
                    + "e-mail addresses, phone numbers, card and bank numbers, national ids, secrets and people's names became "
                    + "placeholders such as [EMAIL] or PERSON_3; keys typed into password fields or prompts were never stored. "
                    + "Screenshots show only approved apps (every other window is masked) and text that OCR found to be personal "
                    + "data is filled in. Sessions of people who were erased are not in the sources.";
            if (o.format().equals("hf") || o.format().equals("webdataset")) {
                CardInput card = new CardInput("Understudy computer-use trajectories",
                        "Recorded work in approved desktop and web apps, cut into tasks with instructions: one row per step "
                                + "(screenshot before the action, the action, its target element when known).",
                        CardInput.screensOf(manifests), List.copyOf(policies.values()), redaction, params, formats);
                DatasetCard.write(out, card, stats);
                StatsPage.write(out, "Understudy dataset statistics", stats);
            }
            writeReport(out, r);
            LineageManifest.write(out, sources, stats.episodesBySession(), params, CODE_VERSION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> parameters(BuildOptions o) {
        Map<String, String> m = new TreeMap<>();
        m.put("format", o.format());
        m.put("engine", "local");
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
