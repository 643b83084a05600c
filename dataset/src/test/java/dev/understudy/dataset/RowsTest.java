package dev.understudy.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.dataset.DatasetTransforms.TaskOptions;
import dev.understudy.model.Action;
import dev.understudy.model.Step;
import dev.understudy.trace.FrameStore;
import dev.understudy.trace.PngFrameStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
@Timeout(60)
class RowsTest {
    @TempDir
    Path dir;

    private SessionInput session(FrameStore store) {
        String f0 = store.put(Fixture.frame(1));
        String f1 = store.put(Fixture.frame(2));
        Fixture f = new Fixture()
                .add(1000, Fixture.DESK, new Action.Click(10, 5), Fixture.dom("button", "Create ticket"), f0, f1)
                .add(1000, Fixture.DESK, new Action.TypeText("hello"), Fixture.dom("textbox", "Subject"), f1, f1)
                .add(1000, Fixture.DESK, new Action.Hotkey(List.of("ctrl", "s")), null, f1, f1)
                .add(1000, Fixture.DESK, new Action.Drag(1, 1, 20, 20, List.of()), null, f1, f0)
                .add(1000, Fixture.DESK, new Action.Scroll(5, 6, 0, 3), null, f0, f1)
                .add(1000, Fixture.DESK, new Action.SelectOption("High", "high"), Fixture.dom("combobox", "Priority"), f1, f0)
                .add(1000, Fixture.DESK, new Action.Click(50, 5), null, f0, f1)
                .add(1000, Fixture.DESK, new Action.Drag(3, 4, 60, 10, List.of()), null, f1, f0)
                .add(1000, Fixture.DESK, new Action.Key("enter"), null, null, null);
        return f.input(List.of(), store);
    }

    private static List<Object> columns(StepRow r) {
        return java.util.Arrays.asList(r.stepIndex(), r.imagePath(), r.imageWidth(), r.imageHeight(), r.actionType(), r.x(), r.y(), r.xNorm(),
                r.yNorm(), r.toX(), r.toY(), r.dx(), r.dy(), r.text(), r.keys(), r.option(), r.pyautogui(), r.app(), r.windowTitle(),
                r.url(), r.targetRole(), r.targetName(), r.targetBbox(), r.flags(), r.time());
    }

