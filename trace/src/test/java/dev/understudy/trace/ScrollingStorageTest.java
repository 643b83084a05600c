package dev.understudy.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A terminal whose output scrolls and a document scrolled by a few lines at a time: every tile of
 * the scrolled area changes, but its content only moved. A batch's reference dictionary holds what
 * every changed tile showed before, so the rows that moved are in it; zstd's binary-tree match
 * finder (level 12 for large batches) finds them where the lazy one (level 6) mostly did not.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScrollingStorageTest {
    @TempDir
    Path tmp;

    /** Lines of made-up terminal output, antialiased like a real terminal's text. */
    static List<BufferedImage> scrollingTerminal(int frames, int linesPerStep, long seed) {
        Random r = new Random(seed);
        String[] words = {"drwxr-xr-x", "root", "4096", "Dec", "7", "share", "lib", "-rw-r--r--", "1", "index.html", "x86_64",
                "usr", "bin", "README", "1832", "Makefile", "src", "test", "main", "java", "dev", "understudy", "pom.xml"};
        List<String> lines = new ArrayList<>();
        List<BufferedImage> out = new ArrayList<>();
        int lineH = 17;
        int visible = 700 / lineH;
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < (f == 0 ? visible : linesPerStep); i++) {
                StringBuilder sb = new StringBuilder();
                for (int k = 0, n = 3 + r.nextInt(8); k < n; k++) sb.append(words[r.nextInt(words.length)]).append(' ');
                lines.add(sb.toString());
            }
            BufferedImage img = new BufferedImage(1280, 800, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(0xECECEC));
            g.fillRect(0, 0, 1280, 800);
            g.setColor(new Color(0x2B2B2B)); // the terminal window; a static panel and title bar around it
            g.fillRect(200, 60, 900, 720);
            g.setColor(new Color(0x3C7EBF));
            g.fillRect(200, 40, 900, 20);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int i = 0; i < 30; i++) g.drawString("panel item " + i, 10, 80 + i * 22);
            g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 13));
            g.setColor(new Color(0xD0D0D0));
            g.setClip(200, 60, 900, 720);
            int first = lines.size() - visible;
            for (int i = 0; i < visible; i++) g.drawString(lines.get(first + i), 206, 75 + i * lineH);
            g.dispose();
            out.add(img);
        }
        return out;
    }

    static long png(BufferedImage img) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(img, "png", b);
        return b.size();
    }

    @Test
    void aScrollingTerminalTakesTenTimesFewerBytesThanPngAndReadsBackExactly() throws Exception {
        List<BufferedImage> frames = scrollingTerminal(30, 3, 1);
        Path data = tmp.resolve("data");
        TileFrameStore s = TileFrameStore.forSession(data, data.resolve("sessions/s"), true);
        String lv = System.getProperty("understudy.bench.levels"); // "SMALL,LARGE", to compare levels by hand
        if (lv != null) s.pack().compressionLevel(Integer.parseInt(lv.split(",")[0]), Integer.parseInt(lv.split(",")[1]));
        List<String> ids = new ArrayList<>();
        long bytes = 0;
        long nanos = 0;
        for (BufferedImage f : frames) {
            ids.add(s.put(f));
            bytes += s.lastPut().tileBytes() + s.lastPut().recordBytes();
            nanos += s.lastPut().nanos();
        }
        s.close();
        TileFrameStore r = TileFrameStore.forSession(data, data.resolve("sessions/s"), false);
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(FrameIds.of(frames.get(i)), FrameIds.of(r.read(ids.get(i))), "frame " + i + " reads back exactly");
        }
        long pngBytes = 0;
        for (BufferedImage f : frames) pngBytes += png(f);
        System.out.printf("scrolling terminal, %d frames: PNG %,d B, tile store %,d B (%.1fx fewer), put %.1f ms a frame%n",
                frames.size(), pngBytes, bytes, (double) pngBytes / bytes, nanos / 1e6 / frames.size());
        assertTrue(pngBytes >= 10 * bytes, "at least 10x fewer bytes than PNG: " + pngBytes + " vs " + bytes);
    }
}
