package dev.understudy.capture.x11;

import com.sun.jna.Pointer;
import com.sun.jna.platform.unix.X11;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the X server about many windows in one round trip: every request (attributes and geometry,
 * properties, coordinates translated to the root) is sent through XCB on the Xlib connection before
 * any reply is read, instead of Xlib's one synchronous round trip per question. The answers are the
 * ones the Xlib calls would give: {@code XGetWindowAttributes} (both GetWindowAttributes and
 * GetGeometry), {@code XProps} reads, {@code XTranslateCoordinates}.
 *
 * <p>A window that vanished (BadWindow, or BadDrawable for its geometry) has null answers, as the
 * Xlib calls would fail for it. Anything else going wrong (XCB not loadable, a broken connection,
 * another X error) throws {@link Unavailable}: callers then use their Xlib path, since a window
 * missed here would go unmasked.
 */
public final class WindowBatch {
    /** Longest property read, in 32-bit units: the same as {@link XProps}. */
    private static final int MAX_LONGS = 1 << 16;

    /** The batch cannot answer; the caller uses Xlib instead. */
    public static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    /**
     * A window's attributes as {@code XGetWindowAttributes} gives them: x, y of the border's outer
     * corner relative to the parent, the inside size, the border width.
     */
    public record Attributes(int x, int y, int width, int height, int borderWidth, boolean viewable,
                             boolean overrideRedirect) {}

    /** A property value as {@link XProps} reads it: bytes for format 8, values for 16 and 32. */
    public record Property(long type, int format, byte[] bytes, long[] values) {
        /** As {@link XProps#longs}. */
        public long[] longs() {
            return values;
        }

        /** As {@link XProps#first}. */
        public static long first(Property p, long dflt) {
            long[] v = p == null ? null : p.values;
            return v == null || v.length == 0 ? dflt : v[0];
        }

        /** As {@link XProps#text}: UTF-8 when valid, else Latin-1, trailing NULs dropped. */
        public String text() {
            if (bytes == null) return null;
            return XProps.decode(bytes, withoutTrailingNuls(bytes));
        }

        /** As {@link XProps#strings}: NUL-separated Latin-1 strings (WM_CLASS). */
        public String[] strings() {
            if (bytes == null) return null;
            return new String(bytes, 0, withoutTrailingNuls(bytes), StandardCharsets.ISO_8859_1).split("\0", -1);
        }

        private static int withoutTrailingNuls(byte[] b) {
            int n = b.length;
            while (n > 0 && b[n - 1] == 0) n--;
            return n;
        }
    }

    /**
     * What the server said about one window. {@code attributes}: null when the window is gone (or
     * they were not asked). {@code properties}: one per property asked, each null when missing or
     * the window gone. {@code translated}: the window's origin in the root's coordinates, null when
     * the window is gone, on another screen, or it was not asked.
     */
    public record Answer(long id, Attributes attributes, Property[] properties, int[] translated) {
        public Property property(int i) {
            return properties[i];
        }
    }

    private final Pointer connection;
    private final PointerByReference error = new PointerByReference();

    private WindowBatch(Pointer connection) {
        this.connection = connection;
    }

    /**
     * A batch on the XCB connection under {@code display}.
     *
     * @throws Unavailable when libX11-xcb/libxcb cannot be used or the connection is broken
     */
    public static WindowBatch on(X11.Display display) throws Unavailable {
        if (!Xcb.load()) throw new Unavailable("XCB does not load: " + Xcb.loadFailure());
        Pointer c = Xcb.XlibXcb.XGetXCBConnection(display.getPointer());
        if (c == null) throw new Unavailable("Xlib has no XCB connection");
        if (Xcb.Lib.xcb_connection_has_error(c) != 0) throw new Unavailable("the XCB connection has failed");
        return new WindowBatch(c);
    }

