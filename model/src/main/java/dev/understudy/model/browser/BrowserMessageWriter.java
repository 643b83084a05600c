package dev.understudy.model.browser;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link BrowserMessage} as the {@code data} object of a trace's browser event, field for
 * field in the order docs/trace-format.md shows: the envelope's fields, the target, the kind's own
 * fields, the snapshot, the pid. Absent (null) fields are left out; snapshot bytes are base64.
 * This order and these names are the trace format: BrowserMessageJsonTest and capture's
 * TypedMessagesKeepTheTraceFormatTest hold them.
 */
public final class BrowserMessageWriter {
    private BrowserMessageWriter() {}

    /** Jackson's way to it: {@code Json.MAPPER.writeValueAsString(message)} is the data object. */
    public static final class Serializer extends StdSerializer<BrowserMessage> {
        private static final long serialVersionUID = 1L;

        public Serializer() {
            super(BrowserMessage.class);
        }

        @Override
        public void serialize(BrowserMessage m, JsonGenerator g, SerializerProvider provider) throws IOException {
            write(m, g);
        }
    }

    public static void write(BrowserMessage m, JsonGenerator g) throws IOException {
        g.writeStartObject();
        if (m instanceof BrowserMessage.Hello h) {
            g.writeNumberField("pid", h.pid());
            string(g, "origin", h.origin());
            string(g, "host", h.host());
        } else if (m instanceof BrowserMessage.BridgeClosed c) {
            g.writeStringField("state", BrowserMessage.BridgeClosed.CLOSED);
            if (c.pid() > 0) g.writeNumberField("pid", c.pid());
        } else if (m instanceof BrowserMessage.FromExtension x) {
            Envelope e = x.envelope();
            head(g, e);
            if (x instanceof BrowserMessage.OnElement o) element(g, "target", o.target());
            body(g, x);
            dom(g, e.dom());
            number(g, "pid", e.pid());
        }
        g.writeEndObject();
    }

    private static void head(JsonGenerator g, Envelope e) throws IOException {
        string(g, "sid", e.sid());
        number(g, "n", e.n());
        number(g, "t", e.t());
        number(g, "tab", e.tab());
        number(g, "frame", e.frame());
        string(g, "url", e.url());
        string(g, "frame_url", e.frameUrl());
        string(g, "title", e.title());
        bool(g, "active", e.active());
        View v = e.view();
        if (v == null) return;
        g.writeObjectFieldStart("view");
        g.writeNumberField("dpr", v.dpr());
        number(g, "zoom", v.zoom());
        point(g, "origin", v.origin());
        bool(g, "cal", v.cal());
        g.writeEndObject();
    }

    /** The kind's own fields, after the target. */
    private static void body(JsonGenerator g, BrowserMessage.FromExtension x) throws IOException {
        if (x instanceof BrowserMessage.Pointer p && p.pointer() != null) {
            PointerPress pp = p.pointer();
            g.writeObjectFieldStart("pointer");
            g.writeNumberField("button", pp.button());
            point(g, "client", pp.client());
            point(g, "screen", pp.screen());
            number(g, "detail", pp.detail());
            g.writeEndObject();
        } else if (x instanceof BrowserMessage.Select s) {
            element(g, "field", s.field());
            if (s.option() != null) {
                g.writeObjectFieldStart("option");
                string(g, "text", s.option().text());
                string(g, "value", s.option().value());
                number(g, "index", s.option().index());
                g.writeEndObject();
            }
            string(g, "via", s.via());
        } else if (x instanceof BrowserMessage.Input i) {
            string(g, "input_type", i.inputType());
        } else if (x instanceof BrowserMessage.SensitiveFocus f) {
            g.writeBooleanField("sensitive", f.sensitive());
        } else if (x instanceof BrowserMessage.Navigate n) {
            string(g, "transition", n.transition());
            strings(g, "qualifiers", n.qualifiers());
        } else if (x instanceof BrowserMessage.Dropped d) {
            g.writeNumberField("count", d.count());
        } else if (x instanceof BrowserMessage.PageScan s) {
            strings(g, "people", s.people());
            g.writeArrayFieldStart("text_boxes");
            for (TextBox b : s.textBoxes()) {
                g.writeStartObject();
                string(g, "text", b.text());
                g.writeNumberField("x", b.x());
                g.writeNumberField("y", b.y());
                g.writeNumberField("w", b.w());
                g.writeNumberField("h", b.h());
                bool(g, "sensitive", b.sensitive());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }

    private static void element(JsonGenerator g, String field, Element el) throws IOException {
        if (el == null) return;
        g.writeObjectFieldStart(field);
        string(g, "tag", el.tag());
        string(g, "role", el.role());
        string(g, "name", el.name());
        string(g, "selector", el.selector());
        string(g, "xpath", el.xpath());
        string(g, "type", el.type());
        box(g, "rect", el.rect());
        box(g, "bbox", el.bbox());
        bool(g, "sensitive", el.sensitive());
        bool(g, "checked", el.checked());
        number(g, "node", el.node());
        if (el.attrs() != null) {
            g.writeObjectFieldStart("attrs");
            for (Map.Entry<String, String> a : el.attrs().entrySet()) g.writeStringField(a.getKey(), a.getValue());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void dom(JsonGenerator g, DomSnapshot d) throws IOException {
        if (d == null) return;
        g.writeObjectFieldStart("dom");
        string(g, "hash", d.hash());
        number(g, "bytes", d.bytes());
        bool(g, "truncated", d.truncated());
        bool(g, "too_big", d.tooBig());
        byte[] gz = d.htmlGz();
        if (gz != null) {
            g.writeFieldName("html_gz");
            g.writeBinary(gz);
        }
        g.writeEndObject();
    }

    private static void point(JsonGenerator g, String field, Point p) throws IOException {
        if (p == null) return;
        g.writeArrayFieldStart(field);
        g.writeNumber(p.x());
        g.writeNumber(p.y());
        g.writeEndArray();
    }

    private static void box(JsonGenerator g, String field, Box b) throws IOException {
        if (b == null) return;
        g.writeArrayFieldStart(field);
        g.writeNumber(b.x());
        g.writeNumber(b.y());
        g.writeNumber(b.width());
        g.writeNumber(b.height());
        g.writeEndArray();
    }

    private static void strings(JsonGenerator g, String field, List<String> list) throws IOException {
        if (list == null) return;
        g.writeArrayFieldStart(field);
        for (String s : list) g.writeString(s);
        g.writeEndArray();
    }

    private static void string(JsonGenerator g, String field, String s) throws IOException {
        if (s != null) g.writeStringField(field, s);
    }

    private static void number(JsonGenerator g, String field, Long n) throws IOException {
        if (n != null) g.writeNumberField(field, n);
    }

    private static void number(JsonGenerator g, String field, Integer n) throws IOException {
        if (n != null) g.writeNumberField(field, n);
    }

    private static void number(JsonGenerator g, String field, Double n) throws IOException {
        if (n != null) g.writeNumberField(field, n);
    }

    private static void bool(JsonGenerator g, String field, Boolean b) throws IOException {
        if (b != null) g.writeBooleanField(field, b);
    }
}
