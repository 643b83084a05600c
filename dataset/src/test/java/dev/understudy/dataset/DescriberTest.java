package dev.understudy.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.dataset.DatasetTransforms.TaskOptions;
import dev.understudy.model.Action;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("unit")
@Timeout(30)
class DescriberTest {

    static Fixture ticket() {
        return new Fixture()
                .add(1000, Fixture.DESK, new Action.Click(12, 4), Fixture.dom("link", "New ticket"))
                .add(1000, Fixture.DESK, new Action.SelectOption("High", "high"), Fixture.dom("combobox", "Priority"))
                .add(1000, Fixture.DESK, new Action.SelectOption("Growth", "growth"), Fixture.dom("combobox", "Team"))
                .add(1000, Fixture.DESK, new Action.Click(20, 10), Fixture.dom("textbox", "Subject"))
                .add(1000, Fixture.DESK, new Action.TypeText("Login fails for [EMAIL]"), Fixture.dom("textbox", "Subject"))
                .add(1000, Fixture.DESK, new Action.Click(30, 20), Fixture.dom("button", "Create ticket"))
                .add(1000, Fixture.DESK, new Action.Click(30, 20), Fixture.dom("button", "Create ticket"));
    }

    @Test
    void aGroundedBrowserTaskReadsAsWhatWasDone() {
        Episode e = DatasetTransforms.episodes(ticket().input(), TaskOptions.DEFAULTS).get(0);
        assertEquals("In Acme Desk: open New ticket, set Priority to High and Team to Growth, "
                + "enter \"Login fails for [EMAIL]\" in Subject, click Create ticket", e.instruction());
        assertEquals("describer", e.instructionSource());
        assertEquals(List.of("Click the 'New ticket' link", "Select 'High' in Priority", "Select 'Growth' in Team",
                "Click the 'Subject' field", "Type \"Login fails for [EMAIL]\" into Subject", "Click the 'Create ticket' button",
                "Click the 'Create ticket' button"), e.stepInstructions());
    }

    @Test
    void appsHotkeysSwitchesAndNavigation() {
        Fixture f = new Fixture().add(Fixture.NOTES, new Action.TypeText("milk"))
                .add(Fixture.NOTES, new Action.Hotkey(List.of("ctrl", "s")))
                .add(Fixture.NOTES, new Action.Hotkey(List.of("ctrl", "k")))
                .add(Fixture.TERM, new Action.SwitchApp())
                .add(Fixture.TERM, new Action.Click(3, 3))
                .add(Fixture.TERM, new Action.Navigate("https://www.example.com/a?b=1"));
        assertEquals("In Notes: type \"milk\", save, press ctrl+k, switch to XTerm, go to example.com", Describer.instruction(f.steps()));
        assertEquals(List.of("Type 'milk'", "Press ctrl+s", "Press ctrl+k", "Switch to xterm", "Click at (3, 3) in xterm",
                "Go to https://www.example.com/a?b=1"), f.steps().stream().map(s -> Describer.stepInstruction(s, false)).toList());
    }

    @Test
    void aTaskWithNothingToSayNamesItsPlace() {
        Fixture f = new Fixture().add(Fixture.TERM, new Action.Click(3, 3)).add(Fixture.TERM, new Action.Scroll(3, 3, 0, 2));
        assertEquals("Work in XTerm", Describer.instruction(f.steps()));
    }

    @Test
    void theInstructionIsBoundedAndRepeatsAreDropped() {
        Fixture f = new Fixture();
        for (int i = 0; i < 30; i++) {
            f.add(1000, Fixture.NOTES, new Action.Click(1, 1), Fixture.dom("button", "Button number " + i));
            f.add(1000, Fixture.NOTES, new Action.Click(1, 1), Fixture.dom("button", "Button number " + i));
        }
        String s = Describer.instruction(f.steps());
        assertTrue(s.length() <= Describer.MAX_LENGTH, s);
        assertTrue(s.startsWith("In Notes: click Button number 0, click Button number 1, click"), s);
        assertTrue(s.endsWith(", …"), s);
    }

    @Test
    void siteNamesComeFromTheTitleElseTheHost() {
        assertEquals("Acme Desk", Describer.siteFromTitle(Fixture.DESK));
        assertEquals(null, Describer.siteFromTitle(Fixture.DESK.withTitle("Example Domain — Mozilla Firefox")));
        assertEquals("Gmail", Describer.siteFromTitle(Fixture.DESK.withTitle("Inbox (3) - someone - Gmail - Google Chrome")));
        Fixture f = new Fixture().add(Fixture.DESK.withTitle("Example Domain — Mozilla Firefox"), new Action.Click(1, 1));
        assertEquals("Work in desk.example.com", Describer.instruction(f.steps()));
    }

    @Test
    void hotkeysByMeaning() {
        assertEquals("undo", Describer.hotkeyPhrase(List.of("ctrl", "z")));
        assertEquals("redo", Describer.hotkeyPhrase(List.of("ctrl", "shift", "z")));
        assertEquals("copy", Describer.hotkeyPhrase(List.of("meta", "c")));
        assertEquals("press alt+f4", Describer.hotkeyPhrase(List.of("alt", "f4")));
    }
}
