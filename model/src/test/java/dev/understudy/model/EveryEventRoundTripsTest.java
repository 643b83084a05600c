package dev.understudy.model;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every kind of raw event survives the trace's JSON, field for field. The kinds are taken from the
 * sealed interface itself, so a new kind cannot be forgotten here.
 */
@Timeout(30)
class EveryEventRoundTripsTest {
    @Test
    void everySealedSubtypeOfRawEventRoundTripsThroughJson() throws Exception {
        Class<?>[] kinds = RawEvent.class.getPermittedSubclasses();
        assertTrue(kinds.length >= 10, "the sealed kinds are found");
        List<String> checked = new ArrayList<>();
        for (Class<?> k : kinds) {
            RawEvent e = sample(k);
            String json = Json.MAPPER.writeValueAsString(e);
            RawEvent back = Json.MAPPER.readValue(json, RawEvent.class);
            assertEquals(e, back, k.getSimpleName() + " through " + json);
            checked.add(k.getSimpleName());
        }
        System.out.println("round-tripped: " + checked);
    }

    /** An instance with a distinct non-default value in every component. */
    static RawEvent sample(Class<?> kind) throws Exception {
        RecordComponent[] rc = kind.getRecordComponents();
        assertNotNull(rc, kind + " is a record");
        Class<?>[] types = new Class<?>[rc.length];
        Object[] values = new Object[rc.length];
        for (int i = 0; i < rc.length; i++) {
            types[i] = rc[i].getType();
            values[i] = value(rc[i].getType(), i);
        }
        Constructor<?> c = kind.getDeclaredConstructor(types);
        return (RawEvent) c.newInstance(values);
    }

    private static Object value(Class<?> t, int i) {
        if (t == long.class) return 1000L + i;
        if (t == int.class) return 7 + i;
        if (t == boolean.class) return true;
        if (t == String.class) return "v" + i;
        if (t == AppContext.class) return new AppContext("proc", "Class", "Title", 42, new Rect(1, 2, 3, 4), "https://example.test/");
        if (t == JsonNode.class) return Json.MAPPER.createObjectNode().put("url", "https://example.test/").put("n", 3);
        if (t.isEnum()) return t.getEnumConstants()[0];
        throw new AssertionError("no sample value for " + t + ": extend this test");
    }
}
