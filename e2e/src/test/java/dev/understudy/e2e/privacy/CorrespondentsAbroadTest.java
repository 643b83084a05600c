package dev.understudy.e2e.privacy;

import org.junit.jupiter.api.Tag;
import static dev.understudy.e2e.privacy.PrivacyHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.model.RawEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A conversation with a colleague in a protected jurisdiction is not captured. */
@Tag("e2e")
class CorrespondentsAbroadTest {
    @TempDir Path tmp;

    @Test
    void aWindowShowingACorrespondentAbroadSuspendsCapture() throws Exception {
        Path data = tmp.resolve("data");
        Files.writeString(tmp.resolve("people.csv"), """
                name,email,aliases,country
                Hans Müller,hans.mueller@acme.example,Hans Mueller,DE
                Amy Park,amy.park@acme.example,,US
                """);
        Path policy = policy(tmp, XTERM_ONLY + """
                directory: people.csv
                correspondents:
                  jurisdictions: [DE, FR]
                """);
        try (VirtualDesktop desktop = VirtualDesktop.start(1024, 768); PrivacyHarness h = new PrivacyHarness(desktop)) {
            String work = h.xterm("Chat with Amy Park", "70x10+0+0");
            String hans = h.xterm("Chat with Hans Mueller", "70x10+0+250");
            String mail = h.xterm("Re: offre - claire@societe.fr", "70x10+0+500");
            h.xdo.activate(work);
            try (RecorderProcess rec = RecorderProcess.start(desktop, data, "--policy", policy.toString())) {
                awaitStatus(data, "recording", 10_000);
                h.xdo.type("status report ");
                rec.awaitEvents(ev -> typed(ev).contains("status report"), 20_000);
                h.xdo.activate(hans);
                awaitStatus(data, "suspended (correspondent abroad)", 10_000);
                h.xdo.type("guten morgen");
                h.xdo.key("Return");
                h.xdo.activate(mail);
                h.xdo.type("bonjour");
                h.xdo.key("Return");
                h.xdo.activate(work);
                awaitStatus(data, "recording", 10_000);
                h.xdo.type("thanks all");
                h.xdo.key("Return");
                rec.awaitEvents(ev -> typed(ev).contains("thanks all"), 20_000);
                assertEquals(0, rec.stop(), rec.stderr());
            }
        }
        List<RawEvent> ev = events(data);
        String typed = typed(ev);
        assertTrue(typed.contains("status report") && typed.contains("thanks all"), typed);
        assertFalse(typed.contains("guten") || typed.contains("bonjour"), typed);
        assertTrue(markers(ev).contains("suspended:correspondent abroad"), markers(ev).toString());
        for (RawEvent e : ev) {
            if (e instanceof RawEvent.WindowFocus w) {
                assertFalse(w.app().title().contains("Hans") || w.app().title().contains("societe"), "protected correspondent named: " + w);
            }
        }
    }
}