    /**
     * Asks about all {@code windows} at once and waits for the answers (one round trip).
     *
     * @param attributes whether to ask each window's attributes and geometry
     * @param properties the property atoms to read from each window (any type, like {@link XProps})
     * @param translateTo a window to translate each window's origin to (the root), or 0 for none
     * @return one answer per window, in order
     */
    public List<Answer> query(long[] windows, boolean attributes, long[] properties, long translateTo) throws Unavailable {
        int np = properties.length;
        boolean translate = translateTo != 0;
        int stride = (attributes ? 2 : 0) + np + (translate ? 1 : 0);
        int[] cookies = new int[windows.length * stride];
        int sent = 0;
        int next = 0; // the first cookie whose reply is not collected yet
        try {
            // All requests go out first (XCB buffers them and flushes on the first wait)...
            for (long id : windows) {
                int w = (int) id;
                if (attributes) {
                    cookies[sent++] = Xcb.Lib.xcb_get_window_attributes(connection, w);
                    cookies[sent++] = Xcb.Lib.xcb_get_geometry(connection, w);
                }
                for (long atom : properties) {
                    cookies[sent++] = Xcb.Lib.xcb_get_property(connection, (byte) 0, w, (int) atom,
                            Xcb.ANY_PROPERTY_TYPE, 0, MAX_LONGS);
                }
                if (translate) {
                    cookies[sent++] = Xcb.Lib.xcb_translate_coordinates(connection, w, (int) translateTo, (short) 0, (short) 0);
                }
            }
            // ...then the replies are read in the same order, arriving back to back.
            List<Answer> out = new ArrayList<>(windows.length);
            for (long id : windows) {
                Attributes attrs = null;
                if (attributes) {
                    Pointer a = Xcb.Lib.xcb_get_window_attributes_reply(connection, cookies[next++], errorSlot());
                    Pointer ga = checked(a);
                    Pointer g = Xcb.Lib.xcb_get_geometry_reply(connection, cookies[next++], errorSlot());
                    try {
                        Pointer gg = checked(g);
                        if (ga != null && gg != null) attrs = attributes(ga, gg);
                    } finally {
                        Xcb.free(a);
                        Xcb.free(g);
                    }
                }
                Property[] props = new Property[np];
                for (int i = 0; i < np; i++) {
                    Pointer p = Xcb.Lib.xcb_get_property_reply(connection, cookies[next++], errorSlot());
                    try {
                        if (checked(p) != null) props[i] = property(p);
                    } finally {
                        Xcb.free(p);
                    }
                }
                int[] translated = null;
                if (translate) {
                    Pointer t = Xcb.Lib.xcb_translate_coordinates_reply(connection, cookies[next++], errorSlot());
                    try {
                        // XTranslateCoordinates returns False when the windows are on different screens
                        if (checked(t) != null && t.getByte(Xcb.TRANSLATE_SAME_SCREEN) != 0) {
                            translated = new int[] {t.getShort(Xcb.TRANSLATE_DST_X), t.getShort(Xcb.TRANSLATE_DST_Y)};
                        }
                    } finally {
                        Xcb.free(t);
                    }
                }
                out.add(new Answer(id, attrs, props, translated));
            }
            return out;
        } catch (LinkageError | RuntimeException e) {
            throw new Unavailable("XCB failed: " + e);
        } finally {
            // After a failure part way, replies nobody will read would stay in XCB's queue.
            for (int i = next; i < sent; i++) {
                try {
                    Xcb.Lib.xcb_discard_reply(connection, cookies[i]);
                } catch (LinkageError | RuntimeException e) {
                    break;
                }
            }
        }
    }

    /** The error slot, cleared, for the next {@code *_reply} call. */
    private Pointer errorSlot() {
        error.setValue(null);
        return error.getPointer();
    }

    /**
     * The reply when there is one; null for a window that vanished (BadWindow, or BadDrawable from
     * GetGeometry), the error freed.
     *
     * @throws IllegalStateException for any other error, or no reply and no error (connection lost)
     */
    private Pointer checked(Pointer reply) {
        Pointer e = error.getValue();
        if (reply != null) {
            Xcb.free(e); // not expected with a reply, but never leaked
            return reply;
        }
        if (e == null) throw new IllegalStateException("no reply and no error: the X connection is broken");
        int code = e.getByte(Xcb.ERROR_CODE) & 0xff;
        Xcb.free(e);
        if (code == Xcb.BAD_WINDOW || code == Xcb.BAD_DRAWABLE) return null;
        throw new IllegalStateException("X error " + code);
    }

    private static Attributes attributes(Pointer a, Pointer g) {
        return new Attributes(g.getShort(Xcb.GEOM_X), g.getShort(Xcb.GEOM_Y),
                g.getShort(Xcb.GEOM_WIDTH) & 0xffff, g.getShort(Xcb.GEOM_HEIGHT) & 0xffff,
                g.getShort(Xcb.GEOM_BORDER_WIDTH) & 0xffff,
                (a.getByte(Xcb.ATTR_MAP_STATE) & 0xff) == Xcb.IS_VIEWABLE, a.getByte(Xcb.ATTR_OVERRIDE_REDIRECT) != 0);
    }

    /** Decodes a GetProperty reply exactly as {@link XProps} decodes Xlib's: null when the property is missing. */
    private static Property property(Pointer reply) {
        long type = reply.getInt(Xcb.PROP_TYPE) & 0xffffffffL;
        if (type == 0) return null; // None: no such property
        int format = reply.getByte(Xcb.PROP_FORMAT) & 0xff;
        int len = Xcb.Lib.xcb_get_property_value_length(reply); // bytes
        Pointer v = len > 0 ? Xcb.Lib.xcb_get_property_value(reply) : null;
        return switch (format) {
            case 8 -> new Property(type, 8, v == null ? new byte[0] : v.getByteArray(0, len), null);
            case 16 -> {
                long[] out = new long[len / 2];
                for (int i = 0; i < out.length; i++) out[i] = v.getShort(2L * i) & 0xffff;
                yield new Property(type, 16, null, out);
            }
            case 32 -> {
                // 32 bits each on the wire and in XCB (Xlib widens them to C longs). Xlib widens
                // through a signed int, so values are sign-extended here too: the same longs.
                long[] out = new long[len / 4];
                for (int i = 0; i < out.length; i++) out[i] = v.getInt(4L * i);
                yield new Property(type, 32, null, out);
            }
            default -> null;
        };
    }
}
