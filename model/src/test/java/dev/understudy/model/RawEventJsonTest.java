package dev.understudy.model;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RawEventJsonTest {
    @Test
    void everyEventKindRoundTripsThroughJson() throws Exception {
        List<RawEvent> events = List.of(
                new RawEvent.KeyDown(1, 2, 30, "a", "a", 0),
                new RawEvent.KeyUp(3, 4, 30, "a", Mods.CTRL),
                new RawEvent.MouseMove(5, 6, 10, 20, 1),
                new RawEvent.MouseDown(7, 8, 10, 20, "left", 2, 0),
                new RawEvent.MouseUp(9, 10, 10, 20, "left", 0),
                new RawEvent.Wheel(11, 12, 1, 2, 0, 3, 0),
                new RawEvent.WindowFocus(13, 14, new AppContext("xterm", "XTerm", "bash", 42, new Rect(0, 0, 100, 50), null)),
                new RawEvent.Clipboard(15, 16, "copy", "hi", 2, false),
                new RawEvent.Frame(17, 18, "abc", 0, 640, 480, FrameReason.ONSET),
                new RawEvent.Marker(19, 20, MarkerKind.START, null));
        for (RawEvent e : events) {
            String json = Json.MAPPER.writeValueAsString(e);
            RawEvent back = Json.MAPPER.readValue(json, RawEvent.class);
            assertEquals(e, back, json);
            assertTrue(json.startsWith("{\"e\":"), json);
        }
    }

    @Test
    void modifierNamesAreInChordOrder() {
        assertEquals(List.of("ctrl", "alt", "shift"), Mods.names(Mods.SHIFT | Mods.CTRL | Mods.ALT));
    }
}
