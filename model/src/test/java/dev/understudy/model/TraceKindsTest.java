package dev.understudy.model;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Marker kinds and frame reasons are trace format: their strings must not change. */
@Tag("unit")
class TraceKindsTest {
    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void markerKindsKeepTheirStrings() throws Exception {
        List<String> kinds = List.of(RawEvent.Marker.START, RawEvent.Marker.STOP, RawEvent.Marker.DROPPED,
                RawEvent.Marker.RECOVERED, RawEvent.Marker.PAUSED, RawEvent.Marker.RESUMED, RawEvent.Marker.SUSPENDED,
                RawEvent.Marker.UNSUSPENDED, RawEvent.Marker.QUOTA, RawEvent.Marker.QUOTA_CLEARED,
                RawEvent.Marker.EXEMPTION_REQUESTED, RawEvent.Marker.NOTICE, RawEvent.Marker.INPUT_HIDDEN,
                RawEvent.Marker.INPUT_SHOWN, RawEvent.Marker.INPUT_WITHHELD, RawEvent.Marker.REDACTED);
        assertEquals(List.of("start", "stop", "dropped", "recovered", "paused", "resumed", "suspended", "unsuspended", "quota",
                "quota_cleared", "exemption_requested", "notice", "input_hidden", "input_shown", "input_withheld", "redacted"),
                kinds);
        String json = Json.MAPPER.writeValueAsString(new RawEvent.Marker(1, 2, RawEvent.Marker.QUOTA_CLEARED, null));
        assertTrue(json.contains("\"kind\":\"quota_cleared\""), json);
        RawEvent back = Json.MAPPER.readValue("{\"e\":\"marker\",\"mono\":1,\"wall\":2,\"kind\":\"something_new\"}", RawEvent.class);
        assertEquals("something_new", ((RawEvent.Marker) back).kind(), "kinds a reader does not know are kept");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void frameReasonsKeepTheirStrings() throws Exception {
        assertEquals(List.of("start", "onset", "settle", "focus", "keyframe"), List.of(RawEvent.Frame.START,
                RawEvent.Frame.ONSET, RawEvent.Frame.SETTLE, RawEvent.Frame.FOCUS, RawEvent.Frame.KEYFRAME));
        String json = Json.MAPPER.writeValueAsString(new RawEvent.Frame(1, 2, "abc", 0, 640, 480, RawEvent.Frame.SETTLE));
        assertTrue(json.contains("\"reason\":\"settle\""), json);
    }
}
