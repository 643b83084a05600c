package dev.understudy.export;

import static dev.understudy.model.Keys.CAPS_LOCK;
import static dev.understudy.model.Keys.MENU;
import static dev.understudy.model.Keys.META;
import static dev.understudy.model.Keys.NUM_LOCK;
import static dev.understudy.model.Keys.PAGE_DOWN;
import static dev.understudy.model.Keys.PAGE_UP;
import static dev.understudy.model.Keys.PRINT_SCREEN;
import static dev.understudy.model.Keys.SCROLL_LOCK;
import static dev.understudy.model.Keys.canonical;
import static dev.understudy.model.Keys.isFunctionKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What exports make of our key names ({@link dev.understudy.model.Keys}): pyautogui's names for
 * them, and what people read on key caps. Other spellings of a key ("Return", "esc", "cmd") are
 * resolved by {@link dev.understudy.model.Keys#canonical} first.
 */
final class Keys {
    private Keys() {}

    /** Our key name (or another spelling of it) to a pyautogui key name; names pyautogui spells like us pass. */
    static String pyautogui(String key, boolean mac) {
        if (key == null) return "";
        String k = canonical(key);
        return switch (k) {
            case META -> mac ? "command" : "win";
            // macOS's name for alt; pyautogui has an option key there
            case "option" -> mac ? "option" : "alt";
            case PAGE_UP -> "pageup";
            case PAGE_DOWN -> "pagedown";
            case CAPS_LOCK -> "capslock";
            case NUM_LOCK -> "numlock";
            case SCROLL_LOCK -> "scrolllock";
            case PRINT_SCREEN -> "printscreen";
            case MENU -> "apps";
            default -> k;
        };
    }

    static List<String> pyautogui(List<String> keys, boolean mac) {
        List<String> out = new ArrayList<>();
        if (keys != null) for (String k : keys) out.add(pyautogui(k, mac));
        return out;
    }

    /** What a key cap shows: "Ctrl", "Shift", "Enter", "T", "F5", "Left arrow", "Cmd" on macOS. */
    static String display(String key, boolean mac) {
        if (key == null || key.isEmpty()) return "?";
        String k = pyautogui(key, mac);
        switch (k) {
            case "ctrl": return mac ? "Control" : "Ctrl";
            case "shift": return "Shift";
            case "alt": return "Alt";
            case "option": return "Option";
            case "win": return "Super";
            case "command": return "Cmd";
            case "enter": return "Enter";
            case "escape": return "Esc";
            case "backspace": return "Backspace";
            case "delete": return "Delete";
            case "insert": return "Insert";
            case "tab": return "Tab";
            case "space": return "Space";
            case "left": return "Left arrow";
            case "right": return "Right arrow";
            case "up": return "Up arrow";
            case "down": return "Down arrow";
            case "pageup": return "Page Up";
            case "pagedown": return "Page Down";
            case "home": return "Home";
            case "end": return "End";
            case "capslock": return "Caps Lock";
            case "printscreen": return "Print Screen";
            case "apps": return "Menu";
            default: break;
        }
        if (isFunctionKey(k)) return k.toUpperCase(Locale.ROOT);
        if (k.codePointCount(0, k.length()) == 1) return k.toUpperCase(Locale.ROOT);
        return Character.toUpperCase(k.charAt(0)) + k.substring(1);
    }

    /** "Ctrl+Shift+T". */
    static String chord(List<String> keys, boolean mac) {
        List<String> parts = new ArrayList<>();
        if (keys != null) for (String k : keys) parts.add(display(k, mac));
        return String.join("+", parts);
    }
}
