package dev.understudy.bench;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeding ffmpeg and the reasons H.264 goes unmeasured, with a stand-in ffmpeg (a shell script
 * that copies its input to the output file or fails), so it runs without ffmpeg installed.
 */
@Tag("e2e")
@DisabledOnOs(OS.WINDOWS)
class H264EncodingTest {
    @TempDir Path tmp;

    Path script(String name, String body) throws Exception {
        Path s = tmp.resolve(name);
        Files.writeString(s, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    /** Copies standard input to the last argument (the output file). */
    Path copyingFfmpeg() throws Exception {
        return script("ffmpeg-copy", "for a; do last=$a; done\necho \"args: $*\" >&2\ncat > \"$last\"");
    }

    static BufferedImage frame(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, 0xff000000 | rgb);
        return img;
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void ffmpegGetsRawRgbRowsOfEveryFrameAndTheVideoSizeIsReported() throws Exception {
        H264Encoding e = new H264Encoding(true, copyingFfmpeg().toString(), tmp);
        e.add(frame(5, 3, 0x102030));
        e.add(frame(5, 3, 0xa0b0c0));
        assertEquals(2 * 5 * 3 * 3, e.finish());
        assertNull(e.note());
        byte[] video = Files.readAllBytes(tmp.resolve("out.mp4"));
        assertArrayEquals(new byte[] {0x10, 0x20, 0x30}, java.util.Arrays.copyOfRange(video, 0, 3), "R, G, B");
        assertEquals((byte) 0xc0, video[video.length - 1]);
        String log = Files.readString(tmp.resolve("ffmpeg.log"));
        assertTrue(log.contains("-f rawvideo -pix_fmt rgb24 -s 5x3 -r 1 -i - -c:v libx264 -preset veryfast -crf 23"), log);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aFrameOfAnotherSizeLeavesTheVideoUnmeasured() throws Exception {
        H264Encoding e = new H264Encoding(true, copyingFfmpeg().toString(), tmp);
        e.add(frame(5, 3, 1));
        e.add(frame(6, 3, 1));
        e.add(frame(5, 3, 1));
        assertEquals(-1, e.finish());
        assertEquals(H264Encoding.OTHER_SIZE, e.note());
        assertEquals(5 * 3 * 3, Files.size(tmp.resolve("out.mp4")), "nothing fed after the other size");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aMissingOrFailingFfmpegOrNoFrameSaysWhy() throws Exception {
        H264Encoding missing = new H264Encoding(true, tmp.resolve("no-such-ffmpeg").toString(), tmp);
        missing.add(frame(4, 4, 0));
        assertEquals(-1, missing.finish());
        assertTrue(missing.note().startsWith("ffmpeg unavailable ("), missing.note());

        H264Encoding failing = new H264Encoding(true, script("ffmpeg-fail", "cat > /dev/null\necho 'Unknown encoder libx264' >&2\nexit 1").toString(), tmp);
        failing.add(frame(4, 4, 0));
        assertEquals(-1, failing.finish());
        assertEquals("ffmpeg failed (exit 1): Unknown encoder libx264", failing.note());

        H264Encoding none = new H264Encoding(true, copyingFfmpeg().toString(), tmp);
        assertEquals(-1, none.finish());
        assertEquals("no frames", none.note());

        H264Encoding disabled = new H264Encoding(false, tmp.resolve("no-such-ffmpeg").toString(), tmp);
        disabled.add(frame(4, 4, 0));
        assertEquals(-1, disabled.finish());
        assertEquals("disabled", disabled.note());
    }
}
