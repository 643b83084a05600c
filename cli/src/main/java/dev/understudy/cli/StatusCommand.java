package dev.understudy.cli;

import dev.understudy.browser.BridgeInstallations;
import dev.understudy.privacy.control.ControlFiles;
import dev.understudy.trace.DataDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Says what the recorder is doing: recording, paused until ..., suspended (app not allowed), exempt,",
                "stopped: disk quota reached, or not running."})
final class StatusCommand implements Callable<Integer> {
    @Mixin Output output;
    @Mixin DataOption data;

    @Override
    public Integer call() throws Exception {
        Path dir = data.dir();
        long pid = DataDir.at(dir).runningRecorderPid();
        ControlFiles.Status s = ControlFiles.readStatus(dir);
        if (pid <= 0 || s == null || "stopped".equals(s.state())) {
            ControlFiles.PauseRequest p = ControlFiles.readPause(dir);
            String pending = p.pausedAt(System.currentTimeMillis()) ? "; paused until " + PauseCommand.TIME.format(Instant.ofEpochMilli(p.pausedUntil())) : "";
            output.out().println("not running" + pending);
            bridgeNotes(dir, output.out());
            collectorLines(dir, output.out());
            return 0;
        }
        output.out().println(line(s));
        if (s.warning() != null) output.out().println(s.warning());
        bridgeNotes(dir, output.out());
        Path page = dir.resolve(ControlFiles.PAGE);
        if (Files.isRegularFile(page)) output.out().println("control page: " + Files.readString(page).strip());
        collectorLines(dir, output.out());
        return 0;
    }

    /** The collector link: enrolled as, backlog, when the next session goes, the last upload, or revoked. */
    static void collectorLines(Path dir, java.io.PrintWriter out) {
        for (String l : dev.understudy.uploader.CollectorStatusLines.lines(dir, Instant.now())) out.println(l);
    }

    /** One line for each default browser profile whose bridge sends to another data directory. */
    static void bridgeNotes(Path dir, java.io.PrintWriter out) {
        Path here = dir.toAbsolutePath().normalize();
        for (BridgeInstallations.Installed in : BridgeInstallations.defaults()) {
            if (in.dataDir() != null && !in.dataDir().equals(here)) {
                out.println("the " + in.browser() + " bridge is installed for another data directory (" + in.dataDir()
                        + "): that browser's typing is not recorded here; fix: ./understudy install-browser-bridge --data " + here
                        + (in.browser().equals("chrome") ? " --browser chrome" : ""));
            }
        }
    }

    static String line(ControlFiles.Status s) {
        if (s == null) return "unknown";
        String session = s.session() == null ? "" : " (session " + s.session() + ")";
        return switch (s.state()) {
            case "recording" -> "recording" + session;
            case "paused" -> "paused until " + PauseCommand.TIME.format(Instant.ofEpochMilli(s.pausedUntil())) + session
                    + (s.withheld() > 0 ? "; " + s.withheld() + " input events withheld" : "");
            case "suspended" -> "suspended (" + (s.detail() == null ? "app not allowed" : s.detail()) + ")" + session;
            case "exempt" -> "exempt (" + s.detail() + "): nothing is recorded";
            case "quota" -> "stopped: disk quota reached (" + s.detail() + "); nothing new is captured, nothing captured was dropped" + session;
            default -> s.state() + session;
        };
    }

    /** Waits until the recorder's status satisfies {@code p}; false after the timeout. */
    static boolean await(Path dir, Predicate<ControlFiles.Status> p, long timeoutMillis) {
        try {
            org.awaitility.Awaitility.await("the recorder's status").atMost(java.time.Duration.ofMillis(timeoutMillis))
                    .pollDelay(java.time.Duration.ZERO).pollInterval(java.time.Duration.ofMillis(20)).until(() -> {
                        ControlFiles.Status s = ControlFiles.readStatus(dir);
                        return s != null && p.test(s);
                    });
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }
}
