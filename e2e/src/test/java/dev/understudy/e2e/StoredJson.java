package dev.understudy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;

/** What the trace stores for an event, as JSON, for tests that check the stored fields themselves. */
public final class StoredJson {
    private StoredJson() {}

    /** A browser event's stored {@code data} object. */
    public static JsonNode data(RawEvent.Browser b) {
        return Json.MAPPER.valueToTree(b).get("data");
    }
}
