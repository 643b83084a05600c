package dev.understudy.cli;

import dev.understudy.dataset.build.BuildOptions;
import dev.understudy.dataset.build.BuildReport;
import dev.understudy.dataset.build.DatasetBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The demo's last step: the Hugging Face dataset built from what its collector received. */
final class DemoDataset {
    private DemoDataset() {}

    static BuildReport build(Path collector, Path out, PrintWriter stdout) {
        BuildOptions o = new BuildOptions(List.of(collector), out, "hf", null, Set.of(), null, 0, 2, Set.of(), 120_000,
                500L * 1000 * 1000);
        BuildReport r = DatasetBuilder.build(o, DatasetBuilder.Progress.NONE);
        stdout.println(r.line());
        stdout.println("dataset (Hugging Face): " + out.toAbsolutePath() + "  (datasets.load_dataset(\"" + out.toAbsolutePath() + "\"))");
        stdout.println("its card:   " + out.resolve("README.md").toAbsolutePath());
        stdout.println("its plots:  " + out.resolve("stats.html").toAbsolutePath());
        stdout.println("lineage:    " + out.resolve("manifest.json").toAbsolutePath());
        stdout.flush();
        return r;
    }
}
