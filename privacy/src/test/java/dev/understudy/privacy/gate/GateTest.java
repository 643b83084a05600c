package dev.understudy.privacy.gate;

import dev.understudy.model.MarkerKind;
import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.model.AppContext;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import dev.understudy.privacy.policy.Policy;
import dev.understudy.privacy.policy.PolicyLoader;
import dev.understudy.privacy.redact.TextRedactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class GateTest {
    @TempDir Path tmp;
    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final AtomicLong wall = new AtomicLong(System.currentTimeMillis());

    /** Key events for typing a string, 40 ms apart, each key-down followed by its key-up. */
    List<RawEvent> typing(String s) {
        List<RawEvent> out = new ArrayList<>();
        for (char c : s.toCharArray()) {
            long m = clock.addAndGet(40_000_000L);
            int code = 1000 + c;
            String key = Character.isLetterOrDigit(c) ? String.valueOf(Character.toLowerCase(c)) : c == ' ' ? "space" : "sym";
            if (c == '\b') {
                out.add(new RawEvent.KeyDown(m, 0, 14, "backspace", null, 0));
                out.add(new RawEvent.KeyUp(m + 1, 0, 14, "backspace", 0));
                continue;
            }
            out.add(new RawEvent.KeyDown(m, 0, code, key, String.valueOf(c), Character.isUpperCase(c) ? 1 : 0));
            out.add(new RawEvent.KeyUp(m + 1, 0, code, key, 0));
        }
        return out;
    }

    static String typedText(List<RawEvent> events) {
        StringBuilder sb = new StringBuilder();
        for (RawEvent e : events) {
            if (e instanceof RawEvent.KeyDown k && k.key().equals("backspace")) sb.setLength(Math.max(0, sb.length() - 1));
            else if (e instanceof RawEvent.KeyDown k && k.ch() != null) sb.append(k.ch());
        }
        return sb.toString();
    }

    static String allStored(List<RawEvent> events) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (RawEvent e : events) sb.append(Json.MAPPER.writeValueAsString(e)).append('\n');
        return sb.toString();
    }

    List<RawEvent> guard(List<RawEvent> in) {
        TypedTextGuard g = new TypedTextGuard(TextRedactor.defaults());
        List<RawEvent> out = new ArrayList<>();
        for (RawEvent e : in) g.offer(e, out::add);
        g.flush(out::add);
        return out;
    }

    @Test
    void aTypedEmailAndCardBecomePlaceholders() throws Exception {
        List<RawEvent> in = typing("mail jane.doe@example.com and card 4111 1111 1111 1111 thanks");
        in.add(new RawEvent.KeyDown(clock.addAndGet(1000), 0, 28, "enter", null, 0));
        List<RawEvent> out = guard(in);
        assertEquals("mail [EMAIL] and card [CREDIT_CARD] thanks", typedText(out));
        String json = allStored(out);
        assertFalse(json.contains("jane"), json);
        assertFalse(json.contains("\"ch\":\"@\""), json);
        // no key name or code spells an entity character any more: count the digit keys left
        long digitKeys = out.stream().filter(e -> e instanceof RawEvent.KeyDown k && k.key().matches("\\d")).count();
        assertEquals(0, digitKeys);
        assertTrue(out.get(out.size() - 1) instanceof RawEvent.KeyDown k && k.key().equals("enter"));
    }

    @Test
    void redactedTypedValuesAreRememberedInMemoryForScreenshotOcr() {
        SecretMemory m = new SecretMemory();
        TypedTextGuard g = new TypedTextGuard(TextRedactor.defaults(), m);
        List<RawEvent> out = new ArrayList<>();
        for (RawEvent e : typing("mail jane.doe@example.com card 4111 1111 1111 1111 ok")) g.offer(e, out::add);
        g.flush(out::add);
        assertTrue(m.matches("jane.doe@exa"), "half typed, as a frame may show it");
        assertTrue(m.matches("4111"));
        assertTrue(m.matches("jane.doe@example.com,"));
        assertFalse(m.matches("example"), "ordinary words stay");
        assertFalse(m.matches("mail"));
    }

    @Test
    void keyUpsOfRedactedKeysAreRewrittenEvenAfterRelease() {
        List<RawEvent> in = typing("bob@example.org");
        // the run ends at a click before the last key-up arrives
        RawEvent lastUp = in.remove(in.size() - 1);
        in.add(new RawEvent.MouseDown(clock.addAndGet(1000), 0, 5, 5, "left", 1, 0));
        in.add(lastUp);
        List<RawEvent> out = guard(in);
        for (RawEvent e : out) {
            if (e instanceof RawEvent.KeyUp u) assertEquals("redacted", u.key(), out.toString());
        }
        assertEquals("[EMAIL]", typedText(out));
    }

    @Test
    void anEntityTypedAndErasedIsMaskedCharacterByCharacter() throws Exception {
        List<RawEvent> in = typing("4111111111111111" + "\b".repeat(16) + "ok");
        in.add(new RawEvent.KeyDown(clock.addAndGet(1000), 0, 28, "enter", null, 0));
        List<RawEvent> out = guard(in);
        assertEquals("ok", typedText(out));
        assertFalse(allStored(out).contains("\"ch\":\"4\""), allStored(out));
    }

    @Test
    void ordinaryTextPassesUnchangedAndWordsAreReleasedEarly() {
        TypedTextGuard g = new TypedTextGuard(TextRedactor.defaults());
        List<RawEvent> out = new ArrayList<>();
        for (RawEvent e : typing("the quick brown fox jumps ")) g.offer(e, out::add);
        // released at word boundaries, without waiting for the run to end
        assertTrue(typedText(out).startsWith("the quick brown fox"), typedText(out));
        g.flush(out::add);
        assertEquals("the quick brown fox jumps ", typedText(out));
    }

    @Test
    void modifiersPressedAsARunGoesIdleStayHeldSoAPauseCanDropThem() throws Exception {
        Run r = run(policy(""));
        r.feed(focus("xterm", "XTerm", "Terminal"));
        r.feed(typing("hello"));
        r.feed(new RawEvent.KeyDown(clock.addAndGet(900_000_000L), 0, 29, "ctrl", null, 2));
        r.gate().tick(clock.addAndGet(200_000_000L), 0, new PolicyGate.Output() {
            @Override
            public void live(RawEvent x) {}

            @Override
            public void store(RawEvent x) {
                r.stored().add(x);
            }
        });
        assertEquals("hello", typedText(r.stored()), "the idle run is stored");
        r.pause().pauseMinutes(5, "hotkey"); // the chord's key fired
        r.feed(typing("x"));
        r.finish();
        assertFalse(r.stored().stream().anyMatch(e -> e instanceof RawEvent.KeyDown k && k.key().equals("ctrl")), r.stored().toString());
    }

    @Test
    void anIdleRunIsReleasedByTheTick() {
        TypedTextGuard g = new TypedTextGuard(TextRedactor.defaults());
        List<RawEvent> out = new ArrayList<>();
        for (RawEvent e : typing("hello")) g.offer(e, out::add);
        assertEquals("", typedText(out));
        g.tick(clock.get() + 1_100_000_000L, out::add);
        assertEquals("hello", typedText(out));
    }

    // ---- the gate

    Policy policy(String extra) throws Exception {
        Path f = tmp.resolve("p.yaml");
        Files.writeString(f, "version: 1\nextends: default\n" + extra);
        return PolicyLoader.load(f);
    }

    record Run(PrivacyGate gate, List<RawEvent> stored, List<RawEvent> live, PauseSwitch pause) {
        void feed(List<RawEvent> events) {
            for (RawEvent e : events) feed(e);
        }

        void feed(RawEvent e) {
            gate.admit(e, new PolicyGate.Output() {
                @Override
                public void live(RawEvent x) {
                    live.add(x);
                }

                @Override
                public void store(RawEvent x) {
                    stored.add(x);
                }
            });
        }

        /** The bridge of the browser with this pid connected. */
        void hello(long pid) {
            feed(BrowserEvents.browser(0, 0, "hello", Json.MAPPER.createObjectNode().put("pid", pid)));
        }

        void finish() {
            gate.finish(0, 0, new PolicyGate.Output() {
                @Override
                public void live(RawEvent x) {}

                @Override
                public void store(RawEvent x) {
                    stored.add(x);
                }
            });
        }

        List<MarkerKind> markers() {
            return stored.stream().filter(e -> e instanceof RawEvent.Marker).map(e -> ((RawEvent.Marker) e).kind()).toList();
        }
    }

    Run run(Policy p) {
        PauseSwitch ps = new PauseSwitch(30, 120, wall::get);
        return new Run(new PrivacyGate(p, ps, clock::get), new ArrayList<>(), new ArrayList<>(), ps);
    }

    RawEvent.WindowFocus focus(String name, String cls, String title) {
        return new RawEvent.WindowFocus(clock.addAndGet(1000), 0, new AppContext(name, cls, title, 9, null, null));
    }

    @Test
    void nothingIsKeptInANonAllowedAppButASuspendedMarker() throws Exception {
        Run r = run(policy(""));
        r.feed(focus("xterm", "XTerm", "Terminal"));
        r.feed(typing("ls "));
        r.feed(focus("keepassxc", "KeePassXC", "vault.kdbx - KeePassXC"));
        r.feed(typing("hunter2 "));
        r.feed(new RawEvent.Clipboard(clock.addAndGet(1), 0, "copy", "s3cret", 6, false));
        r.feed(focus("xterm", "XTerm", "Terminal"));
        r.feed(typing("pwd "));
        r.finish();
        String json = allStored(r.stored());
        assertFalse(json.contains("KeePass") || json.contains("vault") || json.contains("s3cret") || json.contains("hunter"), json);
        assertEquals(List.of(MarkerKind.SUSPENDED, MarkerKind.UNSUSPENDED), r.markers());
        RawEvent.Marker m = (RawEvent.Marker) r.stored().stream().filter(e -> e instanceof RawEvent.Marker).findFirst().orElseThrow();
        assertEquals("denied by policy", m.detail());
        assertEquals("ls pwd ", typedText(r.stored()));
        assertTrue(r.gate().foregroundAllowed());
    }

    @Test
    void pauseDropsWhatIsInFlightAndEverythingUntilResume() throws Exception {
        Run r = run(policy(""));
        r.feed(focus("xterm", "XTerm", "Terminal"));
        r.feed(typing("before "));
        r.feed(new RawEvent.KeyDown(clock.addAndGet(1000), 0, 28, "enter", null, 0)); // ends the run: stored
        r.feed(typing("inflight")); // held by the typing guard when the pause comes: dropped
        r.pause().pauseMinutes(5, "test");
        assertFalse(r.gate().framesAllowed());
        r.feed(typing("during "));
        r.pause().pauseUntil(0, "test");
        long resumedAt = clock.get();
        r.feed(typing("after "));
        r.finish();
        assertEquals("before after ", typedText(r.stored()));
        assertFalse(allStored(r.stored()).contains("\"ch\":\"d\""), "nothing typed while paused or in flight is stored");
        assertEquals(List.of(MarkerKind.PAUSED, MarkerKind.RESUMED), r.markers());
        assertTrue(r.stored().stream().anyMatch(e -> e instanceof RawEvent.WindowFocus w && w.mono() >= resumedAt), "context after resume");
    }

    @Test
    void pausesAreCappedByThePolicy() throws Exception {
        Run r = run(policy(""));
        long until = r.pause().pauseMinutes(600, "cli");
        assertTrue(until <= wall.get() + 120 * 60_000L);
    }

    @Test
    void titlesUrlsAndClipboardAreRedacted() throws Exception {
        Run r = run(policy(""));
        r.feed(focus("xterm", "XTerm", "ssh jane.doe@example.com"));
        r.feed(new RawEvent.Clipboard(clock.addAndGet(1), 0, "copy", "call +1 415 555 0134 today", 26, false));
        r.finish();
        String json = allStored(r.stored());
        assertTrue(json.contains("ssh [EMAIL]"), json);
        assertTrue(json.contains("call [PHONE] today"), json);
        Scrubber s = r.gate().scrubber();
        assertEquals("https://x.example/search?q=[EMAIL]&access_token=[SECRET]&page=2",
                s.url("https://x.example/search?q=jane.doe%40example.com&access_token=abc123&page=2"));
        assertEquals("https://[SECRET]@host.example/a", s.url("https://bob:pw@host.example/a"));
    }

    @Test
    void browsersFollowTheSiteTheBridgeReports() throws Exception {
        Run r = run(policy(""));
        r.hello(5); // the browser (pid 5) has a live bridge
        r.feed(new RawEvent.WindowFocus(clock.addAndGet(1000), 0, new AppContext("chromium", "Chromium", "Inbox", 5, null, null)));
        r.feed(typing("nothing "));
        ObjectNode nav = Json.MAPPER.createObjectNode().put("url", "https://mail.google.com/mail/u/0/");
        r.feed(BrowserEvents.browser(clock.addAndGet(1000), 0, "navigate", nav));
        r.feed(typing("hello "));
        ObjectNode bank = Json.MAPPER.createObjectNode().put("url", "https://online.chase.com/login");
        r.feed(BrowserEvents.browser(clock.addAndGet(1000), 0, "navigate", bank));
        r.feed(typing("secret "));
        r.finish();
        assertEquals("hello ", typedText(r.stored()));
        assertEquals(List.of(MarkerKind.SUSPENDED, MarkerKind.UNSUSPENDED, MarkerKind.SUSPENDED), r.markers());
        assertFalse(allStored(r.stored()).contains("chase"));
    }

    @Test
    void aCorrespondentAbroadSuspendsCapture() throws Exception {
        Path dir = tmp.resolve("people.csv");
        Files.writeString(dir, "name,email,country\nHans Müller,hans@firma.example,DE\nAmy Park,amy@acme.example,US\n");
        Run r = run(policy("directory: people.csv\ncorrespondents: {jurisdictions: [EU], domains: [\"*.example.ch\"]}\n"));
        r.hello(5); // the browser (pid 5) has a live bridge
        r.feed(focus("thunderbird", "thunderbird", "Write: Budget - Thunderbird"));
        r.feed(typing("Hi Amy "));
        r.feed(focus("thunderbird", "thunderbird", "Chat with Hans Müller - Thunderbird"));
        r.feed(typing("Hallo Hans "));
        r.feed(focus("thunderbird", "thunderbird", "Re: offer - pierre@societe.fr - Thunderbird"));
        r.feed(typing("Bonjour "));
        r.feed(new RawEvent.WindowFocus(clock.addAndGet(1000), 0, new AppContext("chromium", "Chromium", "Mail", 5, null, null)));
        ObjectNode mail = Json.MAPPER.createObjectNode().put("url", "https://mail.google.com/mail/u/0/#compose");
        mail.putArray("people").add("Lena <lena@zurich.example.ch>");
        r.feed(BrowserEvents.browser(clock.addAndGet(1000), 0, "page", mail));
        r.feed(typing("Gruezi "));
        r.finish();
        String typed = typedText(r.stored());
        assertFalse(typed.contains("Hallo") || typed.contains("Bonjour") || typed.contains("Gruezi"), typed);
        assertTrue(r.markers().contains(MarkerKind.SUSPENDED));
        assertTrue(r.stored().stream().anyMatch(e -> e instanceof RawEvent.Marker m && "correspondent abroad".equals(m.detail())));
    }

    RawEvent.Browser nav(String url) {
        ObjectNode d = Json.MAPPER.createObjectNode().put("url", url).put("title", "Mail").put("active", true).put("tab", 7);
        return BrowserEvents.browser(clock.addAndGet(20_000_000L), 0, "navigate", d);
    }

    RawEvent.Browser scan(String url, String... people) {
        ObjectNode d = Json.MAPPER.createObjectNode().put("url", url).put("active", true).put("frame", 0);
        for (String p : people) d.withArray("people").add(p);
        d.withArray("text_boxes").addObject().put("text", "Call me on +41 44 668 18 00").put("x", 100).put("y", 300).put("w", 240).put("h", 18);
        return BrowserEvents.browser(clock.addAndGet(60_000_000L), 0, PrivacyGate.PAGE_SCAN, d);
    }

    void tick(Run r, long ns) {
        r.gate().tick(clock.addAndGet(ns), 0, new PolicyGate.Output() {
            @Override
            public void live(RawEvent x) {}

            @Override
            public void store(RawEvent x) {
                r.stored().add(x);
            }
        });
    }

    @Test
    void aPageScanDecidesBeforeAnythingOfTheNewPageIsKept() throws Exception {
        Run r = run(policy("correspondents: {jurisdictions: [EU, CH]}\n"));
        r.hello(5); // the browser (pid 5) has a live bridge
        r.feed(new RawEvent.WindowFocus(clock.addAndGet(1000), 0,
                new AppContext("chromium", "Chromium", "Inbox - Mail", 5, null, "https://mail.google.com/mail/u/0/#inbox")));
        r.feed(scan("https://mail.google.com/mail/u/0/#inbox", "Amy Park <amy@acme.example>"));
        assertTrue(r.gate().framesAllowed());
        // the bridge thread hears of the navigation first: frames stop before the pipeline sees it
        RawEvent.Browser toLena = nav("https://mail.google.com/mail/u/0/#msg-lena");
        r.gate().browserEventArrived(toLena);
        assertFalse(r.gate().framesAllowed(), "no frame of an unscanned page");
        r.feed(toLena);
        r.feed(typing("Gruezi Lena "));
        assertEquals("", typedText(r.stored()), "held until the page's scan is in");
        r.feed(scan("https://mail.google.com/mail/u/0/#msg-lena", "Lena Vogel <lena@zurich.example.ch>"));
        assertFalse(r.gate().framesAllowed());
        assertEquals("suspended", r.gate().state());
        // back to the inbox: a scanned page, at once
        RawEvent.Browser inbox = nav("https://mail.google.com/mail/u/0/#inbox");
        r.gate().browserEventArrived(inbox);
        r.feed(inbox);
        assertEquals("recording", r.gate().state());
        assertTrue(r.gate().framesAllowed(), "a page scanned before needs no wait");
        r.feed(typing("thanks all "));
        // Lena's page again: known, suspended without waiting
        r.feed(nav("https://mail.google.com/mail/u/0/#msg-lena"));
        assertEquals("suspended", r.gate().state());
        r.feed(typing("wieder "));
        r.finish();
        String typed = typedText(r.stored());
        assertEquals("thanks all ", typed);
        String json = allStored(r.stored());
        assertFalse(json.contains("msg-lena") || json.contains("zurich") || json.contains("668 18"), json);
        assertFalse(r.stored().stream().anyMatch(e -> e instanceof RawEvent.Browser b && PrivacyGate.PAGE_SCAN.equals(b.kind())),
                "page scans are never stored");
        assertTrue(r.stored().stream().anyMatch(e -> e instanceof RawEvent.Marker m && "correspondent abroad".equals(m.detail())));
    }

    @Test
    void aTitleSeenWhileSuspendedIsNotStoredWithTheNextPage() throws Exception {
        Run r = run(policy("correspondents: {jurisdictions: [CH]}\n"));
        r.hello(5); // the browser (pid 5) has a live bridge
        String lena = "https://mail.google.com/mail/u/0/#msg-lena";
        r.feed(new RawEvent.WindowFocus(clock.addAndGet(1000), 0,
                new AppContext("chromium", "Chromium", "Offer for the office - Chromium", 5, null, lena)));
        r.feed(scan(lena, "lena.vogel@basel.example.ch"));
        assertEquals("suspended", r.gate().state());
        // back to the inbox: the browser still reports the conversation's title for a moment
        ObjectNode d = Json.MAPPER.createObjectNode().put("url", "https://mail.google.com/mail/u/0/#inbox")
                .put("title", "Offer for the office").put("active", true);
        r.feed(BrowserEvents.browser(clock.addAndGet(20_000_000L), 0, "navigate", d));
        r.feed(scan("https://mail.google.com/mail/u/0/#inbox"));
        assertEquals("recording", r.gate().state());
        r.feed(new RawEvent.WindowFocus(clock.addAndGet(1000), 0,
                new AppContext("chromium", "Chromium", "Inbox - Chromium", 5, null, "https://mail.google.com/mail/u/0/#inbox")));
        r.finish();
        String json = allStored(r.stored());
        assertFalse(json.contains("Offer for"), json);
        assertTrue(json.contains("#inbox") && json.contains("Inbox - Chromium"), json);
    }

    @Test
    void aScanNamingACorrespondentStopsFramesOnArrivalInASinglePageApp() throws Exception {
        Run r = run(policy("correspondents: {jurisdictions: [CH]}\n"));
        r.hello(5); // the browser (pid 5) has a live bridge
        String chat = "https://mail.google.com/chat/u/0/";
        r.feed(new RawEvent.WindowFocus(clock.addAndGet(1000), 0, new AppContext("chromium", "Chromium", "Chat", 5, null, chat)));
        r.feed(scan(chat, "Amy Park <amy@acme.example>"));
        assertTrue(r.gate().framesAllowed());
        long epoch = r.gate().withheldEpoch();
        // a conversation opens without a new URL: the scan reaches the bridge thread first
        RawEvent.Browser lena = scan(chat, "Lena Vogel <lena.vogel@basel.example.ch>");
        r.gate().browserEventArrived(lena);
        assertFalse(r.gate().framesAllowed(), "frames stop when the scan arrives");
        assertTrue(r.gate().withheldEpoch() > epoch, "grabs from before are not stored");
        r.feed(lena);
        assertEquals("suspended", r.gate().state());
        // a scan that names nobody abroad does not hold anything
        RawEvent.Browser amy = scan(chat, "Amy Park <amy@acme.example>");
        r.gate().browserEventArrived(amy);
        r.feed(amy);
        clock.addAndGet(PrivacyGate.VERDICT_WAIT_NS);
        assertTrue(r.gate().framesAllowed());
    }

    @Test
    void aPageWithoutAScanIsReleasedAfterTheWait() throws Exception {
        Run r = run(policy("correspondents: {jurisdictions: [DE]}\n"));
        r.hello(5); // the browser (pid 5) has a live bridge
        AtomicLong resumes = new AtomicLong();
        r.gate().onFramesResumed(resumes::incrementAndGet);
        r.feed(new RawEvent.WindowFocus(clock.addAndGet(1000), 0, new AppContext("chromium", "Chromium", "New Tab", 5, null, null)));
        RawEvent.Browser n = nav("https://docs.google.com/document/d/1abc/edit");
        r.gate().browserEventArrived(n);
        r.feed(n);
        r.feed(typing("notes "));
        assertFalse(r.gate().framesAllowed());
        tick(r, 200_000_000L);
        assertFalse(r.gate().framesAllowed(), "still waiting");
        tick(r, PrivacyGate.SCAN_WAIT_NS);
        assertTrue(r.gate().framesAllowed());
        assertEquals(1, resumes.get(), "the screen thread is told to grab again");
        r.finish();
        assertEquals("notes ", typedText(r.stored()));
        assertTrue(r.stored().stream().anyMatch(e -> e instanceof RawEvent.Browser b && "navigate".equals(b.kind())));
        // the next visit to that page needs no wait
        RawEvent.Browser again = nav("https://docs.google.com/document/d/1abc/edit");
        r.gate().browserEventArrived(again);
        assertTrue(r.gate().framesAllowed());
    }

    @Test
    void aScanOfTheSamePageReplacesItsPeople() throws Exception {
        Run r = run(policy("correspondents: {domains: [\"*.example.de\"]}\n"));
        r.hello(5); // the browser (pid 5) has a live bridge
        r.feed(new RawEvent.WindowFocus(clock.addAndGet(1000), 0,
                new AppContext("chromium", "Chromium", "Compose", 5, null, "https://mail.google.com/mail/u/0/#compose")));
        r.feed(scan("https://mail.google.com/mail/u/0/#compose"));
        r.feed(typing("draft "));
        // the worker adds a recipient abroad in the To field, then removes it
        r.feed(scan("https://mail.google.com/mail/u/0/#compose", "max@berlin.example.de"));
        assertEquals("suspended", r.gate().state());
        r.feed(typing("secret "));
        r.feed(scan("https://mail.google.com/mail/u/0/#compose", "amy@acme.example"));
        assertEquals("recording", r.gate().state());
        r.feed(typing("done "));
        r.finish();
        assertEquals("draft done ", typedText(r.stored()));
    }

    @Test
    void theBridgesSensitiveFieldAndDomBoxesAreHonoured() throws Exception {
        Run r = run(policy(""));
        r.hello(5); // the browser (pid 5) has a live bridge
        r.feed(new RawEvent.WindowFocus(clock.addAndGet(1000), 0, new AppContext("chromium", "Chromium", "Sign in", 5, null, null)));
        ObjectNode nav = Json.MAPPER.createObjectNode().put("url", "https://acme.atlassian.net/browse/OPS-1");
        r.feed(BrowserEvents.browser(clock.addAndGet(1000), 0, "navigate", nav));
        // the page's text boxes come with its scan (only a page scan carries them)
        ObjectNode page = nav.deepCopy();
        page.putArray("text_boxes").addObject().put("text", "Reporter: jane.doe@example.com").put("x", 10).put("y", 20)
                .put("w", 200).put("h", 16);
        page.withArray("text_boxes").addObject().put("text", "Status: open").put("x", 10).put("y", 40).put("w", 100).put("h", 16);
        r.feed(BrowserEvents.browser(clock.addAndGet(1000), 0, PrivacyGate.PAGE_SCAN, page));
        assertEquals(List.of(new dev.understudy.model.Rect(10, 20, 200, 16)), r.gate().domRedactions(), "only the box with personal data");
        r.feed(typing("visible "));
        ObjectNode on = Json.MAPPER.createObjectNode().put("sensitive", true);
        r.feed(BrowserEvents.browser(clock.addAndGet(1000), 0, "sensitive_focus", on));
        r.feed(typing("hunter2pass"));
        ObjectNode off = Json.MAPPER.createObjectNode().put("sensitive", false);
        r.feed(BrowserEvents.browser(clock.addAndGet(1000), 0, "sensitive_focus", off));
        r.feed(new RawEvent.KeyDown(clock.addAndGet(1000), 0, 28, "enter", null, 0));
        r.finish();
        String typed = typedText(r.stored());
        assertTrue(typed.startsWith("visible [SECRET]"), typed);
        assertFalse(allStored(r.stored()).contains("hunter") || allStored(r.stored()).contains("jane.doe"), allStored(r.stored()));
    }

    @Test
    void keysTypedIntoASensitiveFieldAreNeverStored() throws Exception {
        Run r = run(policy(""));
        r.feed(focus("xterm", "XTerm", "Terminal"));
        r.feed(typing("sudo ls "));
        r.feed(focus("xterm", "XTerm", "[sudo] password for alice"));
        r.feed(typing("Tr0ub4dor&3"));
        r.feed(new RawEvent.KeyDown(clock.addAndGet(1000), 0, 28, "enter", null, 0));
        r.finish();
        String json = allStored(r.stored());
        assertFalse(json.contains("Tr0ub") || json.contains("\"ch\":\"T\""), json);
        assertTrue(typedText(r.stored()).endsWith("[SECRET]"), typedText(r.stored()));
    }
}
