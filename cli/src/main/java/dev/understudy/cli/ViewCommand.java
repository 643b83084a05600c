package dev.understudy.cli;

import dev.understudy.export.ViewerWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "view", mixinStandardHelpOptions = true,
        description = "Writes one self-contained HTML file that shows a session as a timeline of steps with screenshots.")
final class ViewCommand implements Callable<Integer> {
    @Mixin Output output;
    @Mixin DataOption data;

    @Option(names = "--session", paramLabel = "ID", description = "Session to show (default: the newest).")
    String session;

    @Option(names = "--out", required = true, paramLabel = "FILE.html", description = "Where to write the viewer.")
    Path out;

    @Override
    public Integer call() throws Exception {
        try (StoredSessions dd = StoredSessions.open(data.dir(), "session.view")) {
            String id = session != null ? session : dd.latest();
            if (id == null) throw new UserException("no sessions in " + dd.root());
            ViewerWriter.write(ExportCommand.load(dd, id, output.err()), out);
        }
        output.out().println("viewer written to " + out.toAbsolutePath());
        return 0;
    }
}
