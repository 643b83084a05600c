package dev.understudy.cli;

import dev.understudy.recorder.Recorder;
import dev.understudy.recorder.RecorderConfig;
import dev.understudy.capture.platform.DisplayCheck;
import dev.understudy.privacy.control.Consent;
import dev.understudy.privacy.policy.Policy;
import dev.understudy.privacy.policy.PolicyLoader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Records the desktop (Linux/X11) into a new session of the data directory.",
                "Prints `recording <session-id>` once capture is live; stops on SIGTERM, SIGINT or after --duration."})
final class RecordCommand implements Callable<Integer> {
    @Mixin Output output;
    @Mixin DataOption data;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds (default: until stopped).")
    long duration;

    @Option(names = "--accept-notice", description = "Accept the recording notice without asking (scripted use; see `understudy notice`).")
    boolean acceptNotice;

    @Option(names = "--policy", paramLabel = "FILE", description = "Privacy policy (YAML, docs/policy.md; default: the built-in policy).")
    Path policy;

    @Option(names = "--clipboard-cap", paramLabel = "CHARS", description = "Longest clipboard text kept (default: ${DEFAULT-VALUE}).")
    int clipboardCap = RecorderConfig.DEFAULT_CLIPBOARD_CAP;

    @Override
    public Integer call() throws Exception {
        if (duration < 0) throw new UserException("--duration must be positive");
        Policy p = PolicyLoader.load(policy);
        DisplayCheck.requireX11(); // before the notice: no display, nothing to consent to
        if (dev.understudy.recorder.ThisDevice.exemption(p) == null) consent(p);
        Recorder recorder = new Recorder(new RecorderConfig(data.dir(), duration, clipboardCap, acceptNotice, null, p), output.out());
        for (String sig : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(sig), s -> recorder.requestStop("signal"));
        }
        recorder.run();
        if (System.getenv("UNDERSTUDY_STATS") != null) output.err().println("understudy: " + recorder.stats());
        return 0;
    }

    /**
     * The first recording (and the first under a new notice version) needs the worker's explicit
     * yes: typed at a prompt, or given by --accept-notice. The acceptance is kept in the data
     * directory and written into every session's trace.
     */
    private void consent(Policy p) throws java.io.IOException {
        java.nio.file.Path dir = data.dir();
        if (Consent.accepted(dir, p.noticeVersion()) != null) return;
        if (acceptNotice) {
            output.err().print(Consent.notice(p));
            output.err().println("understudy: notice v" + p.noticeVersion() + " accepted with --accept-notice");
            Consent.record(dir, p, "--accept-notice");
            return;
        }
        if (System.console() == null) {
            throw new UserException("the recording notice has not been accepted yet: run `understudy record` in a terminal to read and accept it, "
                    + "or pass --accept-notice (read it with `understudy notice`)");
        }
        output.out().print(Consent.notice(p));
        output.out().print("\nType \"yes\" to accept and start recording: ");
        output.out().flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (answer == null || !answer.strip().equalsIgnoreCase("yes")) throw new UserException("notice not accepted: nothing recorded");
        Consent.record(dir, p, "prompt");
    }
}
