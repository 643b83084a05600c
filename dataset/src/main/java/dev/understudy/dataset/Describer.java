package dev.understudy.dataset;

import dev.understudy.export.StepDescriptions;
import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Step;
import dev.understudy.model.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Deterministic instructions written from a task's steps when the worker gave no label, and a
 * short low-level instruction per step.
 *
 * <h2>Task instruction</h2>
 * {@code In <place>: <phrase>, <phrase>, ...}, e.g. {@code In Acme Desk: open New ticket, set
 * Priority to High and Team to Growth, enter "Login fails" in Subject, click Create ticket}.
 * <ul>
 *   <li><b>place</b>: the first step's context (see {@link Tasks}): for a site, the site's name
 *       from the window title ({@code "New ticket · Acme Desk — Mozilla Firefox"} gives
 *       {@code Acme Desk}: the browser's own suffix dropped, then the last part after
 *       {@code ·}, {@code |}, {@code —}, {@code –} or {@code " - "}), else its host; for an app,
 *       its label, else window class, else process name. Without any, no prefix.</li>
 *   <li><b>phrases</b>, one per step that says something: a click on a named element: link
 *       {@code open N}, tab {@code open the N tab}, checkbox/switch {@code toggle N}, radio, menu
 *       item or option {@code choose N}, text fields nothing (the typing says it), else
 *       {@code click N} ({@code double-click}, {@code right-click}...); typing
 *       {@code enter "T" in F} or {@code type "T"} (consecutive typing into one field joined);
 *       a choice {@code set F to O}, consecutive choices joined ({@code set A to X and B to Y});
 *       hotkeys by meaning (ctrl+s {@code save}, ctrl+c {@code copy}, ctrl+v {@code paste},
 *       ctrl+x {@code cut}, ctrl+z {@code undo}, ctrl+y / ctrl+shift+z {@code redo}, ctrl+a
 *       {@code select all}, ctrl+f {@code search}, ctrl+p {@code print}, ctrl+t
 *       {@code open a new tab}, ctrl+w {@code close the tab}, ctrl+n {@code open a new window},
 *       ctrl+r {@code reload}, ctrl+o {@code open a file}; cmd or meta for ctrl), else
 *       {@code press ctrl+k}; Enter {@code press Enter}; copy/cut/paste with their text;
 *       navigate {@code go to <host>}; switch_app {@code switch to <place>}. Ungrounded
 *       clicks, drags, scrolls and other keys say nothing.</li>
 *   <li>Text (typed, pasted, copied; already redacted, placeholders like {@code [EMAIL]} stay)
 *       is cut to {@value #TEXT_MAX} characters, names to {@value #NAME_MAX}.</li>
 *   <li>A phrase equal to an earlier one is dropped; phrases are added while the instruction
 *       stays within {@value #MAX_LENGTH} characters, then {@code …} says there was more.</li>
 *   <li>No phrase at all: {@code Work in <places joined by " and ">} (or {@code Work on the
 *       computer}).</li>
 * </ul>
 *
 * <h2>Step instructions</h2>
 * Grounded steps read {@code Click the 'Create ticket' button}, {@code Type "hello" into
 * Subject}, {@code Select 'High' in Priority}, {@code Paste "x" into Subject}; everything else is
 * {@link StepDescriptions#imperative} ({@code Press ctrl+s}, {@code Click at (412, 233) in XTerm}).
 */
final class Describer {
    static final int MAX_LENGTH = 200;
    static final int TEXT_MAX = 40;
    static final int NAME_MAX = 40;
    private static final String ELLIPSIS = "…";

    private Describer() {}

    // ---------------------------------------------------------------- task instruction

    /** A phrase under construction: kind says how it merges with the next. */
    private static final class Phrase {
        final String kind;
        final String field;
        String text;
        final List<String[]> sets = new ArrayList<>(); // select: {field, option}

        Phrase(String kind, String field, String text) {
            this.kind = kind;
            this.field = field;
            this.text = text;
        }

        String render() {
            switch (kind) {
                case "type":
                    return field == null ? "type " + quote(text) : "enter " + quote(text) + " in " + field;
                case "set": {
                    StringBuilder b = new StringBuilder("set ");
                    for (int i = 0; i < sets.size(); i++) {
                        if (i > 0) b.append(i == sets.size() - 1 ? " and " : ", ");
                        b.append(sets.get(i)[0]).append(" to ").append(sets.get(i)[1]);
                    }
                    return b.toString();
                }
                default:
                    return text;
            }
        }
    }

    static String instruction(List<Step> steps) {
        String[] ctx = Tasks.contexts(steps);
        Map<String, String> places = places(steps, ctx);
        String first = null;
        for (String c : ctx) {
            if (c != null) {
                first = c;
                break;
            }
        }
        List<Phrase> phrases = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            Phrase last = phrases.isEmpty() ? null : phrases.get(phrases.size() - 1);
            Action a = s.action();
            if (a instanceof Action.TypeText t) {
                String text = t.text() == null ? "" : t.text();
                if (text.isBlank()) continue;
                String field = fieldName(s.target());
                if (last != null && "type".equals(last.kind) && Objects.equals(last.field, field) && field != null) {
                    last.text = last.text + text;
                } else {
                    phrases.add(new Phrase("type", field, text));
                }
                continue;
            }
            if (a instanceof Action.SelectOption o) {
                String option = option(o);
                if (option == null) continue;
                String field = fieldName(s.target());
                if (field == null) {
                    phrases.add(new Phrase("text", null, "choose " + clip(option, NAME_MAX)));
                } else if (last != null && "set".equals(last.kind)) {
                    addSet(last, field, clip(option, NAME_MAX));
                } else {
                    Phrase p = new Phrase("set", null, null);
                    addSet(p, field, clip(option, NAME_MAX));
                    phrases.add(p);
                }
                continue;
            }
            String text = phrase(s, a, ctx[i], first, places);
            if (text != null) phrases.add(new Phrase("text", null, text));
        }

        String prefix = first == null ? "" : "In " + places.get(first) + ": ";
        Set<String> rendered = new LinkedHashSet<>();
        for (Phrase p : phrases) rendered.add(p.render());
        if (rendered.isEmpty()) {
            Set<String> names = new LinkedHashSet<>();
            for (String c : ctx) if (c != null) names.add(places.get(c));
            return bounded(names.isEmpty() ? "Work on the computer" : "Work in " + String.join(" and ", names));
        }
        StringBuilder b = new StringBuilder(prefix);
        int added = 0;
        for (String r : rendered) {
            String sep = added == 0 ? "" : ", ";
            if (b.length() + sep.length() + r.length() > MAX_LENGTH - (added + 1 < rendered.size() ? 3 : 0)) {
                if (added == 0) b.append(r);
                break;
            }
            b.append(sep).append(r);
            added++;
        }
        if (added < rendered.size()) {
            if (added > 0) b.append(", ");
            b.append(ELLIPSIS);
        }
        String out = b.toString();
        if (prefix.isEmpty()) out = Character.toUpperCase(out.charAt(0)) + out.substring(1);
        return bounded(out);
    }

    private static void addSet(Phrase p, String field, String option) {
        for (String[] s : p.sets) {
            if (s[0].equals(field)) {
                s[1] = option;
                return;
            }
        }
        p.sets.add(new String[] {field, option});
    }

    private static String bounded(String s) {
        if (s.codePointCount(0, s.length()) <= MAX_LENGTH) return s;
        return s.substring(0, s.offsetByCodePoints(0, MAX_LENGTH - 1)) + ELLIPSIS;
    }

    /** The phrase of one step that is neither typing nor a choice, or null. */
    private static String phrase(Step s, Action a, String ctx, String first, Map<String, String> places) {
        if (a instanceof Action.Pointer p && !(a instanceof Action.Drag) && !(a instanceof Action.Scroll)) {
            return clickPhrase(s.target(), a);
        }
        if (a instanceof Action.Hotkey h) return hotkeyPhrase(h.keys());
        if (a instanceof Action.Key k) return "enter".equals(k.key()) || "kp_enter".equals(k.key()) ? "press Enter" : null;
        if (a instanceof Action.Copy c) return c.text() == null || c.text().isBlank() ? "copy the selection" : "copy " + quote(c.text());
        if (a instanceof Action.Cut c) return c.text() == null || c.text().isBlank() ? "cut the selection" : "cut " + quote(c.text());
        if (a instanceof Action.Paste p) {
            String what = p.text() == null || p.text().isBlank() ? "paste" : "paste " + quote(p.text());
            String field = fieldName(s.target());
            return field == null ? what : what + " into " + field;
        }
        if (a instanceof Action.Navigate n) {
            String h = Tasks.host(n.url());
            if (h != null) return "go to " + h;
            return n.url() == null || n.url().isBlank() ? null : "go to " + clip(n.url(), NAME_MAX);
        }
        if (a instanceof Action.SwitchApp) {
            if (ctx == null || ctx.equals(first)) return null;
            return "switch to " + places.get(ctx);
        }
        return null;
    }

    private static String clickPhrase(Target t, Action a) {
        String name = name(t);
        if (name == null) return null;
        String role = t.role() == null ? "" : t.role().toLowerCase(Locale.ROOT);
        String tag = t.tag() == null ? "" : t.tag().toLowerCase(Locale.ROOT);
        if (isField(role, tag)) return null;
        if (a instanceof Action.Click) {
            switch (role) {
                case "link": return "open " + name;
                case "tab": return "open the " + name + " tab";
                case "checkbox":
                case "switch": return "toggle " + name;
                case "radio":
                case "menuitem":
                case "menuitemradio":
                case "menuitemcheckbox":
                case "option": return "choose " + name;
                default: return "click " + name;
            }
        }
        if (a instanceof Action.DoubleClick) return "double-click " + name;
        if (a instanceof Action.TripleClick) return "triple-click " + name;
        if (a instanceof Action.RightClick) return "right-click " + name;
        return "middle-click " + name;
    }

    private static boolean isField(String role, String tag) {
        return role.equals("textbox") || role.equals("searchbox") || role.equals("combobox") || role.equals("listbox")
                || role.equals("spinbutton") || tag.equals("input") || tag.equals("textarea") || tag.equals("select");
    }

    static String hotkeyPhrase(List<String> keys) {
        List<String> ks = new ArrayList<>();
        for (String k : keys) ks.add(k == null ? "" : k.toLowerCase(Locale.ROOT));
        boolean primary = ks.contains("ctrl") || ks.contains("meta") || ks.contains("cmd") || ks.contains("command");
        boolean shift = ks.contains("shift");
        boolean alt = ks.contains("alt");
        String key = ks.isEmpty() ? "" : ks.get(ks.size() - 1);
        if (primary && !alt && ks.size() == (shift ? 3 : 2)) {
            String meaning = shift ? ("z".equals(key) ? "redo" : null) : switch (key) {
                case "s" -> "save";
                case "c" -> "copy";
                case "v" -> "paste";
                case "x" -> "cut";
                case "z" -> "undo";
                case "y" -> "redo";
                case "a" -> "select all";
                case "f" -> "search";
                case "p" -> "print";
                case "t" -> "open a new tab";
                case "w" -> "close the tab";
                case "n" -> "open a new window";
                case "r" -> "reload";
                case "o" -> "open a file";
                default -> null;
            };
            if (meaning != null) return meaning;
        }
        return "press " + String.join("+", ks);
    }

    /** Context key to the name of the place (see the class comment), from the first step in each context. */
    static Map<String, String> places(List<Step> steps, String[] ctx) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            String c = ctx[i];
            if (c == null || out.containsKey(c)) continue;
            out.put(c, placeName(c, steps, ctx));
        }
        return out;
    }

    private static String placeName(String c, List<Step> steps, String[] ctx) {
        if (c.startsWith("site:")) {
            for (int i = 0; i < steps.size(); i++) {
                if (!c.equals(ctx[i]) || steps.get(i).action() instanceof Action.Navigate) continue;
                String site = siteFromTitle(steps.get(i).app());
                if (site != null) return site;
            }
            return c.substring("site:".length());
        }
        for (int i = 0; i < steps.size(); i++) {
            if (c.equals(ctx[i])) {
                String label = StepDescriptions.appLabel(steps.get(i).app());
                if (label != null) return clip(label, NAME_MAX);
            }
        }
        return c.substring("app:".length());
    }

    private static final String[] SEPARATORS = {" · ", " | ", " — ", " – ", " - "};
    private static final String[] BROWSERS = {"firefox", "chrome", "chromium", "edge", "safari", "brave", "opera", "vivaldi", "browser"};

    /** The site's name from a browser window title: "New ticket · Acme Desk — Mozilla Firefox" gives "Acme Desk". */
    static String siteFromTitle(AppContext app) {
        if (app == null || app.title() == null) return null;
        List<String> parts = split(app.title().strip());
        if (parts.size() > 1 && isBrowserName(parts.get(parts.size() - 1), app)) parts.remove(parts.size() - 1);
        if (parts.size() < 2) return null;
        String site = parts.get(parts.size() - 1).strip();
        if (site.isEmpty() || site.codePointCount(0, site.length()) > NAME_MAX) return null;
        return site;
    }

    private static List<String> split(String title) {
        List<String> parts = new ArrayList<>();
        parts.add(title);
        for (String sep : SEPARATORS) {
            List<String> next = new ArrayList<>();
            for (String p : parts) {
                int from = 0;
                int at;
                while ((at = p.indexOf(sep, from)) >= 0) {
                    next.add(p.substring(from, at));
                    from = at + sep.length();
                }
                next.add(p.substring(from));
            }
            parts = next;
        }
        parts.removeIf(String::isBlank);
        return parts;
    }

    private static boolean isBrowserName(String part, AppContext app) {
        String p = part.strip().toLowerCase(Locale.ROOT);
        for (String b : BROWSERS) if (p.contains(b)) return true;
        for (String n : new String[] {app.label(), app.windowClass(), app.name()}) {
            if (n != null && !n.isBlank() && p.equals(n.strip().toLowerCase(Locale.ROOT))) return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- step instructions

    static String stepInstruction(Step s, boolean mac) {
        Action a = s.action();
        Target t = s.target();
        String name = name(t);
        if (a instanceof Action.Pointer p && !(a instanceof Action.Drag) && !(a instanceof Action.Scroll) && name != null) {
            String verb = a instanceof Action.Click ? "Click" : a instanceof Action.DoubleClick ? "Double-click"
                    : a instanceof Action.TripleClick ? "Triple-click" : a instanceof Action.RightClick ? "Right-click" : "Middle-click";
            String role = roleWord(t);
            String sentence = verb + " the '" + name + "'" + (role == null ? "" : " " + role);
            if (role == null) sentence = verb + " '" + name + "'";
            if (!p.modifiers().isEmpty()) {
                List<String> held = new ArrayList<>();
                for (String m : p.modifiers()) held.add(capitalise(m));
                sentence = String.join("+", held) + "+" + Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
            }
            return sentence;
        }
        if (a instanceof Action.TypeText ty && name != null) return "Type " + quote(ty.text()) + " into " + name;
        if (a instanceof Action.SelectOption o) {
            String option = option(o);
            if (option != null) return "Select '" + clip(option, NAME_MAX) + "'" + (name == null ? "" : " in " + name);
        }
        if (a instanceof Action.Paste p && name != null) {
            return (p.text() == null ? "Paste from the clipboard" : "Paste " + quote(p.text())) + " into " + name;
        }
        return StepDescriptions.imperative(s, mac);
    }

    private static String roleWord(Target t) {
        if (t.role() == null || t.role().isBlank()) return null;
        String r = t.role().toLowerCase(Locale.ROOT);
        return switch (r) {
            case "menuitem" -> "menu item";
            case "textbox", "searchbox" -> "field";
            case "combobox" -> "dropdown";
            case "generic", "none", "presentation" -> null;
            default -> r;
        };
    }

    // ---------------------------------------------------------------- helpers

    private static String option(Action.SelectOption o) {
        if (o.option() != null && !o.option().isBlank()) return o.option().strip();
        if (o.value() != null && !o.value().isBlank()) return o.value().strip();
        return null;
    }

    /** The element's name, clipped, or null when it has none. */
    static String name(Target t) {
        if (t == null || t.name() == null || t.name().isBlank()) return null;
        return clip(t.name().strip(), NAME_MAX);
    }

    private static String fieldName(Target t) {
        return name(t);
    }

    static String quote(String text) {
        return "\"" + clip(text == null ? "" : text, TEXT_MAX) + "\"";
    }

    private static String capitalise(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Shortens to max code points with "…", line breaks shown as "↵". */
    static String clip(String s, int max) {
        if (s == null) return "";
        String one = s.replace("\r\n", "↵").replace('\n', '↵').replace('\r', '↵');
        if (one.codePointCount(0, one.length()) <= max) return one;
        return one.substring(0, one.offsetByCodePoints(0, max - 1)) + ELLIPSIS;
    }
}
