package dev.understudy.capture.browser;

import static dev.understudy.capture.browser.MessageFields.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.browser.BridgeProtocol;
import dev.understudy.model.browser.DomSnapshot;
import dev.understudy.model.browser.Element;
import dev.understudy.model.browser.Option;
import dev.understudy.model.browser.PointerPress;
import dev.understudy.model.browser.TextBox;
import dev.understudy.model.browser.View;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parts of an extension message, checked and built for {@link BrowserMessages}: its view, an
 * element (target or field), the pointer's press, the chosen option, the page snapshot and a page
 * scan's text boxes. Only the fields the schema names are kept.
 */
final class MessageParts {
    private static final Pattern TAG = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern ATTR = Pattern.compile("[a-z][a-z0-9_:-]{0,39}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");

    private MessageParts() {}

    static View view(JsonNode v) throws BrowserMessages.Rejected {
        if (!v.isObject()) throw schema("view");
        double dpr = MessageFields.number(v, "dpr", 0.05, 16, true);
        Double zoom = v.has("zoom") ? MessageFields.number(v, "zoom", 0.05, 10, true) : null;
        var origin = present(v, "origin") ? MessageFields.point(v.get("origin"), "view.origin") : null;
        return new View(dpr, zoom, origin, MessageFields.optionalBool(v, "cal"));
    }

    /** The element {@code what} ("target", "field"): required. */
    static Element element(JsonNode t, String what) throws BrowserMessages.Rejected {
        if (t == null || t.isNull()) throw schema(what + " missing");
        if (!t.isObject()) throw schema(what);
        String tag = MessageFields.match(t, "tag", TAG, true);
        String role = MessageFields.text(t, "role", 64, false);
        String name = MessageFields.text(t, "name", 512, false);
        String selector = MessageFields.text(t, "selector", 2048, false);
        String xpath = MessageFields.text(t, "xpath", 2048, false);
        String type = MessageFields.text(t, "type", 32, false);
        var rect = t.has("rect") ? MessageFields.box(t.get("rect"), what + ".rect") : null;
        var bbox = present(t, "bbox") ? MessageFields.box(t.get("bbox"), what + ".bbox") : null;
        Boolean sensitive = MessageFields.optionalBool(t, "sensitive");
        Boolean checked = MessageFields.optionalBool(t, "checked");
        Long node = present(t, "node") ? MessageFields.integer(t, "node", 0, Integer.MAX_VALUE) : null;
        Map<String, String> attrs = present(t, "attrs") ? attrs(t.get("attrs"), what) : null;
        return new Element(tag, role, name, selector, xpath, type, rect, bbox, sensitive, checked, node, attrs);
    }

    private static Map<String, String> attrs(JsonNode a, String what) throws BrowserMessages.Rejected {
        if (!a.isObject() || a.size() > 24) throw schema(what + ".attrs");
        Map<String, String> attrs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!ATTR.matcher(e.getKey()).matches() || !e.getValue().isTextual() || e.getValue().asText().length() > 400) {
                throw schema(what + ".attrs." + MessageFields.shorten(e.getKey()));
            }
            attrs.put(e.getKey(), e.getValue().asText());
        }
        return attrs;
    }

    static PointerPress pointer(JsonNode p) throws BrowserMessages.Rejected {
        if (p == null || !p.isObject()) throw schema("pointer missing");
        int button = (int) MessageFields.integer(p, "button", 0, 4);
        var client = MessageFields.point(p.get("client"), "pointer.client");
        var screen = MessageFields.point(p.get("screen"), "pointer.screen");
        Long detail = MessageFields.optionalInteger(p, "detail", 0, 1000);
        return new PointerPress(button, client, screen, detail == null ? null : detail.intValue());
    }

    static Option option(JsonNode p) throws BrowserMessages.Rejected {
        if (p == null || !p.isObject()) throw schema("option missing");
        String text = MessageFields.text(p, "text", 512, false);
        String value = MessageFields.text(p, "value", 512, false);
        Integer index = present(p, "index") ? (int) MessageFields.integer(p, "index", -1, 100_000) : null;
        return new Option(text, value, index);
    }

    static DomSnapshot dom(JsonNode d) throws BrowserMessages.Rejected {
        if (!d.isObject()) throw schema("dom");
        String hash = MessageFields.match(d, "hash", HASH, true);
        Long bytes = MessageFields.optionalInteger(d, "bytes", 0, Integer.MAX_VALUE);
        Boolean truncated = MessageFields.optionalBool(d, "truncated");
        Boolean tooBig = MessageFields.optionalBool(d, "too_big");
        byte[] gz = present(d, "html_gz") ? gzip(MessageFields.text(d, "html_gz", BridgeProtocol.MAX_FRAME, true)) : null;
        return new DomSnapshot(hash, bytes, truncated, tooBig, gz);
    }

    /** The snapshot's bytes: base64 of at least 18 bytes of gzip (kept as bytes; base64 again in the trace's JSON). */
    private static byte[] gzip(String base64) throws BrowserMessages.Rejected {
        if (!BASE64.matcher(base64).matches()) throw schema("dom.html_gz is not base64");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw schema("dom.html_gz is not base64");
        }
        if (bytes.length < 18 || (bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b) throw schema("dom.html_gz is not gzip");
        return bytes;
    }

    /** A page scan's text boxes: at most {@link BrowserMessages#MAX_BOXES}. */
    static List<TextBox> boxes(JsonNode v) throws BrowserMessages.Rejected {
        if (!v.isArray() || v.size() > BrowserMessages.MAX_BOXES) throw schema("text_boxes");
        List<TextBox> out = new ArrayList<>();
        double max = MessageFields.MAX_COORD;
        for (JsonNode b : v) {
            if (!b.isObject()) throw schema("text_boxes");
            String text = MessageFields.text(b, "text", BrowserMessages.MAX_BOX_TEXT, false);
            double x = MessageFields.number(b, "x", -max, max, true);
            double y = MessageFields.number(b, "y", -max, max, true);
            double w = MessageFields.number(b, "w", 0, max, true);
            double h = MessageFields.number(b, "h", 0, max, true);
            out.add(new TextBox(text == null ? "" : text, x, y, w, h, MessageFields.optionalBool(b, "sensitive")));
        }
        return out;
    }

    /** The field is there and not null. */
    static boolean present(JsonNode m, String field) {
        return m.has(field) && !m.get(field).isNull();
    }
}
