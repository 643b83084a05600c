package dev.understudy.e2e.privacy;

import org.junit.jupiter.api.Tag;
import static dev.understudy.e2e.privacy.PrivacyHarness.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.model.RawEvent;
import dev.understudy.privacy.screen.FrameMasker;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionReader;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The masking step caches the window stack between grabs (ScreenPrivacy): a non-allowed window
 * moved over the allowed one, and a popup mapped over it, after recording started and the cache is
 * warm, are masked in the very next stored frames.
 */
@Tag("e2e")
class MaskingFollowsWindowChangesTest {
    private static final int MAGENTA = 0xFF00FF;
    private static final int CYAN = 0x00FFFF;

    @TempDir Path tmp;

    @Test
    void windowsMovedOrMappedOverAnAllowedOneWhileRecordingAreMaskedInTheNextFrames() throws Exception {
        Path data = tmp.resolve("data");
        Path policy = policy(tmp, XTERM_ONLY);
        long movedAt;
        long poppedAt;
        String stats;
        try (VirtualDesktop desktop = VirtualDesktop.start(1024, 768); PrivacyHarness h = new PrivacyHarness(desktop)) {
            String work = h.xterm("Work", "90x30+0+0");
            // a chat window kept on top, first in the lower right corner, away from the terminal
            h.window("Chat", 820, 600, 180, 140, "FF00FF", "ontop");
            String chat = h.xdo.waitWindow("Chat");
            h.xdo.activate(work);
            try (RecorderProcess rec = RecorderProcess.start(desktop, data, "--policy", policy.toString())) {
                awaitStatus(data, "recording", 10_000);
                // warm the stack cache: several grabs with nothing changing in between
                h.xdo.type("echo warm");
                h.xdo.key("Return");
                h.xdo.clickAt(100, 60);
                rec.awaitEvents(ev -> frames(ev, 0) >= 2 && typed(ev).contains("warm"), 20_000);

                // the chat window moves over the terminal
                h.xdo.run("windowmove", "--sync", chat, "300", "100");
                awaitPosition(h, chat, 300, 100);
                movedAt = System.currentTimeMillis();
                h.xdo.clickAt(100, 320);
                h.xdo.type("echo moved");
                h.xdo.key("Return");
                rec.awaitEvents(ev -> frames(ev, movedAt) >= 1 && typed(ev).contains("moved"), 20_000);

                // a notification-like popup (override-redirect) is mapped over the terminal's left side
                h.window("Toast", 60, 360, 220, 80, "00FFFF", "popup");
                poppedAt = System.currentTimeMillis();
                h.xdo.clickAt(100, 60);
                h.xdo.type("echo popped");
                h.xdo.key("Return");
                rec.awaitEvents(ev -> frames(ev, poppedAt) >= 1 && typed(ev).contains("popped"), 20_000);
                assertEquals(0, rec.stop(), rec.stderr());
                stats = stats(rec);
                System.out.println("masking cache: " + stats);
            }
        }
        Matcher reuses = Pattern.compile("maskStackReuses=(\\d+)").matcher(stats);
        assertTrue(reuses.find() && Long.parseLong(reuses.group(1)) > 0, "the cached stack was used: " + stats);

        DataDir dd = DataDir.at(data);
        SessionReader r = dd.open(dd.latestSessionId());
        List<RawEvent.Frame> frames = r.events().stream().filter(e -> e instanceof RawEvent.Frame).map(e -> (RawEvent.Frame) e).toList();
        int afterMove = 0;
        int afterPopup = 0;
        for (RawEvent.Frame f : frames) {
            BufferedImage img = r.frames().read(f.id());
            assertEquals(0, count(img, MAGENTA) + count(img, CYAN), "pixels of non-allowed windows in frame " + f.id() + " (" + f.reason() + ")");
            assertNotEquals(FrameMasker.MASK_RGB, img.getRGB(150, 60) & 0xFFFFFF, "the terminal itself is kept in " + f.id());
            if (f.wall() >= movedAt) {
                afterMove++;
                assertEquals(FrameMasker.MASK_RGB, img.getRGB(390, 170) & 0xFFFFFF, "the moved chat window is filled in " + f.id());
            }
            if (f.wall() >= poppedAt) {
                afterPopup++;
                assertEquals(FrameMasker.MASK_RGB, img.getRGB(170, 400) & 0xFFFFFF, "the new popup is filled in " + f.id());
            }
        }
        assertTrue(afterMove >= 2 && afterPopup >= 1, "frames after the move: " + afterMove + ", after the popup: " + afterPopup);
    }

    /** Stored frames grabbed at or after {@code sinceWall}. */
    private static long frames(List<RawEvent> ev, long sinceWall) {
        return ev.stream().filter(e -> e instanceof RawEvent.Frame f && f.wall() >= sinceWall).count();
    }

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) n++;
        }
        return n;
    }

    /** Polls the X server until the window's frame is where it was moved. */
    private static void awaitPosition(PrivacyHarness h, String window, int x, int y) throws Exception {
        AtomicReference<String> geometry = new AtomicReference<>("");
        try {
            await("the window to be at " + x + "," + y).atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(25)).pollInSameThread().dontCatchUncaughtExceptions()
                    .until(() -> {
                        geometry.set(h.xdo.run("getwindowgeometry", "--shell", window));
                        Matcher mx = Pattern.compile("X=(-?\\d+)").matcher(geometry.get());
                        Matcher my = Pattern.compile("Y=(-?\\d+)").matcher(geometry.get());
                        return mx.find() && my.find() && Math.abs(Integer.parseInt(mx.group(1)) - x) <= 40
                                && Math.abs(Integer.parseInt(my.group(1)) - y) <= 40;
                    });
        } catch (ConditionTimeoutException e) {
            fail("the window never moved to " + x + "," + y + ": " + geometry.get(), e);
        }
    }
}
