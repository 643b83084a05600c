package dev.understudy.export;

import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Manifest;
import dev.understudy.model.Monitor;
import dev.understudy.model.Rect;
import dev.understudy.model.Step;
import dev.understudy.model.Target;
import dev.understudy.trace.FrameStore;
import dev.understudy.trace.PngFrameStore;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Hand-built sessions over a real PngFrameStore in a temp dir. */
final class Fixtures {
    static final long START = 1_795_030_801_123L; // 2026-11-18T19:40:01.123Z
    static final int W = 1280;
    static final int H = 800;

    final FrameStore store;
    final String frameA;
    final String frameB;
    final String frameC;
    final String unused;

    Fixtures(Path dir) {
        store = new PngFrameStore(dir.resolve("frames"));
        frameA = store.put(image(W, H, new Color(30, 60, 90)));
        frameB = store.put(image(W, H, new Color(200, 210, 220)));
        frameC = store.put(image(W, H, new Color(120, 20, 20)));
        unused = store.put(image(W, H, new Color(1, 2, 3)));
    }

    static BufferedImage image(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.fillRect(w / 4, h / 4, w / 2, h / 10);
        g.dispose();
        return img;
    }

    static Manifest manifest(String id) {
        return new Manifest(1, id, "0.1.0", "Linux", "6.8", "amd64", "x11", "Europe/Berlin", START, START + 125_000L,
                "signal", List.of(new Monitor(0, 0, 0, W, H, 1.0), new Monitor(1, W, 0, 1920, 1080, 1.0)));
    }

    static final AppContext XTERM = new AppContext("xterm", "XTerm", "bash", 42, new Rect(0, 0, 800, 600), null);
    static final AppContext FIREFOX = new AppContext("firefox", "firefox", "Example Domain — Mozilla Firefox", 43,
            null, "https://example.com/");

    /** One step of every action type, in this order. */
    /** One action of every kind: {@link #webAndPointerActions()} and the desktop menu_select. */
    static List<Action> allActions() {
        List<Action> all = new ArrayList<>(webAndPointerActions());
        all.add(new Action.MenuSelect(List.of("File", "Save As…")));
        return List.copyOf(all);
    }

    /** The actions {@link #session} exports, one per step (its step counts are what the exporter tests expect). */
    static List<Action> webAndPointerActions() {
        return List.of(
                new Action.Click(640, 400),
                new Action.DoubleClick(412, 233),
                new Action.TripleClick(100, 200),
                new Action.RightClick(10, 20),
                new Action.MiddleClick(30, 40),
                new Action.Drag(100, 100, 300, 200, List.of(new Action.Point(100, 100), new Action.Point(200, 150), new Action.Point(300, 200))),
                new Action.Scroll(500, 300, 0, 3),
                new Action.TypeText("hello world"),
                new Action.Key("enter"),
                new Action.Hotkey(List.of("Ctrl", "shift", "T")),
                new Action.SwitchApp(),
                new Action.Copy("copied text"),
                new Action.Cut("cut text"),
                new Action.Paste("pasted text"),
                new Action.SelectOption("Large", "l"),
                new Action.Navigate("https://example.org/page?q=1"));
    }

    ExportSession session(String id) {
        List<Step> steps = new ArrayList<>();
        List<Action> actions = webAndPointerActions();
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            boolean browser = a instanceof Action.SwitchApp || a instanceof Action.SelectOption || a instanceof Action.Navigate;
            AppContext app = browser ? FIREFOX : XTERM;
            Target target = i == 0 ? new Target("a11y", "push button", "Save", null, new Rect(600, 380, 80, 40), null, null, null)
                    : i == 14 ? new Target("dom", "combobox", "Size", "select", new Rect(10, 10, 100, 20), "#size", "/html/body/select", null)
                    : Target.NONE;
            String obs = i % 2 == 0 ? frameA : frameB;
            String after = i == 0 ? frameC : null;
            steps.add(new Step(id, i, i * 1_000_000_000L, START + 1000L * (i + 1), app, a, target, 0, obs, after,
                    10L * i, 10L * i + 3));
        }
        return new ExportSession(id, manifest(id), steps, store);
    }

    static Step step(String session, int index, Action a, AppContext app, String obs) {
        return new Step(session, index, 0, START + index, app, a, Target.NONE, 0, obs, null, index, index);
    }
}
