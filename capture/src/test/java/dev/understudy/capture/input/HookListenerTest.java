package dev.understudy.capture.input;

import org.junit.jupiter.api.Tag;
import static com.github.kwhat.jnativehook.keyboard.NativeKeyEvent.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.github.kwhat.jnativehook.NativeInputEvent;
import com.github.kwhat.jnativehook.mouse.NativeMouseEvent;
import com.github.kwhat.jnativehook.mouse.NativeMouseWheelEvent;
import dev.understudy.capture.Clock;
import dev.understudy.model.Mods;
import dev.understudy.model.RawEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hook-thread translation, fed with synthetic JNativeHook events and a hand-driven clock. */
@Tag("unit")
class HookListenerTest {
    static final class ManualClock extends Clock {
        long now;

        @Override
        public long mono() {
            return now;
        }

        @Override
        public long wall() {
            return now / 1_000_000;
        }
    }

    final ManualClock clock = new ManualClock();
    final List<RawEvent> out = new ArrayList<>();
    final List<RawEvent> activity = new ArrayList<>();
    final HookListener l = new HookListener(out::add, clock);

    {
        l.activity = activity::add;
    }

    static com.github.kwhat.jnativehook.keyboard.NativeKeyEvent key(int id, int mods, int code, char ch) {
        return new com.github.kwhat.jnativehook.keyboard.NativeKeyEvent(id, mods, 0, code, ch,
                id == NATIVE_KEY_TYPED ? KEY_LOCATION_UNKNOWN : KEY_LOCATION_STANDARD);
    }

    void press(int mods, int code) {
        l.nativeKeyPressed(key(NATIVE_KEY_PRESSED, mods, code, CHAR_UNDEFINED));
    }

    void typed(int mods, char c) {
        l.nativeKeyTyped(key(NATIVE_KEY_TYPED, mods, VC_UNDEFINED, c));
    }

    void release(int mods, int code) {
        l.nativeKeyReleased(key(NATIVE_KEY_RELEASED, mods, code, CHAR_UNDEFINED));
    }

    static NativeMouseEvent mouse(int id, int mods, int x, int y, int clicks, int button) {
        return new NativeMouseEvent(id, mods, x, y, clicks, button);
    }

    @Test
    void typedCharacterIsAttachedToItsKeyDown() {
        clock.now = 100;
        press(NativeInputEvent.SHIFT_L_MASK, VC_A);
        assertEquals(List.of(), out, "held until the typed event");
        clock.now = 101;
        typed(NativeInputEvent.SHIFT_L_MASK, 'A');
        release(0, VC_A);
        RawEvent.KeyDown d = assertInstanceOf(RawEvent.KeyDown.class, out.get(0));
        assertEquals(new RawEvent.KeyDown(100, 0, VC_A, "a", "A", Mods.SHIFT), d, "time of the press, not the typed");
        assertEquals(new RawEvent.KeyUp(101, 0, VC_A, "a", 0), out.get(1));
        assertEquals(out, activity);
    }

    @Test
    void namedKeysAndModifiersAreEmittedAtOnceWithoutText() {
        press(NativeInputEvent.CTRL_L_MASK, VC_CONTROL);
        assertEquals(1, out.size(), "modifiers are not held");
        typed(NativeInputEvent.CTRL_L_MASK, '\0'); // X11 sends one for every key; ignored
        press(0, VC_ENTER);
        typed(0, '\r');
        press(0, VC_BACKSPACE);
        typed(0, '\b');
        assertEquals(List.of("ctrl", "enter", "backspace"), out.stream().map(e -> ((RawEvent.KeyDown) e).key()).toList());
        for (RawEvent e : out) assertNull(((RawEvent.KeyDown) e).ch());
        assertEquals(Mods.CTRL, ((RawEvent.KeyDown) out.get(0)).mods());
    }

    @Test
    void controlCharactersGiveNoTextAndAnyEventFlushes() {
        press(NativeInputEvent.CTRL_L_MASK, VC_C);
        typed(NativeInputEvent.CTRL_L_MASK, (char) 3);
        press(0, VC_B); // no typed event: the next event flushes it
        l.nativeMouseMoved(mouse(NativeMouseEvent.NATIVE_MOUSE_MOVED, 0, 5, 5, 0, 0));
        assertEquals(new RawEvent.KeyDown(0, 0, VC_C, "c", null, Mods.CTRL), out.get(0));
        assertEquals(new RawEvent.KeyDown(0, 0, VC_B, "b", null, 0), out.get(1));
        assertInstanceOf(RawEvent.MouseMove.class, out.get(2));
    }

    @Test
    void surrogatePairsAreJoined() {
        press(0, VC_UNDEFINED);
        typed(0, "😀".charAt(0));
        typed(0, "😀".charAt(1));
        assertEquals("😀", ((RawEvent.KeyDown) out.get(0)).ch());
        assertEquals("unknown", ((RawEvent.KeyDown) out.get(0)).key());
    }

