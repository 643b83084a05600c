package dev.understudy.privacy.gate;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import dev.understudy.model.browser.BrowserMessage;
import dev.understudy.privacy.redact.TextRedactor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The redacted copy of a typed browser message ({@link Scrubber#browserMessage}) is stored as
 * exactly what redacting its JSON did before messages were typed ({@link #untypedScrub}, that
 * code unchanged): every string redacted, URLs as URLs, form values dropped in a sensitive field.
 */
@Tag("unit")
@Timeout(60)
class BrowserRedactionTest {
    static final Scrubber SCRUBBER = new Scrubber(TextRedactor.defaults());

    static final String ENVELOPE = "\"sid\":\"s1\",\"n\":4,\"t\":1.8E12,\"tab\":3,\"frame\":2,"
            + "\"url\":\"https://mail.example.com/inbox?email=jane.doe%40example.com&access_token=abc123#msg-jane.doe@example.com\","
            + "\"frame_url\":\"https://bob:pw@widget.example.com/w?q=call+%2B1+415+555+0134\",\"title\":\"Mail from jane.doe@example.com\","
            + "\"active\":true,\"view\":{\"dpr\":1.0,\"zoom\":1.0,\"origin\":[4.0,87.0],\"cal\":true}";
    static final String ELEMENT = "{\"tag\":\"input\",\"role\":\"textbox\",\"name\":\"To: Jane Doe <jane.doe@example.com>\","
            + "\"selector\":\"#to-jane.doe@example.com\",\"xpath\":\"//*[@id=\\\"to\\\"]\",\"type\":\"email\",\"rect\":[1.0,2.0,3.0,4.0],"
            + "\"bbox\":[5.0,6.0,7.0,8.0],\"sensitive\":false,\"checked\":true,\"node\":9,\"attrs\":{\"id\":\"to\",\"value\":\"jane.doe@example.com\","
            + "\"href\":\"https://x.example/?email=jane.doe@example.com&key=s3cr3t\",\"data-url\":\"https://x.example/p?token=t0k3n\","
            + "\"placeholder\":\"+1 415 555 0134\",\"text\":\"typed text\"}}";
    static final String DOM = "\"dom\":{\"hash\":\"58e79aef106ff52f\",\"bytes\":768,\"truncated\":false},\"pid\":6939";

    static List<RawEvent.Browser> messages() throws Exception {
        List<RawEvent.Browser> out = new ArrayList<>();
        for (String[] kd : new String[][] {
                {"pointer", ",\"target\":" + ELEMENT + ",\"pointer\":{\"button\":0,\"client\":[1.0,2.0],\"screen\":[3.0,4.0],\"detail\":1}," + DOM},
                {"select", ",\"target\":" + ELEMENT + ",\"field\":" + ELEMENT + ",\"option\":{\"text\":\"Jane Doe +1 415 555 0134\","
                        + "\"value\":\"jane.doe@example.com\",\"index\":2},\"via\":\"click\"," + DOM},
                {"input", ",\"target\":" + ELEMENT + ",\"input_type\":\"insertText\"," + DOM},
                {"change", ",\"target\":" + ELEMENT + ",\"pid\":6939"},
                {"focus", ",\"target\":" + ELEMENT},
                {"submit", ",\"target\":" + ELEMENT},
                {"blur", ""},
                {"sensitive_focus", ",\"sensitive\":true"},
                {"navigate", ",\"transition\":\"link\",\"qualifiers\":[\"client_redirect\",\"jane.doe@example.com\"]"},
                {"tab", ""},
                {"dropped", ",\"count\":3"},
                {"page", ",\"people\":[\"Jane Doe <jane.doe@example.com>\"],\"text_boxes\":[{\"text\":\"Call +1 415 555 0134\","
                        + "\"x\":1.0,\"y\":2.0,\"w\":3.0,\"h\":4.0,\"sensitive\":false}]"}}) {
            out.add(BrowserEvents.browser(1, 2, kd[0], Json.MAPPER.readTree("{" + ENVELOPE + kd[1] + "}")));
        }
        out.add(BrowserEvents.browser(1, 2, "hello", Json.MAPPER.readTree(
                "{\"pid\":6939,\"origin\":\"chrome-extension://mafnfaakflleieegpddemmopnmkckmcg/\",\"host\":\"jane.doe@example.com\"}")));
        out.add(BrowserEvents.browser(1, 2, "bridge", Json.MAPPER.readTree("{\"state\":\"closed\",\"pid\":6939}")));
        return out;
    }

    @Test
    void everyKindIsRedactedAsItsJsonWas() throws Exception {
        for (boolean sensitive : new boolean[] {false, true}) {
            for (RawEvent.Browser b : messages()) {
                JsonNode data = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(b.message()));
                String expected = Json.MAPPER.writeValueAsString(untypedScrub(data, sensitive));
                BrowserMessage redacted = SCRUBBER.browserMessage(b.message(), sensitive);
                assertEquals(expected, Json.MAPPER.writeValueAsString(redacted), b.kind() + (sensitive ? " in a sensitive field" : ""));
            }
        }
    }

    @Test
    void personalDataAndFormValuesAreGone() throws Exception {
        RawEvent.Browser select = messages().get(1);
        String plain = Json.MAPPER.writeValueAsString(SCRUBBER.browserMessage(select.message(), false));
        assertFalse(plain.contains("jane.doe") || plain.contains("abc123") || plain.contains("s3cr3t") || plain.contains("555 0134"), plain);
        assertTrue(plain.contains("\"option\":{\"text\":"), plain);
        String sensitive = Json.MAPPER.writeValueAsString(SCRUBBER.browserMessage(select.message(), true));
        assertTrue(sensitive.contains("\"option\":{\"index\":2}"), sensitive);
        assertFalse(sensitive.contains("\"value\":") || sensitive.contains("\"text\":"), sensitive);
    }

    // ---- Scrubber.browserData as it was before messages were typed (commit 7a5b50b), unchanged

    static final Set<String> VALUE_FIELDS = Set.of("value", "text", "typed", "input");

    static JsonNode untypedScrub(JsonNode data, boolean sensitive) {
        if (data == null) return null;
        JsonNode copy = data.deepCopy();
        scrubNode(copy, null, sensitive);
        return copy;
    }

    private static void scrubNode(JsonNode n, String field, boolean sensitive) {
        if (n instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            java.util.List<String> drop = new java.util.ArrayList<>();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey().toLowerCase(Locale.ROOT);
                JsonNode v = e.getValue();
                if (sensitive && VALUE_FIELDS.contains(k)) {
                    drop.add(e.getKey());
                } else if (v.isTextual()) {
                    e.setValue(TextNode.valueOf(isUrlField(k) ? SCRUBBER.url(v.asText()) : SCRUBBER.text(v.asText())));
                } else {
                    scrubNode(v, k, sensitive);
                }
            }
            drop.forEach(o::remove);
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                JsonNode v = a.get(i);
                if (v.isTextual()) a.set(i, TextNode.valueOf(isUrlField(field) ? SCRUBBER.url(v.asText()) : SCRUBBER.text(v.asText())));
                else scrubNode(v, field, sensitive);
            }
        }
    }

    static boolean isUrlField(String k) {
        return k != null && (k.equals("url") || k.equals("href") || k.equals("src") || k.equals("referrer") || k.endsWith("_url")
                || k.endsWith("url") && k.length() <= 8);
    }
}
