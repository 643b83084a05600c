package dev.understudy.capture.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.model.browser.Box;
import dev.understudy.model.browser.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The checks of one field of an extension message, for {@link BrowserMessages}: its type, length,
 * range or pattern. Each returns the value or throws {@link BrowserMessages.Rejected} ("schema",
 * naming the field).
 */
final class MessageFields {
    /** Coordinates are finite and at most this in absolute value. */
    static final double MAX_COORD = 1e7;

    private MessageFields() {}

    /** A string of at most {@code max} chars; null when absent (or null) and not required. */
    static String text(JsonNode m, String field, int max, boolean required) throws BrowserMessages.Rejected {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            if (required) throw schema(field + " missing");
            return null;
        }
        if (!v.isTextual()) throw schema(field + " must be a string");
        String s = v.asText();
        if (s.length() > max) throw schema(field + " longer than " + max);
        return s;
    }

    static String match(JsonNode m, String field, Pattern p, boolean required) throws BrowserMessages.Rejected {
        String s = text(m, field, 256, required);
        if (s != null && !p.matcher(s).matches()) throw schema(field + " is malformed");
        return s;
    }

    /** A finite number in [min, max]; null when absent (or null) and not required. */
    static Double number(JsonNode m, String field, double min, double max, boolean required) throws BrowserMessages.Rejected {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            if (required) throw schema(field + " missing");
            return null;
        }
        if (!v.isNumber()) throw schema(field + " must be a number");
        double d = v.asDouble();
        if (!Double.isFinite(d) || d < min || d > max) throw schema(field + " out of range");
        return d;
    }

    /** An integer (written as one) in [min, max]. */
    static long integer(JsonNode m, String field, long min, long max) throws BrowserMessages.Rejected {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) throw schema(field + " missing");
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw schema(field + " must be an integer");
        long l = v.asLong();
        if (l < min || l > max) throw schema(field + " out of range");
        return l;
    }

    /** {@link #integer} when the field is present (even as null, which is refused), else null. */
    static Long optionalInteger(JsonNode m, String field, long min, long max) throws BrowserMessages.Rejected {
        return m.has(field) ? integer(m, field, min, max) : null;
    }

    static boolean bool(JsonNode m, String field) throws BrowserMessages.Rejected {
        JsonNode v = m.get(field);
        if (v == null || !v.isBoolean()) throw schema(field + " must be true or false");
        return v.asBoolean();
    }

    /** {@link #bool} when the field is present, else null. */
    static Boolean optionalBool(JsonNode m, String field) throws BrowserMessages.Rejected {
        return m.has(field) ? bool(m, field) : null;
    }

    static Point point(JsonNode v, String what) throws BrowserMessages.Rejected {
        double[] n = numbers(v, what, 2);
        return new Point(n[0], n[1]);
    }

    static Box box(JsonNode v, String what) throws BrowserMessages.Rejected {
        double[] n = numbers(v, what, 4);
        return new Box(n[0], n[1], n[2], n[3]);
    }

    private static double[] numbers(JsonNode v, String what, int size) throws BrowserMessages.Rejected {
        if (v == null || !v.isArray() || v.size() != size) throw schema(what + " must be " + size + " numbers");
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            JsonNode x = v.get(i);
            if (!x.isNumber() || !Double.isFinite(x.asDouble()) || Math.abs(x.asDouble()) > MAX_COORD) {
                throw schema(what + " must be " + size + " numbers");
            }
            out[i] = x.asDouble();
        }
        return out;
    }

    /** At most {@code maxItems} strings of at most {@code maxLen} chars. */
    static List<String> strings(JsonNode v, String what, int maxItems, int maxLen) throws BrowserMessages.Rejected {
        if (!v.isArray() || v.size() > maxItems) throw schema(what);
        List<String> out = new ArrayList<>();
        for (JsonNode x : v) {
            if (!x.isTextual() || x.asText().length() > maxLen) throw schema(what);
            out.add(x.asText());
        }
        return out;
    }

    static BrowserMessages.Rejected schema(String detail) {
        return new BrowserMessages.Rejected("schema", detail);
    }

    static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
