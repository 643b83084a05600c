package dev.understudy.model;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.understudy.model.browser.BrowserMessage;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

/** Records of the model built with a distinct non-default value in every component, for round-trip tests. */
final class RecordSamples {
    private RecordSamples() {}

    /** A record with a distinct non-default value in every component (records inside built alike). */
    static Object record(Class<?> kind, int offset) throws Exception {
        RecordComponent[] rc = kind.getRecordComponents();
        assertNotNull(rc, kind + " is a record");
        Class<?>[] types = new Class<?>[rc.length];
        Object[] values = new Object[rc.length];
        for (int i = 0; i < rc.length; i++) {
            types[i] = rc[i].getType();
            values[i] = value(rc[i].getGenericType(), offset + i);
        }
        Constructor<?> c = kind.getDeclaredConstructor(types);
        return c.newInstance(values);
    }

    static Object value(Type type, int i) throws Exception {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            // a tree (an accessibility node's children): two levels, then empty
            if (p.getActualTypeArguments()[0] == A11yNode.class && i >= 1000) return List.of();
            return List.of(value(p.getActualTypeArguments()[0], i));
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Map.class) return Map.of("k" + i, "v" + i, "l" + i, "w" + i);
        Class<?> t = (Class<?>) type;
        if (t == long.class || t == Long.class) return 1000L + i;
        if (t == int.class || t == Integer.class) return 7 + i;
        if (t == double.class || t == Double.class) return 0.5 + i;
        if (t == boolean.class || t == Boolean.class) return true;
        if (t == String.class) return "v" + i;
        if (t == byte[].class) return new byte[] {0x1f, (byte) 0x8b, (byte) i};
        if (t == AppContext.class) return new AppContext("proc", "Class", "Title", 42, new Rect(1, 2, 3, 4), "https://example.test/");
        if (t == BrowserMessage.class) return record(BrowserMessage.Select.class, 10 * (i + 1));
        if (t.isRecord()) return record(t, 10 * (i + 1)); // a record inside (browser message parts, Action.Point)
        if (t.isEnum()) return t.getEnumConstants()[0];
        throw new AssertionError("no sample value for " + t + ": extend this test");
    }
}
