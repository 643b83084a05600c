package dev.understudy.capture.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.browser.BridgeProtocol;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * BrowserMessages.sanitize as it was before messages were typed (commit 7a5b50b), unchanged: it
 * built the trimmed JSON tree that the recorder stored as a browser event's {@code data}. Kept
 * only as the reference that {@link BrowserMessages#read} and the trace's writer must reproduce
 * byte for byte (TypedMessagesKeepTheTraceFormatTest).
 */
final class UntypedSanitizer {
    private static final Set<String> KINDS = BrowserMessages.KINDS;
    static final int MAX_PEOPLE = BrowserMessages.MAX_PEOPLE;
    static final int MAX_PERSON = BrowserMessages.MAX_PERSON;
    static final int MAX_BOXES = BrowserMessages.MAX_BOXES;
    static final int MAX_BOX_TEXT = BrowserMessages.MAX_BOX_TEXT;
    private static final Set<String> WITH_TARGET = Set.of("pointer", "select", "input", "change", "focus", "submit");

    private static final Pattern SID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern TAG = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern ATTR = Pattern.compile("[a-z][a-z0-9_:-]{0,39}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");
    private static final double MAX_COORD = 1e7;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private UntypedSanitizer() {}

    /** The validated, trimmed copy of one extension message (without v and kind). */
    static ObjectNode sanitize(JsonNode m) throws BrowserMessages.Rejected {
        if (m == null || !m.isObject()) throw new BrowserMessages.Rejected("malformed", "not a JSON object");
        if (!m.path("v").isInt() || m.path("v").asInt() != BridgeProtocol.VERSION) throw new BrowserMessages.Rejected("schema", "v must be " + BridgeProtocol.VERSION);
        String kind = text(m, "kind", 32, true);
        if (!KINDS.contains(kind)) throw new BrowserMessages.Rejected("unknown kind", kind);
        ObjectNode out = F.objectNode();
        out.put("sid", match(m, "sid", SID, true));
        out.put("n", longValue(m, "n", 0, Long.MAX_VALUE, true));
        double t = number(m, "t", 1e12, 1e14, true);
        out.put("t", t);
        if (m.has("tab")) out.put("tab", longValue(m, "tab", -1, Integer.MAX_VALUE, true));
        if (m.has("frame")) out.put("frame", longValue(m, "frame", 0, Long.MAX_VALUE, true));
        putText(out, m, "url", 4096);
        putText(out, m, "frame_url", 4096);
        putText(out, m, "title", 512);
        if (m.has("active")) out.put("active", bool(m, "active"));
        if (m.has("view") && !m.get("view").isNull()) out.set("view", view(m.get("view")));

        if (WITH_TARGET.contains(kind)) out.set("target", target(m.get("target"), "target", true));
        switch (kind) {
            case "pointer" -> out.set("pointer", pointer(m.get("pointer")));
            case "select" -> {
                out.set("field", target(m.get("field"), "field", true));
                out.set("option", option(m.get("option")));
                putText(out, m, "via", 16);
            }
            case "input" -> putText(out, m, "input_type", 40);
            case "sensitive_focus" -> out.put("sensitive", bool(m, "sensitive"));
            case "navigate" -> {
                if (!out.has("url")) throw new BrowserMessages.Rejected("schema", "navigate needs url");
                putText(out, m, "transition", 32);
                if (m.has("qualifiers")) out.set("qualifiers", strings(m.get("qualifiers"), "qualifiers", 8, 32));
            }
            case "dropped" -> out.put("count", longValue(m, "count", 0, Integer.MAX_VALUE, true));
            case "page" -> {
                out.set("people", m.has("people") ? strings(m.get("people"), "people", MAX_PEOPLE, MAX_PERSON) : F.arrayNode());
                out.set("text_boxes", m.has("text_boxes") ? boxes(m.get("text_boxes")) : F.arrayNode());
            }
            default -> {
                // focus, change, submit, tab: nothing more
            }
        }
        if (m.has("dom") && !m.get("dom").isNull()) out.set("dom", dom(m.get("dom")));
        return out;
    }

    private static ObjectNode view(JsonNode v) throws BrowserMessages.Rejected {
        if (!v.isObject()) throw new BrowserMessages.Rejected("schema", "view");
        ObjectNode o = F.objectNode();
        o.put("dpr", number(v, "dpr", 0.05, 16, true));
        if (v.has("zoom")) o.put("zoom", number(v, "zoom", 0.05, 10, true));
        if (v.has("origin") && !v.get("origin").isNull()) o.set("origin", numbers(v.get("origin"), "view.origin", 2));
        if (v.has("cal")) o.put("cal", bool(v, "cal"));
        return o;
    }

    private static ObjectNode target(JsonNode t, String what, boolean required) throws BrowserMessages.Rejected {
        if (t == null || t.isNull()) {
            if (required) throw new BrowserMessages.Rejected("schema", what + " missing");
            return null;
        }
        if (!t.isObject()) throw new BrowserMessages.Rejected("schema", what);
        ObjectNode o = F.objectNode();
        o.put("tag", match(t, "tag", TAG, true));
        putText(o, t, "role", 64);
        putText(o, t, "name", 512);
        putText(o, t, "selector", 2048);
        putText(o, t, "xpath", 2048);
        putText(o, t, "type", 32);
        if (t.has("rect")) o.set("rect", numbers(t.get("rect"), what + ".rect", 4));
        if (t.has("bbox") && !t.get("bbox").isNull()) o.set("bbox", numbers(t.get("bbox"), what + ".bbox", 4));
        if (t.has("sensitive")) o.put("sensitive", bool(t, "sensitive"));
        if (t.has("checked")) o.put("checked", bool(t, "checked"));
        if (t.has("node") && !t.get("node").isNull()) o.put("node", longValue(t, "node", 0, Integer.MAX_VALUE, true));
        if (t.has("attrs") && !t.get("attrs").isNull()) {
            JsonNode a = t.get("attrs");
            if (!a.isObject() || a.size() > 24) throw new BrowserMessages.Rejected("schema", what + ".attrs");
            ObjectNode attrs = o.putObject("attrs");
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!ATTR.matcher(e.getKey()).matches() || !e.getValue().isTextual() || e.getValue().asText().length() > 400) {
                    throw new BrowserMessages.Rejected("schema", what + ".attrs." + shorten(e.getKey()));
                }
                attrs.put(e.getKey(), e.getValue().asText());
            }
        }
        return o;
    }

    private static ArrayNode boxes(JsonNode v) throws BrowserMessages.Rejected {
        if (!v.isArray() || v.size() > MAX_BOXES) throw new BrowserMessages.Rejected("schema", "text_boxes");
        ArrayNode a = F.arrayNode();
        for (JsonNode b : v) {
            if (!b.isObject()) throw new BrowserMessages.Rejected("schema", "text_boxes");
            ObjectNode o = a.addObject();
            String text = text(b, "text", MAX_BOX_TEXT, false);
            o.put("text", text == null ? "" : text);
            o.put("x", number(b, "x", -MAX_COORD, MAX_COORD, true));
            o.put("y", number(b, "y", -MAX_COORD, MAX_COORD, true));
            o.put("w", number(b, "w", 0, MAX_COORD, true));
            o.put("h", number(b, "h", 0, MAX_COORD, true));
            if (b.has("sensitive")) o.put("sensitive", bool(b, "sensitive"));
        }
        return a;
    }

    private static ObjectNode pointer(JsonNode p) throws BrowserMessages.Rejected {
        if (p == null || !p.isObject()) throw new BrowserMessages.Rejected("schema", "pointer missing");
        ObjectNode o = F.objectNode();
        o.put("button", longValue(p, "button", 0, 4, true));
        o.set("client", numbers(p.get("client"), "pointer.client", 2));
        o.set("screen", numbers(p.get("screen"), "pointer.screen", 2));
        if (p.has("detail")) o.put("detail", longValue(p, "detail", 0, 1000, true));
        return o;
    }

    private static ObjectNode option(JsonNode p) throws BrowserMessages.Rejected {
        if (p == null || !p.isObject()) throw new BrowserMessages.Rejected("schema", "option missing");
        ObjectNode o = F.objectNode();
        putText(o, p, "text", 512);
        putText(o, p, "value", 512);
        if (p.has("index") && !p.get("index").isNull()) o.put("index", longValue(p, "index", -1, 100_000, true));
        return o;
    }

    private static ObjectNode dom(JsonNode d) throws BrowserMessages.Rejected {
        if (!d.isObject()) throw new BrowserMessages.Rejected("schema", "dom");
        ObjectNode o = F.objectNode();
        o.put("hash", match(d, "hash", HASH, true));
        if (d.has("bytes")) o.put("bytes", longValue(d, "bytes", 0, Integer.MAX_VALUE, true));
        if (d.has("truncated")) o.put("truncated", bool(d, "truncated"));
        if (d.has("too_big")) o.put("too_big", bool(d, "too_big"));
        if (d.has("html_gz") && !d.get("html_gz").isNull()) {
            String gz = text(d, "html_gz", BridgeProtocol.MAX_FRAME, true);
            if (!BASE64.matcher(gz).matches()) throw new BrowserMessages.Rejected("schema", "dom.html_gz is not base64");
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(gz);
            } catch (IllegalArgumentException e) {
                throw new BrowserMessages.Rejected("schema", "dom.html_gz is not base64");
            }
            if (bytes.length < 18 || (bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b) throw new BrowserMessages.Rejected("schema", "dom.html_gz is not gzip");
            // Kept as binary: compressed bytes, not text (written as base64 in the trace's JSON).
            o.put("html_gz", bytes);
        }
        return o;
    }

    // ------------------------------------------------------------------ field helpers

    private static String text(JsonNode m, String field, int max, boolean required) throws BrowserMessages.Rejected {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new BrowserMessages.Rejected("schema", field + " missing");
            return null;
        }
        if (!v.isTextual()) throw new BrowserMessages.Rejected("schema", field + " must be a string");
        String s = v.asText();
        if (s.length() > max) throw new BrowserMessages.Rejected("schema", field + " longer than " + max);
        return s;
    }

    private static void putText(ObjectNode out, JsonNode m, String field, int max) throws BrowserMessages.Rejected {
        String s = text(m, field, max, false);
        if (s != null) out.put(field, s);
    }

    private static String match(JsonNode m, String field, Pattern p, boolean required) throws BrowserMessages.Rejected {
        String s = text(m, field, 256, required);
        if (s != null && !p.matcher(s).matches()) throw new BrowserMessages.Rejected("schema", field + " is malformed");
        return s;
    }

    private static double number(JsonNode m, String field, double min, double max, boolean required) throws BrowserMessages.Rejected {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new BrowserMessages.Rejected("schema", field + " missing");
            return Double.NaN;
        }
        if (!v.isNumber()) throw new BrowserMessages.Rejected("schema", field + " must be a number");
        double d = v.asDouble();
        if (!Double.isFinite(d) || d < min || d > max) throw new BrowserMessages.Rejected("schema", field + " out of range");
        return d;
    }

    private static long longValue(JsonNode m, String field, long min, long max, boolean required) throws BrowserMessages.Rejected {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new BrowserMessages.Rejected("schema", field + " missing");
            return min;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw new BrowserMessages.Rejected("schema", field + " must be an integer");
        long l = v.asLong();
        if (l < min || l > max) throw new BrowserMessages.Rejected("schema", field + " out of range");
        return l;
    }

    private static boolean bool(JsonNode m, String field) throws BrowserMessages.Rejected {
        JsonNode v = m.get(field);
        if (v == null || !v.isBoolean()) throw new BrowserMessages.Rejected("schema", field + " must be true or false");
        return v.asBoolean();
    }

    private static ArrayNode numbers(JsonNode v, String what, int size) throws BrowserMessages.Rejected {
        if (v == null || !v.isArray() || v.size() != size) throw new BrowserMessages.Rejected("schema", what + " must be " + size + " numbers");
        ArrayNode a = F.arrayNode();
        for (JsonNode x : v) {
            if (!x.isNumber() || !Double.isFinite(x.asDouble()) || Math.abs(x.asDouble()) > MAX_COORD) {
                throw new BrowserMessages.Rejected("schema", what + " must be " + size + " numbers");
            }
            a.add(x.asDouble());
        }
        return a;
    }

    private static ArrayNode strings(JsonNode v, String what, int maxItems, int maxLen) throws BrowserMessages.Rejected {
        if (!v.isArray() || v.size() > maxItems) throw new BrowserMessages.Rejected("schema", what);
        ArrayNode a = F.arrayNode();
        for (JsonNode x : v) {
            if (!x.isTextual() || x.asText().length() > maxLen) throw new BrowserMessages.Rejected("schema", what);
            a.add(x.asText());
        }
        return a;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
