package dev.understudy.capture.a11y;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;

/**
 * Decoding of the loosely typed values dbus-java's {@code Message.getParameters()} returns without
 * a Java signature: structs as Object[], arrays as lists or primitive arrays, unsigned ints as
 * UInt32 (a Number), variants wrapped.
 */
final class DBusValues {
    private DBusValues() {}

    static Object unwrap(Object v) {
        while (v instanceof Variant<?> var) v = var.getValue();
        return v;
    }

    static Object[] fields(Object struct) {
        struct = unwrap(struct);
        if (struct instanceof Object[] a) return a;
        if (struct instanceof List<?> l) return l.toArray();
        if (struct instanceof org.freedesktop.dbus.Struct s) return s.getParameters();
        return null;
    }

    static List<?> items(Object array) {
        array = unwrap(array);
        if (array == null) return List.of();
        if (array instanceof List<?> l) return l;
        if (array.getClass().isArray()) {
            int n = Array.getLength(array);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) out.add(Array.get(array, i));
            return out;
        }
        return List.of(array);
    }

    static long[] longs(Object array) {
        List<?> items = items(array);
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) out[i] = number(items.get(i));
        return out;
    }

    static long number(Object v) {
        v = unwrap(v);
        return v instanceof Number n ? n.longValue() : 0;
    }

    static String path(Object v) {
        v = unwrap(v);
        if (v instanceof DBusPath p) return p.getPath();
        return v == null ? null : v.toString();
    }

    static String string(Object v) {
        v = unwrap(v);
        return v == null ? null : v.toString();
    }
}
