package dev.understudy.privacy.gate;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.model.AppContext;
import dev.understudy.model.Json;
import dev.understudy.model.MarkerKind;
import dev.understudy.model.RawEvent;
import dev.understudy.privacy.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's state shared between threads (issue 15 §2), each race driven through a fixed
 * interleaving: the other thread's step runs on its own thread (an executor) at the exact point
 * the test names, and the test waits for it to finish before going on, so the outcome never
 * depends on scheduling. Each test fails on the code before its fix.
 */
@Tag("unit")
@Timeout(30)
class GateRacesTest {
    @TempDir Path tmp;
    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final AtomicLong wall = new AtomicLong(1_700_000_000_000L);
    /** Plays the bridge's thread, the hotkey's thread...: whoever writes besides the pipeline. */
    final ExecutorService other = Executors.newSingleThreadExecutor();
    final List<RawEvent> stored = new ArrayList<>();

    @AfterEach
    void stopOther() throws Exception {
        other.shutdownNow();
        assertTrue(other.awaitTermination(10, TimeUnit.SECONDS));
    }

    PrivacyGate gate(String policy, PauseSwitch pause) throws Exception {
        Path f = tmp.resolve("p.yaml");
        Files.writeString(f, policy);
        return new PrivacyGate(PolicyLoader.load(f), pause, clock::get);
    }

