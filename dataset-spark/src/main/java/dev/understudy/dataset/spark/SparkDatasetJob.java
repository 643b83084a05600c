package dev.understudy.dataset.spark;

import dev.understudy.dataset.DatasetTransforms;
import dev.understudy.dataset.DatasetTransforms.Signature;
import dev.understudy.dataset.DatasetTransforms.TaskOptions;
import dev.understudy.dataset.Episode;
import dev.understudy.dataset.SessionInput;
import dev.understudy.dataset.StepRow;
import dev.understudy.dataset.build.BuildOptions;
import dev.understudy.dataset.build.BuildReport;
import dev.understudy.dataset.build.DatasetBuilder;
import dev.understudy.dataset.build.DatasetSummary;
import dev.understudy.dataset.format.WriterOptions;
import dev.understudy.dataset.source.SessionSource;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The dataset builder as a Spark job ({@code --engine spark}): the same pure transforms as the
 * local engine ({@link DatasetTransforms}), run per session on executors.
 *
 * <ol>
 *   <li>The driver lists the session refs of every source directory and sorts them by session id
 *       (then by source), so the shards, read in order, hold the rows in the order of the local
 *       engine: session id, episode index, step index.</li>
 *   <li>Per session (executors, each task opening its own {@link SessionSource} from the directory's
 *       path): {@link DatasetTransforms#episodes} and {@link DatasetTransforms#signature}. A session
 *       that cannot be read is listed in the report with its reason; the job goes on.</li>
 *   <li>The driver collects the signatures (small), runs {@link DatasetTransforms#nearDuplicates}
 *       over them in the local engine's order, and broadcasts the ids.</li>
 *   <li>Per contiguous range of sessions (one Spark partition): the episodes again, the near-duplicate
 *       flag added as the local engine adds it ({@link NearDuplicateFlag}), {@link DatasetTransforms#rows},
 *       written by the project's own writer to a staging directory; the driver then moves the shards to
 *       {@code data/train-KKKKK-of-NNNNN.parquet} in partition order. Tasks are left out as the local engine
 *       leaves them out ({@link DatasetBuilder#dropReason}: {@code --min-steps}, {@code --drop-flagged},
 *       {@code --apps}; {@code --since} selects sessions), after the near-duplicate flag is added.</li>
 *   <li>Each partition also returns its {@link DatasetSummary} (statistics, sources, screens, policies); the driver
 *       merges them in partition order and writes the card, the plots, build-report.json and manifest.json with
 *       the local engine's code, so both engines write the same files. Not done here: {@code --split-by} and
 *       formats other than {@code hf} (refused with a one-line {@link IllegalArgumentException}).</li>
 * </ol>
 *
 * <p>On a cluster every executor must read the source directories at the same paths as the driver
 * (a device's data directory on a shared file system; for a collector, its data directory's
 * {@code server.json} and master key file, with the collector's PostgreSQL and S3 reachable from the
 * executors), and write {@code out} on a file system the driver shares.
 */
public final class SparkDatasetJob {
    private SparkDatasetJob() {}

    /**
     * What to build.
     *
     * @param from          source directories (a device's data directory or a collector's), in order
     * @param out           the dataset's directory (created, or an earlier build's: replaced, as the local engine does)
     * @param master        Spark master URL; null or blank: {@code local[N]} in this process
     * @param cores         N of {@code local[N]} when no master is given (0: all of this machine's)
     * @param partitions    Spark partitions, hence shards at most (0: twice the default parallelism)
     * @param since         epoch ms: only sessions that started then or later (null: all)
     * @param apps          only tasks in one of these apps or sites (as the local engine's {@code --apps}); empty: all
     * @param task          segmentation and flagging options; tasks with fewer than its min steps are left out
     * @param format        output format; {@code hf} (Hugging Face Parquet), the only one this engine writes
     * @param embedImages   whether the rows carry the PNG bytes
     * @param dropFlagged   tasks with any of these flags are left out (as the local engine's {@code --drop-flagged})
     * @param shardBytes    a partition's shard is closed past this size
     */
    public record Options(List<Path> from, Path out, String master, int cores, int partitions, Long since, List<String> apps,
                          TaskOptions task, String format, boolean embedImages, List<String> dropFlagged, long shardBytes) {
        public Options {
            from = List.copyOf(from);
            apps = apps == null ? List.of() : List.copyOf(apps);
            task = task == null ? TaskOptions.DEFAULTS : task;
            format = format == null ? "hf" : format;
            dropFlagged = dropFlagged == null ? List.of() : List.copyOf(dropFlagged);
            shardBytes = shardBytes > 0 ? shardBytes : WriterOptions.DEFAULTS.shardBytes();
        }

        /** What the executors need (serializable, unlike paths and the contract's records). */
        Exec exec() {
            return new Exec(since, apps, task.idleGapMillis(), task.minSteps(), embedImages, dropFlagged, shardBytes);
        }

        /** The same build as the local engine's options (for the card's and the lineage's parameters). */
        BuildOptions buildOptions(Path dir) {
            return new BuildOptions(from, dir, format, since == null ? null : Instant.ofEpochMilli(since), Set.copyOf(apps), null, 0,
                    task.minSteps(), Set.copyOf(dropFlagged), task.idleGapMillis(), shardBytes);
        }

        public static Options of(List<Path> from, Path out) {
            return new Options(from, out, null, 0, 0, null, List.of(), TaskOptions.DEFAULTS, "hf", true, List.of(), 0);
        }

        public Options withMaster(String m) {
            return new Options(from, out, m, cores, partitions, since, apps, task, format, embedImages, dropFlagged, shardBytes);
        }

        public Options withCores(int n) {
            return new Options(from, out, master, n, partitions, since, apps, task, format, embedImages, dropFlagged, shardBytes);
        }

        public Options withPartitions(int n) {
            return new Options(from, out, master, cores, n, since, apps, task, format, embedImages, dropFlagged, shardBytes);
        }

        public Options withFilters(Long sinceMillis, List<String> appsOnly, TaskOptions t, List<String> drop) {
            return new Options(from, out, master, cores, partitions, sinceMillis, appsOnly, t, format, embedImages, drop, shardBytes);
        }
    }

    /** The options the executors see. */
    record Exec(Long since, List<String> apps, long idleGapMillis, int minSteps, boolean embedImages, List<String> dropFlagged,
                long shardBytes) implements Serializable {
        Exec {
            apps = new ArrayList<>(apps);
            dropFlagged = new ArrayList<>(dropFlagged);
        }

        TaskOptions task() {
            return new TaskOptions(idleGapMillis, minSteps);
        }

        /** Why the local engine would leave this task out, or null ({@link DatasetBuilder#dropReason}). */
        String dropReason(Episode e) {
            return DatasetBuilder.dropReason(e, minSteps, dropFlagged, apps);
        }
    }

    /** A session the job left out, with its one-line reason. */
    public record Skipped(String source, String ref, String reason) implements Serializable {}

    /**
     * What the job did.
     *
     * @param sessions        sessions read (with at least one episode or none)
     * @param episodes        episodes (tasks) written
     * @param rows            rows written
     * @param nearDuplicates  episodes flagged {@code near_duplicate}
     * @param skipped         sessions (or an episode of one) left out, with the reason
     * @param files           the shards, in order
     * @param master          the Spark master it ran on
     * @param millis          wall time of the job (Spark start-up excluded when the caller passed its context)
     * @param build           the report as the local engine makes it (what build-report.json says)
     */
    public record Report(int sessions, long episodes, long rows, int nearDuplicates, List<Skipped> skipped, List<Path> files,
                         String master, long millis, BuildReport build) {}

    /** Runs the job in a Spark context of its own: {@code local[N]} in this process when no master is given. */
    public static Report run(Options o) {
        SparkConf conf = conf(o);
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            return run(sc, o);
        }
    }

    static SparkConf conf(Options o) {
        String master = o.master() == null || o.master().isBlank()
                ? "local[" + (o.cores() > 0 ? o.cores() : Runtime.getRuntime().availableProcessors()) + "]"
                : o.master();
        // under spark-submit, spark.master is already set (from its --master); an explicit master wins
        SparkConf conf = new SparkConf().setAppName("understudy-dataset");
        if (o.master() != null && !o.master().isBlank()) conf.setMaster(master);
        else conf.setIfMissing("spark.master", master);
        if (conf.get("spark.master").startsWith("local")) {
            // in-process: no web UI, and nothing listens but on the loopback interface
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return conf;
    }

    /** Runs the job on a context the caller owns. */
    public static Report run(JavaSparkContext sc, Options o) {
        long t0 = System.nanoTime();
        if (!"hf".equals(o.format())) throw new IllegalArgumentException("the Spark engine writes --format hf only (got " + o.format() + "): use --engine local");
        Path out = o.out().toAbsolutePath().normalize();
        BuildOptions bo = o.buildOptions(out);
        DatasetBuilder.prepareOut(out);
        Path staging = out.resolve(".spark-staging");
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        // 1. the sessions, listed on the driver, in the local engine's order (session id, source, ref)
        List<SessionTask> tasks = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (int i = 0; i < o.from().size(); i++) {
            Path dir = o.from().get(i).toAbsolutePath().normalize();
            try (SessionSource src = SessionSource.open(dir)) {
                for (String ref : src.refs()) tasks.add(new SessionTask(i, dir.toString(), ref));
            } catch (RuntimeException e) {
                skipped.add(new Skipped(dir.toString(), "*", "cannot list sessions: " + oneLine(e)));
            }
        }
        tasks.sort(Comparator.comparing((SessionTask t) -> sessionId(t.ref())).thenComparing(SessionTask::dir).thenComparing(SessionTask::ref));
        int parallelism = sc.defaultParallelism();
        int slices = Math.max(1, Math.min(tasks.size(), o.partitions() > 0 ? o.partitions() : 2 * parallelism));
        JavaRDD<SessionTask> rdd = sc.parallelize(tasks, slices);

        // 2. episodes and signatures per session, on the executors
        List<SessionSignatures> sigs = rdd.mapPartitions(new SignatureStage(o.exec())).collect();

        // 3. near-duplicates over all tasks (before any is dropped, as the local engine finds them)
        List<SessionSignatures> ordered = new ArrayList<>(sigs);
        ordered.sort(Comparator.comparing((SessionSignatures s) -> sessionId(s.ref())).thenComparing(SessionSignatures::source)
                .thenComparing(SessionSignatures::ref));
        List<Signature> all = new ArrayList<>();
        int read = 0;
        for (SessionSignatures s : ordered) {
            if (s.read()) read++;
            if (s.failure() != null) {
                skipped.add(new Skipped(s.source(), s.ref(), s.failure()));
                continue;
            }
            for (SigData d : s.signatures()) all.add(d.toSignature());
        }
        Set<String> dupes = DatasetTransforms.nearDuplicates(all);
        Broadcast<HashSetOfIds> dupIds = sc.broadcast(new HashSetOfIds(dupes));

        // 4. rows per range of sessions, each range written as its own shard(s), with its summary
        List<PartResult> parts = rdd.mapPartitionsWithIndex(new RowStage(o.exec(), staging.toString(), dupIds), true).collect();
        dupIds.destroy();

        List<PartResult> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingInt(PartResult::partition));
        long episodes = 0, rows = 0;
        int made = 0;
        Map<String, Integer> dropped = new TreeMap<>();
        DatasetSummary summary = new DatasetSummary();
        List<Path> staged = new ArrayList<>();
        for (PartResult p : sorted) {
            made += p.tasks();
            episodes += p.episodes();
            rows += p.rows();
            p.dropped().forEach((k, v) -> dropped.merge(k, v, Integer::sum));
            summary.merge(p.summary());
            for (String f : p.files()) staged.add(Path.of(f));
            skipped.addAll(p.skipped());
        }
        List<Path> files = Shards.publish(staged, out.resolve("data"));
        Shards.deleteTree(staging);

        // 5. the card, the plots, the build report and the lineage: the local engine's code
        Map<String, Long> bySplit = new TreeMap<>();
        if (rows > 0) bySplit.put("train", rows);
        List<BuildReport.Skipped> sk = skipped.stream().map(s -> new BuildReport.Skipped(s.source(), s.ref(), s.reason())).toList();
        List<Path> relative = files.stream().map(out::relativize).toList();
        BuildReport br = new BuildReport(out, o.format(), read, sk, made, (int) episodes, dropped, rows, bySplit, relative,
                (System.nanoTime() - t0) / 1e9);
        summary.write(bo, "spark", br);
        return new Report(read, episodes, rows, dupes.size(), List.copyOf(skipped), files, sc.master(),
                (System.nanoTime() - t0) / 1_000_000, br);
    }

    /** The session id of a ref ({@code source:session} for a collector's), as the local engine sorts by it. */
    static String sessionId(String ref) {
        return ref.contains(":") ? ref.substring(ref.indexOf(':') + 1) : ref;
    }

    /**
     * {@code ./understudy dataset build --engine spark}: the CLI's options run in {@code local[N]} in this process
     * (N: this machine's cores). Returns the local engine's one-line summary; sessions skipped are told on {@code err}.
     * A mistake the user can fix is an {@link IllegalArgumentException} (or {@link IllegalStateException}) of one line.
     * Refused: {@code --split-by}/{@code --test-fraction} and any format but {@code hf}.
     */
    public static String runForCli(BuildOptions b, java.io.PrintWriter err) {
        if (b.splitBy() != null || b.testFraction() > 0) {
            throw new IllegalArgumentException("the Spark engine does not split into train and test: --split-by and --test-fraction need --engine local");
        }
        if (!"hf".equals(b.format())) throw new IllegalArgumentException("the Spark engine writes --format hf only (got " + b.format() + "): use --engine local");
        for (Path dir : b.from()) {
            if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--from " + dir + ": no such directory");
        }
        Options o = new Options(b.from(), b.out(), null, Runtime.getRuntime().availableProcessors(), 0,
                b.since() == null ? null : b.since().toEpochMilli(), List.copyOf(new java.util.TreeSet<>(b.apps())),
                new TaskOptions(b.idleGapMillis(), b.minSteps()), "hf", true, List.copyOf(new java.util.TreeSet<>(b.dropFlagged())), b.shardBytes());
        Report r;
        // the console shows our lines, not Spark's INFO log (Spark 3.5+: as if setLogLevel were called at start-up)
        SparkConf conf = conf(o).setIfMissing("spark.log.level", "WARN");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            r = run(sc, o);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("cannot write the dataset: " + oneLine(e.getCause()));
        }
        for (BuildReport.Skipped s : r.build().skipped()) err.println("understudy: skipped " + s.session() + " (" + s.source() + "): " + s.reason());
        err.flush();
        return r.build().line();
    }

    static boolean selected(SessionInput in, Exec o) {
        return o.since() == null || in.manifest() == null || in.manifest().startWall() >= o.since();
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    // ---- what travels between driver and executors (serializable; the contract's records are not) ----

    record SessionTask(int sourceIndex, String dir, String ref) implements Serializable {}

    record SigData(String episodeId, long startWall, long[] frameHashes, String actions) implements Serializable {
        static SigData of(Signature s) {
            long[] h = new long[s.frameHashes().size()];
            for (int i = 0; i < h.length; i++) h[i] = s.frameHashes().get(i);
            return new SigData(s.episodeId(), s.startWall(), h, s.actions());
        }

        Signature toSignature() {
            List<Long> h = new ArrayList<>(frameHashes.length);
            for (long v : frameHashes) h.add(v);
            return new Signature(episodeId, startWall, h, actions);
        }
    }

    /** A session's signatures; {@code read}: opened and selected (the local engine's "sessions read"). */
    record SessionSignatures(int sourceIndex, String source, String ref, List<SigData> signatures, String failure, boolean read)
            implements Serializable {}

    /** What a partition did: its shards, tasks made, kept ({@code episodes}) and dropped by reason, and its summary. */
    record PartResult(int partition, List<String> files, int tasks, long episodes, TreeMap<String, Integer> dropped, long rows,
                      List<Skipped> skipped, DatasetSummary summary) implements Serializable {}

    /** The near-duplicate ids, broadcast to the executors. */
    static final class HashSetOfIds implements Serializable {
        private final java.util.HashSet<String> ids;

        HashSetOfIds(Set<String> ids) {
            this.ids = new java.util.HashSet<>(ids);
        }

        Set<String> ids() {
            return Collections.unmodifiableSet(ids);
        }
    }

    /** Opens each source directory once per task (executors open their own, from the path). */
    static final class Sources implements AutoCloseable {
        private final Map<String, SessionSource> open = new HashMap<>();

        SessionSource get(String dir) {
            return open.computeIfAbsent(dir, d -> SessionSource.open(Path.of(d)));
        }

        @Override
        public void close() {
            for (SessionSource s : open.values()) {
                try {
                    s.close();
                } catch (RuntimeException ignored) {
                    // closing a source that failed to open
                }
            }
            open.clear();
        }
    }

    static final class SignatureStage implements org.apache.spark.api.java.function.FlatMapFunction<Iterator<SessionTask>, SessionSignatures> {
        private final Exec o;

        SignatureStage(Exec o) {
            this.o = o;
        }

        @Override
        public Iterator<SessionSignatures> call(Iterator<SessionTask> it) {
            List<SessionSignatures> out = new ArrayList<>();
            try (Sources sources = new Sources()) {
                while (it.hasNext()) {
                    SessionTask t = it.next();
                    SessionInput in;
                    try {
                        in = sources.get(t.dir()).open(t.ref());
                    } catch (RuntimeException e) {
                        out.add(new SessionSignatures(t.sourceIndex(), t.dir(), t.ref(), List.of(), oneLine(e), false));
                        continue;
                    }
                    if (!selected(in, o)) {
                        out.add(new SessionSignatures(t.sourceIndex(), t.dir(), t.ref(), List.of(), null, false));
                        continue;
                    }
                    try {
                        List<SigData> sigs = new ArrayList<>();
                        for (Episode e : DatasetTransforms.episodes(in, o.task())) sigs.add(SigData.of(DatasetTransforms.signature(in, e)));
                        out.add(new SessionSignatures(t.sourceIndex(), t.dir(), t.ref(), sigs, null, true));
                    } catch (RuntimeException e) {
                        out.add(new SessionSignatures(t.sourceIndex(), t.dir(), t.ref(), List.of(), "cannot cut into tasks: " + oneLine(e), true));
                    }
                }
            }
            return out.iterator();
        }
    }

    static final class RowStage implements org.apache.spark.api.java.function.Function2<Integer, Iterator<SessionTask>, Iterator<PartResult>> {
        private final Exec o;
        private final String staging;
        private final Broadcast<HashSetOfIds> dupes;

        RowStage(Exec o, String staging, Broadcast<HashSetOfIds> dupes) {
            this.o = o;
            this.staging = staging;
            this.dupes = dupes;
        }

        @Override
        public Iterator<PartResult> call(Integer partition, Iterator<SessionTask> it) throws IOException {
            Set<String> ids = dupes.value().ids();
            List<Skipped> skipped = new ArrayList<>();
            long episodes = 0, rows = 0;
            int made = 0;
            TreeMap<String, Integer> dropped = new TreeMap<>();
            DatasetSummary summary = new DatasetSummary();
            Path dir = Path.of(staging, String.format("part-%05d", partition));
            Shards.deleteTree(dir);
            List<String> files;
            try (Sources sources = new Sources(); Shards.Writer w = Shards.open(dir, o)) {
                while (it.hasNext()) {
                    SessionTask t = it.next();
                    SessionInput in;
                    List<Episode> eps;
                    try {
                        in = sources.get(t.dir()).open(t.ref());
                        if (!selected(in, o)) continue;
                        eps = DatasetTransforms.episodes(in, o.task());
                    } catch (RuntimeException e) {
                        continue; // listed by the signature stage already
                    }
                    summary.session(in);
                    for (Episode e : eps) {
                        made++;
                        try {
                            boolean dup = ids.contains(e.episodeId());
                            Episode ep = dup ? NearDuplicateFlag.episode(e) : e;
                            String why = o.dropReason(ep);
                            if (why != null) {
                                dropped.merge(why, 1, Integer::sum);
                                continue;
                            }
                            List<StepRow> r = DatasetTransforms.rows(in, ep);
                            if (dup) r = NearDuplicateFlag.rows(r);
                            w.add(ep, r);
                            summary.episode(ep, r, "train");
                            episodes++;
                            rows += r.size();
                        } catch (RuntimeException ex) {
                            skipped.add(new Skipped(t.dir(), t.ref(), "episode " + e.episodeId() + ": " + oneLine(ex)));
                        }
                    }
                }
                w.finish();
                files = w.files();
            }
            return List.of(new PartResult(partition, files, made, episodes, dropped, rows, skipped, summary)).iterator();
        }
    }

    // ---- spark-submit ----

    static final String USAGE = "usage: SparkDatasetJob --from DIR [--from DIR ...] --out DIR [--master URL] [--partitions N]"
            + " [--since EPOCH_MS] [--app NAME ...] [--drop-flagged FLAG,...] [--min-steps N] [--idle-gap-ms MS] [--format hf]";

    public static void main(String[] args) {
        List<Path> from = new ArrayList<>();
        Path out = null;
        String master = null;
        int partitions = 0;
        Long since = null;
        List<String> apps = new ArrayList<>();
        List<String> dropFlagged = new ArrayList<>();
        TaskOptions task = TaskOptions.DEFAULTS;
        String format = "hf";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null && !a.equals("--help")) die("missing value of " + a);
            switch (a) {
                case "--from" -> from.add(Path.of(v));
                case "--out" -> out = Path.of(v);
                case "--master" -> master = v;
                case "--partitions" -> partitions = Integer.parseInt(v);
                case "--since" -> since = Long.parseLong(v);
                case "--app" -> apps.add(v);
                case "--drop-flagged" -> dropFlagged.addAll(List.of(v.split(",")));
                case "--min-steps" -> task = new TaskOptions(task.idleGapMillis(), Integer.parseInt(v));
                case "--idle-gap-ms" -> task = new TaskOptions(Long.parseLong(v), task.minSteps());
                case "--format" -> format = v;
                case "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> die("unknown option " + a);
            }
            i++;
        }
        if (from.isEmpty() || out == null) die("--from and --out are required");
        // under spark-submit the master comes from its --master (spark.master); --master here overrides it
        Report r = run(new Options(from, out, master, 0, partitions, since, apps, task, format, true, dropFlagged, 0));
        System.out.printf(Locale.ROOT, "%d sessions, %d episodes, %d rows (%d near-duplicates) in %d shard(s), %.1f s on %s%n",
                r.sessions(), r.episodes(), r.rows(), r.nearDuplicates(), r.files().size(), r.millis() / 1000.0, r.master());
        for (Skipped s : r.skipped()) System.out.println("skipped " + s.source() + " " + s.ref() + ": " + s.reason());
    }

    private static void die(String m) {
        System.err.println(m);
        System.err.println(USAGE);
        System.exit(2);
    }
}