    @Test
    void everyColumnOfEachActionType() throws Exception {
        SessionInput s = session(new PngFrameStore(dir.resolve("frames")));
        List<Episode> eps = DatasetTransforms.episodes(s, TaskOptions.DEFAULTS);
        assertEquals(1, eps.size());
        Episode e = eps.get(0);
        // the task: no-op steps (type is not checked; the hotkey is one), ungrounded (3 of 4 pointer steps)
        assertEquals(List.of(Flags.UNGROUNDED, Flags.NO_OP), e.flags());
        List<StepRow> rows = DatasetTransforms.rows(s, e);
        assertEquals(9, rows.size());
        String id = Fixture.SESSION + "-000";
        String title = Fixture.DESK.title();
        String url = Fixture.DESK.url();
        long t = Fixture.T0;
        List<String> ungrounded = List.of(Flags.UNGROUNDED);
        assertEquals(java.util.Arrays.asList(0, id + "/0.png", 40, 30, "click", 10, 5, 0.25, 5 / 30.0, null, null, null, null, null, List.of(),
                null, "pyautogui.click(x=10, y=5)", "Firefox", title, url, "button", "Create ticket", List.of(5, 2, 10, 6), ungrounded,
                t + 1000), columns(rows.get(0)));
        assertEquals(java.util.Arrays.asList(1, id + "/1.png", 40, 30, "type", null, null, null, null, null, null, null, null, "hello",
                List.of(), null, "pyautogui.write('hello')", "Firefox", title, url, "textbox", "Subject", List.of(5, 2, 10, 6), ungrounded,
                t + 2000), columns(rows.get(1)));
        assertEquals(java.util.Arrays.asList(2, id + "/2.png", 40, 30, "hotkey", null, null, null, null, null, null, null, null, null,
                List.of("ctrl", "s"), null, "pyautogui.hotkey('ctrl', 's')", "Firefox", title, url, null, null, null,
                List.of(Flags.UNGROUNDED, Flags.NO_OP), t + 3000), columns(rows.get(2)));
        assertEquals(java.util.Arrays.asList(3, id + "/3.png", 40, 30, "drag", 1, 1, 1 / 40.0, 1 / 30.0, 20, 20, null, null, null, List.of(),
                null, "pyautogui.moveTo(x=1, y=1)\npyautogui.dragTo(x=20, y=20, button='left')", "Firefox", title, url, null, null, null,
                ungrounded, t + 4000), columns(rows.get(3)));
        assertEquals(java.util.Arrays.asList(4, id + "/4.png", 40, 30, "scroll", 5, 6, 0.125, 0.2, null, null, 0, 3, null, List.of(), null,
                "pyautogui.scroll(-3, x=5, y=6)", "Firefox", title, url, null, null, null, ungrounded, t + 5000), columns(rows.get(4)));
        assertEquals(java.util.Arrays.asList(5, id + "/5.png", 40, 30, "select_option", null, null, null, null, null, null, null, null, null,
                List.of(), "High", "# select_option: 'High' value='high'", "Firefox", title, url, "combobox", "Priority", List.of(5, 2, 10, 6),
                ungrounded, t + 6000), columns(rows.get(5)));
        // a click beyond the image's right edge: kept, point null, flagged
        StepRow outside = rows.get(6);
        assertNull(outside.x());
        assertNull(outside.y());
        assertNull(outside.xNorm());
        assertEquals(List.of(Flags.UNGROUNDED, Rows.POINT_OUTSIDE_IMAGE), outside.flags());
        assertEquals("pyautogui.click(x=50, y=5)", outside.pyautogui());
        // a drag that ends outside: its start stays, its end is null
        StepRow drag = rows.get(7);
        assertEquals(List.of(3, 4), java.util.Arrays.asList(drag.x(), drag.y()));
        assertNull(drag.toX());
        assertTrue(drag.flags().contains(Rows.POINT_OUTSIDE_IMAGE));
        // no observation: no image
        StepRow key = rows.get(8);
        assertNull(key.image());
        assertNull(key.imageWidth());
        assertEquals(List.of("enter"), key.keys());

        for (StepRow r : rows) {
            assertEquals(e.instruction(), r.instruction());
            assertEquals(e.stepInstructions().get(r.stepIndex()), r.stepInstruction());
            assertEquals(Fixture.SESSION, r.sessionId());
            if (r.image() == null) continue;
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.image()));
            assertNotNull(img);
            assertEquals(r.imageWidth(), img.getWidth());
            assertEquals(r.imageHeight(), img.getHeight());
            if (r.x() != null) assertTrue(r.x() >= 0 && r.x() < img.getWidth() && r.y() >= 0 && r.y() < img.getHeight());
            if (r.toX() != null) assertTrue(r.toX() >= 0 && r.toX() < img.getWidth() && r.toY() >= 0 && r.toY() < img.getHeight());
        }
        // the image is the observation frame's pixels
        Step first = e.steps().get(0);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(rows.get(0).image()));
        assertEquals(s.frames().read(first.observation()).getRGB(7, 3), decoded.getRGB(7, 3));
    }

    @Test
    void runningTwiceGivesEqualRowsAndByteEqualImages() {
        SessionInput s = session(new PngFrameStore(dir.resolve("frames")));
        List<StepRow> a = DatasetTransforms.rows(s, DatasetTransforms.episodes(s, TaskOptions.DEFAULTS).get(0));
        List<StepRow> b = DatasetTransforms.rows(s, DatasetTransforms.episodes(s, TaskOptions.DEFAULTS).get(0));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(columns(a.get(i)), columns(b.get(i)));
            assertArrayEquals(a.get(i).image(), b.get(i).image());
        }
        assertEquals(DatasetTransforms.episodes(s, TaskOptions.DEFAULTS), DatasetTransforms.episodes(s, TaskOptions.DEFAULTS));
    }

    @Test
    void aMissingFrameGivesNoImage() {
        Fixture f = new Fixture().add(1000, Fixture.NOTES, new Action.Click(1, 1), null, "0".repeat(40), null);
        SessionInput s = f.input(List.of(), new PngFrameStore(dir.resolve("empty")));
        StepRow r = DatasetTransforms.rows(s, DatasetTransforms.episodes(s, TaskOptions.DEFAULTS).get(0)).get(0);
        assertNull(r.image());
        assertEquals(1, r.x());
        assertNull(r.xNorm());
    }
}
