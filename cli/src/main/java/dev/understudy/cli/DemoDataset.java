package dev.understudy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

/** The demo's last step: the Hugging Face dataset built from what its collector received. */
final class DemoDataset {
    private DemoDataset() {}

    static void build(Path collector, Path out, PrintWriter stdout) {
        // filled in with the dataset builder (issue 12)
        stdout.println("dataset from the collector: (the dataset builder is not part of this build yet)");
    }
}
