package dev.understudy.recorder;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.capture.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The recorder's thread owner: start and stop order, a thread that dies, the restart budget, stop deadlines. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RecorderRuntimeTest {
    /** A clock the test moves. */
    static final class TestClock extends Clock {
        final AtomicLong now = new AtomicLong();

        TestClock() {
            super(0);
        }

        @Override
        public long mono() {
            return now.get();
        }

        @Override
        public long wall() {
            return 1_000_000 + now.get() / 1_000_000;
        }

        void advance(long nanos) {
            now.addAndGet(nanos);
        }
    }

    final TestClock clock = new TestClock();
    final List<String> reports = Collections.synchronizedList(new ArrayList<>());

    /** A loop that runs until asked to stop. */
    static final class Loop {
        final CountDownLatch stop = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();
        volatile int failFirst;

        void run() {
            if (runs.incrementAndGet() <= failFirst) throw new IllegalStateException("boom " + runs.get());
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void partsStartInOrderAndStopInReverseOrder() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        RecorderRuntime rt = new RecorderRuntime(clock, reports::add);
        for (String n : List.of("window", "input", "screen")) {
            boolean[] on = new boolean[1];
            rt.add(RecorderRuntime.service(n, () -> {
                log.add("start " + n);
                on[0] = true;
            }, () -> {
                log.add("stop " + n);
                on[0] = false;
            }, () -> on[0]), RecorderRuntime.OnDeath.STOP_RECORDING);
        }
        rt.start();
        assertNull(rt.check());
        assertEquals(List.of(), rt.stop(1_000_000_000L));
        assertEquals(List.of("start window", "start input", "start screen", "stop screen", "stop input", "stop window"), log);
        assertEquals(List.of(), reports);
    }

    @Test
    void aThreadThatDiesIsReportedAndRestartedAfterTheDelay() throws Exception {
        Loop loop = new Loop();
        loop.failFirst = 1;
        RecorderRuntime rt = new RecorderRuntime(clock, reports::add);
        RecorderRuntime.Part screen = RecorderRuntime.thread("understudy-screen", loop::run, loop.stop::countDown);
        rt.add(screen, RecorderRuntime.OnDeath.RESTART).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !screen.alive());
        assertNull(rt.check(), "a restartable part does not stop the recording");
        assertEquals(List.of("understudy-screen stopped (IllegalStateException: boom 1); restarting it"), reports);
        assertNull(rt.check());
        assertEquals(1, loop.runs.get(), "not restarted before the delay");
        clock.advance(RecorderRuntime.RESTART_DELAY_NS);
        assertNull(rt.check());
        await().atMost(Duration.ofSeconds(10)).until(screen::alive);
        assertEquals(2, loop.runs.get());
        assertEquals(java.util.Map.of("understudy-screen", 1), rt.restarts());
        assertEquals(List.of(), rt.stop(5_000_000_000L));
        assertFalse(screen.alive());
        assertEquals(1, reports.size(), "a stop asked for is not a death: " + reports);
    }

    @Test
    void aPartThatKeepsDyingStopsTheRecording() throws Exception {
        Loop loop = new Loop();
        loop.failFirst = Integer.MAX_VALUE;
        RecorderRuntime rt = new RecorderRuntime(clock, reports::add);
        RecorderRuntime.Part p = RecorderRuntime.thread("understudy-ocr", loop::run, loop.stop::countDown);
        rt.add(p, RecorderRuntime.OnDeath.RESTART).start();
        String stop = null;
        for (int i = 0; i < 20 && stop == null; i++) {
            int runs = loop.runs.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> loop.runs.get() >= runs && !p.alive());
            stop = rt.check();
            clock.advance(RecorderRuntime.RESTART_DELAY_NS);
            if (stop == null) stop = rt.check();
        }
        assertEquals("understudy-ocr kept stopping", stop);
        assertEquals(RecorderRuntime.MAX_RESTARTS + 1, loop.runs.get(), "restarted " + RecorderRuntime.MAX_RESTARTS + " times, then not again");
        assertTrue(reports.get(reports.size() - 1).endsWith("4 times in 10 minutes; the recording stops"), reports.toString());
    }

    @Test
    void restartsOlderThanTheWindowDoNotCount() throws Exception {
        Loop loop = new Loop();
        loop.failFirst = 6;
        RecorderRuntime rt = new RecorderRuntime(clock, reports::add);
        RecorderRuntime.Part p = RecorderRuntime.thread("understudy-control", loop::run, loop.stop::countDown);
        rt.add(p, RecorderRuntime.OnDeath.RESTART).start();
        for (int i = 0; i < 6; i++) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !p.alive());
            assertNull(rt.check());
            clock.advance(RecorderRuntime.RESTART_WINDOW_MINUTES * 60_000_000_000L / 2 + 60_000_000_000L); // fewer than two deaths per window
            assertNull(rt.check(), "death " + (i + 1));
        }
        await().atMost(Duration.ofSeconds(10)).until(p::alive);
        rt.stop(5_000_000_000L);
    }

    @Test
    void aRequiredPartThatDiesStopsTheRecording() throws Exception {
        boolean[] on = {false};
        RecorderRuntime rt = new RecorderRuntime(clock, reports::add);
        rt.add(RecorderRuntime.service("input", () -> on[0] = true, () -> on[0] = false, () -> on[0]), RecorderRuntime.OnDeath.STOP_RECORDING);
        rt.start();
        assertNull(rt.check());
        on[0] = false; // the hook's thread ended
        assertEquals("input stopped", rt.check());
        assertEquals(List.of("input stopped; the recording stops"), reports);
    }

    @Test
    void anOptionalPartThatDiesIsReportedOnceAndTheRecordingGoesOn() throws Exception {
        boolean[] on = {false};
        RecorderRuntime rt = new RecorderRuntime(clock, reports::add);
        rt.add(RecorderRuntime.service("browser bridge", () -> on[0] = true, () -> on[0] = false, () -> on[0]), RecorderRuntime.OnDeath.CARRY_ON);
        rt.start();
        on[0] = false;
        assertNull(rt.check());
        clock.advance(RecorderRuntime.RESTART_DELAY_NS * 10);
        assertNull(rt.check());
        assertEquals(List.of("browser bridge stopped; recording goes on without it"), reports);
        assertFalse(on[0], "not restarted");
    }

    @Test
    void aRequiredPartThatCannotStartStopsThoseStartedAndSaysWhy() {
        List<String> log = new ArrayList<>();
        RecorderRuntime rt = new RecorderRuntime(new Clock(), reports::add);
        rt.add(RecorderRuntime.service("window", () -> log.add("start window"), () -> log.add("stop window"), () -> true),
                RecorderRuntime.OnDeath.STOP_RECORDING);
        rt.add(RecorderRuntime.service("input", () -> {
            throw new IllegalStateException("Cannot hook the keyboard: no X display.");
        }, () -> log.add("stop input"), () -> false), RecorderRuntime.OnDeath.STOP_RECORDING);
        Exception e = assertThrows(IllegalStateException.class, rt::start);
        assertEquals("Cannot hook the keyboard: no X display.", e.getMessage());
        assertEquals(List.of("start window", "stop window"), log);
    }

    @Test
    void anOptionalPartThatCannotStartIsReportedAndTheOthersRun() throws Exception {
        boolean[] on = {false};
        RecorderRuntime rt = new RecorderRuntime(clock, reports::add);
        rt.add(RecorderRuntime.service("accessibility", () -> {
            throw new IllegalStateException("no accessibility bus");
        }, () -> {}, () -> false), RecorderRuntime.OnDeath.CARRY_ON);
        rt.add(RecorderRuntime.service("input", () -> on[0] = true, () -> on[0] = false, () -> on[0]), RecorderRuntime.OnDeath.STOP_RECORDING);
        rt.start();
        assertTrue(on[0]);
        assertNull(rt.check(), "a part that never started is not a death");
        assertEquals(List.of("accessibility did not start: no accessibility bus (recording goes on without it)"), reports);
    }

    @Test
    void aThreadThatDoesNotStopInTimeIsNamed() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        RecorderRuntime rt = new RecorderRuntime(new Clock(), reports::add);
        RecorderRuntime.Part stuck = RecorderRuntime.thread("understudy-stuck", () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, () -> {});
        rt.add(stuck, RecorderRuntime.OnDeath.RESTART).start();
        await().atMost(Duration.ofSeconds(10)).until(stuck::alive);
        assertEquals(List.of("understudy-stuck"), rt.stop(100_000_000L));
        assertEquals(List.of("understudy-stuck still running 100 ms after it was asked to stop"), reports);
        never.countDown();
    }
}
