package dev.understudy.model;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Marker kinds and frame reasons are trace format: their strings must not change. */
@Tag("unit")
class TraceKindsTest {
    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void markerKindsKeepTheirStrings() {
        assertEquals(List.of("start", "stop", "dropped", "recovered", "paused", "resumed", "suspended", "unsuspended", "quota",
                "quota_cleared", "exemption_requested", "notice", "input_hidden", "input_shown", "input_withheld", "redacted",
                "task_label", "task", "unknown"), Arrays.stream(MarkerKind.values()).map(MarkerKind::wire).toList());
        for (MarkerKind k : MarkerKind.values()) assertEquals(k.wire(), k.toString(), "toString is the wire string");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void frameReasonsKeepTheirStrings() {
        assertEquals(List.of("start", "onset", "settle", "focus", "keyframe", "unknown"),
                Arrays.stream(FrameReason.values()).map(FrameReason::wire).toList());
        for (FrameReason r : FrameReason.values()) assertEquals(r.wire(), r.toString(), "toString is the wire string");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void everyMarkerKindRoundTrips() throws Exception {
        for (MarkerKind k : MarkerKind.values()) {
            RawEvent.Marker m = new RawEvent.Marker(1, 2, k, "d");
            String json = Json.MAPPER.writeValueAsString(m);
            assertEquals("{\"e\":\"marker\",\"mono\":1,\"wall\":2,\"kind\":\"" + k.wire() + "\",\"detail\":\"d\"}", json);
            assertEquals(m, Json.MAPPER.readValue(json, RawEvent.class));
            assertSame(k, MarkerKind.of(k.wire()));
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void everyFrameReasonRoundTrips() throws Exception {
        for (FrameReason r : FrameReason.values()) {
            RawEvent.Frame f = new RawEvent.Frame(1, 2, "abc", 0, 640, 480, r);
            String json = Json.MAPPER.writeValueAsString(f);
            assertEquals("{\"e\":\"frame\",\"mono\":1,\"wall\":2,\"id\":\"abc\",\"monitor\":0,\"width\":640,\"height\":480,"
                    + "\"reason\":\"" + r.wire() + "\"}", json);
            assertEquals(f, Json.MAPPER.readValue(json, RawEvent.class));
            assertSame(r, FrameReason.of(r.wire()));
        }
    }

    /** Lines as traces stored them before kinds and reasons were enums read back and write the same bytes. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void storedLinesReadBackAndWriteTheSameBytes() throws Exception {
        String marker = "{\"e\":\"marker\",\"mono\":1,\"wall\":2,\"kind\":\"paused\",\"detail\":\"tray\"}";
        RawEvent m = Json.MAPPER.readValue(marker, RawEvent.class);
        assertEquals(new RawEvent.Marker(1, 2, MarkerKind.PAUSED, "tray"), m);
        assertEquals(marker, Json.MAPPER.writeValueAsString(m));

        String noDetail = "{\"e\":\"marker\",\"mono\":5,\"wall\":6,\"kind\":\"quota_cleared\"}";
        assertEquals(noDetail, Json.MAPPER.writeValueAsString(Json.MAPPER.readValue(noDetail, RawEvent.class)));

        String frame = "{\"e\":\"frame\",\"mono\":3,\"wall\":4,\"id\":\"9f2c\",\"monitor\":1,\"width\":1920,\"height\":1080,"
                + "\"reason\":\"settle\"}";
        RawEvent f = Json.MAPPER.readValue(frame, RawEvent.class);
        assertEquals(new RawEvent.Frame(3, 4, "9f2c", 1, 1920, 1080, FrameReason.SETTLE), f);
        assertEquals(frame, Json.MAPPER.writeValueAsString(f));
    }

    /**
     * A kind or reason this reader does not know (a newer recorder's) keeps the event readable as
     * UNKNOWN, with its other fields; the unknown name itself is not kept.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void unknownKindsAndReasonsKeepTheEventReadable() throws Exception {
        RawEvent m = Json.MAPPER.readValue("{\"e\":\"marker\",\"mono\":1,\"wall\":2,\"kind\":\"something_new\",\"detail\":\"x\"}",
                RawEvent.class);
        assertEquals(new RawEvent.Marker(1, 2, MarkerKind.UNKNOWN, "x"), m);
        RawEvent f = Json.MAPPER.readValue("{\"e\":\"frame\",\"mono\":1,\"wall\":2,\"id\":\"a\",\"monitor\":0,\"width\":1,"
                + "\"height\":1,\"reason\":\"something_new\"}", RawEvent.class);
        assertEquals(new RawEvent.Frame(1, 2, "a", 0, 1, 1, FrameReason.UNKNOWN), f);
        assertSame(MarkerKind.UNKNOWN, MarkerKind.of("unknown"), "the placeholder's own string reads as itself");
        assertSame(MarkerKind.UNKNOWN, MarkerKind.of("PAUSED"), "wire strings are case-sensitive, not enum names");
        RawEvent none = Json.MAPPER.readValue("{\"e\":\"marker\",\"mono\":1,\"wall\":2}", RawEvent.class);
        assertNull(((RawEvent.Marker) none).kind(), "a missing kind stays missing");
        assertNull(MarkerKind.of(null));
        assertNull(FrameReason.of(null));
    }
}
