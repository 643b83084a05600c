package dev.understudy.reduce;

import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Monitor;
import dev.understudy.model.Rect;

/** What the reducer knows while it walks one session's events. One instance per reduction. */
final class ReduceState {
    final MonitorLayout screen;
    final DraftLog log = new DraftLog();
    final ModifierTracker modifiers = new ModifierTracker();
    final ContextTimeline contexts = new ContextTimeline();

    /** The focused window, UNKNOWN before the first WindowFocus. */
    AppContext app = AppContext.UNKNOWN;
    boolean focusSeen;

    private boolean pointerKnown;
    private int pointerX;
    private int pointerY;

    ReduceState(MonitorLayout screen) {
        this.screen = screen;
    }

    void pointerAt(int gx, int gy) {
        pointerKnown = true;
        pointerX = gx;
        pointerY = gy;
    }

    /**
     * The monitor of a step without a point of its own (keys, clipboard): the last pointer
     * position's, else the focused window's centre's, else the first monitor.
     */
    int keyboardMonitor() {
        if (pointerKnown) return screen.at(pointerX, pointerY).index();
        int window = windowMonitor(app);
        return window >= 0 ? window : screen.primary().index();
    }

    /** The monitor of a window's bounds centre, or -1 when the bounds are unknown. */
    int windowMonitor(AppContext ctx) {
        Rect b = ctx == null ? null : ctx.bounds();
        if (b == null) return -1;
        Monitor m = screen.at(b.x() + b.width() / 2, b.y() + b.height() / 2);
        return m.index();
    }

    /** Records a new input step; held modifiers are spent by it. */
    Draft emit(Action action, int firstSeq, int lastSeq, int triggerSeq, int monitor) {
        Draft d = log.add(action, firstSeq, lastSeq, triggerSeq, monitor);
        modifiers.spendAll();
        return d;
    }

    /**
     * Records a step caused by input (clipboard, focus), see {@link DraftLog#addPassive}. Held
     * modifiers stay unspent: the paste event of ctrl+v can reach the stream before the v.
     */
    Draft emitPassive(Action action, int firstSeq, int seq, int monitor) {
        return log.addPassive(action, firstSeq, seq, seq, monitor);
    }
}
