package dev.understudy.dataset.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.dataset.Fixture;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionWriter;
import dev.understudy.trace.TileFrameStore;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.Adler32;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TileRowImagesTest {
    @TempDir
    Path root;

    @Test
    void adlerOfTwoPartsCombinesToTheAdlerOfTheWhole() {
        Random rnd = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] a = new byte[rnd.nextInt(70_000)];
            byte[] b = new byte[rnd.nextInt(70_000)];
            rnd.nextBytes(a);
            if (i % 2 == 0) java.util.Arrays.fill(b, (byte) 0xff); // long runs push the sums past the modulus
            else rnd.nextBytes(b);
            Adler32 whole = new Adler32();
            whole.update(a);
            whole.update(b);
            Adler32 x = new Adler32();
            x.update(a);
            Adler32 y = new Adler32();
            y.update(b);
            assertEquals(whole.getValue(), PngBands.adlerCombine(x.getValue(), y.getValue(), b.length));
        }
    }

    /** Frames of odd sizes (edge tiles narrower and lower, blocks cut) give PNGs that decode to exactly the stored pixels. */
    @Test
    void pngsDecodeToTheStoredPixelsAndHashesMatchTheWholeImage() throws Exception {
        List<String> ids = new ArrayList<>();
        List<BufferedImage> written = new ArrayList<>();
        try (DataDir dd = DataDir.at(root)) {
            SessionWriter w = dd.createSession(Fixture.manifest());
            int[][] sizes = {{1280, 800}, {1000, 601}, {65, 63}, {7, 5}, {1280, 800}};
            for (int i = 0; i < sizes.length; i++) {
                BufferedImage img = screen(sizes[i][0], sizes[i][1], i, i == 4 ? "changed in one line" : null);
                written.add(img);
                ids.add(w.frames().put(img));
            }
            w.finish(Fixture.T0 + 1000, "signal");
            w.close();
        }
        try (DataDir dd = DataDir.at(root)) {
            TileFrameStore store = (TileFrameStore) dd.open(Fixture.SESSION).frames();
            for (int i = 0; i < ids.size(); i++) {
                TileFrameStore.Layout l = store.layout(ids.get(i));
                assertTrue(TileRowImages.supports(l));
                byte[] png = TileRowImages.png(store, l);
                inflatesStrictly(png);
                BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
                BufferedImage want = written.get(i);
                assertEquals(want.getWidth(), back.getWidth());
                assertEquals(want.getHeight(), back.getHeight());
                int w = want.getWidth(), h = want.getHeight();
                assertArrayEquals(want.getRGB(0, 0, w, h, null, 0, w), back.getRGB(0, 0, w, h, null, 0, w), "pixels of frame " + i);
                assertArrayEquals(FrameHashes.of(want), TileRowImages.dHash(store, l), "dHash of frame " + i);
                // made a second time, from cached rows only: the same bytes
                assertArrayEquals(png, TileRowImages.png(store, l));
            }
            // the frame that changed in one line shares its other rows, so its PNG shares their compressed bytes
            byte[] first = TileRowImages.png(store, store.layout(ids.get(0)));
            byte[] changed = TileRowImages.png(store, store.layout(ids.get(4)));
            int same = 0;
            for (int i = 0; i < Math.min(first.length, changed.length) && first[i] == changed[i]; i++) same++;
            assertTrue(same > 1000, "rows above the change are the same bytes (" + same + ")");
            // and is about as small as ImageIO's own encoding of the whole screen
            ByteArrayOutputStream io = new ByteArrayOutputStream();
            ImageIO.write(written.get(0), "png", io);
            assertTrue(first.length < io.size() * 1.6, first.length + " bytes against ImageIO's " + io.size());
        }
    }

    /** Pillow (what Hugging Face's datasets library opens images with) reads the PNG to the same pixels. */
    @Test
    void pillowReadsThePngToTheSamePixels() throws Exception {
        String id;
        BufferedImage img = screen(1000, 601, 3, "pillow");
        try (DataDir dd = DataDir.at(root)) {
            SessionWriter w = dd.createSession(Fixture.manifest());
            id = w.frames().put(img);
            w.finish(Fixture.T0 + 1000, "signal");
            w.close();
        }
        Path png = root.resolve("frame.png");
        try (DataDir dd = DataDir.at(root)) {
            TileFrameStore store = (TileFrameStore) dd.open(Fixture.SESSION).frames();
            java.nio.file.Files.write(png, TileRowImages.png(store, store.layout(id)));
        }
        String python = java.nio.file.Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process p = new ProcessBuilder(python, "-c", "import sys, hashlib\n"
                + "from PIL import Image\n"
                + "im = Image.open(sys.argv[1]); im.load()\n"
                + "print(im.mode, im.size[0], im.size[1], hashlib.sha256(im.convert('RGB').tobytes()).hexdigest())", png.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "Pillow (Debian package python3-pil, installed by ./understudy test as root): " + out);
        byte[] rgb = new byte[1000 * 601 * 3];
        int k = 0;
        for (int y = 0; y < 601; y++) {
            for (int x = 0; x < 1000; x++) {
                int v = img.getRGB(x, y);
                rgb[k++] = (byte) (v >> 16);
                rgb[k++] = (byte) (v >> 8);
                rgb[k++] = (byte) v;
            }
        }
        String want = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(rgb));
        assertEquals("RGB 1000 601 " + want, out);
    }

    /** Inflates the PNG's IDAT stream with zlib's checks on (the Adler-32 at its end must hold). */
    private static void inflatesStrictly(byte[] png) throws Exception {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.wrap(png);
        b.position(8);
        int width = 0, height = 0;
        while (b.remaining() >= 12) {
            int len = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            byte[] data = new byte[len];
            b.get(data);
            b.getInt();
            String t = new String(type, java.nio.charset.StandardCharsets.US_ASCII);
            if (t.equals("IHDR")) {
                width = ByteBuffer.wrap(data).getInt(0);
                height = ByteBuffer.wrap(data).getInt(4);
            }
            if (t.equals("IDAT")) idat.write(data);
        }
        Inflater inf = new Inflater();
        inf.setInput(idat.toByteArray());
        byte[] out = new byte[(1 + 3 * width) * height + 16];
        int n = inf.inflate(out);
        assertTrue(inf.finished(), "the zlib stream ends (and its Adler-32 holds)");
        assertEquals((1 + 3 * width) * height, n);
        inf.end();
    }

    static BufferedImage screen(int w, int h, long seed, String extra) {
        Random rnd = new Random(seed % 4);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0xf4f4f4));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(0x2d3e50));
        g.fillRect(0, 0, w, Math.min(36, h));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.setColor(new Color(0x333333));
        for (int y = 60; y < h; y += 22) g.drawString("row " + rnd.nextInt(1000) + " status pending " + y, 20 + rnd.nextInt(30), y);
        if (extra != null) g.drawString(extra, 300, h - 40);
        for (int i = 0; i < 50; i++) img.setRGB(rnd.nextInt(w), rnd.nextInt(h), rnd.nextInt(0xffffff));
        g.dispose();
        return img;
    }
}
