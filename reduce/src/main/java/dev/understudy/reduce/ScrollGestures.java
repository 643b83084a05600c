package dev.understudy.reduce;

import static dev.understudy.reduce.Limits.SCROLL_GAP_NS;
import static dev.understudy.reduce.Limits.SCROLL_SLOP_PX;
import static dev.understudy.reduce.Limits.near;

import dev.understudy.model.Action;
import dev.understudy.model.Mods;
import dev.understudy.model.Monitor;
import dev.understudy.model.RawEvent;

/**
 * Wheel events: consecutive wheel events within {@value Limits#SCROLL_SLOP_PX} px of the first one,
 * each less than 700 ms after the previous one, with the same modifiers and no other step between,
 * merge into one scroll with the summed dx/dy at the first event's point. Modifiers held with it
 * (ctrl+scroll zooms) are the action's {@code modifiers}.
 */
final class ScrollGestures {
    private final ReduceState state;

    private Draft current;
    /** The current scroll's action: its point and modifiers stay, its amounts grow. */
    private Action.Scroll scroll;
    private int anchorX;
    private int anchorY;
    private int mods;
    private int dx;
    private int dy;
    private long lastMono;

    ScrollGestures(ReduceState state) {
        this.state = state;
    }

    void wheel(int seq, RawEvent.Wheel e) {
        state.pointerAt(e.x(), e.y());
        if (continues(e)) {
            dx += e.dx();
            dy += e.dy();
            lastMono = e.mono();
            scroll = new Action.Scroll(scroll.x(), scroll.y(), dx, dy, scroll.modifiers());
            current.action = scroll;
            current.extendTo(seq);
            return;
        }
        Monitor m = state.screen.at(e.x(), e.y());
        anchorX = e.x();
        anchorY = e.y();
        mods = modsOf(e);
        dx = e.dx();
        dy = e.dy();
        lastMono = e.mono();
        scroll = new Action.Scroll(MonitorLayout.frameX(m, e.x()), MonitorLayout.frameY(m, e.y()), dx, dy, Mods.names(mods));
        // ctrl+scroll (zoom) starts at the ctrl key-down
        int first = mods == 0 ? seq : state.modifiers.claim(mods, seq);
        current = state.emit(scroll, first, seq, seq, m.index());
    }

    /** The modifiers held with a wheel event: as the source says, and as the keys seen say. */
    private int modsOf(RawEvent.Wheel e) {
        return (e.mods() | state.modifiers.bits()) & Mods.ALL;
    }

    private boolean continues(RawEvent.Wheel e) {
        return state.log.isLast(current)
                && modsOf(e) == mods
                && e.mono() - lastMono < SCROLL_GAP_NS
                && near(e.x(), e.y(), anchorX, anchorY, SCROLL_SLOP_PX);
    }
}
