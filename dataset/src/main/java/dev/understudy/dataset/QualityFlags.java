package dev.understudy.dataset;

import dev.understudy.export.StepRecords;
import dev.understudy.model.Action;
import dev.understudy.model.Keys;
import dev.understudy.model.Mods;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Step;
import dev.understudy.model.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The quality flags of a task ({@link Flags}), computed from its steps and the session's raw
 * events (for markers and the keys inside a typing step). Flags are listed in this order:
 * <dl>
 *   <dt>{@value Flags#TOO_FEW_STEPS}</dt>
 *   <dd>fewer than {@code minSteps} steps (default 2).</dd>
 *   <dt>{@value Flags#UNGROUNDED}</dt>
 *   <dd>pointer steps are the clicks of every kind and drags (scrolls do not need an element);
 *       flagged when there is at least one and more than a third of them
 *       ({@code ungrounded * 3 > pointer}) have no target (none, or source {@code none}).</dd>
 *   <dt>{@value Flags#HEAVY_REDACTION}</dt>
 *   <dd>any of: more than a quarter of the typed and pasted characters
 *       ({@code placeholder * 4 > total}) are redaction placeholders ({@code [UPPER_CASE]} such as
 *       {@code [EMAIL]}, or directory pseudonyms such as {@code PERSON_17}); a {@code [SECRET]}
 *       placeholder anywhere in typed, pasted or copied text; a clipboard step whose content was
 *       withheld; an {@code input_withheld} marker among the task's raw events (between its first
 *       step's first event and its last step's last event).</dd>
 *   <dt>{@value Flags#NO_OP}</dt>
 *   <dd>a pointer step (clicks, drag, scroll), key or hotkey whose observation frame is the same
 *       as its observation-after frame (both known): the screen did not change. The row of that
 *       step carries the flag too ({@link #isNoOp}).</dd>
 *   <dt>{@value Flags#REPEATED_OR_UNDONE}</dt>
 *   <dd>any of: the same action on the same target {@value #REPEATS} or more times in a row
 *       (clicks, drags, typing, hotkeys, clipboard, choices, navigation; scrolls and single keys
 *       repeat by nature and are not counted); "same" is the same type and the same grounded
 *       element (role, name, selector) or, ungrounded, a point within {@value #SAME_POINT_PX} px
 *       of the run's first, the same text, keys, option or URL; an undo (ctrl+z or cmd+z without
 *       shift); typed text erased: a typing step directly followed by {@value #ERASE_MIN} or more
 *       backspace presses, or a typing step whose own raw key presses hold at least
 *       {@value #ERASE_MIN} backspaces and at least half as many backspaces as typed
 *       characters.</dd>
 * </dl>
 * {@value Flags#NEAR_DUPLICATE} is not set here: it compares tasks across sessions
 * ({@link NearDuplicates}).
 */
final class QualityFlags {
    static final int REPEATS = 3;
    static final int SAME_POINT_PX = 8;
    static final int ERASE_MIN = 3;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\[[A-Z][A-Z0-9_]*\\]|\\b[A-Z]+_\\d+\\b");
    private static final String SECRET = "[SECRET]";
    private static final String INPUT_WITHHELD = "input_withheld";

    private QualityFlags() {}

    static List<String> of(List<Step> steps, List<RawEvent> events, int minSteps) {
        List<String> flags = new ArrayList<>();
        if (steps.size() < minSteps) flags.add(Flags.TOO_FEW_STEPS);
        if (ungrounded(steps)) flags.add(Flags.UNGROUNDED);
        if (heavyRedaction(steps, events)) flags.add(Flags.HEAVY_REDACTION);
        for (Step s : steps) {
            if (isNoOp(s)) {
                flags.add(Flags.NO_OP);
                break;
            }
        }
        if (repeatedOrUndone(steps, events)) flags.add(Flags.REPEATED_OR_UNDONE);
        return flags;
    }

    static boolean isPointerStep(Action a) {
        return a instanceof Action.Pointer && !(a instanceof Action.Scroll);
    }

    static boolean ungrounded(List<Step> steps) {
        int pointer = 0;
        int without = 0;
        for (Step s : steps) {
            if (!isPointerStep(s.action())) continue;
            pointer++;
            if (!StepRecords.hasTarget(s)) without++;
        }
        return pointer > 0 && without * 3 > pointer;
    }

    static boolean heavyRedaction(List<Step> steps, List<RawEvent> events) {
        long total = 0;
        long placeholder = 0;
        for (Step s : steps) {
            Action a = s.action();
            String text = null;
            if (a instanceof Action.TypeText t) text = t.text();
            if (a instanceof Action.Paste p) text = p.text();
            if (a instanceof Action.ClipboardOp c) {
                if (c.withheld() != null) return true;
                if (c.text() != null && c.text().contains(SECRET)) return true;
            }
            if (text == null) continue;
            if (text.contains(SECRET)) return true;
            total += text.codePointCount(0, text.length());
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) placeholder += m.group().codePointCount(0, m.group().length());
        }
        if (total > 0 && placeholder * 4 > total) return true;
        if (steps.isEmpty() || events == null) return false;
        long from = steps.get(0).firstSeq();
        long to = steps.get(steps.size() - 1).lastSeq();
        for (long seq = Math.max(0, from); seq <= to && seq < events.size(); seq++) {
            if (events.get((int) seq) instanceof RawEvent.Marker m && m.kind() != null && INPUT_WITHHELD.equals(m.kind().wire())) return true;
        }
        return false;
    }

    /** A pointer, key or hotkey step after which the screen did not change. */
    static boolean isNoOp(Step s) {
        Action a = s.action();
        if (!(a instanceof Action.Pointer || a instanceof Action.Key || a instanceof Action.Hotkey)) return false;
        return s.observation() != null && s.observation().equals(s.observationAfter());
    }

    static boolean repeatedOrUndone(List<Step> steps, List<RawEvent> events) {
        int run = 1;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (isUndo(s.action())) return true;
            if (i > 0 && repeatable(s.action()) && same(steps.get(i - run), s)) {
                run++;
                if (run >= REPEATS) return true;
            } else {
                run = 1;
            }
            if (s.action() instanceof Action.TypeText) {
                int backspaces = 0;
                for (int j = i + 1; j < steps.size() && isBackspace(steps.get(j).action()); j++) backspaces++;
                if (backspaces >= ERASE_MIN) return true;
                if (erasedInside(s, events)) return true;
            }
        }
        return false;
    }

    private static boolean repeatable(Action a) {
        return a != null && !(a instanceof Action.Scroll) && !(a instanceof Action.Key) && !(a instanceof Action.SwitchApp);
    }

    /** Same action type on the same target as {@code first} (the first step of the current run). */
    private static boolean same(Step first, Step s) {
        Action a = first.action();
        Action b = s.action();
        if (a == null || b == null || !a.type().equals(b.type())) return false;
        if (StepRecords.hasTarget(first) || StepRecords.hasTarget(s)) {
            if (!sameElement(first.target(), s.target())) return false;
        } else if (a instanceof Action.Pointer p && b instanceof Action.Pointer q) {
            if (Math.abs(p.x() - q.x()) > SAME_POINT_PX || Math.abs(p.y() - q.y()) > SAME_POINT_PX) return false;
        }
        if (a instanceof Action.TypeText x && b instanceof Action.TypeText y) return Objects.equals(x.text(), y.text());
        if (a instanceof Action.Hotkey x && b instanceof Action.Hotkey y) return x.keys().equals(y.keys());
        if (a instanceof Action.ClipboardOp x && b instanceof Action.ClipboardOp y) return Objects.equals(x.text(), y.text());
        if (a instanceof Action.SelectOption x && b instanceof Action.SelectOption y) {
            return Objects.equals(x.option(), y.option()) && Objects.equals(x.value(), y.value());
        }
        if (a instanceof Action.Navigate x && b instanceof Action.Navigate y) return Objects.equals(x.url(), y.url());
        if (a instanceof Action.Drag x && b instanceof Action.Drag y) {
            return Math.abs(x.toX() - y.toX()) <= SAME_POINT_PX && Math.abs(x.toY() - y.toY()) <= SAME_POINT_PX;
        }
        return true;
    }

    private static boolean sameElement(Target a, Target b) {
        if (a == null || b == null) return false;
        return Objects.equals(a.role(), b.role()) && Objects.equals(a.name(), b.name()) && Objects.equals(a.selector(), b.selector());
    }

    static boolean isUndo(Action a) {
        if (!(a instanceof Action.Hotkey h)) return false;
        List<String> ks = new ArrayList<>();
        for (String k : h.keys()) ks.add(k == null ? "" : k.toLowerCase(Locale.ROOT));
        boolean primary = ks.contains(Keys.CTRL) || ks.contains(Keys.META) || ks.contains("cmd") || ks.contains("command");
        return primary && ks.size() == 2 && "z".equals(ks.get(1));
    }

    private static boolean isBackspace(Action a) {
        return a instanceof Action.Key k && Keys.BACKSPACE.equals(k.key());
    }

    /** The typing step's own raw keys: at least ERASE_MIN backspaces, and at least half as many as typed characters. */
    private static boolean erasedInside(Step s, List<RawEvent> events) {
        if (events == null || events.isEmpty()) return false;
        int typed = 0;
        int erased = 0;
        for (long seq = Math.max(0, s.firstSeq()); seq <= s.lastSeq() && seq < events.size(); seq++) {
            if (!(events.get((int) seq) instanceof RawEvent.KeyDown k) || Mods.isChord(k.mods())) continue;
            if (Keys.BACKSPACE.equals(k.key())) erased++;
            else if (k.ch() != null && !k.ch().isEmpty()) typed++;
        }
        return erased >= ERASE_MIN && erased * 2 >= typed;
    }
}
