package dev.understudy.bench;

import dev.understudy.model.MarkerKind;
import dev.understudy.demo.DemoWorkflow;
import dev.understudy.demo.OfficeWorkload;
import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.demo.Xdo;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Step;
import dev.understudy.reduce.Reducer;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The whole-process benchmark of the recorder: a real Xvfb desktop, a terminal and an editor, a
 * person's pace (an action every few seconds), and `understudy record` as its own process. It
 * reports what the issue asks: CPU as % of one core, RSS, bytes per active hour and per step,
 * frame capture time, lost events, and, on the very same frames, the bytes other recorders'
 * storage choices would take.
 *
 * <p>Run: {@code ./understudy bench} (see docs/benchmarks.md).
 */
public final class RecorderHarness {
    /** How long the recorder runs before the steady-state CPU figure starts (class loading and JIT warm-up). */
    static final double WARM_UP_SECONDS = 60;

    public record Result(double minutes, int scriptedActions, int steps, long events, long dropped, double cpuPercent,
                         double steadyCpuPercent, long rssAvgMiB, long rssPeakMiB, long dataBytes, double bytesPerHour, double bytesPerStep,
                         String recorderStats, Path dataDir, String session) {}

    public static void main(String[] args) throws Exception {
        double minutes = 3;
        Path out = Path.of("bench-results");
        long think = 2500;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--think-ms" -> think = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Result r = run(minutes, think, out, System.out::println);
        System.out.println(table(r));
        // the same frames, stored the ways other recorders store them
        StorageComparison.Result storage = StorageComparison.compare(StorageComparison.session(r.dataDir(), r.session()),
                StorageComparison.Options.DEFAULT);
        System.out.println(storage.markdown());
    }

    public static Result run(double minutes, long thinkMillis, Path out, java.util.function.Consumer<String> log) throws Exception {
        deleteTree(out);
        Files.createDirectories(out);
        Path data = out.resolve("data");
        int actions;
        String session;
        double cpu;
        double secs;
        List<Long> rssSamples = new ArrayList<>();
        double[] warm = null;
        double[][] warmHolder = new double[1][];
        long rssPeak;
        String stats;
        try (VirtualDesktop desktop = VirtualDesktop.start(1280, 800);
             DemoWorkflow apps = new DemoWorkflow(desktop, new Xdo(desktop, 110))) {
            apps.launchApps();
            try (RecorderProcess rec = RecorderProcess.start(desktop, data)) {
                session = rec.sessionId();
                log.accept("recording " + session + "; workload for " + minutes + " min");
                Thread sampler = new Thread(() -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            Thread.sleep(5000); // sampling period
                            synchronized (rssSamples) {
                                rssSamples.add(rec.rssKiB()[0]);
                                if (warmHolder[0] == null && rec.secondsSinceReady() >= WARM_UP_SECONDS) {
                                    warmHolder[0] = new double[] {rec.cpuSecondsSinceReady(), rec.secondsSinceReady()};
                                }
                            }
                        }
                    } catch (InterruptedException | IOException e) {
                        // done
                    }
                }, "rss-sampler");
                sampler.setDaemon(true);
                sampler.start();
                actions = new OfficeWorkload(apps, new Xdo(desktop, 110), thinkMillis).run((long) (minutes * 60_000), log);
                // a lone Shift press (no step) marks the end: once it is stored, everything before it is too
                long endMark = System.currentTimeMillis();
                new Xdo(desktop).key("shift");
                rec.awaitEvent(e -> e instanceof RawEvent.KeyDown k && "shift".equals(k.key()) && k.wall() >= endMark - 50, 10_000);
                cpu = rec.cpuSecondsSinceReady();
                secs = rec.secondsSinceReady();
                rssPeak = rec.rssKiB()[1];
                sampler.interrupt();
                synchronized (rssSamples) {
                    warm = warmHolder[0];
                }
                if (rec.stop() != 0) throw new IOException("recorder failed: " + rec.stderr());
                stats = rec.stderr().lines().filter(l -> l.contains("events=")).findFirst().orElse("").replace("understudy: ", "");
            }
        }
        SessionReader reader = DataDir.at(data).open(session);
        List<RawEvent> events = reader.events();
        List<Step> steps = Reducer.reduce(session, reader.manifest(), events);
        long dropped = events.stream().filter(e -> e instanceof RawEvent.Marker m && m.kind() == MarkerKind.DROPPED).count();
        long bytes = dirBytes(data);
        long rssAvg;
        synchronized (rssSamples) {
            rssAvg = rssSamples.isEmpty() ? rssPeak : rssSamples.stream().mapToLong(Long::longValue).sum() / rssSamples.size();
        }
        double steady = warm == null || secs - warm[1] < 30 ? Double.NaN : 100 * (cpu - warm[0]) / (secs - warm[1]);
        return new Result(secs / 60, actions, steps.size(), events.size(), dropped, 100 * cpu / secs, steady, rssAvg / 1024,
                rssPeak / 1024, bytes, bytes / (secs / 3600), (double) bytes / Math.max(1, steps.size()), stats, data, session);
    }

    public static String table(Result r) {
        return String.format(Locale.ROOT, """
                | measure | value |
                |---|---|
                | workload | %.1f min, %d scripted actions, %d steps recognised, %d raw events |
                | recorder CPU (%% of one core, averaged) | %.2f %% |
                | recorder CPU after the first minute (warmed up) | %.2f %% |
                | recorder RSS (average / peak) | %d MiB / %d MiB |
                | bytes stored (events + frames) | %d |
                | bytes per active hour | %.0f |
                | bytes per step | %.0f |
                | events lost | %d |
                | recorder counters | %s |
                """, r.minutes(), r.scriptedActions(), r.steps(), r.events(), r.cpuPercent(), r.steadyCpuPercent(), r.rssAvgMiB(), r.rssPeakMiB(),
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
