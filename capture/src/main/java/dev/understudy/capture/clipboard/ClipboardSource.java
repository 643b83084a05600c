package dev.understudy.capture.clipboard;

import dev.understudy.capture.CaptureException;
import dev.understudy.capture.Clock;
import dev.understudy.capture.EventSink;
import dev.understudy.capture.platform.Platform;
import dev.understudy.model.RawEvent;

/**
 * Clipboard operations as {@code RawEvent.Clipboard} events: "copy" and "cut" when the clipboard
 * gets new contents (however that happened: hotkey, menu, script), "paste" when a paste chord is
 * pressed. Text is capped; {@code length} is the full length and {@code truncated} says whether it
 * was cut. Each event also names the app that owns the clipboard ({@code owner}, null when unknown
 * or nothing owns it) and its {@code hint} ({@link RawEvent.Clipboard#SECRET} when the owner marks
 * the contents as a password, else null); {@code withheld} is left to the policy gate. Clipboard
 * text and owner are read on the source's own thread, never on the caller's.
 */
public interface ClipboardSource extends AutoCloseable {
    int DEFAULT_MAX_CHARS = 4096;

    /**
     * Starts watching the clipboard.
     *
     * @throws CaptureException when the clipboard cannot be watched (one-line message)
     */
    void start();

    /**
     * Feeds a key press (the agent forwards every KeyDown, from a thread other than the OS hook
     * thread). Paste chords emit "paste" with the current clipboard text; cut chords make the next
     * clipboard change within 1.5 s a "cut". Returns at once.
     */
    void onKeyDown(RawEvent.KeyDown k);

    @Override
    void close();

    /** The implementation for this platform. */
    static ClipboardSource forCurrentPlatform(EventSink sink, Clock clock, int maxChars) {
        Platform p = Platform.current();
        if (p == Platform.LINUX) return new X11ClipboardSource(sink, clock, maxChars);
        throw new CaptureException("Clipboard capture is not implemented on " + p.displayName() + " yet.");
    }
}
