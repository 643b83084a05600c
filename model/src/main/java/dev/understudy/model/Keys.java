package dev.understudy.model;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Key names as the trace stores them ({@code key} of {@code key_down} / {@code key_up}, and the
 * {@code key} / {@code keys} of key and hotkey actions): lowercase, one name per key, left and
 * right modifiers alike. Letters are "a".."z", digits "0".."9", function keys "f1".."f24";
 * punctuation keys are named by the source (docs/trace-format.md, {@code key_down}).
 *
 * <p>This class holds what every module needs to agree on: the names of the keys that are not
 * text, which key presses type text, the lock keys, the keys whose release ends an action, and the
 * spellings other programs use for our keys ({@link #canonical}). What only one source or target
 * needs stays there: the hook's key code table is in capture, pyautogui's spellings and key-cap
 * labels are in export. Modifier bits are in {@link Mods}.
 */
public final class Keys {
    // Modifiers (their bits are in Mods).
    public static final String CTRL = "ctrl";
    public static final String SHIFT = "shift";
    public static final String ALT = "alt";
    public static final String META = "meta";

    // Named keys: editing and navigation. Never text, even when a source reports a character.
    public static final String ENTER = "enter";
    /** The keypad's enter key (sources that tell it apart; our hook names it "enter"). */
    public static final String KP_ENTER = "kp_enter";
    public static final String TAB = "tab";
    public static final String ESCAPE = "escape";
    public static final String BACKSPACE = "backspace";
    public static final String DELETE = "delete";
    public static final String INSERT = "insert";
    public static final String HOME = "home";
    public static final String END = "end";
    public static final String PAGE_UP = "page_up";
    public static final String PAGE_DOWN = "page_down";
    public static final String UP = "up";
    public static final String DOWN = "down";
    public static final String LEFT = "left";
    public static final String RIGHT = "right";
    public static final String PRINT_SCREEN = "print_screen";
    public static final String PAUSE = "pause";
    /** The context-menu key. */
    public static final String MENU = "menu";

    /** The space bar: a text key ({@code ch} " "). */
    public static final String SPACE = "space";

    // Lock keys: they change later characters and are no step of their own.
    public static final String CAPS_LOCK = "caps_lock";
    public static final String NUM_LOCK = "num_lock";
    public static final String SCROLL_LOCK = "scroll_lock";

    // System, media and launch keys: they produce no text.
    public static final String CLEAR = "clear";
    public static final String POWER = "power";
    public static final String SLEEP = "sleep";
    public static final String WAKE = "wake";
    public static final String MEDIA_PLAY = "media_play";
    public static final String MEDIA_STOP = "media_stop";
    public static final String MEDIA_PREVIOUS = "media_previous";
    public static final String MEDIA_NEXT = "media_next";
    public static final String MEDIA_SELECT = "media_select";
    public static final String MEDIA_EJECT = "media_eject";
    public static final String VOLUME_MUTE = "volume_mute";
    public static final String VOLUME_UP = "volume_up";
    public static final String VOLUME_DOWN = "volume_down";
    public static final String APP_MAIL = "app_mail";
    public static final String APP_CALCULATOR = "app_calculator";
    public static final String APP_MUSIC = "app_music";
    public static final String APP_PICTURES = "app_pictures";
    public static final String BROWSER_SEARCH = "browser_search";
    public static final String BROWSER_HOME = "browser_home";
    public static final String BROWSER_BACK = "browser_back";
    public static final String BROWSER_FORWARD = "browser_forward";
    public static final String BROWSER_STOP = "browser_stop";
    public static final String BROWSER_REFRESH = "browser_refresh";
    public static final String BROWSER_FAVORITES = "browser_favorites";
    public static final String HELP = "help";
    public static final String STOP = "stop";
    public static final String PROPS = "props";
    public static final String FRONT = "front";
    public static final String OPEN = "open";
    public static final String FIND = "find";
    public static final String AGAIN = "again";
    public static final String UNDO = "undo";
    public static final String COPY = "copy";
    public static final String CUT = "cut";

    /**
     * The key of a typed entity the privacy layer redacted: one key-down whose {@code ch} is the
     * placeholder ("[EMAIL]"), and its key-up (docs/trace-format.md, privacy markers).
     */
    public static final String REDACTED = "redacted";

    /** Named keys: never text, even when a source reports a character for them (plus function keys). */
    private static final Set<String> NAMED = Set.of(ENTER, KP_ENTER, TAB, ESCAPE, BACKSPACE, DELETE, INSERT, UP, DOWN,
            LEFT, RIGHT, HOME, END, PAGE_UP, PAGE_DOWN, PRINT_SCREEN, PAUSE, MENU);

    private static final Set<String> LOCKS = Set.of(CAPS_LOCK, NUM_LOCK, SCROLL_LOCK);

    private static final Set<String> SYSTEM = Set.of(CLEAR, POWER, SLEEP, WAKE, MEDIA_PLAY, MEDIA_STOP, MEDIA_PREVIOUS,
            MEDIA_NEXT, MEDIA_SELECT, MEDIA_EJECT, VOLUME_MUTE, VOLUME_UP, VOLUME_DOWN, APP_MAIL, APP_CALCULATOR, APP_MUSIC,
            APP_PICTURES, BROWSER_SEARCH, BROWSER_HOME, BROWSER_BACK, BROWSER_FORWARD, BROWSER_STOP, BROWSER_REFRESH,
            BROWSER_FAVORITES, HELP, STOP, PROPS, FRONT, OPEN, FIND, AGAIN, UNDO, COPY, CUT);

    /** Keys whose release ends an action that usually changes the screen at once (besides chords). */
    private static final Set<String> ACTION_ENDING = Set.of(ENTER, TAB, ESCAPE, PAGE_UP, PAGE_DOWN, UP, DOWN, LEFT, RIGHT,
            HOME, END, DELETE, function(5));

    /**
     * Other spellings of our keys (X keysyms, DOM {@code KeyboardEvent.key} lowercased, other
     * recorders, people writing hotkeys), lowercase, to our name.
     */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("control", CTRL), Map.entry("ctl", CTRL),
            Map.entry("super", META), Map.entry("win", META), Map.entry("windows", META), Map.entry("cmd", META),
            Map.entry("command", META), Map.entry("os", META),
            Map.entry("return", ENTER),
            Map.entry("esc", ESCAPE),
            Map.entry("pgup", PAGE_UP), Map.entry("prior", PAGE_UP),
            Map.entry("pgdn", PAGE_DOWN), Map.entry("next", PAGE_DOWN),
            Map.entry("del", DELETE),
            Map.entry("ins", INSERT),
            Map.entry("back_space", BACKSPACE),
            Map.entry("capslock", CAPS_LOCK), Map.entry("numlock", NUM_LOCK), Map.entry("scrolllock", SCROLL_LOCK),
            Map.entry("print", PRINT_SCREEN),
            Map.entry("arrowleft", LEFT), Map.entry("arrowright", RIGHT), Map.entry("arrowup", UP), Map.entry("arrowdown", DOWN),
            Map.entry("spacebar", SPACE), Map.entry(" ", SPACE),
            Map.entry("context_menu", MENU));

    private Keys() {}

    /** Function key {@code n}: "f1".."f24". */
    public static String function(int n) {
        return "f" + n;
    }

    /** A key name as read from a trace: trimmed and lowercase; "" for null. */
    public static String normalise(String key) {
        return key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Our name for a key name that may be spelt another way ("Return", "esc", "PgUp", "cmd",
     * "ArrowLeft", "context_menu"): lowercase, aliases resolved; other names only lowercased;
     * "" for null.
     */
    public static String canonical(String key) {
        if (key == null) return "";
        String k = key.toLowerCase(Locale.ROOT);
        return ALIASES.getOrDefault(k, k);
    }

    /** "f1" .. "f99". */
    public static boolean isFunctionKey(String key) {
        if (key == null || key.length() < 2 || key.length() > 3 || key.charAt(0) != 'f') return false;
        for (int i = 1; i < key.length(); i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') return false;
        }
        return true;
    }

    /**
     * A named key: editing and navigation keys and function keys. They are never text, even when a
     * source reports a character for them (enter's "\r", tab's "\t").
     */
    public static boolean isNamed(String key) {
        String k = canonical(key);
        return NAMED.contains(k) || isFunctionKey(k);
    }

    /** Caps, num and scroll lock: they change later characters (already in {@code ch}) and make no step. */
    public static boolean isLock(String key) {
        return LOCKS.contains(canonical(key));
    }

    /**
     * A key that never produces text: named keys, function keys, modifiers, locks, and system,
     * media and launch keys. Every other key may (letters, digits, punctuation, space, unknown keys).
     */
    public static boolean neverText(String key) {
        String k = canonical(key);
        return isNamed(k) || isLock(k) || Mods.isModifier(k) || SYSTEM.contains(k);
    }

    /**
     * A key press that types {@code ch} (when no ctrl/alt/meta is held): some printable
     * characters, from a key that is not a named key.
     */
    public static boolean isText(String key, String ch) {
        return ch != null && !ch.isEmpty() && !isNamed(key) && ch.codePoints().noneMatch(Character::isISOControl);
    }

    /**
     * A key whose release ends an action that usually changes the screen at once: any chord
     * (ctrl, alt or meta held), enter, tab, escape, the arrows, page up/down, home, end, delete, f5.
     */
    public static boolean endsAction(String key, int mods) {
        return Mods.isChord(mods) || ACTION_ENDING.contains(canonical(key));
    }
}
