package dev.understudy.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.understudy.bench.RecorderHarness.Options;
import dev.understudy.bench.RecorderHarness.Result;
import dev.understudy.bench.RecorderHarness.Sample;
import dev.understudy.bench.RecorderHarness.Workload;
import dev.understudy.model.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The runs of one {@code ./understudy bench} as markdown tables ready for docs/benchmarks.md
 * (each figure per run, then its min / median / max across runs) and as JSON.
 */
final class BenchSummary {
    /** One figure of a run: its name, how it is printed, how it is taken from a result (NaN: not measured). */
    record Figure(String name, String format, ToDoubleFunction<Result> value) {}

    static final List<Figure> FIGURES = List.of(
            new Figure("recorder CPU, averaged from start (% of one core)", "%.2f %%", Result::cpuPercent),
            new Figure("recorder CPU after the first minute (% of one core)", "%.2f %%", Result::steadyCpuPercent),
            new Figure("RSS average (MiB)", "%.0f", r -> r.rssAvgMiB()),
            new Figure("RSS peak (MiB)", "%.0f", r -> r.rssPeakMiB()),
            new Figure("minutes recorded", "%.1f", Result::minutes),
            new Figure("scripted actions", "%.0f", r -> r.scriptedActions()),
            new Figure("steps recognised", "%.0f", r -> r.steps()),
            new Figure("raw events", "%,.0f", r -> r.events()),
            new Figure("events lost", "%.0f", r -> r.dropped()),
            new Figure("bytes stored (events + frames)", "%,.0f", r -> r.dataBytes()),
            new Figure("bytes per step", "%,.0f", r -> r.steps() == 0 ? Double.NaN : r.bytesPerStep()),
            new Figure("MB per active hour", "%.2f", r -> r.bytesPerHour() / 1e6),
            new Figure("frame grabs", "%.0f", r -> counter(r, "grabs")),
            new Figure("frames stored", "%.0f", r -> counter(r, "framesStored")),
            new Figure("frames compared (frame events)", "%.0f", r -> r.storage() == null ? Double.NaN : r.storage().frames()),
            new Figure("PNG / tile store", "%.1fx", r -> r.storage() == null ? Double.NaN : r.storage().pngOverTiles()),
            new Figure("JPEG q80 / tile store", "%.1fx", r -> r.storage() == null ? Double.NaN : r.storage().jpegOverTiles()),
            new Figure("H.264 / tile store", "%.2fx", r -> r.storage() == null ? Double.NaN : r.storage().h264OverTiles()),
            new Figure("PNG / whole data directory", "%.1fx", r -> r.storage() == null ? Double.NaN : (double) r.storage().pngBytes() / r.dataBytes()),
            new Figure("H.264 / whole data directory", "%.2fx",
                    r -> r.storage() == null || r.storage().h264Bytes() < 0 ? Double.NaN : (double) r.storage().h264Bytes() / r.dataBytes()));

    static final List<Figure> SOAK_FIGURES = List.of(
            new Figure("RSS at 5 min (MiB)", "%.0f", r -> rssAt(r, 300) / 1024.0),
            new Figure("RSS at the end (MiB)", "%.0f", r -> r.samples().isEmpty() ? Double.NaN : r.samples().get(r.samples().size() - 1).rssKiB() / 1024.0),
            new Figure("RSS growth after the first 5 min (%)", "%+.1f %%", BenchSummary::rssGrowth),
            new Figure("RSS max after 5 min (MiB)", "%.0f", r -> r.samples().stream().filter(s -> s.seconds() >= 300)
                    .mapToLong(Sample::rssKiB).max().orElse(-1) / 1024.0));

    private final Options options;
    private final List<Result> runs;

    BenchSummary(Options options, List<Result> runs) {
        this.options = options;
        this.runs = runs;
    }

    private List<Figure> figures() {
        List<Figure> f = new ArrayList<>(FIGURES);
        if (options.workload() == Workload.soak) f.addAll(SOAK_FIGURES);
        return f;
    }

    static double counter(Result r, String name) {
        long c = r.counter(name);
        return c < 0 ? Double.NaN : c;
    }

    /** RSS of the first sample at or after {@code seconds}, in KiB (NaN if the run was shorter). */
    static double rssAt(Result r, double seconds) {
        return r.samples().stream().filter(s -> s.seconds() >= seconds).findFirst().map(s -> (double) s.rssKiB()).orElse(Double.NaN);
    }

    /** Growth of RSS from the 5-minute sample to the last one, in %. */
    static double rssGrowth(Result r) {
        double at5 = rssAt(r, 300);
        if (Double.isNaN(at5) || r.samples().isEmpty()) return Double.NaN;
        return 100 * (r.samples().get(r.samples().size() - 1).rssKiB() - at5) / at5;
    }

    /** CPU (% of one core) and RSS per window of {@code windowSeconds}, from the samples: [start s, end s, cpu %, rss MiB at end]. */
    static List<double[]> windows(Result r, double windowSeconds) {
        List<double[]> w = new ArrayList<>();
        double prevT = 0;
        double prevCpu = 0;
        double edge = windowSeconds;
        for (Sample s : r.samples()) {
            if (s.seconds() + 0.5 >= edge) {
                w.add(new double[] {prevT, s.seconds(), 100 * (s.cpuSeconds() - prevCpu) / (s.seconds() - prevT), s.rssKiB() / 1024.0});
                prevT = s.seconds();
                prevCpu = s.cpuSeconds();
                while (edge <= s.seconds() + 0.5) edge += windowSeconds;
            }
        }
        if (!r.samples().isEmpty()) {
            Sample last = r.samples().get(r.samples().size() - 1);
            if (last.seconds() - prevT >= 30) {
                w.add(new double[] {prevT, last.seconds(), 100 * (last.cpuSeconds() - prevCpu) / (last.seconds() - prevT), last.rssKiB() / 1024.0});
            }
        }
        return w;
    }

