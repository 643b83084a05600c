package dev.understudy.dataset.spark;

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
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Generated sessions, written with the trace API as the recorder writes them: screenshots with
 * text-like content rendered with Java2D (a window with a title bar, a sidebar, lines of words), a
 * new screen every few steps and the same screen reused between (as real sessions do), each frame
 * marked as checked by OCR with nothing to hide, clicks and typed words in two apps.
 */
final class Corpus {
    private Corpus() {}

    static final String[] WORDS = ("ticket customer invoice status pending approved shipping address order number total "
            + "payment refund account settings profile search results filter export report dashboard project task "
            + "meeting calendar notes draft review comment assign priority high low medium create update delete save "
            + "cancel submit next previous page table column row value amount date name email phone").split(" ");

    /** Session {@code seed} starts at {@code START + seed} hours. */
    static final long START = 1_780_000_000_000L;

    static final String[] APPS = {"firefox", "libreoffice", "gedit"};

    /**
     * Writes a session and returns its id.
     *
     * @param steps      clicks to make (the reducer makes about 1.5 steps of each third: click, then typed word)
     * @param perScreen  steps that share one screen before it changes
     */
    static String session(Path dataRoot, long seed, int steps, int perScreen, int width, int height) {
        return session(dataRoot, seed, seed, steps, perScreen, width, height);
    }

    /** A session whose id and start come from {@code seed} and whose screens and actions from {@code content} (equal content: a near-duplicate). */
    static String session(Path dataRoot, long seed, long content, int steps, int perScreen, int width, int height) {
        return session(dataRoot, seed, content, steps, perScreen, width, height, 0);
    }

    /**
     * With {@code pages > 0}, the "edits" corpus: each new screen is one of {@code pages} pages shared by every session
     * (as workers come back to the same screens of the same apps), and every click then changes its screen in one
     * place, as a live screen does: the clicked line is highlighted and the words typed on the page appear in a field,
     * each change a new frame. With 0, every new screen is new everywhere and the clicks between change nothing.
     */
    static String session(Path dataRoot, long seed, long content, int steps, int perScreen, int width, int height, int pages) {
        Random rnd = new Random(content);
        long start = START + seed * 3_600_000L;
        String id = String.format("20260601-%06d-%04x", seed % 240000, (int) (seed & 0xffff));
        try (DataDir dd = DataDir.at(dataRoot)) {
            Manifest m = new Manifest(TraceFormat.VERSION, id, "0.1.0", "Linux", "6", "amd64", "x11", "UTC", start, null, null,
                    List.of(new Monitor(0, 0, 0, width, height, 1.0)));
            SessionWriter w = dd.createSession(m);
            RedactionLog.writeSessionInfo(w.dir(), Map.of("screenshots", "ocr", "review_hours", 0));
            long mono = 1_000_000L;
            String app = APPS[rnd.nextInt(APPS.length)];
            w.append(new RawEvent.WindowFocus(mono, start, new AppContext(app, app, "Window " + content, 100 + content,
                    new Rect(0, 0, width, height), null, null)));
            String fid = null;
            int screen = 0;
            BufferedImage page = null;
            StringBuilder typed = new StringBuilder();
            for (int i = 0; i < steps; i++) {
                int x = 40 + rnd.nextInt(width - 80), y = 60 + rnd.nextInt(height - 120);
                if (i % perScreen == 0) {
                    if (pages > 0) {
                        int p = rnd.nextInt(pages);
                        page = screen(width, height, 7919L * p, APPS[p % APPS.length]);
                        typed.setLength(0);
                        fid = w.frames().put(page);
                    } else {
                        fid = w.frames().put(screen(width, height, content * 1000 + screen++, app));
                    }
                    RedactionLog.append(w.dir(), fid, "ocr", List.of());
                } else if (pages > 0) {
                    fid = w.frames().put(edited(page, y, typed.toString()));
                    RedactionLog.append(w.dir(), fid, "ocr", List.of());
                }
                mono += 700_000_000L;
                long wall = start + mono / 1_000_000;
                w.append(new RawEvent.Frame(mono, wall, fid, 0, width, height, FrameReason.ONSET));
                w.append(new RawEvent.MouseDown(mono + 1000, wall, x, y, "left", 1, 0));
                w.append(new RawEvent.MouseUp(mono + 60_000_000L, wall + 60, x, y, "left", 0));
                if (i % 3 == 2) {
                    String word = WORDS[rnd.nextInt(WORDS.length)];
                    if (pages > 0) typed.append(word).append(' ');
                    long t = mono + 200_000_000L;
                    for (char c : word.toCharArray()) {
                        String k = String.valueOf(c);
                        w.append(new RawEvent.KeyDown(t, start + t / 1_000_000, 30, k, k, 0));
                        w.append(new RawEvent.KeyUp(t + 40_000_000L, start + t / 1_000_000 + 40, 30, k, 0));
                        t += 90_000_000L;
                    }
                    mono = t;
                }
            }
            w.finish(start + mono / 1_000_000 + 1000, "signal");
            w.close();
        }
        return id;
    }

