package dev.understudy.recorder;

import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.capture.screen.ScreenGrab;
import dev.understudy.capture.window.WindowInfo;
import dev.understudy.capture.window.WindowSource;
import dev.understudy.model.AppContext;
import dev.understudy.model.Monitor;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import dev.understudy.privacy.gate.PauseSwitch;
import dev.understudy.privacy.gate.PolicyGate;
import dev.understudy.privacy.gate.PrivacyGate;
import dev.understudy.privacy.policy.PolicyLoader;
import dev.understudy.privacy.screen.FrameMasker;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The password fields the accessibility source knows are filled in every stored frame (docs/privacy.md §2). */
@Tag("unit")
@Timeout(30)
class ScreenPrivacyTest {
    static final int WHITE = 0xFFFFFF;

    /** One allowed window (gedit) covering both monitors; no X server needed for the stack. */
    static class OneWindow implements WindowSource {
        final AppContext app = new AppContext("gedit", "Gedit", "Unlock", 42, new Rect(0, 0, 2048, 768), null);

        @Override
        public void start() {}

        @Override
        public AppContext current() {
            return app;
        }

        @Override
        public List<WindowInfo> visibleWindows() {
            return List.of(new WindowInfo(1, app.pid(), app.name(), app.windowClass(), app.title(), app.bounds(), true));
        }

        @Override
        public void close() {}
    }

    static ScreenGrab grab(Monitor m) {
        BufferedImage img = new BufferedImage(m.width(), m.height(), BufferedImage.TYPE_INT_RGB);
        Arrays.fill(((DataBufferInt) img.getRaster().getDataBuffer()).getData(), WHITE);
        return new ScreenGrab(m, img, 1, 1);
    }

    static int px(ScreenGrab g, int x, int y) {
        return g.pixels()[y * g.width() + x] & 0xFFFFFF;
    }

