package dev.understudy.model;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("unit")
class KeysTest {
    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void namesAreTheTracesLowercaseNames() {
        assertEquals("page_up", Keys.PAGE_UP);
        assertEquals("caps_lock", Keys.CAPS_LOCK);
        assertEquals("f5", Keys.function(5));
        assertEquals(List.of("ctrl", "alt", "shift", "meta"), Mods.names(Mods.ALL));
        assertEquals(Mods.META, Mods.bitOf(Keys.META));
        assertEquals("enter", Keys.normalise(" Enter "));
        assertEquals("", Keys.normalise(null));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void otherSpellingsResolveToOurNames() {
        assertEquals(Keys.ENTER, Keys.canonical("Return"));
        assertEquals(Keys.ESCAPE, Keys.canonical("esc"));
        assertEquals(Keys.META, Keys.canonical("cmd"));
        assertEquals(Keys.META, Keys.canonical("Super"));
        assertEquals(Keys.CTRL, Keys.canonical("control"));
        assertEquals(Keys.PAGE_DOWN, Keys.canonical("next"));
        assertEquals(Keys.LEFT, Keys.canonical("ArrowLeft"));
        assertEquals(Keys.SPACE, Keys.canonical(" "));
        assertEquals(Keys.MENU, Keys.canonical("context_menu"));
        assertEquals(Keys.CAPS_LOCK, Keys.canonical("capslock"));
        assertEquals("t", Keys.canonical("T"));
        assertEquals("option", Keys.canonical("option"), "macOS's alt is left to the exports");
        assertEquals("", Keys.canonical(null));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void namedKeysAreNeverText() {
        for (String k : List.of("enter", "return", "kp_enter", "tab", "escape", "backspace", "delete", "insert", "up", "down",
                "left", "right", "home", "end", "page_up", "page_down", "print_screen", "pause", "menu", "context_menu", "f1",
                "f12", "f24", "F5")) {
            assertTrue(Keys.isNamed(k), k);
            assertFalse(Keys.isText(k, "x"), k);
            assertTrue(Keys.neverText(k), k);
        }
        assertTrue(Keys.isFunctionKey("f99"));
        assertFalse(Keys.isFunctionKey("f100"));
        assertFalse(Keys.isFunctionKey("f"));
        assertFalse(Keys.isFunctionKey("fx"));
        assertFalse(Keys.isNamed("space"));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void textNeedsPrintableCharactersFromATextKey() {
        assertTrue(Keys.isText("a", "a"));
        assertTrue(Keys.isText("space", " "));
        assertTrue(Keys.isText("e", "é"));
        assertTrue(Keys.isText("vc_e36", "x"), "unknown keys may type");
        assertTrue(Keys.isText(Keys.REDACTED, "[EMAIL]"));
        assertFalse(Keys.isText("a", null));
        assertFalse(Keys.isText("a", ""));
        assertFalse(Keys.isText("a", "\u001b"));
        assertFalse(Keys.isText("tab", "\t"));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void modifiersLocksAndSystemKeysProduceNoText() {
        for (String k : List.of("ctrl", "shift", "alt", "meta", "caps_lock", "num_lock", "scroll_lock", "numlock", "volume_up",
                "media_play", "browser_back", "copy", "stop", "clear")) {
            assertTrue(Keys.neverText(k), k);
        }
        for (String k : List.of("a", "0", "space", "minus", "bracket_left", "yen", "unknown", "vc_e36", "kanji")) {
            assertFalse(Keys.neverText(k), k);
        }
        assertTrue(Keys.isLock("caps_lock"));
        assertTrue(Keys.isLock("scrolllock"));
        assertFalse(Keys.isLock("shift"));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void chordsAndScreenChangingKeysEndAnAction() {
        for (String k : List.of("enter", "tab", "escape", "page_up", "page_down", "up", "down", "left", "right", "home", "end",
                "delete", "f5")) {
            assertTrue(Keys.endsAction(k, 0), k);
        }
        assertFalse(Keys.endsAction("a", 0));
        assertFalse(Keys.endsAction("a", Mods.SHIFT));
        assertFalse(Keys.endsAction("f6", 0));
        assertFalse(Keys.endsAction(null, 0));
        assertTrue(Keys.endsAction("a", Mods.CTRL));
        assertTrue(Keys.endsAction(null, Mods.META));
        assertTrue(Mods.isChord(Mods.ALT | Mods.SHIFT));
        assertFalse(Mods.isChord(Mods.SHIFT));
    }
}
