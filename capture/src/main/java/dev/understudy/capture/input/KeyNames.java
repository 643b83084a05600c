package dev.understudy.capture.input;

import static com.github.kwhat.jnativehook.keyboard.NativeKeyEvent.*;

import dev.understudy.model.Keys;
import java.util.Locale;

/**
 * Normalised lowercase key names for JNativeHook virtual key codes (VC_*): letters "a".."z",
 * digits "0".."9", "enter", "tab", "escape", "backspace", "delete", "insert", "home", "end",
 * "page_up", "page_down", "up", "down", "left", "right", "space", "f1".."f24", "ctrl", "shift",
 * "alt", "meta", "caps_lock", and punctuation by name ("minus", "equals", "bracket_left",
 * "bracket_right", "backslash", "semicolon", "quote", "backquote", "comma", "period", "slash").
 *
 * <p>This is the hook's code table only: the names and which keys never produce text are
 * {@link Keys}'s.
 *
 * <p>The codes name physical key positions (US layout): on other layouts the name is the US key at
 * that position, and the character actually produced is in {@code KeyDown.ch}. Left and right
 * modifiers share a name; numpad keys are named like their main-block counterparts.
 */
public final class KeyNames {
    private static final int TABLE_SIZE = 0x10000;
    private static final String[] NAMES = new String[TABLE_SIZE];
    /** Keys that never produce text ({@link Keys#neverText}): the hook emits their KeyDown at once. */
    private static final boolean[] NO_TEXT = new boolean[TABLE_SIZE];

