package dev.understudy.export;

import dev.understudy.model.Action;
import dev.understudy.model.Rect;
import dev.understudy.model.Step;
import dev.understudy.model.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * What the viewer draws over a step's screenshot, in frame pixels (the SVG's viewBox is the
 * original frame size, so the shapes stay in place at any scale): click rings (one per click,
 * colored by button), the drag path with an arrow, the scroll direction and amount, and the
 * target's box. Only geometry; {@code viewerOverlay.jte} turns the shapes into SVG.
 *
 * @param width the frame's width
 * @param height the frame's height
 * @param shapes in drawing order
 */
record ActionOverlay(int width, int height, List<Shape> shapes) {
    /** One SVG element; {@code cls} is its CSS class (see viewerStyle.jte). */
    sealed interface Shape permits Box, Circle, Arrowhead, Polyline, Line, Label {}

    /** The target's bounding box. */
    record Box(int x, int y, int width, int height) implements Shape {}

    record Circle(String cls, int x, int y, int r) implements Shape {}

    /** An arrowhead marker that paths refer to by {@code id}; {@code size} in frame pixels. */
    record Arrowhead(String id, String cls, int size) implements Shape {}

    /** {@code points} as "x,y x,y ..."; {@code markerEnd} is "url(#id)" or null for none. */
    record Polyline(String cls, String points, String markerEnd) implements Shape {}

    record Line(String cls, int x1, int y1, int x2, int y2, String markerEnd) implements Shape {}

    record Label(String cls, int x, int y, int fontSize, String text) implements Shape {}

    /** The overlay for step number {@code n} (which names its markers) over a w×h frame. */
    static ActionOverlay of(Step st, int w, int h, int n) {
        List<Shape> s = new ArrayList<>();
        int r = Math.max(6, (int) Math.round(Math.max(w, h) / 64.0));
        Target t = st.target();
        if (t != null && t.bbox() != null) {
            Rect bb = t.bbox();
            s.add(new Box(bb.x(), bb.y(), bb.width(), bb.height()));
        }
        Action a = st.action();
        if (a instanceof Action.Drag d) {
            drag(s, d, r, n);
        } else if (a instanceof Action.Scroll sc) {
            scroll(s, sc, r, n);
        } else if (a instanceof Action.Pointer p) {
            int clicks = a instanceof Action.DoubleClick ? 2 : a instanceof Action.TripleClick ? 3 : 1;
            String button = a instanceof Action.RightClick ? "right" : a instanceof Action.MiddleClick ? "middle" : "left";
            rings(s, p.x(), p.y(), r, clicks, button);
        }
        return new ActionOverlay(w, h, List.copyOf(s));
    }

    private static void rings(List<Shape> s, int x, int y, int r, int count, String button) {
        for (int i = 0; i < count; i++) {
            int ri = r + i * Math.max(4, r / 2);
            s.add(new Circle("halo", x, y, ri));
            s.add(new Circle("ring " + button, x, y, ri));
        }
        s.add(new Circle("dot " + button, x, y, Math.max(2, r / 4)));
    }

    private static void drag(List<Shape> s, Action.Drag a, int r, int n) {
        List<Action.Point> pts = new ArrayList<>();
        pts.add(new Action.Point(a.x(), a.y()));
        pts.addAll(a.path());
        pts.add(new Action.Point(a.toX(), a.toY()));
        StringBuilder points = new StringBuilder();
        Action.Point last = null;
        for (Action.Point p : pts) {
            if (p.equals(last)) continue;
            if (points.length() > 0) points.append(' ');
            points.append(p.x()).append(',').append(p.y());
            last = p;
        }
        String id = "arrow-" + n;
        s.add(new Arrowhead(id, "arrowhead", 2 * r));
        s.add(new Polyline("halo", points.toString(), null));
        s.add(new Polyline("path", points.toString(), "url(#" + id + ")"));
        s.add(new Circle("halo", a.x(), a.y(), Math.max(3, r / 2)));
        s.add(new Circle("ring left", a.x(), a.y(), Math.max(3, r / 2)));
    }

    private static void scroll(List<Shape> s, Action.Scroll a, int r, int n) {
        int dx = a.dx();
        int dy = a.dy();
        int x = a.x();
        int y = a.y();
        double len = Math.hypot(Integer.signum(dx), Integer.signum(dy));
        double ux = len == 0 ? 0 : Integer.signum(dx) / len;
        double uy = len == 0 ? 1 : Integer.signum(dy) / len;
        int tx = (int) Math.round(x + ux * 3 * r);
        int ty = (int) Math.round(y + uy * 3 * r);
        String id = "arrow-" + n;
        s.add(new Arrowhead(id, "arrowhead scroll", 2 * r));
        s.add(new Circle("halo", x, y, r));
        s.add(new Circle("ring scroll", x, y, r));
        s.add(new Line("halo", x, y, tx, ty, null));
        s.add(new Line("path scroll", x, y, tx, ty, "url(#" + id + ")"));
        String label = (dy > 0 ? "↓" + dy : dy < 0 ? "↑" + (-dy) : "") + (dx > 0 ? " →" + dx : dx < 0 ? " ←" + (-dx) : "");
        s.add(new Label("label", x + (int) Math.round(1.4 * r), y - (int) Math.round(0.6 * r), (int) Math.round(1.6 * r), label.trim()));
    }
}
