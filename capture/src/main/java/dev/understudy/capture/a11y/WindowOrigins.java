package dev.understudy.capture.a11y;

import com.sun.jna.platform.unix.X11;
import com.sun.jna.ptr.IntByReference;
import dev.understudy.capture.x11.WindowNames;
import dev.understudy.capture.x11.XErrors;
import dev.understudy.capture.x11.XProps;

/**
 * Where an application's top-level window is on the screen, from the X server. Needed for GTK 4,
 * whose AT-SPI boxes are relative to its window even when screen coordinates are asked for: the
 * window is the managed client with the application's {@code _NET_WM_PID} and, among several, the
 * title equal to the frame's accessible name. The origin is that of the client window (GTK 4
 * measures from its own surface). Owns its X connection; callers serialise on this object.
 */
final class WindowOrigins implements AutoCloseable {
    private static final X11 X = X11.INSTANCE;
    private final X11.Display display;
    private final long root;
    private final X11.Atom clientList;
    private final X11.Atom wmPid;
    private final X11.Atom netWmName;
    private final X11.Atom stacking;
    private final X11.Atom frameExtents;

    private WindowOrigins(X11.Display display) {
        this.display = display;
        this.root = X.XDefaultRootWindow(display).longValue();
        this.clientList = X.XInternAtom(display, "_NET_CLIENT_LIST", false);
        this.wmPid = X.XInternAtom(display, "_NET_WM_PID", false);
        this.netWmName = X.XInternAtom(display, "_NET_WM_NAME", false);
        this.stacking = X.XInternAtom(display, "_NET_CLIENT_LIST_STACKING", false);
        this.frameExtents = X.XInternAtom(display, "_NET_FRAME_EXTENTS", false);
    }

    /** A connection to {@code displayName}, or null when there is no X display. */
    static WindowOrigins open(String displayName) {
        if (displayName == null || displayName.isBlank()) return null;
        try {
            X11.Display d = X.XOpenDisplay(displayName);
            if (d == null) return null;
            XErrors.register(d);
            return new WindowOrigins(d);
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** The screen position of the top-left corner of the client window, or null if none matches. */
    synchronized int[] origin(long pid, String title) {
        long[] ids = XProps.longs(display, root, clientList);
        if (ids == null) return null;
        long best = 0;
        for (long id : ids) {
            if (XProps.first(display, id, wmPid, -1) != pid) continue;
            if (best == 0) best = id;
            if (title != null && title.equals(WindowNames.title(display, id, netWmName))) {
                best = id;
                break;
            }
        }
        if (best == 0) return null;
        IntByReference x = new IntByReference();
        IntByReference y = new IntByReference();
        if (!X.XTranslateCoordinates(display, new X11.Window(best), new X11.Window(root), 0, 0, x, y,
                new X11.WindowByReference())) {
            return null;
        }
        return new int[] {x.getValue(), y.getValue()};
    }

    /**
     * The process id of the topmost managed window whose frame contains the global point (from
     * _NET_CLIENT_LIST_STACKING), 0 when none or unknown. Override-redirect popups (menus) are not
     * managed and not seen here; they belong to the application whose window they open from.
     */
    synchronized long pidAt(int px, int py) {
        long[] ids = XProps.longs(display, root, stacking);
        if (ids == null) return 0;
        for (int i = ids.length - 1; i >= 0; i--) {
            long id = ids[i];
            X11.XWindowAttributes a = new X11.XWindowAttributes();
            if (X.XGetWindowAttributes(display, new X11.Window(id), a) == 0 || a.map_state != X11.IsViewable) continue;
            IntByReference x = new IntByReference();
            IntByReference y = new IntByReference();
            if (!X.XTranslateCoordinates(display, new X11.Window(id), new X11.Window(root), 0, 0, x, y,
                    new X11.WindowByReference())) {
                continue;
            }
            long[] ext = XProps.longs(display, id, frameExtents); // left, right, top, bottom
            int l = 0, r = 0, t = 0, b = 0;
            if (ext != null && ext.length >= 4) {
                l = (int) ext[0];
                r = (int) ext[1];
                t = (int) ext[2];
                b = (int) ext[3];
            }
            int fx = x.getValue() - l;
            int fy = y.getValue() - t;
            if (px >= fx && py >= fy && px < fx + a.width + l + r && py < fy + a.height + t + b) {
                return XProps.first(display, id, wmPid, 0);
            }
        }
        return 0;
    }

    @Override
    public synchronized void close() {
        XErrors.unregister(display);
        X.XCloseDisplay(display);
    }
}
