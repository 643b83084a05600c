package dev.understudy.e2e.privacy;

import org.junit.jupiter.api.Tag;
import static dev.understudy.e2e.privacy.PrivacyHarness.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.capture.terminal.HiddenInput;
import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password typed at a prompt inside an ordinary terminal (the window title says nothing: think
 * `sudo` in a shell): the recorder sees that the terminal reads without echo and stores one
 * {@code [SECRET]} instead of the keys; what is typed before and after is stored as usual.
 */
@Tag("e2e")
class TerminalPasswordTest {
    static final String PASSWORD = "Tr0ub4dor&3horse";

    @TempDir Path tmp;

    @Test
    void aPasswordTypedWhereTheTerminalDoesNotEchoIsNeverStored() throws Exception {
        Path data = tmp.resolve("data");
        Path policy = policy(tmp, XTERM_ONLY);
        HiddenInput probe = HiddenInput.system();
        try (VirtualDesktop desktop = VirtualDesktop.start(1024, 768); PrivacyHarness h = new PrivacyHarness(desktop)) {
            String term = h.xtermRunning("worker@build: ~", "80x12+0+0",
                    "read -p 'Login: ' login; read -s -p 'Password: ' pw; echo; read -p 'Note: ' note; sleep 600");
            long pid = Long.parseLong(h.xdo.run("getwindowpid", term).trim());
            h.xdo.activate(term);
            try (RecorderProcess rec = RecorderProcess.start(desktop, data, "--policy", policy.toString())) {
                awaitStatus(data, "recording", 10_000);
                // the recorder must know the terminal is in front before anything is typed: keys in a window it has not
                // yet seen are not kept (fail closed), and on a loaded machine its focus check can trail the activation
                rec.awaitEvent(e -> e instanceof RawEvent.WindowFocus w && w.app() != null && w.app().title() != null
                        && w.app().title().startsWith("worker@build"), 20_000);
                h.xdo.type("deploy"); // a login that is not a person's name: "alice" is redacted as one
                // Before Return (which makes the program turn echo off), wait until the recorder has the
                // user name: an arrow key ends the typed run, so it is stored. Without this a hook thread
                // delayed past the Return (a loaded CI machine) checks the pty for the last letters only
                // after echo went off and counts them as hidden: over-redaction, never a leak.
                h.xdo.key("Left");
                rec.awaitEvents(ev -> typed(ev).contains("deploy"), 20_000);
                h.xdo.key("Return");
                awaitHidden(probe, pid, true);
                h.xdo.type(PASSWORD);
                h.xdo.key("Return");
                awaitHidden(probe, pid, false);
                h.xdo.type("lunch at noon");
                h.xdo.key("Return");
                rec.awaitEvents(ev -> typed(ev).contains("lunch at noon"), 20_000);
                assertEquals(0, rec.stop(), rec.stderr());
            }
        }
        List<RawEvent> ev = events(data);
        String typed = typed(ev);
        assertTrue(typed.contains("deploy\n"), typed);
        assertTrue(typed.contains("[SECRET]\n"), "the password became one placeholder: " + typed);
        assertTrue(typed.contains("lunch at noon"), typed);
        String all = Json.MAPPER.writeValueAsString(ev);
        for (String s : List.of(PASSWORD, "Tr0ub", "horse")) assertFalse(all.contains(s), s + " stored: " + typed);
        List<String> markers = markers(ev);
        assertTrue(markers.contains("input_hidden:terminal") && markers.contains("input_shown:terminal"), markers.toString());
    }

    /** Polls the terminal's pty until its echo state is as expected (the prompt is up). */
    static void awaitHidden(HiddenInput probe, long pid, boolean hidden) {
        try {
            await("the terminal to turn echo " + (hidden ? "off" : "back on")).atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20)).pollInSameThread().dontCatchUncaughtExceptions()
                    .until(() -> probe.hidden(pid) == hidden);
        } catch (ConditionTimeoutException e) {
            fail("the terminal never " + (hidden ? "turned echo off" : "turned echo back on"), e);
        }
    }
}
