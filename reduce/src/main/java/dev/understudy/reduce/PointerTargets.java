package dev.understudy.reduce;

import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import java.util.ArrayList;
import java.util.List;

/**
 * Pass 1 of {@link BrowserSteps}: a pointer step (click, multi-click, right/middle click, drag)
 * takes the target of the page's {@code pointer} event whose time is within {@value #MATCH_MS} ms of
 * the step's mouse_down and whose screen point (DIPs times the device scale) is within
 * {@value #POINT_SLOP_PX} px of the OS point, the nearest in time first. Its box is computed from the
 * OS point: {@code os + (rect - client) * dpr}, which needs no window, toolbar or iframe offsets;
 * then moved to the step's frame pixels.
 */
final class PointerTargets {
    static final long MATCH_MS = 300;
    static final int POINT_SLOP_PX = 4;

    private PointerTargets() {}

    static void ground(BrowserFusion f) {
        List<PageEvent> pointers = new ArrayList<>();
        for (PageEvent e : f.page) if ("pointer".equals(e.kind) && e.screen != null && e.target != null) pointers.add(e);
        if (pointers.isEmpty()) return;
        double[] ts = new double[pointers.size()];
        for (int i = 0; i < ts.length; i++) ts[i] = pointers.get(i).t;
        boolean[] used = new boolean[ts.length];
        for (Draft d : f.live) {
            if (!BrowserFusion.isPointer(d.action) || !(f.events.get(d.triggerSeq) instanceof RawEvent.MouseDown md)) continue;
            int best = -1;
            double bestDt = Double.MAX_VALUE;
            for (int i = BrowserFusion.lowerBound(ts, md.wall() - MATCH_MS); i < ts.length && ts[i] <= md.wall() + MATCH_MS; i++) {
                if (used[i]) continue;
                PageEvent p = pointers.get(i);
                double dx = p.screen[0] * p.dsf() - md.x();
                double dy = p.screen[1] * p.dsf() - md.y();
                if (dx * dx + dy * dy > POINT_SLOP_PX * POINT_SLOP_PX) continue;
                double dt = Math.abs(p.t - md.wall());
                if (dt < bestDt) {
                    bestDt = dt;
                    best = i;
                }
            }
            if (best < 0) continue;
            used[best] = true;
            PageEvent p = pointers.get(best);
            f.grounded.put(d, p);
            d.target = BrowserFusion.target(p.target, box(f, p, md, d.monitor), p.seq);
        }
    }

    /** The target's box from the OS point: no window, toolbar or frame offsets needed. */
    private static Rect box(BrowserFusion f, PageEvent p, RawEvent.MouseDown md, int monitor) {
        double[] r = p.target.rect();
        if (r == null || p.client == null) return null;
        double gx = md.x() + (r[0] - p.client[0]) * p.dpr;
        double gy = md.y() + (r[1] - p.client[1]) * p.dpr;
        return f.frameRect(gx, gy, r[2] * p.dpr, r[3] * p.dpr, monitor);
    }
}
