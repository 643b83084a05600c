package dev.understudy.capture.browser;

import static dev.understudy.capture.browser.MessageFields.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.browser.BridgeProtocol;
import dev.understudy.model.browser.BrowserMessage;
import dev.understudy.model.browser.DomSnapshot;
import dev.understudy.model.browser.Element;
import dev.understudy.model.browser.Envelope;
import dev.understudy.model.browser.View;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The schema of the extension's messages (browser/schema/browser-message.schema.json).
 * {@link #read} either returns the typed message ({@link BrowserMessage.FromExtension}), holding
 * only known fields, each of the right type and size, or throws {@link Rejected} with a short
 * reason. This is where a message is parsed, once; nothing else of it is ever kept.
 */
public final class BrowserMessages {
    /** Kinds the extension sends. */
    public static final Set<String> KINDS = Set.of(BrowserMessage.POINTER, BrowserMessage.SELECT, BrowserMessage.INPUT,
            BrowserMessage.CHANGE, BrowserMessage.FOCUS, BrowserMessage.BLUR, BrowserMessage.SENSITIVE_FOCUS, BrowserMessage.SUBMIT,
            BrowserMessage.NAVIGATE, BrowserMessage.TAB, BrowserMessage.DROPPED, BrowserMessage.PAGE);
    /** Limits of a page scan (kind "page"): people shown and visible text boxes. */
    static final int MAX_PEOPLE = 64;
    static final int MAX_PERSON = 256;
    static final int MAX_BOXES = 600;
    static final int MAX_BOX_TEXT = 400;
    /** Kinds that describe a target element. */
    private static final Set<String> WITH_TARGET = Set.of(BrowserMessage.POINTER, BrowserMessage.SELECT, BrowserMessage.INPUT,
            BrowserMessage.CHANGE, BrowserMessage.FOCUS, BrowserMessage.SUBMIT);

    private static final Pattern SID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** JSON parser with a shallow nesting limit: a message is never deeper than 4 levels. */
    static final ObjectMapper PARSER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(BridgeProtocol.MAX_FRAME).build())
            .build());

    /** A message that is not accepted, with a reason for the log and the reply. */
    public static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        private final String reason;

        public Rejected(String reason, String detail) {
            super(detail == null ? reason : reason + ": " + detail, null, false, false);
            this.reason = reason;
        }

        /** Short category: "malformed", "schema", "unknown kind"... */
        public String reason() {
            return reason;
        }
    }

    private BrowserMessages() {}

    /** A frame's JSON object (the hello, or a message for {@link #read}). */
    public static JsonNode parse(byte[] frame) throws Rejected {
        try {
            JsonNode n = PARSER.readTree(frame);
            if (n == null || !n.isObject()) throw new Rejected("malformed", "not a JSON object");
            return n;
        } catch (IOException e) {
            throw new Rejected("malformed", "not JSON");
        }
    }

    /** One frame from the extension, parsed and validated: {@link #read} of {@link #parse}. */
    public static BrowserMessage.FromExtension read(byte[] frame) throws Rejected {
        return read(parse(frame));
    }

    /** The validated, typed message of one extension message (its v and kind checked, not kept). */
    public static BrowserMessage.FromExtension read(JsonNode m) throws Rejected {
        if (m == null || !m.isObject()) throw new Rejected("malformed", "not a JSON object");
        if (!m.path("v").isInt() || m.path("v").asInt() != BridgeProtocol.VERSION) throw schema("v must be " + BridgeProtocol.VERSION);
        String kind = MessageFields.text(m, "kind", 32, true);
        if (!KINDS.contains(kind)) throw new Rejected("unknown kind", kind);
        Envelope e = envelope(m);
        Element target = WITH_TARGET.contains(kind) ? MessageParts.element(m.get("target"), "target") : null;
        BrowserMessage.FromExtension message = body(kind, m, e, target);
        if (!MessageParts.present(m, "dom")) return message;
        DomSnapshot dom = MessageParts.dom(m.get("dom"));
        return message.withEnvelope(e.withDom(dom));
    }

    /** Who sent it, when, from which tab, frame and page (the snapshot comes last: see {@link #read}). */
    private static Envelope envelope(JsonNode m) throws Rejected {
        String sid = MessageFields.match(m, "sid", SID, true);
        long n = MessageFields.integer(m, "n", 0, Long.MAX_VALUE);
        double t = MessageFields.number(m, "t", 1e12, 1e14, true);
        Long tab = MessageFields.optionalInteger(m, "tab", -1, Integer.MAX_VALUE);
        Long frame = MessageFields.optionalInteger(m, "frame", 0, Long.MAX_VALUE);
        String url = MessageFields.text(m, "url", 4096, false);
        String frameUrl = MessageFields.text(m, "frame_url", 4096, false);
        String title = MessageFields.text(m, "title", 512, false);
        Boolean active = MessageFields.optionalBool(m, "active");
        View view = MessageParts.present(m, "view") ? MessageParts.view(m.get("view")) : null;
        return new Envelope(sid, n, t, tab, frame, url, frameUrl, title, active, view, null, null);
    }

    /** The kind's own fields. */
    private static BrowserMessage.FromExtension body(String kind, JsonNode m, Envelope e, Element target) throws Rejected {
        switch (kind) {
            case BrowserMessage.POINTER:
                return new BrowserMessage.Pointer(e, target, MessageParts.pointer(m.get("pointer")));
            case BrowserMessage.SELECT: {
                Element field = MessageParts.element(m.get("field"), "field");
                var option = MessageParts.option(m.get("option"));
                return new BrowserMessage.Select(e, target, field, option, MessageFields.text(m, "via", 16, false));
            }
            case BrowserMessage.INPUT:
                return new BrowserMessage.Input(e, target, MessageFields.text(m, "input_type", 40, false));
            case BrowserMessage.CHANGE:
                return new BrowserMessage.Change(e, target);
            case BrowserMessage.FOCUS:
                return new BrowserMessage.Focus(e, target);
            case BrowserMessage.SUBMIT:
                return new BrowserMessage.Submit(e, target);
            case BrowserMessage.BLUR:
                return new BrowserMessage.Blur(e);
            case BrowserMessage.TAB:
                return new BrowserMessage.Tab(e);
            case BrowserMessage.SENSITIVE_FOCUS:
                return new BrowserMessage.SensitiveFocus(e, MessageFields.bool(m, "sensitive"));
            case BrowserMessage.NAVIGATE: {
                if (e.url() == null) throw schema("navigate needs url");
                String transition = MessageFields.text(m, "transition", 32, false);
                List<String> qualifiers = m.has("qualifiers") ? MessageFields.strings(m.get("qualifiers"), "qualifiers", 8, 32) : null;
                return new BrowserMessage.Navigate(e, transition, qualifiers);
            }
            case BrowserMessage.DROPPED:
                return new BrowserMessage.Dropped(e, MessageFields.integer(m, "count", 0, Integer.MAX_VALUE));
            case BrowserMessage.PAGE: {
                List<String> people = m.has("people") ? MessageFields.strings(m.get("people"), "people", MAX_PEOPLE, MAX_PERSON) : List.of();
                return new BrowserMessage.PageScan(e, people, m.has("text_boxes") ? MessageParts.boxes(m.get("text_boxes")) : List.of());
            }
            default:
                throw new Rejected("unknown kind", kind); // KINDS and this switch name the same kinds
        }
    }
}
