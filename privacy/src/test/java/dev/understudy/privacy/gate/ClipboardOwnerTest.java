package dev.understudy.privacy.gate;

import dev.understudy.model.MarkerKind;
import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.model.AppContext;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import dev.understudy.privacy.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Passwords through the clipboard: who offered the content decides whether a paste keeps it. */
@Tag("unit")
@Timeout(30)
class ClipboardOwnerTest {
    @TempDir Path tmp;
    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final List<RawEvent> stored = new ArrayList<>();
    PrivacyGate gate;

    static final AppContext XTERM = new AppContext("xterm", "XTerm", "Work", 100, null, null);
    static final AppContext VAULT = new AppContext("keepassxc", "KeePassXC", "vault.kdbx - KeePassXC", 200, null, null);
    static final AppContext CLIPMAN = new AppContext("xfce4-clipman", "Xfce4-clipman", null, 300, null, null);

    void gate() throws Exception {
        Path f = tmp.resolve("p.yaml");
        Files.writeString(f, "version: 1\nname: t\nallow_apps: [\"class:XTerm\", \"class:Xfce4-clipman\"]\n");
        gate = new PrivacyGate(PolicyLoader.load(f), new PauseSwitch(30, 120, System::currentTimeMillis), clock::get);
    }

    void feed(RawEvent e) {
        gate.admit(e, new PolicyGate.Output() {
            @Override
            public void live(RawEvent x) {}

            @Override
            public void store(RawEvent x) {
                stored.add(x);
            }
        });
    }

    void focus(AppContext a) {
        feed(new RawEvent.WindowFocus(clock.addAndGet(1000), 0, a));
    }

    RawEvent.Clipboard clip(String op, String text, AppContext owner, String hint) {
        return new RawEvent.Clipboard(clock.addAndGet(1000), 0, op, text, text.length(), false, owner, hint, null);
    }

    List<RawEvent.Clipboard> clips() {
        return stored.stream().filter(e -> e instanceof RawEvent.Clipboard).map(e -> (RawEvent.Clipboard) e).toList();
    }

    String json() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (RawEvent e : stored) sb.append(Json.MAPPER.writeValueAsString(e)).append('\n');
        return sb.toString();
    }

    @Test
    void aPasswordCopiedInADeniedAppIsNeverStoredWhenPastedIntoAnAllowedOne() throws Exception {
        gate();
        focus(VAULT);
        feed(clip("copy", "xK9#vault-pass", VAULT, null)); // suspended: not stored, but remembered
        focus(XTERM);
        feed(clip("paste", "xK9#vault-pass", VAULT, null));
        RawEvent.Clipboard p = clips().get(0);
        assertEquals("paste", p.op());
        assertNull(p.text());
        assertEquals(ClipboardGuard.OWNER_NOT_ALLOWED, p.withheld());
        assertNull(p.owner(), "the owner is never stored");
        assertFalse(json().contains("vault") || json().contains("KeePass") || json().contains("xK9"), json());
    }

    @Test
    void aClipboardManagerTakingTheSelectionOverDoesNotLaunderTheContent() throws Exception {
        gate();
        focus(VAULT);
        feed(clip("copy", "s3cr3t!", VAULT, null));
        focus(XTERM);
        // the manager re-owns the clipboard (an allowed app) and the worker pastes
        feed(clip("copy", "s3cr3t!", CLIPMAN, null));
        feed(clip("paste", "s3cr3t!", CLIPMAN, null));
        assertFalse(json().contains("s3cr3t"), json());
    }

    @Test
    void contentMarkedByAPasswordManagerIsNeverStoredEvenFromAnAllowedApp() throws Exception {
        gate();
        focus(XTERM);
        feed(clip("copy", "hunter2-hint", XTERM, RawEvent.Clipboard.SECRET));
        feed(clip("paste", "hunter2-hint", XTERM, null)); // the hint is gone at the paste: the copy's verdict holds
        assertEquals(2, clips().size());
        for (RawEvent.Clipboard c : clips()) {
            assertNull(c.text());
            assertEquals(ClipboardGuard.PASSWORD_MANAGER, c.withheld());
            assertNull(c.hint());
        }
        assertFalse(json().contains("hunter2"), json());
    }

    @Test
    void aPasteOfContentNobodySawCopiedIsJudgedByItsOwnerAtThePaste() throws Exception {
        gate();
        focus(XTERM);
        feed(clip("paste", "from before the recording", VAULT, null));
        feed(clip("paste", "plain words", XTERM, null));
        feed(clip("paste", "owner unknown", null, null));
        assertNull(clips().get(0).text());
        assertEquals("plain words", clips().get(1).text());
        assertEquals("owner unknown", clips().get(2).text(), "unknown owner: pattern redaction only");
    }

    @Test
    void contentWhoseOwnerCouldNotBeLookedUpIsNotStored() throws Exception {
        gate();
        focus(XTERM);
        feed(clip("paste", "maybe-a-password", AppContext.UNKNOWN, null)); // what the X11 source sends when its lookup fails
        assertNull(clips().get(0).text());
        assertEquals(ClipboardGuard.OWNER_NOT_ALLOWED, clips().get(0).withheld());
    }

    @Test
    void contentCopiedInAnAllowedAppIsKeptRedacted() throws Exception {
        gate();
        focus(XTERM);
        feed(clip("copy", "ls -la mail jane.doe@example.com", XTERM, null));
        feed(clip("paste", "ls -la mail jane.doe@example.com", XTERM, null));
        assertEquals(List.of("ls -la mail [EMAIL]", "ls -la mail [EMAIL]"), clips().stream().map(RawEvent.Clipboard::text).toList());
        assertNull(clips().get(0).withheld());
    }

    @Test
    void aPasteWhileAPasswordPromptHasTheFocusIsContentFree() throws Exception {
        gate();
        focus(XTERM);
        feed(new RawEvent.Marker(clock.addAndGet(1000), 0, MarkerKind.INPUT_HIDDEN, "terminal"));
        feed(clip("paste", "ordinary-but-a-password", XTERM, null));
        assertNull(clips().get(0).text());
        assertEquals("password field", clips().get(0).withheld());
    }
}
