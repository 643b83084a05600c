package dev.understudy.e2e.privacy;

import static org.awaitility.Awaitility.await;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.platform.unix.X11;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.understudy.capture.x11.XErrors;
import dev.understudy.capture.x11.XProps;
import dev.understudy.demo.Processes;
import dev.understudy.demo.VirtualDesktop;
import java.awt.Point;
import java.awt.Rectangle;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real freedesktop system tray on a virtual desktop: Debian's {@code trayer}, which owns the
 * {@code _NET_SYSTEM_TRAY_S0} selection and embeds icons with XEmbed, as a desktop panel does. What
 * it shows is read straight from the X server (its own connection): the selection owner, the window
 * tree under the tray, override-redirect popups and screen pixels. Every wait polls a condition.
 */
final class TrayHost implements AutoCloseable {
    /** Xlib calls JNA's {@link X11} lacks. */
    interface TrayXlib extends Library {
        TrayXlib INSTANCE = Native.load("X11", TrayXlib.class);

        long XGetSelectionOwner(X11.Display display, X11.Atom selection);

        Pointer XGetImage(X11.Display display, long drawable, int x, int y, int width, int height, NativeLong planeMask, int format);

        NativeLong XGetPixel(Pointer image, int x, int y);

        int XDestroyImage(Pointer image);
    }

    private static final X11 X = X11.INSTANCE;
    private static final long POLL_MS = 50;

    private final VirtualDesktop desktop;
    private final X11.Display display;
    private final long root;
    private final X11.Atom traySelection;
    private Process trayer;

    private TrayHost(VirtualDesktop desktop) throws IOException {
        this.desktop = desktop;
        this.display = X.XOpenDisplay(desktop.display());
        if (display == null) throw new IOException("cannot open " + desktop.display());
        XErrors.register(display); // windows come and go while we walk the tree: BadWindow is an answer, not a crash
        this.root = X.XDefaultRootWindow(display).longValue();
        this.traySelection = X.XInternAtom(display, "_NET_SYSTEM_TRAY_S0", false);
    }

    /** A connection to the desktop, with no tray running yet. */
    static TrayHost on(VirtualDesktop desktop) throws IOException {
        return new TrayHost(desktop);
    }

