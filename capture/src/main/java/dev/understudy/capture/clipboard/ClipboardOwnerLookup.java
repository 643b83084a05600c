package dev.understudy.capture.clipboard;

import com.sun.jna.NativeLong;
import com.sun.jna.platform.unix.X11;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.understudy.capture.x11.Posix;
import dev.understudy.capture.x11.WindowNames;
import dev.understudy.capture.x11.XDisplays;
import dev.understudy.capture.x11.XErrors;
import dev.understudy.capture.x11.XEventLoop;
import dev.understudy.capture.x11.XProps;
import dev.understudy.capture.x11.XRes;
import dev.understudy.capture.x11.XlibExt;
import dev.understudy.model.AppContext;
import dev.understudy.model.RawEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Who owns the CLIPBOARD selection and whether the owner marks its contents as a password, asked on
 * a private X connection that only one thread uses (the clipboard source's worker).
 *
 * <p>The owner window's client pid comes from the X Resource extension (XResQueryClientIds: the
 * server knows it from the client's socket), else from the window's _NET_WM_PID, else it is 0.
 * Owner windows are hidden, and command-line tools (xclip, a password manager's helper) have no
 * window at all, so the app is the nearest of the pid and up to {@value #MAX_ANCESTORS} of its
 * ancestors (/proc/PID/stat) that has a managed top-level window (_NET_CLIENT_LIST, _NET_WM_PID):
 * xclip run from a shell in an xterm is the xterm. Without one the app is just the process (its
 * comm, no class or title); with pid 0 it is what the owner window itself says (WM_CLASS, title).
 * A tool that forks into the background after connecting (xclip and xsel by default) has the pid
 * of its parent, which exits: once it has, the app is "unknown" with that pid.
 *
 * <p>The hint: the owner is asked for its TARGETS (XConvertSelection into a property of a fresh
 * unmapped window per lookup, so a late answer to an earlier lookup is never taken for this one).
 * If they include {@code x-kde-passwordManagerHint} (KeePassXC, KDE) and that target's data is
 * "secret", the hint is {@link RawEvent.Clipboard#SECRET}. Each answer is awaited at most
 * {@value #ANSWER_TIMEOUT_MS} ms; an owner that is hung or busy gets no longer, and the lookup says
 * that it did not answer.
 */
final class ClipboardOwnerLookup implements AutoCloseable {
    static final long ANSWER_TIMEOUT_MS = 200;
    static final int MAX_ANCESTORS = 8;
    static final String HINT_TARGET = "x-kde-passwordManagerHint";

    /**
     * @param app the owning application, null when nothing owns the clipboard
     * @param hint {@link RawEvent.Clipboard#SECRET} or null
     * @param answered false when the owner did not answer in time (then it is not asked for its text)
     */
    record Owner(AppContext app, String hint, boolean answered) {
        /**
         * The lookup itself failed (no X connection for it, an error): who offers the content is not
         * known, so its text is not read (fail closed) and the app is "unknown", which no policy allows.
         */
        static final Owner UNKNOWN = new Owner(AppContext.UNKNOWN, null, false);
    }

    private enum Reply { STORED, REFUSED, NONE }

    private static final X11 X = X11.INSTANCE;
    private static final XlibExt XLIB = XlibExt.INSTANCE;

    private final X11.Display d;
    private final X11.Window root;
    private final X11.Atom clipboard, targets, hintTarget, property, clientList, wmPid, netWmName, gtkApplicationId;
    private final XRes xres; // null when the library or the server extension (1.2+) is missing
    private final Posix.PollFd[] fds = (Posix.PollFd[]) new Posix.PollFd().toArray(1);
    private final X11.XEvent event = new X11.XEvent();

    private ClipboardOwnerLookup(X11.Display d) {
        this.d = d;
        root = X.XDefaultRootWindow(d);
        clipboard = atom("CLIPBOARD");
        targets = atom("TARGETS");
        hintTarget = atom(HINT_TARGET);
        property = atom("UNDERSTUDY_SELECTION");
        clientList = atom("_NET_CLIENT_LIST");
        wmPid = atom("_NET_WM_PID");
        netWmName = atom("_NET_WM_NAME");
        gtkApplicationId = atom("_GTK_APPLICATION_ID");
        xres = loadXRes(d);
        fds[0].fd = XLIB.XConnectionNumber(d);
        fds[0].events = Posix.POLLIN;
        event.setAutoRead(false);
    }

    /** @throws dev.understudy.capture.CaptureException when the display does not open */
    static ClipboardOwnerLookup open() {
        return new ClipboardOwnerLookup(XDisplays.open("look up the clipboard owner"));
    }

    /** The window that owns CLIPBOARD now, 0 for none. */
    long currentOwner() {
        X11.Window w = XLIB.XGetSelectionOwner(d, clipboard);
        return w == null ? 0 : w.longValue();
    }

    /** The app behind owner window {@code window} (0: nothing owns the clipboard) and the owner's hint. */
    Owner lookUp(long window) {
        if (window == 0) return new Owner(null, null, true);
        while (X.XPending(d) > 0) X.XNextEvent(d, event); // e.g. late answers to earlier lookups
        AppContext app = app(window);
        X11.Window requestor = X.XCreateSimpleWindow(d, root, 0, 0, 1, 1, 0, 0, 0);
        try {
            Reply t = convert(requestor, targets);
            if (t == Reply.NONE) return new Owner(app, null, false);
            if (t == Reply.REFUSED || !contains(XProps.longs(d, requestor.longValue(), property), hintTarget)) {
                return new Owner(app, null, true);
            }
            Reply h = convert(requestor, hintTarget);
            String data = h == Reply.STORED ? XProps.text(d, requestor.longValue(), property) : null;
            boolean secret = data != null && data.strip().equals(RawEvent.Clipboard.SECRET);
            return new Owner(app, secret ? RawEvent.Clipboard.SECRET : null, h != Reply.NONE);
        } finally {
            X.XDestroyWindow(d, requestor);
            X.XFlush(d);
        }
    }

    @Override
    public void close() {
        XErrors.unregister(d);
        X.XCloseDisplay(d);
    }

    // ---- the app

    private AppContext app(long window) {
        long pid = pid(window);
        if (pid <= 0) return describe(window, 0);
        Map<Long, Long> windowsByPid = managedWindowsByPid();
        long p = pid;
        for (int level = 0; level <= MAX_ANCESTORS && p > 0; level++) {
            Long w = windowsByPid.get(p);
            if (w != null) return describe(w, p);
            p = parentPid(p);
        }
        return new AppContext(nameOrUnknown(WindowNames.processName(pid, null)), null, null, pid, null, null);
    }

    private AppContext describe(long window, long pid) {
        String[] cls = XProps.strings(d, window, X11.XA_WM_CLASS);
        String name = WindowNames.processName(pid, cls);
        return new AppContext(nameOrUnknown(name), WindowNames.windowClass(cls), WindowNames.title(d, window, netWmName), pid,
                null, null, WindowNames.label(cls, XProps.text(d, window, gtkApplicationId), name));
    }

    private static String nameOrUnknown(String name) {
        return name != null ? name : AppContext.UNKNOWN.name();
    }

    private long pid(long window) {
        long pid = xres != null ? clientPid(window) : 0;
        return pid > 0 ? pid : XProps.first(d, window, wmPid, 0);
    }

    /** The pid of the client that created {@code window}, from the X Resource extension; 0 if unknown. */
    private long clientPid(long window) {
        XRes.ClientIdSpec spec = new XRes.ClientIdSpec();
        spec.client = new NativeLong(window);
        spec.mask = XRes.XRES_CLIENT_ID_PID_MASK;
        NativeLongByReference count = new NativeLongByReference();
        PointerByReference ids = new PointerByReference();
        if (xres.XResQueryClientIds(d, new NativeLong(1), spec, count, ids) != 0 || ids.getValue() == null) return 0;
        try {
            long n = count.getValue().longValue();
            for (long i = 0; i < n; i++) {
                int pid = xres.XResGetClientPid(ids.getValue().share(i * XRes.ClientIdValue.SIZE));
                if (pid > 0) return pid;
            }
            return 0;
        } finally {
            xres.XResClientIdsDestroy(count.getValue(), ids.getValue());
        }
    }

    /** Each pid with a window in _NET_CLIENT_LIST, mapped to its first such window. */
    private Map<Long, Long> managedWindowsByPid() {
        Map<Long, Long> out = new HashMap<>();
        long[] ids = XProps.longs(d, root.longValue(), clientList);
        if (ids == null) return out;
        for (long id : ids) {
            long pid = XProps.first(d, id, wmPid, 0);
            if (pid > 0) out.putIfAbsent(pid, id);
        }
        return out;
    }

    /** The parent pid from /proc/PID/stat ("pid (comm) state ppid ..."), 0 when unknown. */
    static long parentPid(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 3);
            return Long.parseLong(rest[1]);
        } catch (IOException | RuntimeException e) {
            return 0; // gone
        }
    }

    // ---- the selection protocol

    /** Asks the owner to store CLIPBOARD as {@code target} in {@link #property} of {@code requestor}. */
    private Reply convert(X11.Window requestor, X11.Atom target) {
        XLIB.XConvertSelection(d, clipboard, target, property, requestor, new NativeLong(0)); // CurrentTime
        X.XFlush(d);
        long deadline = System.nanoTime() + ANSWER_TIMEOUT_MS * 1_000_000;
        while (true) {
            while (X.XCheckTypedWindowEvent(d, requestor, X11.SelectionNotify, event)) {
                X11.XSelectionEvent e = XEventLoop.as(event, X11.XSelectionEvent.class);
                if (e.target != null && e.target.longValue() == target.longValue()) {
                    return e.property == null || e.property.longValue() == 0 ? Reply.REFUSED : Reply.STORED;
                }
            }
            long leftMs = (deadline - System.nanoTime() + 999_999) / 1_000_000;
            if (leftMs <= 0) return Reply.NONE;
            fds[0].revents = 0;
            Posix.INSTANCE.poll(fds, 1, (int) leftMs);
        }
    }

    private X11.Atom atom(String name) {
        return X.XInternAtom(d, name, false);
    }

    private static boolean contains(long[] values, X11.Atom atom) {
        if (values == null) return false;
        for (long v : values) if (v == atom.longValue()) return true;
        return false;
    }

    /** libXRes when it loads and the server has X-Resource 1.2 or later (client ids), else null. */
    private static XRes loadXRes(X11.Display d) {
        try {
            XRes x = XRes.INSTANCE;
            IntByReference major = new IntByReference(), minor = new IntByReference();
            if (!x.XResQueryExtension(d, new IntByReference(), new IntByReference())
                    || x.XResQueryVersion(d, major, minor) == 0) {
                return null;
            }
            return major.getValue() > 1 || major.getValue() == 1 && minor.getValue() >= 2 ? x : null;
        } catch (LinkageError e) {
            return null; // libxres1 not installed: _NET_WM_PID only
        }
    }
}
