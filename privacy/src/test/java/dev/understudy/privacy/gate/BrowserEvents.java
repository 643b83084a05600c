package dev.understudy.privacy.gate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.model.RawEvent;
import dev.understudy.model.browser.BrowserMessageReader;

/** Browser events for the tests, written as the trace's JSON and read as the trace is read. */
final class BrowserEvents {
    private BrowserEvents() {}

    /** A browser event of this kind whose message is this {@code data} object. */
    static RawEvent.Browser browser(long mono, long wall, String kind, JsonNode data) {
        return new RawEvent.Browser(mono, wall, BrowserMessageReader.read(kind, data));
    }
}
