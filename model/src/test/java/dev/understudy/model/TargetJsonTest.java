package dev.understudy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Targets keep their old JSON; the accessibility fields follow, only when known. */
@Tag("unit")
@Timeout(30)
class TargetJsonTest {
    @Test
    void oldTargetsKeepTheirJson() throws Exception {
        assertEquals("{\"source\":\"none\"}", Json.MAPPER.writeValueAsString(Target.NONE));
        Target dom = new Target("dom", "button", "Save", "button", new Rect(1, 2, 3, 4), "#s", "/x", null, 7L);
        String json = "{\"source\":\"dom\",\"role\":\"button\",\"name\":\"Save\",\"tag\":\"button\",\"bbox\":{\"x\":1,\"y\":2,"
                + "\"width\":3,\"height\":4},\"selector\":\"#s\",\"xpath\":\"/x\",\"event_seq\":7}";
        assertEquals(json, Json.MAPPER.writeValueAsString(dom));
        assertEquals(dom, Json.MAPPER.readValue(json, Target.class));
        assertEquals(Target.NONE, Json.MAPPER.readValue("{\"source\":\"none\"}", Target.class));
    }

    @Test
    void a11yTargetsCarryTheNewFields() throws Exception {
        Target t = Target.a11y("check box", "Bold", "Bold text", List.of("focused", "checked"), new Rect(1, 2, 3, 4),
                List.of("application: LibreOffice", "tool bar"), "LibreOffice 7.6", 12).withChecked(false);
        String json = Json.MAPPER.writeValueAsString(t);
        assertEquals("{\"source\":\"a11y\",\"role\":\"check box\",\"name\":\"Bold\",\"bbox\":{\"x\":1,\"y\":2,\"width\":3,\"height\":4},"
                + "\"event_seq\":12,\"description\":\"Bold text\",\"states\":[\"focused\",\"checked\"],"
                + "\"path\":[\"application: LibreOffice\",\"tool bar\"],\"checked\":false,\"toolkit\":\"LibreOffice 7.6\"}", json);
        assertEquals(t, Json.MAPPER.readValue(json, Target.class));
        assertEquals("{\"type\":\"menu_select\",\"path\":[\"File\",\"Save As…\"]}",
                Json.MAPPER.writeValueAsString(new Action.MenuSelect(List.of("File", "Save As…"))));
    }
}
