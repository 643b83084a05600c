package dev.understudy.capture.clipboard;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.model.Mods;
import dev.understudy.model.RawEvent;
import org.junit.jupiter.api.Test;

@Tag("e2e")
class ClipboardChordsTest {
    static RawEvent.KeyDown k(String key, int mods) {
        return new RawEvent.KeyDown(0, 0, 0, key, null, mods);
    }

    @Test
    void chords() {
        assertTrue(ClipboardChords.isPaste(k("v", Mods.CTRL)));
        assertTrue(ClipboardChords.isPaste(k("v", Mods.CTRL | Mods.SHIFT)));
        assertTrue(ClipboardChords.isPaste(k("insert", Mods.SHIFT)));
        assertFalse(ClipboardChords.isPaste(k("v", 0)));
        assertFalse(ClipboardChords.isPaste(k("v", Mods.CTRL | Mods.ALT)));
        assertFalse(ClipboardChords.isPaste(k("insert", Mods.CTRL)));
        assertTrue(ClipboardChords.isCut(k("x", Mods.CTRL)));
        assertTrue(ClipboardChords.isCut(k("delete", Mods.SHIFT)));
        assertFalse(ClipboardChords.isCut(k("x", Mods.META)));
        assertFalse(ClipboardChords.isCut(k("delete", 0)));
    }

    @Test
    void capKeepsSurrogatePairsWhole() {
        assertEquals("abc", X11ClipboardSource.cap("abcdef", 3));
        assertEquals("ab", X11ClipboardSource.cap("ab😀cd", 3));
        assertEquals("", X11ClipboardSource.cap("abc", 0));
    }
}
