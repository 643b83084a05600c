package dev.understudy.cli;

import dev.understudy.privacy.control.ControlFiles;
import dev.understudy.privacy.policy.Policy;
import dev.understudy.privacy.policy.PolicyLoader;
import dev.understudy.trace.DataDir;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "pause", mixinStandardHelpOptions = true,
        description = {"Pauses recording: nothing is captured until the pause ends or `understudy resume`.",
                "Takes effect within milliseconds in a running recorder, and holds for one started later."})
final class PauseCommand implements Callable<Integer> {
    @Mixin Output output;
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    @Mixin DataOption data;

    @Option(names = "--minutes", paramLabel = "N", description = "How long (default: the policy's, 30; capped by the policy's longest pause).")
    int minutes;

    @Option(names = "--policy", paramLabel = "FILE", description = "Policy for the cap when no recorder is running (default: the built-in policy).")
    Path policy;

    @Override
    public Integer call() throws Exception {
        if (minutes < 0) throw new UserException("--minutes must be positive");
        Path dir = data.dir();
        DataDir dd = DataDir.at(dir);
        long pid = dd.runningRecorderPid();
        ControlFiles.Status st = ControlFiles.readStatus(dir);
        int def;
        int max;
        if (pid > 0 && st != null && st.maxPauseMinutes() > 0) {
            def = st.defaultPauseMinutes();
            max = st.maxPauseMinutes();
        } else {
            Policy p = PolicyLoader.load(policy);
            def = p.pause().defaultMinutes();
            max = p.pause().maxMinutes();
        }
        int m = minutes == 0 ? def : minutes;
        boolean capped = m > max;
        m = Math.min(m, max);
        long now = System.currentTimeMillis();
        long until = now + m * 60_000L;
        ControlFiles.ensurePrivateDir(dir);
        ControlFiles.writePause(dir, new ControlFiles.PauseRequest(until, now, "cli"));
        String when = TIME.format(Instant.ofEpochMilli(until));
        if (pid > 0) {
            boolean seen = StatusCommand.await(dir, s -> "paused".equals(s.state()) && s.pausedUntil() >= until - 1000, 3000);
            output.out().println((seen ? "paused until " : "pause requested until ") + when + " (" + m + " min" + (capped ? ", the policy's longest" : "")
                    + ")" + (seen ? "" : "; the recorder has not confirmed it yet"));
        } else {
            output.out().println("no recorder is running; a recording started before " + when + " will begin paused (" + m + " min)");
        }
        return 0;
    }
}
