package dev.understudy.reduce;

import dev.understudy.model.RawEvent;
import dev.understudy.model.browser.Box;
import dev.understudy.model.browser.BrowserMessage;
import dev.understudy.model.browser.Element;
import dev.understudy.model.browser.Envelope;
import dev.understudy.model.browser.Point;
import dev.understudy.model.browser.View;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One browser bridge event as the passes of {@link BrowserSteps} read it, taken from its typed
 * message (docs/browser.md) with the defaults they expect: its kind, page time, tab and frame, page
 * URL, view scale, the element it concerns and, by kind, the pointer's coordinates, the dropdown's
 * field and option, the navigation's transition.
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

    /** The page event of a browser event; the bridge's hello and closed give only their pid. */
    static PageEvent of(int seq, RawEvent.Browser e) {
        BrowserMessage m = e.message();
        if (m instanceof BrowserMessage.Hello h) return connection(seq, e, h.pid());
        if (m instanceof BrowserMessage.BridgeClosed c) return connection(seq, e, c.pid());
        BrowserMessage.FromExtension fe = (BrowserMessage.FromExtension) m; // sealed: all the others are the extension's
        Envelope d = fe.envelope();
        PageEvent x = new PageEvent(seq, m.kind(), d.timeOr(e.wall()));
        x.tab = d.tab() == null ? -1 : d.tab();
        x.frame = d.frameId();
        x.url = d.url();
        x.active = d.isActive();
        View v = d.view();
        if (v != null && v.dpr() > 0) x.dpr = v.dpr();
        if (v != null && v.zoom() != null && v.zoom() > 0) x.zoom = v.zoom();
        if (fe instanceof BrowserMessage.OnElement o) x.target = element(o.target());
        if (fe instanceof BrowserMessage.Select s) {
            x.field = element(s.field());
            if (s.option() != null) {
                x.optionText = s.option().text();
                x.optionValue = s.option().value();
            }
        }
        if (fe instanceof BrowserMessage.Pointer p && p.pointer() != null) {
            x.client = point(p.pointer().client());
            x.screen = point(p.pointer().screen());
        }
        if (fe instanceof BrowserMessage.Navigate n) {
            x.transition = n.transition();
            if (n.qualifiers() != null) x.qualifiers = n.qualifiers();
        }
        if (fe instanceof BrowserMessage.SensitiveFocus f) x.sensitive = f.sensitive();
        x.pid = d.pid() == null ? 0 : d.pid();
        return x;
    }

    private static PageEvent connection(int seq, RawEvent.Browser e, long pid) {
        PageEvent x = new PageEvent(seq, e.kind(), e.wall());
        x.pid = pid;
        return x;
    }

    private static PageElement element(Element n) {
        if (n == null) return null;
        return new PageElement(n.tag(), n.role(), n.name(), n.selector(), n.xpath(), n.type(), box(n.rect()), box(n.bbox()), n.isSensitive());
    }

    private static double[] point(Point p) {
        return p == null ? null : new double[] {p.x(), p.y()};
    }

    private static double[] box(Box b) {
        return b == null ? null : new double[] {b.x(), b.y(), b.width(), b.height()};
    }
}
