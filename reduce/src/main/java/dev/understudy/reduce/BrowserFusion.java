package dev.understudy.reduce;

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
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the passes of one {@link BrowserSteps#fuse} share: the page events, the steps still in play
 * (by start time), which page event grounded or became which step, and the helpers to place steps
 * in time, in the browser and on the screen. One instance per fusion.
 */
final class BrowserFusion {
    /** Clock jitter between the OS hook and the page. */
    static final long SLACK_MS = 50;
    /** How far back from a page event the passes look for the steps that caused it. */
    static final long LOOKBACK_MS = 60_000;

    final ReduceState state;
    final List<RawEvent> events;
    /** The page events, by page time (a blur before anything else at the same time). */
    final List<PageEvent> page;
    final PageFocus focus;
    private final Set<Long> pids;

    /** The steps not replaced by a browser step, by start time. */
    final List<Draft> live = new ArrayList<>();
    /** Steps and the page event that told what they acted on (pointer, select, focus or input). */
    final Map<Draft, PageEvent> grounded = new IdentityHashMap<>();
    /** Type steps and the input event that saw their text arrive in a field. */
    final Map<Draft, PageEvent> inputs = new IdentityHashMap<>();
    /** select_option steps and their select event. */
    final Map<Draft, PageEvent> selects = new IdentityHashMap<>();
    /** navigate steps and their navigate event. */
    final Map<Draft, PageEvent> navigations = new IdentityHashMap<>();

    BrowserFusion(ReduceState state, List<RawEvent> events, List<PageEvent> page, Set<Long> pids) {
        this.state = state;
        this.events = events;
        this.page = page;
        this.pids = pids;
        page.sort(Comparator.<PageEvent>comparingDouble(d -> d.t).thenComparingInt(d -> "blur".equals(d.kind) ? 0 : 1)
                .thenComparingInt(d -> d.seq));
        this.focus = new PageFocus(page);
        live.addAll(state.log.drafts());
        sortLive();
    }

    /** Clicks of any kind and drags: the steps a page pointer event can ground. */
    static boolean isPointer(Action a) {
        return a instanceof Action.Pointer && !(a instanceof Action.Scroll);
    }

    AppContext appOf(Draft d) {
        return d.app != null ? d.app : state.contexts.at(d.firstSeq);
    }

    /** A window of a browser the bridge reported (by pid); by name when no hello told the pid. */
    boolean isBrowser(AppContext app) {
        if (app == null) return false;
        if (!pids.isEmpty()) return pids.contains(app.pid());
        String s = ((app.windowClass() == null ? "" : app.windowClass()) + " " + (app.name() == null ? "" : app.name()))
                .toLowerCase(Locale.ROOT);
        return s.contains("chrom") || s.contains("brave") || s.contains("edge") || s.contains("vivaldi") || s.contains("opera");
    }

    int windowMonitor(int seq) {
        int m = state.windowMonitor(state.contexts.at(seq));
        return m >= 0 ? m : state.screen.primary().index();
    }

    /** When the step began, OS wall time: a pointer step's mouse_down, else its first raw event. */
    long startWall(Draft d) {
        RawEvent trigger = events.get(d.triggerSeq);
        if (isPointer(d.action) && trigger instanceof RawEvent.MouseDown) return trigger.wall();
        return events.get(d.firstSeq).wall();
    }

    /** The step is replaced by a browser step. */
    void consume(Draft d) {
        state.log.remove(d);
        live.remove(d);
    }

    private void sortLive() {
        live.sort(Comparator.<Draft>comparingLong(this::startWall).thenComparingInt(d -> d.firstSeq).thenComparingInt(d -> d.order));
    }

    void insertLive(Draft d) {
        live.add(d);
        sortLive();
    }

    /** Index of the last live draft starting at or before wall time {@code w}, or -1. */
    int lastStartingBy(double w) {
        int i = live.size() - 1;
        while (i >= 0 && startWall(live.get(i)) > w) i--;
        return i;
    }

    static int lowerBound(double[] t, double v) {
        int lo = 0;
        int hi = t.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] < v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** The box the extension computed (screen pixels), in the monitor's frame pixels. */
    Rect estimatedBox(PageEvent.PageElement n, int monitor) {
        double[] b = n.bbox();
        return b == null ? null : frameRect(b[0], b[1], b[2], b[3], monitor);
    }

    Rect frameRect(double gx, double gy, double w, double h, int monitor) {
        Monitor m = state.screen.byIndex(monitor);
        return new Rect((int) Math.round(gx) - m.x(), (int) Math.round(gy) - m.y(), (int) Math.round(w), (int) Math.round(h));
    }

    static Target target(PageEvent.PageElement n, Rect box, int seq) {
        return new Target("dom", n.role(), n.name(), n.tag(), box, n.selector(), n.xpath(), n.type(), (long) seq);
    }
}
