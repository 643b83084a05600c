package dev.understudy.capture.clipboard;

import org.junit.jupiter.api.Tag;
import dev.understudy.demo.ClipboardOwnerApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.capture.testing.ProbeProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.model.AppContext;
import dev.understudy.model.Mods;
import dev.understudy.model.RawEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner and password-manager hint of X11ClipboardSource's events, against Xvfb + openbox: xclip
 * in an xterm (owner: the xterm), a JVM owning the clipboard from its frame with and without
 * x-kde-passwordManagerHint ({@link ClipboardOwnerApp}), pastes after the owner changed, and an
 * owner that is stopped (SIGSTOP) and never answers.
 */
@Tag("e2e")
class X11ClipboardOwnerTest {
    @TempDir
    Path tmp;

    /** A file holding {@code text}, for xclip. */
    private Path text(String text) throws IOException {
        return Files.writeString(Files.createTempFile(tmp, "clip", ".txt"), text);
    }

    private static RawEvent.Clipboard awaitClip(ProbeProcess p, int from, String op, String text)
            throws InterruptedException {
        int i = p.awaitIndex(from, e -> e instanceof RawEvent.Clipboard c && c.op().equals(op)
                && Objects.equals(text, c.text()), VirtualDesktop.DEFAULT_TIMEOUT, op + " of " + text);
        return (RawEvent.Clipboard) p.events().get(i);
    }

    private static RawEvent.Clipboard paste(ProbeProcess p, String text) throws Exception {
        int from = p.events().size();
        p.send("key v " + Mods.CTRL);
        return awaitClip(p, from, "paste", text);
    }

    /** Waits until openbox manages the window titled {@code title} (it is active then). */
    private static void activate(VirtualDesktop x, String title) throws Exception {
        String id = x.run("xdotool", "search", "--sync", "--name", "^" + title + "$").lines().findFirst()
                .orElseThrow().strip();
        x.run("xdotool", "windowactivate", "--sync", id);
    }

    @Test
    @Timeout(120)
    void xclipRunInAnXtermIsTheXterm() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(); ProbeProcess p = ProbeProcess.start(x, "clipboard")) {
            Path go = tmp.resolve("go");
            x.run("mkfifo", go.toString());
            // xclip stays in the foreground (-quiet): its parent is the shell, whose parent is the xterm.
            Process term = x.spawn("xterm", "-T", "Copier", "-e", "sh", "-c",
                    "read go < \"$0\"; printf %s 'from xterm' | xclip -quiet -selection clipboard", go.toString());
            activate(x, "Copier");
            Files.writeString(go, "go\n"); // copy only once the xterm is a managed window
            RawEvent.Clipboard copy = awaitClip(p, 0, "copy", "from xterm");
            assertEquals(new AppContext("xterm", "XTerm", "Copier", term.pid(), null, null, "XTerm"), copy.owner());
            assertNull(copy.hint());
            assertNull(copy.withheld());

            assertEquals(copy.owner(), paste(p, "from xterm").owner());
        }
    }

    @Test
    @Timeout(120)
    void passwordManagerHintAndTheCurrentOwnerOnPaste() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(); ProbeProcess p = ProbeProcess.start(x, "clipboard")) {
            OwnerAppProcess app = OwnerAppProcess.start(x, "Vault");
            activate(x, "Vault");
            app.own("plain words", false);
            RawEvent.Clipboard plain = awaitClip(p, 0, "copy", "plain words");
            assertEquals(app.pid(), plain.owner().pid(), plain.toString());
            assertEquals("Vault", plain.owner().title());
            assertNull(plain.hint());

            app.own("hunter2", true);
            RawEvent.Clipboard secret = awaitClip(p, 0, "copy", "hunter2");
            assertEquals(RawEvent.Clipboard.SECRET, secret.hint());
            assertEquals(plain.owner(), secret.owner());

            RawEvent.Clipboard pasted = paste(p, "hunter2");
            assertEquals(RawEvent.Clipboard.SECRET, pasted.hint());
            assertEquals(secret.owner(), pasted.owner());

            // Another owner: the paste names it, and there is no hint any more.
            Process xclip = x.spawn("xclip", "-quiet", "-selection", "clipboard", text("other").toString());
            RawEvent.Clipboard other = awaitClip(p, 0, "copy", "other");
            assertNull(other.hint());
            assertEquals(new AppContext("xclip", null, null, xclip.pid(), null, null), other.owner());
            pasted = paste(p, "other");
            assertNull(pasted.hint());
            assertEquals(other.owner(), pasted.owner());

            // And back.
            app.own("hunter3", true);
            awaitClip(p, 0, "copy", "hunter3");
            pasted = paste(p, "hunter3");
            assertEquals(RawEvent.Clipboard.SECRET, pasted.hint());
            assertEquals(app.pid(), pasted.owner().pid());
        }
    }

    @Test
    @Timeout(120)
    void aHungOwnerIsNamedWithoutWaitingForIt() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(); ProbeProcess p = ProbeProcess.start(x, "clipboard")) {
            Process xclip = x.spawn("xclip", "-quiet", "-selection", "clipboard", text("frozen").toString());
            RawEvent.Clipboard copy = awaitClip(p, 0, "copy", "frozen");
            // No ancestor of xclip (this JVM, maven, ...) has a window on this display.
            assertEquals(new AppContext("xclip", null, null, xclip.pid(), null, null), copy.owner());

            x.run("kill", "-STOP", Long.toString(xclip.pid()));
            Path stat = Path.of("/proc", Long.toString(xclip.pid()), "stat");
            VirtualDesktop.awaitTrue("xclip to stop", VirtualDesktop.DEFAULT_TIMEOUT,
                    () -> state(stat) == 'T');
            try {
                long t0 = System.nanoTime();
                RawEvent.Clipboard pasted = paste(p, null);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertEquals(copy.owner(), pasted.owner());
                assertNull(pasted.hint());
                // One unanswered TARGETS request, not AWT's data-transfer timeout (seconds).
                assertTrue(ms < 2_000, "paste of a hung owner took " + ms + " ms");
            } finally {
                x.run("kill", "-CONT", Long.toString(xclip.pid()));
            }
        }
    }

    private static char state(Path stat) {
        try {
            String s = Files.readString(stat);
            return s.charAt(s.lastIndexOf(')') + 2);
        } catch (IOException e) {
            return '?';
        }
    }
}
