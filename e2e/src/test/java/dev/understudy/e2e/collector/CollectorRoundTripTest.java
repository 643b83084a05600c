package dev.understudy.e2e.collector;

import static dev.understudy.e2e.collector.CollectorHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.demo.Processes;
import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.ServerProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.demo.Xdo;
import dev.understudy.e2e.Cli;
import dev.understudy.model.RawEvent;
import dev.understudy.trace.DataDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole way in: a server started as an admin starts it, a device enrolled with a token, a real
 * recording on Xvfb, an upload, and then the server's copy read back with the same commands as on
 * the device: `sessions`, `export` and `view` give exactly the same, byte for byte.
 */
@Tag("e2e")
@Timeout(300)
class CollectorRoundTripTest {
    @TempDir Path tmp;

    static final String WORD = "quince";

    @Test
    void aRecordedSessionUploadedToTheServerExportsTheSameThere() throws Exception {
        Path server = tmp.resolve("server");
        Path data = tmp.resolve("device");
        Path policy = noReviewPolicy(tmp);
        String session;
        try (ServerProcess srv = ServerProcess.start(server, ServerProcess.freePort())) {
            assertTrue(srv.url().startsWith("https://"), "HTTPS by default: " + srv.url());
            String token = token(server, "--team", "support");
            String device = enroll(srv.url(), token, data);

            try (VirtualDesktop desktop = VirtualDesktop.start(1024, 768)) {
                Xdo xdo = new Xdo(desktop, 30);
                Process xterm = Processes.start(desktop.env(new ProcessBuilder("xterm", "-T", "Work", "-geometry", "80x12+0+0",
                        "-fa", "DejaVu Sans Mono", "-fs", "11")).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD), "xterm");
                try {
                    String w = xdo.waitWindow("Work");
                    xdo.activate(w);
                    try (RecorderProcess rec = RecorderProcess.start(desktop, data, "--policy", policy.toString())) {
                        session = rec.sessionId();
                        xdo.type("echo " + WORD);
                        xdo.key("Return");
                        rec.awaitEvents(ev -> ev.stream().anyMatch(e -> e instanceof RawEvent.KeyDown k && "enter".equals(k.key()))
                                && ev.stream().anyMatch(e -> e instanceof RawEvent.Frame), 30_000);
                        assertEquals(0, rec.stop(), rec.stderr());
                    }
                } finally {
                    xterm.destroyForcibly();
                }
            }

            String up = Cli.ok("upload", "--data", data.toString(), "--wait");
            assertFalse(up.isBlank(), "upload says what it did");
            String status = Cli.ok("status", "--data", data.toString());
            assertTrue(status.contains(device), "status names the device: " + status);
            assertTrue(status.matches("(?s).*backlog:? 0 sessions.*"), "nothing waiting after the upload: " + status);

            String listed = Cli.ok("admin", "sessions", "--data", server.toString());
            assertTrue(listed.contains(session) && listed.contains(device), listed);
            String devices = Cli.ok("admin", "devices", "--data", server.toString());
            assertTrue(devices.contains(device) && devices.contains("support"), devices);
            // the admin sees when each enroll token was last used (never the token itself)
            String tokens = Cli.ok("admin", "tokens", "--data", server.toString());
            assertTrue(tokens.lines().anyMatch(l -> l.contains("support") && l.contains("valid") && !l.contains("never")), tokens);
            assertFalse(tokens.contains(token.split("\\.")[1]), "no secret in the listing");
        }

        // read from the server's store with the server stopped: the same commands, the same answers
        String onDevice = Cli.ok("sessions", "--data", data.toString());
        String onServer = Cli.ok("sessions", "--data", server.toString());
        assertEquals(line(onDevice, session), line(onServer, session), "sessions: " + onDevice + " vs " + onServer);
        for (String format : List.of("steps", "agentnet")) {
            Path a = tmp.resolve("export-device-" + format);
            Path b = tmp.resolve("export-server-" + format);
            Cli.ok("export", "--data", data.toString(), "--session", session, "--format", format, "--out", a.toString());
            Cli.ok("export", "--data", server.toString(), "--session", session, "--format", format, "--out", b.toString());
            assertSameFiles(a, b);
            if (format.equals("steps")) {
                String steps = Files.readString(a.resolve("steps.jsonl"));
                assertTrue(steps.contains(WORD), "the export has the typed word: " + steps);
                assertTrue(Files.list(a.resolve("frames")).count() > 0, "frames exported");
            }
        }
        Path va = tmp.resolve("device.html");
        Path vb = tmp.resolve("server.html");
        Cli.ok("view", "--data", data.toString(), "--session", session, "--out", va.toString());
        Cli.ok("view", "--data", server.toString(), "--session", session, "--out", vb.toString());
        assertArrayEquals(Files.readAllBytes(va), Files.readAllBytes(vb), "the viewer is the same");

        // at rest on the server: sealed, the typed word is in no byte of its data directory
        for (Map.Entry<String, byte[]> f : files(server).entrySet()) {
            assertEquals(-1, indexOf(f.getValue(), WORD.getBytes(StandardCharsets.UTF_8)), WORD + " in plain bytes of " + f.getKey());
        }
        // and the device still has its session: uploading does not take it away from the worker
        assertTrue(DataDir.at(data).sessionIds().contains(session));
    }

    static String line(String listing, String session) {
        return listing.lines().filter(l -> l.startsWith(session)).findFirst().orElse("(no line for " + session + ")");
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
