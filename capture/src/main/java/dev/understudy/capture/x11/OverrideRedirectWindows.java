package dev.understudy.capture.x11;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.platform.unix.X11;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.understudy.model.Rect;
import java.util.ArrayList;
import java.util.List;

/**
 * The override-redirect windows shown on the root (menus, tooltips, notifications): the window
 * manager does not list them, so they are found among the root's children. Two ways to list them
 * with the same result: {@link #batched} (through {@link WindowBatch}, three round trips in all)
 * and {@link #xlib} (two round trips per child of the root, kept for when XCB cannot be used).
 */
public final class OverrideRedirectWindows {
    private static final X11 X = X11.INSTANCE;

    private OverrideRedirectWindows() {}

    /**
     * One viewable override-redirect window larger than 1x1.
     *
     * @param bounds its outer bounds (border included) in root coordinates
     * @param pid {@code _NET_WM_PID}, 0 when unknown
     * @param windowClass the WM_CLASS class part, or null
     */
    public record Found(long id, Rect bounds, long pid, String windowClass) {}

    /**
     * Lists them with all attribute requests pipelined, then all property requests.
     *
     * @throws WindowBatch.Unavailable when XCB cannot be used: call {@link #xlib} instead
     */
    public static List<Found> batched(X11.Display d) throws WindowBatch.Unavailable {
        WindowBatch batch = WindowBatch.on(d);
        long[] ids = rootChildren(d);
        if (ids.length == 0) return List.of();
        List<long[]> shown = new ArrayList<>(); // {id, x, y, width, height}
        for (WindowBatch.Answer a : batch.query(ids, true, new long[0], 0)) {
            WindowBatch.Attributes at = a.attributes();
            if (at == null || !at.overrideRedirect() || !at.viewable()) continue;
            if (at.width() <= 1 || at.height() <= 1) continue;
            shown.add(new long[] {a.id(), at.x(), at.y(), at.width() + 2L * at.borderWidth(), at.height() + 2L * at.borderWidth()});
        }
        if (shown.isEmpty()) return List.of();
        long[] popupIds = shown.stream().mapToLong(s -> s[0]).toArray();
        long pidAtom = X.XInternAtom(d, "_NET_WM_PID", false).longValue();
        long[] props = {pidAtom, X11.XA_WM_CLASS.longValue()};
        List<WindowBatch.Answer> answers = batch.query(popupIds, false, props, 0);
        List<Found> out = new ArrayList<>(shown.size());
        for (int i = 0; i < shown.size(); i++) {
            long[] s = shown.get(i);
            WindowBatch.Answer a = answers.get(i);
            WindowBatch.Property cls = a.property(1);
            out.add(new Found(s[0], new Rect((int) s[1], (int) s[2], (int) s[3], (int) s[4]),
                    WindowBatch.Property.first(a.property(0), 0), WindowNames.windowClass(cls == null ? null : cls.strings())));
        }
        return out;
    }

    /** Lists them with synchronous Xlib calls, window by window. */
    public static List<Found> xlib(X11.Display d) {
        long[] ids = rootChildren(d);
        List<Found> out = new ArrayList<>();
        if (ids.length == 0) return out;
        X11.Atom pidAtom = X.XInternAtom(d, "_NET_WM_PID", false);
        Memory a = new Memory(RawAttrs.SIZE);
        for (long id : ids) {
            // raw XWindowAttributes: a JNA Structure per window costs more than the round trip
            if (RawAttrs.LIB.XGetWindowAttributes(d.getPointer(), new NativeLong(id), a) == 0) continue;
            if (a.getInt(RawAttrs.OVERRIDE_REDIRECT) == 0 || a.getInt(RawAttrs.MAP_STATE) != X11.IsViewable) continue;
            int w = a.getInt(8);
            int hh = a.getInt(12);
            int bw = a.getInt(16);
            if (w <= 1 || hh <= 1) continue;
            long pid = XProps.first(d, id, pidAtom, 0);
            String[] cls = XProps.strings(d, id, X11.XA_WM_CLASS);
            out.add(new Found(id, new Rect(a.getInt(0), a.getInt(4), w + 2 * bw, hh + 2 * bw), pid, WindowNames.windowClass(cls)));
        }
        return out;
    }

    /** The root's children, bottom to top (one round trip); empty when the query fails. */
    private static long[] rootChildren(X11.Display d) {
        X11.Window root = X.XDefaultRootWindow(d);
        X11.WindowByReference rootRet = new X11.WindowByReference();
        X11.WindowByReference parentRet = new X11.WindowByReference();
        PointerByReference children = new PointerByReference();
        IntByReference count = new IntByReference();
        if (X.XQueryTree(d, root, rootRet, parentRet, children, count) == 0) return new long[0];
        Pointer p = children.getValue();
        try {
            int n = count.getValue();
            if (p == null || n == 0) return new long[0];
            long[] ids = new long[n];
            // an array of Window (unsigned long)
            for (int i = 0; i < n; i++) ids[i] = NativeLong.SIZE == 8 ? p.getLong(8L * i) : p.getInt(4L * i) & 0xffffffffL;
            return ids;
        } finally {
            if (p != null) X.XFree(p);
        }
    }

    /** XGetWindowAttributes into raw memory (the C layout of XWindowAttributes). */
    private static final class RawAttrs {
        interface Lib extends com.sun.jna.Library {
            int XGetWindowAttributes(Pointer display, NativeLong window, Pointer attrs);
        }

        static final Lib LIB = com.sun.jna.Native.load("X11", Lib.class);
        static final int SIZE = NativeLong.SIZE == 8 ? 136 : 92;
        static final int MAP_STATE = NativeLong.SIZE == 8 ? 92 : 60;
        static final int OVERRIDE_REDIRECT = NativeLong.SIZE == 8 ? 120 : 76;
    }
}
