package dev.understudy.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.understudy.model.browser.BrowserMessage;
import java.util.List;
import java.util.Objects;

/**
 * One observed fact, exactly as a source saw it. Raw events are what the trace stores; steps are
 * derived from them by the reducer and can always be recomputed.
 *
 * <p>Every event carries two clocks: {@code mono}, monotonic nanoseconds since the session
 * started (never goes backwards, used for ordering and durations), and {@code wall}, the
 * wall-clock time in epoch milliseconds (used for display and exports). Screen coordinates are
 * global X screen pixels; the reducer maps them to the pixels of a monitor's frame.
 *
 * <p>The position of an event in a session's event stream is its sequence number ("seq").
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "e")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RawEvent.KeyDown.class, name = "key_down"),
    @JsonSubTypes.Type(value = RawEvent.KeyUp.class, name = "key_up"),
    @JsonSubTypes.Type(value = RawEvent.MouseMove.class, name = "mouse_move"),
    @JsonSubTypes.Type(value = RawEvent.MouseDown.class, name = "mouse_down"),
    @JsonSubTypes.Type(value = RawEvent.MouseUp.class, name = "mouse_up"),
    @JsonSubTypes.Type(value = RawEvent.Wheel.class, name = "wheel"),
    @JsonSubTypes.Type(value = RawEvent.WindowFocus.class, name = "window"),
    @JsonSubTypes.Type(value = RawEvent.Clipboard.class, name = "clipboard"),
    @JsonSubTypes.Type(value = RawEvent.Frame.class, name = "frame"),
    @JsonSubTypes.Type(value = RawEvent.Marker.class, name = "marker"),
    @JsonSubTypes.Type(value = RawEvent.Browser.class, name = "browser"),
    @JsonSubTypes.Type(value = RawEvent.A11y.class, name = "a11y"),
})
public sealed interface RawEvent {

    /** Monotonic nanoseconds since the session started. */
    long mono();

    /** Wall-clock time, epoch milliseconds (UTC). */
    long wall();

    /**
     * A key went down.
     *
     * @param code platform-independent key code of the hook (JNativeHook VC_*), for re-reduction
     * @param key normalised lowercase key name ({@link Keys}): "a", "1", "enter", "tab", "escape",
     *     "backspace", "left", "f5", "ctrl", "shift", "alt", "meta", "space", ...
     * @param ch the characters this key press produced, or null (modifier chords, named keys)
     * @param mods modifiers held while the key went down, see {@link Mods}
     */
    record KeyDown(long mono, long wall, int code, String key, String ch, int mods) implements RawEvent {}

    record KeyUp(long mono, long wall, int code, String key, int mods) implements RawEvent {}

    /** The pointer moved; thinned by the source. {@code buttons} is non-zero while dragging. */
    record MouseMove(long mono, long wall, int x, int y, int buttons) implements RawEvent {}

    /**
     * @param button "left", "right", "middle", or "button4"...
     * @param clicks the OS click count (1 single, 2 double, ...) when the source knows it, else 0
     */
    record MouseDown(long mono, long wall, int x, int y, String button, int clicks, int mods) implements RawEvent {}

    record MouseUp(long mono, long wall, int x, int y, String button, int mods) implements RawEvent {}

    /**
     * Wheel rotation at a point. {@code dy > 0} scrolls down (content moves up), {@code dx > 0}
     * scrolls right. Units are wheel notches.
     */
    record Wheel(long mono, long wall, int x, int y, int dx, int dy, int mods) implements RawEvent {}

    /** The foreground window changed, or its title did. */
    record WindowFocus(long mono, long wall, AppContext app) implements RawEvent {}

    /**
     * A clipboard operation: op is "copy", "cut" or "paste". {@code text} is capped by the
     * recorder; {@code length} is the full length in chars, {@code truncated} says whether
     * {@code text} was cut.
     *
     * <p>{@code owner}: the application that offered the content (the selection owner's client,
     * or the app it runs in), as the clipboard source saw it at the copy or the paste; {@code hint}:
     * {@link #SECRET} when the owner marked the content as a password. Both are for the policy gate,
     * which stores neither. {@code withheld}: set by the gate when the content was not stored, and
     * why ("owner not allowed", "password manager", "password field", "no browser bridge").
     */
    record Clipboard(long mono, long wall, String op, String text, int length, boolean truncated, AppContext owner, String hint,
                     String withheld) implements RawEvent {
        /** The password-manager hint ({@code x-kde-passwordManagerHint: secret}): the content is a secret. */
        public static final String SECRET = "secret";

        public Clipboard(long mono, long wall, String op, String text, int length, boolean truncated) {
            this(mono, wall, op, text, length, truncated, null, null, null);
        }

        /** The same operation without its content (null text), saying why it was withheld. */
        public Clipboard withheld(String why) {
            return new Clipboard(mono, wall, op, null, 0, false, null, null, why);
        }
    }

    /**
     * A screen frame was stored. {@code mono} is when the pixels were grabbed, which can be
     * earlier than the events around it in the stream: the observation for an action is the frame
     * grabbed just before the action began.
     *
     * @param id the frame's content address in the session's frame store
     * @param monitor index into the manifest's monitors
     * @param reason why it was grabbed ({@link FrameReason}; a reason a reader does not know reads
     *     as {@link FrameReason#UNKNOWN})
     */
    record Frame(long mono, long wall, String id, int monitor, int width, int height, FrameReason reason) implements RawEvent {}

    /**
     * A content-free marker; {@code kind} says what happened ({@link MarkerKind}; a kind a reader
     * does not know reads as {@link MarkerKind#UNKNOWN}), {@code detail} never holds content. The
     * privacy layer's kinds are described in docs/trace-format.md ("Privacy markers") and
     * docs/privacy.md.
     */
    record Marker(long mono, long wall, MarkerKind kind, String detail) implements RawEvent {}

    /**
     * A message of the browser bridge ({@link BrowserMessage}: an extension message validated by
     * capture, or the bridge's hello and closed), typed. In the trace its {@link #kind()} and its
     * fields are the event's {@code kind} and {@code data} ({@link BrowserEventJson}).
     */
    @JsonSerialize(using = BrowserEventJson.Serializer.class)
    @JsonDeserialize(using = BrowserEventJson.Deserializer.class)
    record Browser(long mono, long wall, BrowserMessage message) implements RawEvent {
        public Browser {
            Objects.requireNonNull(message, "message");
        }

        /** The message's kind ({@code pointer}, {@code navigate}, {@code hello}...): the trace's {@code kind}. */
        public String kind() {
            return message.kind();
        }
    }

    /**
     * What the accessibility tree (AT-SPI) said about an element, read off the input hook's thread
     * within a time budget. {@code mono} and {@code wall} are those of the input event it answers
     * (the mouse_down of a {@link #POINTER} read), so it can arrive after later events; a
     * {@link #FOCUS} read carries the time the focus event was seen.
     *
     * @param kind {@link #POINTER} (the element hit at a mouse_down at x, y), {@link #FOCUS} (the
     *     element that has the keyboard focus, or the menu entry / list entry the keyboard selected
     *     in a menu or a dropdown), {@link #STATE} (a checked/selected state of a toggle, tab or
     *     entry changed after an action: the element with its new states)
     * @param x the pointer's global screen point for {@link #POINTER}, else 0
     * @param y see x
     * @param toolkit the application's toolkit as it names itself ("GTK", "Qt", "LibreOffice",
     *     "Chromium"...) and its version, e.g. "GTK 3.24.38", or null
     * @param element the element, its pruned subtree in {@link A11yNode#children()}; null when the
     *     read found nothing or failed (see status)
     * @param path the element's ancestors, application first, its parent last (leaves, no subtree)
     * @param siblings up to a few of the element's siblings (leaves), for the exported context
     * @param queryMicros how long the read took
     * @param status {@link #OK}, {@link #TIMEOUT} (the application did not answer within the
     *     budget), {@link #NONE} (no accessible element there: the app exposes no tree)
     */
    record A11y(long mono, long wall, String kind, int x, int y, String toolkit, A11yNode element, List<A11yNode> path,
                List<A11yNode> siblings, long queryMicros, String status) implements RawEvent {
        public static final String POINTER = "pointer";
        public static final String FOCUS = "focus";
        public static final String STATE = "state";
        public static final String OK = "ok";
        public static final String TIMEOUT = "timeout";
        public static final String NONE = "none";

        public A11y {
            path = path == null ? List.of() : List.copyOf(path);
            siblings = siblings == null ? List.of() : List.copyOf(siblings);
        }

        /** The same read with names replaced (the gate's redaction), same shape. */
        public A11y withNodes(A11yNode el, List<A11yNode> p, List<A11yNode> sib) {
            return new A11y(mono, wall, kind, x, y, toolkit, el, p, sib, queryMicros, status);
        }
    }
}
