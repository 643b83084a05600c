package dev.understudy.reduce;

import static dev.understudy.reduce.Limits.CLICK_SLOP_PX;
import static dev.understudy.reduce.Limits.FOCUS_BOUNDS_SLACK_PX;
import static dev.understudy.reduce.Limits.FOCUS_BY_PRESS_NS;
import static dev.understudy.reduce.Limits.MAX_PATH_POINTS;
import static dev.understudy.reduce.Limits.MULTI_CLICK_NS;
import static dev.understudy.reduce.Limits.MULTI_CLICK_SLOP_PX;
import static dev.understudy.reduce.Limits.near;

import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Mods;
import dev.understudy.model.Monitor;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mouse buttons: click, double/triple click, right and middle click, drag.
 *
 * <p>A press is a mouse_down and the mouse_up of the same button. It is a click when the pointer
 * stayed within {@value Limits#CLICK_SLOP_PX} px of the down point, else (left button) a drag from
 * the down point to the up point. Left clicks chain into double and triple clicks when the next
 * press comes within 500 ms of the previous release and 5 px of the previous click, or the OS
 * counted it as a repeated click ({@code clicks >= 2}), with no other step between. Clicks past
 * the third fold into the triple click. Right and middle presses are right_click / middle_click at
 * the down point whatever the movement. Other buttons (back, forward) produce no step.
 */
final class PointerGestures {
    private static final String LEFT = "left";
    private static final String RIGHT = "right";
    private static final String MIDDLE = "middle";

    private static final class Press {
        final int downSeq;
        final long downMono;
        final int x;
        final int y;
        /** The click chain this press would continue if it stays a click, or null. */
        final Draft chain;
        final List<int[]> path = new ArrayList<>();
        boolean moved;
        /** The step this press went into, once released. */
        Draft step;
        /** The window this press focused, or null. */
        AppContext focused;

        /** Modifier keys held at the press (ctrl+click, shift+click, shift+drag). */
        int mods;
        /** Where the step starts: the press, or the key-down of a modifier held with it. */
        int firstSeq;

        Press(int downSeq, long downMono, int x, int y, Draft chain) {
            this.downSeq = downSeq;
            this.firstSeq = downSeq;
            this.downMono = downMono;
            this.x = x;
            this.y = y;
            this.chain = chain;
            path.add(new int[] {x, y});
        }

        void to(int px, int py) {
            path.add(new int[] {px, py});
            if (!near(x, y, px, py, CLICK_SLOP_PX)) moved = true;
        }
    }

    private final ReduceState state;
    private final Map<String, Press> presses = new TreeMap<>();
    /** The latest released press. */
    private Press released;

    /** The latest left click step, its first click, how many clicks it has, and where/when its last one ended. */
    private Draft chain;
    private Action.Click chainFirst;
    private int chainClicks;
    private long chainUpMono;
    private int chainX;
    private int chainY;

    PointerGestures(ReduceState state) {
        this.state = state;
    }

    /** True for the buttons that make steps. */
    static boolean isStepButton(String button) {
        String b = normalise(button);
        return LEFT.equals(b) || RIGHT.equals(b) || MIDDLE.equals(b);
    }

    void down(int seq, RawEvent.MouseDown e) {
        state.pointerAt(e.x(), e.y());
        String button = normalise(e.button());
        if (!isStepButton(button)) return;
        Draft continues = LEFT.equals(button) ? chainToContinue(e) : null;
        // A second down without an up means the up was lost: the old press is dropped.
        Press p = new Press(seq, e.mono(), e.x(), e.y(), continues);
        p.mods = (e.mods() | state.modifiers.bits()) & Mods.ALL;
        if (p.mods != 0 && continues == null) p.firstSeq = state.modifiers.claim(p.mods, seq);
        presses.put(button, p);
    }

    void move(RawEvent.MouseMove e) {
        state.pointerAt(e.x(), e.y());
        for (Press p : presses.values()) p.to(e.x(), e.y());
    }

    void up(int seq, RawEvent.MouseUp e) {
        state.pointerAt(e.x(), e.y());
        String button = normalise(e.button());
        Press p = presses.remove(button);
        if (p == null) return;
        p.to(e.x(), e.y());
        Monitor m = state.screen.at(p.x, p.y);
        int fx = MonitorLayout.frameX(m, p.x);
        int fy = MonitorLayout.frameY(m, p.y);
        switch (button) {
            case RIGHT -> p.step = pointStep(new Action.RightClick(fx, fy, Mods.names(p.mods)), p, m, seq);
            case MIDDLE -> p.step = pointStep(new Action.MiddleClick(fx, fy, Mods.names(p.mods)), p, m, seq);
            default -> {
                if (p.moved) {
                    p.step = drag(p, m, e, seq);
                } else {
                    p.step = click(p, m, fx, fy, seq);
                    chainUpMono = e.mono();
                    chainX = p.x;
                    chainY = p.y;
                }
            }
        }
        if (p.focused != null) p.step.app = p.focused;
        released = p;
    }

    /**
     * Click-to-focus: the press that made {@code app} the focused window, if any. That is a press
     * still held, or one whose mouse_down was at most {@value Limits#FOCUS_BY_PRESS_NS} ns before
     * the focus change and whose step is still the most recent input step; in both cases the press
     * point must be in the window's bounds (when known). The press's step gets {@code app} as its
     * app.
     *
     * @return the press's mouse_down seq, or -1
     */
    int focusedBy(long focusMono, AppContext app) {
        Press p = null;
        for (Press held : presses.values()) {
            if (p == null || held.downSeq < p.downSeq) p = held;
        }
        if (p == null && released != null && state.log.isLast(released.step)
                && focusMono - released.downMono <= FOCUS_BY_PRESS_NS) {
            p = released;
        }
        if (p == null || !inside(app.bounds(), p.x, p.y)) return -1;
        p.focused = app;
        if (p.step != null) p.step.app = app;
        return p.downSeq;
    }

    private static boolean inside(Rect b, int x, int y) {
        if (b == null) return true;
        int s = FOCUS_BOUNDS_SLACK_PX;
        return x >= b.x() - s && y >= b.y() - s && x < b.x() + b.width() + s && y < b.y() + b.height() + s;
    }

    /** Events may have been lost: presses in progress and click chains are forgotten. */
    void reset() {
        presses.clear();
        released = null;
        chain = null;
    }

    private Draft chainToContinue(RawEvent.MouseDown e) {
        if (!state.log.isLast(chain)) return null;
        // The OS count only ever adds merges: its multi-click time (X11: often 200 ms) can be
        // shorter than the toolkits' (GTK 400 ms, Windows 500 ms), so a 1 does not rule one out.
        if (e.clicks() >= 2) return chain;
        boolean soon = e.mono() - chainUpMono <= MULTI_CLICK_NS;
        boolean close = near(e.x(), e.y(), chainX, chainY, MULTI_CLICK_SLOP_PX);
        return soon && close ? chain : null;
    }

    private Draft click(Press p, Monitor m, int fx, int fy, int upSeq) {
        if (p.chain != null && state.log.isLast(p.chain)) {
            chainClicks = Math.min(chainClicks + 1, 3);
            Action.Click first = chainFirst;
            chain.action = chainClicks == 2 ? new Action.DoubleClick(first.x(), first.y(), first.modifiers())
                    : new Action.TripleClick(first.x(), first.y(), first.modifiers());
            chain.extendTo(upSeq);
            return chain;
        }
        chainFirst = new Action.Click(fx, fy, Mods.names(p.mods));
        chain = pointStep(chainFirst, p, m, upSeq);
        chainClicks = 1;
        return chain;
    }

    private Draft pointStep(Action action, Press p, Monitor m, int upSeq) {
        return state.emit(action, p.firstSeq, upSeq, p.downSeq, m.index());
    }

    private Draft drag(Press p, Monitor m, RawEvent.MouseUp e, int upSeq) {
        List<Action.Point> path = new ArrayList<>();
        for (int[] g : PathThinner.thin(p.path, MAX_PATH_POINTS)) {
            path.add(new Action.Point(MonitorLayout.frameX(m, g[0]), MonitorLayout.frameY(m, g[1])));
        }
        Action drag = new Action.Drag(MonitorLayout.frameX(m, p.x), MonitorLayout.frameY(m, p.y),
                MonitorLayout.frameX(m, e.x()), MonitorLayout.frameY(m, e.y()), path, Mods.names(p.mods));
        return state.emit(drag, p.firstSeq, upSeq, p.downSeq, m.index());
    }

    private static String normalise(String button) {
        return button == null ? "" : button.toLowerCase(Locale.ROOT);
    }
}
