package dev.understudy.reduce;

import static dev.understudy.reduce.Limits.MS;

import dev.understudy.model.A11yNode;
import dev.understudy.model.Action;
import dev.understudy.model.Keys;
import dev.understudy.model.Target;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Pass 3 of {@link A11ySteps}: toggles. A click, a menu_select, or space (a {@code space} key or a
 * typed " ") whose a11y target is a check box, radio button, toggle button, check menu item, radio
 * menu item or page tab gets {@code target.checked}, the state it set:
 * <ul>
 *   <li>from the first STATE read of the same element (role and name, and box when both have one)
 *       from the step's start to {@value #STATE_AFTER_MS} ms after its last raw event: a page tab's
 *       "selected" (or "checked"), the others' "checked";</li>
 *   <li>else inferred from the states the read saw before the action: a check box, toggle button or
 *       check menu item flips; a radio button, radio menu item or page tab becomes true.</li>
 * </ul>
 * A disabled element toggles nothing: no {@code checked}.
 */
final class A11yToggles {
    static final long STATE_AFTER_MS = 1000;
    static final Set<String> TOGGLES = Set.of("check box", "radio button", "toggle button", "check menu item",
            "radio menu item", "page tab");
    private static final Set<String> ALWAYS_ON = Set.of("radio button", "radio menu item", "page tab");

    private A11yToggles() {}

    static void mark(A11ySteps f) {
        Map<A11ySteps.Read, Boolean> used = new IdentityHashMap<>();
        for (Draft d : f.live) {
            Target t = d.target;
            if (t == null || !Target.A11Y.equals(t.source()) || !TOGGLES.contains(t.role()) || !toggles(d.action)) continue;
            A11ySteps.Read g = f.grounded.get(d);
            if (g == null || !g.ok()) continue;
            A11yNode el = g.e().element();
            if (!t.role().equals(el.role()) || el.has(A11yNode.DISABLED)) continue;
            long from = f.startMono(d);
            long to = f.endMono(d) + STATE_AFTER_MS * MS;
            A11ySteps.Read s = null;
            for (A11ySteps.Read r : f.states) {
                if (r.mono() < from || used.containsKey(r) || !r.ok()) continue;
                if (r.mono() > to) break;
                if (A11yChoices.sameNode(r.e().element(), el)) {
                    s = r;
                    break;
                }
            }
            boolean checked;
            if (s != null) {
                used.put(s, Boolean.TRUE);
                A11yNode now = s.e().element();
                checked = "page tab".equals(el.role()) ? now.has(A11yNode.SELECTED) || now.has(A11yNode.CHECKED)
                        : now.has(A11yNode.CHECKED);
            } else {
                checked = ALWAYS_ON.contains(el.role()) || !el.has(A11yNode.CHECKED);
            }
            d.target = t.withChecked(checked);
        }
    }

    private static boolean toggles(Action a) {
        if (a instanceof Action.Click || a instanceof Action.MenuSelect) return true;
        if (a instanceof Action.Key k) return Keys.SPACE.equals(k.key());
        return a instanceof Action.TypeText t && " ".equals(t.text());
    }
}
