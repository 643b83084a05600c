package dev.understudy.dataset.format;

import dev.understudy.dataset.Episode;
import dev.understudy.dataset.Flags;
import dev.understudy.dataset.StepRow;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Deterministic synthetic tasks and rows with small PNG screenshots, for the writers' tests. */
final class SyntheticRows {
    static final String HOSTILE_APP = "<script>alert('x')</script>";
    static final long T0 = 1_795_030_801_000L;

    /** A task and its rows. */
    record Task(Episode episode, List<StepRow> rows) {}

    private SyntheticRows() {}

    /** {@code tasks} tasks of 3..12 steps each, over 4 sessions, with images of two sizes (a HiDPI one). */
    static List<Task> tasks(int tasks, long seed) {
        Random rnd = new Random(seed);
        List<Task> out = new ArrayList<>();
        String[] apps = {"Firefox", "Notes", "XTerm", "Thunderbird", HOSTILE_APP};
        String[] actions = {"click", "double_click", "right_click", "type", "hotkey", "scroll", "drag", "press"};
        for (int t = 0; t < tasks; t++) {
            String session = "20261118-1940" + String.format("%02d", t % 4) + "-ab1" + (t % 4);
            String id = session + "-" + String.format("%03d", t);
            int n = 3 + rnd.nextInt(10);
            List<String> taskFlags = t % 5 == 0 ? List.of(Flags.UNGROUNDED) : List.of();
            long start = T0 + t * 600_000L;
            List<StepRow> rows = new ArrayList<>();
            List<String> stepInstr = new ArrayList<>();
            for (int s = 0; s < n; s++) {
                boolean hidpi = t % 3 == 0;
                int w = hidpi ? 96 : 64, h = hidpi ? 60 : 40;
                String action = actions[rnd.nextInt(actions.length)];
                boolean pointer = action.contains("click") || action.equals("drag");
                Integer x = pointer ? rnd.nextInt(w) : null, y = pointer ? rnd.nextInt(h) : null;
                String app = apps[(t + s) % apps.length];
                String url = app.equals("Firefox") ? "https://desk" + (t % 3) + ".example.com/tickets/" + s : null;
                String text = action.equals("type") ? (rnd.nextBoolean() ? "mail [EMAIL] now" : "hello [PHONE] and [EMAIL]") : null;
                List<String> keys = action.equals("hotkey") ? List.of("ctrl", "s") : action.equals("press") ? List.of("enter") : List.of();
                List<Integer> bbox = pointer && rnd.nextBoolean() ? List.of(Math.max(0, x - 5), Math.max(0, y - 3), 10, 6) : null;
                List<String> flags = new ArrayList<>(taskFlags);
                if (s == 1 && t % 4 == 0) flags.add(Flags.NO_OP);
                String si = "Step " + s + " of task " + t;
                stepInstr.add(si);
                rows.add(new StepRow(id, session, 10 + s, "Do task " + t + " — ünïcode ✓", si,
                        t % 7 == 6 && s == 0 ? null : png(w, h, t * 31 + s),
                        id + "/" + (10 + s) + ".png", w, h, action, x, y,
                        x == null ? null : (double) x / w, y == null ? null : (double) y / h,
                        action.equals("drag") ? x / 2 : null, action.equals("drag") ? y / 2 : null,
                        action.equals("scroll") ? 0 : null, action.equals("scroll") ? -3 : null,
                        text, keys, null, pointer ? "pyautogui.click(0.5, 0.5)" : null, app, "Window " + s, url,
                        bbox == null ? null : "button", bbox == null ? null : "Save", bbox, flags, start + s * 1000L));
            }
            Episode e = new Episode(id, session, t, List.of(), "Do task " + t, "describer", null, stepInstr, taskFlags,
                    "start", start, start + (n - 1) * 1000L);
            out.add(new Task(e, rows));
        }
        return out;
    }

    static int rowCount(List<Task> tasks) {
        return tasks.stream().mapToInt(t -> t.rows().size()).sum();
    }

    /** A small deterministic PNG: a colour field with a few rectangles. */
    static byte[] png(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        Random r = new Random(seed);
        g.setColor(new Color(r.nextInt(0xffffff)));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 4; i++) {
            g.setColor(new Color(r.nextInt(0xffffff)));
            g.fillRect(r.nextInt(w), r.nextInt(h), 1 + r.nextInt(w / 2), 1 + r.nextInt(h / 2));
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
