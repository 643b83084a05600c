package dev.understudy.bench;

import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.bench.RecorderHarness.Options;
import dev.understudy.bench.RecorderHarness.Result;
import dev.understudy.bench.RecorderHarness.Sample;
import dev.understudy.bench.RecorderHarness.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The harness's summary: min / median / max across runs, the soak's RSS growth and 5-minute windows. */
class BenchSummaryTest {
    /** A run of {@code minutes} sampled every 5 s: CPU at {@code cpuPercent}, RSS from 150 MiB growing {@code kibPerSample}. */
    static Result run(double cpuPercent, double minutes, long kibPerSample, String stats, StorageComparison.Result storage) {
        List<Sample> samples = new ArrayList<>();
        for (int t = 5; t <= minutes * 60; t += 5) samples.add(new Sample(t, cpuPercent / 100 * t, 150 * 1024 + kibPerSample * (t / 5)));
        return new Result("office", minutes, 10, 12, 300, 0, cpuPercent, cpuPercent, 150, 160, 120_000, 1e6, 10_000, stats,
                Path.of("data"), "s", samples, List.of(), storage);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void minMedianMaxIgnoresWhatWasNotMeasured() {
        assertArrayEquals(new double[] {1, 2, 5}, BenchSummary.minMedianMax(new double[] {5, 1, 2}));
        assertArrayEquals(new double[] {1, 1.5, 2}, BenchSummary.minMedianMax(new double[] {2, Double.NaN, 1}));
        assertTrue(Double.isNaN(BenchSummary.minMedianMax(new double[] {Double.NaN})[1]));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void summaryTableHasEveryRunAndTheCountersOfTheStatsLine() throws Exception {
        StorageComparison.Result storage = StorageReportTest.result(1_000_000L, null, true);
        List<Result> runs = List.of(run(1.0, 3, 0, "events=300 grabs=40 framesStored=20 grabsSkippedUndamaged=7", storage),
                run(3.0, 3, 0, "events=300 grabs=60 framesStored=30", storage), run(2.0, 3, 0, "events=300", null));
        assertEquals(7, runs.get(0).counter("grabsSkippedUndamaged"));
        assertEquals(-1, runs.get(2).counter("grabs"));
        BenchSummary s = new BenchSummary(new Options(Workload.office, 3, 2500, 3, Path.of("out"), true), runs);
        String md = s.markdown();
        assertTrue(md.contains("| recorder CPU, averaged from start (% of one core) | 1.00 % | 3.00 % | 2.00 % | 1.00 % | **2.00 %** | 3.00 % |"), md);
        assertTrue(md.contains("| frame grabs | 40 | 60 | – | 40 | **50** | 60 |"), md);
        assertTrue(md.contains("| PNG / tile store | 20.0x | 20.0x | – | 20.0x | **20.0x** | 20.0x |"), md);
        assertTrue(md.contains("`events=300 grabs=40 framesStored=20 grabsSkippedUndamaged=7`"), md);
        assertTrue(s.json().contains("\"median\" : 2.0"), s.json());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void soakGrowthIsFromTheFiveMinuteSampleAndCpuIsPerWindow() {
        Result r = run(0.5, 20, 10, "", null); // +10 KiB every 5 s: 60 samples from 5 to 20 min
        double at5 = 150 * 1024 + 10 * 60;
        double end = 150 * 1024 + 10 * 240;
        assertEquals(at5, BenchSummary.rssAt(r, 300), 1e-9);
        assertEquals(100 * (end - at5) / at5, BenchSummary.rssGrowth(r), 1e-9);
        List<double[]> w = BenchSummary.windows(r, 300);
        assertEquals(4, w.size());
        for (double[] x : w) assertEquals(0.5, x[2], 1e-9);
        assertEquals(300, w.get(1)[0], 1e-9);
        assertEquals(600, w.get(1)[1], 1e-9);
        assertTrue(BenchSummary.soakTable(r).contains("| 5.0–10.0 min | 0.50 % |"), BenchSummary.soakTable(r));
    }
}
