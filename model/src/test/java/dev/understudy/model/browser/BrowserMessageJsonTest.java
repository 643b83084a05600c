package dev.understudy.model.browser;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Typed browser messages keep the trace format: what a recorder stored reads back into records
 * and writes out again byte for byte (the field order, the numbers, the base64 of snapshots).
 * Capture's TypedMessagesKeepTheTraceFormatTest holds the same for every valid example of the
 * message schema.
 */
@Tag("unit")
@Timeout(30)
class BrowserMessageJsonTest {
    /** Lines of a recorded trace (reduce's fixture browser.jsonl), as the recorder wrote them. */
    static final List<String> STORED = List.of(
            "{\"e\":\"browser\",\"mono\":5873574526,\"wall\":1795380534001,\"kind\":\"pointer\",\"data\":{\"sid\":\"juwutfi7mwsb7oam\",\"n\":2,\"t\":1.795380533942E12,\"tab\":1356658904,\"frame\":0,\"url\":\"http://127.0.0.1:36313/index.html\",\"title\":\"Sign in · Acme Desk\",\"active\":true,\"view\":{\"dpr\":1.0,\"zoom\":1.0,\"origin\":[4.0,87.0],\"cal\":true},\"target\":{\"tag\":\"input\",\"role\":\"textbox\",\"name\":\"Username\",\"selector\":\"#username\",\"xpath\":\"//*[@id=\\\"username\\\"]\",\"type\":\"text\",\"rect\":[151.0,135.8,420.0,33.0],\"bbox\":[155.0,222.8,420.0,33.0],\"node\":9},\"pointer\":{\"button\":0,\"client\":[361.0,152.0],\"screen\":[365.0,239.0],\"detail\":1},\"dom\":{\"hash\":\"58e79aef106ff52f\",\"bytes\":768,\"truncated\":false},\"pid\":6939}}",
            "{\"e\":\"browser\",\"mono\":11539032122,\"wall\":1795380539667,\"kind\":\"select\",\"data\":{\"sid\":\"juwutfi7mwsb7oam\",\"n\":35,\"t\":1.795380539648E12,\"tab\":1356658904,\"frame\":0,\"url\":\"http://127.0.0.1:36313/tickets.html\",\"title\":\"New ticket · Acme Desk\",\"active\":true,\"view\":{\"dpr\":1.0,\"zoom\":1.0,\"origin\":[4.0,87.0],\"cal\":true},\"target\":{\"tag\":\"select\",\"role\":\"combobox\",\"name\":\"Priority\",\"selector\":\"#priority\",\"xpath\":\"//*[@id=\\\"priority\\\"]\",\"type\":\"select\",\"rect\":[151.0,178.8,200.0,30.0],\"bbox\":[155.0,265.8,200.0,30.0],\"node\":15},\"field\":{\"tag\":\"select\",\"role\":\"combobox\",\"name\":\"Priority\",\"selector\":\"#priority\",\"xpath\":\"//*[@id=\\\"priority\\\"]\",\"type\":\"select\",\"rect\":[151.0,178.8,200.0,30.0],\"bbox\":[155.0,265.8,200.0,30.0],\"node\":15},\"option\":{\"text\":\"High\",\"value\":\"high\",\"index\":2},\"via\":\"native\",\"dom\":{\"hash\":\"dff8a51dcf1bf9fb\",\"bytes\":2566,\"truncated\":false},\"pid\":6939}}",
            "{\"e\":\"browser\",\"mono\":7002910585,\"wall\":1795380535131,\"kind\":\"navigate\",\"data\":{\"sid\":\"juwutfi7mwsb7oam\",\"n\":12,\"t\":1.795380535115886E12,\"tab\":1356658904,\"frame\":0,\"url\":\"http://127.0.0.1:36313/mail.html\",\"title\":\"127.0.0.1:36313/mail.html\",\"active\":true,\"transition\":\"form_submit\",\"qualifiers\":[\"server_redirect\"],\"pid\":6939}}",
            "{\"e\":\"browser\",\"mono\":6268172369,\"wall\":1795380534396,\"kind\":\"sensitive_focus\",\"data\":{\"sid\":\"juwutfi7mwsb7oam\",\"n\":5,\"t\":1.795380534389E12,\"tab\":1356658904,\"frame\":0,\"url\":\"http://127.0.0.1:36313/index.html\",\"title\":\"Sign in · Acme Desk\",\"active\":true,\"sensitive\":true,\"pid\":6939}}",
            "{\"e\":\"browser\",\"mono\":14114804272,\"wall\":1795380542243,\"kind\":\"blur\",\"data\":{\"sid\":\"juwutfi7mwsb7oam\",\"n\":54,\"t\":1.795380542225E12,\"tab\":1356658904,\"frame\":4,\"url\":\"http://127.0.0.1:36313/tickets.html\",\"frame_url\":\"http://127.0.0.1:46275/widget.html\",\"title\":\"New ticket · Acme Desk\",\"active\":true,\"pid\":6939}}",
            "{\"e\":\"browser\",\"mono\":16867602254,\"wall\":1795380544995,\"kind\":\"bridge\",\"data\":{\"state\":\"closed\",\"pid\":6939}}",
            "{\"e\":\"browser\",\"mono\":1,\"wall\":2,\"kind\":\"hello\",\"data\":{\"pid\":6939,\"origin\":\"chrome-extension://mafnfaakflleieegpddemmopnmkckmcg/\",\"host\":\"0.1.0\"}}",
            "{\"e\":\"browser\",\"mono\":3,\"wall\":4,\"kind\":\"bridge\",\"data\":{\"state\":\"closed\"}}");

