package dev.understudy.export;

import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Step;
import dev.understudy.model.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain-language descriptions of steps: imperative for training data ("Click at (412, 233) in
 * XTerm") and past tense for people reading the viewer ("Clicked in XTerm — 'bash'"). The results
 * are plain text: callers escape them for their output format.
 */
public final class StepDescriptions {
    private static final int TEXT_MAX = 120;
    private static final int TITLE_MAX = 80;

    private StepDescriptions() {}

    /** AgentNet-style instruction for the step, e.g. "Click at (412, 233) in xterm", "Type 'hello'". */
    public static String imperative(Step step, boolean mac) {
        Action a = step.action();
        if (a == null) return "Do nothing";
        return held(a, mac, imperativePlain(step, a, mac));
    }

    /** "Ctrl+click on …" for a pointer action with keys held; the sentence as it is otherwise. */
    private static String held(Action a, boolean mac, String sentence) {
        if (!(a instanceof Action.Pointer p) || p.modifiers().isEmpty() || sentence.isEmpty()) return sentence;
        return Keys.chord(p.modifiers(), mac) + "+" + Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }

    private static String imperativePlain(Step step, Action a, boolean mac) {
        String in = inApp(spokenName(step.app()));
        String click = clickVerb(a);
        if (click != null) {
            String toggle = a instanceof Action.Click ? toggleVerb(step.target(), false) : null;
            String verb = toggle != null ? toggle + on(step.target()).replaceFirst("^ on", "") : click + on(step.target());
            return verb + at((Action.Pointer) a) + in; // "Check 'Bold' (check box) at (412, 233) in soffice.bin"
        }
        if (a instanceof Action.Drag d) return "Drag from " + pt(d.x(), d.y()) + " to " + pt(d.toX(), d.toY()) + in;
        if (a instanceof Action.Scroll s) return "Scroll " + scrollAmount(s) + at(s) + in;
        if (a instanceof Action.TypeText t) return "Type '" + clip(t.text(), TEXT_MAX) + "'";
        if (a instanceof Action.Key k) return "Press " + Keys.pyautogui(k.key(), mac);
        if (a instanceof Action.Hotkey h) return "Press " + String.join("+", Keys.pyautogui(h.keys(), mac));
        if (a instanceof Action.Copy c) return c.text() == null ? "Copy the selection" : "Copy '" + clip(c.text(), TEXT_MAX) + "'";
        if (a instanceof Action.Cut c) return c.text() == null ? "Cut the selection" : "Cut '" + clip(c.text(), TEXT_MAX) + "'";
        if (a instanceof Action.Paste p) return p.text() == null ? "Paste from the clipboard" : "Paste '" + clip(p.text(), TEXT_MAX) + "'";
        if (a instanceof Action.SwitchApp) return "Switch to " + orUnknown(spokenName(step.app()));
        if (a instanceof Action.SelectOption o) return "Select option '" + clip(o.option(), TEXT_MAX) + "'" + field(step.target());
        if (a instanceof Action.Navigate n) return "Go to " + clip(n.url(), 300);
        if (a instanceof Action.MenuSelect m) return "Choose '" + menuPath(m) + "' from the menu" + checkedSuffix(step.target()) + in;
        return "Do " + a.type();
    }

    /** The imperative verb of a click of any kind ("Double-click"), or null for other actions. */
    private static String clickVerb(Action a) {
        if (a instanceof Action.Click) return "Click";
        if (a instanceof Action.DoubleClick) return "Double-click";
        if (a instanceof Action.TripleClick) return "Triple-click";
        if (a instanceof Action.RightClick) return "Right-click";
        if (a instanceof Action.MiddleClick) return "Middle-click";
        return null;
    }

    /** What happened, for someone who never saw JSON: "Typed “hello world”", "Pressed Ctrl+Shift+T". */
    public static String past(Step step, boolean mac) {
        Action a = step.action();
        if (a == null) return "Did something unrecognised";
        return held(a, mac, pastPlain(step, a, mac));
    }

    private static String pastPlain(Step step, Action a, boolean mac) {
        String where = where(step.app());
        String click = clickVerb(a);
        if (click != null) {
            String toggle = a instanceof Action.Click ? toggleVerb(step.target(), true) : null;
            if (toggle != null) return toggle + the(step.target()) + where; // "Checked the “Bold” check box"
            return click + "ed" + the(step.target()) + where; // "Double-clicked"
        }
        if (a instanceof Action.Drag d) return "Dragged from " + pt(d.x(), d.y()) + " to " + pt(d.toX(), d.toY()) + where;
        if (a instanceof Action.Scroll s) return "Scrolled " + scrollAmount(s) + where;
        if (a instanceof Action.TypeText t) return "Typed “" + clip(t.text(), TEXT_MAX) + "”";
        if (a instanceof Action.Key k) return "Pressed " + Keys.display(k.key(), mac);
        if (a instanceof Action.Hotkey h) return "Pressed " + Keys.chord(h.keys(), mac);
        if (a instanceof Action.Copy c) return c.text() == null ? "Copied the selection" : "Copied “" + clip(c.text(), TEXT_MAX) + "”";
        if (a instanceof Action.Cut c) return c.text() == null ? "Cut the selection" : "Cut “" + clip(c.text(), TEXT_MAX) + "”";
        if (a instanceof Action.Paste p) return p.text() == null ? "Pasted from the clipboard" : "Pasted “" + clip(p.text(), TEXT_MAX) + "”";
        if (a instanceof Action.SwitchApp) return "Switched to " + orUnknown(appLabel(step.app())) + title(step.app());
        if (a instanceof Action.SelectOption o && isA11y(step.target())) {
            // a desktop combo box or list: "Chose “14” in “Font Size” in LibreOffice Writer"
            return "Chose “" + clip(o.option(), TEXT_MAX) + "”" + inField(step.target()) + where;
        }
        if (a instanceof Action.SelectOption o) return "Chose “" + clip(o.option(), TEXT_MAX) + "” from a list" + forField(step.target()) + where;
        if (a instanceof Action.Navigate n) return "Went to " + clip(n.url(), 300);
        if (a instanceof Action.MenuSelect m) return "Chose " + menuPath(m) + checkedSuffix(step.target()) + where;
        if ((a instanceof Action.Key || a instanceof Action.TypeText) && toggleVerb(step.target(), true) != null) {
            return toggleVerb(step.target(), true) + the(step.target()) + " with Space" + where;
        }
        return "Did " + a.type() + where;
    }

    /**
     * The name people know an app by: its label ("Notes", from its desktop entry), else the window
     * class ("XTerm", "firefox"), else the process name.
     */
    public static String appLabel(AppContext app) {
        if (app == null) return null;
        if (app.label() != null && !app.label().isBlank()) return app.label();
        if (app.windowClass() != null && !app.windowClass().isBlank()) return app.windowClass();
        if (app.name() != null && !app.name().isBlank() && !"unknown".equals(app.name())) return app.name();
        return null;
    }

    /**
     * The app in training instructions: its label when the trace has one, else (traces recorded
     * before labels) the process name as these instructions always said it, else the window class.
     */
    static String spokenName(AppContext app) {
        if (app != null && app.label() != null && !app.label().isBlank()) return app.label();
        return processName(app);
    }

    static String processName(AppContext app) {
        if (app == null) return null;
        if (app.name() != null && !app.name().isBlank() && !"unknown".equals(app.name())) return app.name();
        return app.windowClass() != null && !app.windowClass().isBlank() ? app.windowClass() : null;
    }

    /** "down 3", "up 1", "right 2", "down 3 and right 2". */
    static String scrollAmount(Action.Scroll a) {
        int dx = a.dx();
        int dy = a.dy();
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

    private static String at(Action.Pointer a) {
        return " at " + pt(a.x(), a.y());
    }

    private static String pt(int x, int y) {
        return "(" + x + ", " + y + ")";
    }

    /** "File → Save As…": a menu_select's path. */
    static String menuPath(Action.MenuSelect m) {
        List<String> names = new ArrayList<>(m.path().size());
        for (String n : m.path()) names.add(clip(n, 60));
        return String.join(" → ", names);
    }

    private static boolean isA11y(Target t) {
        return t != null && Target.A11Y.equals(t.source());
    }

    /**
     * For a toggle the step set ({@code target.checked}): "Checked"/"Unchecked" (check boxes,
     * toggle buttons, check menu items), "Selected" (radio buttons, radio menu items, page tabs);
     * imperative "Check"/"Uncheck"/"Select". Null when the step toggled nothing.
     */
    private static String toggleVerb(Target t, boolean pastTense) {
        if (t == null || t.checked() == null) return null;
        String role = t.role() == null ? "" : t.role();
        if (role.startsWith("radio") || "page tab".equals(role)) return t.checked() ? (pastTense ? "Selected" : "Select") : null;
        if (t.checked()) return pastTense ? "Checked" : "Check";
        return pastTense ? "Unchecked" : "Uncheck";
    }

    /** " (checked)" / " (unchecked)" after a menu entry that toggled (a check menu item). */
    private static String checkedSuffix(Target t) {
        if (t == null || t.checked() == null) return "";
        return t.checked() ? " (checked)" : " (unchecked)";
    }

    /** " in “Font Size”": the desktop control a select_option chose in. */
    private static String inField(Target t) {
        return t == null || t.name() == null || t.name().isBlank() ? "" : " in “" + clip(t.name(), 60) + "”";
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
