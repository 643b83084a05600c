package dev.understudy.reduce;

import dev.understudy.model.MarkerKind;
import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.model.Action;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PointerStepsTest {

    @Test
    void clicksMultiClicksAndOtherButtons() {
        Fixtures.Reduced r = Fixtures.reduce("clicks", Fixtures.SINGLE);
        assertEquals(List.of(
                "click(640,400) m0 #18-19 firefox",
                // OS click counts 1, 2
                "double_click(812,233) m0 #34-37 firefox",
                // no OS click counts, 1 px jitter between the clicks
                "triple_click(300,520) m0 #55-62 firefox",
                "right_click(1000,600) m0 #75-76 firefox",
                "click(1040,640) m0 #85-86 firefox",
                "middle_click(400,300) m0 #105-106 firefox",
                // same place, 700 ms apart
                "click(900,700) m0 #119-120 firefox",
                "click(900,700) m0 #121-122 firefox",
                // 150 ms apart, 40 px apart
                "click(1200,300) m0 #135-136 firefox",
                "click(1240,300) m0 #139-140 firefox",
                // the pointer wobbled 3 px while pressed: a click at the down point
                "click(1500,800) m0 #153-156 firefox",
                // 300 ms apart: the OS counted both as single clicks (X's shorter multi-click time)
                "double_click(700,900) m0 #169-172 firefox",
                // four clicks: the fourth folds into the triple click
                "triple_click(1100,150) m0 #185-192 firefox"),
                r.described());
    }

    @Test
    void keysHeldWithPointerActionsAreTheirModifiers() {
        Events ev = new Events().focus("nautilus", 4);
        // ctrl+click (the hook's mouse mask can miss the ctrl: the key seen going down counts)
        ev.at(1000).keyDown("ctrl", null, 0).at(1100).click(300, 300, 1).at(1200).keyUp("ctrl", 0); // 1-4
        // ctrl stays down for a second ctrl+click on another file
        ev.at(2000).keyDown("ctrl", null, 0).at(2100).click(300, 340, 1).at(2300).click(300, 380, 1).at(2400).keyUp("ctrl", 0); // 5-10
        // shift+drag (extend a selection), with the mask from the source this time
        ev.at(3000).keyDown("shift", null, 1).at(3050).add(new RawEvent.MouseDown(3_050_000_000L, Events.WALL0 + 3050, 400, 400, "left", 1, 1))
                .at(3100).move(450, 420).at(3150).move(500, 440).at(3200).add(new RawEvent.MouseUp(3_200_000_000L, Events.WALL0 + 3200, 500, 440, "left", 1))
                .at(3250).keyUp("shift", 0); // 11-16
        // ctrl+scroll (zoom), two notches merged
        ev.at(4000).keyDown("ctrl", null, 0).at(4100).wheel(600, 600, 0, -1, 2).at(4200).wheel(600, 600, 0, -1, 2).at(4300).keyUp("ctrl", 0); // 17-20
        // a plain click after all keys are up
        ev.at(5000).click(700, 700, 1); // 21-22
        List<Step> steps = ev.reduce();
        assertEquals(List.of(
                "click(300,300) m0 #1-3 nautilus",
                "click(300,340) m0 #5-7 nautilus",
                "click(300,380) m0 #8-9 nautilus",
                "drag(400,400->500,440 path=3) m0 #11-15 nautilus",
                "scroll(600,600 dx=0 dy=-2) m0 #17-19 nautilus",
                "click(700,700) m0 #21-22 nautilus"),
                StepFormat.describeAll(steps));
        assertEquals(List.of("ctrl"), steps.get(0).action().modifiers(), "the step starts at the ctrl key-down");
        assertEquals(List.of("ctrl"), steps.get(1).action().modifiers());
        assertEquals(List.of("ctrl"), steps.get(2).action().modifiers(), "still held");
        assertEquals(List.of("shift"), steps.get(3).action().modifiers());
        assertEquals(List.of("ctrl"), steps.get(4).action().modifiers());
        assertEquals(List.of(), steps.get(5).action().modifiers(), "none held");
    }

    @Test
    void dragWithThinnedPathAndScrollMerging() {
        Fixtures.Reduced r = Fixtures.reduce("drag_scroll", Fixtures.SINGLE);
        assertEquals(List.of(
                "drag(200,300->900,650 path=32) m0 #20-82 nautilus",
                // six notches while the pointer drifted up to 10 px
                "scroll(960,540 dx=0 dy=6) m0 #98-106 nautilus",
                // 1.2 s later: a new scroll
                "scroll(969,544 dx=0 dy=-3) m0 #108-110 nautilus",
                // 80 px away, within 700 ms: a new scroll
                "scroll(1049,545 dx=0 dy=4) m0 #115-116 nautilus",
                "scroll(1049,545 dx=3 dy=0) m0 #118-120 nautilus"),
                r.described());

        Action.Drag drag = (Action.Drag) r.steps().get(0).action();
        List<Action.Point> path = drag.path();
        assertEquals(new Action.Point(200, 300), path.get(0));
        assertEquals(new Action.Point(900, 650), path.get(path.size() - 1));
        // The thinned path keeps the order of the recorded moves, all of which were pressed moves.
        List<Action.Point> moves = r.events().subList(20, 83).stream()
                .filter(e -> e instanceof RawEvent.MouseMove)
                .map(e -> new Action.Point(((RawEvent.MouseMove) e).x(), ((RawEvent.MouseMove) e).y()))
                .toList();
        int from = -1;
        for (Action.Point p : path.subList(1, path.size() - 1)) {
            int at = indexOf(moves, p, from + 1);
            assertTrue(at > from, "path point " + p.x() + "," + p.y() + " out of order");
            from = at;
        }
    }

    @Test
    void pathThinningKeepsEndpointsAndBound() {
        List<int[]> points = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) points.add(new int[] {i, 2 * i});
        points.add(new int[] {99, 198}); // duplicate
        List<int[]> thin = PathThinner.thin(points, 32);
        assertEquals(32, thin.size());
        assertArrayEquals(new int[] {0, 0}, thin.get(0));
        assertArrayEquals(new int[] {99, 198}, thin.get(31));
        for (int i = 1; i < thin.size(); i++) assertTrue(thin.get(i)[0] > thin.get(i - 1)[0]);
        assertEquals(3, PathThinner.thin(List.of(new int[] {1, 1}, new int[] {1, 1}, new int[] {2, 2}, new int[] {3, 3}), 32).size());
    }

    @Test
    void clickChainRespectsOsCountsTimingAndInterruptions() {
        Events ev = new Events().focus("firefox", 1);
        // OS says the second press is a double click although 650 ms passed: trust it
        ev.at(1000).click(100, 100, 1).at(1750).click(101, 100, 2);
        // no counts: a key between two quick clicks keeps them apart
        ev.at(5000).click(300, 300, 0).at(5150).key("escape").at(5300).click(300, 300, 0);
        // a right click is never part of a chain
        ev.at(9000).click(500, 500, 0).at(9150).rightClick(500, 500);
        // back/forward buttons make no step
        ev.at(12000).down(600, 600, "button4", 1).at(12080).up(600, 600, "button4");
        List<Step> steps = ev.reduce();
        assertEquals(List.of(
                "double_click(100,100) m0 #1-4 firefox",
                "click(300,300) m0 #5-6 firefox",
                "key(escape) m0 #7-8 firefox",
                "click(300,300) m0 #9-10 firefox",
                "click(500,500) m0 #11-12 firefox",
                "right_click(500,500) m0 #13-14 firefox"),
                StepFormat.describeAll(steps));
    }

    @Test
    void scrollsSplitOnModifiersAndMarkers() {
        Events ev = new Events();
        ev.at(100).wheel(400, 400, 0, 1, 0).at(180).wheel(400, 400, 0, 1, 0)
                .at(260).wheel(400, 400, 0, 1, dev.understudy.model.Mods.CTRL) // zoom: not the same scroll
                .at(340).marker(MarkerKind.DROPPED).at(420).wheel(400, 400, 0, 1, dev.understudy.model.Mods.CTRL);
        assertEquals(List.of(
                "scroll(400,400 dx=0 dy=2) m0 #0-1 unknown",
                "scroll(400,400 dx=0 dy=1) m0 #2-2 unknown",
                "scroll(400,400 dx=0 dy=1) m0 #4-4 unknown"),
                StepFormat.describeAll(ev.reduce()));
    }

    private static int indexOf(List<Action.Point> moves, Action.Point p, int from) {
        for (int i = from; i < moves.size(); i++) {
            if (moves.get(i).equals(p)) return i;
        }
        return -1;
    }
}
