package dev.understudy.power;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class UploadBudgetTest {
    @TempDir Path data;

    static final PowerState HOME = new PowerState(true, 100, false);
    static final UploadPolicy SMALL = new UploadPolicy(1000, true, true, true);
    static final Instant DAY1 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void bytesAreCountedPerUtcDay() {
        UploadBudget b = UploadBudget.inDataDir(data, SMALL);
        assertTrue(b.tryReserve(600, HOME, DAY1).allowed());
        UploadBudget.Decision d = b.tryReserve(500, HOME, DAY1.plusSeconds(60));
        assertFalse(d.allowed());
        assertEquals(400, d.remainingBytes());
        assertTrue(d.reason().contains("budget"), d.reason());
        assertTrue(b.tryReserve(400, HOME, DAY1.plusSeconds(120)).allowed());
        assertEquals(0, b.remainingToday(DAY1.plusSeconds(120)));
        // 23:59:59 UTC is still the same day; 00:00 UTC is a new one
        assertFalse(b.tryReserve(1, HOME, Instant.parse("2026-11-22T23:59:59Z")).allowed());
        assertTrue(b.tryReserve(1000, HOME, Instant.parse("2026-11-23T00:00:00Z")).allowed());
        assertEquals(1000, b.usedToday(Instant.parse("2026-11-23T08:00:00Z")));
        // days later
        assertEquals(0, b.usedToday(Instant.parse("2026-11-30T08:00:00Z")));
    }

    @Test
    void theCountSurvivesARestartAndTheFileIsWrittenAtomically() throws Exception {
        UploadBudget b = UploadBudget.inDataDir(data, SMALL);
        b.tryReserve(700, HOME, DAY1);
        b.record(50, DAY1);
        UploadBudget again = UploadBudget.inDataDir(data, SMALL);
        assertEquals(750, again.usedToday(DAY1.plusSeconds(3600)));
        assertFalse(again.tryReserve(300, HOME, DAY1.plusSeconds(3600)).allowed());
        again.release(200, DAY1.plusSeconds(3600)); // an upload failed
        assertEquals(550, UploadBudget.inDataDir(data, SMALL).usedToday(DAY1.plusSeconds(3601)));
        // restarted the next day: a fresh allowance
        assertEquals(0, UploadBudget.inDataDir(data, SMALL).usedToday(DAY1.plusSeconds(86400)));
        try (Stream<Path> s = Files.list(data)) {
            assertEquals(java.util.List.of(UploadBudget.FILE), s.map(p -> p.getFileName().toString()).toList(), "no temp files left");
        }
        String json = Files.readString(data.resolve(UploadBudget.FILE));
        assertTrue(json.contains("\"day\" : \"2026-11-22\""), json);
    }

    @Test
    void aClockSetBackDoesNotGiveASecondAllowance() {
        UploadBudget b = UploadBudget.inDataDir(data, SMALL);
        b.tryReserve(900, HOME, DAY1);
        assertFalse(b.tryReserve(200, HOME, DAY1.minusSeconds(86400)).allowed());
    }

    @Test
    void anUnreadableFileCountsTheDayAsUsed() throws Exception {
        Files.writeString(data.resolve(UploadBudget.FILE), "{not json");
        UploadBudget b = UploadBudget.inDataDir(data, SMALL);
        assertNotNull(b.problem());
        assertFalse(b.tryReserve(1, HOME, DAY1).allowed());
        assertTrue(b.tryReserve(1, HOME, DAY1.plusSeconds(86400)).allowed(), "the next day is fresh");
        assertNull(b.problem());
        assertEquals(1, UploadBudget.inDataDir(data, SMALL).usedToday(DAY1.plusSeconds(86400)));
    }

    @Test
    void onlyOnAcAndUnmeteredNetworksByDefault() {
        UploadBudget b = UploadBudget.inDataDir(data, SMALL);
        UploadBudget.Decision battery = b.tryReserve(10, new PowerState(false, 90, false), DAY1);
        assertFalse(battery.allowed());
        assertTrue(battery.reason().contains("battery"), battery.reason());
        UploadBudget.Decision metered = b.tryReserve(10, new PowerState(true, null, true), DAY1);
        assertFalse(metered.allowed());
        assertTrue(metered.reason().contains("metered"), metered.reason());
        assertTrue(b.tryReserve(10, new PowerState(true, null, null), DAY1).allowed(), "no NetworkManager: unknown counts as unmetered");
        assertEquals(10, b.usedToday(DAY1), "refused requests are not counted");

        UploadBudget strict = UploadBudget.open(data.resolve("strict.json"), new UploadPolicy(1000, true, true, false));
        assertFalse(strict.tryReserve(10, new PowerState(true, null, null), DAY1).allowed());

        UploadBudget anywhere = UploadBudget.open(data.resolve("any.json"), new UploadPolicy(1000, false, false, true));
        assertTrue(anywhere.tryReserve(10, new PowerState(false, 20, true), DAY1).allowed());
        assertTrue(anywhere.check(990, new PowerState(false, 20, true), DAY1).allowed());
        assertFalse(anywhere.check(991, new PowerState(false, 20, true), DAY1).allowed());
        assertEquals(10, anywhere.usedToday(DAY1), "check does not count");
    }
}
