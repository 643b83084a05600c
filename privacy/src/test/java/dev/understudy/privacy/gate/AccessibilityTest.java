package dev.understudy.privacy.gate;

import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.model.A11yNode;
import dev.understudy.model.AppContext;
import dev.understudy.model.Json;
import dev.understudy.model.MarkerKind;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import dev.understudy.privacy.policy.Policy;
import dev.understudy.privacy.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accessibility reads through the gate (docs/privacy.md, "Accessibility reads" and "Password fields
 * in any toolkit"): dropped where capture is off, names redacted, reads of other apps' windows
 * dropped, password fields of any toolkit make typing one [SECRET] even when the read comes after
 * the first keys.
 */
@Tag("unit")
@Timeout(30)
class AccessibilityTest {
    static final long MS = 1_000_000L;

    @TempDir Path tmp;
    final AtomicLong clock = new AtomicLong(1_000 * MS);
    final AtomicLong wall = new AtomicLong(System.currentTimeMillis());

    Policy policy(String extra) throws Exception {
        Path f = tmp.resolve("p.yaml");
        Files.writeString(f, "version: 1\nextends: default\n" + extra);
        return PolicyLoader.load(f);
    }

    /** The gate alone, fed in order. */
    final class Run {
        final PauseSwitch pause = new PauseSwitch(30, 120, wall::get);
        final PrivacyGate gate;
        final List<RawEvent> stored = new ArrayList<>();
        final PolicyGate.Output out = new PolicyGate.Output() {
            @Override
            public void live(RawEvent x) {}

            @Override
            public void store(RawEvent x) {
                stored.add(x);
            }
        };

        Run(Policy p) {
            gate = new PrivacyGate(p, pause, clock::get);
        }

        void feed(RawEvent e) {
            gate.admit(e, out);
        }

        void feed(List<RawEvent> es) {
            for (RawEvent e : es) feed(e);
        }

        void finish() {
            gate.finish(clock.get(), wall.get(), out);
        }

        String json() throws Exception {
            StringBuilder sb = new StringBuilder();
            for (RawEvent e : stored) sb.append(Json.MAPPER.writeValueAsString(e)).append('\n');
            return sb.toString();
        }

        List<RawEvent.A11y> reads() {
            return stored.stream().filter(e -> e instanceof RawEvent.A11y).map(e -> (RawEvent.A11y) e).toList();
        }
    }

    /**
     * The recorder's pipeline: the sensitive-field stage (with an accessibility source running) in
     * front of the gate. {@link #arrive} offers an event at a given pipeline time and lets through
     * what is due.
     */
    final class Pipeline {
        final SensitiveFieldGate stage = new SensitiveFieldGate(SensitiveFieldGate.DEFAULT_HOLD_NANOS);
        final Run run;

        Pipeline(Policy p) {
            run = new Run(p);
            stage.accessibility(true);
        }

        void arrive(long atMs, RawEvent e) {
            stage.offer(e, atMs * MS);
            drain(atMs);
        }

        void drain(long atMs) {
            clock.set(atMs * MS);
            RawEvent r;
            while ((r = stage.poll(atMs * MS)) != null) run.feed(r);
        }

        void finish() {
            RawEvent r;
            while ((r = stage.pollAny()) != null) run.feed(r);
            run.finish();
        }
    }

    // ---- events

    RawEvent.WindowFocus window(long mono, String name, String cls, String title) {
        return new RawEvent.WindowFocus(mono, 0, new AppContext(name, cls, title, 9, null, null));
    }

    static A11yNode node(String role, String name, String... states) {
        return new A11yNode(role, name, null, List.of(states), new Rect(100, 200, 220, 28), List.of());
    }

    static List<A11yNode> gtkPath(String window) {
        return List.of(node("application", "gedit"), node("frame", window), node("panel", null));
    }

    static RawEvent.A11y focus(long mono, A11yNode el, List<A11yNode> path) {
        return new RawEvent.A11y(mono, 0, RawEvent.A11y.FOCUS, 0, 0, "GTK 3.24.38", el, path, List.of(), 4_000, RawEvent.A11y.OK);
    }

    static RawEvent.A11y pointer(RawEvent.MouseDown d, A11yNode el, List<A11yNode> path) {
        return new RawEvent.A11y(d.mono(), d.wall(), RawEvent.A11y.POINTER, d.x(), d.y(), "GTK 3.24.38", el, path, List.of(), 6_000,
                RawEvent.A11y.OK);
    }

    static A11yNode passwordField() {
        return node("password text", "Password", A11yNode.FOCUSED, A11yNode.EDITABLE, A11yNode.PASSWORD);
    }

    static A11yNode entry(String name) {
        return node("text", name, A11yNode.FOCUSED, A11yNode.EDITABLE);
    }

    static RawEvent.KeyDown key(long mono, char c) {
        String k = Character.isLetterOrDigit(c) ? String.valueOf(Character.toLowerCase(c)) : c == ' ' ? "space" : "sym";
        return new RawEvent.KeyDown(mono, 0, 1000 + c, k, String.valueOf(c), 0);
    }

    static RawEvent.KeyUp keyUp(long mono, char c) {
        String k = Character.isLetterOrDigit(c) ? String.valueOf(Character.toLowerCase(c)) : c == ' ' ? "space" : "sym";
        return new RawEvent.KeyUp(mono, 0, 1000 + c, k, 0);
    }

    static RawEvent.KeyDown named(long mono, String key, int code) {
        return new RawEvent.KeyDown(mono, 0, code, key, null, 0);
    }

    /** Key events typing {@code s}, 40 ms apart, on the gate's clock. */
    List<RawEvent> typing(String s) {
        List<RawEvent> out = new ArrayList<>();
        for (char c : s.toCharArray()) {
            long m = clock.addAndGet(40 * MS);
            out.add(key(m, c));
            out.add(keyUp(m + 1, c));
        }
        return out;
    }

    static String typedText(List<RawEvent> events) {
        StringBuilder sb = new StringBuilder();
        for (RawEvent e : events) if (e instanceof RawEvent.KeyDown k && k.ch() != null) sb.append(k.ch());
        return sb.toString();
    }

    /** No stored string holds the secret, and no two of its characters in a row were typed in clear. */
    static void assertNoneInClear(List<RawEvent> stored, String json, String secret) {
        assertFalse(json.contains(secret), json);
        String clear = typedText(stored).replace("[SECRET]", "\u0000");
        for (int i = 0; i + 2 <= secret.length(); i++) {
            assertFalse(clear.contains(secret.substring(i, i + 2)), "typed in clear: " + clear + "\n" + json);
        }
    }

    // ---- password fields in any toolkit

    @Test
    void aFocusReadOfAPasswordFieldMakesTypingOneSecret() throws Exception {
        Run r = new Run(policy(""));
        r.feed(window(clock.addAndGet(MS), "gedit", "Gedit", "Unlock keyring"));
        r.feed(focus(clock.addAndGet(MS), passwordField(), gtkPath("Unlock keyring")));
        r.feed(typing("Tr0ub4dor&3"));
        r.feed(named(clock.addAndGet(40 * MS), "enter", 28));
        r.finish();
        String json = r.json();
        assertNoneInClear(r.stored, json, "Tr0ub4dor&3");
        assertEquals("[SECRET]", typedText(r.stored), json);
        assertEquals(1, r.stored.stream().filter(e -> e instanceof RawEvent.KeyDown k && "[SECRET]".equals(k.ch())).count());
        assertTrue(r.gate.secrets().matches("Tr0ub4dor&3"), "what was typed is remembered for OCR");
        assertTrue(r.stored.stream().anyMatch(e -> e instanceof RawEvent.KeyDown k && "enter".equals(k.key())));
    }

    @Test
    void keysTypedBeforeTheLateFocusReadAreStillSecret() throws Exception {
        Pipeline p = new Pipeline(policy(""));
        p.arrive(1000, window(1000 * MS, "gedit", "Gedit", "Sign in"));
        // click into the user name field, type it, tab to the password field
        RawEvent.MouseDown click = new RawEvent.MouseDown(1100 * MS, 0, 150, 210, "left", 1, 0);
        p.arrive(1100, click);
        p.arrive(1110, new RawEvent.MouseUp(1110 * MS, 0, 150, 210, "left", 0));
        p.arrive(1112, pointer(click, entry("User name"), gtkPath("Sign in")));
        p.arrive(1115, focus(1105 * MS, entry("User name"), gtkPath("Sign in")));
        long t = 1200;
        for (char c : "admin".toCharArray()) {
            p.arrive(t, key(t * MS, c));
            p.arrive(t + 5, keyUp((t + 5) * MS, c));
            t += 40;
        }
        p.arrive(t, named(t * MS, "tab", 15)); // focus moves to the password field
        long tab = t;
        // the first keys race ahead: the app's focus event is seen 8 ms after the tab, its read answers 280 ms later
        String pw = "hunter2!";
        for (char c : pw.toCharArray()) {
            t += 25;
            p.arrive(t, key(t * MS, c));
            p.arrive(t + 3, keyUp((t + 3) * MS, c));
        }
        p.arrive(tab + 290, focus((tab + 8) * MS, passwordField(), gtkPath("Sign in")));
        t = Math.max(t, tab + 300) + 30;
        p.arrive(t, named(t * MS, "enter", 28));
        p.drain(t + 2000);
        p.finish();
        String json = p.run.json();
        assertNoneInClear(p.run.stored, json, pw);
        assertEquals("admin[SECRET]", typedText(p.run.stored), json);
        assertTrue(p.run.gate.secrets().matches(pw));
        assertEquals(0, p.stage.lateA11yReads());
        // the reads are stored too, in place: the pointer read right after its click
        int downAt = p.run.stored.indexOf(click);
        assertTrue(downAt >= 0 && p.run.stored.get(downAt + 1) instanceof RawEvent.A11y a && RawEvent.A11y.POINTER.equals(a.kind()),
                p.run.stored.toString());
    }

    @Test
    void aClickIntoAPasswordFieldCountsEvenWhenItsReadComesAfterTheKeys() throws Exception {
        Pipeline p = new Pipeline(policy(""));
        p.arrive(1000, window(1000 * MS, "gedit", "Gedit", "Sign in"));
        RawEvent.MouseDown click = new RawEvent.MouseDown(1100 * MS, 0, 150, 250, "left", 1, 0);
        p.arrive(1100, click);
        long t = 1130;
        for (char c : "s3cr3t".toCharArray()) {
            p.arrive(t, key(t * MS, c));
            t += 30;
        }
        // the pointer read hit the source's budget: it arrives 290 ms after the click, after every key
        p.arrive(1390, pointer(click, passwordField(), gtkPath("Sign in")));
        p.drain(3000);
        p.finish();
        String json = p.run.json();
        assertNoneInClear(p.run.stored, json, "s3cr3t");
        assertEquals("[SECRET]", typedText(p.run.stored), json);
    }

    @Test
    void aClickThatActivatesAnotherWindowsPasswordFieldCounts() throws Exception {
        Pipeline p = new Pipeline(policy(""));
        p.arrive(1000, window(1000 * MS, "gedit", "Gedit", "notes.txt - gedit"));
        // the click hits a password dialog of another window; the window change is seen 30 ms later
        RawEvent.MouseDown click = new RawEvent.MouseDown(2000 * MS, 0, 150, 210, "left", 1, 0);
        p.arrive(2000, click);
        p.arrive(2030, window(2030 * MS, "gedit", "Gedit", "Unlock"));
        long t = 2100;
        for (char c : "opensesame".toCharArray()) {
            p.arrive(t, key(t * MS, c));
            t += 20;
        }
        p.arrive(2260, pointer(click, passwordField(), gtkPath("Unlock")));
        p.drain(4000);
        p.finish();
        String json = p.run.json();
        assertNoneInClear(p.run.stored, json, "opensesame");
        assertEquals("[SECRET]", typedText(p.run.stored), json);
    }

    @Test
    void aReadLaterThanTheHoldIsCounted() throws Exception {
        Pipeline p = new Pipeline(policy(""));
        p.arrive(1000, window(1000 * MS, "gedit", "Gedit", "Unlock"));
        RawEvent.MouseDown click = new RawEvent.MouseDown(1100 * MS, 0, 150, 210, "left", 1, 0);
        p.arrive(1100, click);
        p.arrive(1150, key(1150 * MS, 'x'));
        p.drain(1800); // the hold is over: the key went on
        p.arrive(1900, pointer(click, passwordField(), gtkPath("Unlock")));
        p.finish();
        assertEquals(1, p.stage.lateA11yReads());
    }

    @Test
    void focusLeavingToANormalEntryStoresTypingAgainRedactedAsUsual() throws Exception {
        Run r = new Run(policy(""));
        r.feed(window(clock.addAndGet(MS), "gedit", "Gedit", "Account"));
        r.feed(focus(clock.addAndGet(MS), passwordField(), gtkPath("Account")));
        r.feed(typing("pa55word"));
        r.feed(named(clock.addAndGet(40 * MS), "tab", 15));
        r.feed(focus(clock.addAndGet(5 * MS), entry("Notes"), gtkPath("Account")));
        r.feed(typing("mail jane.doe@example.com today "));
        r.feed(named(clock.addAndGet(40 * MS), "enter", 28));
        r.finish();
        String json = r.json();
        assertNoneInClear(r.stored, json, "pa55word");
        assertEquals("[SECRET]mail [EMAIL] today ", typedText(r.stored), json);
        assertFalse(json.contains("jane.doe"), json);
    }

    @Test
    void aWindowChangeEndsAPasswordFieldOfTheWindowBefore() throws Exception {
        Run r = new Run(policy(""));
        r.feed(window(clock.addAndGet(MS), "gedit", "Gedit", "Account"));
        r.feed(focus(clock.addAndGet(MS), passwordField(), gtkPath("Account")));
        r.feed(typing("pa55word"));
        clock.addAndGet(2_000 * MS);
        r.feed(window(clock.addAndGet(MS), "xterm", "XTerm", "Terminal")); // no accessibility tree
        r.feed(typing("ls "));
        r.finish();
        assertEquals("[SECRET]ls ", typedText(r.stored), r.json());
    }

    @Test
    void aFocusReadThatTimedOutIsTreatedAsAPasswordField() throws Exception {
        Run r = new Run(policy(""));
        r.feed(window(clock.addAndGet(MS), "gedit", "Gedit", "Account"));
        r.feed(new RawEvent.A11y(clock.addAndGet(MS), 0, RawEvent.A11y.FOCUS, 0, 0, "GTK 3.24.38", null, List.of(), List.of(), 300_000,
                RawEvent.A11y.TIMEOUT));
        r.feed(typing("unknown1"));
        r.feed(named(clock.addAndGet(40 * MS), "tab", 15));
        r.feed(focus(clock.addAndGet(5 * MS), entry("Notes"), gtkPath("Account")));
        r.feed(typing("fine"));
        r.finish();
        assertEquals("[SECRET]fine", typedText(r.stored), r.json());
    }

    @Test
    void aClickIntoAFieldThatIsNoPasswordFieldEndsAnUnknownFocus() throws Exception {
        // LibreOffice at start: its focus reads time out; a click into the document sends no focus event
        Run r = new Run(policy(""));
        r.feed(window(clock.addAndGet(MS), "gedit", "Gedit", "Report"));
        r.feed(new RawEvent.A11y(clock.addAndGet(MS), 0, RawEvent.A11y.FOCUS, 0, 0, "GTK 3.24.38", null, List.of(), List.of(), 300_000,
                RawEvent.A11y.TIMEOUT));
        long at = clock.addAndGet(MS);
        r.feed(new RawEvent.MouseDown(at, 0, 600, 300, "left", 1, 0));
        r.feed(new RawEvent.MouseUp(clock.addAndGet(MS), 0, 600, 300, "left", 0));
        A11yNode doc = new A11yNode("document text", "Report", null, List.of(A11yNode.EDITABLE), new dev.understudy.model.Rect(0, 150, 1200, 600), List.of());
        r.feed(new RawEvent.A11y(at, 0, RawEvent.A11y.POINTER, 600, 300, "GTK 3.24.38", doc, gtkPath("Report"), List.of(), 20_000,
                RawEvent.A11y.OK));
        r.feed(typing("Quarterly"));
        r.finish();
        assertEquals("Quarterly", typedText(r.stored), r.json());
    }

    @Test
    void aPasteIntoAnAccessibilityPasswordFieldIsWithheld() throws Exception {
        Run r = new Run(policy(""));
        r.feed(window(clock.addAndGet(MS), "gedit", "Gedit", "Unlock"));
        r.feed(focus(clock.addAndGet(MS), passwordField(), gtkPath("Unlock")));
        r.feed(new RawEvent.Clipboard(clock.addAndGet(MS), 0, "paste", "correct-horse-battery", 21, false));
        r.finish();
        String json = r.json();
        assertFalse(json.contains("correct-horse"), json);
        RawEvent.Clipboard c = (RawEvent.Clipboard) r.stored.stream().filter(e -> e instanceof RawEvent.Clipboard).findFirst().orElseThrow();
        assertEquals("password field", c.withheld());
        assertNull(c.text());
    }

    @Test
    void aBrowserWithoutABridgeStaysWithheldWhateverTheTreeSays() throws Exception {
        Run r = new Run(policy(""));
        r.feed(new RawEvent.WindowFocus(clock.addAndGet(MS), 0,
                new AppContext("chromium", "Chromium", "Sign in", 5, null, "https://mail.google.com/mail/u/0/")));
        List<A11yNode> path = List.of(node("application", "Chromium"), node("frame", "Sign in"), node("document web", "Sign in"));
        r.feed(focus(clock.addAndGet(MS), entry("Search"), path)); // "not a password field", says the tree
        r.feed(typing("hunter2"));
        r.finish();
        String json = r.json();
        assertNoneInClear(r.stored, json, "hunter2");
        assertTrue(r.stored.stream().anyMatch(e -> e instanceof RawEvent.Marker m && m.kind() == MarkerKind.INPUT_WITHHELD), json);
    }

    // ---- what of a read is stored

    @Test
    void namesInReadsAreRedactedInElementChildrenPathAndSiblings() throws Exception {
        Files.writeString(tmp.resolve("people.csv"), "name,email,country\nAmy Park,amy.park@acme.example,US\n");
        Run r = new Run(policy("directory: people.csv\n"));
        r.feed(window(clock.addAndGet(MS), "thunderbird", "thunderbird", "Inbox - Thunderbird"));
        A11yNode child = new A11yNode("menu item", "Reply to Amy Park", "Sends to amy.park@acme.example", List.of(), null,
                List.of(node("label", "jane.doe@example.com")));
        A11yNode menu = new A11yNode("menu", "Message from jane.doe@example.com", "call +1 415 555 0134", List.of(), null, List.of(child));
        List<A11yNode> path = List.of(node("application", "Thunderbird"), node("frame", "Inbox - Thunderbird"),
                node("panel", "Amy Park's folder"));
        List<A11yNode> siblings = List.of(node("menu item", "Forward to jane.doe@example.com"), node("menu item", "Delete"));
        RawEvent.MouseDown click = new RawEvent.MouseDown(clock.addAndGet(MS), 0, 150, 210, "left", 1, 0);
        r.feed(click);
        r.feed(new RawEvent.A11y(click.mono(), 0, RawEvent.A11y.POINTER, 150, 210, "GTK 3.24.38", menu, path, siblings, 5_000,
                RawEvent.A11y.OK));
        r.finish();
        String json = r.json();
        assertEquals(1, r.reads().size(), json);
        assertFalse(json.contains("jane.doe") || json.contains("Amy Park") || json.contains("amy.park") || json.contains("555 0134"), json);
        RawEvent.A11y a = r.reads().get(0);
        assertEquals("Message from [EMAIL]", a.element().name());
        assertFalse(a.element().children().get(0).name().contains("Amy"), a.toString());
        assertEquals("[EMAIL]", a.element().children().get(0).children().get(0).name());
        assertEquals("Forward to [EMAIL]", a.siblings().get(0).name());
        assertEquals("Delete", a.siblings().get(1).name());
        assertFalse(a.path().get(2).name().contains("Amy"), a.toString());
        // roles, states and boxes are kept
        assertEquals("menu item", a.element().children().get(0).role());
        assertEquals(new Rect(100, 200, 220, 28), a.path().get(2).bbox());
    }

    @Test
    void aReadOfAWindowThePolicyDoesNotAllowIsDropped() throws Exception {
        Files.writeString(tmp.resolve("people.csv"), "name,email,country\nHans Müller,hans@firma.example,DE\n");
        Run r = new Run(policy("directory: people.csv\ncorrespondents: {jurisdictions: [EU]}\n"));
        r.feed(window(clock.addAndGet(MS), "gedit", "Gedit", "notes.txt - gedit"));
        // a click that hit a password manager's window (another app), as the source would read it if it did not refuse
        RawEvent.MouseDown click = new RawEvent.MouseDown(clock.addAndGet(MS), 0, 50, 60, "left", 1, 0);
        r.feed(click);
        r.feed(pointer(click, node("table cell", "bank.example - hunter2"),
                List.of(node("application", "KeePassXC"), node("frame", "vault.kdbx - KeePassXC"))));
        // an app that is not in the allow list at all
        r.feed(focus(clock.addAndGet(MS), entry("Query"), List.of(node("application", "someapp"), node("frame", "Some App"))));
        // the foreground app, but a dialog naming a correspondent abroad
        r.feed(focus(clock.addAndGet(MS), entry("Reply"), List.of(node("application", "gedit"), node("dialog", "Letter to Hans Müller"))));
        // the foreground app, fine
        r.feed(focus(clock.addAndGet(MS), entry("Find"), gtkPath("notes.txt - gedit")));
        r.finish();
        String json = r.json();
        assertFalse(json.contains("KeePass") || json.contains("vault") || json.contains("hunter2") || json.contains("Some App")
                || json.contains("Müller"), json);
        assertEquals(1, r.reads().size(), json);
        assertEquals("Find", r.reads().get(0).element().name());
        assertEquals(3, r.gate.a11yReadsDropped());
    }

    @Test
    void readsAreDroppedWhilePausedSuspendedOrOverQuota() throws Exception {
        Run r = new Run(policy(""));
        r.feed(window(clock.addAndGet(MS), "gedit", "Gedit", "notes.txt - gedit"));
        r.pause.pauseMinutes(5, "test");
        r.feed(focus(clock.addAndGet(MS), entry("While paused"), gtkPath("notes.txt - gedit")));
        r.pause.pauseUntil(0, "test");
        r.feed(window(clock.addAndGet(MS), "keepassxc", "KeePassXC", "vault.kdbx - KeePassXC"));
        r.feed(focus(clock.addAndGet(MS), entry("While suspended"), List.of(node("application", "KeePassXC"), node("frame", "vault"))));
        r.feed(window(clock.addAndGet(MS), "gedit", "Gedit", "notes.txt - gedit"));
        r.feed(focus(clock.addAndGet(MS), entry("Recorded"), gtkPath("notes.txt - gedit")));
        r.gate.quota(true, "disk full", r.out);
        r.feed(focus(clock.addAndGet(MS), entry("Over quota"), gtkPath("notes.txt - gedit")));
        r.gate.quota(false, null, r.out);
        r.finish();
        String json = r.json();
        assertFalse(json.contains("While paused") || json.contains("While suspended") || json.contains("vault")
                || json.contains("Over quota"), json);
        assertEquals(List.of("Recorded"), r.reads().stream().map(a -> a.element().name()).toList());
    }

    @Test
    void aPasswordFieldReadWhilePausedStillCountsAfterTheResume() throws Exception {
        Run r = new Run(policy(""));
        r.feed(window(clock.addAndGet(MS), "gedit", "Gedit", "Unlock"));
        r.pause.pauseMinutes(5, "test");
        r.feed(focus(clock.addAndGet(MS), passwordField(), gtkPath("Unlock")));
        r.pause.pauseUntil(0, "test");
        clock.addAndGet(10 * MS);
        r.feed(typing("letmein"));
        r.finish();
        assertNoneInClear(r.stored, r.json(), "letmein");
        assertEquals("[SECRET]", typedText(r.stored));
    }
}
