package dev.understudy.capture.x11;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The few XCB requests {@link WindowBatch} pipelines, bound with JNA direct mapping (cheaper per call
 * than interface mapping, which matters at dozens of calls per listing), and Xlib's handle on its
 * own XCB connection. Xlib is built on XCB, so requests sent here go over the same socket as the
 * Xlib calls on that display, in order with them.
 *
 * <p><b>Cookies.</b> Each {@code xcb_*_cookie_t} is a struct holding one {@code unsigned int} (the
 * request's sequence number), passed and returned by value. On x86_64 and aarch64 (SysV/AAPCS64
 * calling conventions) such a struct travels in a general register exactly like an {@code int},
 * so the cookies are declared as {@code int} here. On another ABI {@link #load()} refuses, and
 * callers use Xlib.
 *
 * <p><b>Replies</b> are malloc'd by XCB and must be freed with libc {@code free} ({@link #free}).
 * Each {@code *_reply} function takes a pointer to an error pointer: a request that failed (e.g.
 * BadWindow for a window that vanished) then returns null and stores a malloc'd
 * {@code xcb_generic_error_t} there, which is freed too. Errors collected this way never reach
 * Xlib's error handler.
 */
final class Xcb {
    private Xcb() {}

    /** {@code XCB_GET_PROPERTY_TYPE_ANY}. */
    static final int ANY_PROPERTY_TYPE = 0;

    // xcb_generic_error_t
    static final int ERROR_CODE = 1; // uint8_t error_code
    static final int BAD_WINDOW = 3;
    static final int BAD_DRAWABLE = 9;

    // xcb_get_window_attributes_reply_t
    static final int ATTR_MAP_STATE = 26; // uint8_t
    static final int ATTR_OVERRIDE_REDIRECT = 27; // uint8_t
    static final int IS_VIEWABLE = 2; // XCB_MAP_STATE_VIEWABLE, same value as Xlib's IsViewable

    // xcb_get_geometry_reply_t
    static final int GEOM_X = 12; // int16_t
    static final int GEOM_Y = 14; // int16_t
    static final int GEOM_WIDTH = 16; // uint16_t
    static final int GEOM_HEIGHT = 18; // uint16_t
    static final int GEOM_BORDER_WIDTH = 20; // uint16_t

    // xcb_get_property_reply_t
    static final int PROP_FORMAT = 1; // uint8_t
    static final int PROP_TYPE = 8; // xcb_atom_t

    // xcb_translate_coordinates_reply_t
    static final int TRANSLATE_SAME_SCREEN = 1; // uint8_t
    static final int TRANSLATE_DST_X = 12; // int16_t
    static final int TRANSLATE_DST_Y = 14; // int16_t

    /**
     * A system property that, when "true", keeps XCB from being used at all (everything goes through
     * Xlib): a way out if XCB misbehaves somewhere, and how tests exercise the fallback.
     */
    static final String DISABLE_PROPERTY = "understudy.xcb.disable";

    private static volatile Boolean loaded;
    private static volatile String loadFailure;

    /**
     * Binds libxcb and libX11-xcb once; true when that worked. False on an ABI where cookies are not
     * passed like an int, or when a library or symbol is missing ({@link #loadFailure()} says why).
     */
    static boolean load() {
        Boolean l = loaded;
        if (l != null) return l;
        synchronized (Xcb.class) {
            if (loaded != null) return loaded;
            if (Boolean.getBoolean(DISABLE_PROPERTY)) {
                loadFailure = "XCB disabled by -D" + DISABLE_PROPERTY;
                loaded = false;
                return false;
            }
            String arch = System.getProperty("os.arch", "");
            if (!System.getProperty("os.name", "").startsWith("Linux")
                    || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
                loadFailure = "XCB cookies are bound as int only on x86_64/aarch64 Linux, not " + arch;
                loaded = false;
                return false;
            }
            try {
                Native.register(Lib.class, NativeLibrary.getInstance("libxcb.so.1"));
                Native.register(XlibXcb.class, NativeLibrary.getInstance("libX11-xcb.so.1"));
                loaded = true;
            } catch (LinkageError | RuntimeException e) {
                loadFailure = e.toString();
                loaded = false;
            }
            return loaded;
        }
    }

    /** Why {@link #load()} failed, or null. */
    static String loadFailure() {
        return loadFailure;
    }

    /** Frees a reply or error XCB returned (libc free, which JNA's {@link Native#free} calls). */
    static void free(Pointer p) {
        if (p != null) Native.free(Pointer.nativeValue(p));
    }

    /** libxcb.so.1. Only usable after {@link #load()} returned true. */
    static final class Lib {
        private Lib() {}

        static native int xcb_connection_has_error(Pointer c);

        static native int xcb_get_window_attributes(Pointer c, int window);

        static native Pointer xcb_get_window_attributes_reply(Pointer c, int cookie, Pointer error);

        static native int xcb_get_geometry(Pointer c, int drawable);

        static native Pointer xcb_get_geometry_reply(Pointer c, int cookie, Pointer error);

        static native int xcb_get_property(Pointer c, byte delete, int window, int property, int type,
                                           int longOffset, int longLength);

        static native Pointer xcb_get_property_reply(Pointer c, int cookie, Pointer error);

        static native Pointer xcb_get_property_value(Pointer reply);

        static native int xcb_get_property_value_length(Pointer reply);

        static native int xcb_translate_coordinates(Pointer c, int src, int dst, short srcX, short srcY);

        static native Pointer xcb_translate_coordinates_reply(Pointer c, int cookie, Pointer error);

        /** Drops a reply not collected (after a failure part way), so XCB does not keep it forever. */
        static native void xcb_discard_reply(Pointer c, int sequence);
    }

    /** libX11-xcb.so.1: the XCB connection under an Xlib Display. */
    static final class XlibXcb {
        private XlibXcb() {}

        static native Pointer XGetXCBConnection(Pointer display);
    }
}
