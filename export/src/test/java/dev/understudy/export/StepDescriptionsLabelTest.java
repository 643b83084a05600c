package dev.understudy.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Rect;
import dev.understudy.model.Step;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Descriptions name an app as its user would: by its label when the trace has one. */
@Tag("unit")
@Timeout(10)
class StepDescriptionsLabelTest {
    private static final AppContext NOTES = new AppContext("java", "dev-understudy-demo-NotesApp", "Understudy Notes", 7,
            new Rect(0, 0, 600, 400), null, "Notes");
    private static final AppContext UNLABELLED = new AppContext("java", "dev-understudy-demo-NotesApp", "Understudy Notes", 7,
            new Rect(0, 0, 600, 400), null);

    private static Step step(Action a, AppContext app) {
        return Fixtures.step("s", 0, a, app, null);
    }

    @Test
    void theLabelNamesTheAppInInstructionsAndInThePastTense() {
        assertEquals("Click at (548, 70) in Notes", StepDescriptions.imperative(step(new Action.Click(548, 70), NOTES), false));
        assertEquals("Switch to Notes", StepDescriptions.imperative(step(new Action.SwitchApp(), NOTES), false));
        assertEquals("Clicked in Notes — 'Understudy Notes'", StepDescriptions.past(step(new Action.Click(548, 70), NOTES), false));
        assertEquals("Notes", StepDescriptions.appLabel(NOTES));
    }

    @Test
    void withoutALabelTheDescriptionsAreAsBefore() {
        assertEquals("Click at (548, 70) in java", StepDescriptions.imperative(step(new Action.Click(548, 70), UNLABELLED), false));
        assertEquals("Clicked in dev-understudy-demo-NotesApp — 'Understudy Notes'",
                StepDescriptions.past(step(new Action.Click(548, 70), UNLABELLED), false));
    }

    @Test
    void theStepsRecordCarriesTheLabelBesideTheProcessName() {
        ObjectNode app = StepRecords.app(NOTES);
        assertEquals("java", app.get("name").asText(), "the process name stays as it is");
        assertEquals("Notes", app.get("label").asText());
        assertEquals(null, StepRecords.app(UNLABELLED).get("label"));
    }
}
