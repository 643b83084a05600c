package dev.understudy.recorder;

import com.sun.jna.NativeLong;
import com.sun.jna.platform.unix.X11;
import dev.understudy.capture.screen.ScreenGrab;
import dev.understudy.capture.window.WindowInfo;
import dev.understudy.capture.window.WindowSource;
import dev.understudy.capture.x11.OverrideRedirectWindows;
import dev.understudy.capture.x11.WindowBatch;
import dev.understudy.capture.x11.XErrors;
import dev.understudy.model.AppContext;
import dev.understudy.model.Monitor;
import dev.understudy.model.Rect;
import dev.understudy.privacy.gate.PrivacyGate;
import dev.understudy.privacy.policy.Decision;
import dev.understudy.privacy.screen.FrameMasker;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the screen thread does to every grab before it is kept anywhere (docs/privacy.md, "Screen
 * content"): the stacking list of windows (the window manager's, plus override-redirect popups
 * and notifications straight from the X server) decides which pixels show allowed windows; every
 * other pixel is filled with {@link FrameMasker#MASK_RGB}, and so are the page-text boxes the
 * browser bridge flagged and the password fields of any toolkit the accessibility source knows to be
 * on screen ({@link #passwordBoxes(Supplier)}). A grab whose foreground is not allowed is not kept
 * at all. Stored frames go on to the OCR worker.
 *
 * <p><b>The stacking cache.</b> Listing the windows and deciding each one's verdict costs several
 * milliseconds of X round trips, so the resulting stack (bounds and allowed/denied, bottom to top,
 * popups included) is kept between grabs and reused only while nothing that could change it has
 * happened. This class's own X connection selects {@code SubstructureNotifyMask |
 * PropertyChangeMask} on the root window (any top-level window or window-manager frame created,
 * destroyed, mapped, unmapped, reparented, moved, resized or restacked, override-redirect popups
 * and notifications included; {@code _NET_CLIENT_LIST_STACKING}, {@code _NET_ACTIVE_WINDOW} and
 * any other root property) and {@code PropertyChangeMask} on every window it has listed (titles,
 * {@code _NET_WM_STATE}, {@code _NET_FRAME_EXTENTS}, class, pid). Before every grab is masked,
 * {@code XSync} on that connection makes the X server answer after everything it did before, the
 * grab included, so every such event generated before the grab is in the queue; the queue is then
 * drained. The cached stack is recomputed from scratch when:
 * <ul>
 *   <li>any event was drained other than a property change of an atom that cannot change pixels or
 *       verdicts ({@link #IRRELEVANT_PROPERTIES}, e.g. {@code _NET_WM_USER_TIME});</li>
 *   <li>the foreground changed: the window source's context, or the gate's foreground, page URL or
 *       decision ({@link VerdictKey});</li>
 *   <li>it is older than {@link #REVALIDATE_NS} (a fallback for anything not announced by an event);</li>
 *   <li>the last recomputation found windows it was not watching yet (their properties could have
 *       changed between being read and being watched);</li>
 *   <li>or the X connection could not be opened (then nothing is cached at all).</li>
 * </ul>
 * So a window mapped, moved or raised over an allowed one is masked in the very next grab after
 * the X server generated its MapNotify/ConfigureNotify, never from a stale stack.
 */
final class ScreenPrivacy implements FrameCapture.FramePolicy {
    private static final X11 X = X11.INSTANCE;

    private final PrivacyGate gate;
    private final WindowSource windows;
    private final Consumer<StoredFrame> onStored;
    private final AtomicLong masks = new AtomicLong();
    private final AtomicLong maskNanos = new AtomicLong();
    private final AtomicLong maskedPixels = new AtomicLong();
    private final AtomicLong stackReuses = new AtomicLong();
    // why the stack was listed again: an X event, a foreground/gate change, its age, new windows (or no X connection)
    private final AtomicLong relistedOnEvent = new AtomicLong();
    private final AtomicLong relistedOnForeground = new AtomicLong();
    private final AtomicLong relistedOnAge = new AtomicLong();
    private final AtomicLong relistedOnNewWindows = new AtomicLong();
    private final Object xLock = new Object();
    private X11.Display display; // guarded by xLock; popups are listed on a connection of our own
    private boolean xFailed;
    private boolean popupsUnknown; // guarded by xLock: listing failed on a connection that had worked
    private boolean popupsWithoutXcb; // guarded by xLock: XCB failed once, popups are listed with Xlib

    /**
     * The longest time a cached stack is used without being recomputed, even when no event came: a
     * fallback for what no X event announces (a process name in /proc changing under a window).
     */
    static final long REVALIDATE_NS = 5_000_000_000L;
    /** Property changes that never change where a window is or whether it may be kept. */
    static final Set<String> IRRELEVANT_PROPERTIES = Set.of("_NET_WM_USER_TIME", "_NET_WM_ICON", "_NET_WM_ICON_NAME",
            "WM_ICON_NAME", "_NET_WM_VISIBLE_ICON_NAME",
            "_NET_WM_VISIBLE_NAME", "_NET_WM_SYNC_REQUEST_COUNTER", "_NET_WM_OPAQUE_REGION",
            "_NET_WM_BYPASS_COMPOSITOR", "_NET_WM_WINDOW_OPACITY", "_NET_WM_ICON_GEOMETRY");
    // guarded by xLock: the stacking cache (see the class comment)
    private List<FrameMasker.Win> cachedStack;
    private VerdictKey cachedKey;
    private long cachedAtNanos;
    private boolean recomputeNext;
    private boolean eventsSelected;
    private final Set<Long> watchedWindows = new HashSet<>();
    private final Set<Long> irrelevantAtoms = new HashSet<>();
    private X11.XEvent event;

    /** What the verdicts depend on besides the windows themselves: when it changes, all are decided again. */
    private record VerdictKey(AppContext windowForeground, AppContext gateForeground, String url, boolean foregroundAllowed) {}

    /** A stored frame, for the OCR worker. */
    record StoredFrame(String id, int monitor) {}

    /** Password-field boxes in global screen pixels, from the accessibility source; none by default. */
    private volatile Supplier<List<Rect>> passwordBoxes = List::of;
    private final AtomicLong passwordBoxesMasked = new AtomicLong();

    ScreenPrivacy(PrivacyGate gate, WindowSource windows, Consumer<StoredFrame> onStored) {
        this.gate = gate;
        this.windows = windows;
        this.onStored = onStored;
    }

    ScreenPrivacy(PrivacyGate gate, WindowSource windows, Consumer<StoredFrame> onStored, Supplier<List<Rect>> passwordBoxes) {
        this(gate, windows, onStored);
        passwordBoxes(passwordBoxes);
    }

    /**
     * Where the password fields on screen are (the accessibility source's {@code passwordBoxes()}):
     * boxes in global screen pixels, filled in every stored frame like the bridge's page-text boxes,
     * mapped to the monitor's frame pixels the same way. Called on the screen thread for every grab,
     * after the grab: it must answer at once from what the source already knows (no query). When it
     * fails, the grab is not kept (fail closed). Null: no boxes. Any thread.
     */
    void passwordBoxes(Supplier<List<Rect>> boxes) {
        this.passwordBoxes = boxes == null ? List::of : boxes;
    }

    /** Password-field boxes filled so far (one per box per stored grab that showed it). */
    long passwordBoxesMasked() {
        return passwordBoxesMasked.get();
    }

    /**
     * The extra boxes to fill in a grab: the bridge's page text, the password fields; null when they
     * cannot be known. {@code m}: the monitor of the grab they are for (counted), or null.
     */
    private List<Rect> extraBoxes(Monitor m) {
        List<Rect> dom = gate.domRedactions();
        List<Rect> pw;
        try {
            pw = passwordBoxes.get();
        } catch (RuntimeException e) {
            Diagnostics.warnOnce("password-boxes", "cannot read the password fields' boxes, grabs are not kept: " + e.getMessage());
            return null;
        }
        if (pw == null || pw.isEmpty()) return dom;
        List<Rect> all = new ArrayList<>((dom == null ? 0 : dom.size()) + pw.size());
        if (dom != null) all.addAll(dom);
        for (Rect r : pw) {
            if (r == null || r.width() <= 0 || r.height() <= 0) continue;
            all.add(r);
            if (m != null && r.x() < m.x() + m.width() && r.y() < m.y() + m.height() && r.x() + r.width() > m.x() && r.y() + r.height() > m.y()) {
                passwordBoxesMasked.incrementAndGet();
            }
        }
        return all;
    }

    @Override
    public boolean prepare(ScreenGrab grab) {
        if (!gate.framesAllowed()) return false;
        long t0 = System.nanoTime();
        List<FrameMasker.Win> stack;
        try {
            stack = stack();
        } catch (PopupsUnknown e) {
            return false; // a popup could be over an allowed window: the grab is not kept (fail closed)
        }
        // The policy may have changed while we listed windows: decide again at the last moment.
        if (!gate.framesAllowed()) return false;
        Monitor m = grab.monitor();
        List<Rect> boxes = extraBoxes(m);
        if (boxes == null) return false;
        int[] px = ((DataBufferInt) grab.image().getRaster().getDataBuffer()).getData();
        long n = FrameMasker.mask(px, grab.width(), grab.height(), m.x(), m.y(), stack, boxes, FrameMasker.MASK_RGB);
        preparedGeneration = generationOf(stack, boxes);
        maskedPixels.addAndGet(n);
        masks.incrementAndGet();
        maskNanos.addAndGet(System.nanoTime() - t0);
        return true;
    }

    // ---- the mask generation: whether a grab taken now would be masked as an earlier one was

    /** Everything the pixels {@link #prepare} fills depend on, besides the monitor's geometry. */
    private record MaskInputs(List<FrameMasker.Win> stack, List<Rect> boxes) {}

    /** Each instance numbers its generations from its own base: two maskings never share a number. */
    private static final AtomicLong GENERATION_BASES = new AtomicLong(1L << 40);
    private final Object generationLock = new Object();
    private MaskInputs lastInputs; // guarded by generationLock
    private long generation = GENERATION_BASES.getAndAdd(1L << 40); // guarded by generationLock
    private volatile long preparedGeneration = UNKNOWN_MASK;

    /**
     * The generation of these inputs: the last one's when they are equal to the last inputs seen
     * (by {@link #prepare} or {@link #maskGeneration}), else a new one. Inputs that change and come
     * back get a new number: only a false "changed", never a false "unchanged".
     */
    private long generationOf(List<FrameMasker.Win> stack, List<Rect> boxes) {
        // copies (nulls allowed): the lists passed may be changed later by whoever made them
        MaskInputs in = new MaskInputs(new ArrayList<>(stack), boxes == null ? List.of() : new ArrayList<>(boxes));
        synchronized (generationLock) {
            if (!in.equals(lastInputs)) {
                generation++;
                lastInputs = in;
            }
            return generation;
        }
    }

    @Override
    public long preparedGeneration() {
        return preparedGeneration;
    }

    /**
     * The generation a grab masked now would get: the same number as an earlier {@link #prepare}
     * only if its window stack (bounds and verdicts, popups included, checked exactly as a grab is:
     * events drained after an XSync, the foreground and the gate's decision compared, the stack
     * relisted when older than {@link #REVALIDATE_NS}) and its page-text and password boxes are
     * equal. {@link #UNKNOWN_MASK} when frames are not allowed now or anything fails.
     */
    @Override
    public long maskGeneration() {
        try {
            if (!gate.framesAllowed()) return UNKNOWN_MASK;
            List<FrameMasker.Win> stack = stack();
            List<Rect> boxes = extraBoxes(null);
            if (boxes == null || !gate.framesAllowed()) return UNKNOWN_MASK;
            return generationOf(stack, boxes);
        } catch (RuntimeException | LinkageError e) {
            return UNKNOWN_MASK;
        }
    }

    /** The stack to mask a grab just taken with: the cached one when nothing changed since (class comment). */
    private List<FrameMasker.Win> stack() {
        AppContext fg = windows.current();
        // one read of the gate's decision: the foreground, its page and the verdict on them belong together
        PrivacyGate.View v = gate.view();
        VerdictKey key = new VerdictKey(fg, v.foreground(), v.url(), v.allowed());
        synchronized (xLock) {
            // Events first: whatever happens after this point is still queued for the next grab.
            boolean changed = drainChanges();
            long now = System.nanoTime();
            if (!changed && !recomputeNext && cachedStack != null && key.equals(cachedKey) && now - cachedAtNanos < REVALIDATE_NS) {
                stackReuses.incrementAndGet();
                return cachedStack;
            }
            if (changed) relistedOnEvent.incrementAndGet();
            else if (cachedKey != null && !key.equals(cachedKey)) relistedOnForeground.incrementAndGet();
            else if (recomputeNext || cachedStack == null) relistedOnNewWindows.incrementAndGet();
            else relistedOnAge.incrementAndGet();
            List<FrameMasker.Win> stack = new ArrayList<>();
            List<Long> listed = new ArrayList<>();
            for (WindowInfo w : windows.visibleWindows()) {
                listed.add(w.id());
                if (!w.mapped() || w.bounds() == null) continue;
                boolean isForeground = isForeground(w, fg);
                stack.add(new FrameMasker.Win(w.bounds(), allowed(w, isForeground, key.foregroundAllowed())));
            }
            List<Popup> popups = popups();
            for (Popup p : popups) {
                stack.add(new FrameMasker.Win(p.bounds(), p.allowed(stack, fg)));
                listed.add(p.id());
            }
            boolean cacheable = watch(listed);
            cachedStack = cacheable ? List.copyOf(stack) : null;
            cachedKey = key;
            cachedAtNanos = now;
            return stack;
        }
    }

    /**
     * Reads the events queued on the masking connection while no grab needs them (capture paused or
     * suspended for a long time): they must not pile up in the socket or in Xlib's queue. Whether a
     * change came or not, the next grab recomputes after a drain that saw one. Any thread.
     */
    void drainWhileIdle() {
        synchronized (xLock) {
            if (!eventsSelected) return;
            if (drainChanges()) recomputeNext = true;
        }
    }

    /**
     * Makes the X server answer after everything it did before (the grab included), then drains
     * this connection's events. True when the cached stack may be stale, or when there is no
     * connection to tell.
     */
    private boolean drainChanges() {
        X11.Display d = display();
        if (d == null || !eventsSelected) return true;
        try {
            X.XSync(d, false);
            boolean changed = false;
            while (X.XPending(d) > 0) {
                X.XNextEvent(d, event);
                if (!changed && !irrelevant(event)) changed = true;
            }
            return changed;
        } catch (LinkageError | RuntimeException e) {
            return true;
        }
    }

    private boolean irrelevant(X11.XEvent e) {
        if (dev.understudy.capture.x11.XEventLoop.type(e) != X11.PropertyNotify) return false;
        X11.XPropertyEvent pe = dev.understudy.capture.x11.XEventLoop.as(e, X11.XPropertyEvent.class);
        return irrelevantAtoms.contains(pe.atom.longValue());
    }

    /**
     * Selects the events that invalidate the cache on the root window (once) and on windows listed
     * for the first time. False when the stack just computed must not be reused: no connection, or
     * new windows whose properties may have changed between being read and being watched (then it
     * is used once, for this grab, as it would have been without a cache).
     */
    private boolean watch(List<Long> listed) {
        X11.Display d = display();
        if (d == null) return false;
        try {
            if (!eventsSelected) {
                for (String name : IRRELEVANT_PROPERTIES) irrelevantAtoms.add(X.XInternAtom(d, name, false).longValue());
                event = new X11.XEvent();
                event.setAutoRead(false);
                X.XSelectInput(d, X.XDefaultRootWindow(d), new NativeLong(X11.SubstructureNotifyMask | X11.PropertyChangeMask));
                eventsSelected = true;
                recomputeNext = true;
            } else {
                recomputeNext = false;
            }
            Set<Long> now = new HashSet<>(listed);
            for (long id : listed) {
                // BadWindow for a window that is already gone: swallowed by XErrors, and its
                // DestroyNotify on the root invalidates the cache anyway.
                if (watchedWindows.add(id)) {
                    X.XSelectInput(d, new X11.Window(id), new NativeLong(X11.PropertyChangeMask));
                    recomputeNext = true;
                }
            }
            watchedWindows.retainAll(now);
            X.XFlush(d);
            return true;
        } catch (LinkageError | RuntimeException e) {
            xFailed = true;
            popupsUnknown = true; // the connection broke: later grabs could not list popups
            Diagnostics.warnOnce("popups", "cannot watch windows for masking, grabs are not kept: " + e.getMessage());
            return false;
        }
    }

    @Override
    public void stored(String id, int monitor) {
        if (onStored != null) onStored.accept(new StoredFrame(id, monitor));
    }

    private static boolean isForeground(WindowInfo w, AppContext fg) {
        if (fg == null || fg == AppContext.UNKNOWN) return false;
        return w.pid() == fg.pid() && Objects.equals(w.windowClass(), fg.windowClass()) && Objects.equals(w.title(), fg.title());
    }

    /** Whether a window's pixels may be kept. */
    private boolean allowed(WindowInfo w, boolean isForeground, boolean foregroundAllowed) {
        AppContext ctx = new AppContext(w.process() != null ? w.process() : "unknown", w.windowClass(), w.title(), w.pid(), w.bounds(), null);
        if (isForeground) return foregroundAllowed;
        if (gate.policy().isBrowser(ctx)) return false; // its page is unknown unless it is the foreground
        return gate.policy().decide(ctx, null) == Decision.ALLOWED && !gate.abroadIn(w.title());
    }

    long masks() {
        return masks.get();
    }

    long maskNanos() {
        return maskNanos.get();
    }

    /** Grabs masked with the cached stack, without asking the X server for the window list. */
    long stackReuses() {
        return stackReuses.get();
    }

    /** Why the stack was listed again, for the closing counters. */
    String relistReasons() {
        return "event:" + relistedOnEvent.get() + ",foreground:" + relistedOnForeground.get() + ",age:" + relistedOnAge.get()
                + ",newWindows:" + relistedOnNewWindows.get();
    }

    // ---- override-redirect windows: menus, tooltips, notifications

    /** An override-redirect window shown on top of the managed ones. */
    private record Popup(long id, Rect bounds, long pid, String windowClass) {
        /** A popup is kept only when it belongs to the foreground app (its menus and tooltips). */
        boolean allowed(List<FrameMasker.Win> stack, AppContext fg) {
            if (fg == null || fg == AppContext.UNKNOWN) return false;
            if (pid > 0 && pid == fg.pid()) return true;
            return windowClass != null && windowClass.equals(fg.windowClass());
        }
    }

    /** Our own X connection, opened on first use; null when it cannot be. Called with xLock held. */
    private X11.Display display() {
        if (xFailed) return null;
        if (display == null) {
            try {
                display = X.XOpenDisplay(null);
            } catch (LinkageError | RuntimeException e) {
                display = null;
            }
            if (display == null) {
                xFailed = true;
                return null;
            }
            XErrors.register(display);
        }
        return display;
    }

    /** The popups could not be listed on a connection that worked before: no grab may be kept. */
    private static final class PopupsUnknown extends RuntimeException {
        PopupsUnknown(String why) {
            super(why, null, false, false);
        }
    }

    private List<Popup> popups() {
        synchronized (xLock) {
            // once listing failed on a working connection, every later grab is withheld: an empty
            // list would keep the pixels of any popup shown over an allowed window
            if (popupsUnknown) throw new PopupsUnknown("popup windows cannot be listed");
            X11.Display d = display();
            if (d == null) return List.of();
            try {
                return listPopups(d);
            } catch (LinkageError | RuntimeException e) {
                xFailed = true;
                popupsUnknown = true;
                Diagnostics.warnOnce("popups", "cannot list popup windows for masking, grabs are not kept: " + e.getMessage());
                throw new PopupsUnknown("popup windows cannot be listed");
            }
        }
    }

    /**
     * The popups, their requests pipelined through XCB (a few round trips instead of two or more
     * per child of the root); through Xlib, window by window, when XCB cannot be used, so that no
     * popup goes unlisted (and unmasked). Called with xLock held.
     */
    private List<Popup> listPopups(X11.Display d) {
        List<OverrideRedirectWindows.Found> found = null;
        if (!popupsWithoutXcb) {
            try {
                found = OverrideRedirectWindows.batched(d);
            } catch (WindowBatch.Unavailable | LinkageError | RuntimeException e) {
                popupsWithoutXcb = true;
                Diagnostics.warnOnce("popups-xcb", "cannot list popup windows through XCB, using Xlib: "
                        + (e instanceof WindowBatch.Unavailable ? e.getMessage() : e.toString()));
            }
        }
        if (found == null) found = OverrideRedirectWindows.xlib(d);
        List<Popup> out = new ArrayList<>(found.size());
        for (OverrideRedirectWindows.Found f : found) out.add(new Popup(f.id(), f.bounds(), f.pid(), f.windowClass()));
        return out;
    }

    /** Warms the X connection and JNA up, so the first grab does not pay for it. */
    void warmUp() {
        try {
            stack();
        } catch (PopupsUnknown e) {
            // said once already; every grab is withheld
        }
    }

    void close() {
        synchronized (xLock) {
            if (display != null) {
                XErrors.unregister(display);
                X.XCloseDisplay(display);
                display = null;
                cachedStack = null;
                eventsSelected = false; // a later use opens a new connection and selects again
                watchedWindows.clear();
            }
        }
    }
}
