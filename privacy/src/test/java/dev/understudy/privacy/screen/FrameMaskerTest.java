package dev.understudy.privacy.screen;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.model.Rect;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

@Tag("e2e")
class FrameMaskerTest {
    static final int W = 200;
    static final int H = 100;
    static final int M = FrameMasker.MASK_RGB;

    static int[] screen() {
        int[] px = new int[W * H];
        Arrays.fill(px, 0x123456);
        return px;
    }

    @Test
    void onlyTheVisiblePartsOfAllowedWindowsAreKept() {
        int[] px = screen();
        // bottom: allowed window (0,0)-(120,80); above it a non-allowed one at (100,20)-(180,90);
        // on top an allowed one at (150,0)-(200,30) that covers part of the non-allowed one
        List<FrameMasker.Win> stack = List.of(
                new FrameMasker.Win(new Rect(0, 0, 120, 80), true),
                new FrameMasker.Win(new Rect(100, 20, 80, 70), false),
                new FrameMasker.Win(new Rect(150, 0, 50, 30), true));
        long n = FrameMasker.mask(px, W, H, 0, 0, stack, List.of(), M);
        assertEquals(0x123456, px[10 * W + 10], "allowed, uncovered");
        assertEquals(M, px[50 * W + 110], "allowed window covered by a non-allowed one");
        assertEquals(M, px[50 * W + 170], "non-allowed window");
        assertEquals(0x123456, px[25 * W + 160], "allowed window above the non-allowed one");
        assertEquals(M, px[95 * W + 10], "desktop");
        assertEquals(n, Arrays.stream(px).filter(p -> p == M).count());
    }

    @Test
    void monitorOffsetsAndExtraBoxes() {
        int[] px = screen();
        // a second monitor at x=1000: window coordinates are global
        List<FrameMasker.Win> stack = List.of(new FrameMasker.Win(new Rect(1000, 0, 200, 100), true));
        FrameMasker.mask(px, W, H, 1000, 0, stack, List.of(new Rect(1010, 10, 5, 5)), M);
        assertEquals(0x123456, px[50 * W + 50]);
        assertEquals(M, px[12 * W + 12], "a DOM box inside an allowed window is filled");
        assertEquals(0x123456, px[20 * W + 20]);
    }

    @Test
    void nothingAllowedMeansEverythingFilled() {
        int[] px = screen();
        FrameMasker.mask(px, W, H, 0, 0, List.of(new FrameMasker.Win(new Rect(0, 0, W, H), false)), null, M);
        assertTrue(Arrays.stream(px).allMatch(p -> p == M));
    }

    @Test
    void ocrConfusionsAreUndoneBeforeRedaction() {
        assertEquals("jane.doe@example.com", OcrRedactor.unconfuse("jane.doeGexample.com"));
        assertEquals("4111", OcrRedactor.unconfuse("4lll"));
        assertEquals("Report", OcrRedactor.unconfuse("Report"));
    }
}
