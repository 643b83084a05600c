package dev.understudy.uploader;

import dev.understudy.model.AppContext;
import dev.understudy.model.FrameReason;
import dev.understudy.model.Manifest;
import dev.understudy.model.Monitor;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import dev.understudy.privacy.screen.RedactionLog;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionWriter;
import dev.understudy.trace.TraceFormat;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small recorded sessions made with the trace writer API: frames, clicks, typing, OCR boxes. */
final class Fixture {
    static final int W = 300;
    static final int H = 200;

    private Fixture() {}

    static Manifest manifest(String id, long start) {
        return new Manifest(TraceFormat.VERSION, id, "test", "Linux", "6", "amd64", "x11", "UTC", start, null, null,
                List.of(new Monitor(0, 0, 0, W, H, 1.0)));
    }

    static BufferedImage frame(int seed) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(42);
        for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) img.setRGB(x, y, (x * 3 + y * 5) & 0xff | ((x ^ y) & 0xff) << 8 | 0x400000);
        // what changes from frame to frame: a block of text-like noise
        Random c = new Random(seed);
        for (int y = 60; y < 100; y++) for (int x = 20 + seed * 10; x < 120 + seed * 10; x++) img.setRGB(x, y, c.nextInt(0xffffff));
        r.nextInt();
        return img;
    }

    /**
     * A session of {@code frames} frames with a click and some typing before each, started at
     * {@code start}; finished at {@code end} unless it is null. Every frame is checked by "OCR"
     * ({@code redactions.jsonl}), the even ones with a box to fill, unless {@code checked} is false.
     */
    static void session(DataDir dd, String id, long start, Long end, int frames, boolean checked) {
        SessionWriter w = dd.createSession(manifest(id, start));
        RedactionLog.writeSessionInfo(w.dir(), Map.of("policy", "test", "screenshots", "ocr"));
        AppContext app = new AppContext("gedit", "Gedit", "notes.txt - gedit", 4242, new Rect(0, 0, W, H), null);
        long t = start;
        long mono = 0;
        w.append(new RawEvent.WindowFocus(mono, t, app));
        for (int i = 0; i < frames; i++) {
            String fid = w.frames().put(frame(i));
            w.append(new RawEvent.Frame(mono += 1_000_000, t += 1, fid, 0, W, H, i == 0 ? FrameReason.START : FrameReason.ONSET));
            if (checked) {
                RedactionLog.append(w.dir(), fid, "ocr", i % 2 == 0 ? List.of(new Rect(30 + i * 10, 65, 40, 12)) : List.of());
            }
            w.append(new RawEvent.MouseMove(mono += 50_000_000, t += 50, 40 + i * 10, 70, 0));
            w.append(new RawEvent.MouseDown(mono += 80_000_000, t += 80, 40 + i * 10, 70, "left", 1, 0));
            w.append(new RawEvent.MouseUp(mono += 90_000_000, t += 90, 40 + i * 10, 70, "left", 0));
            for (char ch : ("word" + i + " ").toCharArray()) {
                String k = String.valueOf(ch);
                w.append(new RawEvent.KeyDown(mono += 120_000_000, t += 120, 30, k.equals(" ") ? "space" : k, k, 0));
                w.append(new RawEvent.KeyUp(mono += 40_000_000, t += 40, 30, k.equals(" ") ? "space" : k, 0));
            }
            w.append(new RawEvent.KeyDown(mono += 500_000_000, t += 500, 28, "enter", "\n", 0));
            w.append(new RawEvent.KeyUp(mono += 40_000_000, t += 40, 28, "enter", 0));
            w.flush();
        }
        String last = w.frames().put(frame(frames));
        w.append(new RawEvent.Frame(mono += 1_500_000_000L, t += 1500, last, 0, W, H, FrameReason.SETTLE));
        if (checked) RedactionLog.append(w.dir(), last, "ocr", List.of());
        if (end != null) {
            w.finish(end, "signal");
        } else {
            w.flush();
            w.close();
        }
    }
}
