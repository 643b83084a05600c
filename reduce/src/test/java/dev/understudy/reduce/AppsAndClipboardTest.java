package dev.understudy.reduce;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.understudy.model.AppContext;
import dev.understudy.model.Rect;
import dev.understudy.model.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AppsAndClipboardTest {

    @Test
    void appSwitchesTitleChangesAndClipboard() {
        Fixtures.Reduced r = Fixtures.reduce("apps_clipboard", Fixtures.SINGLE);
        assertEquals(List.of(
                // the first WindowFocus (#1) only sets the context
                "type(\"cd src\") m0 #3-14 xterm",
                "key(enter) m0 #15-16 xterm",
                // #17 changes xterm's title: no step. ctrl+c with no clipboard event stays a hotkey
                "hotkey(ctrl+c) m0 #18-21 xterm",
                "type(\"git log\") m0 #22-35 xterm",
                "key(enter) m0 #36-37 xterm",
                "hotkey(alt+tab) m0 #38-42 xterm",
                "switch_app m0 #41-41 firefox",
                "double_click(700,410) m0 #56-59 firefox",
                // ctrl down .. ctrl up, the copy event (#62) in between
                "copy(\"Understudy\") m0 #60-64 firefox",
                // copy from the context menu: no hotkey
                "right_click(1100,500) m0 #75-76 firefox",
                "click(1150,560) m0 #85-86 firefox",
                "copy(\"recorder\") m0 #87-87 firefox",
                // click-to-focus: the focus change (#100) lands mid-click; the switch starts at the
                // mouse_down and comes first, and the click belongs to gedit
                "switch_app m0 #99-100 gedit",
                "click(1300,450) m0 #99-101 gedit",
                // the paste event (#103) came before the v key-down (#104)
                "paste(\"Understudy\") m0 #102-106 gedit",
                "type(\" rocks\") m0 #107-118 gedit",
                "hotkey(ctrl+a) m0 #119-122 gedit",
                "cut(\"Understudy rocks\") m0 #123-127 gedit",
                "paste(\"Understudy rocks\") m0 #128-132 gedit",
                // a paste event 3 s after ctrl+v is not its paste
                "hotkey(ctrl+v) m0 #133-136 gedit",
                "paste(\"late\") m0 #137-137 gedit"),
                r.described());

        List<Step> s = r.steps();
        assertEquals("alice@devbox: ~", s.get(0).app().title());
        assertEquals("alice@devbox: ~/src", s.get(2).app().title());
        assertEquals("alice@devbox: ~/src", s.get(3).app().title());
        assertEquals(4242, s.get(6).app().pid());
        assertEquals("Understudy - Mozilla Firefox", s.get(6).app().title());
        assertEquals("gedit", s.get(12).app().name());
        assertEquals("gedit", s.get(13).app().name());
    }

    @Test
    void clickToFocusVersusAWindowOpenedByAClick() {
        AppContext xterm = new AppContext("xterm", "XTerm", "alice@devbox: ~", 2, new Rect(900, 100, 600, 400), null);
        AppContext dialog = new AppContext("firefox", "firefox", "Save As", 3, new Rect(400, 300, 600, 400), null);
        Events ev = new Events().focus("firefox", 1); // window (100,100) 800x600
        // scripted click (press and release 5 ms apart), focus change 40 ms after the press
        ev.at(1000).down(950, 200, "left", 1).at(1005).up(950, 200, "left").at(1040).focus(xterm); // 1-3
        // a click in xterm opens a dialog that takes focus 400 ms after the press: not click-to-focus
        ev.at(3000).down(500, 400, "left", 1).at(3090).up(500, 400, "left").at(3400).focus(dialog); // 4-6
        // focus changes during a press outside the new window (e.g. a keyboard shortcut elsewhere)
        ev.at(5000).down(50, 50, "left", 1).at(5020).focus(Events.app("gedit", 3)).at(5080).up(50, 50, "left"); // 7-9
        assertEquals(List.of(
                "switch_app m0 #1-3 xterm",
                "click(950,200) m0 #1-2 xterm",
                "click(500,400) m0 #4-5 xterm",
                "switch_app m0 #6-6 firefox",
                "click(50,50) m0 #7-9 firefox",
                "switch_app m0 #8-8 gedit"),
                StepFormat.describeAll(ev.reduce()));
    }

    @Test
    void stepsBeforeTheFirstFocusHaveUnknownApp() {
        Events ev = new Events();
        ev.at(100).typeKey("a", "a").at(300).focus("gedit", 7).at(500).typeKey("b", "b")
                .at(700).focus(Events.app("gedit", 7).withTitle("renamed")).at(900).typeKey("c", "c");
        List<Step> steps = ev.reduce();
        assertEquals(List.of("type(\"a\") m0 #0-1 unknown", "type(\"bc\") m0 #3-7 gedit"),
                StepFormat.describeAll(steps));
        assertSame(AppContext.UNKNOWN, steps.get(0).app());
        assertEquals("gedit window", steps.get(1).app().title());
    }

    @Test
    void clipboardHotkeyPairing() {
        Events ev = new Events().focus("gedit", 7);
        // copy event BEFORE ctrl+c: only paste events look after their hotkey
        ev.at(1000).clip("copy", "one").at(1100).ctrl("c"); // clip 1, hotkey 2-5
        // ctrl+c 2 s before its copy event: too far
        ev.at(3000).ctrl("c").at(5000).clip("copy", "two"); // 6-9, 10
        // two quick ctrl+v, each paste event just before its key: closest pairs win
        ev.at(8000).clip("paste", "p1").at(8005).ctrl("v") // 11, 12-15
                .at(8500).clip("paste", "p2").at(8505).ctrl("v"); // 16, 17-20
        // ctrl+shift+v and ctrl+insert
        ev.at(10000).keyDown("ctrl", null, 0).at(10050).keyDown("shift", null, 2).at(10100).keyDown("v", null, 3)
                .at(10130).clip("paste", "plain").at(10160).keyUp("v", 3).at(10200).keyUp("shift", 3)
                .at(10240).keyUp("ctrl", 2); // 21-27
        ev.at(11000).ctrl("insert").at(11300).clip("copy", "ins"); // 28-31, 32
        assertEquals(List.of(
                "copy(\"one\") m0 #1-1 gedit",
                "hotkey(ctrl+c) m0 #2-5 gedit",
                "hotkey(ctrl+c) m0 #6-9 gedit",
                "copy(\"two\") m0 #10-10 gedit",
                "paste(\"p1\") m0 #11-15 gedit",
                "paste(\"p2\") m0 #16-20 gedit",
                "paste(\"plain\") m0 #21-27 gedit",
                "copy(\"ins\") m0 #28-32 gedit"),
                StepFormat.describeAll(ev.reduce()));
    }
}
