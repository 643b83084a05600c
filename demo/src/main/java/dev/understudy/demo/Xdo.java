package dev.understudy.demo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Real input through XTEST, with xdotool. Every call returns once xdotool has sent its events. */
public final class Xdo {
    private final VirtualDesktop desktop;
    private final int typeDelayMs;

    public Xdo(VirtualDesktop desktop) {
        this(desktop, 40);
    }

    public Xdo(VirtualDesktop desktop, int typeDelayMs) {
        this.desktop = desktop;
        this.typeDelayMs = typeDelayMs;
    }

    public String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("xdotool");
        cmd.addAll(List.of(args));
        for (int attempt = 1; ; attempt++) {
            try {
                return Processes.run(desktop.env(new ProcessBuilder(cmd)), 30_000);
            } catch (IOException e) {
                // A window that closes while xdotool walks the tree (a tooltip, a splash) fails a
                // search with BadWindow: the search itself is fine to repeat.
                boolean raced = "search".equals(args[0]) && e.getMessage() != null && e.getMessage().contains("BadWindow");
                if (!raced || attempt >= 5) throw e;
            }
        }
    }

    /** Waits until a window with this exact title exists and returns its id. */
    public String waitWindow(String title) throws IOException, InterruptedException {
        String out = run("search", "--sync", "--onlyvisible", "--name", "^" + title.replaceAll("([\\\\.\\[\\]{}()*+?^$|])", "\\\\$1") + "$");
        return out.lines().findFirst().orElseThrow(() -> new IOException("no window " + title)).trim();
    }

    public void activate(String windowId) throws IOException, InterruptedException {
        run("windowactivate", "--sync", windowId);
    }

    public String activeWindowName() throws IOException, InterruptedException {
        return run("getactivewindow", "getwindowname").trim();
    }

    public void moveTo(int x, int y) throws IOException, InterruptedException {
        run("mousemove", "--sync", Integer.toString(x), Integer.toString(y));
    }

    /** Moves in a few steps, as a hand would, then clicks. */
    public void clickAt(int x, int y, int button, int repeat) throws IOException, InterruptedException {
        glide(x, y);
        run("click", "--repeat", Integer.toString(repeat), "--delay", "90", Integer.toString(button));
    }

    public void clickAt(int x, int y) throws IOException, InterruptedException {
        clickAt(x, y, 1, 1);
    }

    /** A pointer path of a few moves ending at (x, y). */
    public void glide(int x, int y) throws IOException, InterruptedException {
        String loc = run("getmouselocation", "--shell");
        int cx = Integer.parseInt(loc.replaceAll("(?s).*X=(\\d+).*", "$1"));
        int cy = Integer.parseInt(loc.replaceAll("(?s).*Y=(\\d+).*", "$1"));
        int steps = 6;
        List<String> args = new ArrayList<>();
        for (int i = 1; i <= steps; i++) {
            if (!args.isEmpty()) args.add("sleep");
            if (!args.isEmpty()) args.add("0.03");
            args.add("mousemove");
            args.add(Integer.toString(cx + (x - cx) * i / steps));
            args.add(Integer.toString(cy + (y - cy) * i / steps));
        }
        run(args.toArray(new String[0]));
    }

    public void drag(int x, int y, int toX, int toY) throws IOException, InterruptedException {
        glide(x, y);
        List<String> args = new ArrayList<>(List.of("mousedown", "1"));
        int steps = 10;
        for (int i = 1; i <= steps; i++) {
            args.addAll(List.of("sleep", "0.04", "mousemove", Integer.toString(x + (toX - x) * i / steps),
                    Integer.toString(y + (toY - y) * i / steps)));
        }
        args.addAll(List.of("sleep", "0.05", "mouseup", "1"));
        run(args.toArray(new String[0]));
    }

    public void scroll(int x, int y, int notchesDown) throws IOException, InterruptedException {
        glide(x, y);
        run("click", "--repeat", Integer.toString(Math.abs(notchesDown)), "--delay", "60", notchesDown > 0 ? "5" : "4");
    }

    public void type(String text) throws IOException, InterruptedException {
        run("type", "--delay", Integer.toString(typeDelayMs), text);
    }

    /** Key names as xdotool spells them: Return, Tab, BackSpace, ctrl+s, ctrl+shift+t... */
    public void key(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("key", "--delay", "80"));
        args.addAll(List.of(keys));
        run(args.toArray(new String[0]));
    }
}
