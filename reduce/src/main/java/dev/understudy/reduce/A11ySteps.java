package dev.understudy.reduce;

import dev.understudy.model.A11yNode;
import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Monitor;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import dev.understudy.model.Target;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Grounds steps in the accessibility tree (AT-SPI reads, {@link RawEvent.A11y}) and makes the
 * desktop's semantic steps. Collects the reads while the reducer walks the stream ({@link #read}),
 * then, after the input gestures are recognised and the browser bridge's passes ran
 * ({@link #fuse}), runs these passes in this order:
 * <ol>
 *   <li><b>Targets</b> ({@link A11yTargets}): a pointer step takes the element of the POINTER read
 *       of its mouse_down; a type, key or hotkey step the element of the latest FOCUS read at or
 *       before it in the same window. A DOM target from the browser bridge always wins.</li>
 *   <li><b>Choices</b> ({@link A11yChoices}): a menu entry chosen becomes one {@code menu_select}
 *       step, an entry chosen in a combo box or a list box one {@code select_option} step, folding
 *       in the clicks and keys that opened the menus or the dropdown.</li>
 *   <li><b>Toggles</b> ({@link A11yToggles}): a click or space on a check box, radio button,
 *       toggle button, check/radio menu item or page tab gets {@code target.checked}.</li>
 * </ol>
 * Pure: the reads and the drafts in, targets and steps out; times compare monotonic ns (the reads
 * carry the times of the input they answer), except the pointer match's wall-clock fallback.
 */
final class A11ySteps {
    static final String MENU = "menu";
    static final String MENU_BAR = "menu bar";
    static final String COMBO_BOX = "combo box";
    static final Set<String> MENU_ITEMS = Set.of("menu item", "check menu item", "radio menu item", "tearoff menu item");
    static final Set<String> LIST_ROLES = Set.of("list", "list box");
    /** Entries of a dropdown (whose path holds a combo box). */
    static final Set<String> ENTRIES = Set.of("menu item", "check menu item", "radio menu item", "list item", "table cell");

    /** One read and where it is in the stream. */
    record Read(int seq, RawEvent.A11y e) {
        long mono() {
            return e.mono();
        }

        boolean ok() {
            return RawEvent.A11y.OK.equals(e.status()) && e.element() != null;
        }

        String role() {
            return ok() ? e.element().role() : null;
        }

        boolean pathHas(String role) {
            for (A11yNode n : e.path()) if (role.equals(n.role())) return true;
            return false;
        }

        /** The nearest ancestor with one of these roles, or -1. */
        int nearest(Set<String> roles) {
            for (int i = e.path().size() - 1; i >= 0; i--) if (roles.contains(e.path().get(i).role())) return i;
            return -1;
        }
    }

    final ReduceState state;
    private final List<Read> reads = new ArrayList<>();

    // ---- what the passes share, set up by fuse
    List<RawEvent> events;
    /** The steps in play, by start. */
    final List<Draft> live = new ArrayList<>();
    /** Steps and the read that grounded them. */
    final Map<Draft, Read> grounded = new IdentityHashMap<>();
    /** Reads by kind, each by mono then seq. */
    final List<Read> pointer = new ArrayList<>();
    final List<Read> focus = new ArrayList<>();
    final List<Read> states = new ArrayList<>();
    /** When the foreground window changed (monos, ascending). */
    private long[] windowChanges = new long[0];
    /** The seqs of the markers (pauses, dropped events...): nothing folds across them. */
    private final List<Integer> markers = new ArrayList<>();

    A11ySteps(ReduceState state) {
        this.state = state;
    }

    void read(int seq, RawEvent.A11y e) {
        if (e.kind() != null) reads.add(new Read(seq, e));
    }

    /** Grounds the recognised steps and makes the semantic ones; see the class comment. */
    void fuse(List<RawEvent> events) {
        if (reads.isEmpty()) return;
        this.events = events;
        Comparator<Read> byTime = Comparator.comparingLong(Read::mono).thenComparingInt(Read::seq);
        for (Read r : reads) {
            switch (r.e().kind()) {
                case RawEvent.A11y.POINTER -> pointer.add(r);
                case RawEvent.A11y.FOCUS -> focus.add(r);
                case RawEvent.A11y.STATE -> states.add(r);
                default -> { }
            }
        }
        pointer.sort(byTime);
        focus.sort(byTime);
        states.sort(byTime);
        windowChanges = windowChanges(events);
        for (int i = 0; i < events.size(); i++) if (events.get(i) instanceof RawEvent.Marker) markers.add(i);
        live.addAll(state.log.drafts());
        sortLive();
        A11yTargets.ground(this);
        A11yChoices.fuse(this);
        A11yToggles.mark(this);
    }

    private static long[] windowChanges(List<RawEvent> events) {
        List<Long> at = new ArrayList<>();
        AppContext prev = null;
        for (RawEvent e : events) {
            if (e instanceof RawEvent.WindowFocus w && w.app() != null) {
                if (prev == null || !w.app().sameWindowAs(prev)) at.add(w.mono());
                prev = w.app();
            }
        }
        long[] t = new long[at.size()];
        for (int i = 0; i < t.length; i++) t[i] = at.get(i);
        java.util.Arrays.sort(t);
        return t;
    }

    /** Whether the foreground window changed after {@code from} and at or before {@code to}. */
    boolean windowChanged(long from, long to) {
        for (long c : windowChanges) if (c > from && c <= to) return true;
        return false;
    }

    /** Whether a marker lies between two seqs (exclusive): a discontinuity. */
    boolean markerBetween(int fromSeq, int toSeq) {
        for (int m : markers) if (m > fromSeq && m < toSeq) return true;
        return false;
    }

    /** When the step began: a pointer step's mouse_down, else its first raw event. */
    long startMono(Draft d) {
        RawEvent trigger = events.get(d.triggerSeq);
        if (trigger instanceof RawEvent.MouseDown) return trigger.mono();
        return events.get(d.firstSeq).mono();
    }

    long endMono(Draft d) {
        return events.get(d.lastSeq).mono();
    }

    void sortLive() {
        live.sort(Comparator.<Draft>comparingLong(d -> events.get(d.firstSeq).mono()).thenComparingInt(d -> d.firstSeq)
                .thenComparingInt(d -> d.order));
    }

    /** The latest FOCUS read at or before {@code mono}, or null. */
    Read focusAt(long mono) {
        Read found = null;
        for (Read r : focus) {
            if (r.mono() > mono) break;
            found = r;
        }
        return found;
    }

    /** The step is replaced by another. */
    void consume(Draft d) {
        state.log.remove(d);
        live.remove(d);
        grounded.remove(d);
    }

    /** A target for {@code node} of read {@code r} whose ancestors are {@code ancestors}, boxed in the monitor's frame. */
    Target target(Read r, A11yNode node, List<A11yNode> ancestors, int monitor) {
        return Target.a11y(node.role(), node.name(), node.description(), node.states(), frameRect(node.bbox(), monitor),
                pathOf(ancestors), r.e().toolkit(), r.seq());
    }

    /** The read's element as a target. */
    Target target(Read r, int monitor) {
        return target(r, r.e().element(), r.e().path(), monitor);
    }

    Rect frameRect(Rect global, int monitor) {
        if (global == null) return null;
        Monitor m = state.screen.byIndex(monitor);
        return new Rect(global.x() - m.x(), global.y() - m.y(), global.width(), global.height());
    }

    /** Ancestors as "role: name", or the role alone when unnamed. */
    static List<String> pathOf(List<A11yNode> ancestors) {
        List<String> out = new ArrayList<>(ancestors.size());
        for (A11yNode n : ancestors) {
            String role = n.role() == null ? "" : n.role();
            out.add(isBlank(n.name()) ? role : role + ": " + n.name());
        }
        return out;
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
