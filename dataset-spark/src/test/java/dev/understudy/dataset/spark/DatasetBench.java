package dev.understudy.dataset.spark;

import dev.understudy.dataset.DatasetTransforms.TaskOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Steps per second per core of the dataset builder, local engine and Spark (local[1], local[2]),
 * with peak heap, on a generated corpus with real frames (1280x800 screens of rendered text, a new
 * screen every few steps, as real sessions reuse frames). {@code --format hf}, images embedded.
 *
 * <p>Run: {@code java <Spark's --add-opens flags> -cp target/test-classes:target/classes:<test classpath>
 * dev.understudy.dataset.spark.DatasetBench WORKDIR SESSIONS CLICKS_PER_SESSION [PER_SCREEN]}
 */
public final class DatasetBench {
    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int sessions = Integer.parseInt(args[1]);
        int clicks = Integer.parseInt(args[2]);
        int perScreen = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        String only = args.length > 4 ? args[4] : "all";
        Path corpus = work.resolve("corpus");
        long t0 = System.nanoTime();
        if (!Files.isDirectory(corpus.resolve("sessions"))) {
            for (int s = 0; s < sessions; s++) Corpus.session(corpus, 1000 + s, clicks, perScreen, 1280, 800);
            System.out.printf(Locale.ROOT, "corpus: %d sessions x %d clicks, new screen every %d, written in %.1f s%n", sessions, clicks,
                    perScreen, (System.nanoTime() - t0) / 1e9);
        }

        if (only.equals("all") || only.equals("local")) {
            Path out = work.resolve("out-local");
            Shards.deleteTree(out);
            resetPeaks();
            long t = System.nanoTime();
            AtomicLong rows = new AtomicLong();
            try (Shards.Writer w = Shards.open(out.resolve("staging"), SparkDatasetJob.Options.of(List.of(corpus), out).exec())) {
                InProcess.run(corpus, TaskOptions.DEFAULTS, (e, r) -> {
                    w.add(e, r);
                    rows.addAndGet(r.size());
                });
                w.finish();
            }
            report("local (in-process transforms + writer)", 1, rows.get(), System.nanoTime() - t);
            Shards.deleteTree(out);
        }
        for (int cores : new int[] {1, 2}) {
            if (!only.equals("all") && !only.equals("spark" + cores)) continue;
            Path out = work.resolve("out-spark" + cores);
            Shards.deleteTree(out);
            SparkDatasetJob.Options o = SparkDatasetJob.Options.of(List.of(corpus), out).withMaster("local[" + cores + "]").withPartitions(4 * cores);
            try (JavaSparkContext sc = new JavaSparkContext(SparkDatasetJob.conf(o))) {
                sc.setLogLevel("WARN");
                resetPeaks();
                long t = System.nanoTime();
                SparkDatasetJob.Report r = SparkDatasetJob.run(sc, o);
                report("spark local[" + cores + "] (" + r.files().size() + " shards)", cores, r.rows(), System.nanoTime() - t);
            }
            Shards.deleteTree(out);
        }
    }

    static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
    }

    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        return sum;
    }

    static void report(String what, int cores, long rows, long nanos) {
        double s = nanos / 1e9;
        System.out.printf(Locale.ROOT, "%-45s %8d steps in %7.1f s: %7.1f steps/s, %7.1f steps/s per core; peak heap %d MiB (sum of pool peaks)%n",
                what, rows, s, rows / s, rows / s / cores, peakHeap() >> 20);
    }
}
