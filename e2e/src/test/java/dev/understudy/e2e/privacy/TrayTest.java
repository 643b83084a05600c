package dev.understudy.e2e.privacy;

import org.junit.jupiter.api.Tag;
import static dev.understudy.e2e.privacy.PrivacyHarness.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.model.RawEvent;
import dev.understudy.privacy.control.ControlFiles;
import java.awt.Point;
import java.awt.Rectangle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder's tray icon on a desktop with a real system tray (Debian's trayer, the freedesktop
 * XEmbed protocol, as panels implement it): the icon docks, its menu pauses and resumes recording
 * through real clicks, and the icon turns grey while paused. Also: a tray that starts after the
 * recorder, or restarts, gets the icon.
 */
@Tag("e2e")
class TrayTest {
    private static final int RED = 0xff0000;
    private static final int GREY = 0x808080;
    /** The menu's items, top to bottom (the policy has the control page on, so its item is there). */
    private static final List<String> MENU = List.of("Pause recording", "Resume recording", "Open control page");
    private static final long WAIT_MS = 30_000;

    @TempDir Path tmp;

    @Test
    void theTrayMenuPausesAndResumesAndTheIconSaysSo() throws Exception {
        Path data = tmp.resolve("data");
        Path policy = policy(tmp, XTERM_ONLY);
        try (VirtualDesktop desktop = VirtualDesktop.start(1024, 768); PrivacyHarness h = new PrivacyHarness(desktop);
                TrayHost tray = TrayHost.on(desktop).startTray()) {
            h.xdo.activate(h.xterm("Work", "80x24+0+0"));
            // the tray is up before the recorder's AWT looks for one
            try (RecorderProcess rec = RecorderProcess.start(desktop, data, "--policy", policy.toString())) {
                awaitStatus(data, "recording", WAIT_MS);
                assertTrue(Files.exists(data.resolve(ControlFiles.PAGE)), "the control page is on, so its menu item is there");
                TrayHost.Shown icon = tray.awaitEmbeddedIcon(WAIT_MS);
                tray.awaitIconColour(icon, RED, WAIT_MS);
                h.xdo.type("before ");
                rec.awaitEvents(ev -> typed(ev).contains("before"), WAIT_MS);

                choose(h, tray, "Pause recording");
                rec.awaitEvents(ev -> markers(ev).contains("paused:tray"), WAIT_MS);
                assertTrue(awaitStatus(data, "paused until", WAIT_MS).startsWith("paused until"));
                tray.awaitIconColour(tray.awaitEmbeddedIcon(WAIT_MS), GREY, WAIT_MS);
                long withheld = ControlFiles.readStatus(data).withheld();
                h.xdo.type("hidden ");
                // the recorder has seen (and withheld) the 14 key events before we resume
                assertTrue(PauseTest.StatusWait.withheld(data, withheld + 14, WAIT_MS), "typing withheld while paused: " + ControlFiles.readStatus(data));

                choose(h, tray, "Resume recording");
                rec.awaitEvents(ev -> markers(ev).contains("resumed:tray"), WAIT_MS);
                awaitStatus(data, "recording", WAIT_MS);
                tray.awaitIconColour(tray.awaitEmbeddedIcon(WAIT_MS), RED, WAIT_MS);
                h.xdo.type("after ");
                h.xdo.key("Return");
                rec.awaitEvents(ev -> typed(ev).contains("after"), WAIT_MS);
                assertEquals(0, rec.stop(), rec.stderr());
                assertFalse(rec.stderr().contains("no system tray"), "the tray was there from the start: " + rec.stderr());
                assertNoStackTrace(rec.stderr());
                System.out.println("tray: icon " + icon + "; " + stats(rec));
            }
        }
        List<RawEvent> ev = events(data);
        String typed = typed(ev);
        assertTrue(typed.contains("before") && typed.contains("after"), typed);
        assertFalse(typed.contains("hidden"), "typed while paused: " + typed);
        List<String> m = markers(ev);
        // paused and resumed through the tray, exactly once each (a pause of our own read late from
        // control.json used to be applied again: ControlWatcherTest)
        List<String> toggles = m.stream().filter(x -> x.startsWith("paused") || x.startsWith("resumed")).toList();
        assertEquals(List.of("paused:tray", "resumed:tray"), toggles, m.toString());
    }

