package dev.understudy.reduce;

import dev.understudy.model.Action;
import dev.understudy.model.Step;
import java.util.ArrayList;
import java.util.List;

/** One-line descriptions of steps, so tests can assert whole step lists readably. */
final class StepFormat {
    private StepFormat() {}

    static List<String> describeAll(List<Step> steps) {
        List<String> out = new ArrayList<>(steps.size());
        for (Step s : steps) out.add(describe(s));
        return out;
    }

    /** E.g. {@code click(640,400) m0 #12-13 firefox}: action, monitor, seq range, app name. */
    static String describe(Step s) {
        return action(s.action()) + " m" + s.monitor() + " #" + s.firstSeq() + "-" + s.lastSeq() + " " + s.app().name();
    }

    static String action(Action a) {
        if (a instanceof Action.Drag d) return "drag(" + d.x() + "," + d.y() + "->" + d.toX() + "," + d.toY() + " path=" + d.path().size() + ")";
        if (a instanceof Action.Scroll s) return "scroll(" + s.x() + "," + s.y() + " dx=" + s.dx() + " dy=" + s.dy() + ")";
        if (a instanceof Action.Pointer p) return a.type() + "(" + p.x() + "," + p.y() + ")"; // the clicks
        if (a instanceof Action.TypeText t) return "type(\"" + t.text() + "\")";
        if (a instanceof Action.Key k) return "key(" + k.key() + ")";
        if (a instanceof Action.Hotkey h) return "hotkey(" + String.join("+", h.keys()) + ")";
        if (a instanceof Action.ClipboardOp c) return a.type() + "(\"" + c.text() + "\")";
        return a.type();
    }
}
