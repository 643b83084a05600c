package dev.understudy.export;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.understudy.model.Action;
import dev.understudy.model.Step;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The exporters tell actions apart by pattern matching, which Java 17 cannot check for
 * exhaustiveness: every kind of action is in {@link Fixtures#allActions()} (which the exporter tests
 * export), and none falls through to the generic wording of an unknown action.
 */
@Tag("unit")
class EveryActionIsExportedTest {
    @Test
    void everyKindOfActionIsInTheFixturesAndDescribed() {
        Set<Class<?>> kinds = new LinkedHashSet<>(Arrays.asList(Action.class.getPermittedSubclasses()));
        Set<Class<?>> covered = new LinkedHashSet<>();
        for (Action a : Fixtures.allActions()) covered.add(a.getClass());
        assertEquals(kinds, covered, "Fixtures.allActions() has one action of every kind");

        for (Action a : Fixtures.allActions()) {
            Step step = Fixtures.step("e", 0, a, Fixtures.XTERM, null);
            String kind = a.getClass().getSimpleName();
            assertFalse(StepDescriptions.imperative(step, false).startsWith("Do "), kind + ": " + StepDescriptions.imperative(step, false));
            assertFalse(StepDescriptions.past(step, false).startsWith("Did "), kind + ": " + StepDescriptions.past(step, false));
            String code = PyAutoGui.normalised().code(a, Fixtures.XTERM, 1280, 800);
            assertFalse(code.equals("# " + PyAutoGui.pyString(a.type())), kind + ": " + code);
        }
    }
}
