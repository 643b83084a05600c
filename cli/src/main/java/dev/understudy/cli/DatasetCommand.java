package dev.understudy.cli;

import dev.understudy.dataset.build.BuildOptions;
import dev.understudy.dataset.build.BuildReport;
import dev.understudy.dataset.build.DatasetBuilder;
import dev.understudy.dataset.source.SourceException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Builds training datasets from recorded sessions (docs/datasets.md).",
        subcommands = DatasetCommand.Build.class)
final class DatasetCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Cuts sessions into tasks with instructions and writes a dataset: Hugging Face Parquet (hf), WebDataset,",
                    "or per-task AgentNet, Mind2Web or OSWorld; with its card (README.md), plots (stats.html) and lineage (manifest.json)."})
    static final class Build implements Callable<Integer> {
        @Mixin Output output;

        @Option(names = "--from", required = true, paramLabel = "DIR", description = "A device's or a collector's data directory (repeatable).")
        List<Path> from;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (empty, or an earlier build: replaced).")
        Path out;

        @Option(names = "--format", paramLabel = "FORMAT", description = "hf, webdataset, agentnet, mind2web or osworld (default: ${DEFAULT-VALUE}).")
        String format = "hf";

        @Option(names = "--engine", paramLabel = "ENGINE", description = "local or spark (default: ${DEFAULT-VALUE}).")
        String engine = "local";

        @Option(names = "--since", paramLabel = "DATE", description = "Only sessions started on or after this day (YYYY-MM-DD, UTC).")
        String since;

        @Option(names = "--apps", split = ",", paramLabel = "APP", description = "Only tasks in these apps or sites (app label, window class, process name or host).")
        List<String> apps = List.of();

        @Option(names = "--split-by", paramLabel = "KEY", description = "app, site or person: whole groups go to train or test.")
        String splitBy;

        @Option(names = "--test-fraction", paramLabel = "F", description = "Share of the --split-by groups in the test split (default: ${DEFAULT-VALUE}).")
        double testFraction;

        @Option(names = "--min-steps", paramLabel = "N", description = "Tasks with fewer steps are flagged too_few_steps and left out (default: ${DEFAULT-VALUE}).")
        int minSteps = 2;

        @Option(names = "--drop-flagged", split = ",", paramLabel = "FLAG", description = "Leave out tasks with these flags (e.g. near_duplicate,no_op_steps).")
        List<String> dropFlagged = List.of();

        @Option(names = "--idle-gap", paramLabel = "SECONDS", description = "An idle gap longer than this starts a new task (default: ${DEFAULT-VALUE}).")
        long idleGapSeconds = 120;

        @Option(names = "--shard-mb", paramLabel = "MB", description = "Shard size (default: ${DEFAULT-VALUE}).")
        long shardMb = 500;

        @Option(names = "--describe-with", paramLabel = "URL", description = {"An OpenAI-compatible API (e.g. http://127.0.0.1:8000/v1) that rewrites each task's instruction;",
                "off by default. Only the redacted instructions are sent; the answers go to llm-instructions.jsonl, never instead. Key: $OPENAI_API_KEY."})
        java.net.URI describeWith;

        @Option(names = "--describe-model", paramLabel = "MODEL", description = "The model name for --describe-with (default: ${DEFAULT-VALUE}).")
        String describeModel = "default";

        @Override
        public Integer call() {
            return build();
        }

        private Integer build() {
            Instant sinceAt;
            try {
                sinceAt = since == null ? null : LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                throw new UserException("--since: not a date (YYYY-MM-DD): " + since);
            }
            BuildOptions o;
            try {
                o = new BuildOptions(from, out, format.toLowerCase(Locale.ROOT), sinceAt, Set.copyOf(apps), splitBy, testFraction, minSteps,
                        Set.copyOf(dropFlagged), idleGapSeconds * 1000, Math.max(1, shardMb) * 1000 * 1000);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
            if (!engine.equals("local") && !engine.equals("spark")) throw new UserException("--engine: local or spark, not " + engine);
            if (engine.equals("spark") && describeWith != null) throw new UserException("--describe-with runs with --engine local only");
            if (engine.equals("spark")) {
                int rc = SparkEngine.run(o, output);
                if (rc == 0) registerWithCollectors(from, out, engine, output);
                return rc;
            }
            BuildReport r;
            try {
                dev.understudy.dataset.build.LlmDescriber llm = describeWith == null ? null
                        : new dev.understudy.dataset.build.LlmDescriber(describeWith, describeModel, System.getenv("OPENAI_API_KEY"));
                r = DatasetBuilder.build(o, progress(output.err()), llm);
            } catch (IllegalArgumentException | SourceException e) {
                throw new UserException(e.getMessage());
            } catch (java.io.UncheckedIOException e) {
                throw new UserException("cannot write the dataset: " + e.getCause().getMessage());
            }
            for (BuildReport.Skipped s : r.skipped()) output.err().println("understudy: skipped " + s.session() + " (" + s.source() + "): " + s.reason());
            registerWithCollectors(from, out, engine, output);
            output.out().println(r.line());
            return 0;
        }

        /** Registers a finished build with every collector it read from (lineage: erasing one of its sessions marks it stale). */
        static void registerWithCollectors(List<Path> from, Path out, String engine, Output output) {
            for (Path dir : from) {
                if (!dev.understudy.collector.admin.ServerAdmin.isServerDir(dir)) continue;
                try (var admin = dev.understudy.collector.admin.ServerAdmin.open(dir)
                        .actingAs(dev.understudy.collector.govern.Actor.commandLine(dev.understudy.collector.govern.Role.BUILDER), null)) {
                    var b = admin.registerBuild(out, engine);
                    if (b != null) output.err().println("understudy: build " + b.id() + " registered with the collector in " + dir + " (" + b.sessions() + " sessions)");
                } catch (RuntimeException e) {
                    throw new UserException("the dataset was built but could not be registered with the collector in " + dir + ": " + e.getMessage());
                }
            }
        }

        /** A progress bar on a terminal; a plain line every 10 % otherwise. */
        static DatasetBuilder.Progress progress(PrintWriter err) {
            boolean tty = System.console() != null;
            long t0 = System.nanoTime();
            int[] lastDecile = {-1};
            return (done, total, rows, current) -> {
                if (total == 0) return;
                double secs = (System.nanoTime() - t0) / 1e9;
                double rate = secs > 0 ? rows / secs : 0;
                long left = done > 0 ? Math.round(secs / done * (total - done)) : -1;
                String line = String.format(Locale.ROOT, "sessions %d/%d, steps %d, %.0f steps/s%s", done, total, rows, rate,
                        left >= 0 && done < total ? ", " + left + " s left" : "");
                if (tty) {
                    int width = 24;
                    int filled = (int) Math.round(width * done / (double) total);
                    err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + line + (done == total ? "\n" : ""));
                    err.flush();
                } else {
                    int decile = (int) (10L * done / total);
                    if (decile != lastDecile[0]) {
                        lastDecile[0] = decile;
                        err.println("understudy: " + line);
                        err.flush();
                    }
                }
            };
        }
    }
}
