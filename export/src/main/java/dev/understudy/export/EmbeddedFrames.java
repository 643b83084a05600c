package dev.understudy.export;

import dev.understudy.model.Step;
import dev.understudy.trace.FrameStore;
import dev.understudy.trace.TraceException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The distinct frames of a session, read from its frame store, and their embedding in the viewer:
 * one CSS rule per frame whose background is the frame as a base64 data URI, so each frame is in
 * the page once however many steps show it. The original PNGs are embedded when they fit in the
 * byte budget, else JPEGs at the largest of a few sizes that fits (the smallest when none does).
 * A frame keeps its original pixel size whatever is embedded, for the overlays drawn over it.
 */
final class EmbeddedFrames {
    private static final int[] JPEG_MAX_SIDES = {Integer.MAX_VALUE, 1600, 1280, 1024, 800, 640, 480, 320};

    /** A distinct frame: its id in the store, its CSS class in the page and its original size. */
    record Frame(String id, String cls, int width, int height) {}

    private final FrameStore store;
    private final Map<String, Frame> frames;

    private EmbeddedFrames(FrameStore store, Map<String, Frame> frames) {
        this.store = store;
        this.frames = frames;
    }

    /** The readable frames the steps show (before and after), in order of first use. */
    static EmbeddedFrames of(ExportSession s) {
        Set<String> ids = new LinkedHashSet<>();
        for (Step st : s.steps()) {
            if (st.observation() != null) ids.add(st.observation());
            if (st.observationAfter() != null) ids.add(st.observationAfter());
        }
        Map<String, Frame> out = new LinkedHashMap<>();
        for (String id : ids) {
            byte[] png = readPng(s.frames(), id);
            if (png == null) continue;
            int[] size = Png.size(png);
            if (size == null) continue;
            out.put(id, new Frame(id, "f" + out.size(), size[0], size[1]));
        }
        return new EmbeddedFrames(s.frames(), out);
    }

    /** The frame with this id, or null when the step has none or it cannot be read. */
    Frame get(String id) {
        return id == null ? null : frames.get(id);
    }

    /** The CSS rules that embed every frame, in at most {@code budget} characters when possible. */
    String css(long budget) {
        List<String> rules = new ArrayList<>();
        long total = 0;
        for (Frame f : frames.values()) {
            String rule = rule(f, "image/png", readPng(store, f.id()));
            total += rule.length();
            rules.add(rule);
        }
        if (total > budget) {
            for (int side : JPEG_MAX_SIDES) {
                rules.clear();
                total = 0;
                for (Frame f : frames.values()) {
                    String rule = rule(f, "image/jpeg", Jpeg.fromPng(readPng(store, f.id()), side));
                    total += rule.length();
                    rules.add(rule);
                    if (total > budget && side != JPEG_MAX_SIDES[JPEG_MAX_SIDES.length - 1]) break;
                }
                if (total <= budget) break;
            }
        }
        StringBuilder b = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 1024, total + 1024));
        for (String r : rules) b.append(r);
        return b.toString();
    }

    private static String rule(Frame f, String mime, byte[] data) {
        if (data == null) return "";
        return "." + f.cls() + "{background-image:url(\"data:" + mime + ";base64,"
                + Base64.getEncoder().encodeToString(data) + "\")}\n";
    }

    private static byte[] readPng(FrameStore store, String id) {
        if (store == null) return null;
        try {
            return store.contains(id) ? store.readPng(id) : null;
        } catch (TraceException e) {
            return null;
        }
    }
}
