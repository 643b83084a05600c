package dev.understudy.model.browser;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/**
 * One message of the browser bridge, typed: one record per kind. The extension's messages
 * ({@link FromExtension}) are validated and built once, in capture (BrowserMessages, against
 * browser/schema/browser-message.schema.json); the recorder adds {@link Hello} (a browser's native
 * host paired) and {@link BridgeClosed} (its connection ended). In the trace a message is the
 * {@code data} object of a {@code browser} event, named by the event's {@code kind} (the constants
 * below); {@link BrowserMessageWriter} and {@link BrowserMessageReader} write and read it, field
 * for field as docs/trace-format.md describes. Consumers tell kinds apart by pattern matching
 * ({@code if (m instanceof BrowserMessage.Select s)}).
 */
@JsonSerialize(using = BrowserMessageWriter.Serializer.class)
public sealed interface BrowserMessage {
    String POINTER = "pointer";
    String SELECT = "select";
    String INPUT = "input";
    String CHANGE = "change";
    String FOCUS = "focus";
    String BLUR = "blur";
    String SENSITIVE_FOCUS = "sensitive_focus";
    String SUBMIT = "submit";
    String NAVIGATE = "navigate";
    String TAB = "tab";
    String DROPPED = "dropped";
    String PAGE = "page";
    String HELLO = "hello";
    String BRIDGE = "bridge";

    /** The kind, as the trace's {@code kind} names it: one of the constants above. */
    String kind();

    /** A copy with every string redacted as {@code r} says (numbers, flags and snapshot bytes kept). */
    BrowserMessage redacted(Redaction r);

    /** A message the extension sent: validated against the schema, with an {@link Envelope}. */
    sealed interface FromExtension extends BrowserMessage {
        Envelope envelope();

        /** The same message with another envelope (a pid added, a title removed...). */
        FromExtension withEnvelope(Envelope e);

        @Override
        FromExtension redacted(Redaction r);
    }

    /** A message about one element of the page: pointer, select, input, change, focus, submit. */
    sealed interface OnElement extends FromExtension {
        /** The element (may be null only in hand-built or damaged data). */
        Element target();
    }

    /** A mouse button went down on {@code target}. */
    record Pointer(Envelope envelope, Element target, PointerPress pointer) implements OnElement {
        public String kind() {
            return POINTER;
        }

        public Pointer withEnvelope(Envelope e) {
            return new Pointer(e, target, pointer);
        }

        public Pointer redacted(Redaction r) {
            return new Pointer(envelope.redacted(r), redact(target, r), pointer);
        }
    }

    /**
     * An option was chosen: {@code target} is the option element (for a native select, the select),
     * {@code field} the control the choice is for, {@code via} how (native, click, key).
     */
    record Select(Envelope envelope, Element target, Element field, Option option, String via) implements OnElement {
        public String kind() {
            return SELECT;
        }

        public Select withEnvelope(Envelope e) {
            return new Select(e, target, field, option, via);
        }

        public Select redacted(Redaction r) {
            return new Select(envelope.redacted(r), redact(target, r), redact(field, r), option == null ? null : option.redacted(r),
                    r.text(via));
        }
    }

    /** The first input of a burst into a field (never its text); {@code inputType} is InputEvent.inputType. */
    record Input(Envelope envelope, Element target, String inputType) implements OnElement {
        public String kind() {
            return INPUT;
        }

        public Input withEnvelope(Envelope e) {
            return new Input(e, target, inputType);
        }

        public Input redacted(Redaction r) {
            return new Input(envelope.redacted(r), redact(target, r), r.text(inputType));
        }
    }

    /** A control other than a select changed (a checkbox's {@code target.checked} says to what). */
    record Change(Envelope envelope, Element target) implements OnElement {
        public String kind() {
            return CHANGE;
        }

        public Change withEnvelope(Envelope e) {
            return new Change(e, target);
        }

        public Change redacted(Redaction r) {
            return new Change(envelope.redacted(r), redact(target, r));
        }
    }

    /** An element got focus. */
    record Focus(Envelope envelope, Element target) implements OnElement {
        public String kind() {
            return FOCUS;
        }

        public Focus withEnvelope(Envelope e) {
            return new Focus(e, target);
        }

        public Focus redacted(Redaction r) {
            return new Focus(envelope.redacted(r), redact(target, r));
        }
    }

    /** A form ({@code target}) was submitted. */
    record Submit(Envelope envelope, Element target) implements OnElement {
        public String kind() {
            return SUBMIT;
        }

