package dev.understudy.dataset.spark;

import dev.understudy.dataset.DatasetTransforms.TaskOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import dev.understudy.dataset.build.BuildOptions;
import dev.understudy.dataset.build.BuildReport;
import dev.understudy.dataset.build.DatasetBuilder;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Steps per second per core of the dataset builder, local engine and Spark (local[1], local[2]),
 * with peak heap, on a generated corpus with real frames (1280x800 screens of rendered text, a new
 * screen every few steps, as real sessions reuse frames). {@code --format hf}, images embedded.
 *
 * <p>Run (docs/benchmarks.md, "Dataset builder"): {@code java <Spark's --add-opens flags> -cp
 * target/test-classes:target/classes:<test classpath> dev.understudy.dataset.spark.DatasetBench WORKDIR SESSIONS
 * CLICKS_PER_SESSION [PER_SCREEN [all|local|spark1|spark2 [PAGES]]]}; the corpus is kept in WORKDIR/corpus and reused.
 * Steps per CPU-second (process CPU time) is given beside wall-clock rates, since a shared machine's other load
 * slows the wall clock but not the CPU time.
 */
public final class DatasetBench {
    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int sessions = Integer.parseInt(args[1]);
        int clicks = Integer.parseInt(args[2]);
        int perScreen = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        String only = args.length > 4 ? args[4] : "all";
        int pages = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        Path corpus = work.resolve("corpus");
        long t0 = System.nanoTime();
        if (!Files.isDirectory(corpus.resolve("sessions"))) {
            for (int s = 0; s < sessions; s++) Corpus.session(corpus, 1000 + s, 1000 + s, clicks, perScreen, 1280, 800, pages);
            System.out.printf(Locale.ROOT, "corpus: %d sessions x %d clicks, new screen every %d%s, written in %.1f s%n", sessions, clicks,
                    perScreen, pages > 0 ? " (of " + pages + " shared pages, a local change a click)" : "", (System.nanoTime() - t0) / 1e9);
        }

        long steps0 = 0;
        System.out.printf(Locale.ROOT, "load average %.2f, %d cores available%n", load(), Runtime.getRuntime().availableProcessors());
        if (only.equals("all") || only.equals("local")) {
            // the local engine as `dataset build` runs it: rows, card, plots, lineage
            Path out = work.resolve("out-local");
            resetPeaks();
            long t = System.nanoTime(), cpu = cpu();
            BuildReport r = DatasetBuilder.build(new BuildOptions(List.of(corpus), out, "hf", null, Set.of(), null, 0, 2, Set.of(),
                    TaskOptions.DEFAULTS.idleGapMillis(), 500_000_000L), DatasetBuilder.Progress.NONE);
            report("local engine", 1, r.rows(), System.nanoTime() - t, cpu() - cpu);
            steps0 = r.rows();
            Shards.deleteTree(out);
        }
        for (int cores : new int[] {1, 2}) {
            if (!only.equals("all") && !only.equals("spark" + cores)) continue;
            Path out = work.resolve("out-spark" + cores);
            SparkDatasetJob.Options o = SparkDatasetJob.Options.of(List.of(corpus), out).withMaster("local[" + cores + "]").withPartitions(4 * cores);
            try (JavaSparkContext sc = new JavaSparkContext(SparkDatasetJob.conf(o))) {
                sc.setLogLevel("WARN");
                resetPeaks();
                long t = System.nanoTime(), cpu = cpu();
                SparkDatasetJob.Report r = SparkDatasetJob.run(sc, o);
                report("spark local[" + cores + "] (" + r.files().size() + " shards)", cores, r.rows(), System.nanoTime() - t, cpu() - cpu);
                if (steps0 > 0 && steps0 != r.rows()) throw new IllegalStateException("engines disagree: " + steps0 + " vs " + r.rows() + " rows");
            }
            Shards.deleteTree(out);
        }
    }

    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** CPU time of this process, ns (all threads; what other processes take on a shared machine is not in it). */
    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static void resetPeaks() {
        dev.understudy.dataset.image.TileRowImages.clear(); // each engine starts cold
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
    }

    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        return sum;
    }

    static void report(String what, int cores, long rows, long nanos, long cpuNanos) {
        double s = nanos / 1e9;
        System.out.printf(Locale.ROOT, "%-32s %8d steps in %7.1f s: %7.1f steps/s, %7.1f steps/s per core, %7.1f steps per CPU-second;"
                        + " peak heap %d MiB (sum of pool peaks); load average %.2f%n",
                what, rows, s, rows / s, rows / s / cores, rows / (cpuNanos / 1e9), peakHeap() >> 20, load());
    }
}
