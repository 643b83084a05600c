package dev.understudy.capture.a11y;

import dev.understudy.model.Rect;
import java.util.List;

/**
 * LibreOffice (7.4 with its GTK 3 plugin, measured here) draws its own (VCL) widgets below the
 * native GTK menu bar but reports their boxes, and answers hit tests, as if its window had no menu
 * bar: its "root pane" says it starts where the menu bar starts, while the panel that holds it is
 * below the bar, with the same size. Every box under the root pane is off by the bar's height, and
 * a hit test at a screen point finds what is drawn one bar lower. A native GTK widget embedded
 * again inside (the entry of a toolbar's combo box) reports its true box.
 *
 * <p>Recognised by its shape, not by the application's name: a root pane whose box has its
 * parent's size at another origin. The shift (parent's origin minus the pane's) is added to the
 * boxes of the pane and what is under it, and taken from points asked about under it, until a node
 * whose box equals its parent's box moved by the shift: a native widget again, right as it is. A
 * toolkit that reports a root pane where its parent is (Java Swing through the ATK wrapper) is left
 * alone.
 */
final class MisplacedPanes {
    static final String ROLE = "root pane";
    static final int[] NONE = {0, 0};
    private static final int[] ZERO = {0, 0};

    private MisplacedPanes() {}

    /** The shift of a root pane read with {@code pane} under {@code parent}, or {@link #NONE}. */
    static int[] shift(TreeReader.NodeQuery parent, TreeReader.NodeQuery pane, Deadline hard) throws BusCalls.Timeout {
        Rect p = raw(parent, hard);
        Rect r = raw(pane, hard);
        return shift(p, r);
    }

    static int[] shift(Rect parent, Rect pane) {
        if (parent == null || pane == null) return NONE;
        if (parent.width() != pane.width() || parent.height() != pane.height()) return NONE;
        if (parent.x() == pane.x() && parent.y() == pane.y()) return NONE;
        return new int[] {parent.x() - pane.x(), parent.y() - pane.y()};
    }

    /** Whether {@code child}, under a pane moved by {@code shift}, is a native widget reporting its true box. */
    static boolean reembedded(TreeReader.NodeQuery parent, TreeReader.NodeQuery child, int[] shift, Deadline hard) throws BusCalls.Timeout {
        return reembedded(raw(parent, hard), raw(child, hard), shift);
    }

    static boolean reembedded(Rect parent, Rect child, int[] shift) {
        return parent != null && child != null && child.width() == parent.width() && child.height() == parent.height()
                && child.x() == parent.x() + shift[0] && child.y() == parent.y() + shift[1];
    }

    /** The same read with its box moved by {@code shift} from {@code base}. */
    static TreeReader.NodeQuery moved(TreeReader tree, TreeReader.NodeQuery q, int[] base, int[] shift) {
        return tree.new NodeQuery(q.ref, add(base, shift), q.props, q.state, q.extents);
    }

    static int[] add(int[] base, int[] shift) {
        if (shift == NONE || (shift[0] == 0 && shift[1] == 0)) return base;
        return new int[] {base[0] + shift[0], base[1] + shift[1]};
    }

    /**
     * The origin to add to each node's box along a chain (application first): {@code base} for all,
     * moved below a misplaced root pane. Asks for the chain's boxes (one pipelined batch) only when
     * the chain holds a root pane.
     */
    static int[][] origins(TreeReader tree, List<ObjectRef> chain, int[] base, Deadline hard) throws BusCalls.Timeout {
        int[][] out = new int[chain.size()][];
        java.util.Arrays.fill(out, base);
        int pane = -1;
        for (int i = 1; i < chain.size(); i++) {
            if (ROLE.equals(tree.role(chain.get(i), hard))) {
                pane = i;
                break;
            }
        }
        if (pane < 1) return out;
        BusCalls.Pending[] ext = new BusCalls.Pending[chain.size()];
        for (int i = pane - 1; i < chain.size(); i++) ext[i] = chain.get(i).isRoot() ? null : tree.calls.extents(chain.get(i), TreeReader.SCREEN);
        Rect[] raw = new Rect[chain.size()];
        for (int i = pane - 1; i < chain.size(); i++) raw[i] = ext[i] == null ? null : TreeReader.box(ext[i].firstOrNull(hard), ZERO);
        int[] shift = shift(raw[pane - 1], raw[pane]);
        for (int i = pane; i < chain.size() && shift != NONE; i++) {
            if (i > pane && reembedded(raw[i - 1], raw[i], shift)) shift = NONE;
            out[i] = add(base, shift);
        }
        return out;
    }

    private static Rect raw(TreeReader.NodeQuery q, Deadline hard) throws BusCalls.Timeout {
        if (q == null || q.extents == null) return null;
        return TreeReader.box(q.extents.firstOrNull(hard), ZERO);
    }
}