    /** Runs {@code r} on the other thread and waits until it is done. */
    void onOtherThread(Runnable r) {
        try {
            other.submit(r).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static PolicyGate.Output into(List<RawEvent> stored, java.util.function.Consumer<RawEvent> onStore) {
        return new PolicyGate.Output() {
            @Override
            public void live(RawEvent x) {}

            @Override
            public void store(RawEvent x) {
                stored.add(x);
                onStore.accept(x);
            }
        };
    }

    void feed(PrivacyGate g, RawEvent e) {
        g.admit(e, into(stored, x -> {}));
    }

    RawEvent.Browser nav(String url) {
        ObjectNode d = Json.MAPPER.createObjectNode().put("url", url).put("title", "Mail").put("active", true).put("tab", 7);
        return BrowserEvents.browser(clock.addAndGet(20_000_000L), 0, "navigate", d);
    }

    RawEvent.Browser scan(String url, String... people) {
        ObjectNode d = Json.MAPPER.createObjectNode().put("url", url).put("active", true).put("frame", 0);
        for (String p : people) d.withArray("people").add(p);
        return BrowserEvents.browser(clock.addAndGet(60_000_000L), 0, PrivacyGate.PAGE_SCAN, d);
    }

    /**
     * The bridge's thread hears of a navigation to page B while the pipeline is still at page A's
     * scan. The end of A's wait used to reset {@code scanPendingUntil} whatever it held, so frames
     * of B (not scanned yet, maybe showing a correspondent abroad) were allowed until the pipeline
     * reached B's navigation.
     */
    @Test
    void theEndOfOnePagesWaitDoesNotClearTheWaitTheBridgeSetForTheNext() throws Exception {
        PrivacyGate g = gate("version: 1\nextends: default\ncorrespondents: {jurisdictions: [CH]}\n", new PauseSwitch(30, 120, wall::get));
        feed(g, BrowserEvents.browser(clock.addAndGet(1000), 0, "hello", Json.MAPPER.createObjectNode().put("pid", 5)));
        String inbox = "https://mail.google.com/mail/u/0/#inbox";
        feed(g, new RawEvent.WindowFocus(clock.addAndGet(1000), 0, new AppContext("chromium", "Chromium", "Inbox - Mail", 5, null, inbox)));
        feed(g, scan(inbox, "Amy Park <amy@acme.example>"));
        assertTrue(g.framesAllowed());

        // page A: the bridge's thread hears of it, then the pipeline gets to it
        RawEvent.Browser toA = nav("https://mail.google.com/mail/u/0/#msg-amy");
        onOtherThread(() -> g.browserEventArrived(toA));
        feed(g, toA);
        RawEvent.Browser scanA = scan("https://mail.google.com/mail/u/0/#msg-amy", "Amy Park <amy@acme.example>");
        // page B: the bridge's thread hears of it before the pipeline has taken A's scan
        RawEvent.Browser toB = nav("https://mail.google.com/mail/u/0/#msg-lena");
        onOtherThread(() -> g.browserEventArrived(toB));
        assertFalse(g.framesAllowed(), "B is not scanned yet");
        feed(g, scanA); // A's wait ends
        assertFalse(g.framesAllowed(), "A's scan says nothing about B: frames of B still wait for its scan");

        feed(g, toB);
        feed(g, scan("https://mail.google.com/mail/u/0/#msg-lena", "Lena Vogel <lena.vogel@basel.example.ch>"));
        assertFalse(g.framesAllowed(), "B shows a correspondent abroad");
        assertEquals("suspended", g.state());
        // and the wait itself still ends with the page's scan, as before
        feed(g, nav(inbox));
        assertTrue(g.framesAllowed(), "a page scanned before needs no wait");
    }

    /**
     * The worker pauses with the hotkey, and resumes from the CLI while the pipeline is taking
     * the pause in (between reading "paused" and writing the marker). The pause's time and who
     * asked were two volatile fields read one by one, so the PAUSED marker named the one who
     * resumed. Now the pipeline reads one {@link PauseSwitch.State}.
     */
    @Test
    void thePausedMarkerNamesWhoPausedEvenWhenAResumeComesInBetween() throws Exception {
        PauseSwitch pause = new PauseSwitch(30, 120, wall::get);
        PrivacyGate g = gate("version: 1\nname: chromium as an app\nallow_apps: [chromium, \"class:XTerm\"]\n", pause);
        // a browser without a bridge: typing there is withheld and counted, its marker stored when the pause begins
        feed(g, new RawEvent.WindowFocus(clock.addAndGet(1000), 0, new AppContext("chromium", "Chromium", "Sign in", 4242, null, null)));
        long m = clock.addAndGet(40_000_000L);
        feed(g, new RawEvent.KeyDown(m, 0, 1000 + 'x', "x", "x", 0));
        feed(g, new RawEvent.KeyUp(m + 1, 0, 1000 + 'x', "x", 0));

        onOtherThread(() -> pause.pauseMinutes(5, "hotkey"));
        // the pipeline takes the pause in; while it stores what came before, the CLI resumes
        g.admit(new RawEvent.MouseMove(clock.addAndGet(1000), 0, 1, 1, 0), into(stored, x -> {
            if (x instanceof RawEvent.Marker mk && mk.kind() == UnbridgedBrowserGuard.MARKER) onOtherThread(() -> pause.pauseUntil(0, "cli"));
        }));
        feed(g, new RawEvent.MouseMove(clock.addAndGet(1000), 0, 2, 2, 0));

        List<RawEvent.Marker> markers = stored.stream().filter(e -> e instanceof RawEvent.Marker mk
                && (mk.kind() == MarkerKind.PAUSED || mk.kind() == MarkerKind.RESUMED)).map(e -> (RawEvent.Marker) e).toList();
        assertEquals(2, markers.size(), stored.toString());
        assertEquals(MarkerKind.PAUSED, markers.get(0).kind());
        assertEquals("hotkey", markers.get(0).detail(), "the pause is the hotkey's");
        assertEquals(MarkerKind.RESUMED, markers.get(1).kind());
        assertEquals("cli", markers.get(1).detail());
    }

    /** The switch's state is one value: until when and who asked always belong to the same change. */
    @Test
    void thePauseStateIsOneValue() {
        PauseSwitch pause = new PauseSwitch(30, 120, wall::get);
        pause.pauseMinutes(5, "hotkey");
        PauseSwitch.State s = pause.state();
        onOtherThread(() -> pause.pauseUntil(0, "cli"));
        assertEquals("hotkey", s.by());
        assertTrue(s.pausedAt(wall.get()));
        assertEquals(new PauseSwitch.State(0, "cli"), pause.state());
        assertFalse(pause.pausedNow());
    }
}
