package dev.understudy.cli;

import dev.understudy.recorder.CollectorSync;
import dev.understudy.recorder.Recorder;
import dev.understudy.recorder.ThisDevice;
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

    @Option(names = "--no-accessibility", description = "Do not read the accessibility tree (AT-SPI): desktop steps are then not grounded in "
            + "the element acted on, menus and combo boxes are not recognised, and password fields are known only in browsers and terminals.")
    boolean noAccessibility;

    @Override
    public Integer call() throws Exception {
        if (duration < 0) throw new UserException("--duration must be positive");
        Policy own = PolicyLoader.load(policy);
        DisplayCheck.requireX11(); // before the notice: no display, nothing to consent to
        java.util.concurrent.atomic.AtomicReference<Recorder> current = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean policyChanged = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        for (String sig : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(sig), s -> {
                stopped.set(true);
                Recorder r = current.get();
                if (r != null) r.requestStop("signal");
            });
        }
        long deadline = duration > 0 ? System.nanoTime() + duration * 1_000_000_000L : Long.MAX_VALUE;
        // An enrolled device follows its collector: the published policy replaces the device's own,
        // and a new version (or an exemption) ends the session and starts the next under it.
        try (CollectorSync sync = CollectorSync.startIfEnrolled(data.dir(), own, change -> {
            policyChanged.set(true);
            Recorder r = current.get();
            if (r != null) r.requestStop("policy");
        })) {
            Policy previous = null;
            while (!stopped.get()) {
                policyChanged.set(false);
                Policy p = sync != null ? sync.effective() : own;
                if (previous != null) output.err().println("understudy: the collector's policy changed: a new session starts under \"" + p.name() + "\"");
                if (ThisDevice.exemption(p, data.dir()) == null) {
                    // a policy that collects more than the one accepted needs the worker's yes again
                    boolean widened = previous != null && dev.understudy.uploader.PolicySync.widens(previous, p);
                    if (!consent(p, widened, stopped)) break;
                }
                previous = p;
                long left = deadline == Long.MAX_VALUE ? 0 : Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L);
                Recorder recorder = new Recorder(new RecorderConfig(data.dir(), left, clipboardCap, acceptNotice, null, p, !noAccessibility), output.out());
                current.set(recorder);
                if (stopped.get()) break;
                if (policyChanged.get()) continue; // changed again while this one was being prepared
                recorder.run();
                if (System.getenv("UNDERSTUDY_STATS") != null) output.err().println("understudy: " + recorder.stats());
                if (!policyChanged.get() || System.nanoTime() >= deadline) break;
            }
        }
        return 0;
    }

    /**
     * The first recording (and the first under a new notice version) needs the worker's explicit
     * yes: typed at a prompt, or given by --accept-notice. The acceptance is kept in the data
     * directory and written into every session's trace.
     */
    private boolean consent(Policy p, boolean widened, java.util.concurrent.atomic.AtomicBoolean stopped) throws java.io.IOException, InterruptedException {
        java.nio.file.Path dir = data.dir();
        Consent.Acceptance a = Consent.accepted(dir, p.noticeVersion());
        if (a != null && (!widened || p.digest().equals(a.policyDigest()))) return true;
        if (acceptNotice) {
            output.err().print(Consent.notice(p));
            output.err().println("understudy: notice v" + p.noticeVersion() + " accepted with --accept-notice");
            Consent.record(dir, p, "--accept-notice");
            return true;
        }
        if (System.console() == null) {
            if (!widened) {
                throw new UserException("the recording notice has not been accepted yet: run `understudy record` in a terminal to read and accept it, "
                        + "or pass --accept-notice (read it with `understudy notice`)");
            }
            // recording in the background: nothing is captured until the worker reads and accepts the new notice
            output.err().println("understudy: the collector's new policy collects more: nothing is recorded until the notice is accepted "
                    + "(understudy notice --accept --data " + dir + ")");
            dev.understudy.privacy.control.ControlFiles.writeStatus(dir, new dev.understudy.privacy.control.ControlFiles.Status("suspended",
                    "new recording notice to accept: understudy notice --accept", 0, null, ProcessHandle.current().pid(),
                    System.currentTimeMillis(), p.pause().maxMinutes(), p.pause().defaultMinutes(), 0));
            while (!stopped.get()) {
                Consent.Acceptance now = Consent.accepted(dir, p.noticeVersion());
                if (now != null && p.digest().equals(now.policyDigest())) return true;
                Thread.sleep(1000);
            }
            return false;
        }
        output.out().print(Consent.notice(p));
        output.out().print("\nType \"yes\" to accept and start recording: ");
        output.out().flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (answer == null || !answer.strip().equalsIgnoreCase("yes")) throw new UserException("notice not accepted: nothing recorded");
        Consent.record(dir, p, "prompt");
        return true;
    }
}
