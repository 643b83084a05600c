package dev.understudy.bench;

import dev.understudy.demo.DemoWorkflow;
import dev.understudy.demo.OfficeWorkload;
import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.demo.Xdo;
import dev.understudy.model.MarkerKind;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Step;
import dev.understudy.reduce.Reducer;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The whole-process benchmark of the recorder: a real Xvfb desktop, a terminal and an editor, a
 * person's pace, and `understudy record` as its own process. It reports what issues 5 and 15 ask:
 * CPU as % of one core (from start and after the first minute), RSS, bytes per active hour and per
 * step, lost events, the recorder's own counters, and, on the very same frames, the bytes other
 * recorders' storage choices would take. CPU includes the processes the recorder starts (its OCR
 * process); RSS is the recorder's own, and the OCR process's peak RSS is added to the counters
 * ({@code ocrChildRssPeakMiB}).
 *
 * <p>Workloads ({@code --workload}): {@code office} (an action every few seconds, the default),
 * {@code dense} (an action about every second), {@code idle} (apps open, no input at all),
 * {@code scroll} (a terminal paging through output, a long document, a long web page) and
 * {@code soak} (office for an hour, RSS sampled every 5 s). Each run is a fresh desktop and
 * recorder; {@code --runs N} runs (default 3, soak 1) are summarised as min / median / max in
 * OUT/summary.md and OUT/summary.json ({@link BenchSummary}).
 *
 * <p>Run: {@code ./understudy bench [--workload W] [--minutes M] [--runs N] [--out DIR]} (docs/benchmarks.md).
 */
public final class RecorderHarness {
    /** How long the recorder runs before the steady-state CPU figure starts (class loading and JIT warm-up). */
    static final double WARM_UP_SECONDS = 60;
    /** RSS and CPU sampling period. */
    static final long SAMPLE_MILLIS = 5000;
    /** Sampling period of the OCR child's RSS (it may live for less than a minute). */
    static final long CHILD_SAMPLE_MILLIS = 1000;

    public enum Workload {
        office, dense, idle, scroll, soak;

        double defaultMinutes() {
            return switch (this) {
                case office, dense, scroll -> 3;
                case idle -> 5;
                case soak -> 60;
            };
        }

        long defaultThinkMillis() {
            return switch (this) {
                case office, soak, idle -> 2500;
                case dense, scroll -> 1000;
            };
        }

        int defaultRuns() {
            return this == soak ? 1 : 3;
        }
    }

    /** One sample of the recorder process: seconds since it was ready, CPU seconds since then, RSS. */
    public record Sample(double seconds, double cpuSeconds, long rssKiB) {}

    public record Options(Workload workload, double minutes, long thinkMillis, int runs, Path out, boolean storage) {}

    /**
     * One run's figures.
     *
     * @param storage the comparison on this run's frames, null when the run stored no frame
     * @param phases what the workload ran (scroll: its phases, or why one was skipped)
     */
    public record Result(String workload, double minutes, int scriptedActions, int steps, long events, long dropped, double cpuPercent,
                         double steadyCpuPercent, long rssAvgMiB, long rssPeakMiB, long dataBytes, double bytesPerHour, double bytesPerStep,
                         String recorderStats, Path dataDir, String session, List<Sample> samples, List<String> phases,
                         StorageComparison.Result storage) {

        /** A counter of the recorder's closing stats line ("grabs=170 framesStored=76 ..."), -1 if absent. */
        public long counter(String name) {
            Matcher m = Pattern.compile("(?:^|\\s)" + Pattern.quote(name) + "=(\\d+)").matcher(recorderStats);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }

        Result withStorage(StorageComparison.Result s) {
            return new Result(workload, minutes, scriptedActions, steps, events, dropped, cpuPercent, steadyCpuPercent, rssAvgMiB, rssPeakMiB,
                    dataBytes, bytesPerHour, bytesPerStep, recorderStats, dataDir, session, samples, phases, s);
        }
    }