    @Test
    void movesAreThinnedAndFlushedBeforeButtons() {
        int moved = NativeMouseEvent.NATIVE_MOUSE_MOVED;
        for (int i = 0; i < 10; i++) {
            clock.now = i * 5_000_000L; // every 5 ms
            l.nativeMouseMoved(mouse(moved, 0, i, 0, 0, 0));
        }
        // Emitted at 0, 25 ms; the one at 45 ms is held.
        assertEquals(List.of(0, 5), out.stream().map(e -> ((RawEvent.MouseMove) e).x()).toList());
        clock.now = 46_000_000L;
        l.nativeMousePressed(mouse(NativeMouseEvent.NATIVE_MOUSE_PRESSED, NativeInputEvent.BUTTON1_MASK, 9, 0, 1,
                NativeMouseEvent.BUTTON1));
        assertEquals(new RawEvent.MouseMove(45_000_000L, 45, 9, 0, 0), out.get(2));
        assertEquals(new RawEvent.MouseDown(46_000_000L, 46, 9, 0, "left", 1, 0), out.get(3));
        // Dragging: the button change is emitted at once, whatever the interval.
        clock.now = 47_000_000L;
        l.nativeMouseDragged(mouse(NativeMouseEvent.NATIVE_MOUSE_DRAGGED, NativeInputEvent.BUTTON1_MASK, 10, 0, 0, 0));
        assertEquals(new RawEvent.MouseMove(47_000_000L, 47, 10, 0, 1), out.get(4));
        clock.now = 48_000_000L;
        l.nativeMouseDragged(mouse(NativeMouseEvent.NATIVE_MOUSE_DRAGGED, NativeInputEvent.BUTTON1_MASK, 11, 0, 0, 0));
        assertEquals(5, out.size());
        l.flushAll();
        assertEquals(new RawEvent.MouseMove(48_000_000L, 48, 11, 0, 1), out.get(5));
    }

    @Test
    void wheelAndButtons() {
        l.nativeMouseWheelMoved(new NativeMouseWheelEvent(NativeMouseEvent.NATIVE_MOUSE_WHEEL, NativeInputEvent.CTRL_L_MASK,
                3, 4, 1, NativeMouseWheelEvent.WHEEL_UNIT_SCROLL, 3, 1, NativeMouseWheelEvent.WHEEL_VERTICAL_DIRECTION));
        l.nativeMouseWheelMoved(new NativeMouseWheelEvent(NativeMouseEvent.NATIVE_MOUSE_WHEEL, 0, 3, 4, 1,
                NativeMouseWheelEvent.WHEEL_UNIT_SCROLL, 3, -1, NativeMouseWheelEvent.WHEEL_HORIZONTAL_DIRECTION));
        assertEquals(new RawEvent.Wheel(0, 0, 3, 4, 0, 1, Mods.CTRL), out.get(0));
        assertEquals(new RawEvent.Wheel(0, 0, 3, 4, -1, 0, 0), out.get(1));
        assertEquals("right", HookListener.buttonName(NativeMouseEvent.BUTTON2));
        assertEquals("middle", HookListener.buttonName(NativeMouseEvent.BUTTON3));
        assertEquals("button5", HookListener.buttonName(NativeMouseEvent.BUTTON5));
        assertEquals(Mods.CTRL | Mods.ALT | Mods.META | Mods.SHIFT, HookListener.mods(
                NativeInputEvent.CTRL_R_MASK | NativeInputEvent.ALT_L_MASK | NativeInputEvent.META_R_MASK
                        | NativeInputEvent.SHIFT_R_MASK | NativeInputEvent.NUM_LOCK_MASK));
    }

    @Test
    void aThrowingSinkDoesNotEscapeToTheHook() {
        HookListener bad = new HookListener(e -> {
            throw new IllegalStateException("full");
        }, clock);
        bad.nativeKeyPressed(key(NATIVE_KEY_PRESSED, 0, VC_ENTER, CHAR_UNDEFINED));
        assertEquals(1, bad.errors);
    }

    @Test
    void keyNames() {
        assertEquals("a", KeyNames.name(VC_A));
        assertEquals("0", KeyNames.name(VC_0));
        assertEquals("f24", KeyNames.name(VC_F24));
        assertEquals("page_up", KeyNames.name(VC_PAGE_UP));
        assertEquals("bracket_right", KeyNames.name(VC_CLOSE_BRACKET));
        assertEquals("caps_lock", KeyNames.name(VC_CAPS_LOCK));
        assertEquals("meta", KeyNames.name(VC_META));
        assertEquals("unknown", KeyNames.name(VC_UNDEFINED));
        assertEquals(true, KeyNames.neverText(VC_SHIFT));
        assertEquals(false, KeyNames.neverText(VC_SPACE));
        assertEquals(false, KeyNames.neverText(0x7777), "unknown keys may produce text");
    }
}
