package dev.understudy.privacy.policy;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.model.AppContext;
import dev.understudy.privacy.redact.EntityKind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class PolicyTest {
    @TempDir Path tmp;

    static AppContext app(String name, String cls, String title) {
        return new AppContext(name, cls, title, 42, null, null);
    }

    static AppContext browser(String url) {
        return new AppContext("chromium", "Chromium", "Page - Chromium", 7, null, url);
    }

    @Test
    void theDefaultPolicyShipsOver200AllowEntriesAndAllowsTheTerminal() {
        Policy p = PolicyLoader.defaults();
        assertTrue(p.allowApps().size() + p.allowUrls().size() >= 200, "allow entries: " + (p.allowApps().size() + p.allowUrls().size()));
        assertEquals(Decision.ALLOWED, p.decide(app("xterm", "XTerm", "Terminal"), null));
        assertEquals(Decision.ALLOWED, p.decide(app("code", "Code", "main.rs - Visual Studio Code"), null));
        assertEquals(Decision.ALLOWED, p.decide(app("OUTLOOK.EXE", null, "Inbox"), null));
        assertEquals(Decision.NOT_ALLOWED, p.decide(app("java", "dev-understudy-demo-NotesApp", "Understudy Notes"), null));
        assertEquals(Decision.NOT_ALLOWED, p.decide(app("steam", "Steam", "Steam"), null));
        assertEquals(Decision.NO_WINDOW, p.decide(AppContext.UNKNOWN, null));
        assertEquals(30, p.pause().defaultMinutes());
        assertEquals(120, p.pause().maxMinutes());
        assertEquals(EntityKind.values().length, p.redaction().kinds().size());
    }

    @Test
    void denyListsWinOverAllowLists() {
        Policy p = PolicyLoader.defaults();
        assertEquals(Decision.DENIED, p.decide(app("keepassxc", "KeePassXC", "Passwords.kdbx - KeePassXC"), null));
        assertEquals(Decision.DENIED, p.decide(app("1password", "1Password", "1Password"), null));
        // an allowed terminal whose title says it is a private window is still denied
        assertEquals(Decision.DENIED, p.decide(app("xterm", "XTerm", "Mozilla Firefox Private Browsing"), null));
        assertEquals(Decision.DENIED, p.decide(browser("https://mail.google.com/x").withTitle("New Incognito tab - Chromium (Incognito)"), "https://mail.google.com/x"));
    }

    @Test
    void browsersAreDecidedBySite() {
        Policy p = PolicyLoader.defaults();
        assertEquals(Decision.ALLOWED, p.decide(browser(null), "https://mail.google.com/mail/u/0/#inbox"));
        assertEquals(Decision.ALLOWED, p.decide(browser(null), "https://acme.atlassian.net/browse/OPS-12"));
        assertEquals(Decision.ALLOWED, p.decide(browser(null), "https://github.com/acme/repo/pull/3"));
        assertEquals(Decision.ALLOWED, p.decide(browser(null), "https://DOCS.Google.com/document/d/1"));
        assertEquals(Decision.DENIED, p.decide(browser(null), "https://secure.chase.com/web/auth"));
        assertEquals(Decision.DENIED, p.decide(browser(null), "https://www.bankofamerica.com/"));
        assertEquals(Decision.DENIED, p.decide(browser(null), "https://mychart.example-health.org/"));
        assertEquals(Decision.DENIED, p.decide(browser(null), "https://outlook.live.com/mail/0/"));
        assertEquals(Decision.DENIED, p.decide(browser(null), "https://github.com/login"));
        assertEquals(Decision.SITE_NOT_ALLOWED, p.decide(browser(null), "https://www.youtube.com/watch?v=1"));
        assertEquals(Decision.SITE_UNKNOWN, p.decide(browser(null), null));
    }

    @Test
    void globsAreCaseInsensitiveWithSetsAndAlternatives() {
        assertTrue(Glob.of("*.ATLASSIAN.net").matches("acme.atlassian.NET"));
        assertTrue(Glob.of("libreoffice-{writer,calc}").matches("LibreOffice-Calc"));
        assertTrue(Glob.of("f[0-9]x").matches("f7x"));
        assertFalse(Glob.of("f[!0-9]x").matches("f7x"));
        assertTrue(Glob.of("a?c").matches("abc"));
        assertFalse(Glob.of("a?c").matches("abbc"));
        assertTrue(Glob.of("1+1=2 (ok)").matches("1+1=2 (OK)"));
        assertThrows(IllegalArgumentException.class, () -> Glob.of("abc["));
        assertThrows(IllegalArgumentException.class, () -> Glob.of("{a,b"));
        assertThrows(IllegalArgumentException.class, () -> Glob.of(""));
    }

    @Test
    void urlPatternsMatchHostsPathsOrWholeUrls() {
        assertTrue(UrlPattern.parse("*.slack.com").matches("https://acme.slack.com/archives/C1?x=1"));
        assertFalse(UrlPattern.parse("*.slack.com").matches("https://slack.com.evil.example/"));
        assertTrue(UrlPattern.parse("github.com/acme/*").matches("https://github.com/acme/x"));
        assertFalse(UrlPattern.parse("github.com/acme/*").matches("https://github.com/other/x"));
        assertTrue(UrlPattern.parse("https://intranet.acme.com/*").matches("https://intranet.acme.com/a"));
        assertFalse(UrlPattern.parse("https://intranet.acme.com/*").matches("http://intranet.acme.com/a"));
        assertEquals("mail.google.com", UrlPattern.host("https://user:pw@Mail.Google.com:443/x"));
    }

    @Test
    void aPolicyFileExtendsTheDefault() throws Exception {
        Path f = tmp.resolve("p.yaml");
        Files.writeString(f, """
                version: 1
                extends: default
                allow_apps: ["class:dev-understudy-demo-NotesApp"]
                deny_apps: ["gimp*"]
                pause: {max_minutes: 45}
                """);
        Policy p = PolicyLoader.load(f);
        assertEquals(Decision.ALLOWED, p.decide(app("java", "dev-understudy-demo-NotesApp", "Understudy Notes"), null));
        assertEquals(Decision.ALLOWED, p.decide(app("xterm", "XTerm", "t"), null));
        assertEquals(Decision.DENIED, p.decide(app("gimp-2.10", "Gimp-2.10", "x"), null));
        assertEquals(45, p.pause().maxMinutes());
        assertEquals(30, p.pause().defaultMinutes());
    }

    @Test
    void badFilesGetOneLineErrorsWithTheLine() throws Exception {
        assertError("version: 1\nalow_apps: [xterm]\n", "line 2", "unknown key 'alow_apps'", "did you mean 'allow_apps'");
        assertError("version: 2\n", "line 1", "version 2 is not supported");
        assertError("allow_apps: [xterm]\n", "missing 'version: 1'");
        assertError("version: 1\nallow_apps:\n  - xterm\n  - \"abc[\"\n", "line 4", "bad pattern 'abc['", "unclosed [");
        assertError("version: 1\nallow_urls: [\"{a,b\"]\n", "line 2", "unclosed {");
        assertError("version: 1\nallow_apps: [xterm\n", "not valid YAML");
        assertError("version: 1\npause:\n  hotkey: p\n", "line 3", "bad hotkey 'p'");
        assertError("version: 1\npause:\n  max_minutes: lots\n", "line 3", "must be a whole number");
        assertError("version: 1\nredaction:\n  kinds: [EMAIL, SHOE_SIZE]\n", "unknown redaction kind 'SHOE_SIZE'");
        assertError("version: 1\nallow_apps: xterm\n", "allow_apps must be a list");
        assertError("version: 1\nallow_apps: [a]\nallow_apps: [b]\n", "duplicate key");
        assertError("version: 1\ncorrespondents:\n  jurisdictions: [Germany]\n", "not a country code");
        assertError("version: 1\nallow_apps: [\"wat:xterm\"]\n", "unknown prefix 'wat:'");
    }

    private void assertError(String yaml, String... parts) throws Exception {
        Path f = tmp.resolve("bad.yaml");
        Files.writeString(f, yaml);
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.load(f));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("policy " + f), e.getMessage());
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
    }

    @Test
    void jurisdictionsExpandAndExemptionsMatch() throws Exception {
        Path f = tmp.resolve("p.yaml");
        Files.writeString(f, """
                version: 1
                correspondents: {jurisdictions: [EU, UK], domains: ["*.example.ch"]}
                exemptions: {users: [alice], devices: ["kiosk-*"]}
                """);
        Policy p = PolicyLoader.load(f);
        assertTrue(p.correspondents().jurisdictions().containsAll(java.util.List.of("DE", "FR", "GB")));
        assertEquals("user alice", p.exemption("alice", "pc1"));
        assertEquals("device kiosk-3", p.exemption("bob", "kiosk-3"));
        assertNull(p.exemption("bob", "pc1"));
    }

    @Test
    void hotkeysNeedAModifier() {
        Hotkey h = Hotkey.parse("Ctrl+Alt+Shift+P");
        assertTrue(h.matches("p", dev.understudy.model.Mods.CTRL | dev.understudy.model.Mods.ALT | dev.understudy.model.Mods.SHIFT));
        assertFalse(h.matches("p", dev.understudy.model.Mods.CTRL | dev.understudy.model.Mods.ALT));
        assertThrows(IllegalArgumentException.class, () -> Hotkey.parse("shift+p"));
        assertThrows(IllegalArgumentException.class, () -> Hotkey.parse("ctrl+alt"));
    }
}