    public static void main(String[] args) throws Exception {
        Workload workload = Workload.office;
        Double minutes = null;
        Long think = null;
        Integer runs = null;
        Path out = Path.of("bench-results");
        boolean storage = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--workload" -> workload = Workload.valueOf(args[++i].toLowerCase(Locale.ROOT));
                case "--soak" -> workload = Workload.soak;
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--think-ms" -> think = Long.parseLong(args[++i]);
                case "--no-storage" -> storage = false;
                case "-h", "--help" -> {
                    System.out.println("usage: understudy bench [--workload office|dense|idle|scroll|soak] [--soak] [--minutes M] [--runs N]\n"
                            + "                       [--think-ms MS] [--out DIR] [--no-storage]\n"
                            + "defaults: office 3 min, dense 3 min (1 s pace), idle 5 min, scroll 3 min (1 s pace), soak 60 min;\n"
                            + "          3 runs (soak: 1); out bench-results");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--help)");
            }
        }
        Options o = new Options(workload, minutes != null ? minutes : workload.defaultMinutes(),
                think != null ? think : workload.defaultThinkMillis(), runs != null ? runs : workload.defaultRuns(), out, storage);
        List<Result> results = runAll(o, System.out::println);
        BenchSummary summary = new BenchSummary(o, results);
        String md = summary.markdown();
        System.out.println();
        System.out.println(md);
        Files.writeString(out.resolve("summary.md"), md, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("summary.json"), summary.json(), StandardCharsets.UTF_8);
        System.out.println("written: " + out.resolve("summary.md") + ", " + out.resolve("summary.json"));
    }

    /** The runs of {@code o}, each in OUT/run-N (a fresh desktop and recorder), with their storage comparisons. */
    public static List<Result> runAll(Options o, Consumer<String> log) throws Exception {
        Files.createDirectories(o.out());
        Files.deleteIfExists(o.out().resolve("summary.md"));
        Files.deleteIfExists(o.out().resolve("summary.json"));
        List<Result> results = new ArrayList<>();
        for (int i = 1; i <= o.runs(); i++) {
            Path dir = o.out().resolve("run-" + i);
            log.accept("== " + o.workload() + " run " + i + " of " + o.runs() + " (" + o.minutes() + " min) in " + dir);
            Result r = run(o.workload(), o.minutes(), o.thinkMillis(), dir, log);
            if (o.storage()) {
                try {
                    // the same frames, stored the ways other recorders store them
                    r = r.withStorage(StorageComparison.compare(StorageComparison.session(r.dataDir(), r.session()),
                            StorageComparison.Options.DEFAULT));
                } catch (IllegalArgumentException e) {
                    log.accept("no storage comparison: " + e.getMessage());
                }
            }
            String report = table(r) + (r.storage() == null ? "" : "\n" + r.storage().markdown())
                    + (o.workload() == Workload.soak ? "\n" + BenchSummary.soakTable(r) : "");
            Files.writeString(dir.resolve("report.md"), report, StandardCharsets.UTF_8);
            log.accept(report);
            results.add(r);
        }
        return results;
    }

    /** The office workload for {@code minutes}, as before (one run in {@code out}). */
    public static Result run(double minutes, long thinkMillis, Path out, Consumer<String> log) throws Exception {
        return run(Workload.office, minutes, thinkMillis, out, log);
    }

    public static Result run(Workload workload, double minutes, long thinkMillis, Path out, Consumer<String> log) throws Exception {
        deleteTree(out);
        Files.createDirectories(out);
        Path data = out.resolve("data");
        long durationMillis = (long) (minutes * 60_000);
        int actions;
        String session;
        double cpu;
        double secs;
        List<Sample> samples = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        long rssPeak;
        // the OCR process the recorder starts while it reads frames: its RSS is reported apart from the recorder's
        java.util.concurrent.atomic.AtomicLong childRssPeak = new java.util.concurrent.atomic.AtomicLong();
        String stats;
        try (VirtualDesktop desktop = VirtualDesktop.start(1280, 800);
             DemoWorkflow apps = new DemoWorkflow(desktop, new Xdo(desktop, 110))) {
            apps.launchApps();
            try (RecorderProcess rec = RecorderProcess.start(desktop, data)) {
                session = rec.sessionId();
                log.accept("recording " + session + "; " + workload + " workload for " + minutes + " min");
                Thread sampler = new Thread(() -> {
                    try {
                        long next = System.nanoTime();
                        while (!Thread.currentThread().isInterrupted()) {
                            next += SAMPLE_MILLIS * 1_000_000;
                            long wait = (next - System.nanoTime()) / 1_000_000;
                            if (wait > 0) Thread.sleep(wait); // sampling period
                            Sample s = new Sample(rec.secondsSinceReady(), rec.cpuSecondsSinceReady(), rec.rssKiB()[0]);
                            synchronized (samples) {
                                samples.add(s);
                            }
                        }
                    } catch (InterruptedException | IOException e) {
                        // done
                    }
                }, "rss-sampler");
                sampler.setDaemon(true);
                sampler.start();
                // the OCR process lives for a while after the frames it reads, and reads the queued frames while the
                // recorder stops: sampled every second until the recorder has exited
                Thread childSampler = new Thread(() -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            childRssPeak.accumulateAndGet(rec.descendantsRssKiB(), Math::max);
                            Thread.sleep(CHILD_SAMPLE_MILLIS); // sampling period
                        }
                    } catch (InterruptedException e) {
                        // done
                    }
                }, "ocr-child-rss-sampler");
                childSampler.setDaemon(true);
                childSampler.start();
                Xdo xdo = new Xdo(desktop, 110);
                double[] idleEnd = null;
                switch (workload) {
                    case office, soak -> actions = new OfficeWorkload(apps, xdo, thinkMillis).run(durationMillis, log);
                    case dense -> actions = BenchWorkloads.dense(apps, xdo, thinkMillis, durationMillis, log);
                    case scroll -> actions = BenchWorkloads.scroll(desktop, apps, xdo, data, out, thinkMillis, durationMillis, log, phases);
                    case idle -> {
                        long end = System.currentTimeMillis() + durationMillis;
                        while (System.currentTimeMillis() < end) {
                            Thread.sleep(Math.min(60_000, end - System.currentTimeMillis())); // nothing happens on the desktop
                            log.accept(String.format(Locale.ROOT, "idle %.1f min", rec.secondsSinceReady() / 60));
                        }
                        // measured before the end marker, which is input
                        idleEnd = new double[] {rec.cpuSecondsSinceReady(), rec.secondsSinceReady()};
                        actions = 0;
                    }
                    default -> throw new IllegalStateException();
                }
                // a lone Shift press (no step) marks the end: once it is stored, everything before it is too
                long endMark = System.currentTimeMillis();
                new Xdo(desktop).key("shift");
                rec.awaitEvent(e -> e instanceof RawEvent.KeyDown k && "shift".equals(k.key()) && k.wall() >= endMark - 50, 30_000);
                cpu = idleEnd != null ? idleEnd[0] : rec.cpuSecondsSinceReady();
                secs = idleEnd != null ? idleEnd[1] : rec.secondsSinceReady();
                rssPeak = rec.rssKiB()[1];
                sampler.interrupt();
                sampler.join(10_000);
                int exit = rec.stop();
                childSampler.interrupt();
                childSampler.join(10_000);
                if (exit != 0) throw new IOException("recorder failed: " + rec.stderr());
                stats = rec.stderr().lines().filter(l -> l.contains("events=")).findFirst().orElse("").replace("understudy: ", "");
                // the OCR child's peak RSS (sampled every second, not part of the recorder's RSS), after the recorder's own counters
                stats = (stats.isEmpty() ? "" : stats + " ") + "ocrChildRssPeakMiB=" + childRssPeak.get() / 1024;
            }
        }
        SessionReader reader = DataDir.at(data).open(session);
        List<RawEvent> events = reader.events();
        List<Step> steps = Reducer.reduce(session, reader.manifest(), events);
        long dropped = events.stream().filter(e -> e instanceof RawEvent.Marker m && m.kind() == MarkerKind.DROPPED).count();
        long bytes = dirBytes(data);
        List<Sample> kept;
        synchronized (samples) {
            kept = List.copyOf(samples);
        }
        long rssAvg = kept.isEmpty() ? rssPeak : kept.stream().mapToLong(Sample::rssKiB).sum() / kept.size();
        // steady state: from the first sample at or past the warm-up to the end
        Sample warm = kept.stream().filter(s -> s.seconds() >= WARM_UP_SECONDS).findFirst().orElse(null);
        double steady = warm == null || secs - warm.seconds() < 30 ? Double.NaN : 100 * (cpu - warm.cpuSeconds()) / (secs - warm.seconds());
        return new Result(workload.name(), secs / 60, actions, steps.size(), events.size(), dropped, 100 * cpu / secs, steady, rssAvg / 1024,
                rssPeak / 1024, bytes, bytes / (secs / 3600), (double) bytes / Math.max(1, steps.size()), stats, data, session, kept,
                List.copyOf(phases), null);
    }

    public static String table(Result r) {
        return String.format(Locale.ROOT, """
                | measure | value |
                |---|---|
                | workload | %s, %.1f min, %d scripted actions, %d steps recognised, %d raw events%s |
                | recorder CPU (%% of one core, averaged) | %.2f %% |
                | recorder CPU after the first minute (warmed up) | %.2f %% |
                | recorder RSS (average / peak) | %d MiB / %d MiB |
                | bytes stored (events + frames) | %d |
                | bytes per active hour | %.0f |
                | bytes per step | %.0f |
                | events lost | %d |
                | recorder counters | %s |
                """, r.workload(), r.minutes(), r.scriptedActions(), r.steps(), r.events(),
                r.phases().isEmpty() ? "" : " (" + String.join("; ", r.phases()) + ")",
                r.cpuPercent(), r.steadyCpuPercent(), r.rssAvgMiB(), r.rssPeakMiB(),
                r.dataBytes(), r.bytesPerHour(), r.bytesPerStep(), r.dropped(), r.recorderStats());
    }

    static long dirBytes(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(q -> q.toFile().length()).sum();
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
