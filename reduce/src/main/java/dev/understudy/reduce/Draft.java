package dev.understudy.reduce;

import dev.understudy.model.Action;
import dev.understudy.model.AppContext;

/**
 * A step while it is being recognised: its action and the range of raw events it came from.
 * Mutable so that gestures can grow (a click becoming a double click, a text run getting longer);
 * turned into an immutable {@link dev.understudy.model.Step} at the end.
 */
final class Draft {
    Action action;
    int firstSeq;
    int lastSeq;
    /** The raw event that decided the step (the chord's key, the clipboard event...). */
    final int triggerSeq;
    /** Monitor index the step happened on. */
    int monitor;
    /** Modifier bits a keyboard step used; their key-ups extend the step. */
    int modsUsed;
    /** Creation order, the final tie-breaker when sorting. */
    final int order;
    /** Dropped (an erased text run, a hotkey folded into its clipboard step). */
    boolean removed;
    /** The step's app when it is not the context at its first raw event (click-to-focus), else null. */
    AppContext app;
    /** What the step acted on, when the browser told us (see {@link BrowserSteps}), else null. */
    dev.understudy.model.Target target;
    /** The page URL at the step, when the step happened in a browser the bridge reported, else null. */
    String url;

    Draft(Action action, int firstSeq, int lastSeq, int triggerSeq, int monitor, int order) {
        this.action = action;
        this.firstSeq = firstSeq;
        this.lastSeq = lastSeq;
        this.triggerSeq = triggerSeq;
        this.monitor = monitor;
        this.order = order;
    }

    void extendTo(int seq) {
        if (seq > lastSeq) lastSeq = seq;
    }

    void extendFrom(int seq) {
        if (seq < firstSeq) firstSeq = seq;
    }
}