    @Test
    void aPasswordFieldsBoxIsFilledInEveryStoredFrameOnTheMonitorThatShowsIt() {
        OneWindow windows = new OneWindow();
        PrivacyGate gate = new PrivacyGate(PolicyLoader.defaults(), new PauseSwitch(30, 120, System::currentTimeMillis), System::nanoTime);
        gate.admit(new RawEvent.WindowFocus(1, 1, windows.app), new PolicyGate.Output() {
            @Override
            public void live(RawEvent e) {}

            @Override
            public void store(RawEvent e) {}
        });
        assertTrue(gate.framesAllowed());
        // the source's boxes, global screen pixels: one on the second monitor (x 1024..2047)
        AtomicReference<List<Rect>> boxes = new AtomicReference<>(List.of(new Rect(1124, 200, 220, 28)));
        ScreenPrivacy screen = new ScreenPrivacy(gate, windows, null);
        screen.passwordBoxes(boxes::get);
        try {
            Monitor left = new Monitor(0, 0, 0, 1024, 768, 1.0);
            Monitor right = new Monitor(1, 1024, 0, 1024, 768, 1.0);
            List<ScreenGrab> stored = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ScreenGrab g = grab(right);
                assertTrue(screen.prepare(g));
                stored.add(g);
            }
            for (ScreenGrab g : stored) {
                // mapped from global to the frame's pixels: x 1124 → 100
                assertEquals(FrameMasker.MASK_RGB, px(g, 100, 200));
                assertEquals(FrameMasker.MASK_RGB, px(g, 319, 227));
                assertEquals(WHITE, px(g, 99, 200), "only the box");
                assertEquals(WHITE, px(g, 320, 227));
                assertEquals(WHITE, px(g, 100, 228));
            }
            ScreenGrab l = grab(left);
            assertTrue(screen.prepare(l));
            assertEquals(WHITE, px(l, 100, 200), "another monitor at the same frame pixels is not filled");
            assertEquals(2, screen.passwordBoxesMasked());
            // the field is gone: nothing filled any more
            boxes.set(List.of());
            ScreenGrab after = grab(right);
            assertTrue(screen.prepare(after));
            assertEquals(WHITE, px(after, 100, 200));
            // a source that cannot say where its fields are: the grab is not kept
            screen.passwordBoxes(() -> {
                throw new IllegalStateException("source gone");
            });
            assertFalse(screen.prepare(grab(right)));
        } finally {
            screen.close();
        }
    }

    @Test
    void theExistingConstructorMasksNoExtraBoxesAndTheNewOneTakesTheSupplier() {
        OneWindow windows = new OneWindow();
        PrivacyGate gate = new PrivacyGate(PolicyLoader.defaults(), new PauseSwitch(30, 120, System::currentTimeMillis), System::nanoTime);
        gate.admit(new RawEvent.WindowFocus(1, 1, windows.app));
        Monitor m = new Monitor(0, 0, 0, 640, 480, 1.0);
        ScreenPrivacy plain = new ScreenPrivacy(gate, windows, null);
        ScreenPrivacy withBoxes = new ScreenPrivacy(gate, windows, null, () -> List.of(new Rect(10, 10, 5, 5)));
        try {
            ScreenGrab a = grab(m);
            assertTrue(plain.prepare(a));
            assertEquals(WHITE, px(a, 12, 12));
            ScreenGrab b = grab(m);
            assertTrue(withBoxes.prepare(b));
            assertEquals(FrameMasker.MASK_RGB, px(b, 12, 12));
        } finally {
            plain.close();
            withBoxes.close();
        }
    }

    @Test
    void theMaskGenerationMovesWhenTheMaskingWouldAndOnlyThen() {
        AtomicReference<Rect> bounds = new AtomicReference<>(new Rect(0, 0, 300, 200));
        OneWindow windows = new OneWindow() {
            @Override
            public List<WindowInfo> visibleWindows() {
                // the allowed foreground, and a window of an app the policy does not know over part of the screen
                return List.of(new WindowInfo(1, app.pid(), app.name(), app.windowClass(), app.title(), app.bounds(), true),
                        new WindowInfo(2, 77, "secretapp", "Secretapp", "Private", bounds.get(), true));
            }
        };
        PrivacyGate gate = new PrivacyGate(PolicyLoader.defaults(), new PauseSwitch(30, 120, System::currentTimeMillis), System::nanoTime);
        gate.admit(new RawEvent.WindowFocus(1, 1, windows.app));
        AtomicReference<List<Rect>> boxes = new AtomicReference<>(List.of(new Rect(500, 500, 20, 10)));
        ScreenPrivacy screen = new ScreenPrivacy(gate, windows, null, boxes::get);
        Monitor m = new Monitor(0, 0, 0, 640, 480, 1.0);
        try {
            ScreenGrab g = grab(m);
            assertTrue(screen.prepare(g));
            assertEquals(FrameMasker.MASK_RGB, px(g, 10, 10), "the other app's window is masked");
            long prepared = screen.preparedGeneration();
            assertNotEquals(FrameCapture.FramePolicy.UNKNOWN_MASK, prepared);
            assertEquals(prepared, screen.maskGeneration(), "nothing changed: the same masking");
            assertEquals(prepared, screen.maskGeneration(), "and again (the stack listed again, with the same result)");

            bounds.set(new Rect(10, 0, 300, 200)); // the masked window moved
            long moved = screen.maskGeneration();
            assertNotEquals(prepared, moved);
            assertEquals(moved, screen.maskGeneration());

            boxes.set(List.of(new Rect(500, 500, 20, 11))); // a password field grew
            long grown = screen.maskGeneration();
            assertNotEquals(moved, grown);

            boxes.set(List.of(new Rect(500, 500, 20, 10)));
            bounds.set(new Rect(0, 0, 300, 200)); // all as at the grab: a new number all the same (never a false "unchanged")
            assertNotEquals(prepared, screen.maskGeneration());

            gate.pauseSwitch().pauseMinutes(5, "test");
            assertEquals(FrameCapture.FramePolicy.UNKNOWN_MASK, screen.maskGeneration(), "frames not allowed: cannot tell");
        } finally {
            screen.close();
        }
    }
}
