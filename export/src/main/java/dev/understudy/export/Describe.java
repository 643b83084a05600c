package dev.understudy.export;

import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Step;
import dev.understudy.model.Target;

/**
 * Plain-language descriptions of steps: imperative for training data ("Click at (412, 233) in
 * xterm") and past tense for people reading the viewer ("Clicked in XTerm — 'bash'"). The results
 * are plain text: callers escape them for their output format.
 */
public final class Describe {
    private static final int TEXT_MAX = 120;
    private static final int TITLE_MAX = 80;

    private Describe() {}

    /** AgentNet-style instruction for the step, e.g. "Click at (412, 233) in xterm", "Type 'hello'". */
    public static String imperative(Step step, boolean mac) {
        Action a = step.action();
        if (a == null || a.type() == null) return "Do nothing";
        return held(a, mac, imperativePlain(step, a, mac));
    }

    /** "Ctrl+click on …" for a pointer action with keys held; the sentence as it is otherwise. */
    private static String held(Action a, boolean mac, String sentence) {
        if (a.modifiers() == null || a.modifiers().isEmpty() || sentence.isEmpty()) return sentence;
        return Keys.chord(a.modifiers(), mac) + "+" + Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }

    private static String imperativePlain(Step step, Action a, boolean mac) {
        String in = inApp(processName(step.app()));
        return switch (a.type()) {
            case Action.CLICK -> "Click" + on(step.target()) + at(a) + in;
            case Action.DOUBLE_CLICK -> "Double-click" + on(step.target()) + at(a) + in;
            case Action.TRIPLE_CLICK -> "Triple-click" + on(step.target()) + at(a) + in;
            case Action.RIGHT_CLICK -> "Right-click" + on(step.target()) + at(a) + in;
            case Action.MIDDLE_CLICK -> "Middle-click" + on(step.target()) + at(a) + in;
            case Action.DRAG -> "Drag from " + pt(a.x(), a.y()) + " to " + pt(a.toX(), a.toY()) + in;
            case Action.SCROLL -> "Scroll " + scrollAmount(a) + at(a) + in;
            case Action.TYPE -> "Type '" + clip(a.text(), TEXT_MAX) + "'";
            case Action.KEY -> "Press " + Keys.pyautogui(a.key(), mac);
            case Action.HOTKEY -> "Press " + String.join("+", Keys.pyautogui(a.keys(), mac));
            case Action.COPY -> a.text() == null ? "Copy the selection" : "Copy '" + clip(a.text(), TEXT_MAX) + "'";
            case Action.CUT -> a.text() == null ? "Cut the selection" : "Cut '" + clip(a.text(), TEXT_MAX) + "'";
            case Action.PASTE -> a.text() == null ? "Paste from the clipboard" : "Paste '" + clip(a.text(), TEXT_MAX) + "'";
            case Action.SWITCH_APP -> "Switch to " + orUnknown(processName(step.app()));
            case Action.SELECT_OPTION -> "Select option '" + clip(a.option(), TEXT_MAX) + "'" + field(step.target());
            case Action.NAVIGATE -> "Go to " + clip(a.url(), 300);
            default -> "Do " + a.type();
        };
    }

    /** What happened, for someone who never saw JSON: "Typed “hello world”", "Pressed Ctrl+Shift+T". */
    public static String past(Step step, boolean mac) {
        Action a = step.action();
        if (a == null || a.type() == null) return "Did something unrecognised";
        return held(a, mac, pastPlain(step, a, mac));
    }

