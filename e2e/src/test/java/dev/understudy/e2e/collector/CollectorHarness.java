package dev.understudy.e2e.collector;

import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.demo.Processes;
import dev.understudy.e2e.Cli;
import dev.understudy.model.Manifest;
import dev.understudy.model.RawEvent;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionWriter;
import dev.understudy.trace.TraceFormat;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Shared steps of the collector tests: tokens, enrollment, uploads as a separate process, comparing exports. */
final class CollectorHarness {
    private CollectorHarness() {}

    /** A policy: the built-in one, with no review window (sessions may go as soon as they end). */
    static Path noReviewPolicy(Path dir) throws IOException {
        Path f = dir.resolve("no-review.yaml");
        Files.createDirectories(dir);
        Files.writeString(f, """
                version: 1
                extends: default
                name: e2e collector
                review_hours: 0
                """);
        return f;
    }

    /** `admin enroll-token`; the token is its last line. */
    static String token(Path serverDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("admin", "enroll-token", "--data", serverDir.toString()));
        args.addAll(List.of(extra));
        String out = Cli.ok(args.toArray(String[]::new)).strip();
        String[] lines = out.split("\n");
        return lines[lines.length - 1].strip();
    }

    /** `enroll`; returns the device id it printed. */
    static String enroll(String url, String token, Path data) {
        String out = Cli.ok("enroll", "--server", url, "--token", token, "--data", data.toString());
        Matcher m = Pattern.compile("enrolled as device ([0-9a-f]{32})").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    /** Runs `understudy ARGS` in its own JVM (so it can be cut off); waits at most the timeout. */
    static Cli.Result process(long timeoutMillis, String... args) throws IOException, InterruptedException {
        List<String> cmd = Processes.javaCommand("dev.understudy.cli.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("UNDERSTUDY_KEY_STORE", "file");
        Path out = Files.createTempFile("understudy-out", ".txt");
        Path err = Files.createTempFile("understudy-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                fail("understudy " + String.join(" ", args) + " did not end in " + timeoutMillis + " ms: " + Files.readString(out) + Files.readString(err));
            }
            return new Cli.Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Starts `understudy ARGS` in its own JVM and returns it running. */
    static Process startProcess(Path log, String... args) throws IOException {
        List<String> cmd = Processes.javaCommand("dev.understudy.cli.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("UNDERSTUDY_KEY_STORE", "file");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    /** Every regular file under {@code root}, by relative path, with its bytes. */
    static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) m.put(root.relativize(f).toString(), Files.readAllBytes(f));
        }
        return m;
    }

    /** Asserts two directories hold the same files with the same bytes. */
    static void assertSameFiles(Path expected, Path actual) throws IOException {
        Map<String, byte[]> a = files(expected);
        Map<String, byte[]> b = files(actual);
        assertEquals(a.keySet(), b.keySet(), "the same files in " + expected + " and " + actual);
        for (String k : a.keySet()) assertArrayEquals(a.get(k), b.get(k), k + " differs between " + expected + " and " + actual);
    }

    /**
     * A finished session of {@code frames} frames of noise (incompressible, so it is large) and a
     * few key events, written through the trace API as the recorder writes them.
     */
    static String syntheticSession(Path dataRoot, long seed, int frames, int width, int height) {
        Random rnd = new Random(seed);
        long start = 1_780_000_000_000L + seed * 1000;
        String id = String.format("20260601-%06d-%04x", seed % 240000, (int) (seed & 0xffff));
        DataDir dd = DataDir.at(dataRoot);
        try (dd) {
            Manifest m = new Manifest(TraceFormat.VERSION, id, "0.1.0", "Linux", "6", "amd64", "x11", "UTC", start, null, null,
                    List.of(new dev.understudy.model.Monitor(0, 0, 0, width, height, 1.0)));
            SessionWriter w = dd.createSession(m);
            // as the recorder writes it: the screenshots mode, and the review window promised when it was recorded
            dev.understudy.privacy.screen.RedactionLog.writeSessionInfo(w.dir(), Map.of("screenshots", "ocr", "review_hours", 0));
            long mono = 0;
            for (int i = 0; i < frames; i++) {
                BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) img.setRGB(x, y, rnd.nextInt(0x1000000));
                String fid = w.frames().put(img);
                // checked with nothing to hide, as the recorder's OCR worker records it: the frame may leave as it is
                dev.understudy.privacy.screen.RedactionLog.append(w.dir(), fid, "ocr", List.of());
                mono += 500_000_000L;
                w.append(new RawEvent.Frame(mono, start + mono / 1_000_000, fid, 0, width, height, dev.understudy.model.FrameReason.START));
                w.append(new RawEvent.KeyDown(mono + 1000, start + mono / 1_000_000, 30, "a", "a", 0));
                w.append(new RawEvent.KeyUp(mono + 2000, start + mono / 1_000_000, 30, "a", 0));
            }
            w.finish(start + mono / 1_000_000 + 1000, "signal");
            w.close();
        }
        return id;
    }
}
