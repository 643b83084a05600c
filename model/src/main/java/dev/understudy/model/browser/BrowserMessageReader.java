package dev.understudy.model.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code data} object of a trace's browser event back into its {@link BrowserMessage},
 * by the event's {@code kind}. Made for what the recorder wrote (validated when it arrived), so it
 * only checks what the records need: fields it does not know are ignored, missing optional ones
 * are null. It fails ({@link IllegalArgumentException}, one line) on a kind it does not know, on
 * data that is not an object, and on a missing or mistyped number or flag a record cannot do
 * without (a view's dpr, a text box's x...). Tests use it to build messages from JSON.
 */
public final class BrowserMessageReader {
    private BrowserMessageReader() {}

    public static BrowserMessage read(String kind, JsonNode d) {
        if (d == null || !d.isObject()) throw new IllegalArgumentException("browser " + kind + ": data is not an object");
        if (kind == null) throw new IllegalArgumentException("browser event without a kind");
        switch (kind) {
            case BrowserMessage.HELLO:
                return new BrowserMessage.Hello(d.path("pid").asLong(0), text(d, "origin"), text(d, "host"));
            case BrowserMessage.BRIDGE:
                if (!BrowserMessage.BridgeClosed.CLOSED.equals(text(d, "state"))) {
                    throw new IllegalArgumentException("browser bridge: unknown state " + d.path("state"));
                }
                return new BrowserMessage.BridgeClosed(d.path("pid").asLong(0));
            default:
                return fromExtension(kind, envelope(d), d);
        }
    }

    private static BrowserMessage.FromExtension fromExtension(String kind, Envelope e, JsonNode d) {
        switch (kind) {
            case BrowserMessage.POINTER:
                return new BrowserMessage.Pointer(e, element(d.get("target")), press(d.get("pointer")));
            case BrowserMessage.SELECT:
                return new BrowserMessage.Select(e, element(d.get("target")), element(d.get("field")), option(d.get("option")), text(d, "via"));
            case BrowserMessage.INPUT:
                return new BrowserMessage.Input(e, element(d.get("target")), text(d, "input_type"));
            case BrowserMessage.CHANGE:
                return new BrowserMessage.Change(e, element(d.get("target")));
            case BrowserMessage.FOCUS:
                return new BrowserMessage.Focus(e, element(d.get("target")));
            case BrowserMessage.SUBMIT:
                return new BrowserMessage.Submit(e, element(d.get("target")));
            case BrowserMessage.BLUR:
                return new BrowserMessage.Blur(e);
            case BrowserMessage.SENSITIVE_FOCUS:
                return new BrowserMessage.SensitiveFocus(e, flag(d, "sensitive"));
            case BrowserMessage.NAVIGATE:
                return new BrowserMessage.Navigate(e, text(d, "transition"), strings(d.get("qualifiers")));
            case BrowserMessage.TAB:
                return new BrowserMessage.Tab(e);
            case BrowserMessage.DROPPED:
                return new BrowserMessage.Dropped(e, integer(d, "count"));
            case BrowserMessage.PAGE:
                return new BrowserMessage.PageScan(e, strings(d.get("people")), boxes(d.get("text_boxes")));
            default:
                throw new IllegalArgumentException("unknown browser event kind \"" + kind + "\"");
        }
    }

    private static Envelope envelope(JsonNode d) {
        return new Envelope(text(d, "sid"), optLong(d, "n"), optDouble(d, "t"), optLong(d, "tab"), optLong(d, "frame"), text(d, "url"),
                text(d, "frame_url"), text(d, "title"), optBool(d, "active"), view(d.get("view")), dom(d.get("dom")), optLong(d, "pid"));
    }

    private static View view(JsonNode v) {
        if (v == null || !v.isObject()) return null;
        return new View(number(v, "dpr"), optDouble(v, "zoom"), point(v.get("origin")), optBool(v, "cal"));
    }

    private static Element element(JsonNode n) {
        if (n == null || !n.isObject()) return null;
        Map<String, String> attrs = null;
        JsonNode a = n.get("attrs");
        if (a != null && a.isObject()) {
            attrs = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getValue().isTextual()) attrs.put(f.getKey(), f.getValue().asText());
            }
        }
        return new Element(text(n, "tag"), text(n, "role"), text(n, "name"), text(n, "selector"), text(n, "xpath"), text(n, "type"),
                box(n.get("rect")), box(n.get("bbox")), optBool(n, "sensitive"), optBool(n, "checked"), optLong(n, "node"), attrs);
    }

    private static PointerPress press(JsonNode p) {
        if (p == null || !p.isObject()) return null;
        Long detail = optLong(p, "detail");
        return new PointerPress((int) integer(p, "button"), point(p.get("client")), point(p.get("screen")),
                detail == null ? null : detail.intValue());
    }

    private static Option option(JsonNode o) {
        if (o == null || !o.isObject()) return null;
        Long index = optLong(o, "index");
        return new Option(text(o, "text"), text(o, "value"), index == null ? null : index.intValue());
    }

    private static DomSnapshot dom(JsonNode d) {
        if (d == null || !d.isObject()) return null;
        byte[] gz = null;
        JsonNode h = d.get("html_gz");
        if (h != null && (h.isTextual() || h.isBinary())) {
            try {
                gz = h.binaryValue(); // base64 text in a trace; bytes in a tree built in memory
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("browser dom.html_gz is not base64");
            }
        }
        return new DomSnapshot(text(d, "hash"), optLong(d, "bytes"), optBool(d, "truncated"), optBool(d, "too_big"), gz);
    }

    private static List<TextBox> boxes(JsonNode a) {
        List<TextBox> out = new ArrayList<>();
        if (a == null || !a.isArray()) return out;
        for (JsonNode b : a) {
            out.add(new TextBox(text(b, "text"), number(b, "x"), number(b, "y"), number(b, "w"), number(b, "h"), optBool(b, "sensitive")));
        }
        return out;
    }

    private static Point point(JsonNode a) {
        if (a == null || !a.isArray() || a.size() != 2) return null;
        return new Point(coordinate(a, 0), coordinate(a, 1));
    }

    private static Box box(JsonNode a) {
        if (a == null || !a.isArray() || a.size() != 4) return null;
        return new Box(coordinate(a, 0), coordinate(a, 1), coordinate(a, 2), coordinate(a, 3));
    }

    private static double coordinate(JsonNode a, int i) {
        if (!a.get(i).isNumber()) throw new IllegalArgumentException("browser data: a coordinate is not a number");
        return a.get(i).asDouble();
    }

    private static List<String> strings(JsonNode a) {
        if (a == null || !a.isArray()) return null;
        List<String> out = new ArrayList<>();
        for (JsonNode s : a) out.add(s.asText());
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static Long optLong(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.asLong() : null;
    }

    private static Double optDouble(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.asDouble() : null;
    }

    private static Boolean optBool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isBoolean() ? v.asBoolean() : null;
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) throw new IllegalArgumentException("browser data: " + field + " must be a number");
        return v.asDouble();
    }

    private static long integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) throw new IllegalArgumentException("browser data: " + field + " must be an integer");
        return v.asLong();
    }

    private static boolean flag(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isBoolean()) throw new IllegalArgumentException("browser data: " + field + " must be true or false");
        return v.asBoolean();
    }
}
