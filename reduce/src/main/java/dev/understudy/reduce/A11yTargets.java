package dev.understudy.reduce;

import dev.understudy.model.A11yNode;

import dev.understudy.model.Action;
import dev.understudy.model.RawEvent;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Pass 1 of {@link A11ySteps}: what the steps acted on, from the accessibility reads.
 *
 * <ul>
 *   <li>A pointer step (click of any kind, drag) takes the POINTER read of its mouse_down: the one
 *       with the same mono, else the nearest in wall time within {@value #MATCH_MS} ms whose point is
 *       within {@value #POINT_SLOP_PX} px of the press. Each read grounds one step. A read whose
 *       status is not ok (timeout, none) leaves the step without a target. The element's box moves
 *       from screen to the step's frame pixels.</li>
 *   <li>A type, key or hotkey step takes the element of the latest FOCUS read at or before its first
 *       raw event, or of a later POINTER read on an editable element (a click into a field: some
 *       toolkits send no focus event for it), when the foreground window did not change in between
 *       and the read is ok.</li>
 * </ul>
 * Steps the browser bridge grounded (source "dom") keep their target; their read is still spent.
 */
final class A11yTargets {
    static final long MATCH_MS = 300;
    static final int POINT_SLOP_PX = 4;

    private A11yTargets() {}

    static void ground(A11ySteps f) {
        pointers(f);
        keys(f);
    }

    private static void pointers(A11ySteps f) {
        if (f.pointer.isEmpty()) return;
        Map<A11ySteps.Read, Boolean> used = new IdentityHashMap<>();
        for (Draft d : f.live) {
            if (!BrowserFusion.isPointer(d.action) || !(f.events.get(d.triggerSeq) instanceof RawEvent.MouseDown md)) continue;
            A11ySteps.Read best = null;
            for (A11ySteps.Read r : f.pointer) {
                if (!used.containsKey(r) && r.mono() == md.mono()) {
                    best = r;
                    break;
                }
            }
            if (best == null) {
                long bestDt = Long.MAX_VALUE;
                for (A11ySteps.Read r : f.pointer) {
                    if (used.containsKey(r)) continue;
                    long dt = Math.abs(r.e().wall() - md.wall());
                    if (dt > MATCH_MS || !Limits.near(r.e().x(), r.e().y(), md.x(), md.y(), POINT_SLOP_PX)) continue;
                    if (dt < bestDt) {
                        bestDt = dt;
                        best = r;
                    }
                }
            }
            if (best == null) continue;
            used.put(best, Boolean.TRUE);
            if (d.target != null || !best.ok()) continue;
            d.target = f.target(best, d.monitor);
            f.grounded.put(d, best);
        }
    }

    private static void keys(A11ySteps f) {
        if (f.focus.isEmpty() && f.pointer.isEmpty()) return;
        for (Draft d : f.live) {
            if (d.target != null || !isKeyStep(d.action)) continue;
            long at = f.events.get(d.firstSeq).mono();
            A11ySteps.Read r = f.focusAt(at);
            // a click into an editable element after the last focus read put the focus there (a
            // toolkit that sends no focus event for it: LibreOffice's document)
            A11ySteps.Read click = editableClickAt(f, at);
            if (click != null && (r == null || click.mono() > r.mono())) r = click;
            if (r == null || !r.ok() || f.windowChanged(r.mono(), at)) continue;
            d.target = f.target(r, d.monitor);
            f.grounded.put(d, r);
        }
    }

    /** The latest ok POINTER read on an editable element at or before {@code at}, or null. */
    private static A11ySteps.Read editableClickAt(A11ySteps f, long at) {
        A11ySteps.Read best = null;
        for (A11ySteps.Read r : f.pointer) {
            if (r.mono() > at) continue;
            if (best != null && r.mono() <= best.mono()) continue;
            best = r;
        }
        return best != null && best.ok() && best.e().element().has(A11yNode.EDITABLE) ? best : null;
    }

    static boolean isKeyStep(Action a) {
        return a instanceof Action.TypeText || a instanceof Action.Key || a instanceof Action.Hotkey;
    }
}