        public Submit withEnvelope(Envelope e) {
            return new Submit(e, target);
        }

        public Submit redacted(Redaction r) {
            return new Submit(envelope.redacted(r), redact(target, r));
        }
    }

    /** The focus left the page's frame. */
    record Blur(Envelope envelope) implements FromExtension {
        public String kind() {
            return BLUR;
        }

        public Blur withEnvelope(Envelope e) {
            return new Blur(e);
        }

        public Blur redacted(Redaction r) {
            return new Blur(envelope.redacted(r));
        }
    }

    /** A sensitive field got focus ({@code sensitive} true) or lost it; nothing else about the field. */
    record SensitiveFocus(Envelope envelope, boolean sensitive) implements FromExtension {
        public String kind() {
            return SENSITIVE_FOCUS;
        }

        public SensitiveFocus withEnvelope(Envelope e) {
            return new SensitiveFocus(e, sensitive);
        }

        public SensitiveFocus redacted(Redaction r) {
            return new SensitiveFocus(envelope.redacted(r), sensitive);
        }
    }

    /**
     * A top-frame navigation committed, or the page changed its URL (history API, fragment): the
     * envelope's {@code url} is where to. {@code transition} is Chrome's transition type (or history,
     * fragment), {@code qualifiers} its qualifiers (null when not sent).
     */
    record Navigate(Envelope envelope, String transition, List<String> qualifiers) implements FromExtension {
        public Navigate {
            qualifiers = qualifiers == null ? null : List.copyOf(qualifiers);
        }

        public String kind() {
            return NAVIGATE;
        }

        public Navigate withEnvelope(Envelope e) {
            return new Navigate(e, transition, qualifiers);
        }

        public Navigate redacted(Redaction r) {
            return new Navigate(envelope.redacted(r), r.text(transition), qualifiers == null ? null : texts(qualifiers, r));
        }
    }

    /** The page a window shows, when a tab or window becomes active or a recorder connects. */
    record Tab(Envelope envelope) implements FromExtension {
        public String kind() {
            return TAB;
        }

        public Tab withEnvelope(Envelope e) {
            return new Tab(e);
        }

        public Tab redacted(Redaction r) {
            return new Tab(envelope.redacted(r));
        }
    }

    /** While no recorder listened, the extension threw {@code count} buffered messages away. */
    record Dropped(Envelope envelope, long count) implements FromExtension {
        public String kind() {
            return DROPPED;
        }

        public Dropped withEnvelope(Envelope e) {
            return new Dropped(e, count);
        }

        public Dropped redacted(Redaction r) {
            return new Dropped(envelope.redacted(r), count);
        }
    }

    /**
     * A scan of what a frame shows, for the privacy gate only (never stored): the people it names as
     * correspondents and its visible text boxes (both empty, never null, when none).
     */
    record PageScan(Envelope envelope, List<String> people, List<TextBox> textBoxes) implements FromExtension {
        public PageScan {
            people = people == null ? List.of() : List.copyOf(people);
            textBoxes = textBoxes == null ? List.of() : List.copyOf(textBoxes);
        }

        public String kind() {
            return PAGE;
        }

        public PageScan withEnvelope(Envelope e) {
            return new PageScan(e, people, textBoxes);
        }

        public PageScan redacted(Redaction r) {
            return new PageScan(envelope.redacted(r), texts(people, r), textBoxes.stream().map(b -> b.redacted(r)).toList());
        }
    }

    /**
     * A browser's native host paired with the recorder: the browser's {@code pid} (0 when unknown),
     * the extension's {@code origin} and the host's version ({@code host}, may be empty or null).
     */
    record Hello(long pid, String origin, String host) implements BrowserMessage {
        public String kind() {
            return HELLO;
        }

        public Hello redacted(Redaction r) {
            return new Hello(pid, r.text(origin), r.text(host));
        }
    }

    /** A paired connection ended ({@code state: closed}); {@code pid} the browser's, 0 when unknown. */
    record BridgeClosed(long pid) implements BrowserMessage {
        /** The only state the trace knows. */
        public static final String CLOSED = "closed";

        public String kind() {
            return BRIDGE;
        }

        public BridgeClosed redacted(Redaction r) {
            return this;
        }
    }

    private static Element redact(Element e, Redaction r) {
        return e == null ? null : e.redacted(r);
    }

    private static List<String> texts(List<String> l, Redaction r) {
        return l.stream().map(r::text).toList();
    }
}
