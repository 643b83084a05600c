package dev.understudy.cli;

import dev.understudy.demo.DemoWorkflow;
import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.demo.Xdo;
import dev.understudy.export.ExportSession;
import dev.understudy.export.Exporters;
import dev.understudy.export.ViewerWriter;
import dev.understudy.trace.DataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Records a short scripted workflow on a real X desktop, exports it and writes the viewer.",
                "Then, when Chromium is installed, a browser part: a small web app driven in Chromium with the",
                "Understudy extension (grounded web steps, Mind2Web export, a second viewer).",
                "Starts its own Xvfb + openbox unless --use-display is given."})
final class DemoCommand implements Callable<Integer> {
    @Mixin Output output;
    static final String MARKER = ".understudy-demo";

    @Option(names = "--out", paramLabel = "DIR", description = "Where to put the demo's data, dataset and viewer (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("understudy-demo");

    @Option(names = "--use-display", description = "Use $DISPLAY instead of a private Xvfb (input will move your pointer!).")
    boolean useDisplay;

    @Option(names = "--force", description = "Write into a non-empty --out directory that is not a previous demo.")
    boolean force;

    @Option(names = "--no-browser", description = "Skip the browser part (Chromium on a small web app; skipped anyway without Chromium).")
    boolean noBrowser;

    @Override
    public Integer call() throws Exception {
        prepare(out);
        Path data = out.resolve("data");
        Path dataset = out.resolve("dataset");
        Path viewer = out.resolve("viewer.html");
        // the whole way: a local collector first, the demo's device enrolled with it
        DemoCollector collector = DemoCollector.start(out.resolve("collector"), data, output.out());
        try {
            run(data, dataset, viewer);
            collector.upload(data, output.out());
            DemoDataset.build(collector.dir(), out.resolve("hf-dataset"), output.out());
        } finally {
            collector.close();
        }
        return 0;
    }

    private void run(Path data, Path dataset, Path viewer) throws Exception {
        String session;
        List<DemoWorkflow.Expected> expected;
        double cpu;
        double secs;
        long[] rss;
        say("starting a desktop...");
        try (VirtualDesktop desktop = openDesktop();
             DemoWorkflow wf = new DemoWorkflow(desktop, new Xdo(desktop))) {
            say("desktop " + desktop.display() + " ready; opening a terminal and the notes app...");
            wf.launchApps();
            try (RecorderProcess rec = RecorderProcess.start(desktop, data)) {
                session = rec.sessionId();
                say("recording session " + session + " (pid " + rec.pid() + ")");
                expected = wf.perform(s -> say("  " + s));
                int[] last = wf.lastPoint();
                rec.awaitReleases(last[0], last[1], 3, 30_000);
                cpu = rec.cpuSecondsSinceReady();
                secs = rec.secondsSinceReady();
                rss = rec.rssKiB();
                int code = rec.stop();
                if (code != 0) throw new IOException("the recorder exited with " + code + ": " + rec.stderr().trim());
                String stats = rec.stderr().lines().filter(l -> l.contains("events=")).findFirst().orElse("");
                if (!stats.isEmpty()) say("recorder " + stats.replace("understudy: ", ""));
            }
        }
        DataDir dd = DataDir.at(data);
        ExportSession s = ExportCommand.load(dd, session, output.err());
        output.out().println(Exporters.run("steps", List.of(s), dataset, true).line());
        ViewerWriter.write(s, viewer);
        long stored = dirBytes(dd.root()); // the session plus the device's shared frame store
        output.out().println();
        output.out().printf("steps recognised: %d (scripted: %d)%n", s.steps().size(), expected.size());
        output.out().printf("recorder: %.1f%% of one core over %.1f s of recording (JVM start-up excluded), RSS %d MB (peak %d MB)%n",
                100.0 * cpu / secs, secs, rss[0] / 1024, rss[1] / 1024);
        output.out().printf("stored: %d bytes in the data directory, %d bytes per step%n", stored, stored / Math.max(1, s.steps().size()));
        output.out().println("dataset: " + dataset.resolve("steps.jsonl").toAbsolutePath());
        output.out().println("viewer:  " + viewer.toAbsolutePath());
        output.out().println("raw trace: " + dd.sessionDir(session).toAbsolutePath());
        if (!noBrowser) WebDemo.run(out, this::openDesktop, output.out());
    }

    private VirtualDesktop openDesktop() throws IOException, InterruptedException {
        if (useDisplay) {
            String d = System.getenv("DISPLAY");
            if (d == null || d.isBlank()) throw new UserException("--use-display needs $DISPLAY to be set");
            return VirtualDesktop.existing(d);
        }
        return VirtualDesktop.start(1280, 800);
    }

    private void prepare(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER)) && !force) {
                throw new UserException(dir + " is not empty and not a previous demo; pass --force or choose another --out");
            }
            for (String sub : List.of("data", "dataset", "viewer.html", "collector", "hf-dataset")) deleteTree(dir.resolve(sub));
            for (String sub : WebDemo.OUTPUTS) deleteTree(dir.resolve(sub));
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "written by ./understudy demo\n");
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }

    private static long dirBytes(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(q -> q.toFile().length()).sum();
        }
    }

    private void say(String s) {
        output.out().println(s);
        output.out().flush();
    }
}
