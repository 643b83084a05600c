package dev.understudy.reduce;

import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.RawEvent;

/**
 * Window focus: keeps the app context current and makes {@code switch_app} steps.
 *
 * <p>The session's first WindowFocus only sets the context. Later, a WindowFocus of another window
 * ({@link AppContext#sameWindowAs} false) is a switch_app step whose app is the new one; a title
 * change of the same window only updates the context.
 *
 * <p>Click-to-focus: when a mouse press caused the switch (see {@link PointerGestures#focusedBy}),
 * the switch_app step starts at that press's mouse_down, so it comes before the click, and the
 * click's app is the new window: the person clicked into that window.
 */
final class FocusSteps {
    private final ReduceState state;
    private final PointerGestures pointer;

    FocusSteps(ReduceState state, PointerGestures pointer) {
        this.state = state;
        this.pointer = pointer;
    }

    /**
     * @return true when the window changed (including from the unknown window before the first
     *     WindowFocus): text typed before and after belongs to different apps
     */
    boolean focus(int seq, RawEvent.WindowFocus e) {
        AppContext app = e.app();
        if (app == null) return false;
        boolean changed = !app.sameWindowAs(state.app);
        boolean switched = changed && state.focusSeen;
        state.focusSeen = true;
        state.app = app;
        state.contexts.set(seq, app);
        if (switched) {
            int window = state.windowMonitor(app);
            int first = pointer.focusedBy(e.mono(), app);
            Draft d = state.emitPassive(new Action.SwitchApp(), first >= 0 ? first : seq, seq,
                    window >= 0 ? window : state.keyboardMonitor());
            d.app = app;
        }
        return changed;
    }
}
