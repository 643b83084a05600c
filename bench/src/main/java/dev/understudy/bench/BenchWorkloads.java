package dev.understudy.bench;

import com.sun.net.httpserver.HttpServer;
import dev.understudy.demo.BrowserProcess;
import dev.understudy.demo.DemoWorkflow;
import dev.understudy.demo.NotesApp;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.demo.Xdo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The recorder benchmark's workloads besides the office one ({@link dev.understudy.demo.OfficeWorkload}):
 * a dense one (an action about every second), and one whose screen scrolls (a terminal paging
 * through output, a long document in an editor, a long web page in Chromium). Idle needs no class:
 * the harness just waits.
 *
 * <p>Actions are paced on a fixed tick: the next action starts {@code tickMillis} after the previous
 * one started (at once if it took longer), so the rate does not depend on how long typing takes.
 */
final class BenchWorkloads {
    private BenchWorkloads() {}

    private static final List<String> WORDS = List.of("renewal", "standup", "tickets", "backup", "onboarding", "budget", "vendor", "review");
    private static final List<String> COMMANDS = List.of("date", "uptime", "whoami", "df -h", "ls");

    /** An action being paced: does one thing and names it. */
    private interface Action {
        void run() throws IOException, InterruptedException;
    }

    /** Runs the actions on a fixed tick until the time is up; returns how many ran. */
    private static int paced(long tickMillis, long durationMillis, List<Action> cycle, int[] count) throws IOException, InterruptedException {
        long start = System.currentTimeMillis();
        long end = start + durationMillis;
        long next = start;
        int i = 0;
        while (System.currentTimeMillis() < end) {
            cycle.get(i % cycle.size()).run();
            count[0]++;
            i++;
            next += tickMillis;
            long wait = Math.min(next, end) - System.currentTimeMillis();
            if (wait > 0) Thread.sleep(wait); // the pace of the workload, not synchronisation
            else next = System.currentTimeMillis();
        }
        return count[0];
    }

    /**
     * Dense: the office apps at an action about every {@code tickMillis} (1 s): click a field, type a
     * word, scroll the list, pick an item, Ctrl+S, switch to the terminal, run a short command,
     * clear it, switch back.
     */
    static int dense(DemoWorkflow apps, Xdo xdo, long tickMillis, long durationMillis, Consumer<String> log)
            throws IOException, InterruptedException {
        int[] subject = apps.part("subject");
        int[] body = apps.part("body");
        int[] list = apps.part("list");
        int[] term = apps.terminalPoint();
        int[] round = {0};
        int[] count = {0};
        List<Action> cycle = List.of(
                () -> {
                    log.accept("round " + (++round[0]));
                    xdo.clickAt(subject[0], subject[1]); // also the switch back from the terminal
                },
                () -> {
                    xdo.key("ctrl+a");
                    xdo.type(WORDS.get(round[0] % WORDS.size()));
                },
                () -> {
                    xdo.clickAt(body[2] + 40, body[3] + body[5] - 20);
                    xdo.type(WORDS.get((round[0] + 3) % WORDS.size()) + " ");
                },
                () -> xdo.scroll(list[0], list[1], 1 + round[0] % 3),
                () -> xdo.clickAt(list[0], list[1] - 40 + (round[0] % 4) * 18),
                () -> xdo.key("ctrl+s"),
                () -> xdo.clickAt(term[0], term[1]),
                () -> {
                    xdo.type(COMMANDS.get(round[0] % COMMANDS.size()));
                    xdo.key("Return");
                },
                () -> xdo.key("ctrl+l"));
        return paced(tickMillis, durationMillis, cycle, count);
    }

