package dev.understudy.model;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.model.browser.BrowserMessage;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every kind of raw event survives the trace's JSON, field for field. The kinds are taken from the
 * sealed interface itself, so a new kind cannot be forgotten here.
 */
@Tag("unit")
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

    /** Every kind of browser message, with every part filled in, survives a browser event's JSON. */
    @Test
    void everyBrowserMessageRoundTripsInsideABrowserEvent() throws Exception {
        List<Class<?>> kinds = new ArrayList<>();
        leaves(BrowserMessage.class, kinds);
        assertEquals(14, kinds.size(), "twelve extension kinds, hello and bridge: " + kinds);
        for (Class<?> k : kinds) {
            RawEvent e = new RawEvent.Browser(1, 2, (BrowserMessage) RecordSamples.record(k, 0));
            String json = Json.MAPPER.writeValueAsString(e);
            assertEquals(e, Json.MAPPER.readValue(json, RawEvent.class), k.getSimpleName() + " through " + json);
            assertTrue(json.startsWith("{\"e\":\"browser\",\"mono\":1,\"wall\":2,\"kind\":\"" + ((RawEvent.Browser) e).kind() + "\",\"data\":{"), json);
        }
    }

    private static void leaves(Class<?> sealed, List<Class<?>> out) {
        for (Class<?> c : sealed.getPermittedSubclasses()) {
            if (c.isRecord()) out.add(c);
            else leaves(c, out);
        }
    }

    /** An instance with a distinct non-default value in every component. */
    static RawEvent sample(Class<?> kind) throws Exception {
        return (RawEvent) RecordSamples.record(kind, 0);
    }
}
