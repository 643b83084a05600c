package dev.understudy.capture.clipboard;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.capture.testing.ProbeProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.model.Mods;
import dev.understudy.model.RawEvent;
import org.junit.jupiter.api.Test;

/** X11ClipboardSource against Xvfb, with xclip as the clipboard owner. */
@Tag("e2e")
class X11ClipboardSourceTest {

    private static void copy(VirtualDesktop x, String text) throws Exception {
        // xclip forks a child that keeps serving the selection until someone else takes it.
        x.runDetached("sh", "-c", "printf %s \"$0\" | xclip -selection clipboard", text);
    }

    private static boolean clip(RawEvent e, String op, String text) {
        return e instanceof RawEvent.Clipboard c && c.op().equals(op) && text.equals(c.text());
    }

    @Test
    void copyWithoutHotkeyAndPasteChords() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(); ProbeProcess p = ProbeProcess.start(x, "clipboard")) {
            copy(x, "hello");
            RawEvent.Clipboard c = (RawEvent.Clipboard) p.await(e -> e instanceof RawEvent.Clipboard, "a copy");
            assertEquals("copy", c.op());
            assertEquals("hello", c.text());
            assertEquals(5, c.length());
            assertFalse(c.truncated());

            p.send("key v " + Mods.CTRL);
            RawEvent.Clipboard paste = (RawEvent.Clipboard) p.await(e -> clip(e, "paste", "hello"), "paste on ctrl+v");
            assertEquals(5, paste.length());

            copy(x, "wörld ✓");
            p.await(e -> clip(e, "copy", "wörld ✓"), "second copy, non-ASCII");
            p.send("key insert " + Mods.SHIFT);
            p.await(e -> clip(e, "paste", "wörld ✓"), "paste on shift+insert");
            p.send("key v " + (Mods.CTRL | Mods.SHIFT));
            int pastes = p.awaitCount(e -> clip(e, "paste", "wörld ✓"), 2, VirtualDesktop.DEFAULT_TIMEOUT,
                    "paste on ctrl+shift+v").size();
            assertEquals(2, pastes);

            // Not paste chords: plain v, alt+ctrl+v, ctrl+insert.
            p.send("key v 0");
            p.send("key v " + (Mods.CTRL | Mods.ALT));
            p.send("key insert " + Mods.CTRL);
            p.send("key v " + Mods.CTRL); // a marker that the ones before were processed
            p.awaitCount(e -> clip(e, "paste", "wörld ✓"), 3, VirtualDesktop.DEFAULT_TIMEOUT, "the marker paste");
            // hello once, wörld three times: nothing for the non-chords (the worker runs in order).
            assertEquals(4, p.events().stream().filter(e -> e instanceof RawEvent.Clipboard k && k.op().equals("paste"))
                    .count());
        }
    }

    @Test
    void cutAfterCtrlXAndTruncation() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(); ProbeProcess p = ProbeProcess.start(x, "clipboard=8")) {
            p.send("key x " + Mods.CTRL);
            copy(x, "hello clipboard world");
            RawEvent.Clipboard c = (RawEvent.Clipboard) p.await(e -> e instanceof RawEvent.Clipboard, "a cut");
            assertEquals("cut", c.op());
            assertEquals("hello cl", c.text());
            assertEquals(21, c.length());
            assertTrue(c.truncated());

            // The chord is used up: the next change is a copy again.
            copy(x, "short");
            p.await(e -> clip(e, "copy", "short"), "a copy after the cut");
        }
    }
}
