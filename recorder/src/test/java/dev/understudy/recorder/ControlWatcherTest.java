package dev.understudy.recorder;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.privacy.control.ControlFiles;
import dev.understudy.privacy.gate.PauseSwitch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The pause requests in control.json, as the recorder applies them. */
@Tag("unit")
@Timeout(30)
class ControlWatcherTest {
    @TempDir Path data;

    /**
     * The cause of TrayTest's doubled pause/resume pair: the recorder writes its own requests (tray,
     * hotkey, page) on an I/O thread, so after a pause and a quick resume from the tray the file can
     * still hold the pause when the watcher reads it. It must not pause again.
     */
    @Test
    void anOlderRequestOfOurOwnReadLateIsNotAppliedAgain() {
        PauseSwitch pause = new PauseSwitch(30, 120, System::currentTimeMillis);
        List<String> changes = new ArrayList<>();
        pause.addListener((until, by) -> changes.add((until == 0 ? "resumed:" : "paused:") + by));
        ControlWatcher w = new ControlWatcher(data, pause, System::currentTimeMillis);
        long now = System.currentTimeMillis();
        // the tray pauses, then resumes; both requests are handed to the I/O thread
        pause.pauseUntil(now + 600_000, "tray");
        ControlFiles.PauseRequest pausedByTray = new ControlFiles.PauseRequest(now + 600_000, now, "tray");
        w.wrote(pausedByTray);
        pause.pauseUntil(0, "tray");
        ControlFiles.PauseRequest resumedByTray = new ControlFiles.PauseRequest(0, now + 5, "tray");
        w.wrote(resumedByTray);
        // the I/O thread writes the pause first, and the watcher reads it before the resume is written
        ControlFiles.writePause(data, pausedByTray);
        w.apply();
        assertFalse(pause.pausedNow(), "the stale pause of our own was applied again");
        ControlFiles.writePause(data, resumedByTray);
        w.apply();
        assertEquals(List.of("paused:tray", "resumed:tray"), changes);

        // a newer request from `understudy pause` is applied
        ControlFiles.writePause(data, new ControlFiles.PauseRequest(now + 300_000, now + 50, "cli"));
        w.apply();
        assertTrue(pause.pausedNow());
        assertEquals(List.of("paused:tray", "resumed:tray", "paused:cli"), changes);
    }
}
