package dev.understudy.capture.x11;

import com.sun.jna.NativeLong;
import com.sun.jna.platform.unix.X11;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread that owns one X connection and hands its events to a handler. It blocks in poll(2) on the
 * connection's socket and on a self-pipe, so it costs nothing while nothing happens and
 * {@link #close()} stops it at once. The connection is closed by the loop thread when it ends.
 *
 * <p>If the X server goes away the loop ends quietly without touching Xlib again (Xlib would call
 * its fatal I/O error handler, which exits the process).
 */
public final class XEventLoop implements AutoCloseable {
    /** Called on the loop thread for every event; may use the display freely. */
    @FunctionalInterface
    public interface Handler {
        void handle(X11.Display display, X11.XEvent event);

        /**
         * Called on the loop thread whenever the event queue is drained, before the loop sleeps.
         * Returns the longest time, in ms, to sleep before calling it again, or -1 for no limit.
         */
        default long idle(X11.Display display) {
            return -1;
        }
    }

    private static final X11 X = X11.INSTANCE;
    private static final int POLL_TIMEOUT_MS = 5_000;

    private final X11.Display display;
    private final Handler handler;
    private final int[] wakePipe = new int[2];
    private final Thread thread;
    private final AtomicLong handlerErrors = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean serverGone;
    private volatile boolean started;

    public XEventLoop(String threadName, X11.Display display, Handler handler) {
        this.display = display;
        this.handler = handler;
        if (Posix.INSTANCE.pipe(wakePipe) != 0) {
            throw new IllegalStateException("pipe() failed");
        }
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    public void start() {
        started = true;
        thread.start();
    }

    /** Whether the loop's thread runs (started and not ended). */
    public boolean isAlive() {
        return thread.isAlive();
    }

    /** True once the X server closed the connection. */
    public boolean serverGone() {
        return serverGone;
    }

    public long handlerErrors() {
        return handlerErrors.get();
    }

    /** The type of an event delivered to a handler. */
    public static int type(X11.XEvent event) {
        return event.getPointer().getInt(0);
    }

    /** The event as a structure of the given type, e.g. {@code X11.XPropertyEvent}. */
    public static <T extends com.sun.jna.Structure> T as(X11.XEvent event, Class<T> type) {
        T s = com.sun.jna.Structure.newInstance(type, event.getPointer());
        s.read();
        return s;
    }

    public boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    private void run() {
        int xfd = XlibExt.INSTANCE.XConnectionNumber(display);
        Posix.PollFd[] fds = (Posix.PollFd[]) new Posix.PollFd().toArray(2);
        X11.XEvent event = new X11.XEvent();
        // Handlers read only the parts they need (see type()); reading the whole union after every
        // XNextEvent would allocate for nothing.
        event.setAutoRead(false);
        try {
            while (!closed) {
                while (!closed && X.XPending(display) > 0) {
                    X.XNextEvent(display, event);
                    try {
                        handler.handle(display, event);
                    } catch (RuntimeException e) {
                        handlerErrors.incrementAndGet();
                    }
                }
                long idleMs;
                try {
                    idleMs = handler.idle(display);
                } catch (RuntimeException e) {
                    handlerErrors.incrementAndGet();
                    idleMs = -1;
                }
                X.XFlush(display);
                if (closed) break;
                if (X.XPending(display) > 0) continue; // idle() read new events
                fds[0].fd = xfd;
                fds[0].events = Posix.POLLIN;
                fds[0].revents = 0;
                fds[1].fd = wakePipe[0];
                fds[1].events = Posix.POLLIN;
                fds[1].revents = 0;
                int timeout = idleMs < 0 ? POLL_TIMEOUT_MS : (int) Math.min(idleMs, POLL_TIMEOUT_MS);
                int n = Posix.INSTANCE.poll(fds, 2, timeout);
                if (n <= 0) continue; // timeout or EINTR
                if ((fds[0].revents & (Posix.POLLHUP | Posix.POLLERR | Posix.POLLNVAL)) != 0) {
                    serverGone = true;
                    break;
                }
            }
        } finally {
            if (!serverGone) {
                XErrors.unregister(display);
                X.XCloseDisplay(display);
            }
            // The pipe is closed by close(), after this thread is gone, so that its write never
            // hits a descriptor number that was reused meanwhile.
        }
    }

    /** Stops the loop and waits (briefly) for it; the connection is closed by the loop thread. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (!started) {
            XErrors.unregister(display);
            X.XCloseDisplay(display);
            Posix.INSTANCE.close(wakePipe[0]);
            Posix.INSTANCE.close(wakePipe[1]);
            return;
        }
        Posix.INSTANCE.write(wakePipe[1], new byte[] {1}, new NativeLong(1));
        if (isLoopThread()) return; // called from the handler: the loop ends after it returns
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            Posix.INSTANCE.close(wakePipe[0]);
            Posix.INSTANCE.close(wakePipe[1]);
        }
    }
}
