package dev.understudy.reduce;

import static dev.understudy.reduce.BrowserFusion.SLACK_MS;

import dev.understudy.model.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Pass 4 of {@link BrowserSteps}, typing and keys: a type step takes the target of the first page
 * {@code input} event from {@value #INPUT_BEFORE_MS} ms before it to {@value #INPUT_AFTER_MS} ms
 * after it ({@link #matchInputs}, done first: a type step the page saw arrive in a field was not
 * typed into the address bar), else the element that had focus; keys, editing chords and clipboard
 * steps in the browser take the element that had focus ({@link #ground}).
 */
final class KeyboardTargets {
    static final long INPUT_BEFORE_MS = 100;
    static final long INPUT_AFTER_MS = 500;

    private static final Set<List<String>> EDIT_HOTKEYS = Set.of(List.of("ctrl", "a"), List.of("ctrl", "z"),
            List.of("ctrl", "shift", "z"), List.of("ctrl", "y"), List.of("ctrl", "b"), List.of("ctrl", "i"),
            List.of("ctrl", "u"), List.of("ctrl", "enter"), List.of("shift", "enter"), List.of("shift", "tab"),
            List.of("ctrl", "backspace"), List.of("ctrl", "delete"), List.of("ctrl", "left"), List.of("ctrl", "right"),
            List.of("shift", "left"), List.of("shift", "right"), List.of("shift", "home"), List.of("shift", "end"));

    private KeyboardTargets() {}

    /** Type steps whose text the page saw arrive in a field (so not typed into the address bar). */
    static void matchInputs(BrowserFusion f) {
        List<PageEvent> in = new ArrayList<>();
        for (PageEvent e : f.page) if ("input".equals(e.kind) && e.target != null) in.add(e);
        if (in.isEmpty()) return;
        double[] ts = new double[in.size()];
        for (int i = 0; i < ts.length; i++) ts[i] = in.get(i).t;
        for (int k = 0; k < f.live.size(); k++) {
            Draft d = f.live.get(k);
            if (!(d.action instanceof Action.TypeText)) continue;
            long start = f.startWall(d);
            long end = f.events.get(d.lastSeq).wall();
            // An input that arrives after the next step began belongs to a later step: typing an
            // address, Enter, and the next page's first field typed into at once under load.
            long nextStart = k + 1 < f.live.size() ? f.startWall(f.live.get(k + 1)) : Long.MAX_VALUE;
            int i = BrowserFusion.lowerBound(ts, start - INPUT_BEFORE_MS);
            if (i < ts.length && ts[i] <= end + INPUT_AFTER_MS && ts[i] < nextStart) f.inputs.put(d, in.get(i));
        }
    }

    /** Targets for the keyboard steps not grounded yet. */
    static void ground(BrowserFusion f) {
        for (Draft d : f.live) {
            if (d.target != null || d.removed) continue;
            Action a = d.action;
            PageEvent source = null;
            if (a instanceof Action.TypeText) {
                PageEvent in = f.inputs.get(d);
                if (in != null) {
                    source = in;
                } else if (f.isBrowser(f.appOf(d))) {
                    PageEvent focused = f.focus.at(f.startWall(d) + SLACK_MS);
                    if (focused != null && focused.target != null) source = focused;
                }
            } else if ((a instanceof Action.Key || a instanceof Action.Hotkey h && EDIT_HOTKEYS.contains(h.keys())
                    || a instanceof Action.ClipboardOp) && f.isBrowser(f.appOf(d))) {
                PageEvent focused = f.focus.before(f.startWall(d));
                if (focused != null && focused.target != null) source = focused;
            }
            if (source == null) continue;
            f.grounded.put(d, source);
            d.target = BrowserFusion.target(source.target, f.estimatedBox(source.target, d.monitor), source.seq);
        }
    }
}