    static {
        String letters = "abcdefghijklmnopqrstuvwxyz";
        int[] letterCodes = {VC_A, VC_B, VC_C, VC_D, VC_E, VC_F, VC_G, VC_H, VC_I, VC_J, VC_K, VC_L, VC_M, VC_N,
                VC_O, VC_P, VC_Q, VC_R, VC_S, VC_T, VC_U, VC_V, VC_W, VC_X, VC_Y, VC_Z};
        for (int i = 0; i < letterCodes.length; i++) put(letterCodes[i], String.valueOf(letters.charAt(i)));
        int[] digitCodes = {VC_0, VC_1, VC_2, VC_3, VC_4, VC_5, VC_6, VC_7, VC_8, VC_9};
        for (int i = 0; i < digitCodes.length; i++) put(digitCodes[i], String.valueOf(i));
        int[] fCodes = {VC_F1, VC_F2, VC_F3, VC_F4, VC_F5, VC_F6, VC_F7, VC_F8, VC_F9, VC_F10, VC_F11, VC_F12,
                VC_F13, VC_F14, VC_F15, VC_F16, VC_F17, VC_F18, VC_F19, VC_F20, VC_F21, VC_F22, VC_F23, VC_F24};
        for (int i = 0; i < fCodes.length; i++) put(fCodes[i], Keys.function(i + 1));

        // Text keys: the character is in KeyDown.ch.
        put(VC_SPACE, Keys.SPACE);
        put(VC_MINUS, "minus");
        put(VC_EQUALS, "equals");
        put(VC_OPEN_BRACKET, "bracket_left");
        put(VC_CLOSE_BRACKET, "bracket_right");
        put(VC_BACK_SLASH, "backslash");
        put(VC_SEMICOLON, "semicolon");
        put(VC_QUOTE, "quote");
        put(VC_BACKQUOTE, "backquote");
        put(VC_COMMA, "comma");
        put(VC_PERIOD, "period");
        put(VC_SLASH, "slash");
        put(VC_SEPARATOR, "separator");
        put(VC_UNDERSCORE, "underscore");
        put(VC_YEN, "yen");

        // Keys that never produce text (Keys.neverText).
        put(VC_ENTER, Keys.ENTER);
        put(VC_TAB, Keys.TAB);
        put(VC_ESCAPE, Keys.ESCAPE);
        put(VC_BACKSPACE, Keys.BACKSPACE);
        put(VC_DELETE, Keys.DELETE);
        put(VC_INSERT, Keys.INSERT);
        put(VC_HOME, Keys.HOME);
        put(VC_END, Keys.END);
        put(VC_PAGE_UP, Keys.PAGE_UP);
        put(VC_PAGE_DOWN, Keys.PAGE_DOWN);
        put(VC_UP, Keys.UP);
        put(VC_DOWN, Keys.DOWN);
        put(VC_LEFT, Keys.LEFT);
        put(VC_RIGHT, Keys.RIGHT);
        put(VC_CLEAR, Keys.CLEAR);
        put(VC_CONTROL, Keys.CTRL);
        put(VC_SHIFT, Keys.SHIFT);
        put(VC_ALT, Keys.ALT);
        put(VC_META, Keys.META);
        put(VC_CONTEXT_MENU, Keys.MENU);
        put(VC_CAPS_LOCK, Keys.CAPS_LOCK);
        put(VC_NUM_LOCK, Keys.NUM_LOCK);
        put(VC_SCROLL_LOCK, Keys.SCROLL_LOCK);
        put(VC_PRINTSCREEN, Keys.PRINT_SCREEN);
        put(VC_PAUSE, Keys.PAUSE);
        put(VC_POWER, Keys.POWER);
        put(VC_SLEEP, Keys.SLEEP);
        put(VC_WAKE, Keys.WAKE);
        put(VC_MEDIA_PLAY, Keys.MEDIA_PLAY);
        put(VC_MEDIA_STOP, Keys.MEDIA_STOP);
        put(VC_MEDIA_PREVIOUS, Keys.MEDIA_PREVIOUS);
        put(VC_MEDIA_NEXT, Keys.MEDIA_NEXT);
        put(VC_MEDIA_SELECT, Keys.MEDIA_SELECT);
        put(VC_MEDIA_EJECT, Keys.MEDIA_EJECT);
        put(VC_VOLUME_MUTE, Keys.VOLUME_MUTE);
        put(VC_VOLUME_UP, Keys.VOLUME_UP);
        put(VC_VOLUME_DOWN, Keys.VOLUME_DOWN);
        put(VC_APP_MAIL, Keys.APP_MAIL);
        put(VC_APP_CALCULATOR, Keys.APP_CALCULATOR);
        put(VC_APP_MUSIC, Keys.APP_MUSIC);
        put(VC_APP_PICTURES, Keys.APP_PICTURES);
        put(VC_BROWSER_SEARCH, Keys.BROWSER_SEARCH);
        put(VC_BROWSER_HOME, Keys.BROWSER_HOME);
        put(VC_BROWSER_BACK, Keys.BROWSER_BACK);
        put(VC_BROWSER_FORWARD, Keys.BROWSER_FORWARD);
        put(VC_BROWSER_STOP, Keys.BROWSER_STOP);
        put(VC_BROWSER_REFRESH, Keys.BROWSER_REFRESH);
        put(VC_BROWSER_FAVORITES, Keys.BROWSER_FAVORITES);
        put(VC_SUN_HELP, Keys.HELP);
        put(VC_SUN_STOP, Keys.STOP);
        put(VC_SUN_PROPS, Keys.PROPS);
        put(VC_SUN_FRONT, Keys.FRONT);
        put(VC_SUN_OPEN, Keys.OPEN);
        put(VC_SUN_FIND, Keys.FIND);
        put(VC_SUN_AGAIN, Keys.AGAIN);
        put(VC_SUN_UNDO, Keys.UNDO);
        put(VC_SUN_COPY, Keys.COPY);
        put(VC_SUN_INSERT, Keys.INSERT);
        put(VC_SUN_CUT, Keys.CUT);
    }

    private KeyNames() {}

    private static void put(int code, String name) {
        NAMES[code] = name;
        NO_TEXT[code] = Keys.neverText(name);
    }

    /** The normalised name of a JNativeHook key code; "unknown" for VC_UNDEFINED. */
    public static String name(int code) {
        if (code >= 0 && code < TABLE_SIZE && NAMES[code] != null) return NAMES[code];
        return code == VC_UNDEFINED ? "unknown" : fallback(code);
    }

    /**
     * True when a key never produces text (named keys, modifiers, locks, function keys, system and
     * media keys: {@link Keys#neverText}); false for keys outside the table, which may.
     */
    public static boolean neverText(int code) {
        return code >= 0 && code < TABLE_SIZE && NO_TEXT[code];
    }

    private static String fallback(int code) {
        // Rare codes JNativeHook knows by name but this table does not (e.g. keypad extras).
        String text = getKeyText(code);
        if (text == null || text.startsWith("Unknown") || text.equals("Undefined")) {
            return "vc_" + Integer.toHexString(code);
        }
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }
}
