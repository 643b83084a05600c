package dev.understudy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The window context's label: the app's name for people, optional in traces. */
@Tag("unit")
@Timeout(10)
class AppContextLabelTest {
    @Test
    void aWindowLineWithoutLabelReadsAsBefore() throws Exception {
        String old = "{\"e\":\"window\",\"mono\":13,\"wall\":14,\"app\":{\"name\":\"java\","
                + "\"windowClass\":\"dev-understudy-demo-NotesApp\",\"title\":\"Understudy Notes\",\"pid\":42,"
                + "\"bounds\":{\"x\":0,\"y\":0,\"width\":100,\"height\":50}}}";
        RawEvent.WindowFocus w = (RawEvent.WindowFocus) Json.MAPPER.readValue(old, RawEvent.class);
        assertEquals(new AppContext("java", "dev-understudy-demo-NotesApp", "Understudy Notes", 42, new Rect(0, 0, 100, 50), null),
                w.app());
        assertNull(w.app().label());
        assertFalse(Json.MAPPER.writeValueAsString(w).contains("label"), "no label written when there is none");
    }

    @Test
    void aLabelRoundTripsAndSurvivesTitleAndUrlChanges() throws Exception {
        AppContext a = new AppContext("java", "dev-understudy-demo-NotesApp", "Understudy Notes", 42, null, null, "Notes");
        String json = Json.MAPPER.writeValueAsString(new RawEvent.WindowFocus(1, 2, a));
        assertTrue(json.contains("\"label\":\"Notes\""), json);
        assertEquals(a, ((RawEvent.WindowFocus) Json.MAPPER.readValue(json, RawEvent.class)).app());
        assertEquals("Notes", a.withTitle("other").withUrl("http://x/").label());
        assertTrue(a.sameWindowAs(a.withLabel(null)), "the label is no part of which window it is");
    }
}