    static String soakTable(Result r) {
        StringBuilder b = new StringBuilder("| window | recorder CPU (% of one core) | RSS at its end |\n|---|---:|---:|\n");
        for (double[] w : windows(r, 300)) {
            b.append(String.format(Locale.ROOT, "| %.1f–%.1f min | %.2f %% | %.0f MiB |%n", w[0] / 60, w[1] / 60, w[2], w[3]));
        }
        b.append(String.format(Locale.ROOT, "%nRSS at 5 min %.0f MiB, at the end %.0f MiB: growth after the first 5 minutes %+.1f %%%n",
                rssAt(r, 300) / 1024, r.samples().isEmpty() ? Double.NaN : r.samples().get(r.samples().size() - 1).rssKiB() / 1024.0, rssGrowth(r)));
        return b.toString();
    }

    /** min, median, max of the measured values (NaN ignored); NaNs if none. */
    static double[] minMedianMax(double[] values) {
        double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) return new double[] {Double.NaN, Double.NaN, Double.NaN};
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new double[] {v[0], median, v[v.length - 1]};
    }

    private static String fmt(String format, double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v);
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "### %s workload, %s min, %d run%s%n%n", options.workload(), trim(options.minutes()), runs.size(),
                runs.size() == 1 ? "" : "s"));
        b.append(String.format(Locale.ROOT, "`./understudy bench --workload %s --minutes %s --runs %d%s`%s%n%n", options.workload(),
                trim(options.minutes()), runs.size(),
                options.thinkMillis() == options.workload().defaultThinkMillis() ? "" : " --think-ms " + options.thinkMillis(),
                options.workload() == Workload.idle ? " (no input at all; CPU measured up to the end of the idle time)"
                        : String.format(Locale.ROOT, " (pace: %s ms)", options.thinkMillis())));
        b.append("| figure |");
        for (int i = 1; i <= runs.size(); i++) b.append(" run ").append(i).append(" |");
        b.append(" min | median | max |\n|---|");
        b.append("---:|".repeat(runs.size() + 3)).append('\n');
        for (Figure f : figures()) {
            double[] v = runs.stream().mapToDouble(f.value()).toArray();
            double[] m = minMedianMax(v);
            b.append("| ").append(f.name()).append(" |");
            for (double x : v) b.append(' ').append(fmt(f.format(), x)).append(" |");
            b.append(' ').append(fmt(f.format(), m[0])).append(" | **").append(fmt(f.format(), m[1])).append("** | ")
                    .append(fmt(f.format(), m[2])).append(" |\n");
        }
        b.append('\n');
        for (int i = 0; i < runs.size(); i++) {
            Result r = runs.get(i);
            b.append("- run ").append(i + 1).append(": session ").append(r.session());
            if (!r.phases().isEmpty()) b.append(", phases: ").append(String.join("; ", r.phases()));
            b.append("; recorder counters: `").append(r.recorderStats()).append("`\n");
        }
        if (options.workload() == Workload.soak) {
            for (int i = 0; i < runs.size(); i++) {
                b.append("\nRun ").append(i + 1).append(", per 5-minute window:\n\n").append(soakTable(runs.get(i)));
            }
        }
        return b.toString();
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static Object num(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }

    String json() throws JsonProcessingException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("workload", options.workload().name());
        root.put("minutes", options.minutes());
        root.put("paceMillis", options.thinkMillis());
        root.put("runs", runs.size());
        Map<String, Object> summary = new LinkedHashMap<>();
        for (Figure f : figures()) {
            double[] v = runs.stream().mapToDouble(f.value()).toArray();
            double[] m = minMedianMax(v);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("min", num(m[0]));
            e.put("median", num(m[1]));
            e.put("max", num(m[2]));
            e.put("values", Arrays.stream(v).mapToObj(BenchSummary::num).toList());
            summary.put(f.name(), e);
        }
        root.put("summary", summary);
        List<Object> perRun = new ArrayList<>();
        for (Result r : runs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("session", r.session());
            m.put("dataDir", r.dataDir().toString());
            m.put("phases", r.phases());
            m.put("recorderStats", r.recorderStats());
            for (Figure f : figures()) m.put(f.name(), num(f.value().applyAsDouble(r)));
            if (r.storage() != null) {
                StorageComparison.Result s = r.storage();
                Map<String, Object> st = new LinkedHashMap<>();
                st.put("frames", s.frames());
                st.put("distinctFrames", s.distinctFrames());
                st.put("size", s.size());
                st.put("pngBytes", s.pngBytes());
                st.put("jpegBytes", s.jpegBytes());
                st.put("h264Bytes", s.h264Bytes());
                st.put("h264Note", s.h264Note());
                st.put("tileBytes", s.tileBytes());
                st.put("roundTripExact", s.roundTripExact());
                m.put("storage", st);
            }
            m.put("windows5min", windows(r, 300).stream().map(w -> Map.of("fromSeconds", w[0], "toSeconds", w[1],
                    "cpuPercent", num(w[2]) == null ? -1 : w[2], "rssMiB", w[3])).toList());
            m.put("samples", r.samples().stream().map(s -> List.of(s.seconds(), s.cpuSeconds(), s.rssKiB())).toList());
            perRun.add(m);
        }
        root.put("perRun", perRun);
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
