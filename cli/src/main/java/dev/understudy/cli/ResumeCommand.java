package dev.understudy.cli;

import dev.understudy.privacy.control.ControlFiles;
import dev.understudy.trace.DataDir;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "resume", mixinStandardHelpOptions = true, description = "Ends a pause: recording goes on (in allowed apps) at once.")
final class ResumeCommand implements Callable<Integer> {
    @Mixin Output output;
    @Mixin DataOption data;

    @Override
    public Integer call() throws Exception {
        Path dir = data.dir();
        ControlFiles.ensurePrivateDir(dir);
        ControlFiles.writePause(dir, new ControlFiles.PauseRequest(0, System.currentTimeMillis(), "cli"));
        if (DataDir.at(dir).runningRecorderPid() > 0) {
            boolean seen = StatusCommand.await(dir, s -> !"paused".equals(s.state()), 3000);
            output.out().println(seen ? "resumed: " + StatusCommand.line(ControlFiles.readStatus(dir)) : "resume requested; the recorder has not confirmed it yet");
        } else {
            output.out().println("resumed (no recorder is running)");
        }
        return 0;
    }
}
