package dev.understudy.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.understudy.dataset.DatasetTransforms.TaskOptions;
import dev.understudy.model.Action;
import dev.understudy.model.MarkerKind;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Step;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("unit")
@Timeout(30)
class SegmentationTest {

    private static List<String> boundaries(List<Episode> eps) {
        List<String> out = new ArrayList<>();
        for (Episode e : eps) out.add(e.boundary() + ":" + e.steps().size());
        return out;
    }

    private static List<Episode> episodes(Fixture f) {
        return DatasetTransforms.episodes(f.input(), TaskOptions.DEFAULTS);
    }

    @Test
    void anIdleGapLongerThanTheOptionStartsATask() {
        Fixture f = new Fixture().add(Fixture.NOTES, new Action.TypeText("a")).add(Fixture.NOTES, new Action.TypeText("b"))
                .add(120_001, Fixture.NOTES, new Action.TypeText("c"), null).add(Fixture.NOTES, new Action.TypeText("d"));
        List<Episode> eps = episodes(f);
        assertEquals(List.of("start:2", "idle:2"), boundaries(eps));
        assertEquals(Fixture.SESSION + "-000", eps.get(0).episodeId());
        assertEquals(Fixture.SESSION + "-001", eps.get(1).episodeId());
        assertEquals(1, eps.get(1).index());
        assertEquals(Fixture.T0 + 1000, eps.get(0).startWall());
        assertEquals(Fixture.T0 + 2000, eps.get(0).endWall());
        // exactly the gap is not idle; a longer option keeps them together
        Fixture g = new Fixture().add(Fixture.NOTES, new Action.TypeText("a")).add(120_000, Fixture.NOTES, new Action.TypeText("b"), null);
        assertEquals(List.of("start:2"), boundaries(episodes(g)));
        assertEquals(List.of("start:4"), boundaries(DatasetTransforms.episodes(f.input(), new TaskOptions(600_000, 2))));
    }