    @Test
    void storedEventsReadBackAndWriteTheSameBytes() throws Exception {
        for (String line : STORED) {
            RawEvent e = Json.MAPPER.readValue(line, RawEvent.class);
            assertInstanceOf(RawEvent.Browser.class, e, line);
            assertEquals(line, Json.MAPPER.writeValueAsString(e));
        }
        RawEvent.Browser select = (RawEvent.Browser) Json.MAPPER.readValue(STORED.get(1), RawEvent.class);
        BrowserMessage.Select s = assertInstanceOf(BrowserMessage.Select.class, select.message());
        assertEquals("High", s.option().text());
        assertEquals("Priority", s.field().name());
        assertEquals(6939L, s.envelope().pid());
    }

    @Test
    void snapshotsAreBase64InJsonAndBytesInRecords() throws Exception {
        byte[] gz = {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
        Envelope env = new Envelope("s1", 1L, 1.7e12, 3L, 0L, "https://x.test/", null, null, true, null,
                new DomSnapshot("0123456789abcdef", 40L, false, null, gz), 77L);
        BrowserMessage.Input in = new BrowserMessage.Input(env, element("input"), "insertText");
        String json = Json.MAPPER.writeValueAsString(new RawEvent.Browser(5, 6, in));
        assertEquals("{\"e\":\"browser\",\"mono\":5,\"wall\":6,\"kind\":\"input\",\"data\":{\"sid\":\"s1\",\"n\":1,\"t\":1.7E12,"
                + "\"tab\":3,\"frame\":0,\"url\":\"https://x.test/\",\"active\":true,\"target\":{\"tag\":\"input\"},\"input_type\":\"insertText\","
                + "\"dom\":{\"hash\":\"0123456789abcdef\",\"bytes\":40,\"truncated\":false,\"html_gz\":\"" + Base64.getEncoder().encodeToString(gz)
                + "\"},\"pid\":77}}", json);
        RawEvent.Browser back = (RawEvent.Browser) Json.MAPPER.readValue(json, RawEvent.class);
        assertArrayEquals(gz, ((BrowserMessage.Input) back.message()).envelope().dom().htmlGz());
        assertEquals(in, back.message());
        // the message alone is the data object, through Jackson as through the writer
        assertEquals(Json.MAPPER.readTree(json).get("data"), Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(in)));
    }

    @Test
    void unknownKindsAndShapelessDataAreUnreadable() {
        assertThrows(JsonMappingException.class, () -> Json.MAPPER.readValue(
                "{\"e\":\"browser\",\"mono\":1,\"wall\":2,\"kind\":\"explode\",\"data\":{}}", RawEvent.class));
        assertThrows(JsonMappingException.class, () -> Json.MAPPER.readValue(
                "{\"e\":\"browser\",\"mono\":1,\"wall\":2,\"kind\":\"focus\"}", RawEvent.class));
        assertThrows(IllegalArgumentException.class, () -> BrowserMessageReader.read("sensitive_focus", Json.MAPPER.createObjectNode()));
        ObjectNode missingDpr = Json.MAPPER.createObjectNode();
        missingDpr.putObject("view").put("zoom", 1);
        assertThrows(IllegalArgumentException.class, () -> BrowserMessageReader.read("focus", missingDpr));
    }

    /** The redacted copy passes every string through the redaction, by what the field holds. */
    @Test
    void aRedactedCopyRedactsEveryStringByItsField() throws Exception {
        String pointer = STORED.get(0);
        RawEvent.Browser b = (RawEvent.Browser) Json.MAPPER.readValue(pointer, RawEvent.class);
        BrowserMessage.Select sel = new BrowserMessage.Select(Envelope.EMPTY.withUrl("https://x.test/").withTitle("T"),
                new Element("li", "option", "Lena", "#l", null, null, null, null, null, null, null, Map.of("href", "/a", "value", "v")),
                element("select"), new Option("Lena", "lena", 2), "click");
        Redaction marks = new Redaction() {
            public String text(String s) {
                return s == null ? null : "t(" + s + ")";
            }

            public String url(String s) {
                return s == null ? null : "u(" + s + ")";
            }

            public String value(String s) {
                return null;
            }

            public String attribute(String name, String value) {
                return name.equals("value") ? null : "a(" + value + ")";
            }
        };
        BrowserMessage.Select r = sel.redacted(marks);
        assertEquals("u(https://x.test/)", r.envelope().url());
        assertEquals("t(T)", r.envelope().title());
        assertEquals("t(Lena)", r.target().name());
        assertEquals(Map.of("href", "a(/a)"), r.target().attrs());
        assertEquals(new Option(null, null, 2), r.option());
        assertEquals("t(click)", r.via());
        BrowserMessage.Pointer p = (BrowserMessage.Pointer) b.message().redacted(marks);
        assertEquals("t(juwutfi7mwsb7oam)", p.envelope().sid());
        assertEquals("t(58e79aef106ff52f)", p.envelope().dom().hash());
        assertEquals(((BrowserMessage.Pointer) b.message()).pointer(), p.pointer(), "numbers are kept");
        BrowserMessage.PageScan scan = new BrowserMessage.PageScan(Envelope.EMPTY, List.of("Lena"),
                List.of(new TextBox("hi", 1, 2, 3, 4, null)));
        BrowserMessage.PageScan rs = scan.redacted(marks);
        assertEquals(List.of("t(Lena)"), rs.people());
        assertNull(rs.textBoxes().get(0).text(), "a text box's text is a form value");
        JsonNode written = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(rs));
        assertFalse(written.at("/text_boxes/0").has("text"), written.toString());
    }

    static Element element(String tag) {
        return new Element(tag, null, null, null, null, null, null, null, null, null, null, null);
    }
}