    @Test
    void aTrayThatStartsLateOrRestartsGetsTheIcon() throws Exception {
        Path data = tmp.resolve("data");
        Path policy = policy(tmp, XTERM_ONLY);
        try (VirtualDesktop desktop = VirtualDesktop.start(1024, 768); PrivacyHarness h = new PrivacyHarness(desktop);
                TrayHost tray = TrayHost.on(desktop)) {
            h.xdo.activate(h.xterm("Work", "80x24+0+0"));
            try (RecorderProcess rec = RecorderProcess.start(desktop, data, "--policy", policy.toString())) {
                awaitStatus(data, "recording", WAIT_MS);
                awaitStderr(rec, "no system tray on this desktop yet");

                tray.startTray();
                TrayHost.Shown icon = tray.awaitEmbeddedIcon(WAIT_MS);
                tray.awaitIconColour(icon, RED, WAIT_MS);

                // the tray goes away (the panel crashed, the session restarted it) and comes back
                tray.stopTray();
                tray.awaitNoIcon(WAIT_MS);
                tray.startTray();
                icon = tray.awaitEmbeddedIcon(WAIT_MS);
                tray.awaitIconColour(icon, RED, WAIT_MS);

                // and the late icon's menu works like any other
                choose(h, tray, "Pause recording");
                rec.awaitEvents(ev -> markers(ev).contains("paused:tray"), WAIT_MS);
                awaitStatus(data, "paused until", WAIT_MS);
                tray.awaitIconColour(tray.awaitEmbeddedIcon(WAIT_MS), GREY, WAIT_MS);

                assertTrue(rec.process().isAlive(), "the recorder kept running throughout: " + rec.stderr());
                assertEquals(0, rec.stop(), rec.stderr());
                String err = rec.stderr();
                // (the notice printed at start names the tray icon too; diagnostics start with "understudy:")
                assertEquals(1, err.lines().filter(l -> l.startsWith("understudy:") && l.contains("tray")).count(), "one line about the tray: " + err);
                assertNoStackTrace(err);
            }
        }
    }

    /** Right-clicks the tray icon, waits for its menu and clicks {@code item}, as a person would. */
    private static void choose(PrivacyHarness h, TrayHost tray, String item) throws Exception {
        TrayHost.Shown icon = tray.awaitEmbeddedIcon(WAIT_MS);
        Point onIcon = tray.awaitUncovered(icon, icon.bounds(), WAIT_MS);
        h.xdo.clickAt(onIcon.x, onIcon.y, 3, 1); // AWT's popup trigger on X11: the right button's press
        TrayHost.Shown menu = tray.awaitPopupMenu(WAIT_MS);
        Rectangle m = menu.bounds();
        int i = MENU.indexOf(item);
        // the items share the menu's height evenly (one font, no separators)
        Rectangle row = new Rectangle(m.x, m.y + m.height * i / MENU.size(), m.width, m.height / MENU.size());
        Rectangle middleOfRow = new Rectangle(row.x, row.y + row.height / 4, row.width, row.height / 2);
        Point p = tray.awaitUncovered(menu, middleOfRow, WAIT_MS);
        h.xdo.clickAt(p.x, p.y);
        tray.awaitNoPopupMenu(WAIT_MS);
    }

    private static void awaitStderr(RecorderProcess rec, String text) {
        try {
            await("the recorder to say \"" + text + "\"").atMost(Duration.ofMillis(WAIT_MS)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(25)).pollInSameThread().dontCatchUncaughtExceptions()
                    .until(() -> rec.stderr().contains(text));
        } catch (ConditionTimeoutException e) {
            fail("the recorder never said \"" + text + "\": " + rec.stderr(), e);
        }
    }

    private static void assertNoStackTrace(String stderr) {
        assertFalse(stderr.contains("Exception") || stderr.lines().anyMatch(l -> l.startsWith("\tat ")), "a stack trace: " + stderr);
    }
}
