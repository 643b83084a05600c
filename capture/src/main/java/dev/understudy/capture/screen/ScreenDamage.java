package dev.understudy.capture.screen;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.platform.unix.X11;
import com.sun.jna.ptr.IntByReference;
import dev.understudy.capture.CaptureException;
import dev.understudy.capture.platform.Platform;
import dev.understudy.capture.x11.XDamage;
import dev.understudy.capture.x11.XDisplays;
import dev.understudy.capture.x11.XErrors;
import dev.understudy.capture.x11.XEventLoop;
import dev.understudy.capture.x11.XFixes;
import dev.understudy.model.Monitor;
import dev.understudy.model.Rect;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which parts of the screen were drawn since the last time it was asked ({@link #take}), from
 * the X server's DAMAGE extension: the screen thread asks before it would grab a monitor, and does
 * not grab one nothing was drawn on.
 *
 * <p>One damage object on the root window (report level NonEmpty: at most one event between two
 * asks) on a connection of its own. The server accumulates every drawing into it, drawing into
 * child windows included: without a compositor the root window's damage is the screen's (checked
 * on Xvfb with openbox and xterm, {@code ScreenDamageTest}). Asking is one round trip:
 * {@code XDamageSubtract} moves the accumulated damage into a server-side XFixes region and empties
 * it in one step, and {@code XFixesFetchRegion} reads that region's rectangles. Anything drawn after
 * the subtract (while the caller grabs, say) is in the next answer: an answer can only be larger
 * than the truth, never smaller.
 *
 * <p>The root window changing size (RandR) makes the next answer {@link Region#EVERYTHING}, and so
 * does any X error on this connection. With a compositing manager the root's damage is the
 * compositor's painting of the screen, which is still where the screen changed.
 *
 * <p>Not thread-safe beyond its synchronized methods; the recorder calls it from its screen thread.
 */
public final class ScreenDamage implements AutoCloseable {
    private static final X11 X = X11.INSTANCE;
    private static final NativeLong NONE = new NativeLong(0);

    private final XDamage xdamage;
    private final XFixes xfixes;
    private final X11.Display display;
    private final NativeLong damage;
    private final NativeLong region;
    private final X11.XEvent event = new X11.XEvent();
    private final IntByReference count = new IntByReference();
    private final AtomicLong takes = new AtomicLong();
    private final AtomicLong takeNanos = new AtomicLong();
    private boolean closed; // guarded by this

    /**
     * The damaged parts of the screen, in root-window (global) pixels: non-overlapping rectangles
     * as the server's region holds them, or everything.
     */
    public record Region(List<Rect> rects, boolean everything) {
        public static final Region NONE = new Region(List.of(), false);
        public static final Region EVERYTHING = new Region(List.of(), true);

        public Region {
            rects = List.copyOf(rects);
        }

        public boolean isEmpty() {
            return !everything && rects.isEmpty();
        }

        /** Whether anything was drawn inside the rectangle {@code x, y, width, height}. */
        public boolean touches(int x, int y, int width, int height) {
            if (everything) return true;
            for (Rect r : rects) {
                if (r.x() < x + width && x < r.x() + r.width() && r.y() < y + height && y < r.y() + r.height()) return true;
            }
            return false;
        }

        public boolean touches(Monitor m) {
            return touches(m.x(), m.y(), m.width(), m.height());
        }
    }

    private ScreenDamage(XDamage xdamage, XFixes xfixes, X11.Display display, NativeLong damage, NativeLong region) {
        this.xdamage = xdamage;
        this.xfixes = xfixes;
        this.display = display;
        this.damage = damage;
        this.region = region;
        event.setAutoRead(false);
    }

    /**
     * Opens a connection to DISPLAY and starts tracking the root window's damage. Everything drawn
     * from now on is in the first answer.
     *
     * @throws CaptureException (one line) when this is not X11, libXdamage or libXfixes does not
     *     load, there is no display, or the server has no DAMAGE or XFixes extension
     */
    public static ScreenDamage open() {
        if (Platform.current() != Platform.LINUX) {
            throw new CaptureException("Cannot track screen damage: it needs X11 (Linux), not "
                    + Platform.current().displayName() + ".");
        }
        XDamage xd;
        XFixes xf;
        try {
            xd = XDamage.INSTANCE;
        } catch (LinkageError e) {
            throw new CaptureException("Cannot track screen damage: libXdamage does not load (" + oneLine(e.getMessage())
                    + "); install the libxdamage1 package.", e);
        }
        try {
            xf = XFixes.INSTANCE;
        } catch (LinkageError e) {
            throw new CaptureException("Cannot track screen damage: libXfixes does not load (" + oneLine(e.getMessage())
                    + "); install the libxfixes3 package.", e);
        }
        X11.Display d = XDisplays.open("track screen damage");
        try {
            IntByReference eventBase = new IntByReference();
            IntByReference errorBase = new IntByReference();
            IntByReference major = new IntByReference();
            IntByReference minor = new IntByReference();
            if (!xd.XDamageQueryExtension(d, eventBase, errorBase)) {
                throw new CaptureException("Cannot track screen damage: the X server has no DAMAGE extension.");
            }
            if (xd.XDamageQueryVersion(d, major, minor) == 0) {
                throw new CaptureException("Cannot track screen damage: the X server's DAMAGE extension does not answer.");
            }
            if (!xf.XFixesQueryExtension(d, eventBase, errorBase) || xf.XFixesQueryVersion(d, major, minor) == 0
                    || major.getValue() < 2) {
                throw new CaptureException("Cannot track screen damage: the X server has no XFixes 2 extension (regions).");
            }
            X11.Window root = X.XDefaultRootWindow(d);
            X.XSync(d, false);
            long errorsBefore = XErrors.count(d);
            // The root's size changing (RandR) is announced by a ConfigureNotify on it.
            X.XSelectInput(d, root, new NativeLong(X11.StructureNotifyMask));
            NativeLong region = xf.XFixesCreateRegion(d, null, 0);
            NativeLong damage = xd.XDamageCreate(d, new NativeLong(root.longValue()), XDamage.XDamageReportNonEmpty);
            X.XSync(d, false);
            if (XErrors.count(d) != errorsBefore) {
                throw new CaptureException("Cannot track screen damage: XDamageCreate on the root window failed with X error "
                        + XErrors.lastErrorCode(d) + ".");
            }
            return new ScreenDamage(xd, xf, d, damage, region);
        } catch (RuntimeException | Error e) {
            XErrors.unregister(d);
            X.XCloseDisplay(d);
            throw e;
        }
    }

    /**
     * What was drawn since the last call (since {@link #open} for the first), and forgets it. One
     * round trip to the X server.
     *
     * @throws IllegalStateException when closed
     */
    public synchronized Region take() {
        if (closed) throw new IllegalStateException("ScreenDamage is closed");
        long t0 = System.nanoTime();
        try {
            long errorsBefore = XErrors.count(display);
            xdamage.XDamageSubtract(display, damage, NONE, region);
            Pointer rects = xfixes.XFixesFetchRegion(display, region, count); // the round trip
            List<Rect> out;
            try {
                int n = rects == null ? 0 : count.getValue();
                out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    long o = 8L * i;
                    int w = rects.getShort(o + 4) & 0xffff;
                    int h = rects.getShort(o + 6) & 0xffff;
                    if (w > 0 && h > 0) out.add(new Rect(rects.getShort(o), rects.getShort(o + 2), w, h));
                }
            } finally {
                if (rects != null) X.XFree(rects);
            }
            boolean everything = drainEvents() || XErrors.count(display) != errorsBefore;
            return everything ? Region.EVERYTHING : out.isEmpty() ? Region.NONE : new Region(out, false);
        } finally {
            takes.incrementAndGet();
            takeNanos.addAndGet(System.nanoTime() - t0);
        }
    }

    /** Reads the queued events (DamageNotify, the root's structure); true when the root changed size. */
    private boolean drainEvents() {
        boolean rootChanged = false;
        while (X.XPending(display) > 0) {
            X.XNextEvent(display, event);
            if (XEventLoop.type(event) == X11.ConfigureNotify) rootChanged = true;
        }
        return rootChanged;
    }

    /** How many times {@link #take} was called, and the nanoseconds it took in all. */
    public long takes() {
        return takes.get();
    }

    public long takeNanos() {
        return takeNanos.get();
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        xdamage.XDamageDestroy(display, damage);
        xfixes.XFixesDestroyRegion(display, region);
        XErrors.unregister(display);
        X.XCloseDisplay(display);
    }

    private static String oneLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