    /** A screen with text: title bar, sidebar, a page of words (different for each {@code seed}). */
    static BufferedImage screen(int width, int height, long seed, String app) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0xf4f4f4));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(0x2d3e50));
        g.fillRect(0, 0, width, 36);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(app + " — " + WORDS[rnd.nextInt(WORDS.length)] + " " + seed, 14, 24);
        g.setColor(new Color(0xe2e6ea));
        g.fillRect(0, 36, 220, height - 36);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.setColor(new Color(0x333333));
        for (int i = 0; i < 20; i++) g.drawString(WORDS[rnd.nextInt(WORDS.length)], 20, 70 + i * 28);
        g.setFont(new Font(Font.SERIF, Font.PLAIN, 15));
        for (int y = 70; y < height - 20; y += 22) {
            StringBuilder line = new StringBuilder();
            int n = 4 + rnd.nextInt(12);
            for (int k = 0; k < n; k++) line.append(WORDS[rnd.nextInt(WORDS.length)]).append(' ');
            g.setColor(rnd.nextInt(9) == 0 ? new Color(0x1a5fb4) : Color.BLACK);
            g.drawString(line.toString(), 250, y);
        }
        g.setColor(new Color(0x3584e4));
        g.fillRoundRect(width - 180, height - 70, 140, 36, 8, 8);
        g.setColor(Color.WHITE);
        g.drawString("Submit", width - 135, height - 46);
        g.dispose();
        return img;
    }

    /** The page with the line at {@code y} highlighted and {@code typed} in the field at the bottom. */
    static BufferedImage edited(BufferedImage page, int y, String typed) {
        BufferedImage img = new BufferedImage(page.getWidth(), page.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.drawImage(page, 0, 0, null);
        g.setColor(new Color(0x3584e4));
        g.drawRect(246, y - 16, page.getWidth() - 300, 21);
        g.setColor(Color.WHITE);
        g.fillRect(250, page.getHeight() - 70, page.getWidth() - 460, 30);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString(typed, 256, page.getHeight() - 50);
        g.dispose();
        return img;
    }

    /** Garbage in the middle of the session's first event segment: it still lists, but cannot be read whole. */
    static void corruptEvents(Path dataRoot, String id) throws IOException {
        Path events = DataDir.at(dataRoot).sessionDir(id).resolve(TraceFormat.EVENTS_DIR);
        List<Path> segs;
        try (Stream<Path> s = Files.list(events)) {
            segs = new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
        }
        for (Path seg : segs) {
            byte[] b = Files.readAllBytes(seg);
            Random rnd = new Random(7);
            for (int i = 0; i < b.length; i++) b[i] = (byte) rnd.nextInt(256);
            Files.write(seg, b);
        }
    }

    /** A manifest that does not parse. */
    static void corruptManifest(Path dataRoot, String id) throws IOException {
        Files.writeString(DataDir.at(dataRoot).sessionDir(id).resolve(TraceFormat.MANIFEST), "{ not json");
    }
}
