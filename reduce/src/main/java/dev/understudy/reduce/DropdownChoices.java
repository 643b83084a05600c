package dev.understudy.reduce;

import static dev.understudy.reduce.BrowserFusion.LOOKBACK_MS;
import static dev.understudy.reduce.BrowserFusion.SLACK_MS;

import dev.understudy.model.Action;
import dev.understudy.model.Rect;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Pass 2 of {@link BrowserSteps}: a {@code select} event (a native select's change, or an ARIA
 * option or menu item chosen) becomes a {@code select_option} step (option text, value; the field as
 * target) that replaces the steps that opened the dropdown and chose: walking back from the choice,
 * clicks on the field or on an option, keys pressed while the field (or an option) had focus, and
 * clicks the page did not see (the native popup) in between. Tab never belongs to it. A further
 * choice on the same field with nothing else between merges into the same step (arrow keys on a
 * closed select). The raw events stay in the trace; the step's seq range covers them.
 */
final class DropdownChoices {
    private static final Set<String> OPTION_ROLES = Set.of("option", "menuitem", "menuitemradio", "menuitemcheckbox");

    /** How a step relates to a choice: not part of it, maybe (a click the page did not see), or surely. */
    private enum Part { NONE, TENTATIVE, ANCHOR }

    private DropdownChoices() {}

    static void fuse(BrowserFusion f) {
        for (PageEvent s : f.page) {
            if (!"select".equals(s.kind) || s.field == null) continue;
            List<Draft> walked = new ArrayList<>();
            int anchor = -1;
            Draft merge = null;
            for (int i = f.lastStartingBy(s.t + SLACK_MS); i >= 0; i--) {
                Draft d = f.live.get(i);
                if (f.startWall(d) < s.t - LOOKBACK_MS) break;
                PageEvent prev = f.selects.get(d);
                if (prev != null) {
                    if (prev.field.same(s.field) && prev.sameFrame(s)) merge = d;
                    break;
                }
                Part p = partOfSelect(f, d, s);
                if (p == Part.NONE) break;
                walked.add(d);
                if (p == Part.ANCHOR) anchor = walked.size() - 1;
            }
            List<Draft> take = anchor >= 0 ? walked.subList(0, anchor + 1) : List.of();
            Action action = new Action.SelectOption(s.optionText, s.optionValue);
            if (merge != null && (walked.isEmpty() || anchor == walked.size() - 1)) {
                for (Draft d : take) {
                    merge.extendTo(d.lastSeq);
                    f.consume(d);
                }
                merge.action = action;
                f.selects.put(merge, s);
                continue;
            }
            Draft d;
            Rect box = null;
            if (take.isEmpty()) {
                d = f.state.log.addPassive(action, s.seq, s.seq, s.seq, f.windowMonitor(s.seq));
            } else {
                int first = Integer.MAX_VALUE;
                int last = -1;
                Draft earliest = null;
                for (Draft t : take) {
                    if (t.firstSeq < first) {
                        first = t.firstSeq;
                        earliest = t;
                    }
                    last = Math.max(last, t.lastSeq);
                    PageEvent g = f.grounded.get(t);
                    if (box == null && g != null && g.target.same(s.field) && t.target != null) box = t.target.bbox();
                }
                d = f.state.log.addPassive(action, first, last, earliest.triggerSeq, earliest.monitor);
                d.app = earliest.app;
                for (Draft t : take) f.consume(t);
            }
            if (box == null) box = f.estimatedBox(s.field, d.monitor);
            d.target = BrowserFusion.target(s.field, box, s.seq);
            f.selects.put(d, s);
            f.grounded.put(d, s);
            f.insertLive(d);
        }
    }

    private static Part partOfSelect(BrowserFusion f, Draft d, PageEvent s) {
        if (BrowserFusion.isPointer(d.action)) {
            PageEvent g = f.grounded.get(d);
            if (g == null) return f.isBrowser(f.appOf(d)) ? Part.TENTATIVE : Part.NONE;
            if (!g.sameFrame(s)) return Part.NONE;
            if (g.target.same(s.field) || g.target.same(s.target)) return Part.ANCHOR;
            return g.target.role() != null && OPTION_ROLES.contains(g.target.role()) ? Part.ANCHOR : Part.NONE;
        }
        boolean keyish = d.action instanceof Action.Key || d.action instanceof Action.Hotkey || d.action instanceof Action.TypeText;
        if (!keyish || isTab(d.action)) return Part.NONE;
        PageEvent focused = f.focus.at(f.startWall(d));
        if (focused == null || focused.target == null || !focused.sameFrame(s)) return Part.NONE;
        if (focused.target.same(s.field) || focused.target.same(s.target)) return Part.ANCHOR;
        return focused.target.role() != null && OPTION_ROLES.contains(focused.target.role()) ? Part.ANCHOR : Part.NONE;
    }

    private static boolean isTab(Action a) {
        if (a instanceof Action.Key k) return "tab".equals(k.key());
        return a instanceof Action.Hotkey h && !h.keys().isEmpty() && "tab".equals(h.keys().get(h.keys().size() - 1));
    }
}
