package dev.understudy.e2e.privacy;

import org.junit.jupiter.api.Tag;
import static dev.understudy.e2e.privacy.PrivacyHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.Processes;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.trace.SpoolCipher;
import dev.understudy.trace.PrivateKeyring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real recorder in a desktop session with a Secret Service (a gnome-keyring-daemon on a private
 * session bus): the spool's key goes into the keyring, no key file is written, the export on the
 * same session reads the spool, and once the session has ended the export fails in one line.
 */
@Tag("e2e")
class KeyringSpoolTest {
    @TempDir Path tmp;

    @Test
    void theRecorderKeepsTheKeyInTheKeyringAndTheExportFindsIt() throws Exception {
        Path data = tmp.resolve("data");
        String session;
        try (PrivateKeyring keyring = PrivateKeyring.start(tmp.resolve("session"))) {
            Map<String, String> env = new HashMap<>(keyring.env());
            env.put("UNDERSTUDY_KEY_STORE", null); // the default: auto
            env.put("UNDERSTUDY_KEY_FILE", null);
            try (VirtualDesktop desktop = VirtualDesktop.start(1024, 768); PrivacyHarness h = new PrivacyHarness(desktop)) {
                String work = h.xterm("Work", "80x12+0+0");
                h.xdo.activate(work);
                try (RecorderProcess rec = RecorderProcess.start(desktop, data, env)) {
                    session = rec.sessionId();
                    awaitStatus(data, "recording", 10_000);
                    h.xdo.type("echo quince");
                    h.xdo.key("Return");
                    // (this JVM is not in the keyring's session, so it cannot read the spool to wait on
                    // the events: the export below, in the session, checks them)
                    assertEquals(0, rec.stop(), rec.stderr());
                }
            }
            assertEquals("secret-service", Files.readString(data.resolve(SpoolCipher.STORE_MARKER)).strip());
            String id = Files.readString(data.resolve(SpoolCipher.MARKER)).strip();
            String stored = keyring.run(null, "secret-tool", "lookup", "application", "understudy", "key-id", id);
            assertFalse(stored.isBlank(), "the keyring holds key " + id);
            try (Stream<Path> s = Files.walk(tmp)) {
                List<Path> keys = s.filter(p -> p.getFileName().toString().startsWith("device.key")).toList();
                assertTrue(keys.isEmpty(), "key files: " + keys);
            }
            Run ok = export(env, data, tmp.resolve("out"), session);
            assertEquals(0, ok.exit, ok.stderr);
            assertTrue(Files.readString(tmp.resolve("out/steps.jsonl")).contains("quince"));
            keyring.stopBus();
            Run gone = export(env, data, tmp.resolve("out2"), session);
            assertEquals(2, gone.exit, gone.stderr);
            List<String> lines = gone.stderr.strip().lines().toList();
            assertEquals(1, lines.size(), gone.stderr);
            assertTrue(lines.get(0).startsWith("understudy: the spool in ") && lines.get(0).contains(id)
                    && lines.get(0).contains("no new key was made"), lines.get(0));
        }
    }

    record Run(int exit, String stderr) {}

    /** `understudy export` as its own process in this environment (as the worker would run it). */
    static Run export(Map<String, String> env, Path data, Path out, String session) throws Exception {
        List<String> cmd = new ArrayList<>(Processes.javaCommand("dev.understudy.cli.Main"));
        cmd.addAll(List.of("export", "--data", data.toString(), "--out", out.toString(), "--session", session));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        env.forEach((k, v) -> {
            if (v == null) pb.environment().remove(k);
            else pb.environment().put(k, v);
        });
        Path err = Files.createTempFile("export", ".err");
        pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("export did not finish within 120 s");
        }
        return new Run(p.exitValue(), Files.readString(err));
    }
}
