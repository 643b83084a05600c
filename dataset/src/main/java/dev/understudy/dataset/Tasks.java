package dev.understudy.dataset;

import dev.understudy.export.StepDescriptions;
import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Step;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts a session's steps into tasks ({@link Episode}s) and gives each its instruction, step
 * instructions and quality flags. A pure function of the session: no clock, no randomness, and
 * frames are not read here.
 *
 * <h2>Boundaries</h2>
 * A step starts a new task when, in this order of precedence:
 * <ol>
 *   <li><b>marker</b>: a raw {@code marker} event of kind {@code task} lies before it and after the
 *       previous step's first event (the marker's seq is between the previous step's
 *       {@code firstSeq} and this step's). A marker before the session's first step changes
 *       nothing (the first task's boundary is always {@code start}).</li>
 *   <li><b>label</b>: a {@code marker} of kind {@code task_label} lies before it that came more than
 *       {@code idleGapMillis} after the end of the previous step (or before any step): the label
 *       starts the task that follows it and is that task's instruction.</li>
 *   <li><b>idle</b>: more than {@code idleGapMillis} (default 2 min) between the previous step's
 *       end (the wall time of its last raw event) and this step's start.</li>
 *   <li><b>switch</b>: the step's <i>context</i> (below) differs from the task's current one, is
 *       not among the task's recent contexts (those of its steps in the last
 *       {@value #RECENT_MS} ms, plus the current one), and none of those recent contexts comes
 *       back in the look-ahead: the next {@value #LOOKAHEAD_STEPS} steps, or all steps within
 *       {@value #LOOKAHEAD_MS} ms, whichever reaches further, stopping at the next marker, label
 *       or idle cut. So A→B→A→B (copying between two apps) stays one task, and a move to a new app
 *       or site that is not left again for the previous ones starts a new task.</li>
 * </ol>
 * A step's <b>context</b> is the site for browser steps ({@code site:<host>}, the host of the
 * page URL without {@code www.}; for a {@code navigate} step the host it goes to), else the app
 * ({@code app:<label, else window class, else process name>}, lower case). A browser step
 * without a URL in the same window as the previous step keeps that step's site. Steps of an
 * unknown app have no context and never cause a switch.
 *
 * <h2>Labels</h2>
 * A {@code task_label} marker's detail is the worker's label (blank ones are ignored). It
 * applies to the task that contains its time: the task of the last step before it, when it came
 * no more than {@code idleGapMillis} after that step ended (a label given right after a task,
 * within the idle gap, labels the task just before, and does not cut). Otherwise it starts the
 * next task (boundary {@code label}) and labels it; a label after the last step and the idle gap
 * labels nothing. When several labels fall on one task, the last one wins. A labelled task's
 * instruction is the label, source {@code worker}; others get {@link Describer}'s, source
 * {@code describer}.
 *
 * <p>Markers are matched by their wire strings ({@code "task"}, {@code "task_label"}), so the
 * code does not depend on the enum constants.
 */
final class Tasks {
    /** How far back a context still counts as part of the task for the switch rule. */
    static final long RECENT_MS = 300_000;
    /** Look-ahead of the switch rule in steps... */
    static final int LOOKAHEAD_STEPS = 15;
    /** ...or in time, whichever reaches further. */
    static final long LOOKAHEAD_MS = 120_000;

    static final String START = "start";
    static final String IDLE = "idle";
    static final String SWITCH = "switch";
    static final String MARKER = "marker";
    static final String LABEL = "label";

    static final String KIND_TASK = "task";
    static final String KIND_TASK_LABEL = "task_label";

    private Tasks() {}

    /** A task marker of the raw events: its seq (position in the events), wall time, kind wire string and detail. */
    record Mark(long seq, long wall, String kind, String detail) {}

    /** A run of steps [from, to) with why it starts and the worker's label, or null. */
    record Segment(int from, int to, String boundary, String label) {}

    static List<Episode> episodes(SessionInput session, DatasetTransforms.TaskOptions options) {
        DatasetTransforms.TaskOptions o = options == null ? DatasetTransforms.TaskOptions.DEFAULTS : options;
        List<RawEvent> events = session.events() == null ? List.of() : session.events();
        List<Step> steps = session.steps() == null ? List.of() : session.steps();
        List<Mark> marks = marks(events);
        long[] ends = ends(steps, events);
        List<Segment> segments = segment(steps, ends, marks, o.idleGapMillis());
        boolean mac = isMac(session);
        List<Episode> out = new ArrayList<>(segments.size());
        for (int k = 0; k < segments.size(); k++) {
            Segment seg = segments.get(k);
            List<Step> ts = steps.subList(seg.from(), seg.to());
            String instruction;
            String source;
            if (seg.label() != null) {
                instruction = seg.label();
                source = "worker";
            } else {
                instruction = Describer.instruction(ts);
                source = "describer";
            }
            List<String> stepInstructions = new ArrayList<>(ts.size());
            for (Step s : ts) stepInstructions.add(Describer.stepInstruction(s, mac));
            List<String> flags = QualityFlags.of(ts, events, o.minSteps());
            out.add(new Episode(episodeId(session.sessionId(), k), session.sessionId(), k, ts, instruction, source, null,
                    stepInstructions, flags, seg.boundary(), ts.get(0).wall(), ends[seg.to() - 1]));
        }
        return out;
    }

    /** {@code <session>-<index, 3 digits>}, dots in the session id replaced by '_' (WebDataset keys). */
    static String episodeId(String sessionId, int index) {
        String s = sessionId == null ? "session" : sessionId.replace('.', '_');
        return s + "-" + String.format(Locale.ROOT, "%03d", index);
    }

    static boolean isMac(SessionInput session) {
        if (session.manifest() == null || session.manifest().os() == null) return false;
        String os = session.manifest().os().toLowerCase(Locale.ROOT);
        return os.contains("mac") || os.contains("darwin");
    }

    /** The task markers among the raw events, in seq order. */
    static List<Mark> marks(List<RawEvent> events) {
        List<Mark> out = new ArrayList<>();
        for (int seq = 0; seq < events.size(); seq++) {
            if (!(events.get(seq) instanceof RawEvent.Marker m) || m.kind() == null) continue;
            String kind = m.kind().wire();
            if (KIND_TASK.equals(kind) || KIND_TASK_LABEL.equals(kind)) out.add(new Mark(seq, m.wall(), kind, m.detail()));
        }
        return out;
    }

    /** Each step's end: the wall time of its last raw event when the events hold it, else its own wall time. */
    static long[] ends(List<Step> steps, List<RawEvent> events) {
        long[] ends = new long[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            long end = s.wall();
            if (s.lastSeq() >= 0 && s.lastSeq() < events.size()) end = Math.max(end, events.get((int) s.lastSeq()).wall());
            ends[i] = end;
        }
        return ends;
    }

    /** The segmentation proper (see the class comment). */
    static List<Segment> segment(List<Step> steps, long[] ends, List<Mark> marks, long idleGap) {
        int n = steps.size();
        if (n == 0) return List.of();
        String[] boundary = new String[n];
        String[] labelAt = new String[n]; // a label for the task containing step i
        boundary[0] = START;
        for (int i = 1; i < n; i++) if (steps.get(i).wall() - ends[i - 1] > idleGap) boundary[i] = IDLE;

        List<Mark> sorted = new ArrayList<>(marks);
        sorted.sort(Comparator.comparingLong(Mark::seq));
        for (Mark m : sorted) {
            int p = firstAfter(steps, m.seq());
            if (KIND_TASK.equals(m.kind())) {
                if (p > 0 && p < n) boundary[p] = MARKER;
                continue;
            }
            String label = m.detail() == null ? "" : m.detail().strip();
            if (label.isEmpty()) continue;
            int prev = p - 1;
            if (prev >= 0 && m.wall() - ends[prev] <= idleGap) {
                labelAt[prev] = label;
            } else if (p < n) {
                if (p > 0 && !MARKER.equals(boundary[p])) boundary[p] = LABEL;
                labelAt[p] = label;
            }
        }

        String[] ctx = contexts(steps);
        // switch cuts inside each run between hard cuts
        int a = 0;
        while (a < n) {
            int b = a + 1;
            while (b < n && boundary[b] == null) b++;
            switchCuts(steps, ctx, boundary, a, b);
            a = b;
        }

        List<Segment> out = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= n; i++) {
            if (i < n && boundary[i] == null) continue;
            String label = null;
            for (int j = from; j < i; j++) if (labelAt[j] != null) label = labelAt[j];
            out.add(new Segment(from, i, boundary[from], label));
            from = i;
        }
        return out;
    }

    /** Index of the first step whose first raw event comes after seq (n when none). */
    private static int firstAfter(List<Step> steps, long seq) {
        for (int i = 0; i < steps.size(); i++) if (steps.get(i).firstSeq() > seq) return i;
        return steps.size();
    }

    private static void switchCuts(List<Step> steps, String[] ctx, String[] boundary, int a, int b) {
        int taskStart = a;
        for (int i = a + 1; i < b; i++) {
            String c = ctx[i];
            if (c == null) continue;
            String cur = null;
            for (int j = i - 1; j >= taskStart && cur == null; j--) cur = ctx[j];
            if (cur == null || cur.equals(c)) continue;
            Set<String> recent = new HashSet<>();
            recent.add(cur);
            long t = steps.get(i).wall();
            for (int j = taskStart; j < i; j++) if (ctx[j] != null && steps.get(j).wall() >= t - RECENT_MS) recent.add(ctx[j]);
            if (recent.contains(c)) continue;
            boolean returns = false;
            for (int k = i + 1; k < b; k++) {
                if (k - i > LOOKAHEAD_STEPS && steps.get(k).wall() - t > LOOKAHEAD_MS) break;
                if (ctx[k] != null && recent.contains(ctx[k])) {
                    returns = true;
                    break;
                }
            }
            if (!returns) {
                boundary[i] = SWITCH;
                taskStart = i;
            }
        }
    }

    /** Each step's context key (see the class comment), or null when unknown. */
    static String[] contexts(List<Step> steps) {
        String[] ctx = new String[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            ctx[i] = context(s, i > 0 ? steps.get(i - 1) : null, i > 0 ? ctx[i - 1] : null);
        }
        return ctx;
    }

    static String context(Step s, Step prev, String prevCtx) {
        if (s.action() instanceof Action.Navigate nav) {
            String h = host(nav.url());
            if (h != null) return "site:" + h;
        }
        AppContext app = s.app();
        if (app == null) return null;
        String h = host(app.url());
        if (h != null) return "site:" + h;
        String label = StepDescriptions.appLabel(app);
        if (label == null) return null;
        if (prev != null && prevCtx != null && prevCtx.startsWith("site:") && app.sameWindowAs(prev.app())) return prevCtx;
        return "app:" + label.toLowerCase(Locale.ROOT);
    }

    /** The URL's host in lower case without "www.", or null (no URL, no host: about:blank, file:). */
    static String host(String url) {
        if (url == null || url.isBlank()) return null;
        try {
            String h = URI.create(url.strip()).getHost();
            if (h == null || h.isBlank()) return null;
            h = h.toLowerCase(Locale.ROOT);
            return h.startsWith("www.") ? h.substring(4) : h;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
