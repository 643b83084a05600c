package dev.understudy.cli;

import dev.understudy.recorder.Housekeeping;
import dev.understudy.trace.DataDir;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Deletes recorded sessions from this device: their events, frames and the tiles only they used.",
                "A deleted session is never uploaded. The session being recorded now cannot be deleted."})
final class DeleteCommand implements Callable<Integer> {
    @Mixin Output output;
    @Mixin DataOption data;

    @Parameters(arity = "1..*", paramLabel = "SESSION", description = "Session ids (see `understudy sessions`).")
    java.util.List<String> sessions;

    @Override
    public Integer call() {
        try (DataDir dd = DataDir.at(data.dir())) {
            for (String id : sessions) {
                String tiles = Housekeeping.deleteByWorker(dd, id);
                output.out().println("deleted " + id + " (" + tiles + ")");
            }
        }
        return 0;
    }
}
