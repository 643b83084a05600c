package dev.understudy.e2e.privacy;

import org.junit.jupiter.api.Tag;
import static dev.understudy.e2e.privacy.PrivacyHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.demo.ClipboardOwnerApp;
import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.Processes;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.model.RawEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords through the clipboard (docs/privacy.md), with real X selection owners and the real
 * recorder: a password copied in an app the policy does not allow ("Vault"), one offered with the
 * password-manager hint by an allowed app, and one pasted at a terminal password prompt are each
 * stored as a paste without content; ordinary text from an allowed app is kept. None of the
 * passwords is in any byte of the data directory (compressed data included), the exports or the
 * viewer.
 */
@Tag("e2e")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClipboardPasswordTest {
    static final String POLICY = """
            version: 1
            name: e2e clipboard owners
            allow_apps: ["class:XTerm", "title:Allowed notes"]
            """;
    static final String FROM_VAULT = "VaultPass-1!xq";
    static final String WITH_HINT = "HintPass-2!yq";
    static final String AT_PROMPT = "PromptPass-4!zq";
    static final String ORDINARY = "printer queue notes";

    @TempDir Path tmp;

    /** A {@link ClipboardOwnerApp} in its own JVM: a titled window that owns the clipboard when told to. */
    static final class Owner implements AutoCloseable {
        final Process p;
        final Writer in;
        final BufferedReader out;

        Owner(VirtualDesktop desktop, String title) throws IOException, InterruptedException {
            List<String> cmd = Processes.javaCommand(ClipboardOwnerApp.class.getName());
            cmd.add(title);
            p = Processes.start(desktop.env(new ProcessBuilder(cmd)).redirectError(ProcessBuilder.Redirect.DISCARD), title);
            in = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            expect("SHOWN");
        }

        void own(String text, boolean secret) throws IOException, InterruptedException {
            in.write((secret ? "own-secret " : "own ") + text + "\n");
            in.flush();
            expect("OWNED");
        }

        private void expect(String word) throws IOException, InterruptedException {
            String line = Processes.readLine(out, 30_000);
            if (!word.equals(line)) throw new IOException("owner app said " + line + " instead of " + word);
        }

        @Override
        public void close() throws InterruptedException {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    @Test
    void passwordsFromADeniedAppAPasswordManagerOrPastedAtAPromptAreStoredNowhere() throws Exception {
        Path data = tmp.resolve("data");
        Path policy = policy(tmp, POLICY);
        List<RawEvent.Clipboard> pastes;
        String session;
        try (VirtualDesktop desktop = VirtualDesktop.start(1024, 768); PrivacyHarness h = new PrivacyHarness(desktop);
             Owner vault = new Owner(desktop, "Vault"); Owner notes = new Owner(desktop, "Allowed notes")) {
            String work = h.xterm("Work", "80x20+0+0");
            String prompt = h.xtermRunning("Prompt", "80x10+0+400", "read -s -p 'Password: ' x; sleep 120");
            try (RecorderProcess rec = RecorderProcess.start(desktop, data, "--policy", policy.toString())) {
                session = rec.sessionId();
                vault.own(FROM_VAULT, false);
                pasteInto(h, rec, work, 1);
                notes.own(WITH_HINT, true);
                pasteInto(h, rec, work, 2);
                notes.own(ORDINARY, false);
                pasteInto(h, rec, work, 3);
                notes.own(AT_PROMPT, false);
                pasteInto(h, rec, prompt, 4);
                assertEquals(0, rec.stop(), rec.stderr());
            }
        }
        List<RawEvent> events = events(data);
        pastes = events.stream().filter(e -> e instanceof RawEvent.Clipboard c && "paste".equals(c.op()))
                .map(e -> (RawEvent.Clipboard) e).toList();
        assertEquals(4, pastes.size(), pastes.toString());
        assertNull(pastes.get(0).text());
        assertEquals("owner not allowed", pastes.get(0).withheld());
        assertNull(pastes.get(1).text());
        assertEquals("password manager", pastes.get(1).withheld());
        assertEquals(ORDINARY, pastes.get(2).text(), "ordinary text from an allowed app is kept");
        assertNull(pastes.get(2).withheld());
        assertNull(pastes.get(3).text());
        assertEquals("password field", pastes.get(3).withheld());
        for (RawEvent.Clipboard c : pastes) assertNull(c.owner(), "who offered the content is never stored");

        Path exports = tmp.resolve("exports");
        for (String f : List.of("steps", "agentnet", "osworld")) {
            cli("export", "--data", data.toString(), "--out", exports.resolve(f).toString(), "--session", session, "--format", f);
        }
        cli("view", "--data", data.toString(), "--session", session, "--out", exports.resolve("viewer.html").toString());
        List<String> needles = List.of(FROM_VAULT, WITH_HINT, AT_PROMPT, "VaultPass", "HintPass", "PromptPass");
        List<String> hits = new ArrayList<>(Leaks.find(data, needles));
        hits.addAll(Leaks.find(exports, needles));
        assertTrue(hits.isEmpty(), "a password was stored: " + hits);
        assertTrue(Files.readString(exports.resolve("steps/steps.jsonl")).contains(ORDINARY), "the export the search covered has the pastes");
    }

    /** Focuses the window, presses ctrl+v, and waits until the recorder stored the n-th paste. */
    private static void pasteInto(PrivacyHarness h, RecorderProcess rec, String window, int n) throws Exception {
        h.xdo.activate(window);
        h.xdo.key("ctrl+v");
        rec.awaitEvents(ev -> ev.stream().filter(e -> e instanceof RawEvent.Clipboard c && "paste".equals(c.op())).count() >= n, 20_000);
    }
}