    private static String pastPlain(Step step, Action a, boolean mac) {
        String where = where(step.app());
        return switch (a.type()) {
            case Action.CLICK -> "Clicked" + the(step.target()) + where;
            case Action.DOUBLE_CLICK -> "Double-clicked" + the(step.target()) + where;
            case Action.TRIPLE_CLICK -> "Triple-clicked" + the(step.target()) + where;
            case Action.RIGHT_CLICK -> "Right-clicked" + the(step.target()) + where;
            case Action.MIDDLE_CLICK -> "Middle-clicked" + the(step.target()) + where;
            case Action.DRAG -> "Dragged from " + pt(a.x(), a.y()) + " to " + pt(a.toX(), a.toY()) + where;
            case Action.SCROLL -> "Scrolled " + scrollAmount(a) + where;
            case Action.TYPE -> "Typed “" + clip(a.text(), TEXT_MAX) + "”";
            case Action.KEY -> "Pressed " + Keys.display(a.key(), mac);
            case Action.HOTKEY -> "Pressed " + Keys.chord(a.keys(), mac);
            case Action.COPY -> a.text() == null ? "Copied the selection" : "Copied “" + clip(a.text(), TEXT_MAX) + "”";
            case Action.CUT -> a.text() == null ? "Cut the selection" : "Cut “" + clip(a.text(), TEXT_MAX) + "”";
            case Action.PASTE -> a.text() == null ? "Pasted from the clipboard" : "Pasted “" + clip(a.text(), TEXT_MAX) + "”";
            case Action.SWITCH_APP -> "Switched to " + orUnknown(appLabel(step.app())) + title(step.app());
            case Action.SELECT_OPTION -> "Chose “" + clip(a.option(), TEXT_MAX) + "” from a list" + forField(step.target()) + where;
            case Action.NAVIGATE -> "Went to " + clip(a.url(), 300);
            default -> "Did " + a.type() + where;
        };
    }

    /** The name people know an app by: the window class ("XTerm", "firefox"), else the process name. */
    public static String appLabel(AppContext app) {
        if (app == null) return null;
        if (app.windowClass() != null && !app.windowClass().isBlank()) return app.windowClass();
        if (app.name() != null && !app.name().isBlank() && !"unknown".equals(app.name())) return app.name();
        return null;
    }

    static String processName(AppContext app) {
        if (app == null) return null;
        if (app.name() != null && !app.name().isBlank() && !"unknown".equals(app.name())) return app.name();
        return app.windowClass() != null && !app.windowClass().isBlank() ? app.windowClass() : null;
    }

    /** "down 3", "up 1", "right 2", "down 3 and right 2". */
    static String scrollAmount(Action a) {
        int dx = a.dx() == null ? 0 : a.dx();
        int dy = a.dy() == null ? 0 : a.dy();
        String v = dy > 0 ? "down " + dy : dy < 0 ? "up " + (-dy) : null;
        String h = dx > 0 ? "right " + dx : dx < 0 ? "left " + (-dx) : null;
        if (v != null && h != null) return v + " and " + h;
        if (v != null) return v;
        if (h != null) return h;
        return "by 0";
    }

    private static String where(AppContext app) {
        String label = appLabel(app);
        return (label == null ? "" : " in " + label) + title(app);
    }

    private static String title(AppContext app) {
        if (app == null || app.title() == null || app.title().isBlank()) return "";
        return " — '" + clip(app.title(), TITLE_MAX) + "'";
    }

    private static String inApp(String name) {
        return name == null ? "" : " in " + name;
    }

    private static String orUnknown(String s) {
        return s == null ? "another application" : s;
    }

    private static String at(Action a) {
        return a.hasPoint() ? " at " + pt(a.x(), a.y()) : "";
    }

    private static String pt(Integer x, Integer y) {
        return "(" + (x == null ? "?" : x) + ", " + (y == null ? "?" : y) + ")";
    }

    /** " for 'Priority'": the dropdown a select_option chose in. */
    private static String field(Target t) {
        return t == null || t.name() == null || t.name().isBlank() ? "" : " for '" + clip(t.name(), 60) + "'";
    }

    private static String forField(Target t) {
        return t == null || t.name() == null || t.name().isBlank() ? "" : " for “" + clip(t.name(), 60) + "”";
    }

    /** " on 'Save' (button)" for imperative descriptions. */
    private static String on(Target t) {
        if (t == null || t.name() == null || t.name().isBlank()) return "";
        return " on '" + clip(t.name(), 60) + "'" + (t.role() == null || t.role().isBlank() ? "" : " (" + t.role() + ")");
    }

    /** " the “Save” button" / " “Save”" for past-tense sentences. */
    private static String the(Target t) {
        if (t == null || t.name() == null || t.name().isBlank()) return "";
        String role = t.role() == null || t.role().isBlank() ? "" : " " + t.role();
        return (role.isEmpty() ? " " : " the ") + "“" + clip(t.name(), 60) + "”" + role;
    }

    /** Shortens to max code points with "…", and shows line breaks as "↵" so sentences stay on one line. */
    static String clip(String s, int max) {
        if (s == null) return "";
        String one = s.replace("\r\n", "↵").replace('\n', '↵').replace('\r', '↵');
        if (one.codePointCount(0, one.length()) <= max) return one;
        return one.substring(0, one.offsetByCodePoints(0, max)) + "…";
    }
}
