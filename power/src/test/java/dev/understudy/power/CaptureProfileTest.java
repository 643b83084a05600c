package dev.understudy.power;

import org.junit.jupiter.api.Tag;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CaptureProfileTest {

    @Test
    void switchesFromAcToBatteryToLowBatteryAndBack() {
        FixedPowerSource src = new FixedPowerSource(PowerState.ac(100));
        List<CaptureProfile.Mode> changes = new ArrayList<>();
        try (PowerMonitor m = new PowerMonitor(src, CapturePolicy.DEFAULT, Duration.ofHours(1))) {
            m.addListener(p -> changes.add(p.mode()));
            m.start();
            CaptureProfile p = m.profile();
            assertEquals(CaptureProfile.Mode.FULL, p.mode());
            assertTrue(p.framesAllowed());
            assertTrue(p.keyframesAllowed());
            assertTrue(p.frameDue(1000, 999));

            src.set(PowerState.battery(50));
            p = m.refreshNow();
            assertEquals(CaptureProfile.Mode.REDUCED, p.mode());
            assertTrue(p.framesAllowed());
            assertFalse(p.keyframesAllowed());
            assertEquals(2000, p.minFrameIntervalMillis());
            assertFalse(p.frameDue(10_000, 9_000), "a second after the last frame is too soon");
            assertTrue(p.frameDue(10_000, 8_000));

            src.set(PowerState.battery(10));
            p = m.refreshNow();
            assertEquals(CaptureProfile.Mode.EVENTS_ONLY, p.mode());
            assertFalse(p.framesAllowed());
            assertFalse(p.frameDue(Long.MAX_VALUE / 2, 0));
            assertTrue(p.reason().contains("10%"), p.reason());

            src.set(PowerState.ac(11));
            p = m.refreshNow();
            assertEquals(CaptureProfile.Mode.FULL, p.mode(), "AC brings frames back even at a low charge");
            assertSame(p, m.profile());
        }
        assertEquals(List.of(CaptureProfile.Mode.REDUCED, CaptureProfile.Mode.EVENTS_ONLY, CaptureProfile.Mode.FULL), changes);
    }

    @Test
    void theLowBatteryStopHasHysteresis() {
        CapturePolicy p = CapturePolicy.DEFAULT;
        CaptureProfile low = CaptureProfile.decide(PowerState.battery(15), p);
        assertEquals(CaptureProfile.Mode.EVENTS_ONLY, low.mode(), "15% is the default threshold, inclusive");
        assertEquals(CaptureProfile.Mode.REDUCED, CaptureProfile.decide(PowerState.battery(16), p).mode());
        assertEquals(CaptureProfile.Mode.EVENTS_ONLY, CaptureProfile.decide(PowerState.battery(18), p, low).mode(), "no flapping at 16-20%");
        assertEquals(CaptureProfile.Mode.EVENTS_ONLY, CaptureProfile.decide(PowerState.battery(20), p, low).mode());
        assertEquals(CaptureProfile.Mode.REDUCED, CaptureProfile.decide(PowerState.battery(21), p, low).mode());
    }

    @Test
    void unknownChargeOnBatteryIsReducedAndPoliciesAreHonoured() {
        assertEquals(CaptureProfile.Mode.REDUCED, CaptureProfile.decide(new PowerState(false, null, null), CapturePolicy.DEFAULT).mode());
        CapturePolicy custom = new CapturePolicy(250, 5000, true, 30, 40);
        CaptureProfile ac = CaptureProfile.decide(PowerState.ac(), custom);
        assertEquals(250, ac.minFrameIntervalMillis());
        CaptureProfile bat = CaptureProfile.decide(PowerState.battery(35), custom);
        assertEquals(5000, bat.minFrameIntervalMillis());
        assertTrue(bat.keyframesAllowed());
        assertEquals(CaptureProfile.Mode.EVENTS_ONLY, CaptureProfile.decide(PowerState.battery(30), custom).mode());
        assertThrows(IllegalArgumentException.class, () -> new CapturePolicy(0, 0, false, 20, 10));
        assertThrows(IllegalArgumentException.class, () -> new PowerState(true, 101, null));
    }

    /** Awaitility: a look at once, then every 10 ms, on this thread, for at most 5 s. */
    private static ConditionFactory waiting(String what) {
        return await(what).atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).pollInSameThread()
                .dontCatchUncaughtExceptions();
    }

    @Test
    void theMonitorRereadsOnItsOwnDaemonThreadAndSurvivesAFailingSource() throws Exception {
        FixedPowerSource fixed = new FixedPowerSource(PowerState.ac());
        boolean[] fail = {false};
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        PowerSource src = () -> {
            threads.add(Thread.currentThread().getName() + ":" + Thread.currentThread().isDaemon());
            if (fail[0]) throw new IllegalStateException("sysfs went away");
            return fixed.read();
        };
        try (PowerMonitor m = new PowerMonitor(src, CapturePolicy.DEFAULT, Duration.ofMillis(20)).start()) {
            fixed.set(PowerState.battery(40));
            try {
                waiting("the monitor to re-read the source on its own").until(() -> m.profile().mode() == CaptureProfile.Mode.REDUCED);
            } catch (ConditionTimeoutException e) {
                fail("the monitor never switched to REDUCED on battery; profile: " + m.profile(), e);
            }
            assertEquals(CaptureProfile.Mode.REDUCED, m.profile().mode());
            fail[0] = true;
            try {
                waiting("the monitor to note the source's failure").until(() -> m.lastError() != null);
            } catch (ConditionTimeoutException e) {
                fail("the monitor never noted the failing source", e);
            }
            assertEquals("sysfs went away", m.lastError());
            assertEquals(CaptureProfile.Mode.REDUCED, m.profile().mode(), "the last good profile stays");
        }
        assertTrue(threads.contains("understudy-power:true"), threads.toString());
    }
}
