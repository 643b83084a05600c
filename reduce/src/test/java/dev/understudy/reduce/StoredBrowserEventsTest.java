package dev.understudy.reduce;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A recorded trace's browser events (fixtures/browser.jsonl, written by the recorder before
 * messages were typed) read back into typed messages and are written out again byte for byte.
 */
@Tag("unit")
class StoredBrowserEventsTest {
    @Test
    @Timeout(30)
    void everyRecordedBrowserEventIsWrittenBackUnchanged() throws Exception {
        int browser = 0;
        for (String line : Fixtures.resource("browser.jsonl").split("\n")) {
            if (!line.startsWith("{\"e\":\"browser\"")) continue;
            RawEvent e = Json.MAPPER.readValue(line, RawEvent.class);
            assertInstanceOf(RawEvent.Browser.class, e, line);
            assertEquals(line, Json.MAPPER.writeValueAsString(e));
            browser++;
        }
        assertTrue(browser >= 60, browser + " browser events");
    }
}
