package dev.understudy.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.dataset.DatasetTransforms.Signature;
import dev.understudy.dataset.image.Thumbnail;
import dev.understudy.dataset.DatasetTransforms.TaskOptions;
import dev.understudy.model.Action;
import dev.understudy.trace.FrameStore;
import dev.understudy.trace.PngFrameStore;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
@Timeout(60)
class NearDuplicatesTest {
    @TempDir
    Path dir;

    /** A task of click, type, click over frames a, b (one idle gap before it so each fixture is one task). */
    private static Fixture task(String a, String b, String text) {
        return new Fixture().add(1000, Fixture.NOTES, new Action.Click(1, 1), null, a, b)
                .add(1000, Fixture.NOTES, new Action.TypeText(text), null, b, b)
                .add(1000, Fixture.NOTES, new Action.Click(2, 2), null, b, a);
    }

    private static Signature sig(Fixture f, FrameStore store) {
        SessionInput s = f.input(List.of(), store);
        return DatasetTransforms.signature(s, DatasetTransforms.episodes(s, TaskOptions.DEFAULTS).get(0));
    }

    private static Signature renamed(Signature s, String id) {
        return new Signature(id, s.startWall(), s.frameHashes(), s.actions());
    }

    @Test
    void theSameActionsOverTheSameLookingScreensRepeatAnEarlierTask() {
        FrameStore store = new PngFrameStore(dir.resolve("frames"));
        String a = store.put(Fixture.frame(1));
        String b = store.put(Fixture.frame(2));
        BufferedImage tweaked = Fixture.frame(1);
        tweaked.setRGB(3, 3, 0x123456); // one pixel off: another frame id, (nearly) the same hash
        String a2 = store.put(tweaked);
        String c = store.put(Fixture.frame(7));
        assertNotEquals(a, a2);

        Signature first = renamed(sig(task(a, b, "x"), store), "s1-000");
        assertEquals("click,type,click", first.actions());
        assertEquals(3 * Thumbnail.WORDS, first.frameHashes().size());
        Signature repeat = renamed(sig(task(a2, b, "other text"), store), "s2-000");
        Signature otherScreens = renamed(sig(task(c, b, "x"), store), "s3-000");
        Signature otherActions = renamed(sig(task(a, b, "x").add(Fixture.NOTES, new Action.Key("enter")), store), "s4-000");

        assertTrue(NearDuplicates.close(first.frameHashes(), repeat.frameHashes()));
        // the later one is flagged, whatever the order of the list
        assertEquals(Set.of("s2-000"), DatasetTransforms.nearDuplicates(List.of(repeat, otherScreens, first, otherActions)));
        assertEquals(Set.of("s2-000"), DatasetTransforms.nearDuplicates(List.of(first, otherActions, otherScreens, repeat)));
        assertEquals(Set.of(), DatasetTransforms.nearDuplicates(List.of(first, otherScreens, otherActions)));
        // a third copy is a duplicate too
        assertEquals(Set.of("s2-000", "s5-000"), DatasetTransforms.nearDuplicates(List.of(first, repeat, renamed(first, "s5-000"))));
    }

    @Test
    void dHashIsDeterministicAndSeesStructure() {
        long[] h1 = NearDuplicates.dHash(Fixture.frame(1));
        assertArrayEquals(h1, NearDuplicates.dHash(Fixture.frame(1)));
        assertTrue(Thumbnail.distance(h1, NearDuplicates.dHash(Fixture.frame(7))) > NearDuplicates.MAX_DISTANCE);
        // smaller than the 9 x 8 grid: still a hash
        BufferedImage tiny = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        tiny.setRGB(0, 0, 0xffffff);
        NearDuplicates.dHash(tiny);
    }

    @Test
    void tasksWithoutFramesAreNeverDuplicates() {
        Fixture f = new Fixture().add(Fixture.NOTES, new Action.TypeText("a")).add(Fixture.NOTES, new Action.TypeText("b"));
        Signature s = sig(f, null);
        assertEquals(List.of(), s.frameHashes());
        assertEquals(Set.of(), DatasetTransforms.nearDuplicates(List.of(renamed(s, "x-000"), renamed(s, "y-000"))));
    }
}
