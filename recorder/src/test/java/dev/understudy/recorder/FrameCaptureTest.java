package dev.understudy.recorder;

import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.capture.Clock;
import dev.understudy.capture.screen.ScreenGrab;
import dev.understudy.capture.screen.ScreenGrabber;
import dev.understudy.model.FrameReason;
import dev.understudy.model.Monitor;
import dev.understudy.model.RawEvent;
import dev.understudy.trace.FrameStore;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The screen thread's decisions, driven pass by pass ({@link FrameCapture#step}) with a clock the
 * test moves: no X server, no real time, no sleeps.
 */
@Tag("unit")
@Timeout(30)
class FrameCaptureTest {
    static final long MS = 1_000_000L;

    /** A clock the test sets. */
    static final class ManualClock extends Clock {
        final AtomicLong mono = new AtomicLong(10_000 * MS);
        final AtomicLong wall = new AtomicLong(1_700_000_000_000L);

        ManualClock() {
            super(0);
        }

        @Override
        public long mono() {
            return mono.get();
        }

        @Override
        public long wall() {
            return wall.get();
        }

        void advance(long ns) {
            mono.addAndGet(ns);
            wall.addAndGet(ns / MS);
        }
    }

    final ManualClock clock = new ManualClock();
    final Monitor monitor = new Monitor(0, 0, 0, 4, 4, 1.0);
    final AtomicInteger shade = new AtomicInteger();
    /** Runs during a grab: what another thread does while the screen thread grabs. */
    Runnable duringGrab = () -> {};
    final AtomicInteger grabbed = new AtomicInteger();

    final ScreenGrabber grabber = new ScreenGrabber() {
        @Override
        public List<Monitor> monitors() {
            return List.of(monitor);
        }

        @Override
        public ScreenGrab grab(int monitorIndex) {
            grabbed.incrementAndGet();
            Runnable r = duringGrab;
            duringGrab = () -> {};
            r.run();
            BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, shade.get());
            return new ScreenGrab(monitor, img, clock.mono(), clock.wall());
        }
    };

    final Map<String, BufferedImage> frames = new HashMap<>();
    final FrameStore store = new FrameStore() {
        @Override
        public String put(BufferedImage image) {
            String id = "f" + frames.size();
            frames.put(id, image);
            return id;
        }

        @Override
        public boolean contains(String id) {
            return frames.containsKey(id);
        }

        @Override
        public BufferedImage read(String id) {
            return frames.get(id);
        }

        @Override
        public long diskBytes() {
            return 0;
        }
    };

    final EventQueue queue = new EventQueue(1024);
    final AtomicBoolean allowed = new AtomicBoolean(true);
    final FrameCapture capture = new FrameCapture(grabber, List.of(monitor), store, clock, queue, allowed::get);

    /** The frame events the capture has stored since the last call. */
    List<FrameReason> storedReasons() {
        List<FrameReason> out = new ArrayList<>();
        RawEvent e;
        while ((e = queue.pollNow()) != null) if (e instanceof RawEvent.Frame f) out.add(f.reason());
        return out;
    }

    RawEvent.KeyDown key(long mono) {
        return new RawEvent.KeyDown(mono, 0, 30, "a", "a", 0);
    }

    @Test
    void aFocusChangeIsGrabbedOnceTheWindowHadTimeToPaint() {
        capture.onFocus(clock.mono());
        clock.advance(FrameCapture.FOCUS_DELAY_NS - MS);
        capture.step();
        assertEquals(List.of(), storedReasons(), "too early: the window may not have painted");
        clock.advance(MS);
        capture.step();
        assertEquals(List.of(FrameReason.FOCUS), storedReasons());
        clock.advance(FrameCapture.FOCUS_DELAY_NS);
        capture.step();
        assertEquals(List.of(), storedReasons(), "one grab per focus change");
    }

    @Test
    void aFocusChangeDuringTheFocusGrabGetsItsOwnGrab() {
        capture.onFocus(clock.mono());
        clock.advance(FrameCapture.FOCUS_DELAY_NS);
        long second = clock.mono();
        duringGrab = () -> capture.onFocus(second); // the window thread, while the screen thread grabs
        shade.set(1);
        capture.step();
        assertEquals(List.of(FrameReason.FOCUS), storedReasons());
        clock.advance(FrameCapture.FOCUS_DELAY_NS);
        shade.set(2);
        capture.step();
        assertEquals(List.of(FrameReason.FOCUS), storedReasons(), "the newer focus change is not lost");
    }

    @Test
    void inputSettlesOnceAndInputDuringTheSettleGrabSettlesAgain() {
        capture.onInput(key(clock.mono()));
        clock.advance(FrameCapture.SETTLE_NS - MS);
        capture.step(); // the onset grab, kept in the ring
        assertEquals(List.of(), storedReasons(), "not settled yet");
        clock.advance(MS);
        long typedAt = clock.mono();
        duringGrab = () -> capture.onInput(key(typedAt)); // the hook thread, while the settle grab is taken
        shade.set(1);
        capture.step();
        assertEquals(List.of(FrameReason.SETTLE), storedReasons());
        clock.advance(FrameCapture.SETTLE_NS);
        shade.set(2);
        capture.step();
        assertEquals(List.of(FrameReason.SETTLE), storedReasons(), "the input that came during the grab is settled too");
        clock.advance(FrameCapture.SETTLE_NS);
        capture.step();
        assertEquals(List.of(), storedReasons(), "and only once");
    }

    @Test
    void anActionGetsTheFrameGrabbedAtItsOnset() {
        long t = clock.mono();
        capture.onInput(new RawEvent.MouseMove(t, 0, 1, 1, 0)); // input after idle: an onset grab
        shade.set(7);
        capture.step();
        assertEquals(List.of(), storedReasons(), "an onset grab waits in the ring");
        clock.advance(20 * MS);
        capture.commitBefore(clock.mono());
        capture.step();
        assertEquals(List.of(FrameReason.ONSET), storedReasons());
        assertEquals(1, capture.storedFrames());
    }

    @Test
    void nothingIsGrabbedWhileThePrivacyGateWithholdsCapture() {
        allowed.set(false);
        capture.onFocus(clock.mono());
        clock.advance(FrameCapture.FOCUS_DELAY_NS);
        capture.step();
        assertEquals(List.of(), storedReasons());
        assertEquals(0, grabbed.get(), "not even grabbed");
        assertEquals(1, capture.withheldGrabs());
    }

    @Test
    void aGrabTakenBeforeCaptureWasWithheldIsNotStored() {
        AtomicLong epoch = new AtomicLong();
        capture.privacyEpoch(epoch::get);
        capture.onFocus(clock.mono());
        clock.advance(FrameCapture.FOCUS_DELAY_NS);
        duringGrab = epoch::incrementAndGet; // the gate withholds capture while the grab is taken
        capture.step();
        assertEquals(List.of(), storedReasons());
        assertEquals(1, grabbed.get());
        assertEquals(1, capture.withheldGrabs());
    }
}
