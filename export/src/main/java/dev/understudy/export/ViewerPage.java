package dev.understudy.export;

import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Manifest;
import dev.understudy.model.Step;
import dev.understudy.model.Target;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the viewer page says about a session, worked out from the session: the header (id, start,
 * duration, apps, steps, computer) and one {@link StepView} per step. Only plain text and numbers;
 * {@code viewer.jte} lays them out, and jte escapes every string it writes. Recorded text is made
 * printable here (line breaks normalized, other control characters shown as U+FFFD).
 *
 * @param missing how many steps have no screenshot before them
 */
record ViewerPage(String id, String started, String duration, List<String> apps, String computer, int missing,
        List<StepView> steps) {
    private static final DateTimeFormatter START =
            DateTimeFormatter.ofPattern("EEEE d MMMM uuuu, HH:mm:ss", Locale.ENGLISH);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    /**
     * One step of the timeline.
     *
     * @param n its number, from 1
     * @param clock wall-clock time; {@code elapsed} since the session's start
     * @param app the app line, or null for none
     * @param keys key caps to show, or null for none (empty: an empty row)
     * @param texts typed, pasted or clipboard text, the option chosen, the address
     * @param target what was acted on, or null
     * @param shot the screenshots, or null when none was kept
     */
    record StepView(int n, String type, String clock, String elapsed, String sentence, AppLine app, List<String> keys,
            List<TextBlock> texts, TargetLine target, Shot shot) {}

    /** Each part null when unknown; {@code title} also null when blank. */
    record AppLine(String name, String title, String url) {}

    /** {@code text} with line breaks and tabs made visible (↵, ⇥). */
    record TextBlock(String label, String text) {}

    /** The element's role, else its tag; its accessible name (clipped). Each may be null. */
    record TargetLine(String role, String tag, String name) {}

    /**
     * The screen before the step with the action drawn over it, and after it.
     *
     * @param before null when only the screen after was kept (then {@code overlay} is null too)
     * @param after null when not kept or the same frame as before
     */
    record Shot(EmbeddedFrames.Frame before, ActionOverlay overlay, EmbeddedFrames.Frame after) {}

    static ViewerPage of(ExportSession s, EmbeddedFrames frames) {
        Manifest m = s.manifest();
        boolean mac = StepRecords.isMac(m);
        ZoneId zone = StepRecords.zone(m);
        List<Step> steps = s.steps();
        long start = m != null ? m.startWall() : steps.isEmpty() ? 0 : steps.get(0).wall();
        long end = m != null && m.endWall() != null ? m.endWall() : start;
        for (Step st : steps) end = Math.max(end, st.wall());

        Set<String> apps = new LinkedHashSet<>();
        for (Step st : steps) {
            String label = StepDescriptions.appLabel(st.app());
            if (label != null) apps.add(label);
        }
        int missing = 0;
        for (Step st : steps) if (frames.get(st.observation()) == null) missing++;
        String computer = m == null || m.os() == null ? null : printable(m.os() + (m.osVersion() == null ? "" : " " + m.osVersion()));

        List<StepView> views = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) views.add(step(steps.get(i), i + 1, frames, mac, zone, start));
        return new ViewerPage(printable(s.id()), START.format(Instant.ofEpochMilli(start).atZone(zone)) + " (" + zone.getId() + ")",
                duration(end - start), apps.stream().map(ViewerPage::printable).toList(), computer, missing, views);
    }

    private static StepView step(Step st, int n, EmbeddedFrames frames, boolean mac, ZoneId zone, long start) {
        Action a = st.action();
        String type = a == null ? "unknown" : a.type();
        List<String> keys = null;
        List<TextBlock> texts = new ArrayList<>();
        if (a instanceof Action.Key k) {
            keys = keys(List.of(k.key() == null ? "?" : k.key()), mac);
        } else if (a instanceof Action.Hotkey h) {
            keys = keys(h.keys(), mac);
        } else if (a instanceof Action.ClipboardOp c) {
            keys = keys(List.of(mac ? "meta" : "ctrl", a instanceof Action.Copy ? "c" : a instanceof Action.Cut ? "x" : "v"), mac);
            if (c.text() != null) texts.add(text(a instanceof Action.Paste ? "Pasted text" : "Text on the clipboard", c.text()));
        } else if (a instanceof Action.TypeText t) {
            texts.add(text("Typed text", t.text() == null ? "" : t.text()));
        } else if (a instanceof Action.SelectOption o) {
            texts.add(text("Option chosen", o.option() == null ? "" : o.option()));
            if (o.value() != null && !o.value().equals(o.option())) texts.add(text("Option value", o.value()));
        } else if (a instanceof Action.Navigate nav) {
            texts.add(text("Address", nav.url() == null ? "" : nav.url()));
        } else if (a instanceof Action.MenuSelect m) {
            texts.add(text("Menu", StepDescriptions.menuPath(m)));
        }
        return new StepView(n, printable(type), CLOCK.format(Instant.ofEpochMilli(st.wall()).atZone(zone)), elapsed(st.wall() - start),
                printable(StepDescriptions.past(st, mac)), appLine(st.app()), keys, List.copyOf(texts), target(a, st.target()), shot(st, n, frames));
    }

    private static AppLine appLine(AppContext app) {
        String label = StepDescriptions.appLabel(app);
        if (label == null && (app == null || app.title() == null)) return null;
        String title = app.title() == null || app.title().isBlank() ? null : printable(app.title());
        return new AppLine(label == null ? null : printable(label), title, app.url() == null ? null : printable(app.url()));
    }

    private static List<String> keys(List<String> keys, boolean mac) {
        List<String> shown = new ArrayList<>(keys.size());
        for (String k : keys) shown.add(printable(Keys.display(k, mac)));
        return shown;
    }

    private static TextBlock text(String label, String value) {
        String shown = value.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "↵\n").replace("\t", "⇥\t");
        return new TextBlock(label, printable(shown));
    }

    private static TargetLine target(Action a, Target t) {
        if (a == null) return null;
        if (t == null || (t.name() == null && t.role() == null && t.tag() == null)) return null;
        return new TargetLine(t.role() == null ? null : printable(t.role()), t.tag() == null ? null : printable(t.tag()),
                t.name() == null ? null : printable(StepDescriptions.clip(t.name(), 200)));
    }

    private static Shot shot(Step st, int n, EmbeddedFrames frames) {
        EmbeddedFrames.Frame before = frames.get(st.observation());
        EmbeddedFrames.Frame after = frames.get(st.observationAfter());
        if (before == null && after == null) return null;
        ActionOverlay overlay = before == null ? null : ActionOverlay.of(st, before.width(), before.height(), n);
        return new Shot(before, overlay, after != null && after != before ? after : null);
    }

    /**
     * Recorded text as the page shows it: CR LF and lone CR become LF, other control characters
     * (C0 but tab and LF, DEL, C1) U+FFFD; null becomes "". Not an escaper: jte escapes on output.
     */
    static String printable(String s) {
        if (s == null) return "";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
            if (!control) {
                if (b != null) b.append(c);
                continue;
            }
            if (b == null) b = new StringBuilder(s.length()).append(s, 0, i);
            if (c != '\r') b.append('\uFFFD');
            else if (i + 1 >= s.length() || s.charAt(i + 1) != '\n') b.append('\n');
        }
        return b == null ? s : b.toString();
    }

    static String duration(long ms) {
        long sec = Math.max(0, ms) / 1000;
        long h = sec / 3600;
        long m = (sec % 3600) / 60;
        long s = sec % 60;
        if (h > 0) return h + " h " + m + " min";
        if (m > 0) return m + " min " + s + " s";
        return s + " s";
    }

    static String elapsed(long ms) {
        long sec = Math.max(0, ms) / 1000;
        long h = sec / 3600;
        long m = (sec % 3600) / 60;
        long s = sec % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