    @Test
    void theGapIsMeasuredFromTheEndOfTheStepsLastRawEvent() {
        Fixture f = new Fixture().add(Fixture.NOTES, new Action.TypeText("a")).add(130_000, Fixture.NOTES, new Action.TypeText("b"), null);
        // step 0 covers seq 0..1; its last raw event is 20 s after its start: the gap is 110 s
        List<RawEvent> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) events.add(new RawEvent.Marker(0, Fixture.T0 + 1000, MarkerKind.NOTICE, null));
        events.set(1, new RawEvent.KeyUp(0, Fixture.T0 + 21_000, 30, "a", 0));
        assertEquals(List.of("start:2"), boundaries(DatasetTransforms.episodes(f.input(events, null), TaskOptions.DEFAULTS)));
        assertEquals(List.of("start:1", "idle:1"), boundaries(episodes(f)));
    }

    @Test
    void switchingBackAndForthBetweenTwoAppsStaysOneTask() {
        Fixture f = new Fixture();
        for (int round = 0; round < 3; round++) {
            f.add(Fixture.MAIL, new Action.SwitchApp()).add(Fixture.MAIL, new Action.Copy("order 17"));
            f.add(Fixture.NOTES, new Action.SwitchApp()).add(Fixture.NOTES, new Action.Paste("order 17"));
        }
        assertEquals(List.of("start:12"), boundaries(episodes(f)));
    }

    @Test
    void aSwitchToANewAppThatIsNotLeftAgainStartsATask() {
        Fixture f = new Fixture().add(Fixture.NOTES, new Action.TypeText("a")).add(Fixture.NOTES, new Action.Hotkey(List.of("ctrl", "s")))
                .add(Fixture.TERM, new Action.SwitchApp()).add(Fixture.TERM, new Action.TypeText("ls"))
                .add(Fixture.TERM, new Action.Key("enter"));
        List<Episode> eps = episodes(f);
        assertEquals(List.of("start:2", "switch:3"), boundaries(eps));
        assertEquals(2, eps.get(1).steps().get(0).index());
    }

    @Test
    void aReturnBeyondTheLookAheadDoesNotJoinTheTasks() {
        Fixture f = new Fixture().add(Fixture.NOTES, new Action.TypeText("a")).add(Fixture.NOTES, new Action.TypeText("b"));
        f.add(Fixture.TERM, new Action.SwitchApp());
        for (int i = 0; i < 20; i++) f.add(10_000, Fixture.TERM, new Action.TypeText("x" + i), null); // 200 s and 20 steps in XTerm
        f.add(Fixture.NOTES, new Action.SwitchApp()).add(Fixture.NOTES, new Action.TypeText("c"));
        assertEquals(List.of("start:2", "switch:21", "switch:2"), boundaries(episodes(f)));
    }

    @Test
    void aNewSiteIsASwitchAndABrowserStepWithoutUrlKeepsItsSite() {
        var other = Fixture.DESK.withUrl("https://www.example.org/").withTitle("Example — Mozilla Firefox");
        Fixture f = new Fixture().add(Fixture.DESK, new Action.Click(1, 1)).add(Fixture.DESK.withUrl(null), new Action.TypeText("x"))
                .add(Fixture.DESK, new Action.Navigate("https://www.example.org/")).add(other, new Action.Click(2, 2))
                .add(other, new Action.Click(3, 3));
        assertEquals(List.of("start:2", "switch:3"), boundaries(episodes(f)));
        assertEquals("site:example.org", Tasks.context(f.steps().get(2), null, null));
    }

    @Test
    void aTaskMarkerStartsATask() {
        Fixture f = new Fixture().add(Fixture.NOTES, new Action.TypeText("a")).add(Fixture.NOTES, new Action.TypeText("b"))
                .add(Fixture.NOTES, new Action.TypeText("c"));
        // step i covers seq 10i..10i+1; a marker at seq 15 is between steps 1 and 2
        List<RawEvent> events = events(30);
        events.set(15, new RawEvent.Marker(0, Fixture.T0 + 2500, MarkerKind.of("task"), null));
        List<Episode> eps = DatasetTransforms.episodes(f.input(events, null), TaskOptions.DEFAULTS);
        assertEquals(List.of("start:2", "marker:1"), boundaries(eps));
        assertEquals("describer", eps.get(1).instructionSource());
    }

    @Test
    void aLabelRightAfterATaskLabelsItAndALabelAfterAnIdleGapStartsAndLabelsTheNext() {
        Fixture f = new Fixture().add(Fixture.NOTES, new Action.TypeText("a")).add(Fixture.NOTES, new Action.TypeText("b"))
                .add(300_000, Fixture.NOTES, new Action.TypeText("c"), null).add(Fixture.NOTES, new Action.TypeText("d"));
        List<RawEvent> events = events(40);
        // 60 s after step 1 (within the idle gap): labels the first task
        events.set(15, new RawEvent.Marker(0, Fixture.T0 + 62_000, MarkerKind.of("task_label"), "Write the shopping list"));
        List<Episode> eps = DatasetTransforms.episodes(f.input(events, null), TaskOptions.DEFAULTS);
        assertEquals(List.of("start:2", "idle:2"), boundaries(eps));
        assertEquals("Write the shopping list", eps.get(0).instruction());
        assertEquals("worker", eps.get(0).instructionSource());
        assertEquals("describer", eps.get(1).instructionSource());

        // 200 s after step 1 (after the idle gap): starts the next task and labels it
        events.set(15, new RawEvent.Marker(0, Fixture.T0 + 202_000, MarkerKind.of("task_label"), "  Plan the week "));
        eps = DatasetTransforms.episodes(f.input(events, null), TaskOptions.DEFAULTS);
        assertEquals(List.of("start:2", "label:2"), boundaries(eps));
        assertEquals("describer", eps.get(0).instructionSource());
        assertEquals("Plan the week", eps.get(1).instruction());
        assertEquals("worker", eps.get(1).instructionSource());
    }

    @Test
    void aLabelInsideATaskLabelsItWithoutCuttingTheLastLabelWins() {
        Fixture f = new Fixture().add(Fixture.NOTES, new Action.TypeText("a")).add(Fixture.NOTES, new Action.TypeText("b"))
                .add(Fixture.NOTES, new Action.TypeText("c"));
        List<RawEvent> events = events(30);
        events.set(5, new RawEvent.Marker(0, Fixture.T0 + 1500, MarkerKind.of("task_label"), "first"));
        events.set(15, new RawEvent.Marker(0, Fixture.T0 + 2500, MarkerKind.of("task_label"), "second"));
        events.set(16, new RawEvent.Marker(0, Fixture.T0 + 2600, MarkerKind.of("task_label"), "   "));
        List<Episode> eps = DatasetTransforms.episodes(f.input(events, null), TaskOptions.DEFAULTS);
        assertEquals(List.of("start:3"), boundaries(eps));
        assertEquals("second", eps.get(0).instruction());
    }

    @Test
    void anEmptySessionHasNoTasks() {
        assertEquals(List.of(), episodes(new Fixture()));
    }

    @Test
    void otherMarkersAreNoBoundaries() {
        Fixture f = new Fixture().add(Fixture.NOTES, new Action.TypeText("a")).add(Fixture.NOTES, new Action.TypeText("b"));
        List<RawEvent> events = events(20);
        events.set(5, new RawEvent.Marker(0, Fixture.T0 + 1500, MarkerKind.PAUSED, "cli"));
        assertEquals(List.of("start:2"), boundaries(DatasetTransforms.episodes(f.input(events, null), TaskOptions.DEFAULTS)));
        assertNotEquals(MarkerKind.UNKNOWN, MarkerKind.of("task_label"));
    }

    /** n filler events (a content-free notice marker each) whose walls never exceed the steps'. */
    static List<RawEvent> events(int n) {
        List<RawEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new RawEvent.Marker(0, Fixture.T0, MarkerKind.NOTICE, null));
        return out;
    }

    static List<Step> steps(Fixture f) {
        return f.steps();
    }
}
