package dev.understudy.reduce;

import static dev.understudy.reduce.BrowserFusion.LOOKBACK_MS;
import static dev.understudy.reduce.BrowserFusion.SLACK_MS;

import dev.understudy.model.Action;
import dev.understudy.model.RawEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pass 3 of {@link BrowserSteps}: every top-frame page load or URL change of the active tab
 * (including history API changes) becomes a {@code navigate} step, except the ones the browser made
 * by itself (its start page, pop-ups: transition start_page or auto_toplevel). One typed into the
 * address bar replaces the address-bar steps before it (the click or hotkey into it, the typing,
 * Enter); a reload or back/forward replaces its key (F5, alt+left...) or its toolbar click. A client
 * redirect within {@value #REDIRECT_MS} ms updates the previous navigate step instead.
 */
final class NavigationSteps {
    static final long RELOAD_MS = 1_500;
    static final long REDIRECT_MS = 3_000;

    private static final Set<String> TYPED = Set.of("typed", "generated", "keyword", "keyword_generated", "auto_bookmark");
    /** Loads the browser did by itself (its start page, a pop-up): the URL changes, no step. */
    private static final Set<String> NOT_ACTIONS = Set.of("start_page", "auto_toplevel", "auto_subframe", "manual_subframe");
    private static final Set<List<String>> OMNIBOX_HOTKEYS = Set.of(List.of("ctrl", "l"), List.of("alt", "d"),
            List.of("ctrl", "k"), List.of("ctrl", "e"), List.of("ctrl", "a"), List.of("ctrl", "t"));
    private static final Set<String> OMNIBOX_KEYS = Set.of("f6", "enter", "backspace", "delete", "left", "right", "home",
            "end", "escape", "down", "up");
    private static final Set<String> RELOAD_KEYS = Set.of("f5", "browser_refresh", "browser_back", "browser_forward");
    private static final Set<List<String>> RELOAD_HOTKEYS = Set.of(List.of("ctrl", "r"), List.of("ctrl", "shift", "r"),
            List.of("shift", "f5"), List.of("ctrl", "f5"), List.of("alt", "left"), List.of("alt", "right"));

    private NavigationSteps() {}

    static void fuse(BrowserFusion f) {
        Map<Long, Draft> lastByTab = new HashMap<>();
        for (PageEvent n : f.page) {
            if (!"navigate".equals(n.kind) || !n.active || n.frame != 0 || n.url == null) continue;
            Draft prev = lastByTab.get(n.tab);
            if (n.qualifiers.contains("client_redirect") && prev != null && n.t - f.navigations.get(prev).t <= REDIRECT_MS) {
                prev.action = new Action.Navigate(n.url);
                continue;
            }
            String tr = n.transition == null ? "" : n.transition;
            if (NOT_ACTIONS.contains(tr)) continue;
            List<Draft> take = TYPED.contains(tr) ? addressBarSteps(f, n)
                    : tr.equals("reload") || n.qualifiers.contains("forward_back") ? reloadStep(f, n) : List.of();
            Draft d;
            if (take.isEmpty()) {
                d = f.state.log.addPassive(new Action.Navigate(n.url), n.seq, n.seq, n.seq, f.windowMonitor(n.seq));
            } else {
                Draft earliest = take.get(take.size() - 1);
                int last = -1;
                for (Draft t : take) last = Math.max(last, t.lastSeq);
                d = f.state.log.addPassive(new Action.Navigate(n.url), earliest.firstSeq, last, earliest.triggerSeq, earliest.monitor);
                for (Draft t : take) f.consume(t);
            }
            f.navigations.put(d, n);
            lastByTab.put(n.tab, d);
            f.insertLive(d);
        }
    }

    /** The steps of typing an address: walking back over browser steps the page did not see. */
    private static List<Draft> addressBarSteps(BrowserFusion f, PageEvent n) {
        List<Draft> walked = new ArrayList<>();
        int anchor = -1;
        for (int i = f.lastStartingBy(n.t + SLACK_MS); i >= 0; i--) {
            Draft d = f.live.get(i);
            long start = f.startWall(d);
            if (start < n.t - LOOKBACK_MS || !f.isBrowser(f.appOf(d)) || f.grounded.containsKey(d) || f.inputs.containsKey(d)
                    || f.navigations.containsKey(d)) break;
            Action a = d.action;
            boolean blurred = f.focus.at(start) == null || f.focus.at(start).target == null;
            String key = a instanceof Action.Key k ? k.key() : null;
            boolean ok;
            if (a instanceof Action.TypeText || a instanceof Action.Paste) ok = blurred;
            else if (a instanceof Action.Key) ok = OMNIBOX_KEYS.contains(key) && (blurred || "f6".equals(key));
            else if (a instanceof Action.Hotkey h) ok = OMNIBOX_HOTKEYS.contains(h.keys());
            else ok = a instanceof Action.Click || a instanceof Action.DoubleClick || a instanceof Action.TripleClick;
            if (!ok) break;
            walked.add(d);
            if (a instanceof Action.TypeText || a instanceof Action.Paste || "enter".equals(key)) anchor = walked.size() - 1;
            if (a instanceof Action.Hotkey h && !List.of("ctrl", "a").equals(h.keys()) || a instanceof Action.Click
                    || "f6".equals(key)) {
                break; // what moved the focus into the address bar: the start
            }
        }
        if (anchor < 0) return List.of();
        // keep everything walked up to the focusing step, which is the last one walked
        return walked;
    }

    /** The key or toolbar click that reloaded or went back/forward, if it came just before. */
    private static List<Draft> reloadStep(BrowserFusion f, PageEvent n) {
        int i = f.lastStartingBy(n.t + SLACK_MS);
        if (i < 0) return List.of();
        Draft d = f.live.get(i);
        long start = f.startWall(d);
        if (n.t - start > RELOAD_MS || !f.isBrowser(f.appOf(d)) || f.grounded.containsKey(d) || f.navigations.containsKey(d)) {
            return List.of();
        }
        Action a = d.action;
        boolean ok = a instanceof Action.Key k && RELOAD_KEYS.contains(k.key())
                || a instanceof Action.Hotkey h && RELOAD_HOTKEYS.contains(h.keys())
                || a instanceof Action.Click && aboveViewport(f, d, n);
        return ok ? List.of(d) : List.of();
    }

    /** A click above the page's viewport: the browser's toolbar. */
    private static boolean aboveViewport(BrowserFusion f, Draft d, PageEvent n) {
        if (!(f.events.get(d.triggerSeq) instanceof RawEvent.MouseDown md)) return false;
        for (int i = f.page.indexOf(n) - 1; i >= 0; i--) {
            PageEvent o = f.page.get(i);
            if (o.frame == 0 && o.tab == n.tab && o.screen != null && o.client != null) {
                double top = (o.screen[1] - o.client[1] * o.zoom) * o.dsf();
                return md.y() < top;
            }
        }
        return false;
    }
}
