package dev.understudy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.model.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The scripted workflow of the demo and of the end-to-end tests: a terminal and a notes app,
 * driven through real input. {@link #perform} returns the steps a perfect recorder must produce,
 * in order, in screen pixels.
 */
public final class DemoWorkflow implements AutoCloseable {
    public static final String TERMINAL_TITLE = "Terminal";

    /** One scripted step, as a user would describe it. Null fields are not checked. */
    public record Expected(String type, Integer x, Integer y, Integer toX, Integer toY, Integer dy, String text,
                           String key, List<String> keys, String app) {
        static Expected point(String type, int x, int y, String app) {
            return new Expected(type, x, y, null, null, null, null, null, null, app);
        }

        static Expected typed(String text, String app) {
            return new Expected("type", null, null, null, null, null, text, null, null, app);
        }

        static Expected key(String key, String app) {
            return new Expected("key", null, null, null, null, null, null, key, null, app);
        }

        static Expected hotkey(String app, String... keys) {
            return new Expected("hotkey", null, null, null, null, null, null, null, List.of(keys), app);
        }

        static Expected clip(String op, String text, String app) {
            return new Expected(op, null, null, null, null, null, text, null, null, app);
        }

        static Expected switchTo(String app) {
            return new Expected("switch_app", null, null, null, null, null, null, null, null, app);
        }

        public String describe() {
            StringBuilder sb = new StringBuilder(type);
            if (x != null) sb.append(" at ").append(x).append(',').append(y);
            if (toX != null) sb.append(" to ").append(toX).append(',').append(toY);
            if (dy != null) sb.append(" dy=").append(dy);
            if (text != null) sb.append(" \"").append(text).append('"');
            if (key != null) sb.append(' ').append(key);
            if (keys != null) sb.append(' ').append(String.join("+", keys));
            if (app != null) sb.append(" in ").append(app);
            return sb.toString();
        }
    }

    private final VirtualDesktop desktop;
    private final Xdo xdo;
    private final List<Process> apps = new ArrayList<>();
    private JsonNode layout;
    private String notesWindow;
    private String terminalWindow;

    public DemoWorkflow(VirtualDesktop desktop, Xdo xdo) {
        this.desktop = desktop;
        this.xdo = xdo;
    }

    /** Starts the terminal and the notes app and waits until both are ready; leaves Notes focused. */
    public void launchApps() throws IOException, InterruptedException {
        Process term = Processes.start(desktop.env(new ProcessBuilder("xterm", "-T", TERMINAL_TITLE, "-geometry", "72x20+720+420",
                        "-fa", "DejaVu Sans Mono", "-fs", "11", "-xrm", "XTerm*allowTitleOps: false"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD), "xterm");
        apps.add(term);
        terminalWindow = xdo.waitWindow(TERMINAL_TITLE);

        List<String> cmd = Processes.javaCommand(NotesApp.class.getName());
        cmd.addAll(List.of("30", "30"));
        Process notes = Processes.start(desktop.env(new ProcessBuilder(cmd)).redirectError(ProcessBuilder.Redirect.DISCARD), "the notes app");
        apps.add(notes);
        BufferedReader r = new BufferedReader(new InputStreamReader(notes.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = Processes.readLine(r, 30_000)) != null && !line.startsWith("ready ")) {
            // skip anything else the app prints before it is ready
        }
        if (line == null) throw new IOException("the notes app did not start");
        layout = Json.MAPPER.readTree(line.substring("ready ".length()));
        drain(r);
        notesWindow = xdo.waitWindow(NotesApp.TITLE);
        xdo.activate(notesWindow);
    }

    private static void drain(BufferedReader r) {
        Thread t = new Thread(() -> {
            try {
                while (r.readLine() != null) {
                    // keep the pipe open and empty
                }
            } catch (IOException ignored) {
                // app closed
            }
        }, "notes-stdout");
        t.setDaemon(true);
        t.start();
    }

    private int[] at(String part) {
        JsonNode n = layout.get(part);
        return new int[] {n.get(0).asInt(), n.get(1).asInt(), n.get(2).asInt(), n.get(3).asInt(), n.get(4).asInt(), n.get(5).asInt()};
    }

    /** Drives the workflow; calls progress with each step's description before doing it. */
    public List<Expected> perform(Consumer<String> progress) throws IOException, InterruptedException {
        List<Expected> exp = new ArrayList<>();
        final String notes = NotesApp.TITLE;
        final String term = TERMINAL_TITLE;
        int[] subject = at("subject");
        int[] body = at("body");
        int[] list = at("list");
        int[] board = at("board");
        int[] card = at("card");

        progress.accept("click the Subject field and type a subject");
        xdo.clickAt(subject[0], subject[1]);
        exp.add(Expected.point("click", subject[0], subject[1], notes));
        xdo.type("Quarterly report");
        exp.add(Expected.typed("Quarterly report", notes));

        progress.accept("Tab to the note, type with a correction, Enter");
        xdo.key("Tab");
        exp.add(Expected.key("tab", notes));
        xdo.type("Draft notes for the team");
        xdo.key("BackSpace", "BackSpace", "BackSpace", "BackSpace");
        xdo.type("crew");
        exp.add(Expected.typed("Draft notes for the crew", notes));
        xdo.key("Return");
        exp.add(Expected.key("enter", notes));

        progress.accept("double-click a word, copy it, paste it at the end");
        int wx = body[2] + 20;
        int wy = body[3] + 10;
        xdo.clickAt(wx, wy, 1, 2);
        exp.add(Expected.point("double_click", wx, wy, notes));
        xdo.key("ctrl+c");
        exp.add(Expected.clip("copy", "Draft", notes));
        xdo.key("ctrl+End");
        exp.add(Expected.hotkey(notes, "ctrl", "end"));
        xdo.key("ctrl+v");
        exp.add(Expected.clip("paste", "Draft", notes));

        progress.accept("drag the task card across the board");
        int toX = card[0] + 140;
        int toY = card[1] + 10;
        xdo.drag(card[0], card[1], toX, toY);
        exp.add(new Expected("drag", card[0], card[1], toX, toY, null, null, null, null, notes));

        progress.accept("scroll the ticket list and pick a ticket");
        xdo.scroll(list[0], list[1], 3);
        exp.add(new Expected("scroll", list[0], list[1], null, null, 3, null, null, null, notes));
        xdo.clickAt(list[0], list[1] - 30);
        exp.add(Expected.point("click", list[0], list[1] - 30, notes));

        progress.accept("save with Ctrl+S, right- and middle-click the board");
        xdo.key("ctrl+s");
        exp.add(Expected.hotkey(notes, "ctrl", "s"));
        int bx = board[2] + board[4] - 40;
        int by = board[3] + 40;
        xdo.clickAt(bx, by, 3, 1);
        exp.add(Expected.point("right_click", bx, by, notes));
        xdo.clickAt(bx - 30, by + 20, 2, 1);
        exp.add(Expected.point("middle_click", bx - 30, by + 20, notes));

        progress.accept("switch to the terminal and run a command");
        int[] tp = terminalPoint();
        int tx = tp[0];
        int ty = tp[1];
        xdo.clickAt(tx, ty);
        exp.add(Expected.switchTo(term));
        exp.add(Expected.point("click", tx, ty, term));
        xdo.type("echo hello from understudy");
        exp.add(Expected.typed("echo hello from understudy", term));
        xdo.key("Return");
        exp.add(Expected.key("enter", term));
        xdo.key("ctrl+l");
        exp.add(Expected.hotkey(term, "ctrl", "l"));

        progress.accept("back to the notes, triple-click a line");
        xdo.clickAt(subject[0], subject[1]);
        exp.add(Expected.switchTo(notes));
        exp.add(Expected.point("click", subject[0], subject[1], notes));
        int lx = body[2] + 60;
        int ly = body[3] + 10;
        xdo.clickAt(lx, ly, 1, 3);
        exp.add(Expected.point("triple_click", lx, ly, notes));
        return exp;
    }

    /** A part of the notes app: [centreX, centreY, x, y, width, height] in screen pixels. */
    public int[] part(String name) {
        return at(name);
    }

    /** A point inside the terminal window. */
    public int[] terminalPoint() throws IOException, InterruptedException {
        String geo = xdo.run("getwindowgeometry", "--shell", terminalWindow);
        int tx = Integer.parseInt(geo.replaceAll("(?s).*X=(\\d+).*", "$1")) + 200;
        int ty = Integer.parseInt(geo.replaceAll("(?s).*Y=(\\d+).*", "$1")) + 120;
        return new int[] {tx, ty};
    }

    /** Screen point where the last scripted action happened (to wait for it in the recording). */
    public int[] lastPoint() {
        int[] body = at("body");
        return new int[] {body[2] + 60, body[3] + 10};
    }

    @Override
    public void close() {
        for (Process p : apps) {
            p.destroy();
        }
        for (Process p : apps) {
            try {
                if (!p.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
