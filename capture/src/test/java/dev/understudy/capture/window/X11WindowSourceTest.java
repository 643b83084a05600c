package dev.understudy.capture.window;

import org.junit.jupiter.api.Tag;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.capture.testing.ProbeProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.model.AppContext;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/** X11WindowSource against Xvfb + openbox with real xterms. */
@Tag("e2e")
class X11WindowSourceTest {

    private static boolean focusTitled(RawEvent e, String title) {
        return e instanceof RawEvent.WindowFocus f && title.equals(f.app().title());
    }

    /** Starts {@code xterm -T title} and returns its window id once mapped. */
    private static String xterm(VirtualDesktop x, String title, List<Process> out) throws Exception {
        out.add(x.spawn("xterm", "-T", title, "-geometry", "60x10+50+50"));
        return x.run("xdotool", "search", "--sync", "--name", "^" + title + "$").lines().findFirst().orElseThrow().strip();
    }

    /**
     * A window manager can leave {@code _NET_ACTIVE_WINDOW} on the id of a window that was destroyed,
     * and X gives ids again: a new window can become active without the property changing value.
     * Simulated without a window manager by making the active id another app's (pid and class) and
     * setting the same id again: the new app must be reported.
     */
    @Test
    void aNewWindowBehindTheSameActiveIdIsReported() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(false)) {
            List<Process> terms = new ArrayList<>();
            String one = xterm(x, "One", terms);
            x.run("xprop", "-root", "-f", "_NET_ACTIVE_WINDOW", "32c", "-set", "_NET_ACTIVE_WINDOW", one);
            try (ProbeProcess p = ProbeProcess.start(x, "window")) {
                p.await(e -> focusTitled(e, "One"), "One active");
                int from = p.events().size();
                // what a new window with the reused id would carry: another process, another class and title
                x.run("xprop", "-id", one, "-f", "_NET_WM_PID", "32c", "-set", "_NET_WM_PID", Long.toString(ProcessHandle.current().pid()));
                x.run("xprop", "-id", one, "-f", "WM_CLASS", "8s", "-set", "WM_CLASS", "Reused");
                x.run("xprop", "-root", "-f", "_NET_ACTIVE_WINDOW", "32c", "-set", "_NET_ACTIVE_WINDOW", one);
                int at = p.awaitIndex(from, e -> e instanceof RawEvent.WindowFocus f && f.app().pid() == ProcessHandle.current().pid(),
                        VirtualDesktop.DEFAULT_TIMEOUT, "the new window behind the same id");
                RawEvent.WindowFocus again = (RawEvent.WindowFocus) p.events().get(at);
                assertEquals("Reused", again.app().windowClass());
            }
            terms.forEach(Process::destroy);
        }
    }

    @Test
    void reportsTheFocusedXtermAndSwitches() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start()) {
            List<Process> terms = new ArrayList<>();
            String one = xterm(x, "One", terms);
            x.run("xdotool", "windowactivate", "--sync", one);
            try (ProbeProcess p = ProbeProcess.start(x, "window")) {
                RawEvent.WindowFocus initial = (RawEvent.WindowFocus) p.await(e -> e instanceof RawEvent.WindowFocus,
                        "the initial context");
                AppContext app = initial.app();
                assertEquals("One", app.title());
                assertEquals("XTerm", app.windowClass());
                assertEquals("xterm", app.name());
                assertEquals(terms.get(0).pid(), app.pid());
                assertNotNull(app.bounds());
                // The frame contains the client area xwininfo reports.
                String geo = x.run("xwininfo", "-id", one);
                int cx = info(geo, "Absolute upper-left X"), cy = info(geo, "Absolute upper-left Y"),
                        cw = info(geo, "Width"), ch = info(geo, "Height");
                Rect b = app.bounds();
                assertTrue(b.x() <= cx && b.y() <= cy && b.x() + b.width() >= cx + cw
                        && b.y() + b.height() >= cy + ch, b + " vs client " + geo);
                assertTrue(b.height() > ch, "frame includes the title bar: " + b + " vs " + geo);

                String two = xterm(x, "Two", terms);
                x.run("xdotool", "windowactivate", "--sync", two);
                RawEvent.WindowFocus second = (RawEvent.WindowFocus) p.await(e -> focusTitled(e, "Two"), "Two focused");
                assertEquals(terms.get(1).pid(), second.app().pid());
                assertFalse(second.app().sameWindowAs(app));

                int from = p.events().size();
                x.run("xdotool", "windowactivate", "--sync", one);
                p.awaitIndex(from, e -> focusTitled(e, "One"), VirtualDesktop.DEFAULT_TIMEOUT, "One focused again");
                assertTrue(p.events().stream().noneMatch(e -> ((RawEvent.WindowFocus) e).app() == AppContext.UNKNOWN),
                        "the window manager's brief 'no active window' while switching is not reported: " + p.events());

                // Title change of the active window.
                x.run("xdotool", "set_window", "--name", "Renamed é", one);
                p.await(e -> focusTitled(e, "Renamed é"), "the new title");
                assertEquals("Renamed é", p.ask("current").get("title").asText());

                // Stacking order, bottom to top: Two below One (active, raised).
                JsonNode visible = p.ask("visible");
                List<String> titles = new ArrayList<>();
                visible.forEach(w -> titles.add(w.get("title").asText()));
                assertEquals(List.of("Two", "Renamed é"), titles);
                for (JsonNode w : visible) {
                    assertEquals("XTerm", w.get("windowClass").asText());
                    assertEquals("xterm", w.get("process").asText());
                    assertTrue(w.get("mapped").asBoolean());
                    assertTrue(w.get("bounds").get("width").asInt() > 0);
                }
                assertEquals(terms.get(1).pid(), visible.get(0).get("pid").asLong());

                // A minimised window is listed as not mapped.
                x.run("xdotool", "windowminimize", "--sync", two);
                // the window manager unmaps it a moment after xdotool returns: poll the listing
                AtomicReference<JsonNode> after = new AtomicReference<>();
                try {
                    await("the minimised window listed as not mapped").atMost(VirtualDesktop.DEFAULT_TIMEOUT).pollDelay(Duration.ZERO)
                            .pollInterval(Duration.ofMillis(20)).pollInSameThread().dontCatchUncaughtExceptions()
                            .until(() -> {
                                after.set(p.ask("visible"));
                                boolean twoMapped = false;
                                for (JsonNode w : after.get()) if (w.get("title").asText().equals("Two")) twoMapped = w.get("mapped").asBoolean();
                                return !twoMapped;
                            });
                } catch (ConditionTimeoutException e) {
                    fail("minimised window still listed as mapped: " + after.get(), e);
                }
            }
        }
    }

    @Test
    void survivesTheActiveWindowVanishing() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start()) {
            List<Process> terms = new ArrayList<>();
            String one = xterm(x, "One", terms);
            // "screen" first: AWT installs its X error handler before ours, which must then chain.
            try (ProbeProcess p = ProbeProcess.start(x, "screen", "window")) {
                String two = xterm(x, "Two", terms);
                x.run("xdotool", "windowactivate", "--sync", two);
                p.await(e -> focusTitled(e, "Two"), "Two focused");
                int from = p.events().size();
                terms.get(1).destroyForcibly().waitFor();
                // openbox moves focus to the remaining window, or to none.
                p.awaitIndex(from, e -> e instanceof RawEvent.WindowFocus f && !"Two".equals(f.app().title()),
                        VirtualDesktop.DEFAULT_TIMEOUT, "focus leaving the dead window");
                x.run("xdotool", "windowactivate", "--sync", one);
                p.await(e -> focusTitled(e, "One"), "One focused");
                // Still answering: the BadWindow errors were swallowed.
                assertEquals(1, p.ask("visible").size());
                assertTrue(p.ask("xerrors").asLong() >= 1, "the dead window caused X errors");
                assertEquals(1280, p.ask("grab 0 0 0").get("width").asInt(), "AWT unharmed");
            }
        }
    }

    @Test
    void initialContextWithoutWindowsIsUnknown() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(); ProbeProcess p = ProbeProcess.start(x, "window")) {
            RawEvent.WindowFocus f = (RawEvent.WindowFocus) p.await(e -> e instanceof RawEvent.WindowFocus, "initial");
            assertEquals(AppContext.UNKNOWN, f.app());
            assertEquals(0, p.ask("visible").size());
        }
    }

    /** A value of xwininfo's output, e.g. "  Absolute upper-left X:  51". */
    private static int info(String xwininfo, String key) {
        return xwininfo.lines().map(String::strip).filter(l -> l.startsWith(key + ":"))
                .map(l -> Integer.parseInt(l.substring(key.length() + 1).strip())).findFirst().orElseThrow();
    }
}
