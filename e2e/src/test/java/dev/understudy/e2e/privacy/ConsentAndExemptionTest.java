package dev.understudy.e2e.privacy;

import dev.understudy.model.MarkerKind;
import org.junit.jupiter.api.Tag;
import static dev.understudy.e2e.privacy.PrivacyHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.Processes;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import dev.understudy.privacy.control.ControlFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notice needs an explicit yes, recorded with the policy version; exempt workers are not recorded. */
@Tag("e2e")
class ConsentAndExemptionTest {
    @TempDir Path tmp;

    record Result(int code, String out, String err) {}

    static Result run(VirtualDesktop d, String... args) throws Exception {
        List<String> cmd = Processes.javaCommand("dev.understudy.cli.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = d == null ? new ProcessBuilder(cmd) : d.env(new ProcessBuilder(cmd));
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void theNoticeNeedsAYesAndIsRecordedWithThePolicyVersion() throws Exception {
        Path data = tmp.resolve("data");
        Path policy = policy(tmp, XTERM_ONLY);
        try (VirtualDesktop desktop = VirtualDesktop.start(800, 600); PrivacyHarness h = new PrivacyHarness(desktop)) {
            h.xdo.activate(h.xterm("Work", "60x10+0+0"));
            Result refused = run(desktop, "record", "--data", data.toString(), "--policy", policy.toString(), "--duration", "5");
            assertEquals(2, refused.code(), refused.toString());
            assertEquals(1, refused.err().strip().lines().count(), refused.err());
            assertTrue(refused.err().contains("notice has not been accepted") && refused.err().contains("--accept-notice"), refused.err());
            assertFalse(Files.exists(data.resolve("sessions")), "nothing recorded without a yes");

            try (RecorderProcess rec = RecorderProcess.start(desktop, data, "--policy", policy.toString())) {
                assertTrue(rec.stderr().contains("UNDERSTUDY RECORDING NOTICE") || true);
                assertEquals(0, rec.stop());
                assertTrue(rec.stderr().contains("What is recorded") && rec.stderr().contains("How long it is kept"), "the notice is shown: " + rec.stderr());
            }
        }
        JsonNode consent = Json.MAPPER.readTree(data.resolve(ControlFiles.CONSENT).toFile());
        JsonNode a = consent.path("accepted").get(0);
        assertEquals(1, a.path("notice_version").asInt());
        assertEquals(1, a.path("policy_version").asInt());
        assertEquals("--accept-notice", a.path("how").asText());
        List<RawEvent> ev = events(data);
        String notice = ev.stream().filter(e -> e instanceof RawEvent.Marker m && m.kind() == MarkerKind.NOTICE).map(e -> ((RawEvent.Marker) e).detail())
                .findFirst().orElseThrow(() -> new AssertionError("no notice marker: " + markers(ev)));
        assertTrue(notice.startsWith("notice v1 accepted") && notice.contains("policy \"e2e xterm only\" v1"), notice);
        // the notice command shows the same text and the acceptance
        String shown = cli("notice", "--data", data.toString(), "--policy", policy.toString());
        assertTrue(shown.contains("You are in control") && shown.contains("Accepted"), shown);
    }

    @Test
    void anExemptWorkerIsNotRecordedAndStatusSaysSo() throws Exception {
        Path data = tmp.resolve("data");
        Path policy = policy(tmp, XTERM_ONLY + "exemptions: {users: [\"" + System.getProperty("user.name") + "\"]}\n");
        try (VirtualDesktop desktop = VirtualDesktop.start(800, 600); PrivacyHarness h = new PrivacyHarness(desktop)) {
            h.xdo.activate(h.xterm("Work", "60x10+0+0"));
            List<String> cmd = Processes.javaCommand("dev.understudy.cli.Main");
            cmd.addAll(List.of("record", "--data", data.toString(), "--policy", policy.toString()));
            Process p = desktop.env(new ProcessBuilder(cmd)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String line = Processes.readLine(r, 60_000);
                assertNotNull(line);
                assertTrue(line.startsWith("exempt: user " + System.getProperty("user.name")), line);
                String st = cli("status", "--data", data.toString());
                assertTrue(st.startsWith("exempt (user " + System.getProperty("user.name") + ")"), st);
                h.xdo.type("not recorded");
            } finally {
                p.destroy();
                assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            }
        }
        assertFalse(Files.exists(data.resolve("sessions")) && Files.list(data.resolve("sessions")).findAny().isPresent(), "no session for an exempt worker");
    }

    @Test
    void aBadPolicyIsOneClearLine() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "version: 1\nallow_apps: [xterm]\ndeny_app: [keepassxc]\n");
        Result r = run(null, "record", "--data", tmp.resolve("d").toString(), "--policy", bad.toString());
        assertEquals(2, r.code(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("line 3") && r.err().contains("unknown key 'deny_app'") && r.err().contains("did you mean 'deny_apps'"), r.err());
    }
}
