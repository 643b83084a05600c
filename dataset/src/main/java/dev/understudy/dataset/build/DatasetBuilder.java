package dev.understudy.dataset.build;

import dev.understudy.dataset.DatasetTransforms;
import dev.understudy.dataset.Episode;
import dev.understudy.dataset.Flags;
import dev.understudy.dataset.SessionInput;
import dev.understudy.dataset.StepRow;
import dev.understudy.dataset.format.DatasetWriter;
import dev.understudy.dataset.format.HfParquetWriter;
import dev.understudy.dataset.format.WriterOptions;
import dev.understudy.dataset.source.SessionSource;
import dev.understudy.dataset.source.SourceException;
import dev.understudy.export.ExportSession;
import dev.understudy.export.Exporters;
import dev.understudy.model.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The local engine: reads the sources' sessions one at a time (oldest first across all sources),
 * runs the transforms of {@link DatasetTransforms} on each, and streams the rows into the format's
 * writer, so memory holds one session and one row group per open shard, whatever the size of the
 * sources. Near-duplicates are found on the way: a task repeats an earlier one (by episode id, the
 * order sessions are read in), which is what the Spark engine computes over all tasks at once.
 * A session that cannot be read is skipped and listed with its reason in the report.
 */
public final class DatasetBuilder {
    /** Told after each session (for a progress bar). */
    public interface Progress {
        void session(int done, int total, long rows, String current);

        Progress NONE = (d, t, r, c) -> {};
    }

    /** One session to read: which source, which ref. */
    record Item(Path source, String ref, String sessionId) {}

    private DatasetBuilder() {}

    public static BuildReport build(BuildOptions o, Progress progress) {
        return build(o, progress, null);
    }

