package dev.understudy.capture.input;

import com.github.kwhat.jnativehook.GlobalScreen;
import com.github.kwhat.jnativehook.NativeHookException;
import dev.understudy.capture.CaptureException;
import dev.understudy.capture.Clock;
import dev.understudy.capture.EventSink;
import dev.understudy.capture.platform.DisplayCheck;
import dev.understudy.capture.platform.Platform;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Global mouse and keyboard input through JNativeHook (on X11 it uses the RECORD extension, so it
 * also sees synthetic XTEST input such as xdotool's). Emits {@code KeyDown}, {@code KeyUp},
 * {@code MouseMove} (thinned, {@code buttons} bits: 1 left, 2 right, 4 middle), {@code MouseDown},
 * {@code MouseUp} and {@code Wheel} ({@code dy > 0} down, {@code dx > 0} right, in notches).
 *
 * <p>Listeners run directly on the hook thread and do nothing but build the record and hand it to
 * the sink, which must not block. JNativeHook has one hook per process, so only one InputSource can
 * be started at a time. The hook thread is not a daemon: {@link #close()} it.
 */
public final class InputSource implements AutoCloseable {
    private static final AtomicReference<InputSource> ACTIVE = new AtomicReference<>();
    // Strong reference: java.util.logging keeps loggers weakly, and a collected logger loses its level.
    private static final Logger JNATIVEHOOK_LOG = Logger.getLogger("com.github.kwhat.jnativehook");
    static final String MISSING_LIBS_HINT = "install libx11-6, libx11-xcb1, libxtst6, libxt6, libxinerama1,"
            + " libxkbcommon0 and libxkbcommon-x11-0";

    private final HookListener listener;
    private boolean started;
    private boolean closed;
    private boolean hookTouched; // GlobalScreen loaded: loading it has side effects (see start)

    public InputSource(EventSink sink, Clock clock) {
        this.listener = new HookListener(sink, clock);
    }

    /**
     * Sets the listener told about every emitted event, on the hook thread (see
     * {@link InputActivityListener}); null removes it. May be called at any time.
     */
    public void setActivityListener(InputActivityListener onInput) {
        listener.activity = onInput;
    }

    /**
     * Registers the global hook.
     *
     * @throws CaptureException when the hook cannot be loaded or registered (one-line message)
     */
    public synchronized void start() {
        if (started || closed) throw new IllegalStateException(closed ? "closed" : "already started");
        if (!ACTIVE.compareAndSet(null, this)) {
            throw new CaptureException("Another input source is already running in this process"
                    + " (the global input hook exists once per process).");
        }
        started = true;
        if (Platform.current() == Platform.LINUX) {
            // Check the display before JNativeHook sees it: its native library, once loaded against
            // a display it cannot open, ends the process with exit status 1 at JVM exit (an Xt
            // error in its unload path) and prints Xlib complaints.
            try {
                DisplayCheck.requireX11();
            } catch (CaptureException e) {
                release();
                throw e;
            }
        }
        hookTouched = true;
        try {
            JNATIVEHOOK_LOG.setLevel(Level.OFF);
            JNATIVEHOOK_LOG.setUseParentHandlers(false);
            if (System.getProperty("jnativehook.lib.locator") == null) {
                System.setProperty("jnativehook.lib.locator", NativeLibExtractor.class.getName());
            }
            GlobalScreen.setEventDispatcher(new DirectDispatcher());
            GlobalScreen.addNativeKeyListener(listener);
            GlobalScreen.addNativeMouseListener(listener);
            GlobalScreen.addNativeMouseMotionListener(listener);
            GlobalScreen.addNativeMouseWheelListener(listener);
            GlobalScreen.registerNativeHook();
        } catch (NativeHookException e) {
            release();
            throw new CaptureException("Cannot start the global input hook: " + oneLine(e.getMessage())
                    + " (is DISPLAY an X server with the RECORD extension?)", e);
        } catch (LinkageError e) {
            release();
            throw new CaptureException("Cannot load the input hook's native library (" + oneLine(e.getMessage())
                    + "); " + MISSING_LIBS_HINT + ".", e);
        } catch (RuntimeException e) {
            release();
            throw new CaptureException("Cannot start the global input hook: " + oneLine(e.getMessage()), e);
        }
    }

    /** Whether the hook runs: started, not closed, and the native hook still registered (its thread alive). */
    public synchronized boolean running() {
        if (!started || closed) return false;
        try {
            return GlobalScreen.isNativeHookRegistered();
        } catch (LinkageError e) {
            return false;
        }
    }

    /** Unregisters the hook and emits whatever was held back (a pending key press or move). */
    @Override
    public synchronized void close() {
        if (!started || closed) return;
        closed = true;
        try {
            GlobalScreen.unregisterNativeHook();
        } catch (NativeHookException | RuntimeException e) {
            // The hook is gone or going either way.
        }
        // The hook thread has been joined: its state is safe to touch from here.
        listener.flushAll();
        release();
    }

    private void release() {
        started = closed; // a failed start may be retried; a closed source stays closed
        if (hookTouched) removeListeners();
        ACTIVE.compareAndSet(this, null);
    }

    private void removeListeners() {
        try {
            GlobalScreen.removeNativeKeyListener(listener);
            GlobalScreen.removeNativeMouseListener(listener);
            GlobalScreen.removeNativeMouseMotionListener(listener);
            GlobalScreen.removeNativeMouseWheelListener(listener);
        } catch (LinkageError e) {
            // GlobalScreen failed to load: nothing was added.
        }
    }

    /** Counters of the hook thread, for health reporting and measurements. */
    public Stats stats() {
        return new Stats(listener.nativeEvents, listener.emitted, listener.hookNanos, listener.errors);
    }

    /**
     * @param nativeEvents events JNativeHook delivered (including typed and clicked)
     * @param emitted raw events handed to the sink
     * @param hookNanos time spent in this source's listener code on the hook thread
     * @param errors exceptions thrown by the sink or the activity listener (swallowed)
     */
    public record Stats(long nativeEvents, long emitted, long hookNanos, long errors) {
        public double nanosPerEvent() {
            return nativeEvents == 0 ? 0 : (double) hookNanos / nativeEvents;
        }
    }

    private static String oneLine(String s) {
        if (s == null || s.isBlank()) return "unknown error";
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
