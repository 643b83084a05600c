package dev.understudy.dataset;

import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Manifest;
import dev.understudy.model.Monitor;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import dev.understudy.model.Step;
import dev.understudy.model.Target;
import dev.understudy.trace.FrameStore;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Small hand-built sessions: steps one second apart, tiny frames. */
public final class Fixture {
    public static final String SESSION = "20261118-194001-ab12";
    public static final long T0 = 1_795_030_801_000L;
    public static final int W = 40;
    public static final int H = 30;

    public static final AppContext NOTES = new AppContext("java", "Notes", "todo.txt", 11, null, null, "Notes");
    static final AppContext TERM = new AppContext("xterm", "XTerm", "bash", 12, null, null);
    static final AppContext MAIL = new AppContext("thunderbird", "Thunderbird", "Inbox", 13, null, null, "Mail");
    static final AppContext DESK = new AppContext("firefox", "firefox", "New ticket · Acme Desk — Mozilla Firefox", 14, null,
            "http://desk.example.com/tickets", "Firefox");

    private final List<Step> steps = new ArrayList<>();
    private long wall = T0;

    public static Manifest manifest() {
        return new Manifest(2, SESSION, "0.1.0", "Linux", "6.8", "amd64", "x11", "UTC", T0, T0 + 3_600_000L, "signal",
                List.of(new Monitor(0, 0, 0, W, H, 1.0)));
    }

    static Target dom(String role, String name) {
        return new Target("dom", role, name, null, new Rect(5, 2, 10, 6), null, null, null);
    }

    /** Adds a step {@code gapMillis} after the previous one (its seq range: its index). */
    Fixture add(long gapMillis, AppContext app, Action a, Target t) {
        return add(gapMillis, app, a, t, null, null);
    }

    Fixture add(long gapMillis, AppContext app, Action a, Target t, String obs, String after) {
        wall += gapMillis;
        int i = steps.size();
        steps.add(new Step(SESSION, i, i * 1_000_000L, wall, app, a, t == null ? Target.NONE : t, 0, obs, after, 10L * i, 10L * i + 1));
        return this;
    }

    Fixture add(AppContext app, Action a) {
        return add(1000, app, a, null);
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    SessionInput input(List<RawEvent> events, FrameStore frames) {
        return new SessionInput(SESSION, "test", null, null, manifest(), events, steps(), frames, "0".repeat(64));
    }

    SessionInput input() {
        return input(List.of(), null);
    }

    /** A frame with a left-to-right ramp whose direction and offset vary with {@code seed}: distinct dHashes. */
    public static BufferedImage frame(int seed) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int v = ((x * 7 + y * (seed % 5) * 3 + seed * 37) * (seed % 2 == 0 ? 1 : 3)) & 0xff;
                img.setRGB(x, y, (v << 16) | (((v * seed) & 0xff) << 8) | (255 - v));
            }
        }
        return img;
    }
}