    /**
     * @param llm the optional rewrite of each kept task's instruction by a language model; its answers
     *            go to {@value #LLM_FILE} beside the data (never into the instruction column)
     */
    public static BuildReport build(BuildOptions o, Progress progress, LlmDescriber llm) {
        long t0 = System.nanoTime();
        List<String> llmLines = new ArrayList<>();
        prepareOut(o.out());
        Map<Path, SessionSource> sources = new java.util.LinkedHashMap<>();
        List<BuildReport.Skipped> skipped = new ArrayList<>();
        Map<String, Integer> dropped = new TreeMap<>();
        Map<String, Long> bySplit = new TreeMap<>();
        List<Item> items = new ArrayList<>();
        boolean legacy = !o.format().equals("hf") && !o.format().equals("webdataset");
        try {
            for (Path dir : o.from()) {
                SessionSource s = SessionSource.open(dir, legacy);
                sources.put(dir, s);
                try {
                    for (String ref : s.refs()) items.add(new Item(dir, ref, ref.contains(":") ? ref.substring(ref.indexOf(':') + 1) : ref));
                } catch (SourceException e) {
                    skipped.add(new BuildReport.Skipped(dir.toString(), "*", e.getMessage()));
                }
            }
            items.sort(Comparator.comparing(Item::sessionId).thenComparing(i -> i.source().toString()).thenComparing(Item::ref));

            DatasetTransforms.TaskOptions taskOptions = new DatasetTransforms.TaskOptions(o.idleGapMillis(), o.minSteps());
            WriterOptions wo = WriterOptions.DEFAULTS.withShardBytes(o.shardBytes()).withSplit(e -> "train");
            Map<String, String> splitOf = new HashMap<>();
            wo = wo.withSplit(e -> splitOf.getOrDefault(e.episodeId(), "train"));
            DatasetWriter writer = switch (o.format()) {
                case "hf" -> new HfParquetWriter();
                case "webdataset" -> new dev.understudy.dataset.format.WebDatasetWriter();
                default -> null;
            };
            if (writer != null) writer.open(o.out(), wo);
            Map<String, List<DatasetTransforms.Signature>> seenByActions = new HashMap<>();
            List<ExportSession> exports = new ArrayList<>();
            DatasetSummary summary = new DatasetSummary();
            int tasks = 0;
            int kept = 0;
            long rows = 0;
            int read = 0;
            int done = 0;
            for (Item item : items) {
                progress.session(done, items.size(), rows, item.ref());
                done++;
                SessionInput in;
                try {
                    in = sources.get(item.source()).open(item.ref());
                } catch (SourceException e) {
                    skipped.add(new BuildReport.Skipped(item.source().toString(), item.ref(), e.getMessage()));
                    continue;
                }
                if (o.since() != null && in.manifest().startWall() < o.since().toEpochMilli()) continue;
                read++;
                List<Episode> episodes;
                try {
                    episodes = DatasetTransforms.episodes(in, taskOptions);
                } catch (RuntimeException e) {
                    skipped.add(new BuildReport.Skipped(item.source().toString(), item.ref(), "cannot cut into tasks: " + oneLine(e)));
                    continue;
                }
                summary.session(in);
                for (Episode ep : episodes) {
                    tasks++;
                    DatasetTransforms.Signature sig = DatasetTransforms.signature(in, ep);
                    List<DatasetTransforms.Signature> group = seenByActions.computeIfAbsent(sig.actions(), k -> new ArrayList<>());
                    List<DatasetTransforms.Signature> probe = new ArrayList<>(group);
                    probe.add(sig);
                    boolean duplicate = DatasetTransforms.nearDuplicates(probe).contains(sig.episodeId());
                    group.add(sig);
                    Episode e = duplicate ? withFlag(ep, Flags.NEAR_DUPLICATE) : ep;
                    String why = dropReason(e, in, o);
                    if (why != null) {
                        dropped.merge(why, 1, Integer::sum);
                        continue;
                    }
                    kept++;
                    if (llm != null) llmLines.add(llmLine(llm, e));
                    String split = split(e, in, o);
                    splitOf.put(e.episodeId(), split);
                    if (writer != null) {
                        List<StepRow> r = DatasetTransforms.rows(in, e);
                        if (duplicate) r = r.stream().map(x -> withFlag(x, Flags.NEAR_DUPLICATE)).toList();
                        writer.add(e, r);
                        rows += r.size();
                        bySplit.merge(split, (long) r.size(), Long::sum);
                        summary.episode(e, r, split);
                    } else {
                        exports.add(new ExportSession(e.episodeId(), in.manifest(), reindexed(e.steps()), in.frames(), in.events(), e.instruction()));
                        rows += e.steps().size();
                        bySplit.merge(split, (long) e.steps().size(), Long::sum);
                        summary.episode(e, List.of(), split);
                    }
                }
            }
            progress.session(done, items.size(), rows, null);
            List<Path> files = new ArrayList<>();
            if (writer != null) files.addAll(writer.close());
            else if (!exports.isEmpty()) Exporters.run(o.format(), exports, o.out(), true);
            if (llm != null) {
                Path f = o.out().resolve(LLM_FILE);
                Files.write(f, llmLines, StandardCharsets.UTF_8);
                files.add(o.out().relativize(f));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            BuildReport report = new BuildReport(o.out(), o.format(), read, List.copyOf(skipped), tasks, kept, dropped, rows, bySplit,
                    List.copyOf(files), seconds);
            summary.write(o, "local", report);
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sources.values().forEach(SessionSource::close);
        }
    }

    /** Where the language model's instructions go, one JSON line per kept task. */
    public static final String LLM_FILE = "llm-instructions.jsonl";

    /** {@code {episode_id, instruction, instruction_llm}}, or {@code error} instead of the answer when the endpoint failed. */
    static String llmLine(LlmDescriber llm, Episode e) {
        com.fasterxml.jackson.databind.node.ObjectNode n = dev.understudy.model.Json.MAPPER.createObjectNode();
        n.put("episode_id", e.episodeId());
        n.put("instruction", e.instruction());
        try {
            n.put("instruction_llm", llm.rewrite(e));
        } catch (IOException ex) {
            n.put("error", oneLine(ex));
        }
        return n.toString();
    }

    /** The output directory: created, or emptied of a previous build's files (never a directory with anything else). */
    public static void prepareOut(Path out) {
        try {
            if (Files.isDirectory(out)) {
                try (var s = Files.list(out)) {
                    List<Path> present = s.toList();
                    boolean ours = present.isEmpty() || Files.exists(out.resolve("manifest.json")) || Files.exists(out.resolve("build-report.json"));
                    if (!ours) throw new IllegalArgumentException(out + " is not empty and holds no earlier dataset build: choose another --out");
                    for (Path p : present) deleteTree(p);
                }
            }
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }

    /** Why a task is left out, or null. */
    static String dropReason(Episode e, SessionInput in, BuildOptions o) {
        return dropReason(e, o.minSteps(), o.dropFlagged(), o.apps());
    }

    /**
     * Why a task is left out, or null: fewer than {@code minSteps} steps, a flag in {@code dropFlagged}
     * (near-duplicate included, so add that flag first), or none of its places in {@code apps} (when any is given).
     * Both engines ask this (the Spark engine per partition).
     */
    public static String dropReason(Episode e, int minSteps, java.util.Collection<String> dropFlagged, java.util.Collection<String> apps) {
        if (e.steps().size() < minSteps) return "fewer than " + minSteps + " steps";
        for (String f : e.flags()) if (dropFlagged.contains(f)) return "flagged " + f;
        if (!apps.isEmpty()) {
            Set<String> where = places(e);
            boolean any = false;
            for (String a : apps) if (where.contains(a.toLowerCase(Locale.ROOT))) any = true;
            if (!any) return "not in --apps";
        }
        return null;
    }

    /** The apps and sites a task happened in: app labels, window classes, process names, hosts (lower case). */
    static Set<String> places(Episode e) {
        Set<String> out = new LinkedHashSet<>();
        for (Step s : e.steps()) {
            if (s.app() == null) continue;
            for (String v : new String[] {s.app().label(), s.app().windowClass(), s.app().name(), host(s.app().url())}) {
                if (v != null && !v.isBlank()) out.add(v.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    static String host(String url) {
        if (url == null) return null;
        try {
            String h = java.net.URI.create(url).getHost();
            return h == null ? null : h.startsWith("www.") ? h.substring(4) : h;
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    /** The split of a task: its group (app, site or person) hashed into [0, 1), test below the fraction. */
    static String split(Episode e, SessionInput in, BuildOptions o) {
        if (o.splitBy() == null || o.testFraction() <= 0) return "train";
        String key = switch (o.splitBy()) {
            case "person" -> in.person() == null ? "this device" : in.person();
            case "site" -> e.steps().stream().map(s -> s.app() == null ? null : host(s.app().url())).filter(x -> x != null).findFirst().orElse("(no site)");
            default -> e.steps().stream().map(s -> s.app() == null ? null : s.app().label() != null ? s.app().label() : s.app().name())
                    .filter(x -> x != null).findFirst().orElse("(no app)");
        };
        return unit(key) < o.testFraction() ? "test" : "train";
    }

    static double unit(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 6; i++) v = (v << 8) | (h[i] & 0xff);
            return v / (double) (1L << 48);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static Episode withFlag(Episode e, String flag) {
        if (e.flags().contains(flag)) return e;
        List<String> f = new ArrayList<>(e.flags());
        f.add(flag);
        return new Episode(e.episodeId(), e.sessionId(), e.index(), e.steps(), e.instruction(), e.instructionSource(), e.llmInstruction(),
                e.stepInstructions(), f, e.boundary(), e.startWall(), e.endWall());
    }

    static StepRow withFlag(StepRow r, String flag) {
        if (r.flags().contains(flag)) return r;
        List<String> f = new ArrayList<>(r.flags());
        f.add(flag);
        return new StepRow(r.episodeId(), r.sessionId(), r.stepIndex(), r.instruction(), r.stepInstruction(), r.image(), r.imagePath(),
                r.imageWidth(), r.imageHeight(), r.actionType(), r.x(), r.y(), r.xNorm(), r.yNorm(), r.toX(), r.toY(), r.dx(), r.dy(),
                r.text(), r.keys(), r.option(), r.pyautogui(), r.app(), r.windowTitle(), r.url(), r.targetRole(), r.targetName(),
                r.targetBbox(), List.copyOf(f), r.time());
    }

    /** A task's steps numbered from 0, as an exporter expects. */
    static List<Step> reindexed(List<Step> steps) {
        List<Step> out = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) out.add(steps.get(i).withIndex(i));
        return out;
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
