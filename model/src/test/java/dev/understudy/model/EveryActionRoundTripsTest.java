package dev.understudy.model;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every kind of action survives JSON, field for field, and keeps its wire shape. The kinds are
 * taken from the sealed interface itself, so a new kind cannot be forgotten here.
 */
@Tag("unit")
@Timeout(30)
class EveryActionRoundTripsTest {
    @Test
    void everySealedSubtypeOfActionRoundTripsThroughJson() throws Exception {
        Class<?>[] kinds = Action.class.getPermittedSubclasses();
        assertTrue(kinds.length >= 16, "the sealed kinds are found");
        List<String> checked = new ArrayList<>();
        for (Class<?> k : kinds) {
            Action a = sample(k);
            String json = Json.MAPPER.writeValueAsString(a);
            assertTrue(json.startsWith("{\"type\":\"" + a.type() + "\""), k.getSimpleName() + " is named by its type first: " + json);
            Action back = Json.MAPPER.readValue(json, Action.class);
            assertEquals(a, back, k.getSimpleName() + " through " + json);
            assertEquals(a.hashCode(), back.hashCode(), k.getSimpleName());
            // also as a step's field, the way steps are stored and served
            Step step = new Step("s", 0, 1, 2, AppContext.UNKNOWN, a, Target.NONE, 0, null, null, 3, 4);
            assertEquals(step, Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(step), Step.class), k.getSimpleName() + " in a step");
            checked.add(k.getSimpleName());
        }
        System.out.println("round-tripped: " + checked);
    }

    @Test
    void theJsonKeepsItsShape() throws Exception {
        assertEquals("{\"type\":\"click\",\"x\":412,\"y\":233}", Json.MAPPER.writeValueAsString(new Action.Click(412, 233)));
        assertEquals("{\"type\":\"right_click\",\"x\":1,\"y\":2,\"modifiers\":[\"ctrl\"]}",
                Json.MAPPER.writeValueAsString(new Action.RightClick(1, 2, List.of("ctrl"))));
        assertEquals("{\"type\":\"drag\",\"x\":1,\"y\":2,\"to_x\":5,\"to_y\":6,\"path\":[[1,2],[3,4],[5,6]],\"modifiers\":[\"shift\"]}",
                Json.MAPPER.writeValueAsString(new Action.Drag(1, 2, 5, 6,
                        List.of(new Action.Point(1, 2), new Action.Point(3, 4), new Action.Point(5, 6)), List.of("shift"))));
        assertEquals("{\"type\":\"scroll\",\"x\":1,\"y\":2,\"dx\":0,\"dy\":-3}", Json.MAPPER.writeValueAsString(new Action.Scroll(1, 2, 0, -3)));
        assertEquals("{\"type\":\"hotkey\",\"keys\":[\"ctrl\",\"c\"]}", Json.MAPPER.writeValueAsString(new Action.Hotkey(List.of("ctrl", "c"))));
        assertEquals("{\"type\":\"switch_app\"}", Json.MAPPER.writeValueAsString(new Action.SwitchApp()));
        assertEquals("{\"type\":\"paste\"}", Json.MAPPER.writeValueAsString(new Action.Paste(null)));
        assertEquals("{\"type\":\"paste\",\"withheld\":\"password field\"}",
                Json.MAPPER.writeValueAsString(new Action.Paste(null, "password field")));
        assertEquals("{\"type\":\"select_option\",\"option\":\"Large\",\"value\":\"l\"}",
                Json.MAPPER.writeValueAsString(new Action.SelectOption("Large", "l")));
        // read back without the optional parts: no modifiers is empty, not null
        assertEquals(new Action.Click(3, 4), Json.MAPPER.readValue("{\"type\":\"click\",\"x\":3,\"y\":4}", Action.class));
        assertEquals(List.of(), ((Action.Drag) Json.MAPPER.readValue("{\"type\":\"drag\",\"x\":3,\"y\":4,\"to_x\":5,\"to_y\":6}",
                Action.class)).path());
    }

    @Test
    void dragsCompareByValue() {
        Action a = new Action.Drag(1, 2, 5, 6, List.of(new Action.Point(1, 2), new Action.Point(5, 6)));
        Action b = new Action.Drag(1, 2, 5, 6, new ArrayList<>(List.of(new Action.Point(1, 2), new Action.Point(5, 6))));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    /** An instance with a distinct non-default value in every component. */
    static Action sample(Class<?> kind) throws Exception {
        return (Action) RecordSamples.record(kind, 0);
    }
}
