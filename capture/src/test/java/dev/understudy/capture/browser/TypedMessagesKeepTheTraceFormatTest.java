package dev.understudy.capture.browser;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.browser.BridgeProtocol;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import dev.understudy.model.browser.BrowserMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The trace format did not change when messages became typed: for every example of the message
 * schema, the typed message ({@link BrowserMessages#read}) is stored as exactly the JSON the
 * untyped sanitizer built ({@link UntypedSanitizer}, the code before), as the event's data and as
 * the whole event, with and without the browser's pid; the stored event reads back to the same
 * record; and both refuse the same invalid messages with the same words.
 */
@Tag("unit")
class TypedMessagesKeepTheTraceFormatTest {
    @TestFactory
    Stream<DynamicTest> everyValidExampleIsStoredAsBefore() throws IOException {
        return BrowserMessagesSchemaTest.examples("valid").stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            JsonNode m = BrowserMessages.parse(Files.readAllBytes(p));
            ObjectNode before = UntypedSanitizer.sanitize(m);
            BrowserMessage.FromExtension typed = BrowserMessages.read(m);
            assertEquals(Json.MAPPER.writeValueAsString(before), Json.MAPPER.writeValueAsString(typed), "data of " + p.getFileName());
            assertStoredAsBefore(m.get("kind").asText(), before, typed);
            // the recorder adds the browser's pid last
            before.put("pid", 4321L);
            assertStoredAsBefore(m.get("kind").asText(), before, typed.withEnvelope(typed.envelope().withPid(4321)));
        }));
    }

    static void assertStoredAsBefore(String kind, ObjectNode before, BrowserMessage typed) throws IOException {
        String expected = "{\"e\":\"browser\",\"mono\":12,\"wall\":1800000000000,\"kind\":\"" + kind + "\",\"data\":"
                + Json.MAPPER.writeValueAsString(before) + "}";
        RawEvent.Browser event = new RawEvent.Browser(12, 1_800_000_000_000L, typed);
        assertEquals(expected, Json.MAPPER.writeValueAsString(event));
        RawEvent back = Json.MAPPER.readValue(expected, RawEvent.class);
        assertEquals(event, back, "reads back as the same message");
        assertEquals(expected, Json.MAPPER.writeValueAsString(back), "and is stored again unchanged");
    }

    @TestFactory
    Stream<DynamicTest> everyInvalidExampleIsRefusedAsBefore() throws IOException {
        return BrowserMessagesSchemaTest.examples("invalid").stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            byte[] frame = Files.readAllBytes(p);
            BrowserMessages.Rejected before = assertThrows(BrowserMessages.Rejected.class,
                    () -> UntypedSanitizer.sanitize(BrowserMessages.parse(frame)));
            BrowserMessages.Rejected now = assertThrows(BrowserMessages.Rejected.class, () -> BrowserMessages.read(frame));
            assertEquals(before.reason(), now.reason());
            assertEquals(before.getMessage(), now.getMessage());
        }));
    }

    /** The bridge's own events, as BrowserBridgeSource built them before. */
    @Test
    void helloAndClosedAreStoredAsBefore() throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode hello = f.objectNode().put("pid", 4321L).put("origin", BridgeProtocol.ORIGIN).put("host", "0.1.0");
        assertStoredAsBefore("hello", hello, new BrowserMessage.Hello(4321, BridgeProtocol.ORIGIN, "0.1.0"));
        ObjectNode closed = f.objectNode().put("state", "closed").put("pid", 4321L);
        assertStoredAsBefore("bridge", closed, new BrowserMessage.BridgeClosed(4321));
        assertStoredAsBefore("bridge", f.objectNode().put("state", "closed"), new BrowserMessage.BridgeClosed(0));
    }
}