    /** Starts trayer at the bottom right and returns once it owns the tray selection of screen 0. */
    TrayHost startTray() throws IOException, InterruptedException {
        if (trayer != null) throw new IllegalStateException("a tray is running");
        if (selectionOwner() != 0) throw new IllegalStateException("another program owns _NET_SYSTEM_TRAY_S0");
        trayer = Processes.start(desktop.env(new ProcessBuilder("trayer", "--edge", "bottom", "--align", "right", "--widthtype", "request",
                "--height", "24", "--SetDockType", "true", "--SetPartialStrut", "true"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD), "trayer (Debian package trayer)");
        try {
            waiting("trayer to take _NET_SYSTEM_TRAY_S0", 30_000).until(() -> {
                if (selectionOwner() != 0) return true;
                if (!trayer.isAlive()) throw new IOException("trayer exited with " + trayer.exitValue() + " before owning the tray selection");
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new IOException("trayer did not take _NET_SYSTEM_TRAY_S0 within 30 s", e);
        }
        return this;
    }

    /** Ends trayer and returns once nobody owns the tray selection. */
    void stopTray() throws IOException, InterruptedException {
        if (trayer == null) return;
        trayer.destroy();
        if (!trayer.waitFor(10, TimeUnit.SECONDS)) trayer.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        trayer = null;
        try {
            waiting("the tray selection to be free", 10_000).until(() -> selectionOwner() == 0);
        } catch (ConditionTimeoutException e) {
            throw new IOException("the tray selection is still owned after trayer ended", e);
        }
    }

    /**
     * Awaitility for this host's waits: a first look at once, then every {@link #POLL_MS} ms, on the
     * calling thread (the Xlib connection is this object's, not to be used by two threads, nor after
     * a timed-out wait), not failing on other threads' uncaught exceptions.
     */
    private static ConditionFactory waiting(String what, long timeoutMillis) {
        return await(what).atMost(Duration.ofMillis(timeoutMillis)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(POLL_MS))
                .pollInSameThread().dontCatchUncaughtExceptions();
    }

    long selectionOwner() {
        return TrayXlib.INSTANCE.XGetSelectionOwner(display, traySelection);
    }

    /**
     * Waits until exactly one client window is embedded in the tray and shown, and returns its
     * window and place on the screen. The tray's own windows carry trayer's WM_CLASS; an embedded
     * icon is the first window below them that carries another program's (for a Java TrayIcon:
     * the XEmbed frame AWT hands to the tray).
     */
    Shown awaitEmbeddedIcon(long timeoutMillis) throws IOException, InterruptedException {
        AtomicReference<List<Long>> icons = new AtomicReference<>(List.of());
        AtomicReference<Shown> last = new AtomicReference<>();
        AtomicInteger same = new AtomicInteger();
        try {
            return waiting("a single icon embedded in the tray", timeoutMillis).until(() -> {
                icons.set(embeddedIcons());
                Shown s = icons.get().size() == 1 ? shown(icons.get().get(0)) : null;
                Shown settled = null;
                if (s != null && s.bounds().width > 1 && s.bounds().height > 1) {
                    // the tray resizes and the window manager moves it once an icon docks: take the
                    // place once three looks in a row agree
                    same.set(s.equals(last.get()) ? same.get() + 1 : 0);
                    if (same.get() == 2) settled = s;
                }
                last.set(s);
                return settled;
            }, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new IOException("no single icon embedded in the tray within " + timeoutMillis + " ms (icons: " + icons.get() + ")", e);
        }
    }

    /** Waits until no client window is embedded in the tray. */
    void awaitNoIcon(long timeoutMillis) throws IOException, InterruptedException {
        try {
            waiting("no icon in the tray", timeoutMillis).until(() -> embeddedIcons().isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new IOException("an icon is still in the tray: " + embeddedIcons(), e);
        }
    }

    private List<Long> embeddedIcons() {
        List<Long> out = new ArrayList<>();
        for (long top : children(root)) collectIcons(top, false, out);
        return out;
    }

    private void collectIcons(long w, boolean insideTray, List<Long> out) {
        String[] cls = XProps.strings(display, w, X11.XA_WM_CLASS);
        boolean tray = cls != null && List.of(cls).stream().anyMatch(c -> c.toLowerCase(Locale.ROOT).equals("trayer"));
        if (insideTray && cls != null && !tray) {
            if (viewable(w)) out.add(w);
            return;
        }
        for (long c : children(w)) collectIcons(c, insideTray || tray, out);
    }

    /**
     * Waits for a shown popup menu of AWT (a heavyweight override-redirect window at the top level,
     * named after its peer class, {@code sun-awt-X11-XPopupMenuPeer}) and returns it.
     */
    Shown awaitPopupMenu(long timeoutMillis) throws IOException, InterruptedException {
        try {
            return waiting("a popup menu", timeoutMillis).until(() -> {
                for (long w : children(root)) {
                    String name = XProps.text(display, w, X11.XA_WM_NAME);
                    if (name != null && name.contains("PopupMenu") && viewable(w) && overrideRedirect(w)) {
                        Shown s = shown(w);
                        if (s != null) return s;
                    }
                }
                return null;
            }, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new IOException("no popup menu was shown within " + timeoutMillis + " ms", e);
        }
    }

    /** Waits until the popup menu is gone (taken down after a choice). */
    void awaitNoPopupMenu(long timeoutMillis) throws IOException, InterruptedException {
        try {
            waiting("the popup menu to go", timeoutMillis).until(() -> {
                for (long w : children(root)) {
                    String name = XProps.text(display, w, X11.XA_WM_NAME);
                    if (name != null && name.contains("PopupMenu") && viewable(w)) return false;
                }
                return true;
            });
        } catch (ConditionTimeoutException e) {
            throw new IOException("the popup menu stayed up for " + timeoutMillis + " ms", e);
        }
    }

    /**
     * A point of {@code area} (tried at its middle, then across) where {@code window} is not covered
     * by a window stacked above it, waiting until there is one. AWT's tray tooltip opens a second
     * after the pointer enters the icon, above whatever is there, and closes after ten seconds.
     */
    Point awaitUncovered(Shown window, Rectangle area, long timeoutMillis) throws IOException, InterruptedException {
        int y = area.y + area.height / 2;
        int[] eighths = {4, 2, 6, 1, 7, 3, 5};
        try {
            return waiting("a point of " + area + " not covered above " + window, timeoutMillis).until(() -> {
                List<Rectangle> above = coveringAbove(topLevelOf(window.id()));
                for (int e : eighths) {
                    Point p = new Point(area.x + area.width * e / 8, y);
                    if (above.stream().noneMatch(r -> r.contains(p))) return p;
                }
                return null;
            }, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new IOException("windows above " + window + " cover " + area + " for " + timeoutMillis + " ms: "
                    + coveringAbove(topLevelOf(window.id())), e);
        }
    }

    private List<Rectangle> coveringAbove(long topLevel) {
        List<Long> stack = children(root); // bottom to top
        int i = stack.indexOf(topLevel);
        List<Rectangle> out = new ArrayList<>();
        if (i < 0) return out;
        for (long w : stack.subList(i + 1, stack.size())) {
            Shown s = viewable(w) ? shown(w) : null;
            if (s != null) out.add(s.bounds());
        }
        return out;
    }

    private long topLevelOf(long w) {
        long cur = w;
        while (true) {
            long p = parent(cur);
            if (p == 0 || p == root) return cur;
            cur = p;
        }
    }

    /** The screen's colour at (x, y) as 0xRRGGBB (a 24-bit TrueColor screen), or -1 when it cannot be read. */
    int pixel(int x, int y) {
        Pointer img = TrayXlib.INSTANCE.XGetImage(display, root, x, y, 1, 1, new NativeLong(-1L), X11.ZPixmap);
        if (img == null) return -1;
        try {
            return (int) (TrayXlib.INSTANCE.XGetPixel(img, 0, 0).longValue() & 0xffffff);
        } finally {
            TrayXlib.INSTANCE.XDestroyImage(img);
        }
    }

    /** Waits until the middle of the icon shows {@code rgb} (uncovered), e.g. red while recording. */
    void awaitIconColour(Shown icon, int rgb, long timeoutMillis) throws IOException, InterruptedException {
        Point c = new Point(icon.bounds().x + icon.bounds().width / 2, icon.bounds().y + icon.bounds().height / 2);
        AtomicInteger seen = new AtomicInteger(-1);
        try {
            waiting(String.format("the icon's middle to show #%06x", rgb), timeoutMillis).until(() -> {
                if (coveringAbove(topLevelOf(icon.id())).stream().anyMatch(r -> r.contains(c))) return false;
                seen.set(pixel(c.x, c.y));
                return seen.get() == rgb;
            });
        } catch (ConditionTimeoutException e) {
            throw new IOException(String.format("the icon's middle is #%06x, not #%06x, after %d ms", seen.get(), rgb, timeoutMillis), e);
        }
    }

    /** A window that is shown, and where. */
    record Shown(long id, Rectangle bounds) {
        Point centre() {
            return new Point(bounds.x + bounds.width / 2, bounds.y + bounds.height / 2);
        }

        @Override
        public String toString() {
            return String.format("0x%x %dx%d+%d+%d", id, bounds.width, bounds.height, bounds.x, bounds.y);
        }
    }

    private Shown shown(long w) {
        X11.XWindowAttributes a = new X11.XWindowAttributes();
        if (X.XGetWindowAttributes(display, new X11.Window(w), a) == 0 || a.map_state != X11.IsViewable) return null;
        IntByReference x = new IntByReference();
        IntByReference y = new IntByReference();
        if (!X.XTranslateCoordinates(display, new X11.Window(w), new X11.Window(root), 0, 0, x, y, new X11.WindowByReference())) return null;
        return new Shown(w, new Rectangle(x.getValue(), y.getValue(), a.width, a.height));
    }

    private boolean viewable(long w) {
        X11.XWindowAttributes a = new X11.XWindowAttributes();
        return X.XGetWindowAttributes(display, new X11.Window(w), a) != 0 && a.map_state == X11.IsViewable;
    }

    private boolean overrideRedirect(long w) {
        X11.XWindowAttributes a = new X11.XWindowAttributes();
        return X.XGetWindowAttributes(display, new X11.Window(w), a) != 0 && a.override_redirect;
    }

    /** Children bottom to top (empty when the window is gone). */
    private List<Long> children(long w) {
        X11.WindowByReference r = new X11.WindowByReference();
        X11.WindowByReference p = new X11.WindowByReference();
        PointerByReference kids = new PointerByReference();
        IntByReference n = new IntByReference();
        List<Long> out = new ArrayList<>();
        if (X.XQueryTree(display, new X11.Window(w), r, p, kids, n) == 0) return out;
        Pointer k = kids.getValue();
        if (k == null) return out;
        try {
            for (int i = 0; i < n.getValue(); i++) out.add(k.getNativeLong((long) Native.LONG_SIZE * i).longValue());
        } finally {
            X.XFree(k);
        }
        return out;
    }

    private long parent(long w) {
        X11.WindowByReference r = new X11.WindowByReference();
        X11.WindowByReference p = new X11.WindowByReference();
        PointerByReference kids = new PointerByReference();
        IntByReference n = new IntByReference();
        if (X.XQueryTree(display, new X11.Window(w), r, p, kids, n) == 0) return 0;
        if (kids.getValue() != null) X.XFree(kids.getValue());
        return p.getValue() == null ? 0 : p.getValue().longValue();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            stopTray();
        } finally {
            XErrors.unregister(display);
            X.XCloseDisplay(display);
        }
    }
}
