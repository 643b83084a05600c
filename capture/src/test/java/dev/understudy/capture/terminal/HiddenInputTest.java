package dev.understudy.capture.terminal;

import org.junit.jupiter.api.Tag;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Real pseudo-terminals from util-linux's {@code script} (it holds the master side, as a terminal
 * emulator does): a password prompt is hidden input, a shell line is not, and neither is a
 * full-screen program's raw mode.
 */
@Tag("unit")
class HiddenInputTest {
    final HiddenInput probe = HiddenInput.system();

    Process inPty(String command) throws IOException {
        return new ProcessBuilder("script", "-q", "-c", command, "/dev/null").redirectErrorStream(true).start();
    }

    boolean settlesTo(Process p, boolean expected) {
        try {
            await("the pty of " + p.pid() + " to be " + (expected ? "hidden" : "not hidden")).atMost(Duration.ofSeconds(10))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).pollInSameThread().dontCatchUncaughtExceptions()
                    .until(() -> probe.hidden(p.pid()) == expected);
            return true;
        } catch (ConditionTimeoutException e) {
            return false; // the caller's assertion says what was expected
        }
    }

    void stop(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        p.waitFor(5, TimeUnit.SECONDS);
    }

    @Test
    void aPromptThatDoesNotEchoIsHiddenInputUntilItIsAnswered() throws Exception {
        Process p = inPty("bash -c \"read -s -p 'Password: ' pw; sleep 30\"");
        try {
            assertTrue(settlesTo(p, true), "read -s turns echo off in line mode");
            p.getOutputStream().write("secret\n".getBytes());
            p.getOutputStream().flush();
            assertTrue(settlesTo(p, false), "answered: echo is back on");
        } finally {
            stop(p);
        }
    }

    @Test
    void rawModeAndAnEchoingShellAreNotHidden() throws Exception {
        Process raw = inPty("bash -c \"stty raw -echo; sleep 30\"");
        Process plain = inPty("bash -c \"sleep 30\"");
        try {
            // give stty its moment: the pty must first be seen, then stay not hidden
            long end = System.currentTimeMillis() + 2000;
            while (System.currentTimeMillis() < end) {
                assertFalse(probe.hidden(raw.pid()), "raw mode (vim, less) is not a password prompt");
                assertFalse(probe.hidden(plain.pid()));
                Thread.sleep(50); // sampling interval over a fixed observation window
            }
            assertFalse(probe.ptysOf(raw.pid()).isEmpty(), "script holds a pty master");
        } finally {
            stop(raw);
            stop(plain);
        }
    }

    @Test
    void aProcessWithoutATerminalIsNeverHidden() {
        assertFalse(probe.hidden(ProcessHandle.current().pid()));
        assertFalse(probe.hidden(-1));
    }
}
