package dev.understudy.model;

import java.util.ArrayList;
import java.util.List;

/** Modifier bit mask used by key and mouse events; the modifier keys' names are in {@link Keys}. */
public final class Mods {
    public static final int SHIFT = 1;
    public static final int CTRL = 2;
    public static final int ALT = 4;
    public static final int META = 8;
    /** All four modifier bits. */
    public static final int ALL = SHIFT | CTRL | ALT | META;
    /** Modifiers that make a key press a chord (a hotkey) rather than typing: ctrl, alt, meta. */
    public static final int CHORD = CTRL | ALT | META;

    private Mods() {}

    /** Lowercase names in canonical chord order: ctrl, alt, shift, meta. */
    public static List<String> names(int mods) {
        List<String> out = new ArrayList<>(4);
        if ((mods & CTRL) != 0) out.add(Keys.CTRL);
        if ((mods & ALT) != 0) out.add(Keys.ALT);
        if ((mods & SHIFT) != 0) out.add(Keys.SHIFT);
        if ((mods & META) != 0) out.add(Keys.META);
        return out;
    }

    /** The modifier bit for a key name, or 0 when the key is not a modifier. */
    public static int bitOf(String key) {
        if (key == null) return 0;
        return switch (key) {
            case Keys.SHIFT -> SHIFT;
            case Keys.CTRL -> CTRL;
            case Keys.ALT -> ALT;
            case Keys.META -> META;
            default -> 0;
        };
    }

    public static boolean isModifier(String key) {
        return bitOf(key) != 0;
    }

    /** True when ctrl, alt or meta is among {@code mods}: a key pressed with them is a chord, not text. */
    public static boolean isChord(int mods) {
        return (mods & CHORD) != 0;
    }
}
