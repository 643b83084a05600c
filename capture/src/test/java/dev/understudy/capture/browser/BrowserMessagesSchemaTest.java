package dev.understudy.capture.browser;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.browser.BridgeProtocol;
import dev.understudy.model.Json;
import dev.understudy.model.browser.BrowserMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The recorder's validator ({@link BrowserMessages#read}) and the message schema
 * (browser/schema/browser-message.schema.json) agree: every example under
 * browser/schema/examples/valid/ is accepted, every one under invalid/ is rejected, for the reason
 * invalid-at.json names. The extension's JavaScript tests (browser/extension/test/schema.test.js)
 * run the same examples through the schema with ajv, so neither side can change alone.
 */
@Tag("unit") // no X server, no browser: also runs with ./understudy test --unit
class BrowserMessagesSchemaTest {
    static final Path SCHEMA_DIR = findSchemaDir();
    static final Path EXAMPLES = SCHEMA_DIR.resolve("examples");

    /** browser/schema, from the capture module's directory (where surefire runs) or the repository root. */
    static Path findSchemaDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path s = p.resolve("browser").resolve("schema");
            if (Files.isRegularFile(s.resolve("browser-message.schema.json"))) return s;
        }
        throw new IllegalStateException("browser/schema/browser-message.schema.json not found above " + Path.of("").toAbsolutePath());
    }

    static List<Path> examples(String dir) throws IOException {
        try (Stream<Path> s = Files.list(EXAMPLES.resolve(dir))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    static BrowserMessage.FromExtension read(Path example) throws IOException, BrowserMessages.Rejected {
        return BrowserMessages.read(Files.readAllBytes(example));
    }

    static JsonNode schema() throws IOException {
        return Json.MAPPER.readTree(SCHEMA_DIR.resolve("browser-message.schema.json").toFile());
    }

    @TestFactory
    Stream<DynamicTest> validExamplesAreAccepted() throws IOException {
        List<Path> valid = examples("valid");
        assertTrue(valid.size() >= BrowserMessages.KINDS.size(), "examples of every kind");
        return valid.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            try {
                read(p);
            } catch (BrowserMessages.Rejected r) {
                fail(p.getFileName() + " is valid per the schema but the recorder rejects it: " + r.getMessage());
            }
        }));
    }

    @Test
    void theValidExamplesCoverEveryKind() throws IOException {
        TreeSet<String> kinds = new TreeSet<>();
        for (Path p : examples("valid")) kinds.add(Json.MAPPER.readTree(p.toFile()).path("kind").asText());
        assertEquals(new TreeSet<>(BrowserMessages.KINDS), kinds);
    }

    @TestFactory
    Stream<DynamicTest> invalidExamplesAreRejectedForTheReasonGiven() throws IOException {
        JsonNode at = Json.MAPPER.readTree(EXAMPLES.resolve("invalid-at.json").toFile());
        List<Path> invalid = examples("invalid");
        assertFalse(invalid.isEmpty());
        return invalid.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            String name = p.getFileName().toString();
            assertTrue(at.has(name), "invalid-at.json says where " + name + " is wrong");
            BrowserMessages.Rejected r = assertThrows(BrowserMessages.Rejected.class, () -> read(p),
                    name + " is invalid per the schema but the recorder accepts it");
            // The rejection names the field invalid-at.json points at (its last name, not an index).
            String field = lastName(at.get(name).asText());
            if (!field.isEmpty()) {
                Pattern word = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(field) + "(?![A-Za-z0-9_])");
                assertTrue(word.matcher(r.getMessage()).find(), name + " was rejected for another reason: " + r.getMessage() + " (expected " + field + ")");
            }
        }));
    }

    @Test
    void invalidAtNamesOnlyExistingExamples() throws IOException {
        JsonNode at = Json.MAPPER.readTree(EXAMPLES.resolve("invalid-at.json").toFile());
        TreeSet<String> files = new TreeSet<>();
        for (Path p : examples("invalid")) files.add(p.getFileName().toString());
        TreeSet<String> named = new TreeSet<>();
        at.fieldNames().forEachRemaining(named::add);
        assertEquals(files, named);
    }

    /** The schema's kinds and limits are BrowserMessages' and BridgeProtocol's constants. */
    @Test
    void theSchemaStatesTheRecordersConstants() throws IOException {
        JsonNode s = schema();
        TreeSet<String> kinds = new TreeSet<>();
        s.at("/properties/kind/enum").forEach(k -> kinds.add(k.asText()));
        assertEquals(new TreeSet<>(BrowserMessages.KINDS), kinds);
        TreeSet<String> withBranch = new TreeSet<>();
        for (JsonNode branch : s.get("allOf")) withBranch.add(branch.at("/if/properties/kind/const").asText());
        assertTrue(kinds.containsAll(withBranch), "if/then branches only for known kinds: " + withBranch);
        assertEquals(BridgeProtocol.VERSION, s.at("/properties/v/const").asInt());
        JsonNode page = pageBranch(s);
        assertEquals(BrowserMessages.MAX_PEOPLE, page.at("/then/properties/people/maxItems").asInt());
        assertEquals(BrowserMessages.MAX_PERSON, page.at("/then/properties/people/items/maxLength").asInt());
        assertEquals(BrowserMessages.MAX_BOXES, page.at("/then/properties/text_boxes/maxItems").asInt());
        assertEquals(BrowserMessages.MAX_BOX_TEXT, s.at("/$defs/text_box/properties/text/maxLength").asInt());
        assertEquals(BridgeProtocol.MAX_FRAME, s.at("/$defs/dom/properties/html_gz/maxLength").asInt());
        assertEquals(BridgeProtocol.VERSION, s.at("/$defs/hello/properties/v/const").asInt());
        assertEquals(BridgeProtocol.ORIGIN, s.at("/$defs/hello/properties/origin/const").asText());
        assertEquals(Long.MAX_VALUE, s.at("/properties/n/maximum").asLong());
    }

    static JsonNode pageBranch(JsonNode s) {
        for (JsonNode branch : s.get("allOf")) {
            if ("page".equals(branch.at("/if/properties/kind/const").asText())) return branch;
        }
        throw new AssertionError("no branch for kind page");
    }

    /** The native host's hello (not a message of the schema's root) as NativeHost builds it. */
    @Test
    void theHelloExampleIsWhatTheRecorderPairsWith() throws IOException {
        JsonNode h = Json.MAPPER.readTree(EXAMPLES.resolve("hello.json").toFile());
        assertEquals("hello", h.path("kind").asText());
        assertEquals(BridgeProtocol.VERSION, h.path("v").asInt());
        assertEquals(BridgeProtocol.ORIGIN, h.path("origin").asText());
        assertTrue(h.path("key").asText().matches("[0-9a-f]{64}"));
        // and it is no extension message: the recorder refuses it after pairing
        assertThrows(BrowserMessages.Rejected.class, () -> BrowserMessages.read(h));
    }

    /** What the schema's description promises: fields it does not name are dropped, not stored. */
    @Test
    void fieldsTheSchemaDoesNotNameAreDropped() throws Exception {
        JsonNode out = Json.MAPPER.valueToTree(read(EXAMPLES.resolve("valid").resolve("unknown-fields-are-ignored.json")));
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = out.fieldNames(); it.hasNext(); ) names.add(it.next());
        for (String gone : List.of("extension_version", "target", "count", "pointer", "people")) {
            assertFalse(names.contains(gone), gone + " kept: " + names);
        }
    }

    static String lastName(String pointer) {
        String[] parts = pointer.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty() && !parts[i].chars().allMatch(Character::isDigit)) return parts[i].replace("~1", "/").replace("~0", "~");
        }
        return "";
    }
}
