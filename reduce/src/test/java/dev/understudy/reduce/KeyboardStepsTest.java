package dev.understudy.reduce;

import dev.understudy.model.MarkerKind;
import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.understudy.model.Action;
import dev.understudy.model.Mods;
import java.util.List;
import org.junit.jupiter.api.Test;

@Tag("unit")
class KeyboardStepsTest {

    @Test
    void typingKeysAndHotkeys() {
        Fixtures.Reduced r = Fixtures.reduce("typing", Fixtures.SINGLE);
        assertEquals(List.of(
                "click(1200,400) m0 #14-15 gedit",
                // "Hello wrold", four backspaces, "orld"; starts at the shift key-down for the H
                "type(\"Hello world\") m0 #17-56 gedit",
                "key(enter) m0 #57-58 gedit",
                "type(\"Dear Bob,\") m0 #60-81 gedit",
                "key(tab) m0 #82-83 gedit",
                "type(\"x\") m0 #84-85 gedit",
                "key(escape) m0 #86-87 gedit",
                "key(left) m0 #89-90 gedit",
                "key(left) m0 #91-92 gedit",
                "key(right) m0 #93-94 gedit",
                "key(up) m0 #95-96 gedit",
                "key(down) m0 #97-98 gedit",
                "key(home) m0 #99-100 gedit",
                "key(end) m0 #101-102 gedit",
                // nothing pending: backspace is a key
                "key(backspace) m0 #103-104 gedit",
                // "ab" typed and erased (#105-112) makes no step; the third backspace is a key
                "key(backspace) m0 #113-114 gedit",
                // auto-repeat: four key-downs, one key-up
                "type(\"aaaa\") m0 #115-119 gedit",
                "key(enter) m0 #120-121 gedit",
                // ctrl pressed and released alone (#122-123): nothing, and not held afterwards
                "type(\"ok\") m0 #124-127 gedit",
                "hotkey(ctrl+s) m0 #128-131 gedit",
                // the t key-down reported only ctrl; the tracked shift key-down completes the chord
                "hotkey(ctrl+shift+t) m0 #133-138 gedit",
                "hotkey(shift+tab) m0 #139-142 gedit",
                // 12 s idle splits the run
                "type(\"first\") m0 #143-152 gedit",
                "type(\"second\") m0 #154-165 gedit",
                "key(enter) m0 #166-167 gedit",
                // 5 s idle does not
                "type(\"waiting\") m0 #168-181 gedit",
                "key(enter) m0 #182-183 gedit",
                // paused/resumed markers split the run
                "type(\"foo\") m0 #184-189 gedit",
                "type(\"bar\") m0 #192-197 gedit",
                "key(f5) m0 #198-199 gedit"),
                r.described());
        assertEquals(List.of("ctrl", "shift", "t"), ((Action.Hotkey) r.steps().get(20).action()).keys());
    }

    @Test
    void textRunEndsAtPointerScrollAndClipboard() {
        Events ev = new Events().focus("gedit", 7);
        ev.at(100).typeKey("a", "a").at(300).click(500, 500, 1) // 1-2, click 3-4
                .at(600).typeKey("b", "b").at(800).wheel(500, 500, 0, 1, 0) // 5-6, wheel 7
                .at(1000).typeKey("c", "c").at(1200).clip("copy", "menu") // 8-9, clip 10
                .at(1400).typeKey("d", "d"); // 11-12
        assertEquals(List.of(
                "type(\"a\") m0 #1-2 gedit",
                "click(500,500) m0 #3-4 gedit",
                "type(\"b\") m0 #5-6 gedit",
                "scroll(500,500 dx=0 dy=1) m0 #7-7 gedit",
                "type(\"c\") m0 #8-9 gedit",
                "copy(\"menu\") m0 #10-10 gedit",
                "type(\"d\") m0 #11-12 gedit"),
                StepFormat.describeAll(ev.reduce()));
    }

    @Test
    void locksSurrogatesAndChordsWithCharacters() {
        Events ev = new Events();
        // caps lock makes no step and does not split the run; backspace removes a whole code point
        ev.at(0).typeKey("a", "a").at(100).key("caps_lock").at(200).typeKey("b", "B")
                .at(300).typeKey("e", "\uD83D\uDE00").at(400).key("backspace")
                // ch reported with ctrl held is a hotkey, not text
                .at(500).keyDown("ctrl", null, 0).at(560).keyDown("a", "\u0001", Mods.CTRL)
                .at(620).keyUp("a", Mods.CTRL).at(680).keyUp("ctrl", Mods.CTRL)
                // alt+f4, meta alone, then a named key with no modifier
                .at(900).keyDown("alt", null, 0).at(950).keyDown("f4", null, Mods.ALT).at(1000).keyUp("f4", Mods.ALT)
                .at(1050).keyUp("alt", Mods.ALT)
                .at(1200).keyDown("meta", null, 0).at(1300).keyUp("meta", Mods.META)
                .at(1400).key("delete");
        assertEquals(List.of(
                "type(\"aB\") m0 #0-9 unknown",
                "hotkey(ctrl+a) m0 #10-13 unknown",
                "hotkey(alt+f4) m0 #14-17 unknown",
                "key(delete) m0 #20-21 unknown"),
                StepFormat.describeAll(ev.reduce()));
    }

    @Test
    void lostModifierKeyUpIsForgottenAtMarkers() {
        Events ev = new Events();
        // ctrl goes down, the recorder pauses, the ctrl key-up is never seen
        ev.at(0).keyDown("ctrl", null, 0).at(100).marker(MarkerKind.PAUSED).at(3000).marker(MarkerKind.RESUMED)
                .at(3100).typeKey("x", "x");
        assertEquals(List.of("type(\"x\") m0 #3-4 unknown"), StepFormat.describeAll(ev.reduce()));
    }
}
