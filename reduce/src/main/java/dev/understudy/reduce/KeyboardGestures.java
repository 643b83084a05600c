package dev.understudy.reduce;

import static dev.understudy.reduce.Limits.TYPING_IDLE_NS;

import dev.understudy.model.Action;
import dev.understudy.model.Keys;
import dev.understudy.model.Mods;
import dev.understudy.model.RawEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keys: text runs, named keys and hotkeys.
 *
 * <ul>
 *   <li>A key-down that produces printable characters with no ctrl/alt/meta held types them
 *       (shift included: the source reports the shifted character). Consecutive typing merges into
 *       one {@code type} step; auto-repeat (key-downs without key-ups) types repeated characters.
 *   <li>Backspace deletes the last character of the pending text; with no pending text it is a
 *       {@code key} step.
 *   <li>Any other key is a {@code key} step when no modifier is held, else a {@code hotkey} whose
 *       keys are the held modifiers (ctrl, alt, shift, meta) then the key. The held modifiers are
 *       the source's {@code mods} ORed with the modifier keys we saw go down and not up.
 *   <li>Modifier keys alone, and lock keys, make no step.
 * </ul>
 *
 * A text run ends at a named key or hotkey, when {@link #endRun()} is called (pointer input, app
 * switch, clipboard, pause markers), when another step came in between, or after more than
 * {@value Limits#TYPING_IDLE_NS} ns without typing. A run whose text ends up empty is dropped.
 *
 * <p>A step starts at the key-down of the modifiers it used (when no other step came between) and
 * grows to cover the key-ups of its keys while it is the most recent input step.
 */
final class KeyboardGestures {
    private final ReduceState state;
    /** The step the latest key-down of each physical key went into, until its key-up. */
    private final Map<String, Draft> owners = new TreeMap<>();

    private Draft run;
    private final StringBuilder text = new StringBuilder();
    private long runLastMono;

    KeyboardGestures(ReduceState state) {
        this.state = state;
    }

    void down(int seq, RawEvent.KeyDown e) {
        String key = Keys.normalise(e.key());
        if (key.isEmpty()) return;
        String id = keyId(e.code(), key);
        int bit = Mods.bitOf(key);
        if (bit != 0) {
            state.modifiers.down(id, bit, seq);
            return;
        }
        if (Keys.isLock(key)) return;
        int mods = e.mods() | state.modifiers.bits();
        boolean chord = Mods.isChord(mods);
        if (!chord && Keys.isText(key, e.ch())) {
            type(seq, e, mods, id);
            return;
        }
        if (!chord && Keys.BACKSPACE.equals(key) && erase(seq, e, id)) return;
        endRun();
        Action action = mods == 0 ? new Action.Key(key) : new Action.Hotkey(chordKeys(mods, key));
        int first = state.modifiers.claim(mods, seq);
        Draft d = state.emit(action, first, seq, seq, state.keyboardMonitor());
        d.modsUsed = mods;
        owners.put(id, d);
    }

    void up(int seq, RawEvent.KeyUp e) {
        String key = Keys.normalise(e.key());
        if (key.isEmpty()) return;
        String id = keyId(e.code(), key);
        int bit = Mods.bitOf(key);
        if (bit != 0) {
            state.modifiers.up(id);
            Draft last = state.log.last();
            if (last != null && (last.modsUsed & bit) != 0) last.extendTo(seq);
            return;
        }
        Draft owner = owners.remove(id);
        if (owner != null && state.log.isLast(owner)) owner.extendTo(seq);
    }

    /** Ends the pending text run, if any: it becomes a type step, or is dropped when empty. */
    void endRun() {
        if (run == null) return;
        if (text.length() == 0) {
            state.log.remove(run);
        } else {
            run.action = new Action.TypeText(text.toString());
        }
        run = null;
        text.setLength(0);
    }

    /** Key-ups may have been lost: forget which keys are down. */
    void reset() {
        endRun();
        owners.clear();
    }

    private void type(int seq, RawEvent.KeyDown e, int mods, String id) {
        endStaleRun(e.mono());
        if (run == null) {
            int first = (mods & Mods.SHIFT) != 0 ? state.modifiers.claim(Mods.SHIFT, seq) : seq;
            run = state.emit(new Action.TypeText(""), first, seq, seq, state.keyboardMonitor());
        } else {
            state.modifiers.claim(Mods.SHIFT, seq);
            state.modifiers.spendAll();
        }
        text.append(e.ch());
        run.modsUsed |= mods & Mods.SHIFT;
        grow(seq, e, id);
    }

    /** Backspace inside a text run: deletes its last character. False when there is none. */
    private boolean erase(int seq, RawEvent.KeyDown e, String id) {
        endStaleRun(e.mono());
        if (run == null || text.length() == 0) return false;
        int last = text.codePointBefore(text.length());
        text.setLength(text.length() - Character.charCount(last));
        state.modifiers.spendAll();
        grow(seq, e, id);
        return true;
    }

    private void grow(int seq, RawEvent.KeyDown e, String id) {
        run.extendTo(seq);
        runLastMono = e.mono();
        owners.put(id, run);
    }

    private void endStaleRun(long mono) {
        if (run != null && (!state.log.isLast(run) || mono - runLastMono > TYPING_IDLE_NS)) endRun();
    }

    private static List<String> chordKeys(int mods, String key) {
        List<String> keys = new ArrayList<>(Mods.names(mods));
        keys.add(key);
        return keys;
    }

    private static String keyId(int code, String key) {
        return code + ":" + key;
    }
}
