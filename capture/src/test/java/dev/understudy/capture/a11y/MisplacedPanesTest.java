package dev.understudy.capture.a11y;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.model.Rect;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shapes of LibreOffice's misplaced root pane, as measured under Xvfb (LibreOffice 7.4, gtk3). */
@Tag("unit")
@Timeout(10)
class MisplacedPanesTest {
    /** The panel below the 25-px menu bar and the root pane that claims to start at the bar. */
    static final Rect PANEL = new Rect(0, 44, 1280, 756);
    static final Rect PANE = new Rect(0, 19, 1280, 756);

    @Test
    void aRootPaneAtAnotherOriginThanItsParentOfTheSameSizeIsShiftedByTheDifference() {
        assertArrayEquals(new int[] {0, 25}, MisplacedPanes.shift(PANEL, PANE));
    }

    @Test
    void aRootPaneWhereItsParentIsOrOfAnotherSizeIsLeftAlone() {
        assertSame(MisplacedPanes.NONE, MisplacedPanes.shift(PANEL, PANEL)); // Swing through the ATK wrapper
        assertSame(MisplacedPanes.NONE, MisplacedPanes.shift(PANEL, new Rect(0, 19, 1280, 781)));
        assertSame(MisplacedPanes.NONE, MisplacedPanes.shift(null, PANE));
    }

    @Test
    void aNativeWidgetInsideReportsItsTrueBoxAndEndsTheShift() {
        // the Font Size box: VCL panel (482, 60) claims; its native GTK child says (482, 85), the truth
        Rect vcl = new Rect(482, 60, 101, 34);
        assertTrue(MisplacedPanes.reembedded(vcl, new Rect(482, 85, 101, 34), new int[] {0, 25}));
        assertFalse(MisplacedPanes.reembedded(vcl, new Rect(482, 60, 101, 34), new int[] {0, 25}), "a VCL child stays shifted");
        assertFalse(MisplacedPanes.reembedded(vcl, new Rect(482, 85, 65, 34), new int[] {0, 25}), "another size: a child of its own");
    }

    @Test
    void originsAddTheShift() {
        int[] base = {0, 0};
        assertSame(base, MisplacedPanes.add(base, MisplacedPanes.NONE));
        assertArrayEquals(new int[] {10, 45}, MisplacedPanes.add(new int[] {10, 20}, new int[] {0, 25}));
    }
}
