package dev.understudy.reduce;

import dev.understudy.model.Action;
import dev.understudy.model.RawEvent;
import java.util.Locale;

/** Clipboard events: each copy, cut or paste is a step, whether a hotkey or a menu caused it. */
final class ClipboardSteps {
    private final ReduceState state;

    ClipboardSteps(ReduceState state) {
        this.state = state;
    }

    /** @return true when the event made a step (unknown ops are ignored) */
    boolean clipboard(int seq, RawEvent.Clipboard e) {
        Action action = action(e);
        if (action == null) return false;
        state.emitPassive(action, seq, seq, state.keyboardMonitor());
        return true;
    }

    /** The copy, cut or paste, with the gate's reason when it withheld the content; null for unknown ops. */
    static Action action(RawEvent.Clipboard e) {
        String op = e.op() == null ? "" : e.op().toLowerCase(Locale.ROOT);
        return switch (op) {
            case Action.COPY -> new Action.Copy(e.text(), e.withheld());
            case Action.CUT -> new Action.Cut(e.text(), e.withheld());
            case Action.PASTE -> new Action.Paste(e.text(), e.withheld());
            default -> null;
        };
    }
}
