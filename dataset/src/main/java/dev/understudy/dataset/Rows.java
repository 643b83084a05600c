package dev.understudy.dataset;

import dev.understudy.export.PyAutoGui;
import dev.understudy.export.StepDescriptions;
import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Rect;
import dev.understudy.model.Step;
import dev.understudy.model.Target;
import dev.understudy.trace.FrameStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@link StepRow} per step of a task.
 *
 * <ul>
 *   <li><b>step_index</b>: the step's position in the task, 0-based (the session's own index is
 *       not a column); {@code image_path} = {@code <episode_id>/<step_index>.png}.</li>
 *   <li><b>image</b>: the PNG of the step's observation frame as the session's frame store gives it
 *       ({@link FrameStore#readPng}; frames are already redacted), its width and height read from
 *       the PNG header. No observation, or a frame missing or unreadable: image, width and height
 *       null.</li>
 *   <li><b>coordinates</b>: a step's coordinates are already pixels of its monitor's frame (the
 *       reducer subtracted the monitor's origin; see {@code Monitor} and {@code Reducer}), and the
 *       frame is that monitor's pixels, unscaled; the exporters (OSWorld, PyAutoGui absolute) use
 *       them as recorded, and so do rows: {@code x, y} (and {@code to_x, to_y} of a drag, and
 *       {@code target_bbox}) are copied, {@code x_norm = x / image_width}, {@code y_norm = y /
 *       image_height}. A point outside the image (a drag that ends on another monitor) is null
 *       and the row gets the flag {@value #POINT_OUTSIDE_IMAGE}. Without an image, x and y stay as
 *       recorded and the norms are null.</li>
 *   <li><b>text</b>: typed text, clipboard text (copy, cut, paste; null when withheld), and for
 *       {@code navigate} the URL it goes to. <b>keys</b>: the hotkey's keys, or the key, lower
 *       case. <b>option</b>: a choice's option text, else its value.</li>
 *   <li><b>pyautogui</b>: {@link PyAutoGui} in absolute pixels of the image
 *       ({@code PyAutoGui.forSession(manifest, ABSOLUTE)}, Command keys on macOS), as the OSWorld
 *       export writes it.</li>
 *   <li><b>app</b>: the app's label ({@link StepDescriptions#appLabel}); {@code window_title},
 *       {@code url} (the page the step happened on) from the step's app.</li>
 *   <li><b>flags</b>: the task's flags but {@value Flags#NO_OP}, which only the no-op step's own
 *       row carries (so a row says whether it is the no-op one), plus
 *       {@value #POINT_OUTSIDE_IMAGE}; in a fixed order.</li>
 * </ul>
 */
final class Rows {
    /** A point of the step lies outside its image; the point's columns are null. */
    static final String POINT_OUTSIDE_IMAGE = "point_outside_image";

    private static final List<String> ORDER = List.of(Flags.TOO_FEW_STEPS, Flags.UNGROUNDED, Flags.HEAVY_REDACTION, Flags.NO_OP,
            Flags.REPEATED_OR_UNDONE, Flags.NEAR_DUPLICATE, POINT_OUTSIDE_IMAGE);

    private Rows() {}

    static List<StepRow> of(SessionInput session, Episode episode) {
        PyAutoGui py = PyAutoGui.forSession(session.manifest(), PyAutoGui.Coords.ABSOLUTE);
        Map<String, byte[]> pngs = new HashMap<>();
        List<Step> steps = episode.steps();
        List<StepRow> rows = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            byte[] png = png(session.frames(), s.observation(), pngs);
            int[] size = png == null ? null : pngSize(png);
            if (size == null) png = null;
            Integer w = size == null ? null : size[0];
            Integer h = size == null ? null : size[1];
            Action a = s.action();
            boolean outside = false;

            Integer x = null;
            Integer y = null;
            Integer toX = null;
            Integer toY = null;
            if (a instanceof Action.Pointer p) {
                if (inside(p.x(), p.y(), size)) {
                    x = p.x();
                    y = p.y();
                } else {
                    outside = true;
                }
            }
            if (a instanceof Action.Drag d) {
                if (inside(d.toX(), d.toY(), size)) {
                    toX = d.toX();
                    toY = d.toY();
                } else {
                    outside = true;
                }
            }
            Double xNorm = x == null || w == null ? null : x / (double) w;
            Double yNorm = y == null || h == null ? null : y / (double) h;
            Integer dx = a instanceof Action.Scroll sc ? sc.dx() : null;
            Integer dy = a instanceof Action.Scroll sc ? sc.dy() : null;

            List<String> flags = new ArrayList<>();
            for (String f : ORDER) {
                boolean on = Flags.NO_OP.equals(f) ? QualityFlags.isNoOp(s)
                        : POINT_OUTSIDE_IMAGE.equals(f) ? outside : episode.flags().contains(f);
                if (on) flags.add(f);
            }
            for (String f : episode.flags()) if (!ORDER.contains(f) && !flags.contains(f)) flags.add(f);

            AppContext app = s.app();
            Target t = s.target();
            boolean grounded = t != null && t.source() != null && !"none".equals(t.source());
            Rect box = grounded ? t.bbox() : null;
            String instruction = i < episode.stepInstructions().size() ? episode.stepInstructions().get(i) : null;
            rows.add(new StepRow(
                    episode.episodeId(),
                    episode.sessionId(),
                    i,
                    episode.instruction(),
                    instruction,
                    png,
                    episode.episodeId() + "/" + i + ".png",
                    w,
                    h,
                    a == null ? null : a.type(),
                    x,
                    y,
                    xNorm,
                    yNorm,
                    toX,
                    toY,
                    dx,
                    dy,
                    text(a),
                    keys(a),
                    option(a),
                    py.code(a, app, w == null ? 0 : w, h == null ? 0 : h),
                    app == null ? null : StepDescriptions.appLabel(app),
                    app == null ? null : app.title(),
                    app == null ? null : app.url(),
                    grounded ? t.role() : null,
                    grounded ? t.name() : null,
                    box == null ? null : List.of(box.x(), box.y(), box.width(), box.height()),
                    flags,
                    s.wall()));
        }
        return rows;
    }

    /** Inside the image; true when the image size is unknown (nothing to check against). */
    private static boolean inside(int x, int y, int[] size) {
        if (size == null) return true;
        return x >= 0 && y >= 0 && x < size[0] && y < size[1];
    }

    private static byte[] png(FrameStore frames, String id, Map<String, byte[]> cache) {
        if (id == null || frames == null) return null;
        if (cache.containsKey(id)) return cache.get(id);
        byte[] png;
        try {
            png = frames.contains(id) ? frames.readPng(id) : null;
        } catch (RuntimeException e) { // a frame that cannot be read (TraceException): no image for the step
            png = null;
        }
        cache.put(id, png);
        return png;
    }

    /** {width, height} from the PNG's IHDR chunk, or null when the bytes are not a PNG. */
    static int[] pngSize(byte[] png) {
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        if (png == null || png.length < 24) return null;
        for (int i = 0; i < sig.length; i++) if (png[i] != sig[i]) return null;
        if (png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') return null;
        int w = readInt(png, 16);
        int h = readInt(png, 20);
        return w > 0 && h > 0 ? new int[] {w, h} : null;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static String text(Action a) {
        if (a instanceof Action.TypeText t) return t.text();
        if (a instanceof Action.ClipboardOp c) return c.text();
        if (a instanceof Action.Navigate n) return n.url();
        return null;
    }

    private static List<String> keys(Action a) {
        List<String> out = new ArrayList<>();
        if (a instanceof Action.Hotkey h) {
            for (String k : h.keys()) if (k != null) out.add(k.toLowerCase(Locale.ROOT));
        } else if (a instanceof Action.Key k && k.key() != null) {
            out.add(k.key().toLowerCase(Locale.ROOT));
        }
        return List.copyOf(out);
    }

    private static String option(Action a) {
        if (!(a instanceof Action.SelectOption o)) return null;
        if (o.option() != null) return o.option();
        return o.value();
    }
}
