package dev.understudy.capture.a11y;

import java.util.List;

/**
 * An accessible object on the AT-SPI bus: the application's unique bus name and the object's path.
 * AT-SPI passes these as (so) structs; "/org/a11y/atspi/null" is its "no object".
 */
record ObjectRef(String bus, String path) {
    static final String NULL_PATH = "/org/a11y/atspi/null";
    static final String ROOT_PATH = "/org/a11y/atspi/accessible/root";

    boolean isNull() {
        return bus == null || bus.isEmpty() || path == null || NULL_PATH.equals(path);
    }

    /** The application's root object on the same bus name. */
    ObjectRef root() {
        return new ObjectRef(bus, ROOT_PATH);
    }

    boolean isRoot() {
        return ROOT_PATH.equals(path);
    }

    /** Decodes a (so) struct as dbus-java hands it over (an Object[] or a list), or null. */
    static ObjectRef of(Object struct) {
        Object[] f = DBusValues.fields(struct);
        if (f == null || f.length < 2) return null;
        return new ObjectRef(String.valueOf(f[0]), DBusValues.path(f[1]));
    }

    /** Decodes an a(so) array. */
    static List<ObjectRef> list(Object array) {
        List<?> items = DBusValues.items(array);
        return items.stream().map(ObjectRef::of).filter(r -> r != null && !r.isNull()).toList();
    }
}