    /**
     * Scrolling: the duration split between a terminal of its own paging through {@code ls -lR /usr/share}
     * with {@code less} (Space every tick), a long text file in mousepad (Page Down and the wheel, if
     * mousepad is installed), and a long local page in Chromium served from 127.0.0.1 (the wheel and
     * Space, if Chromium is installed). Ends with the notes app in front.
     *
     * @param phases filled with what ran ("terminal", "mousepad", "chromium") or why a phase was skipped
     */
    static int scroll(VirtualDesktop desktop, DemoWorkflow apps, Xdo xdo, Path dataDir, Path work, long tickMillis, long durationMillis,
                      Consumer<String> log, List<String> phases) throws IOException, InterruptedException {
        List<String> planned = new ArrayList<>(List.of("terminal"));
        if (onPath("mousepad")) planned.add("mousepad");
        else phases.add("mousepad skipped: not installed");
        if (BrowserProcess.available()) planned.add("chromium");
        else phases.add("chromium skipped: not installed");
        long each = durationMillis / planned.size();
        int[] count = {0};
        for (String phase : planned) {
            log.accept("scroll phase: " + phase + " for " + each / 1000 + " s");
            switch (phase) {
                case "terminal" -> terminal(desktop, xdo, tickMillis, each, count);
                case "mousepad" -> mousepad(desktop, xdo, work, tickMillis, each, count);
                default -> {
                    try {
                        browser(desktop, xdo, dataDir, tickMillis, each, count);
                    } catch (IOException e) {
                        phases.add("chromium failed: " + e.getMessage());
                        log.accept("chromium phase failed: " + e.getMessage());
                        continue;
                    }
                }
            }
            phases.add(phase);
        }
        // the notes app in front again, as the other workloads end (the end marker is typed there)
        String notes = xdo.run("search", "--onlyvisible", "--name", "^" + NotesApp.TITLE).lines().findFirst().orElse("").trim();
        if (!notes.isEmpty()) xdo.activate(notes);
        int[] subject = apps.part("subject");
        xdo.clickAt(subject[0], subject[1]);
        return count[0];
    }

    /** Title of the scroll workload's own terminal. */
    static final String SCROLL_TERMINAL_TITLE = "Scrolling terminal";

    /**
     * A terminal of its own, about 1100x720, printing the next 30 lines of {@code ls -lR /usr/share}
     * at each Return (no interactive shell, whose start-up files may wait on something). Not a pager:
     * {@code less} turns the terminal's echo off, which the recorder rightly takes for a password
     * prompt and withholds the frames of; here the terminal echoes as a shell does. Ctrl+D ends it.
     */
    private static void terminal(VirtualDesktop desktop, Xdo xdo, long tickMillis, long durationMillis, int[] count)
            throws IOException, InterruptedException {
        Process term = desktop.spawn("xterm", "-T", SCROLL_TERMINAL_TITLE, "-geometry", "150x38+20+20", "-fa", "DejaVu Sans Mono", "-fs", "11",
                "-xrm", "XTerm*allowTitleOps: false", "-e", "sh", "-c",
                "f=$(mktemp); ls -lR /usr/share > \"$f\" 2>/dev/null; n=1; "
                        + "while read x; do sed -n \"${n},$((n+29))p\" \"$f\"; n=$((n+30)); done; rm -f \"$f\"");
        try {
            String win = xdo.waitWindow(SCROLL_TERMINAL_TITLE);
            xdo.activate(win);
            xdo.clickAt(500, 300);
            count[0]++;
            paced(tickMillis, durationMillis, List.of(() -> xdo.key("Return")), count);
            xdo.key("ctrl+d");
            count[0]++;
        } finally {
            if (!term.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) term.destroy();
        }
    }

    private static void mousepad(VirtualDesktop desktop, Xdo xdo, Path work, long tickMillis, long durationMillis, int[] count)
            throws IOException, InterruptedException {
        Path doc = work.resolve("long-document.txt");
        Files.writeString(doc, longDocument(4000), StandardCharsets.UTF_8);
        ProcessBuilder pb = desktop.command("mousepad", "--disable-server", doc.toString());
        // its own settings and session store: no "restore the previous session?" question from another run
        for (String v : List.of("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")) {
            pb.environment().put(v, Files.createDirectories(work.resolve("mousepad-home").resolve(v.toLowerCase(Locale.ROOT))).toString());
        }
        Process mp = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        desktop.own(mp);
        try {
            String win = xdo.run("search", "--sync", "--onlyvisible", "--name", "long-document").lines().findFirst().orElseThrow().trim();
            tryRun(xdo, "windowmove", win, "30", "30");
            tryRun(xdo, "windowsize", win, "1150", "730");
            xdo.activate(win);
            int cx = 600;
            int cy = 400;
            xdo.clickAt(cx, cy);
            count[0]++;
            int[] i = {0};
            paced(tickMillis, durationMillis, List.of(() -> {
                if (i[0]++ % 2 == 0) xdo.key("Next");
                else xdo.scroll(cx, cy, 5);
            }), count);
        } finally {
            mp.destroy();
            mp.waitFor();
        }
    }

