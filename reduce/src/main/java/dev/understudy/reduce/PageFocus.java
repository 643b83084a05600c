package dev.understudy.reduce;

import java.util.ArrayList;
import java.util.List;

/**
 * Which page element had the focus when: the timeline of the page's focus, blur, pointer,
 * sensitive_focus and new-document events, by page time.
 */
final class PageFocus {
    /** How much earlier than the OS hook's stamp the page may see a key. */
    static final long KEY_LAG_MS = 40;

    private final List<PageEvent> changes = new ArrayList<>();

    /** @param page the page events, in time order */
    PageFocus(List<PageEvent> page) {
        for (PageEvent e : page) if (isFocusEvent(e)) changes.add(e);
    }

    private static boolean isFocusEvent(PageEvent e) {
        return switch (e.kind) {
            case "focus", "blur", "pointer", "sensitive_focus" -> true;
            // a new document in the tab: nothing in it has focus yet
            case "navigate" -> e.frame == 0 && !"history".equals(e.transition) && !"fragment".equals(e.transition);
            default -> false;
        };
    }

    /** The focus event in effect at wall time {@code w} (inclusive), or null when none is. */
    PageEvent at(double w) {
        return focusedBy(lastAtOrBefore(w));
    }

    /**
     * The focus in effect before a key pressed at OS wall time {@code w}, which may itself move the
     * focus (tab): the page can see the key a few ms before the OS hook stamps it, so focus changes
     * within {@value #KEY_LAG_MS} ms before {@code w} are taken as caused by the key.
     */
    PageEvent before(double w) {
        return focusedBy(lastAtOrBefore(w - KEY_LAG_MS));
    }

    private int lastAtOrBefore(double w) {
        int lo = 0;
        int hi = changes.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (changes.get(mid).t <= w) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** What had focus after focus event i: a field, a sensitive field (no target), or nothing (null). */
    private PageEvent focusedBy(int i) {
        if (i < 0) return null;
        PageEvent f = changes.get(i);
        return switch (f.kind) {
            case "focus" -> f;
            case "pointer" -> f.target != null && f.target.fieldLike() ? f : null;
            case "sensitive_focus" -> Boolean.TRUE.equals(f.sensitive) ? sensitiveField(i) : null;
            default -> null;
        };
    }

    /** A sensitive field has focus: the field clicked just before, if any (its name, never its value). */
    private PageEvent sensitiveField(int i) {
        for (int j = i; j >= 0 && j >= i - 3; j--) {
            PageEvent p = changes.get(j);
            if ("pointer".equals(p.kind) && p.target != null && p.target.sensitive() && changes.get(i).t - p.t <= 2000) return p;
        }
        return null;
    }
}
