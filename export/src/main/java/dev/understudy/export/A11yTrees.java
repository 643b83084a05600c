package dev.understudy.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.model.A11yNode;
import dev.understudy.model.Action;
import dev.understudy.model.Json;
import dev.understudy.model.Manifest;
import dev.understudy.model.Monitor;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import dev.understudy.model.Step;
import dev.understudy.model.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * What the exports take from the accessibility read a step's "a11y" target points at
 * ({@code target.eventSeq}, a {@link RawEvent.A11y}): the element's accessibility subtree with its
 * ancestors and siblings, and the clicks that replay a menu_select or a desktop select_option.
 * Boxes are moved from screen pixels to the pixels of the step's frame (the manifest's monitor
 * origin). Pure functions.
 */
public final class A11yTrees {
    private A11yTrees() {}

    /** The read the step's a11y target came from, or null (no a11y target, events not given, not an ok read). */
    static RawEvent.A11y read(Step step, List<RawEvent> events) {
        Target t = step.target();
        if (t == null || !Target.A11Y.equals(t.source()) || t.eventSeq() == null || events == null) return null;
        long seq = t.eventSeq();
        if (seq < 0 || seq >= events.size() || !(events.get((int) seq) instanceof RawEvent.A11y a)) return null;
        return RawEvent.A11y.OK.equals(a.status()) && a.element() != null ? a : null;
    }

    /**
     * The step's accessibility context, or null when it has none:
     * <pre>
     * {"source": "atspi", "toolkit": "GTK 3.24.38", "event_seq": 17,
     *  "element":   {"role", "name", "description", "states": [...], "bbox": [x, y, w, h], "children": [...]},
     *  "ancestors": [{"role", "name", ...}, ...],   // application first, parent last, no children
     *  "siblings":  [{"role", "name", ...}, ...]}   // a few of the element's siblings, no children
     * </pre>
     * Absent fields are unknown; {@code children} is the pruned subtree the recorder kept. For a
     * select_option the element is the entry chosen and the combo box or list is among its ancestors.
     */
    public static ObjectNode accessibility(Step step, List<RawEvent> events, Manifest manifest) {
        RawEvent.A11y a = read(step, events);
        if (a == null) return null;
        int[] o = origin(manifest, step);
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("source", "atspi");
        if (a.toolkit() != null) n.put("toolkit", a.toolkit());
        n.put("event_seq", step.target().eventSeq());
        n.set("element", node(a.element(), o, true));
        ArrayNode anc = n.putArray("ancestors");
        for (A11yNode p : a.path()) anc.add(node(p, o, false));
        ArrayNode sib = n.putArray("siblings");
        for (A11yNode s : a.siblings()) sib.add(node(s, o, false));
        return n;
    }

    private static ObjectNode node(A11yNode x, int[] o, boolean subtree) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("role", x.role());
        if (x.name() != null) n.put("name", x.name());
        if (x.description() != null) n.put("description", x.description());
        if (!x.states().isEmpty()) {
            ArrayNode s = n.putArray("states");
            for (String st : x.states()) s.add(st);
        }
        Rect b = x.bbox();
        if (b != null) n.putArray("bbox").add(b.x() - o[0]).add(b.y() - o[1]).add(b.width()).add(b.height());
        if (subtree && !x.children().isEmpty()) {
            ArrayNode c = n.putArray("children");
            for (A11yNode ch : x.children()) c.add(node(ch, o, true));
        }
        return n;
    }

    /**
     * The clicks (frame pixels) that replay a menu_select (each menu of the path, then the entry) or
     * a desktop select_option (the combo box, then the entry; a list's entry alone); empty when a
     * box is unknown or the step is neither. A menu_select of a single entry (a context menu) without
     * its read clicks the target's centre.
     */
    public static List<Action.Point> clicks(Step step, List<RawEvent> events, Manifest manifest) {
        Action a = step.action();
        Target t = step.target();
        if (t == null || !Target.A11Y.equals(t.source()) || t.bbox() == null) return List.of();
        RawEvent.A11y r = read(step, events);
        int[] o = origin(manifest, step);
        List<Action.Point> out = new ArrayList<>();
        if (a instanceof Action.MenuSelect m) {
            if (m.path().size() > 1) {
                if (r == null) return List.of();
                List<A11yNode> path = r.path();
                int bar = -1;
                for (int i = 0; i < path.size(); i++) if ("menu bar".equals(path.get(i).role())) bar = i;
                int from = bar + 1;
                for (String name : m.path().subList(0, m.path().size() - 1)) {
                    int found = -1;
                    for (int i = from; i < path.size() && found < 0; i++) {
                        A11yNode n = path.get(i);
                        if (name.equals(n.name()) && n.bbox() != null && n.role() != null && n.role().contains("menu")) found = i;
                    }
                    if (found < 0) return List.of();
                    out.add(centre(path.get(found).bbox(), o));
                    from = found + 1;
                }
            }
            out.add(centre(t.bbox(), new int[] {0, 0}));
            return out;
        }
        if (a instanceof Action.SelectOption) {
            if (r == null || r.element().bbox() == null) return List.of();
            if ("combo box".equals(t.role())) out.add(centre(t.bbox(), new int[] {0, 0}));
            out.add(centre(r.element().bbox(), o));
            return out;
        }
        return List.of();
    }

    private static Action.Point centre(Rect b, int[] o) {
        return new Action.Point(b.x() + b.width() / 2 - o[0], b.y() + b.height() / 2 - o[1]);
    }

    /** The step's monitor origin in screen pixels ({0, 0} when unknown). */
    private static int[] origin(Manifest manifest, Step step) {
        Monitor m = StepRecords.monitor(manifest, step.monitor());
        return m == null ? new int[] {0, 0} : new int[] {m.x(), m.y()};
    }
}