    private static void browser(VirtualDesktop desktop, Xdo xdo, Path dataDir, long tickMillis, long durationMillis, int[] count)
            throws IOException, InterruptedException {
        byte[] page = longPage(400).getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, page.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(page);
            }
        });
        server.start();
        try (BrowserProcess b = BrowserProcess.start(desktop, dataDir, "http://127.0.0.1:" + server.getAddress().getPort() + "/long-page.html")) {
            String win = xdo.run("search", "--sync", "--onlyvisible", "--name", "Long page").lines().findFirst().orElseThrow().trim();
            xdo.activate(win);
            int cx = BrowserProcess.WIDTH / 2;
            int cy = BrowserProcess.HEIGHT / 2 + 40;
            xdo.clickAt(cx, cy);
            count[0]++;
            int[] i = {0};
            paced(tickMillis, durationMillis, List.of(() -> {
                if (i[0]++ % 2 == 0) xdo.scroll(cx, cy, 5);
                else xdo.key("space");
            }), count);
        } finally {
            server.stop(0);
        }
    }

    private static void tryRun(Xdo xdo, String... args) throws InterruptedException {
        try {
            xdo.run(args);
        } catch (IOException e) {
            // cosmetic (a window manager that refuses the size)
        }
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(":")) if (Files.isExecutable(Path.of(dir, command))) return true;
        return false;
    }

    /** A long plain-text document: numbered sections of varied sentences. */
    static String longDocument(int lines) {
        String[] words = ("the quarterly review covers vendor renewals onboarding budgets backups tickets printers laptops access "
                + "meetings travel reports releases invoices schedules training policies security audits contracts").split(" ");
        StringBuilder b = new StringBuilder();
        long x = 12345;
        for (int i = 1; i <= lines; i++) {
            if (i % 40 == 1) {
                b.append("\n").append("Section ").append(i / 40 + 1).append(": ").append(words[i % words.length].toUpperCase(Locale.ROOT)).append("\n\n");
                continue;
            }
            b.append(String.format(Locale.ROOT, "%4d  ", i));
            x = x * 6364136223846793005L + 1442695040888963407L;
            int n = 4 + (int) Math.floorMod(x >>> 40, 10L); // 4 to 13 words
            for (int k = 0; k < n; k++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
                b.append(words[(int) Math.floorMod(x >>> 33, (long) words.length)]).append(' ');
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** A long local web page: headings, paragraphs, a table and coloured boxes now and then. */
    static String longPage(int sections) {
        StringBuilder b = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Long page</title><style>"
                + "body{font-family:sans-serif;margin:40px;max-width:1000px;line-height:1.5}"
                + "table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 10px}"
                + ".box{display:inline-block;width:120px;height:60px;margin:6px;border-radius:8px}"
                + "</style></head><body><h1>Long page</h1>\n");
        String[] lines = longDocument(sections * 8).split("\n");
        for (int s = 0; s < sections; s++) {
            b.append("<h2>Section ").append(s + 1).append("</h2>\n<p>");
            for (int k = 0; k < 6; k++) b.append(lines[Math.min(lines.length - 1, s * 8 + k)].strip()).append(". ");
            b.append("</p>\n");
            if (s % 5 == 2) {
                b.append("<table><tr><th>ticket</th><th>owner</th><th>status</th></tr>");
                for (int r = 0; r < 5; r++) b.append("<tr><td>#").append(1000 + s * 5 + r).append("</td><td>team ").append((s + r) % 7)
                        .append("</td><td>").append(r % 2 == 0 ? "open" : "closed").append("</td></tr>");
                b.append("</table>\n");
            }
            if (s % 7 == 4) {
                b.append("<div>");
                for (int r = 0; r < 5; r++) b.append(String.format(Locale.ROOT, "<span class=\"box\" style=\"background:hsl(%d,60%%,70%%)\"></span>", (s * 37 + r * 61) % 360));
                b.append("</div>\n");
            }
        }
        return b.append("</body></html>\n").toString();
    }
}
