package dev.understudy.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
class QualityFlagsTest {
    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);

    private static List<String> flags(Fixture f) {
        return QualityFlags.of(f.steps(), List.of(), 2);
    }

    @Test
    void aCleanTaskHasNoFlags() {
        assertEquals(List.of(), flags(DescriberTest.ticket().add(1000, Fixture.DESK, new Action.TypeText("and more words about it"), null)));
    }

    @Test
    void tooFewSteps() {
        Fixture one = new Fixture().add(Fixture.NOTES, new Action.TypeText("a"));
        assertEquals(List.of(Flags.TOO_FEW_STEPS), flags(one));
        assertEquals(List.of(), flags(one.add(Fixture.NOTES, new Action.TypeText("b"))));
        assertEquals(List.of(), QualityFlags.of(new Fixture().add(Fixture.NOTES, new Action.TypeText("a")).steps(), List.of(), 1));
    }

    @Test
    void ungroundedWhenMoreThanAThirdOfPointerStepsHaveNoTarget() {
        Fixture f = new Fixture().add(1000, Fixture.DESK, new Action.Click(1, 1), Fixture.dom("button", "A"))
                .add(1000, Fixture.DESK, new Action.Click(2, 2), Fixture.dom("button", "B"))
                .add(Fixture.DESK, new Action.Click(3, 3)) // 1 of 3: not more than a third
                .add(Fixture.DESK, new Action.Scroll(3, 3, 0, 1)); // scrolls do not count
        assertFalse(flags(f).contains(Flags.UNGROUNDED));
        f.add(Fixture.DESK, new Action.DoubleClick(40, 40)); // 2 of 4
        assertTrue(flags(f).contains(Flags.UNGROUNDED));
        assertFalse(flags(new Fixture().add(Fixture.NOTES, new Action.TypeText("a")).add(Fixture.NOTES, new Action.Key("enter")))
                .contains(Flags.UNGROUNDED));
    }

    @Test
    void heavyRedaction() {
        // [EMAIL] is 7 of 32 characters: under a quarter
        Fixture light = new Fixture().add(Fixture.NOTES, new Action.TypeText("please write to [EMAIL] today ok"))
                .add(Fixture.NOTES, new Action.Key("enter"));
        assertFalse(flags(light).contains(Flags.HEAVY_REDACTION));
        Fixture heavy = new Fixture().add(Fixture.NOTES, new Action.TypeText("to [EMAIL] cc [EMAIL]"))
                .add(Fixture.NOTES, new Action.Paste("PERSON_17"));
        assertTrue(flags(heavy).contains(Flags.HEAVY_REDACTION));
        Fixture secret = new Fixture().add(Fixture.NOTES, new Action.TypeText("a long text with a password [SECRET] in it"))
                .add(Fixture.NOTES, new Action.Key("enter"));
        assertTrue(flags(secret).contains(Flags.HEAVY_REDACTION));
        Fixture withheld = new Fixture().add(Fixture.NOTES, new Action.Paste(null, "password field")).add(Fixture.NOTES, new Action.Key("enter"));
        assertTrue(flags(withheld).contains(Flags.HEAVY_REDACTION));
        // an input_withheld marker among the task's raw events (steps cover seq 0..11)
        List<RawEvent> events = SegmentationTest.events(12);
        events.set(5, new RawEvent.Marker(0, Fixture.T0, MarkerKind.INPUT_WITHHELD, "terminal: 3 keys"));
        assertTrue(QualityFlags.of(light.steps(), events, 2).contains(Flags.HEAVY_REDACTION));
        assertFalse(QualityFlags.of(light.steps(), SegmentationTest.events(12), 2).contains(Flags.HEAVY_REDACTION));
    }

    @Test
    void noOpStepsAreThoseAfterWhichTheScreenDidNotChange() {
        Fixture f = new Fixture().add(1000, Fixture.NOTES, new Action.Click(1, 1), null, A, B)
                .add(1000, Fixture.NOTES, new Action.TypeText("x"), null, B, B); // typing is not checked
        assertFalse(flags(f).contains(Flags.NO_OP));
        f.add(1000, Fixture.NOTES, new Action.Key("f5"), null, B, null); // after unknown
        assertFalse(flags(f).contains(Flags.NO_OP));
        f.add(1000, Fixture.NOTES, new Action.Click(1, 1), null, B, B);
        assertTrue(flags(f).contains(Flags.NO_OP));
        assertTrue(QualityFlags.isNoOp(f.steps().get(3)));
        assertFalse(QualityFlags.isNoOp(f.steps().get(0)));
    }

    @Test
    void theSameActionOnTheSameTargetThreeTimesInARow() {
        Fixture twice = new Fixture().add(1000, Fixture.DESK, new Action.Click(1, 1), Fixture.dom("button", "Save"))
                .add(1000, Fixture.DESK, new Action.Click(9, 9), Fixture.dom("button", "Save"))
                .add(1000, Fixture.DESK, new Action.Click(1, 1), Fixture.dom("button", "Send"))
                .add(1000, Fixture.DESK, new Action.Click(1, 1), Fixture.dom("button", "Save"));
        assertFalse(flags(twice).contains(Flags.REPEATED_OR_UNDONE));
        twice.add(1000, Fixture.DESK, new Action.Click(2, 2), Fixture.dom("button", "Save"))
                .add(1000, Fixture.DESK, new Action.Click(3, 3), Fixture.dom("button", "Save"));
        assertTrue(flags(twice).contains(Flags.REPEATED_OR_UNDONE));
        // ungrounded: the same point within 8 px
        Fixture near = new Fixture().add(Fixture.TERM, new Action.Click(100, 100)).add(Fixture.TERM, new Action.Click(104, 97))
                .add(Fixture.TERM, new Action.Click(108, 100));
        assertTrue(flags(near).contains(Flags.REPEATED_OR_UNDONE));
        Fixture apart = new Fixture().add(Fixture.TERM, new Action.Click(100, 100)).add(Fixture.TERM, new Action.Click(104, 97))
                .add(Fixture.TERM, new Action.Click(120, 100));
        assertFalse(flags(apart).contains(Flags.REPEATED_OR_UNDONE));
        // scrolls and keys repeat by nature
        Fixture scrolls = new Fixture().add(Fixture.TERM, new Action.Scroll(1, 1, 0, 1)).add(Fixture.TERM, new Action.Scroll(1, 1, 0, 1))
                .add(Fixture.TERM, new Action.Scroll(1, 1, 0, 1)).add(Fixture.TERM, new Action.Key("down"))
                .add(Fixture.TERM, new Action.Key("down")).add(Fixture.TERM, new Action.Key("down"));
        assertFalse(flags(scrolls).contains(Flags.REPEATED_OR_UNDONE));
    }

    @Test
    void undoIsFlaggedRedoIsNot() {
        Fixture redo = new Fixture().add(Fixture.NOTES, new Action.TypeText("x")).add(Fixture.NOTES, new Action.Hotkey(List.of("ctrl", "shift", "z")));
        assertFalse(flags(redo).contains(Flags.REPEATED_OR_UNDONE));
        Fixture undo = new Fixture().add(Fixture.NOTES, new Action.TypeText("x")).add(Fixture.NOTES, new Action.Hotkey(List.of("ctrl", "z")));
        assertTrue(flags(undo).contains(Flags.REPEATED_OR_UNDONE));
        assertTrue(QualityFlags.isUndo(new Action.Hotkey(List.of("meta", "z"))));
    }

    @Test
    void typedTextErasedByBackspaces() {
        Fixture two = new Fixture().add(Fixture.NOTES, new Action.TypeText("hello")).add(Fixture.NOTES, new Action.Key("backspace"))
                .add(Fixture.NOTES, new Action.Key("backspace"));
        assertFalse(flags(two).contains(Flags.REPEATED_OR_UNDONE));
        assertTrue(flags(two.add(Fixture.NOTES, new Action.Key("backspace"))).contains(Flags.REPEATED_OR_UNDONE));

        // inside one typing step (seq 0..11 here): 4 letters, then 4 backspaces, then 2 letters
        List<Step> steps = List.of(new Step(Fixture.SESSION, 0, 0, Fixture.T0, Fixture.NOTES, new Action.TypeText("ok"), null, 0, null, null, 0, 11),
                new Step(Fixture.SESSION, 1, 0, Fixture.T0 + 1, Fixture.NOTES, new Action.Key("enter"), null, 0, null, null, 12, 12));
        List<RawEvent> events = new ArrayList<>();
        for (String k : List.of("w", "r", "o", "n", "backspace", "backspace", "backspace", "backspace", "o", "k")) {
            events.add(new RawEvent.KeyDown(0, Fixture.T0, 0, k, k.length() == 1 ? k : null, 0));
        }
        events.add(new RawEvent.KeyUp(0, Fixture.T0, 0, "k", 0));
        events.add(new RawEvent.KeyUp(0, Fixture.T0, 0, "k", 0));
        events.add(new RawEvent.KeyDown(0, Fixture.T0, 0, "enter", null, 0));
        assertTrue(QualityFlags.of(steps, events, 2).contains(Flags.REPEATED_OR_UNDONE));
        // a typo fixed (2 of 8) is no erasure
        events.set(6, new RawEvent.KeyDown(0, Fixture.T0, 0, "x", "x", 0));
        events.set(7, new RawEvent.KeyDown(0, Fixture.T0, 0, "y", "y", 0));
        assertFalse(QualityFlags.of(steps, events, 2).contains(Flags.REPEATED_OR_UNDONE));
    }
}
