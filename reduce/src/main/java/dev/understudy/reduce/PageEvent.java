package dev.understudy.reduce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.model.RawEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One browser bridge event, parsed from its {@link RawEvent.Browser} (docs/browser.md): its kind,
 * page time, tab and frame, page URL, view scale, the element it concerns and, by kind, the
 * pointer's coordinates, the dropdown's field and option, the navigation's transition.
 */
final class PageEvent {
    final int seq;
    final String kind;
    /** The page's clock, epoch ms (the OS event's wall time when the page sent none). */
    final double t;
    long tab = -1;
    long frame;
    String url;
    boolean active = true;
    double dpr = 1;
    double zoom = 1;
    PageElement target;
    PageElement field;
    String optionText;
    String optionValue;
    double[] client;
    double[] screen;
    String transition;
    List<String> qualifiers = List.of();
    Boolean sensitive;
    long pid;

    PageEvent(int seq, String kind, double t) {
        this.seq = seq;
        this.kind = kind;
        this.t = t;
    }

    boolean sameFrame(PageEvent o) {
        return tab == o.tab && frame == o.frame;
    }

    /** Device pixels per DIP (screenX/Y are in DIPs). */
    double dsf() {
        return zoom > 0 ? dpr / zoom : dpr;
    }

    /** An element as the extension described it. */
    record PageElement(String tag, String role, String name, String selector, String xpath, String type, double[] rect,
                       double[] bbox, boolean sensitive) {
        private static final Set<String> FIELD_TAGS = Set.of("input", "textarea", "select", "button", "a", "summary");
        private static final Set<String> FIELD_ROLES = Set.of("textbox", "searchbox", "combobox", "listbox", "spinbutton",
                "slider", "checkbox", "radio", "switch", "button", "link", "tab", "option", "menuitem", "gridcell", "treeitem");

        boolean same(PageElement o) {
            return o != null && selector != null && selector.equals(o.selector) && Objects.equals(tag, o.tag);
        }

        boolean fieldLike() {
            return (tag != null && FIELD_TAGS.contains(tag)) || (role != null && FIELD_ROLES.contains(role));
        }
    }

    /** The event, or null when it carries no data object. */
    static PageEvent parse(int seq, RawEvent.Browser e) {
        JsonNode d = e.data();
        String kind = e.kind() == null ? "" : e.kind().toLowerCase(Locale.ROOT);
        if (d == null || !d.isObject()) return null;
        double t = d.path("t").isNumber() ? d.path("t").asDouble() : e.wall();
        PageEvent x = new PageEvent(seq, kind, t);
        x.tab = d.path("tab").asLong(-1);
        x.frame = d.path("frame").asLong(0);
        x.url = text(d, "url");
        x.active = d.path("active").asBoolean(true);
        JsonNode v = d.path("view");
        if (v.path("dpr").isNumber() && v.path("dpr").asDouble() > 0) x.dpr = v.path("dpr").asDouble();
        if (v.path("zoom").isNumber() && v.path("zoom").asDouble() > 0) x.zoom = v.path("zoom").asDouble();
        x.target = element(d.get("target"));
        x.field = element(d.get("field"));
        JsonNode o = d.path("option");
        x.optionText = text(o, "text");
        x.optionValue = text(o, "value");
        JsonNode p = d.path("pointer");
        x.client = numbers(p.get("client"), 2);
        x.screen = numbers(p.get("screen"), 2);
        x.transition = text(d, "transition");
        if (d.path("qualifiers").isArray()) {
            List<String> q = new ArrayList<>();
            for (JsonNode s : d.get("qualifiers")) q.add(s.asText());
            x.qualifiers = q;
        }
        if (d.path("sensitive").isBoolean()) x.sensitive = d.path("sensitive").asBoolean();
        x.pid = d.path("pid").asLong(0);
        return x;
    }

    private static PageElement element(JsonNode n) {
        if (n == null || !n.isObject()) return null;
        return new PageElement(text(n, "tag"), text(n, "role"), text(n, "name"), text(n, "selector"), text(n, "xpath"),
                text(n, "type"), numbers(n.get("rect"), 4), numbers(n.get("bbox"), 4), n.path("sensitive").asBoolean(false));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static double[] numbers(JsonNode a, int size) {
        if (a == null || !a.isArray() || a.size() != size) return null;
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            if (!a.get(i).isNumber()) return null;
            out[i] = a.get(i).asDouble();
        }
        return out;
    }
}
