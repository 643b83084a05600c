package dev.understudy.bench;

import dev.understudy.trace.RgbPixels;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * H.264 through ffmpeg (libx264 veryfast, crf 23, 1 fps), as AgentNet and DuckTrack store
 * screens: ffmpeg is started on the first frame and fed raw RGB on its standard input. The video
 * has the first frame's size; a frame of another size, a missing ffmpeg or one that stops reading
 * leaves the format unmeasured, and {@link #note()} says why. Not thread-safe.
 */
final class H264Encoding {
    static final String OTHER_SIZE = "frames of another size than the first are not in the video";

    private final boolean enabled;
    private final String ffmpeg;
    private final Path out;
    private final Path log;
    private Video video;
    private String note;

    /**
     * @param enabled false: nothing is encoded (note "disabled")
     * @param ffmpeg the ffmpeg binary
     * @param work where the video ({@code out.mp4}) and ffmpeg's log ({@code ffmpeg.log}) go
     */
    H264Encoding(boolean enabled, String ffmpeg, Path work) {
        this.enabled = enabled;
        this.ffmpeg = ffmpeg;
        this.out = work.resolve("out.mp4");
        this.log = work.resolve("ffmpeg.log");
        this.note = enabled ? null : "disabled";
    }

    /** Feeds a frame to ffmpeg (starting it on the first), unless the video is already given up. */
    void add(BufferedImage img) {
        if (!enabled || note != null) return;
        try {
            if (video == null) video = Video.start(ffmpeg, img.getWidth(), img.getHeight(), out, log);
            if (!video.write(img)) note = OTHER_SIZE;
        } catch (IOException e) {
            note = "ffmpeg unavailable (" + e.getMessage() + ")";
            video = null;
        }
    }

    /** Ends the video and returns its bytes, or -1 when it was not measured ({@link #note()} says why). */
    long finish() {
        long bytes = -1;
        if (video != null) {
            try {
                bytes = video.finish();
                if (OTHER_SIZE.equals(note)) bytes = -1;
            } catch (IOException e) {
                note = e.getMessage();
            }
        }
        if (bytes < 0 && note == null) note = "no frames";
        return bytes;
    }

    /** Why the video was not measured; null while it is. */
    String note() {
        return note;
    }

    /** ffmpeg fed raw RGB frames on its standard input. */
    private static final class Video {
        private final Process process;
        private final OutputStream in;
        private final int width;
        private final int height;
        private final Path out;
        private final Path log;
        private final byte[] row;

        private Video(Process p, int w, int h, Path out, Path log) {
            this.process = p;
            this.in = new BufferedOutputStream(p.getOutputStream(), 1 << 20);
            this.width = w;
            this.height = h;
            this.out = out;
            this.log = log;
            this.row = new byte[w * 3];
        }

        static Video start(String ffmpeg, int w, int h, Path out, Path log) throws IOException {
            List<String> cmd = List.of(ffmpeg, "-hide_banner", "-nostdin", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24",
                    "-s", w + "x" + h, "-r", "1", "-i", "-", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", out.toString());
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(log.toFile()).start();
            return new Video(p, w, h, out, log);
        }

        /** Writes one frame; false (and nothing written) when its size differs from the video's. */
        boolean write(BufferedImage img) throws IOException {
            if (img.getWidth() != width || img.getHeight() != height) return false;
            RgbPixels px = RgbPixels.of(img);
            int[] d = px.data();
            for (int y = 0; y < height; y++) {
                int s = px.index(0, y);
                for (int x = 0, i = 0; x < width; x++) {
                    int v = d[s + x];
                    row[i++] = (byte) (v >>> 16);
                    row[i++] = (byte) (v >>> 8);
                    row[i++] = (byte) v;
                }
                try {
                    in.write(row);
                } catch (IOException e) {
                    throw new IOException("ffmpeg stopped reading: " + tail(log), e);
                }
            }
            return true;
        }

        long finish() throws IOException {
            in.close();
            try {
                int rc = process.waitFor();
                if (rc != 0) throw new IOException("ffmpeg failed (exit " + rc + "): " + tail(log));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for ffmpeg");
            }
            return Files.size(out);
        }

        private static String tail(Path log) {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
            } catch (IOException e) {
                return "no log";
            }
        }
    }
}
