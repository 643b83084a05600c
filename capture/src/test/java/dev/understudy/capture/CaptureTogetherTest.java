package dev.understudy.capture;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.capture.testing.ProbeProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.model.RawEvent;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** All sources in one process, as the agent runs them, on one X server. */
@Tag("e2e")
class CaptureTogetherTest {

    @Test
    void allSourcesSideBySide() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start()) {
            Process one = x.spawn("xterm", "-T", "One");
            String oneId = x.run("xdotool", "search", "--sync", "--name", "^One$").strip();
            x.run("xdotool", "windowactivate", "--sync", oneId);
            // Our X error handler goes in first here; AWT (clipboard reads, grabs) installs its own later.
            try (ProbeProcess p = ProbeProcess.start(x, "window", "clipboard", "input", "screen")) {
                p.await(e -> e instanceof RawEvent.WindowFocus f && "One".equals(f.app().title()), "One");
                x.run("xdotool", "type", "--delay", "5", "abc");
                p.await(e -> e instanceof RawEvent.KeyUp u && u.key().equals("c"), "typing");

                x.runDetached("sh", "-c", "printf copied | xclip -selection clipboard");
                p.await(e -> e instanceof RawEvent.Clipboard c && "copied".equals(c.text()), "the copy");

                x.spawn("xterm", "-T", "Two");
                String twoId = x.run("xdotool", "search", "--sync", "--name", "^Two$").strip();
                x.run("xdotool", "windowactivate", "--sync", twoId);
                p.await(e -> e instanceof RawEvent.WindowFocus f && "Two".equals(f.app().title()), "Two");
                x.run("xdotool", "windowactivate", "--sync", oneId);
                int from = p.events().size();
                one.destroyForcibly().waitFor();
                p.awaitIndex(from, e -> e instanceof RawEvent.WindowFocus f && !"One".equals(f.app().title()),
                        VirtualDesktop.DEFAULT_TIMEOUT, "focus leaving the dead window");
                assertTrue(p.ask("xerrors").asLong() >= 1, "the dead window caused X errors");

                assertEquals(1280, p.ask("grab 0 10 10").get("width").asInt());
                x.runDetached("sh", "-c", "printf again | xclip -selection clipboard");
                p.await(e -> e instanceof RawEvent.Clipboard c && "again".equals(c.text()), "a copy after the errors");
                x.run("xdotool", "type", "--delay", "5", "de");
                p.await(e -> e instanceof RawEvent.KeyUp u && u.key().equals("e"), "typing after the errors");
                String typed = p.events().stream().filter(e -> e instanceof RawEvent.KeyDown)
                        .map(e -> ((RawEvent.KeyDown) e).ch()).collect(Collectors.joining());
                assertEquals("abcde", typed);
            }
        }
    }
}
