package dev.understudy.capture.a11y;

import dev.understudy.model.A11yNode;
import java.util.ArrayList;
import java.util.List;

/**
 * AT-SPI state sets (GetState: two uint32 words, bit n of the set is bit n%32 of word n/32, numbered
 * as AtspiStateType) and the few states the recorder keeps ({@link A11yNode}'s constants).
 */
final class A11yStates {
    static final int ACTIVE = 1;
    static final int CHECKED = 4;
    static final int EDITABLE = 7;
    static final int ENABLED = 8;
    static final int EXPANDED = 10;
    static final int FOCUSED = 12;
    static final int ICONIFIED = 15;
    static final int SELECTED = 23;
    static final int SENSITIVE = 24;
    static final int SHOWING = 25;
    static final int VISIBLE = 30;
    /** Tables and long lists: their children are never listed (there may be millions). */
    static final int MANAGES_DESCENDANTS = 31;

    private A11yStates() {}

    /** The state set as one 64-bit mask. */
    static long mask(Object au) {
        long[] w = DBusValues.longs(au);
        long m = 0;
        if (w.length > 0) m |= w[0] & 0xffffffffL;
        if (w.length > 1) m |= (w[1] & 0xffffffffL) << 32;
        return m;
    }

    static boolean has(long mask, int state) {
        return (mask & (1L << state)) != 0;
    }

    /**
     * The kept state names. {@code role} decides "password" (AT-SPI has no state for hidden text;
     * toolkits give such entries the role "password text"). An empty set (an application object)
     * gives no states, not "disabled".
     */
    static List<String> names(long mask, String role) {
        List<String> out = new ArrayList<>(4);
        if (has(mask, FOCUSED)) out.add(A11yNode.FOCUSED);
        if (has(mask, CHECKED)) out.add(A11yNode.CHECKED);
        if (has(mask, SELECTED)) out.add(A11yNode.SELECTED);
        if (has(mask, EXPANDED)) out.add(A11yNode.EXPANDED);
        if (has(mask, EDITABLE)) out.add(A11yNode.EDITABLE);
        if (isPasswordRole(role)) out.add(A11yNode.PASSWORD);
        if (mask != 0 && !has(mask, ENABLED) && !has(mask, SENSITIVE)) out.add(A11yNode.DISABLED);
        return out;
    }

    static boolean isPasswordRole(String role) {
        return "password text".equals(role);
    }
}
