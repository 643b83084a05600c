package dev.understudy.reduce;

import dev.understudy.model.MarkerKind;
import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.understudy.model.Json;
import dev.understudy.model.Mods;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Step;
import dev.understudy.model.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Properties every reduction must have, checked on every fixture. */
@Tag("unit")
class ReducerContractTest {

    @ParameterizedTest
    @CsvSource({"clicks,single-monitor", "drag_scroll,single-monitor", "typing,single-monitor",
            "apps_clipboard,single-monitor", "multi_monitor,dual-monitor", "observations,single-monitor"})
    void stepsAreWellFormedAndDeterministic(String fixture, String manifest) throws JsonProcessingException {
        Fixtures.Reduced r = Fixtures.reduce(fixture, manifest);
        List<RawEvent> events = r.events();
        List<Step> steps = r.steps();
        assertTrue(steps.size() >= 4, fixture);

        // determinism: same input, equal output (as values: a drag's path is a list of points; and as JSON)
        assertEquals(steps, Reducer.reduce("s-" + fixture, r.manifest(), new ArrayList<>(events)));
        String once = Json.MAPPER.writeValueAsString(steps);
        assertEquals(once, Json.MAPPER.writeValueAsString(Reducer.reduce("s-" + fixture, r.manifest(), new ArrayList<>(events))));
        // and the JSON round-trips
        Step[] back = Json.MAPPER.readValue(once, Step[].class);
        assertEquals(once, Json.MAPPER.writeValueAsString(back));
        assertEquals(steps, List.of(back));

        Map<String, RawEvent.Frame> frames = new HashMap<>();
        for (RawEvent e : events) if (e instanceof RawEvent.Frame f) frames.put(f.id(), f);
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            String at = fixture + " step " + i;
            assertEquals(i, s.index(), at);
            assertEquals("s-" + fixture, s.session(), at);
            assertEquals(Target.NONE, s.target(), at);
            assertNotNull(s.app(), at);
            assertTrue(s.firstSeq() <= s.lastSeq(), at);
            RawEvent first = events.get((int) s.firstSeq());
            assertEquals(first.mono(), s.mono(), at);
            assertEquals(first.wall(), s.wall(), at);
            assertTrue(!(first instanceof RawEvent.Frame) && !(events.get((int) s.lastSeq()) instanceof RawEvent.Frame), at);
            if (i > 0) assertTrue(steps.get(i - 1).mono() <= s.mono(), at + " out of time order");
            if (s.observation() != null) {
                RawEvent.Frame f = frames.get(s.observation());
                assertEquals(s.monitor(), f.monitor(), at);
                assertTrue(f.mono() < s.mono(), at);
            }
            if (s.observationAfter() != null) {
                RawEvent.Frame f = frames.get(s.observationAfter());
                assertEquals(s.monitor(), f.monitor(), at);
                assertTrue(f.mono() > events.get((int) s.lastSeq()).mono(), at);
                if (i + 1 < steps.size()) assertTrue(f.mono() < steps.get(i + 1).mono(), at);
            }
        }
    }

    /** Every key, button, wheel and clipboard event is inside some step's seq range, except the listed ones. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "clicks;single-monitor;",
            "drag_scroll;single-monitor;",
            // 105-112: "ab" typed and erased; 122-123: ctrl pressed alone
            "typing;single-monitor;105 106 107 108 109 110 111 112 122 123",
            "apps_clipboard;single-monitor;",
            "multi_monitor;dual-monitor;",
            "observations;single-monitor;"})
    void seqRangesCoverTheInput(String fixture, String manifest, String uncovered) {
        Fixtures.Reduced r = Fixtures.reduce(fixture, manifest);
        Set<Integer> expected = new TreeSet<>();
        if (uncovered != null) for (String s : uncovered.trim().split(" ")) expected.add(Integer.parseInt(s));
        Set<Integer> actual = new TreeSet<>();
        for (int seq = 0; seq < r.events().size(); seq++) {
            RawEvent e = r.events().get(seq);
            boolean input = e instanceof RawEvent.KeyDown || e instanceof RawEvent.KeyUp || e instanceof RawEvent.MouseDown
                    || e instanceof RawEvent.MouseUp || e instanceof RawEvent.Wheel || e instanceof RawEvent.Clipboard;
            if (!input) continue;
            final int q = seq;
            if (r.steps().stream().noneMatch(s -> s.firstSeq() <= q && q <= s.lastSeq())) actual.add(seq);
        }
        assertEquals(expected, actual, fixture);
    }

    @Test
    void emptyAndNonStepEvents() {
        assertEquals(List.of(), Reducer.reduce("t", Events.ONE_MONITOR, List.of()));
        Events ev = new Events();
        ev.marker(MarkerKind.START).focus("firefox", 1).frame("f", 0, 0).at(100).move(10, 10).browser("navigate")
                .at(200).keyDown("shift", null, 0).at(300).keyUp("shift", Mods.SHIFT).marker(MarkerKind.STOP);
        assertEquals(List.of(), ev.reduce());
    }

    @Test
    void browserEventsAreIgnoredAndDoNotSplitText() {
        Events ev = new Events();
        ev.at(100).typeKey("a", "a").at(200).browser("input").at(300).typeKey("b", "b");
        assertEquals(List.of("type(\"ab\") m0 #0-4 unknown"), StepFormat.describeAll(ev.reduce()));
    }
}
