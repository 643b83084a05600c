package dev.understudy.capture.terminal;

import dev.understudy.model.MarkerKind;
import dev.understudy.capture.EventSink;
import dev.understudy.model.AppContext;
import dev.understudy.model.RawEvent;
import java.util.function.Supplier;

/**
 * In front of the input hook's sink: before a key press, says whether the foreground terminal is
 * reading hidden input ({@link HiddenInput}), with an {@code input_hidden} / {@code input_shown}
 * marker when that changes. It only observes; the policy gate decides what a key typed into hidden
 * input becomes (one {@code [SECRET]}). Runs on the input hook's thread.
 */
public final class HiddenInputWatch implements EventSink {
    public static final String WHERE = "terminal";

    private final EventSink next;
    private final Supplier<AppContext> foreground;
    private final HiddenInput probe;
    private boolean hidden;

    public HiddenInputWatch(EventSink next, Supplier<AppContext> foreground, HiddenInput probe) {
        this.next = next;
        this.foreground = foreground;
        this.probe = probe;
    }

    @Override
    public void accept(RawEvent e) {
        if (e instanceof RawEvent.KeyDown k) {
            AppContext fg = foreground.get();
            boolean now = fg != null && fg.pid() > 0 && probe.hidden(fg.pid());
            if (now != hidden) {
                hidden = now;
                next.accept(new RawEvent.Marker(k.mono(), k.wall(), now ? MarkerKind.INPUT_HIDDEN : MarkerKind.INPUT_SHOWN, WHERE));
            }
        }
        next.accept(e);
    }
}
