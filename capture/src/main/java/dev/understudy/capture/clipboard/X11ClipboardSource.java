package dev.understudy.capture.clipboard;

import com.sun.jna.NativeLong;
import com.sun.jna.platform.unix.X11;
import com.sun.jna.ptr.IntByReference;
import dev.understudy.capture.CaptureException;
import dev.understudy.capture.Clock;
import dev.understudy.capture.EventSink;
import dev.understudy.capture.clipboard.ClipboardOwnerLookup.Owner;
import dev.understudy.capture.x11.XDisplays;
import dev.understudy.capture.x11.XErrors;
import dev.understudy.capture.x11.XEventLoop;
import dev.understudy.capture.x11.XFixes;
import dev.understudy.model.RawEvent;
import java.awt.GraphicsEnvironment;
import java.awt.Toolkit;
import java.awt.datatransfer.Clipboard;
import java.awt.datatransfer.DataFlavor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The CLIPBOARD selection on X11. Copies and cuts are seen as changes of the selection's owner,
 * which XFixes reports (XFixesSelectSelectionInput, SetSelectionOwnerNotify) on this source's own
 * X connection, so a copy made from a menu or by a script counts as well as ctrl+c. The text is
 * then read through AWT's system clipboard (which speaks the X selection protocol, INCR transfers
 * included) on a worker thread. A change is a "cut" when a cut chord (ctrl+x, shift+delete) was
 * fed within the 1.5 s before it.
 *
 * <p>Every event names the clipboard's {@code owner} app and its {@code hint}
 * ({@link RawEvent.Clipboard#SECRET} when the owner marks the contents as a password), found by
 * {@link ClipboardOwnerLookup}: for a copy or cut the owner is the window in the XFixes event, for a
 * paste the one that owns the clipboard when the worker gets to it. The worker thread does the
 * lookup on its own X connection (opened on first use, closed when the thread ends), never the
 * thread that feeds keys. An owner that does not answer within
 * {@value ClipboardOwnerLookup#ANSWER_TIMEOUT_MS} ms is not asked for its text either (AWT would
 * wait seconds for it): the event then has the owner, no hint and no text.
 *
 * <p>A clipboard manager that re-owns the clipboard after every copy shows up as a second copy.
 */
public final class X11ClipboardSource implements ClipboardSource {
    static final long CUT_WINDOW_NS = 1_500_000_000L;
    /** How long a change waits for key presses the agent has not forwarded yet. */
    static final long KEY_GRACE_NS = 100_000_000L;
    /** For {@link #lookUpOwner}: whatever window owns the clipboard when the lookup runs. */
    private static final long CURRENT_OWNER = -1;

    private static final X11 X = X11.INSTANCE;

    private final EventSink sink;
    private final Clock clock;
    private final int maxChars;
    private final Object keyLock = new Object();
    private long lastCutMono = Long.MIN_VALUE; // guarded by keyLock
    private long keysSeenUpTo = Long.MIN_VALUE; // guarded by keyLock
    private ExecutorService worker;
    private XEventLoop loop;
    private long clipboardAtom;
    private int eventBase;
    private Clipboard awtClipboard; // worker thread only
    private boolean closed;
    /** The worker thread's own X connection for owner lookups, closed when the thread ends. */
    private final ThreadLocal<ClipboardOwnerLookup> lookups = new ThreadLocal<>();

    public X11ClipboardSource(EventSink sink, Clock clock) {
        this(sink, clock, DEFAULT_MAX_CHARS);
    }

    public X11ClipboardSource(EventSink sink, Clock clock, int maxChars) {
        if (maxChars < 0) throw new IllegalArgumentException("maxChars < 0");
        this.sink = sink;
        this.clock = clock;
        this.maxChars = maxChars;
    }

    @Override
    public synchronized void start() {
        if (loop != null || closed) throw new IllegalStateException("already started");
        if (GraphicsEnvironment.isHeadless()) {
            throw new CaptureException("Cannot watch the clipboard: this JVM runs headless"
                    + " (DISPLAY unset or java.awt.headless=true).");
        }
        XFixes xfixes;
        try {
            xfixes = XFixes.INSTANCE;
        } catch (LinkageError e) {
            throw new CaptureException("Cannot watch the clipboard: libXfixes does not load (" + e.getMessage()
                    + "); install the libxfixes3 package.", e);
        }
        X11.Display d = XDisplays.open("watch the clipboard");
        IntByReference base = new IntByReference();
        if (!xfixes.XFixesQueryExtension(d, base, new IntByReference())) {
            XErrors.unregister(d);
            X.XCloseDisplay(d);
            throw new CaptureException("Cannot watch the clipboard: the X server lacks the XFIXES extension.");
        }
        eventBase = base.getValue();
        xfixes.XFixesQueryVersion(d, new IntByReference(5), new IntByReference(0));
        X11.Atom clipboard = X.XInternAtom(d, "CLIPBOARD", false);
        clipboardAtom = clipboard.longValue();
        xfixes.XFixesSelectSelectionInput(d, X.XDefaultRootWindow(d), clipboard,
                new NativeLong(XFixes.XFixesSetSelectionOwnerNotifyMask));
        // Make sure the server has the selection request before start() returns: a copy right
        // after start must not be missed.
        X.XSync(d, false);
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                try {
                    r.run();
                } finally {
                    closeLookup();
                }
            }, "understudy-clipboard-read");
            t.setDaemon(true);
            return t;
        });
        loop = new XEventLoop("understudy-clipboard", d, this::onEvent);
        loop.start();
    }

    /** Whether its event thread runs (false before {@link #start}, after {@link #close}, or if the thread ended). */
    public synchronized boolean running() {
        return loop != null && !closed && loop.isAlive() && !worker.isShutdown();
    }

    @Override
    public void onKeyDown(RawEvent.KeyDown k) {
        boolean cut = ClipboardChords.isCut(k);
        synchronized (keyLock) {
            keysSeenUpTo = Math.max(keysSeenUpTo, k.mono());
            if (cut) lastCutMono = k.mono();
            keyLock.notifyAll();
        }
        if (ClipboardChords.isPaste(k)) submit(() -> onPaste(k.mono(), k.wall()));
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (loop != null) loop.close();
        if (worker != null) worker.shutdownNow();
    }

    // ---- event thread

    private void onEvent(X11.Display d, X11.XEvent event) {
        if (XEventLoop.type(event) != eventBase + XFixes.XFixesSelectionNotify) return;
        XFixes.SelectionNotifyEvent e = new XFixes.SelectionNotifyEvent(event.getPointer());
        if (e.selection.longValue() != clipboardAtom || e.owner.longValue() == 0) return;
        long mono = clock.mono();
        long wall = clock.wall();
        long owner = e.owner.longValue();
        submit(() -> onOwnerChange(mono, wall, owner));
    }

    // ---- worker thread

    private void onOwnerChange(long mono, long wall, long ownerWindow) {
        Owner owner = lookUpOwner(ownerWindow);
        emit(mono, wall, wasCut(mono) ? "cut" : "copy", readText(owner), owner);
    }

    private void onPaste(long mono, long wall) {
        Owner owner = lookUpOwner(CURRENT_OWNER);
        emit(mono, wall, "paste", readText(owner), owner);
    }

    /** The owner of {@code window} ({@link #CURRENT_OWNER}: of the clipboard now), on this thread's connection. */
    private Owner lookUpOwner(long window) {
        ClipboardOwnerLookup l = lookups.get();
        if (l == null) {
            try {
                l = ClipboardOwnerLookup.open();
            } catch (CaptureException e) {
                return Owner.UNKNOWN;
            }
            lookups.set(l);
        }
        try {
            return l.lookUp(window == CURRENT_OWNER ? l.currentOwner() : window);
        } catch (RuntimeException e) {
            return Owner.UNKNOWN; // the event still goes out
        }
    }

    private void closeLookup() {
        ClipboardOwnerLookup l = lookups.get();
        lookups.remove();
        if (l != null) l.close();
    }

    /** Whether a cut chord came shortly before the change at {@code mono}; consumes the chord. */
    private boolean wasCut(long mono) {
        synchronized (keyLock) {
            long deadline = mono + KEY_GRACE_NS;
            while (!cutNear(mono) && keysSeenUpTo < mono) {
                long waitNs = deadline - clock.mono();
                if (waitNs <= 0) break;
                try {
                    keyLock.wait(Math.max(1, waitNs / 1_000_000));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            boolean cut = cutNear(mono);
            if (cut) lastCutMono = Long.MIN_VALUE;
            return cut;
        }
    }

    private boolean cutNear(long mono) {
        return lastCutMono != Long.MIN_VALUE && lastCutMono >= mono - CUT_WINDOW_NS
                && lastCutMono <= mono + KEY_GRACE_NS;
    }

    /** The text, unless the owner did not answer the lookup in time (AWT would wait seconds for it too). */
    private String readText(Owner owner) {
        return owner.answered() ? readText() : null;
    }

    private String readText() {
        try {
            if (awtClipboard == null) {
                awtClipboard = Toolkit.getDefaultToolkit().getSystemClipboard();
                XErrors.installFirst(); // AWT's toolkit may just have installed its own handler
            }
            Object data = awtClipboard.getData(DataFlavor.stringFlavor);
            return data instanceof String s ? s : null;
        } catch (Exception e) {
            // Empty clipboard, non-text contents (an image), or an owner that did not answer.
            return null;
        }
    }

    private void emit(long mono, long wall, String op, String text, Owner owner) {
        if (text == null) {
            sink.accept(new RawEvent.Clipboard(mono, wall, op, null, 0, false, owner.app(), owner.hint(), null));
            return;
        }
        int length = text.length();
        boolean truncated = length > maxChars;
        String kept = truncated ? cap(text, maxChars) : text;
        sink.accept(new RawEvent.Clipboard(mono, wall, op, kept, length, truncated, owner.app(), owner.hint(), null));
    }

    /** The first {@code max} chars, not splitting a surrogate pair. */
    static String cap(String text, int max) {
        int end = max;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) end--;
        return text.substring(0, end);
    }

    private void submit(Runnable task) {
        ExecutorService w = worker;
        if (w == null) return;
        try {
            w.execute(task);
        } catch (RejectedExecutionException e) {
            // Closed.
        }
    }
}
