package dev.understudy.export;

import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Manifest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one action into pyautogui code, in normalised coordinates (AgentNet / OpenCUA: x / width,
 * y / height, 4 decimals) or absolute frame pixels (OSWorld). Immutable and thread-safe.
 *
 * <p>Choices, all emitting code that real pyautogui executes:
 * <ul>
 *   <li>Calls use positional keys and text ({@code pyautogui.hotkey('ctrl', 'c')},
 *       {@code pyautogui.write('hi')}, {@code pyautogui.press('enter')}). AgentNet's published
 *       samples also use keyword forms such as {@code hotkey(keys=[...])}, which pyautogui itself
 *       silently ignores; positional forms parse the same in OpenCUA's tooling and also run.</li>
 *   <li>A drag is two lines, as in AgentNet: {@code moveTo(from)} then
 *       {@code dragTo(to, button='left')}. The recorded path is not replayed (it is in steps.jsonl).</li>
 *   <li>Scroll: our dy &gt; 0 scrolls down, pyautogui's scroll is positive up, so dy is negated;
 *       dx maps to {@code hscroll} (positive right) unchanged. Units stay wheel notches.</li>
 *   <li>copy/cut/paste become the platform's shortcut (Ctrl, or Command on macOS); navigate becomes
 *       focus-the-address-bar, type the URL, Enter.</li>
 *   <li>A menu_select is the clicks that do it: each menu of its path, then the entry, at the
 *       centres of the boxes the accessibility read saw ({@link A11yTrees#clicks}); a desktop
 *       select_option clicks the combo box, then the entry (a list: the entry). Without those boxes
 *       (or for a web select_option) they become a comment such as
 *       {@code # menu_select: 'File' > 'Save As…'}.</li>
 *   <li>Actions pyautogui cannot express (switch_app, select_option) become a single Python comment
 *       such as {@code # switch_app: 'Firefox'}: a no-op when executed, still telling what happened.
 *       AgentNet has no such action; OpenCUA's {@code computer.*} calls are not pyautogui and would
 *       break executors, so they are not used.</li>
 *   <li>Modifier keys held with a pointer action ({@code modifiers}: ctrl+click, shift+drag,
 *       ctrl+scroll) become {@code keyDown} lines before it and {@code keyUp} lines after it.</li>
 *   <li>Normalised coordinates are clamped to [0, 1] (a drag may end on another monitor); absolute
 *       ones are frame pixels as recorded. When the frame size is unknown, coordinates stay absolute.</li>
 * </ul>
 */
public final class PyAutoGui {

    public enum Coords { NORMALISED, ABSOLUTE }

    private final Coords coords;
    private final boolean mac;

    public PyAutoGui(Coords coords, boolean mac) {
        this.coords = coords;
        this.mac = mac;
    }

    public static PyAutoGui normalised() {
        return new PyAutoGui(Coords.NORMALISED, false);
    }

    public static PyAutoGui absolute() {
        return new PyAutoGui(Coords.ABSOLUTE, false);
    }

    /** For a session: macOS sessions get Command shortcuts and key names. */
    public static PyAutoGui forSession(Manifest manifest, Coords coords) {
        return new PyAutoGui(coords, StepRecords.isMac(manifest));
    }

    /**
     * The code for one action on a frame of {@code width} x {@code height} pixels; lines are
     * separated by '\n'. {@code app} names the application for switch_app.
     */
    public String code(Action a, AppContext app, int width, int height) {
        return code(a, app, width, height, List.of());
    }

    /**
     * The same, with the clicks (frame pixels) that replay a menu_select or a desktop select_option
     * ({@link A11yTrees#clicks}); empty for other actions or when unknown.
     */
    public String code(Action a, AppContext app, int width, int height, List<Action.Point> clicks) {
        if (a == null) return "# unknown action";
        if ((a instanceof Action.MenuSelect || a instanceof Action.SelectOption) && clicks != null && !clicks.isEmpty()) {
            List<String> lines = new ArrayList<>(clicks.size());
            for (Action.Point p : clicks) lines.add("pyautogui.click(" + point(p.x(), p.y(), width, height) + ")");
            return String.join("\n", lines);
        }
        String body = body(a, app, width, height);
        if (!(a instanceof Action.Pointer p) || p.modifiers().isEmpty()) return body;
        // a pointer action with keys held (ctrl+click, shift+drag, ctrl+scroll): hold them around it
        List<String> keys = Keys.pyautogui(p.modifiers(), mac);
        StringBuilder b = new StringBuilder();
        for (String k : keys) b.append("pyautogui.keyDown(").append(pyString(k)).append(")\n");
        b.append(body);
        for (int i = keys.size() - 1; i >= 0; i--) b.append("\npyautogui.keyUp(").append(pyString(keys.get(i))).append(')');
        return b.toString();
    }

    private String body(Action a, AppContext app, int width, int height) {
        String mod = mac ? "command" : "ctrl";
        String click = clickFunction(a);
        if (click != null) {
            Action.Pointer p = (Action.Pointer) a;
            return "pyautogui." + click + "(" + point(p.x(), p.y(), width, height) + ")";
        }
        if (a instanceof Action.Drag d) {
            return "pyautogui.moveTo(" + point(d.x(), d.y(), width, height) + ")\n"
                    + "pyautogui.dragTo(" + point(d.toX(), d.toY(), width, height) + ", button='left')";
        }
        if (a instanceof Action.Scroll s) return scroll(s, width, height);
        if (a instanceof Action.TypeText t) return "pyautogui.write(" + pyString(t.text() == null ? "" : t.text()) + ")";
        if (a instanceof Action.Key k) return "pyautogui.press(" + pyString(Keys.pyautogui(k.key(), mac)) + ")";
        if (a instanceof Action.Hotkey h) return hotkey(Keys.pyautogui(h.keys(), mac));
        if (a instanceof Action.Copy) return hotkey(List.of(mod, "c"));
        if (a instanceof Action.Cut) return hotkey(List.of(mod, "x"));
        if (a instanceof Action.Paste) return hotkey(List.of(mod, "v"));
        if (a instanceof Action.Navigate n) {
            return hotkey(List.of(mod, "l")) + "\n"
                    + "pyautogui.write(" + pyString(n.url() == null ? "" : n.url()) + ")\n"
                    + "pyautogui.press('enter')";
        }
        if (a instanceof Action.SwitchApp) return "# switch_app: " + pyString(appName(app));
        if (a instanceof Action.SelectOption o) {
            return "# select_option: " + pyString(o.option() == null ? "" : o.option())
                    + (o.value() != null ? " value=" + pyString(o.value()) : "");
        }
        if (a instanceof Action.MenuSelect m) {
            StringBuilder b = new StringBuilder("# menu_select: ");
            for (int i = 0; i < m.path().size(); i++) {
                if (i > 0) b.append(" > ");
                b.append(pyString(m.path().get(i) == null ? "" : m.path().get(i)));
            }
            return b.toString();
        }
        return "# " + pyString(a.type());
    }

    /** pyautogui's function for a click of any kind ("doubleClick"), or null for other actions. */
    private static String clickFunction(Action a) {
        if (a instanceof Action.Click) return "click";
        if (a instanceof Action.DoubleClick) return "doubleClick";
        if (a instanceof Action.TripleClick) return "tripleClick";
        if (a instanceof Action.RightClick) return "rightClick";
        if (a instanceof Action.MiddleClick) return "middleClick";
        return null;
    }

    private String scroll(Action.Scroll a, int width, int height) {
        int dx = a.dx();
        int dy = a.dy();
        String at = ", " + point(a.x(), a.y(), width, height);
        List<String> lines = new ArrayList<>(2);
        if (dy != 0 || dx == 0) lines.add("pyautogui.scroll(" + (-dy) + at + ")");
        if (dx != 0) lines.add("pyautogui.hscroll(" + dx + at + ")");
        return String.join("\n", lines);
    }

    private static String hotkey(List<String> keys) {
        StringBuilder b = new StringBuilder("pyautogui.hotkey(");
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) b.append(", ");
            b.append(pyString(keys.get(i)));
        }
        return b.append(')').toString();
    }

    private String point(int x, int y, int width, int height) {
        return "x=" + coord(x, width) + ", y=" + coord(y, height);
    }

    /** One coordinate: "0.3219" (normalised, clamped, at least one decimal) or "412" (absolute). */
    String coord(int v, int size) {
        if (coords == Coords.ABSOLUTE || size <= 0) return Integer.toString(v);
        BigDecimal d = BigDecimal.valueOf(v).divide(BigDecimal.valueOf(size), 4, RoundingMode.HALF_UP);
        if (d.signum() < 0) d = BigDecimal.ZERO;
        if (d.compareTo(BigDecimal.ONE) > 0) d = BigDecimal.ONE;
        String s = d.stripTrailingZeros().toPlainString();
        return s.indexOf('.') < 0 ? s + ".0" : s;
    }

    static String appName(AppContext app) {
        if (app == null) return "";
        if (app.windowClass() != null && !app.windowClass().isBlank()) return app.windowClass();
        return app.name() == null ? "" : app.name();
    }

    /**
     * A Python 3 string literal in single quotes: backslash, quote and control characters escaped
     * ({@code \n}, {@code \t}, {@code \xNN}, Unicode line separators and lone surrogates as
     * four-digit u-escapes); other Unicode stays literal (Python 3 source is UTF-8). The result never
     * contains a raw line break, so it is also safe inside a comment.
     */
    public static String pyString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else if (c == '\u2028' || c == '\u2029' || c == '\ufeff') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('\'').toString();
    }
}
