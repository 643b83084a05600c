package dev.understudy.cli;

import dev.understudy.export.ExportSession;
import dev.understudy.export.Exporters;
import dev.understudy.trace.SessionReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Exports sessions as training data. Steps are recomputed from the raw events by the current reducer.",
                "Formats: steps (steps.jsonl + frames/), agentnet (OpenCUA trajectories), osworld (pyautogui per step),",
                "mind2web (Mind2Web tasks of the grounded browser actions, with page snapshots)."})
final class ExportCommand implements Callable<Integer> {
    @Mixin Output output;
    @Mixin DataOption data;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output directory (must be empty unless --force).")
    Path out;

    @Option(names = "--session", paramLabel = "ID", description = "Export only this session (default: all).")
    String session;

    @Option(names = "--format", paramLabel = "FORMAT", description = "steps, agentnet, osworld or mind2web (default: ${DEFAULT-VALUE}).")
    String format = Exporters.DEFAULT;

    @Option(names = "--force", description = "Write into a non-empty output directory.")
    boolean force;

    @Override
    public Integer call() {
        Exporters.byName(format); // fail on an unknown format before any work
        try (StoredSessions dd = StoredSessions.open(data.dir(), "session.export")) {
            List<String> ids = session != null ? List.of(session) : dd.ids();
            if (ids.isEmpty()) throw new UserException("no sessions in " + dd.root());
            List<ExportSession> sessions = new ArrayList<>();
            for (String id : ids) sessions.add(load(dd, id, output.err()));
            output.out().println(Exporters.run(format, sessions, out, force).line());
        }
        return 0;
    }

    static ExportSession load(StoredSessions dd, String id, java.io.PrintWriter err) {
        return load(dd.open(id), err);
    }

    static ExportSession load(dev.understudy.trace.DataDir dd, String id, java.io.PrintWriter err) {
        return load(dd.open(id), err);
    }

    static ExportSession load(SessionReader r, java.io.PrintWriter err) {
        String id = r.id();
        for (String p : r.problems()) err.println("understudy: session " + id + ": " + p);
        // Frames leave the spool only redacted: checked by OCR now when they were not while recording.
        return new ExportSession(r.id(), r.manifest(), SessionSteps.of(r), dev.understudy.privacy.screen.RedactedFrames.of(r.frames(), r.dir()),
                r.events());
    }
}
