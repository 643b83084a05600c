package dev.understudy.reduce;

import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Manifest;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Step;
import dev.understudy.model.Target;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Turns a session's raw events into agent-training steps.
 *
 * <p>Pure and deterministic: the same arguments always give equal steps; no I/O, no shared state,
 * safe to call from many threads (and from Spark tasks). The work is split by input kind:
 * {@link PointerGestures} (clicks, multi-clicks, drags), {@link ScrollGestures},
 * {@link KeyboardGestures} (text runs, keys, hotkeys), {@link FocusSteps} (switch_app),
 * {@link ClipboardSteps} and {@link ClipboardHotkeys} (copy/cut/paste with their hotkeys folded
 * in), {@link FrameIndex} (observations), {@link BrowserSteps} (DOM targets, select_option and navigate
 * steps, page URLs from the browser bridge), then {@link A11ySteps} (accessibility targets for the
 * steps the bridge did not ground, menu_select, desktop select_option, toggles' checked state).
 *
 * <p>Every step has: {@code app} = the context in effect at its first raw event (except: a
 * switch_app's app is the new window, and a press that focused another window belongs to that
 * window, its switch_app step placed just before it); {@code
 * firstSeq..lastSeq} = the raw events it came from; {@code mono}/{@code wall} = its first raw
 * event's; {@code index} = its position in time order; {@code target} = what the browser bridge said
 * the step acted on (see {@link BrowserSteps}), else what the accessibility tree said (see
 * {@link A11ySteps}), else {@link Target#NONE}; {@code app.url} = the page
 * URL for steps in a browser the bridge reported;
 * {@code monitor} = the monitor the action happened on (pointer steps: the monitor under the point;
 * other steps: the monitor under the last known pointer position, else under the focused window's
 * centre, else the first monitor), with coordinates in that monitor's frame pixels; {@code
 * observation} = the latest frame of that monitor grabbed before the first raw event; {@code
 * observationAfter} = the first frame of that monitor grabbed after the last raw event and before
 * the next step's first raw event, or null.
 *
 * <p>Every marker (pause, suspend, dropped events...) is a discontinuity: nothing merges across it
 * and held keys and buttons are forgotten.
 */
public final class Reducer {
    private Reducer() {}

    /**
     * @param sessionId stored on every step
     * @param manifest the session's manifest (its monitors map coordinates); may be null
     * @param events the session's raw events in stream order; an event's index is its seq
     * @return the steps, indexed 0..n-1 in time order
     */
    public static List<Step> reduce(String sessionId, Manifest manifest, List<RawEvent> events) {
        Objects.requireNonNull(events, "events");
        if (!(events instanceof RandomAccess)) events = new ArrayList<>(events);
        ReduceState state = new ReduceState(new MonitorLayout(manifest));
        PointerGestures pointer = new PointerGestures(state);
        ScrollGestures scroll = new ScrollGestures(state);
        KeyboardGestures keyboard = new KeyboardGestures(state);
        FocusSteps focus = new FocusSteps(state, pointer);
        ClipboardSteps clipboard = new ClipboardSteps(state);
        BrowserSteps browser = new BrowserSteps(state);
        A11ySteps a11y = new A11ySteps(state);

        for (int seq = 0; seq < events.size(); seq++) {
            RawEvent e = events.get(seq);
            if (e instanceof RawEvent.KeyDown k) {
                keyboard.down(seq, k);
            } else if (e instanceof RawEvent.KeyUp k) {
                keyboard.up(seq, k);
            } else if (e instanceof RawEvent.MouseMove m) {
                pointer.move(m);
            } else if (e instanceof RawEvent.MouseDown m) {
                if (PointerGestures.isStepButton(m.button())) keyboard.endRun();
                pointer.down(seq, m);
            } else if (e instanceof RawEvent.MouseUp m) {
                pointer.up(seq, m);
            } else if (e instanceof RawEvent.Wheel w) {
                keyboard.endRun();
                scroll.wheel(seq, w);
            } else if (e instanceof RawEvent.WindowFocus w) {
                if (focus.focus(seq, w)) keyboard.endRun();
            } else if (e instanceof RawEvent.Clipboard c) {
                keyboard.endRun();
                clipboard.clipboard(seq, c);
            } else if (e instanceof RawEvent.Marker) {
                keyboard.reset();
                pointer.reset();
                state.modifiers.reset();
                state.log.breakChain();
            } else if (e instanceof RawEvent.Browser b) {
                browser.browser(seq, b);
            } else if (e instanceof RawEvent.A11y a) {
                a11y.read(seq, a);
            }
            // Frames are indexed separately; their place in the stream means nothing.
        }
        keyboard.endRun();
        ClipboardHotkeys.merge(state.log, events);
        browser.fuse(events);
        a11y.fuse(events);
        return finish(sessionId, events, state);
    }

    private static List<Step> finish(String sessionId, List<RawEvent> events, ReduceState state) {
        List<Draft> drafts = new ArrayList<>(state.log.drafts());
        // At the same first event, a switch_app (caused by a click-to-focus press) precedes the press's step.
        drafts.sort(Comparator.<Draft>comparingLong(d -> events.get(d.firstSeq).mono())
                .thenComparingInt(d -> d.firstSeq)
                .thenComparingInt(d -> d.action instanceof Action.SwitchApp ? 0 : 1)
                .thenComparingInt(d -> d.order));
        FrameIndex frames = new FrameIndex(events);
        List<Step> steps = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            RawEvent first = events.get(d.firstSeq);
            long lastMono = events.get(d.lastSeq).mono();
            long nextMono = i + 1 < drafts.size() ? events.get(drafts.get(i + 1).firstSeq).mono() : Long.MAX_VALUE;
            AppContext app = d.app != null ? d.app : state.contexts.at(d.firstSeq);
            if (d.url != null) app = app.withUrl(d.url);
            steps.add(new Step(sessionId, i, first.mono(), first.wall(), app, d.action,
                    d.target != null ? d.target : Target.NONE, d.monitor, frames.before(d.monitor, first.mono()),
                    frames.after(d.monitor, lastMono, nextMono), d.firstSeq, d.lastSeq));
        }
        return List.copyOf(steps);
    }
}
