package dev.understudy.capture.window;

import static dev.understudy.capture.x11.WindowNames.processName;
import static dev.understudy.capture.x11.WindowNames.windowClass;

import com.sun.jna.NativeLong;
import com.sun.jna.platform.unix.X11;
import com.sun.jna.ptr.IntByReference;
import dev.understudy.capture.Clock;
import dev.understudy.capture.EventSink;
import dev.understudy.capture.x11.WindowBatch;
import dev.understudy.capture.x11.WindowNames;
import dev.understudy.capture.x11.XDisplays;
import dev.understudy.capture.x11.XErrors;
import dev.understudy.capture.x11.XEventLoop;
import dev.understudy.capture.x11.XProps;
import dev.understudy.model.AppContext;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The foreground window on X11, from the window manager's EWMH properties. Its own X connection
 * watches {@code _NET_ACTIVE_WINDOW} on the root window and the title properties of the active
 * window (PropertyChangeMask on both), on a thread that sleeps in poll(2) between events.
 * {@link #visibleWindows()} and lookups before {@link #start()} use a second connection, so callers
 * on other threads never share Xlib state with the event thread.
 */
public final class X11WindowSource implements WindowSource {
    private static final X11 X = X11.INSTANCE;
    /** How long focus must stay on no window before that is reported. */
    static final long NONE_DEBOUNCE_NS = 150_000_000L;

    private final EventSink sink;
    private final Clock clock;
    private final Object queryLock = new Object();

    private XEventLoop loop;
    private volatile Atoms atoms;
    private volatile long root;
    private long active; // event thread only, after start
    private long noneSince = -1; // event thread: mono time focus went to no window, not yet emitted
    private volatile AppContext current;
    private X11.Display queryDisplay; // guarded by queryLock
    private boolean closed;
    private boolean batched = true; // guarded by queryLock: false after XCB failed once

    public X11WindowSource(EventSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /** Atoms are server-wide, so one set serves both connections. */
    private record Atoms(X11.Atom activeWindow, X11.Atom wmName, X11.Atom netWmName, X11.Atom utf8String,
                         X11.Atom wmPid, X11.Atom wmClass, X11.Atom clientListStacking, X11.Atom clientList,
                         X11.Atom frameExtents, X11.Atom wmState, X11.Atom wmStateHidden, X11.Atom gtkApplicationId) {
        static Atoms intern(X11.Display d) {
            return new Atoms(atom(d, "_NET_ACTIVE_WINDOW"), X11.XA_WM_NAME, atom(d, "_NET_WM_NAME"),
                    atom(d, "UTF8_STRING"), atom(d, "_NET_WM_PID"), X11.XA_WM_CLASS,
                    atom(d, "_NET_CLIENT_LIST_STACKING"), atom(d, "_NET_CLIENT_LIST"),
                    atom(d, "_NET_FRAME_EXTENTS"), atom(d, "_NET_WM_STATE"), atom(d, "_NET_WM_STATE_HIDDEN"),
                    atom(d, "_GTK_APPLICATION_ID"));
        }

        private static X11.Atom atom(X11.Display d, String name) {
            return X.XInternAtom(d, name, false);
        }
    }

    @Override
    public synchronized void start() {
        if (loop != null || closed) throw new IllegalStateException("already started");
        X11.Display d = open();
        atoms = Atoms.intern(d);
        root = X.XDefaultRootWindow(d).longValue();
        X.XSelectInput(d, new X11.Window(root), new NativeLong(X11.PropertyChangeMask));
        active = activeWindow(d);
        watch(d, active);
        X.XSync(d, false); // the server knows what we watch before start() returns
        emit(describe(d, active));
        loop = new XEventLoop("understudy-window", d, new XEventLoop.Handler() {
            @Override
            public void handle(X11.Display display, X11.XEvent event) {
                onEvent(display, event);
            }

            @Override
            public long idle(X11.Display display) {
                return onIdle();
            }
        });
        loop.start();
    }

    /** Whether its event thread runs (false before {@link #start}, after {@link #close}, or if the thread ended). */
    public synchronized boolean running() {
        return loop != null && !closed && loop.isAlive();
    }

    @Override
    public AppContext current() {
        AppContext c = current;
        if (c != null) return c;
        synchronized (queryLock) {
            X11.Display d = queryDisplay();
            return describe(d, activeWindow(d));
        }
    }

    @Override
    public List<WindowInfo> visibleWindows() {
        synchronized (queryLock) {
            X11.Display d = queryDisplay();
            long[] ids = XProps.longs(d, root, atoms.clientListStacking);
            if (ids == null) ids = XProps.longs(d, root, atoms.clientList);
            if (ids == null) return List.of();
            if (batched) {
                try {
                    return batchedWindows(d, ids);
                } catch (WindowBatch.Unavailable | LinkageError | RuntimeException e) {
                    // Fail closed: a window missed here would not be masked. Xlib from now on.
                    batched = false;
                    System.err.println("understudy: warning: cannot list windows through XCB, using Xlib: "
                            + (e instanceof WindowBatch.Unavailable ? e.getMessage() : e.toString()));
                }
            }
            return xlibWindows(d, ids);
        }
    }

    /**
     * {@link #visibleWindows()} with every request for every window sent before any reply is read
     * (one round trip for all of them, instead of eight or nine per window): the same answers as
     * {@link #xlibWindows}. Called with queryLock held.
     */
    private List<WindowInfo> batchedWindows(X11.Display d, long[] ids) throws WindowBatch.Unavailable {
        long[] props = {atoms.wmPid.longValue(), atoms.wmClass.longValue(), atoms.wmState.longValue(),
                atoms.netWmName.longValue(), atoms.wmName.longValue(), atoms.frameExtents.longValue()};
        List<WindowBatch.Answer> answers = WindowBatch.on(d).query(ids, true, props, root);
        List<WindowInfo> out = new ArrayList<>(answers.size());
        for (WindowBatch.Answer a : answers) {
            WindowBatch.Attributes attrs = a.attributes();
            if (attrs == null) continue; // vanished
            long pid = WindowBatch.Property.first(a.property(0), 0);
            String[] cls = a.property(1) == null ? null : a.property(1).strings();
            long[] state = a.property(2) == null ? null : a.property(2).longs();
            boolean hidden = contains(state, atoms.wmStateHidden.longValue());
            // as WindowNames.title: _NET_WM_NAME, else WM_NAME (both asked: no second round trip)
            String title = a.property(3) == null ? null : a.property(3).text();
            if (title == null && a.property(4) != null) title = a.property(4).text();
            long[] ext = a.property(5) == null ? null : a.property(5).longs();
            out.add(new WindowInfo(a.id(), pid, processName(pid, cls), windowClass(cls), title,
                    bounds(a.translated(), ext, attrs.width(), attrs.height()), attrs.viewable() && !hidden));
        }
        return List.copyOf(out);
    }

    /** {@link #visibleWindows()} through synchronous Xlib calls, window by window: the fallback. */
    private List<WindowInfo> xlibWindows(X11.Display d, long[] ids) {
        List<WindowInfo> out = new ArrayList<>(ids.length);
        for (long id : ids) {
            X11.XWindowAttributes attrs = new X11.XWindowAttributes();
            if (X.XGetWindowAttributes(d, new X11.Window(id), attrs) == 0) continue; // vanished
            long pid = XProps.first(d, id, atoms.wmPid, 0);
            String[] cls = XProps.strings(d, id, atoms.wmClass);
            boolean hidden = contains(XProps.longs(d, id, atoms.wmState), atoms.wmStateHidden.longValue());
            out.add(new WindowInfo(id, pid, processName(pid, cls), windowClass(cls), title(d, id),
                    bounds(d, id, attrs), attrs.map_state == X11.IsViewable && !hidden));
        }
        return List.copyOf(out);
    }

    /** Lists windows through XCB ({@code true}, the default) or through Xlib only (tests compare both). */
    void batched(boolean on) {
        synchronized (queryLock) {
            batched = on;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (loop != null) loop.close();
        synchronized (queryLock) {
            if (queryDisplay != null) {
                XErrors.unregister(queryDisplay);
                X.XCloseDisplay(queryDisplay);
                queryDisplay = null;
            }
        }
    }

    // ---- event thread

    private void onEvent(X11.Display d, X11.XEvent event) {
        if (XEventLoop.type(event) != X11.PropertyNotify) return;
        X11.XPropertyEvent pe = XEventLoop.as(event, X11.XPropertyEvent.class);
        long window = pe.window.longValue();
        long atom = pe.atom.longValue();
        if (window == root && atom == atoms.activeWindow.longValue()) {
            long now = activeWindow(d);
            if (now != active) {
                unwatch(d, active);
                active = now;
                watch(d, now);
                if (now == 0) {
                    // Window managers clear the active window for a moment while switching; only a
                    // lasting "no window" is reported (see onIdle).
                    noneSince = clock.mono();
                } else {
                    boolean wasNone = noneSince >= 0;
                    noneSince = -1;
                    AppContext c = describe(d, now);
                    AppContext last = current;
                    // A blink of "no window" and back to the same window is no change.
                    if (!(wasNone && last != null && c.equals(last))) emit(c);
                }
            } else if (now != 0) {
                // The same id, but maybe not the same window: an id the active property still held
                // after its window was destroyed can be given to a new window (X reuses ids), and
                // the new one becomes active without the property changing value.
                AppContext c = describe(d, now);
                if (!c.sameWindowAs(current)) {
                    watch(d, now);
                    noneSince = -1;
                    emit(c);
                }
            }
        } else if (window == active && active != 0
                && (atom == atoms.netWmName.longValue() || atom == atoms.wmName.longValue())) {
            AppContext last = current;
            AppContext c = describe(d, active, last);
            if (last == null || !Objects.equals(c.title(), last.title())) emit(c);
        }
    }

    private long onIdle() {
        if (noneSince < 0) return -1;
        long left = noneSince + NONE_DEBOUNCE_NS - clock.mono();
        if (left > 0) return Math.max(1, left / 1_000_000);
        noneSince = -1;
        if (current != AppContext.UNKNOWN) emit(AppContext.UNKNOWN);
        return -1;
    }

    private void emit(AppContext c) {
        current = c;
        sink.accept(new RawEvent.WindowFocus(clock.mono(), clock.wall(), c));
    }

    private static void watch(X11.Display d, long window) {
        if (window != 0) X.XSelectInput(d, new X11.Window(window), new NativeLong(X11.PropertyChangeMask));
    }

    private static void unwatch(X11.Display d, long window) {
        // BadWindow when it is already gone: swallowed by XErrors.
        if (window != 0) X.XSelectInput(d, new X11.Window(window), new NativeLong(X11.NoEventMask));
    }

    // ---- lookups (any connection)

    private long activeWindow(X11.Display d) {
        return XProps.first(d, root, atoms.activeWindow, 0);
    }

    private AppContext describe(X11.Display d, long window) {
        return describe(d, window, null);
    }

    /**
     * The window's context. {@code before}: the same window as last described (a title change), whose
     * label is kept: a window's desktop entry does not change with its title, and titles change often
     * (a terminal's clock, a browser's tabs).
     */
    private AppContext describe(X11.Display d, long window, AppContext before) {
        if (window == 0) return AppContext.UNKNOWN;
        long pid = XProps.first(d, window, atoms.wmPid, 0);
        String[] cls = XProps.strings(d, window, atoms.wmClass);
        X11.XWindowAttributes attrs = new X11.XWindowAttributes();
        Rect bounds = X.XGetWindowAttributes(d, new X11.Window(window), attrs) != 0 ? bounds(d, window, attrs) : null;
        String name = processName(pid, cls);
        String label = before != null && before.pid() == pid && Objects.equals(before.windowClass(), windowClass(cls))
                ? before.label() : WindowNames.label(cls, XProps.text(d, window, atoms.gtkApplicationId), name);
        return new AppContext(name != null ? name : "unknown", windowClass(cls), title(d, window), pid, bounds,
                null, label);
    }

    private String title(X11.Display d, long window) {
        return WindowNames.title(d, window, atoms.netWmName);
    }

    /** Global bounds of the window's frame (client area plus _NET_FRAME_EXTENTS). */
    private Rect bounds(X11.Display d, long window, X11.XWindowAttributes attrs) {
        IntByReference x = new IntByReference();
        IntByReference y = new IntByReference();
        if (!X.XTranslateCoordinates(d, new X11.Window(window), new X11.Window(root), 0, 0, x, y,
                new X11.WindowByReference())) {
            return null;
        }
        long[] ext = XProps.longs(d, window, atoms.frameExtents); // left, right, top, bottom
        return bounds(new int[] {x.getValue(), y.getValue()}, ext, attrs.width, attrs.height);
    }

    /** The frame's bounds from the client's origin on the root (null: unknown), its extents and size. */
    private static Rect bounds(int[] origin, long[] ext, int width, int height) {
        if (origin == null) return null;
        if (ext == null || ext.length < 4) return new Rect(origin[0], origin[1], width, height);
        int l = (int) ext[0], r = (int) ext[1], t = (int) ext[2], b = (int) ext[3];
        return new Rect(origin[0] - l, origin[1] - t, width + l + r, height + t + b);
    }

    private static boolean contains(long[] values, long v) {
        if (values == null) return false;
        for (long x : values) if (x == v) return true;
        return false;
    }

    private static X11.Display open() {
        return XDisplays.open("watch the foreground window");
    }

    private X11.Display queryDisplay() {
        if (closed) throw new IllegalStateException("closed");
        if (queryDisplay == null) {
            queryDisplay = open();
            if (atoms == null) {
                atoms = Atoms.intern(queryDisplay);
                root = X.XDefaultRootWindow(queryDisplay).longValue();
            }
        }
        return queryDisplay;
    }
}
