package dev.understudy.e2e.privacy;

import dev.understudy.model.MarkerKind;
import org.junit.jupiter.api.Tag;
import static dev.understudy.e2e.privacy.PrivacyHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.model.RawEvent;
import dev.understudy.privacy.screen.FrameMasker;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionReader;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Capture follows the policy: on in an allowed app, off in any other; other windows are masked in frames. */
@Tag("e2e")
class CaptureFollowsPolicyTest {
    @TempDir Path tmp;

    @Test
    void captureIsOffInANonAllowedAppAndOnInAnAllowedOne() throws Exception {
        Path data = tmp.resolve("data");
        Path policy = policy(tmp, XTERM_ONLY);
        try (VirtualDesktop desktop = VirtualDesktop.start(1024, 768); PrivacyHarness h = new PrivacyHarness(desktop)) {
            String work = h.xterm("Work", "70x20+0+0");
            h.window("Personal", 560, 120, 400, 300, "3366AA", "normal");
            String personal = h.xdo.waitWindow("Personal");
            h.xdo.activate(work);
            try (RecorderProcess rec = RecorderProcess.start(desktop, data, "--policy", policy.toString())) {
                awaitStatus(data, "recording", 10_000);
                h.xdo.type("allowedone ");
                rec.awaitEvents(ev -> typed(ev).contains("allowedone"), 20_000);

                h.xdo.activate(personal);
                assertTrue(awaitStatus(data, "suspended (app not allowed)", 10_000).startsWith("suspended (app not allowed)"));
                h.xdo.type("personalsecret");
                h.xdo.clickAt(700, 250);
                h.xdo.key("ctrl+a");

                h.xdo.activate(work);
                awaitStatus(data, "recording", 10_000);
                h.xdo.type("allowedtwo");
                h.xdo.key("Return");
                rec.awaitEvents(ev -> typed(ev).contains("allowedtwo"), 20_000);
                assertEquals(0, rec.stop(), rec.stderr());
                System.out.println("policy: " + stats(rec));
            }
            assertTrue(cli("status", "--data", data.toString()).startsWith("not running"));
        }
        List<RawEvent> ev = events(data);
        String typed = typed(ev);
        assertTrue(typed.contains("allowedone") && typed.contains("allowedtwo"), typed);
        assertFalse(typed.contains("personal") || typed.contains("secret"), typed);
        // nothing but the content-free marker while suspended: no input, no window, no frame
        int from = -1;
        int to = -1;
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i) instanceof RawEvent.Marker m && m.kind() == MarkerKind.SUSPENDED && from < 0) from = i;
            if (ev.get(i) instanceof RawEvent.Marker m && m.kind() == MarkerKind.UNSUSPENDED) to = i;
        }
        assertTrue(from >= 0 && to > from, "suspended and unsuspended markers: " + markers(ev));
        assertEquals("app not allowed", ((RawEvent.Marker) ev.get(from)).detail());
        for (int i = from + 1; i < to; i++) fail("stored while suspended: " + ev.get(i));
        for (RawEvent e : ev) {
            if (e instanceof RawEvent.WindowFocus w) assertNotEquals("Personal", w.app().title(), "the non-allowed window is never named");
            if (e instanceof RawEvent.MouseDown m) assertFalse(m.x() > 560 && m.y() > 120 && m.x() < 960 && m.y() < 420, "click in the non-allowed window: " + m);
        }
    }

    @Test
    void nonAllowedWindowsOverlappingAnAllowedOneAreMaskedInStoredFrames() throws Exception {
        Path data = tmp.resolve("data");
        Path policy = policy(tmp, XTERM_ONLY);
        int magenta = 0xFF00FF;
        int cyan = 0x00FFFF;
        try (VirtualDesktop desktop = VirtualDesktop.start(1024, 768); PrivacyHarness h = new PrivacyHarness(desktop)) {
            String work = h.xterm("Work", "90x30+0+0");
            // a chat window kept on top of everything, over the terminal's lower right corner
            h.window("Chat", 400, 260, 300, 200, "FF00FF", "ontop");
            // a notification-like popup (override-redirect) over the terminal's left side
            h.window("Toast", 60, 360, 220, 80, "00FFFF", "popup");
            h.xdo.activate(work);
            try (RecorderProcess rec = RecorderProcess.start(desktop, data, "--policy", policy.toString())) {
                awaitStatus(data, "recording", 10_000);
                h.xdo.type("echo masking works");
                h.xdo.key("Return");
                h.xdo.clickAt(200, 100);
                rec.awaitEvents(ev -> ev.stream().filter(e -> e instanceof RawEvent.Frame).count() >= 2 && typed(ev).contains("masking"), 20_000);
                assertEquals(0, rec.stop(), rec.stderr());
                System.out.println("masking: " + stats(rec));
            }
        }
        DataDir dd = DataDir.at(data);
        SessionReader r = dd.open(dd.latestSessionId());
        List<RawEvent.Frame> frames = r.events().stream().filter(e -> e instanceof RawEvent.Frame).map(e -> (RawEvent.Frame) e).toList();
        assertFalse(frames.isEmpty());
        for (RawEvent.Frame f : frames) {
            BufferedImage img = r.frames().read(f.id());
            assertEquals(1024, img.getWidth(), "frames stay full-monitor");
            int colored = 0;
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int p = img.getRGB(x, y) & 0xFFFFFF;
                    if (p == magenta || p == cyan) colored++;
                }
            }
            assertEquals(0, colored, "pixels of non-allowed windows in frame " + f.id());
            assertEquals(FrameMasker.MASK_RGB, img.getRGB(550, 360) & 0xFFFFFF, "the on-top chat window is filled");
            assertEquals(FrameMasker.MASK_RGB, img.getRGB(170, 400) & 0xFFFFFF, "the popup is filled");
            assertEquals(FrameMasker.MASK_RGB, img.getRGB(1000, 740) & 0xFFFFFF, "the desktop outside allowed windows is filled");
            assertNotEquals(FrameMasker.MASK_RGB, img.getRGB(150, 120) & 0xFFFFFF, "the terminal itself is kept");
        }
    }
}
