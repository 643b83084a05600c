package dev.understudy.reduce;

import dev.understudy.model.A11yNode;
import dev.understudy.model.Action;
import dev.understudy.model.Keys;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Pass 2 of {@link A11ySteps}: entries chosen in menus, combo boxes and list boxes.
 *
 * <p>A <b>choice</b> is one of:
 * <ul>
 *   <li>a click whose POINTER read hit a menu item (also check/radio menu item), an entry of a
 *       dropdown (a menu item, list item or table cell with a "combo box" among its ancestors), or a
 *       list item of a plain list ("list" or "list box" ancestor, no combo box);</li>
 *   <li>Enter (or keypad Enter) while the latest FOCUS read (same window) was such a menu item or
 *       dropdown entry: the keyboard selected it;</li>
 *   <li>a menu <b>mnemonic</b>: a single character typed while a menu was open (the latest FOCUS
 *       read was in a menu) after which the FOCUS reads show a menu item and then the menu closing
 *       (a FOCUS read outside the menus, or another window) before the next step. The reads carry no
 *       mnemonics, so the entry is the last menu item focused <em>after</em> the letter; when the
 *       toolkit activated the entry without focusing it, nothing tells which entry it was, and the
 *       hotkey and the letter stay as they are (they replay exactly).</li>
 * </ul>
 * A menu choice becomes {@code menu_select(path)}, path = the names of the menus below the menu bar
 * on the entry's ancestor path, then the entry's (a context menu: the entry alone); its target is the
 * entry. A dropdown choice becomes {@code select_option(option = the entry's name)} whose target is
 * the nearest combo box among the entry's ancestors; a list choice likewise with the nearest list.
 *
 * <p>The steps that led to the choice fold into it, walking back from it over adjacent steps:
 * clicks on a menu ("menu" role) named on the entry's path in the same application, clicks on the
 * same combo box (or inside it), the keys that open menus and dropdowns (alt+letter, F10,
 * shift+F10, Menu, alt+down/up, F4) are <em>anchors</em>; arrow keys, Home/End/Page keys, single
 * characters and scrolls are <em>tentative</em>, kept when an anchor lies before them or when they
 * began after the menu took the focus (the run of in-menu FOCUS reads up to the choice). Anything
 * else ends the walk: a menu opened and cancelled (Escape, a click elsewhere) leaves its steps as
 * they were, and nothing folds across a marker (pause, dropped events). The folded step starts at the first step taken (firstSeq, observation) and ends at the
 * choice.
 */
final class A11yChoices {
    enum Kind { MENU, COMBO, LIST }

    private enum Part { NONE, TENTATIVE, ANCHOR }

    private static final Set<String> COMBO = Set.of(A11ySteps.COMBO_BOX);
    private static final Set<String> NAV_KEYS = Set.of(Keys.UP, Keys.DOWN, Keys.LEFT, Keys.RIGHT, Keys.HOME, Keys.END,
            Keys.PAGE_UP, Keys.PAGE_DOWN);

    private record Choice(Draft draft, A11ySteps.Read read, Kind kind, boolean byKey) {}

    private A11yChoices() {}

    static void fuse(A11ySteps f) {
        for (Draft d : new ArrayList<>(f.live)) {
            if (d.removed) continue;
            if (foldPopupChoice(f, d)) continue;
            Choice c = choice(f, d);
            if (c != null) fold(f, c);
        }
    }

    /** What opens a dropdown list in its own popup window: its button, or the combo box itself. */
    private static final Set<String> OPENERS = Set.of("toggle button", "push button", A11ySteps.COMBO_BOX);
    /** How long after the opener's click the entry's click may come. */
    static final long POPUP_CHOICE_NS = 10_000_000_000L;

    /**
     * A dropdown whose list opens in a popup window of its own, not linked to its control in the tree
     * (LibreOffice's toolbar boxes, Font Size among them, measured): a click on an entry (list item,
     * table cell, menu item) in a top-level "window" right after a click on an opener (a toggle or push
     * button, or a combo box) of the same application is one {@code select_option}; the control is the
     * opener when it has a name, else its nearest named ancestor ("Font Size"). Both clicks fold into
     * the step.
     */
    private static boolean foldPopupChoice(A11ySteps f, Draft d) {
        if (!(d.action instanceof Action.Click)) return false;
        A11ySteps.Read r = f.grounded.get(d);
        if (r == null || !r.ok() || !RawEvent.A11y.POINTER.equals(r.e().kind())) return false;
        if (!A11ySteps.ENTRIES.contains(r.role()) || r.pathHas(A11ySteps.COMBO_BOX) || r.pathHas(A11ySteps.MENU_BAR)) return false;
        List<A11yNode> path = r.e().path();
        if (path.size() < 2 || !"window".equals(path.get(1).role())) return false;
        int idx = f.live.indexOf(d);
        if (idx < 1) return false;
        Draft opener = f.live.get(idx - 1);
        if (!(opener.action instanceof Action.Click) || f.markerBetween(opener.lastSeq, d.firstSeq)) return false;
        A11ySteps.Read o = f.grounded.get(opener);
        if (o == null || !o.ok() || !RawEvent.A11y.POINTER.equals(o.e().kind()) || !OPENERS.contains(o.role())) return false;
        if (!sameApp(o, r) || f.startMono(d) - f.startMono(opener) > POPUP_CHOICE_NS) return false;
        // the control: the opener when named, else its nearest named ancestor
        A11yNode control = o.e().element();
        List<A11yNode> above = o.e().path();
        int at = above.size();
        if (A11ySteps.isBlank(control.name())) {
            at = -1;
            for (int i = above.size() - 1; i >= 1; i--) {
                if (!A11ySteps.isBlank(above.get(i).name()) && !"frame".equals(above.get(i).role())) {
                    at = i;
                    break;
                }
            }
            if (at < 0) return false;
            control = above.get(at);
        }
        String option = r.e().element().name();
        if (A11ySteps.isBlank(option)) return false;
        Target target = at == above.size() ? f.target(o, opener.monitor) : f.target(o, control, above.subList(0, at), opener.monitor);
        Draft n = f.state.log.addPassive(new Action.SelectOption(option, null), opener.firstSeq, d.lastSeq, opener.triggerSeq, opener.monitor);
        n.app = opener.app;
        n.target = target;
        f.consume(opener);
        f.consume(d);
        f.live.add(n);
        f.sortLive();
        f.grounded.put(n, r);
        return true;
    }

    /** The choice {@code d} is, or null. */
    private static Choice choice(A11ySteps f, Draft d) {
        A11ySteps.Read r = f.grounded.get(d);
        if (d.action instanceof Action.Click && r != null && RawEvent.A11y.POINTER.equals(r.e().kind())) {
            Kind k = kindOf(r, true);
            return k == null ? null : new Choice(d, r, k, false);
        }
        if (d.action instanceof Action.Key key && (Keys.ENTER.equals(key.key()) || Keys.KP_ENTER.equals(key.key())) && r != null
                && RawEvent.A11y.FOCUS.equals(r.e().kind())) {
            Kind k = kindOf(r, false);
            return k == null ? null : new Choice(d, r, k, true);
        }
        if (d.action instanceof Action.TypeText t && t.text() != null && t.text().codePointCount(0, t.text().length()) == 1) {
            A11ySteps.Read m = mnemonic(f, d);
            return m == null ? null : new Choice(d, m, Kind.MENU, true);
        }
        return null;
    }

    private static Kind kindOf(A11ySteps.Read r, boolean pointer) {
        if (!r.ok()) return null;
        String role = r.role();
        if (A11ySteps.ENTRIES.contains(role) && r.pathHas(A11ySteps.COMBO_BOX)) return Kind.COMBO;
        if (A11ySteps.MENU_ITEMS.contains(role)) return Kind.MENU;
        if (pointer && "list item".equals(role) && r.nearest(A11ySteps.LIST_ROLES) >= 0) return Kind.LIST;
        return null;
    }

    /** A read in an open menu or dropdown: a menu, menu bar or menu item, or a dropdown entry. */
    static boolean inMenu(A11ySteps.Read r) {
        if (!r.ok()) return false;
        String role = r.role();
        return A11ySteps.MENU_ITEMS.contains(role) || A11ySteps.MENU.equals(role) || A11ySteps.MENU_BAR.equals(role)
                || A11ySteps.ENTRIES.contains(role) && r.pathHas(A11ySteps.COMBO_BOX);
    }

    /** The menu item a typed letter chose (see the class comment), or null. */
    private static A11ySteps.Read mnemonic(A11ySteps f, Draft d) {
        long start = f.startMono(d);
        A11ySteps.Read before = f.focusAt(start);
        if (before == null || !inMenu(before)) return null;
        int i = f.live.indexOf(d);
        long next = i + 1 < f.live.size() ? f.startMono(f.live.get(i + 1)) : Long.MAX_VALUE;
        A11ySteps.Read item = null;
        boolean closed = false;
        for (A11ySteps.Read r : f.focus) {
            if (r.mono() < start || r == before) continue;
            if (r.mono() >= next) break;
            if (!inMenu(r)) {
                closed = true;
                break;
            }
            item = r;
        }
        if (item != null && !closed) closed = f.windowChanged(item.mono(), next == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : next);
        if (item == null || !closed || kindOf(item, false) != Kind.MENU) return null;
        return item;
    }

    private static void fold(A11ySteps f, Choice c) {
        Draft d = c.draft();
        A11ySteps.Read r = c.read();
        int idx = f.live.indexOf(d);
        List<String> menus = menuPath(r);
        List<Draft> walked = new ArrayList<>();
        int anchor = -1;
        Draft after = d;
        for (int j = idx - 1; j >= 0; j--) {
            Draft p = f.live.get(j);
            if (f.markerBetween(p.lastSeq, after.firstSeq)) break;
            after = p;
            Part part = partOf(f, p, c, menus);
            if (part == Part.NONE) break;
            walked.add(p);
            if (part == Part.ANCHOR) anchor = walked.size() - 1;
        }
        long since = menuSince(f, c);
        int take = anchor + 1;
        while (take < walked.size() && f.startMono(walked.get(take)) >= since) take++;
        List<Draft> parts = new ArrayList<>(walked.subList(0, take));
        if (c.byKey()) {
            // the focus read must belong to this interaction, not to a menu closed long ago
            long bound = parts.isEmpty()
                    ? (idx - 1 >= 0 ? f.startMono(f.live.get(idx - 1)) : Long.MIN_VALUE)
                    : f.startMono(parts.get(parts.size() - 1)) - 1;
            if (r.mono() <= bound) return;
        }
        Draft earliest = d;
        int first = d.firstSeq;
        int last = d.lastSeq;
        for (Draft p : parts) {
            if (p.firstSeq < first) {
                first = p.firstSeq;
                earliest = p;
            }
            last = Math.max(last, p.lastSeq);
        }
        Action action;
        Target target;
        int monitor = earliest.monitor;
        if (c.kind() == Kind.MENU) {
            action = new Action.MenuSelect(menus);
            target = f.target(r, monitor);
        } else {
            int at = r.nearest(c.kind() == Kind.COMBO ? COMBO : A11ySteps.LIST_ROLES);
            List<A11yNode> path = r.e().path();
            target = f.target(r, path.get(at), path.subList(0, at), monitor);
            action = new Action.SelectOption(r.e().element().name(), null);
        }
        if (parts.isEmpty()) {
            d.action = action;
            d.target = target;
            f.grounded.put(d, r);
            return;
        }
        Draft n = f.state.log.addPassive(action, first, last, earliest.triggerSeq, monitor);
        n.app = earliest.app;
        n.target = target;
        f.consume(d);
        for (Draft p : parts) f.consume(p);
        f.live.add(n);
        f.sortLive();
        f.grounded.put(n, r);
    }

    private static Part partOf(A11ySteps f, Draft p, Choice c, List<String> menus) {
        Action a = p.action;
        if (c.kind() == Kind.LIST) return Part.NONE;
        if (a instanceof Action.Click) {
            A11ySteps.Read g = f.grounded.get(p);
            if (g == null || !g.ok() || !RawEvent.A11y.POINTER.equals(g.e().kind())) return Part.NONE;
            if (c.kind() == Kind.MENU) {
                A11yNode el = g.e().element();
                boolean onPath = A11ySteps.MENU.equals(el.role()) && el.name() != null
                        && menus.subList(0, Math.max(0, menus.size() - 1)).contains(el.name());
                return onPath && sameApp(g, c.read()) ? Part.ANCHOR : Part.NONE;
            }
            return sameCombo(g, c.read()) ? Part.ANCHOR : Part.NONE;
        }
        if (a instanceof Action.Scroll) return Part.TENTATIVE;
        if (a instanceof Action.Key k) {
            if (NAV_KEYS.contains(k.key())) return Part.TENTATIVE;
            if (c.kind() == Kind.MENU && ("f10".equals(k.key()) || Keys.MENU.equals(k.key()))) return Part.ANCHOR;
            if (c.kind() == Kind.COMBO && "f4".equals(k.key())) return Part.ANCHOR;
            return Part.NONE;
        }
        if (a instanceof Action.Hotkey h && h.keys().size() == 2) {
            String mod = h.keys().get(0);
            String key = h.keys().get(1);
            if (c.kind() == Kind.MENU && ("alt".equals(mod) && key.codePointCount(0, key.length()) == 1
                    || "shift".equals(mod) && "f10".equals(key))) {
                return Part.ANCHOR;
            }
            if (c.kind() == Kind.COMBO && "alt".equals(mod) && (Keys.DOWN.equals(key) || Keys.UP.equals(key))) return Part.ANCHOR;
            return Part.NONE;
        }
        if (a instanceof Action.TypeText t && t.text() != null && t.text().codePointCount(0, t.text().length()) == 1) {
            return Part.TENTATIVE;
        }
        return Part.NONE;
    }

    /** Since when the menus or the dropdown had the focus: the run of in-menu FOCUS reads up to the choice. */
    private static long menuSince(A11ySteps f, Choice c) {
        A11ySteps.Read last = c.byKey() ? c.read() : f.focusAt(f.startMono(c.draft()));
        if (last == null || !inMenu(last)) return Long.MAX_VALUE;
        long since = last.mono();
        int i = f.focus.indexOf(last);
        for (int j = i; j >= 0 && inMenu(f.focus.get(j)); j--) since = f.focus.get(j).mono();
        return since;
    }

    /** The names of the menus below the menu bar on the entry's path, then the entry's. */
    static List<String> menuPath(A11ySteps.Read r) {
        List<A11yNode> path = r.e().path();
        int bar = -1;
        for (int i = 0; i < path.size(); i++) if (A11ySteps.MENU_BAR.equals(path.get(i).role())) bar = i;
        List<String> names = new ArrayList<>();
        for (int i = bar + 1; i < path.size(); i++) {
            A11yNode n = path.get(i);
            boolean menu = A11ySteps.MENU.equals(n.role()) || A11ySteps.MENU_ITEMS.contains(n.role());
            if (!menu || A11ySteps.isBlank(n.name())) continue;
            if (names.isEmpty() || !names.get(names.size() - 1).equals(n.name())) names.add(n.name());
        }
        A11yNode el = r.e().element();
        names.add(A11ySteps.isBlank(el.name()) ? el.role() : el.name());
        return names;
    }

    private static boolean sameApp(A11ySteps.Read a, A11ySteps.Read b) {
        List<A11yNode> p = a.e().path();
        List<A11yNode> q = b.e().path();
        if (p.isEmpty() || q.isEmpty()) return true;
        return Objects.equals(p.get(0).role(), q.get(0).role()) && Objects.equals(p.get(0).name(), q.get(0).name());
    }

    /** Whether a click's read hit the combo box the entry of {@code entry} belongs to (or something inside it). */
    private static boolean sameCombo(A11ySteps.Read click, A11ySteps.Read entry) {
        int at = entry.nearest(COMBO);
        if (at < 0) return false;
        A11yNode combo = entry.e().path().get(at);
        A11yNode el = click.e().element();
        if (A11ySteps.ENTRIES.contains(el.role())) return false;
        if (sameNode(el, combo)) return true;
        int c = click.nearest(COMBO);
        return c >= 0 && sameNode(click.e().path().get(c), combo);
    }

    static boolean sameNode(A11yNode a, A11yNode b) {
        if (!Objects.equals(a.role(), b.role()) || !Objects.equals(a.name(), b.name())) return false;
        return a.bbox() == null || b.bbox() == null || a.bbox().equals(b.bbox());
    }
}
