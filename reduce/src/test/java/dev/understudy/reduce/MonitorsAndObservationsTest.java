package dev.understudy.reduce;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.model.Action;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

@Tag("unit")
class MonitorsAndObservationsTest {

    /** Monitor 0 is 1920x1080 at (0,360), monitor 1 is 2560x1440 at (1920,0): bottom-aligned. */
    @Test
    void coordinatesAreFramePixelsOfTheMonitorWhereTheActionHappened() {
        Fixtures.Reduced r = Fixtures.reduce("multi_monitor", Fixtures.DUAL);
        assertEquals(List.of(
                // no pointer event yet: the focused window's centre (3000,600) is on monitor 1
                "type(\"hi\") m1 #5-8 code",
                // global (2500,700)
                "click(580,700) m1 #20-21 code",
                // global (300,560)
                "click(300,200) m0 #45-46 code",
                // keys follow the last pointer position
                "type(\"ok\") m0 #48-51 code",
                // global (2000,500) -> (2400,800)
                "drag(80,500->480,800 path=13) m1 #71-84 code",
                // global (3000,900)
                "scroll(1080,900 dx=0 dy=5) m1 #97-98 code"),
                r.described());
        List<Action.Point> path = ((Action.Drag) r.steps().get(4).action()).path();
        assertEquals(new Action.Point(80, 500), path.get(0));
        assertEquals(new Action.Point(480, 800), path.get(12));
        for (Action.Point p : path) assertTrue(p.x() >= 80 && p.x() <= 480 && p.y() >= 500 && p.y() <= 800);

        // observations come from the step's own monitor
        assertEquals(List.of(
                "keyframe@10/m1 -> onset@1186/m1",
                "onset@1186/m1 -> settle@2003/m1",
                "onset@2927/m0 -> settle@4070/m0",
                "settle@4070/m0 -> settle@5367/m0",
                "onset@5967/m1 -> settle@7316/m1",
                "onset@8067/m1 -> settle@8998/m1"),
                r.observations());
    }

    @Test
    void observationsUseGrabTimeNotStreamPosition() {
        Fixtures.Reduced r = Fixtures.reduce("observations", Fixtures.SINGLE);
        assertEquals(List.of(
                "click(640,400) m0 #13-14 firefox",
                "type(\"abc\") m0 #17-23 firefox",
                "key(enter) m0 #24-25 firefox",
                "scroll(640,400 dx=0 dy=4) m0 #28-29 firefox"),
                r.described());
        // the fixture really commits frames late: the click's onset frame follows the click
        assertTrue(r.events().get(15) instanceof RawEvent.Frame f && f.mono() < r.events().get(13).mono());
        // the last settle frame follows the stop marker
        assertTrue(r.events().get(31) instanceof RawEvent.Frame);
        assertEquals(List.of(
                // onset grabbed at 1.000 s when the pointer started moving, committed at 1.450 s
                "onset@1000/m0 -> settle@1750/m0",
                // the frame grabbed at the very instant of the first key-down is not "before";
                // no frame between the text (last key-up 2.880 s) and the enter (3.200 s)
                "settle@1750/m0 -> null",
                "onset@2500/m0 -> settle@3600/m0",
                // the last step's after-frame may come after the last event
                "keyframe@4400/m0 -> settle@4900/m0"),
                r.observations());
    }

    @Test
    void noFramesOrOtherMonitorsFramesGiveNull() {
        Events ev = new Events();
        ev.frame("m1-before", 1, 50).at(100).click(10, 10, 1).frame("m1-after", 1, 400);
        Step s = ev.reduce().get(0);
        assertNull(s.observation());
        assertNull(s.observationAfter());
    }

    @Test
    void withoutManifestCoordinatesAreGlobalOnMonitorZero() {
        Events ev = new Events();
        ev.at(100).click(2500, 700, 1);
        List<Step> steps = Reducer.reduce("t", null, ev.list);
        assertEquals(List.of("click(2500,700) m0 #0-1 unknown"), StepFormat.describeAll(steps));
        Action.Click a = (Action.Click) steps.get(0).action();
        assertEquals(2500, a.x());
    }
}
