package dev.understudy.e2e;

import dev.understudy.model.MarkerKind;
import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.cli.Main;
import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.demo.Xdo;
import dev.understudy.model.RawEvent;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recorder killed with -9 loses at most its last second; bursts of input lose nothing. */
@Tag("e2e")
class CrashAndBurstTest {
    @TempDir Path tmp;

    @Test
    void killDashNineLosesAtMostTheLastSecondAndTheDataDirStaysUsable() throws Exception {
        Path data = tmp.resolve("data");
        String crashed;
        long killedAtWall;
        try (VirtualDesktop desktop = VirtualDesktop.start(1024, 768)) {
            Xdo xdo = new Xdo(desktop, 25);
            Process term = desktop.env(new ProcessBuilder("xterm", "-T", "Crash")).start();
            try {
                xdo.activate(xdo.waitWindow("Crash"));
                try (RecorderProcess rec = RecorderProcess.start(desktop, data)) {
                    crashed = rec.sessionId();
                    // type steadily in the background, and kill the recorder while keys are flowing
                    Process typing = desktop.env(new ProcessBuilder("xdotool", "type", "--delay", "40",
                            "the quick brown fox jumps over the lazy dog ".repeat(6))).start();
                    rec.awaitEvents(ev -> ev.stream().filter(e -> e instanceof RawEvent.KeyDown).count() >= 60, 20_000);
                    killedAtWall = System.currentTimeMillis();
                    rec.kill();
                    typing.destroy();
                    typing.waitFor();
                }
                // the same data dir takes a new recording at once
                try (RecorderProcess again = RecorderProcess.start(desktop, data)) {
                    assertNotEquals(crashed, again.sessionId());
                    assertEquals(0, again.stop());
                }
            } finally {
                term.destroy();
            }
        }
        SessionReader r = DataDir.at(data).open(crashed);
        assertTrue(r.unfinished(), "a killed session has no end in its manifest");
        List<RawEvent> keys = r.events().stream().filter(e -> e instanceof RawEvent.KeyDown).toList();
        assertTrue(keys.size() >= 60, "keys stored before the kill: " + keys.size());
        long lastStored = keys.get(keys.size() - 1).wall();
        long lost = killedAtWall - lastStored;
        System.out.println("kill -9: " + keys.size() + " key presses readable, last one " + lost + " ms before the kill");
        assertTrue(lost <= 1_300, "more than the last second lost: " + lost + " ms");

        String listing = run("sessions", "--data", data.toString());
        assertTrue(listing.contains(crashed) && listing.contains("interrupted"), listing);
        assertEquals(0, Main.run("export", "--data", data.toString(), "--out", tmp.resolve("out").toString(), "--session", crashed));
        String steps = Files.readString(tmp.resolve("out/steps.jsonl"));
        assertTrue(steps.contains("\"type\":\"type\"") && steps.contains("the quick brown fox"), steps);
    }

    @Test
    void aBurstOfOverAThousandEventsPerSecondLosesNothing() throws Exception {
        Path data = tmp.resolve("data");
        String a = "burst0123456789abcdefghijklmnopqrstuvwxyz".repeat(13).substring(0, 500);

        try (VirtualDesktop desktop = VirtualDesktop.start(1024, 768)) {
            Xdo xdo = new Xdo(desktop, 0);
            Process term = desktop.env(new ProcessBuilder("xterm", "-T", "Burst")).start();
            try {
                xdo.activate(xdo.waitWindow("Burst"));
                try (RecorderProcess rec = RecorderProcess.start(desktop, data)) {
                    long t0 = System.nanoTime();
                    // two XTEST clients at full speed at once, typing and clicking: over 1,000 events a second
                    xdo.moveTo(300, 300);
                    Process p1 = desktop.env(new ProcessBuilder("xdotool", "type", "--delay", "0", a)).start();
                    Process p2 = desktop.env(new ProcessBuilder("xdotool", "click", "--repeat", "300", "--delay", "1", "1")).start();
                    assertEquals(0, p1.waitFor());
                    assertEquals(0, p2.waitFor());
                    double secs = (System.nanoTime() - t0) / 1e9;
                    List<RawEvent> ev = rec.awaitEvents(e -> e.stream().filter(x -> x instanceof RawEvent.KeyUp).count() >= 500
                            && e.stream().filter(x -> x instanceof RawEvent.MouseUp).count() >= 300, 30_000);
                    long n = ev.stream().filter(e -> e instanceof RawEvent.KeyDown || e instanceof RawEvent.KeyUp
                            || e instanceof RawEvent.MouseDown || e instanceof RawEvent.MouseUp).count();
                    System.out.printf("burst: %d key and button events in %.2f s (%.0f events/s), all stored%n", n, secs, n / secs);
                    assertEquals(0, rec.stop());
                }
            } finally {
                term.destroy();
            }
        }
        SessionReader r = DataDir.at(data).open(DataDir.at(data).latestSessionId());
        StringBuilder typed = new StringBuilder();
        long downs = 0;
        long presses = 0;
        for (RawEvent e : r.events()) {
            if (e instanceof RawEvent.KeyDown k) {
                downs++;
                if (k.ch() != null) typed.append(k.ch());
            }
            if (e instanceof RawEvent.MouseDown) presses++;
            assertFalse(e instanceof RawEvent.Marker m && m.kind() == MarkerKind.DROPPED, "events were dropped: " + e);
        }
        assertEquals(500, downs, "key presses stored");
        assertEquals(300, presses, "button presses stored");
        assertEquals(a, typed.toString(), "every character typed is stored once, in order");
    }

    static String sorted(String s) {
        char[] c = s.toCharArray();
        java.util.Arrays.sort(c);
        return new String(c);
    }

    static String run(String... args) {
        return dev.understudy.e2e.Cli.ok(args);
    }
}
