package dev.understudy.recorder;

import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.capture.Clock;
import dev.understudy.capture.screen.ScreenDamage;
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

    /** The monitors the grabber reports; the capture is made with the same list. */
    List<Monitor> monitors = List.of(monitor);
    /** Called with the image a grab is asked to overwrite (null: none), before it is written. */
    java.util.function.Consumer<BufferedImage> onReuse = img -> {};
    /** Thrown by the next grab, once. */
    RuntimeException failNext;

    final ScreenGrabber grabber = new ScreenGrabber() {
        @Override
        public List<Monitor> monitors() {
            return monitors;
        }

        @Override
        public ScreenGrab grab(int monitorIndex) {
            return grab(monitorIndex, null);
        }

        @Override
        public ScreenGrab grab(int monitorIndex, BufferedImage reuse) {
            grabbed.incrementAndGet();
            onReuse.accept(reuse);
            RuntimeException fail = failNext;
            failNext = null;
            if (fail != null) throw fail;
            Runnable r = duringGrab;
            duringGrab = () -> {};
            r.run();
            Monitor m = monitors.get(monitorIndex);
            BufferedImage img = reuse != null && reuse.getWidth() == m.width() && reuse.getHeight() == m.height()
                    ? reuse : new BufferedImage(m.width(), m.height(), BufferedImage.TYPE_INT_RGB);
            int[] px = ((java.awt.image.DataBufferInt) img.getRaster().getDataBuffer()).getData();
            java.util.Arrays.fill(px, 0x101010 * (monitorIndex + 1)); // every pixel, as a real grabber writes them
            px[0] = shade.get();
            return new ScreenGrab(m, img, clock.mono(), clock.wall());
        }
    };

    final Map<String, BufferedImage> frames = new HashMap<>();
    final FrameStore store = new FrameStore() {
        @Override
        public String put(BufferedImage image) {
            String id = "f" + frames.size();
            // a copy, as the tile store keeps only what it copied: the grab's image goes back to the pool
            BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            copy.setRGB(0, 0, image.getWidth(), image.getHeight(), image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth()), 0, image.getWidth());
            frames.put(id, copy);
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
    FrameCapture capture = new FrameCapture(grabber, monitors, store, clock, queue, allowed::get);

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

    // ---- grabs not taken when nothing was drawn (ScreenDamage), the image pool

    /** The damage answers the capture gets, one per ask; NONE when none is queued. */
    final java.util.ArrayDeque<ScreenDamage.Region> damageAnswers = new java.util.ArrayDeque<>();
    final AtomicInteger damageAsks = new AtomicInteger();

    /** A masking policy whose generation the test moves. */
    final class Masking implements FrameCapture.FramePolicy {
        final AtomicLong generation = new AtomicLong(1);
        long prepared = UNKNOWN_MASK;

        @Override
        public boolean prepare(ScreenGrab grab) {
            prepared = generation.get();
            return true;
        }

        @Override
        public long preparedGeneration() {
            return prepared;
        }

        @Override
        public long maskGeneration() {
            return generation.get();
        }
    }

    final Masking masking = new Masking();

    /** The capture with a damage source and the masking policy. */
    FrameCapture withDamage() {
        capture.damage(() -> {
            damageAsks.incrementAndGet();
            ScreenDamage.Region r = damageAnswers.poll();
            return r == null ? ScreenDamage.Region.NONE : r;
        });
        capture.framePolicy(masking);
        return capture;
    }

    /** A focus change and the grab that follows it: one stored (or unchanged) frame. */
    List<RawEvent.Frame> focusGrab() {
        capture.onFocus(clock.mono());
        clock.advance(FrameCapture.FOCUS_DELAY_NS);
        capture.step();
        List<RawEvent.Frame> out = new ArrayList<>();
        RawEvent e;
        while ((e = queue.pollNow()) != null) if (e instanceof RawEvent.Frame f) out.add(f);
        return out;
    }

    static ScreenDamage.Region drawn(int x, int y, int w, int h) {
        return new ScreenDamage.Region(List.of(new dev.understudy.model.Rect(x, y, w, h)), false);
    }

    @Test
    void aScreenNothingWasDrawnOnIsNotGrabbedAgain() {
        withDamage();
        damageAnswers.add(ScreenDamage.Region.EVERYTHING); // the first answer covers the whole screen
        List<RawEvent.Frame> first = focusGrab();
        assertEquals(1, grabbed.get(), "the first grab reads the screen");
        List<RawEvent.Frame> second = focusGrab();
        assertEquals(1, grabbed.get(), "nothing drawn since: not read again");
        assertEquals(1, second.size(), "still a frame for the focus change");
        assertEquals(first.get(0).id(), second.get(0).id(), "the same pixels, stored once");
        assertTrue(second.get(0).mono() > first.get(0).mono(), "under the time of the second grab");
        assertEquals(1, capture.grabsSkippedUndamaged());
        assertEquals(1, capture.storedFrames());
        assertEquals(1, capture.unchangedFrames());
        assertEquals(0, capture.compares(), "a grab held again needs no pixel compare");
        assertEquals(2, damageAsks.get());
    }

    @Test
    void drawingOnTheMonitorIsGrabbedAndItsChangeStored() {
        withDamage();
        focusGrab();
        damageAnswers.add(drawn(1, 1, 1, 1));
        shade.set(5);
        List<RawEvent.Frame> second = focusGrab();
        assertEquals(2, grabbed.get());
        assertEquals(2, capture.storedFrames(), "the change is stored");
        assertEquals(0x000005, frames.get(second.get(0).id()).getRGB(0, 0) & 0xffffff);
    }

    @Test
    void drawingThatChangedNoPixelIsComparedNotStored() {
        withDamage();
        focusGrab();
        damageAnswers.add(drawn(0, 0, 4, 4));
        focusGrab();
        assertEquals(2, grabbed.get(), "damaged: read");
        assertEquals(1, capture.storedFrames(), "same pixels: not stored again");
        assertEquals(1, capture.compares());
    }

    @Test
    void aScreenThatChangedAndChangedBackIsNotStoredTwice() {
        withDamage();
        focusGrab(); // A, stored
        capture.onInput(key(clock.mono())); // an onset grab B, held in the ring only
        damageAnswers.add(ScreenDamage.Region.EVERYTHING);
        shade.set(9);
        capture.step();
        clock.advance(FrameCapture.SETTLE_NS);
        damageAnswers.add(ScreenDamage.Region.EVERYTHING);
        shade.set(0); // back to A
        capture.step(); // the settle grab
        assertEquals(3, grabbed.get());
        assertEquals(1, capture.storedFrames(), "A again is the stored A");
        assertEquals(1, capture.unchangedFrames());
    }

    @Test
    void drawingOnAnotherMonitorIsRememberedUntilThatMonitorIsGrabbed() {
        Monitor left = new Monitor(0, 0, 0, 4, 4, 1.0);
        Monitor right = new Monitor(1, 4, 0, 4, 4, 1.0);
        monitors = List.of(left, right);
        capture = new FrameCapture(grabber, monitors, store, clock, queue, allowed::get);
        withDamage();
        capture.onInput(new RawEvent.MouseMove(clock.mono(), 0, 1, 1, 0)); // pointer on the left monitor
        capture.step();
        clock.advance(FrameCapture.SETTLE_NS);
        capture.onInput(new RawEvent.MouseMove(clock.mono(), 0, 5, 1, 0)); // then on the right one
        capture.step();
        assertEquals(2, grabbed.get(), "each monitor read once");
        clock.advance(FrameCapture.SETTLE_NS);
        capture.step(); // settles on the right monitor
        damageAnswers.add(drawn(0, 0, 2, 2)); // drawn on the left monitor, told while asking for the right one
        capture.onInput(new RawEvent.MouseMove(clock.mono(), 0, 6, 1, 0));
        capture.step();
        assertEquals(2, grabbed.get(), "the right monitor: nothing drawn there, not read");
        clock.advance(FrameCapture.SETTLE_NS);
        capture.onInput(new RawEvent.MouseMove(clock.mono(), 0, 1, 1, 0)); // back on the left monitor
        capture.step();
        assertEquals(3, grabbed.get(), "the left monitor was drawn on since its grab: read");
        clock.advance(FrameCapture.SETTLE_NS);
        capture.onInput(new RawEvent.MouseMove(clock.mono(), 0, 2, 1, 0));
        capture.step();
        assertEquals(3, grabbed.get(), "and only once");
    }

    @Test
    void aChangedMaskingIsGrabbed() {
        withDamage();
        focusGrab();
        masking.generation.incrementAndGet(); // a window moved over it, a verdict changed...
        focusGrab();
        assertEquals(2, grabbed.get());
        focusGrab();
        assertEquals(2, grabbed.get(), "masked as the last grab: not read");
    }

    @Test
    void anUnknownMaskingIsGrabbed() {
        withDamage();
        focusGrab();
        masking.generation.set(FrameCapture.FramePolicy.UNKNOWN_MASK);
        focusGrab();
        focusGrab();
        assertEquals(3, grabbed.get());
    }

    @Test
    void aGrabFromBeforeCaptureWasWithheldIsNotHeldAgain() {
        AtomicLong epoch = new AtomicLong();
        capture.privacyEpoch(epoch::get);
        withDamage();
        focusGrab();
        epoch.incrementAndGet();
        List<RawEvent.Frame> after = focusGrab();
        assertEquals(2, grabbed.get(), "read again in the new epoch");
        assertEquals(1, after.size(), "and stored");
    }

    @Test
    void withoutDamageEveryGrabReadsTheScreen() {
        capture.framePolicy(masking);
        focusGrab();
        focusGrab();
        focusGrab();
        assertEquals(3, grabbed.get());
        assertEquals(0, capture.grabsSkippedUndamaged());
        assertEquals(1, capture.storedFrames(), "unchanged frames are still found");
    }

    @Test
    void aKeyframeCheckOfAnUndamagedScreenReadsNothing() {
        withDamage();
        focusGrab();
        clock.advance(FrameCapture.KEYFRAME_NS);
        capture.step();
        clock.advance(FrameCapture.KEYFRAME_NS);
        capture.step();
        assertEquals(1, grabbed.get());
        assertEquals(List.of(), storedReasons());
        assertEquals(0, capture.compares());
        damageAnswers.add(drawn(3, 3, 1, 1));
        shade.set(3);
        clock.advance(FrameCapture.KEYFRAME_NS);
        capture.step();
        assertEquals(2, grabbed.get());
        assertEquals(List.of(FrameReason.KEYFRAME), storedReasons(), "a change is still a keyframe");
    }

    @Test
    void aFailedGrabIsReadAgainNextTime() {
        withDamage();
        focusGrab();
        damageAnswers.add(drawn(0, 0, 1, 1));
        failNext = new dev.understudy.capture.CaptureException("XShmGetImage failed");
        capture.onFocus(clock.mono());
        clock.advance(FrameCapture.FOCUS_DELAY_NS);
        assertThrows(dev.understudy.capture.CaptureException.class, capture::step);
        focusGrab();
        assertEquals(3, grabbed.get(), "not held again: what the screen shows since is unknown");
    }

    @Test
    void thePoolNeverHandsOutAnImageStillHeld() {
        withDamage();
        List<String> problems = new ArrayList<>();
        java.util.Set<BufferedImage> handedOut = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        onReuse = img -> {
            if (img == null) return;
            handedOut.add(img);
            if (capture.heldImages().contains(img)) problems.add("grab " + grabbed.get() + " got a held image");
        };
        for (int i = 0; i < 40; i++) {
            shade.set(i % 3 == 0 ? 0 : i); // changes, repeats, commits and onset grabs mixed
            if (i % 4 != 0) damageAnswers.add(drawn(0, 0, 4, 4));
            if (i % 2 == 0) {
                capture.onInput(key(clock.mono()));
                capture.step(); // onset: held in the ring
                clock.advance(20 * MS);
                capture.commitBefore(clock.mono());
                capture.step();
                clock.advance(FrameCapture.SETTLE_NS);
                capture.step(); // settle
            } else {
                focusGrab();
            }
            clock.advance(FrameCapture.ONSET_IDLE_NS);
        }
        assertEquals(List.of(), problems);
        assertTrue(capture.imagesReused() > 20, "grabs overwrite pooled images: " + capture.imagesReused());
        assertTrue(handedOut.size() <= FrameCapture.RING + 3, "a few images in all: " + handedOut.size());
        for (Map.Entry<String, BufferedImage> f : frames.entrySet()) {
            assertNotNull(f.getValue(), f.getKey());
        }
    }
}
