package dev.understudy.capture.browser;

import org.junit.jupiter.api.Tag;
import dev.understudy.browser.BridgeProtocol;
import dev.understudy.browser.BridgeFiles;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.capture.Clock;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The recorder's end of the bridge, over a real Unix socket: pairing, validation, limits. */
@Tag("unit")
class BrowserBridgeSourceTest {
    Path dir;
    List<RawEvent> events = new CopyOnWriteArrayList<>();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    BrowserBridgeSource source;
    long start;

    @BeforeEach
    void start() throws IOException {
        dir = Files.createTempDirectory("usb").resolve("bridge"); // short: Unix socket paths are limited
        start = System.currentTimeMillis();
        source = new BrowserBridgeSource(events::add, new Clock(), dir, start, log::add);
        source.start();
    }

    @AfterEach
    void stop() throws IOException {
        source.close();
        try (var s = Files.walk(dir.getParent())) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    SocketChannel connect() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(dir.resolve(BridgeProtocol.SOCKET)));
        return ch;
    }

    static void send(SocketChannel ch, String json) throws IOException {
        BridgeProtocol.writeFrame(ch, json.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode reply(SocketChannel ch) throws IOException {
        long n = BridgeProtocol.readLength(ch);
        assertTrue(n > 0, "a reply");
        return Json.MAPPER.readTree(BridgeProtocol.readBytes(ch, (int) n));
    }

    SocketChannel paired() throws IOException {
        SocketChannel ch = connect();
        send(ch, "{\"kind\":\"hello\",\"v\":1,\"key\":\"" + BridgeFiles.readKey(dir) + "\",\"origin\":\"" + BridgeProtocol.ORIGIN
                + "\",\"pid\":4321,\"host\":\"test\"}");
        assertEquals("welcome", reply(ch).path("status").asText());
        return ch;
    }

    String message(long n, String kind, String extra) {
        return "{\"v\":1,\"sid\":\"s1\",\"n\":" + n + ",\"kind\":\"" + kind + "\",\"t\":" + System.currentTimeMillis() + extra + "}";
    }

    String pointer(long n) {
        return message(n, "pointer", ",\"tab\":3,\"frame\":0,\"url\":\"http://x.test/\",\"view\":{\"dpr\":1,\"zoom\":1,\"origin\":[0,80],\"cal\":true},"
                + "\"target\":{\"tag\":\"button\",\"role\":\"button\",\"name\":\"Save\",\"selector\":\"#save\",\"rect\":[1,2,3,4],"
                + "\"attrs\":{\"id\":\"save\"},\"junk\":\"dropped\"},\"pointer\":{\"button\":0,\"client\":[2,3],\"screen\":[2,83]},\"extra\":42");
    }

    RawEvent.Browser await(Predicate<RawEvent.Browser> p) {
        try {
            return waiting("a matching browser event", Duration.ofSeconds(5), Duration.ofMillis(10)).until(() -> {
                for (RawEvent e : events) if (e instanceof RawEvent.Browser b && p.test(b)) return b;
                return null;
            }, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no such event; got " + events, e);
        }
    }

    /** Awaitility (qualified: {@link #await} is this test's), polling at once and then every {@code poll}, on this thread. */
    static ConditionFactory waiting(String what, Duration atMost, Duration poll) {
        return Awaitility.await(what).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(poll).pollInSameThread()
                .dontCatchUncaughtExceptions();
    }

    @Test
    void theDirectoryAndKeyArePrivate() throws IOException {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(BridgeProtocol.PAIRING_KEY))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(BridgeProtocol.SOCKET))));
        assertTrue(BridgeFiles.readKey(dir).matches("[0-9a-f]{64}"));
    }

    @Test
    void aPairedConnectionDeliversSanitizedEvents() throws Exception {
        try (SocketChannel ch = paired()) {
            RawEvent.Browser hello = await(b -> b.kind().equals("hello"));
            assertEquals(4321, stored(hello).path("pid").asLong());
            assertFalse(stored(hello).has("key"), "the pairing key is never stored");
            send(ch, pointer(1));
            RawEvent.Browser p = await(b -> b.kind().equals("pointer"));
            assertEquals("Save", stored(p).at("/target/name").asText());
            assertEquals(4321, stored(p).path("pid").asLong());
            assertFalse(stored(p).has("extra"), "unknown fields are dropped");
            assertFalse(stored(p).path("target").has("junk"));
            // a resend of the same message (after a reconnect) is stored once
            send(ch, pointer(1));
            send(ch, pointer(2));
            await(b -> stored(b) != null && stored(b).path("n").asLong() == 2);
            assertEquals(2, events.stream().filter(e -> e instanceof RawEvent.Browser b && b.kind().equals("pointer")).count());
        }
        await(b -> b.kind().equals("bridge") && "closed".equals(stored(b).path("state").asText()));
    }

    @Test
    void aPageScanCarriesPeopleAndTextBoxesAndNothingElse() throws Exception {
        try (SocketChannel ch = paired()) {
            send(ch, message(1, "page", ",\"tab\":3,\"frame\":0,\"active\":true,\"url\":\"https://mail.test/#m1\","
                    + "\"people\":[\"Lena Vogel lena@zurich.example.ch\"],\"html\":\"<p>secret</p>\","
                    + "\"text_boxes\":[{\"text\":\"Hi Lena\",\"x\":10.5,\"y\":20,\"w\":80,\"h\":16,\"color\":\"red\"}]"));
            RawEvent.Browser p = await(b -> b.kind().equals("page"));
            assertEquals("Lena Vogel lena@zurich.example.ch", stored(p).at("/people/0").asText());
            assertEquals("Hi Lena", stored(p).at("/text_boxes/0/text").asText());
            assertEquals(80, stored(p).at("/text_boxes/0/w").asInt());
            assertFalse(stored(p).has("html"), "unknown fields are dropped");
            assertFalse(stored(p).at("/text_boxes/0").has("color"));
            // wrong shapes are refused whole
            send(ch, message(2, "page", ",\"people\":\"lena@zurich.example.ch\""));
            assertEquals("schema", reply(ch).path("reject").asText());
            send(ch, message(3, "page", ",\"text_boxes\":[{\"text\":\"x\",\"x\":\"left\",\"y\":0,\"w\":1,\"h\":1}]"));
            assertEquals("schema", reply(ch).path("reject").asText());
            send(ch, message(4, "page", ",\"people\":[" + "\"a\",".repeat(BrowserMessages.MAX_PEOPLE) + "\"b\"]"));
            assertEquals("schema", reply(ch).path("reject").asText());
        }
    }

    @Test
    void withoutTheKeyNothingIsAccepted() throws Exception {
        try (SocketChannel ch = connect()) {
            send(ch, pointer(1));
            assertEquals("unpaired", reply(ch).path("reject").asText());
            assertEquals(-1, BridgeProtocol.readLength(ch), "closed");
        }
        try (SocketChannel ch = connect()) {
            send(ch, "{\"kind\":\"hello\",\"v\":1,\"key\":\"" + "0".repeat(64) + "\",\"origin\":\"" + BridgeProtocol.ORIGIN + "\"}");
            assertEquals("unpaired", reply(ch).path("reject").asText());
        }
        try (SocketChannel ch = connect()) {
            send(ch, "{\"kind\":\"hello\",\"v\":1,\"key\":\"" + BridgeFiles.readKey(dir) + "\",\"origin\":\"chrome-extension://evil/\"}");
            assertEquals("unpaired", reply(ch).path("reject").asText());
        }
        assertTrue(events.isEmpty(), events.toString());
        assertEquals(3, source.stats().rejectedBy().get("unpaired"));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("understudy: bridge: rejected a message (unpaired)")), log.toString());
    }

    @Test
    void garbageAndOversizedMessagesAreRejectedAndTheConnectionGoesOn() throws Exception {
        try (SocketChannel ch = paired()) {
            send(ch, "this is not json");
            assertEquals("malformed", reply(ch).path("reject").asText());
            send(ch, "[1,2,3]");
            assertEquals("malformed", reply(ch).path("reject").asText());
            send(ch, "{\"v\":1,\"sid\":\"s1\",\"n\":1,\"kind\":\"explode\",\"t\":" + System.currentTimeMillis() + "}");
            assertEquals("unknown kind", reply(ch).path("reject").asText());
            send(ch, message(2, "pointer", ",\"target\":{\"tag\":\"<script>\"},\"pointer\":{\"button\":0,\"client\":[0,0],\"screen\":[0,0]}"));
            assertEquals("schema", reply(ch).path("reject").asText());
            send(ch, message(3, "select", ",\"target\":{\"tag\":\"li\",\"name\":\"" + "x".repeat(600) + "\"}"));
            assertEquals("schema", reply(ch).path("reject").asText());
            send(ch, "[".repeat(5000));
            assertEquals("malformed", reply(ch).path("reject").asText());
            byte[] big = new byte[BridgeProtocol.MAX_FRAME + 1];
            java.util.Arrays.fill(big, (byte) 'a');
            BridgeProtocol.writeFrame(ch, big);
            assertEquals("oversized", reply(ch).path("reject").asText());
            send(ch, message(4, "sensitive_focus", ",\"sensitive\":\"yes\""));
            assertEquals("schema", reply(ch).path("reject").asText());
            // still fine after all that
            send(ch, pointer(5));
            await(b -> b.kind().equals("pointer"));
        }
        BrowserBridgeSource.Stats st = source.stats();
        assertEquals(8, st.rejected(), st.toString());
        assertEquals(1, st.accepted());
        // one log line per reason at most every few seconds
        assertTrue(log.size() <= 6, log.toString());
    }

    @Test
    void aHugeAnnouncedLengthEndsOnlyThatConnection() throws Exception {
        try (SocketChannel ch = paired()) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).flip();
            ch.write(b);
            assertEquals("oversized", reply(ch).path("reject").asText());
            assertEquals(-1, BridgeProtocol.readLength(ch), "closed");
        }
        try (SocketChannel ch = paired()) {
            send(ch, pointer(9));
            await(b -> b.kind().equals("pointer"));
        }
    }

    @Test
    void aFloodIsRateLimited() throws Exception {
        try (SocketChannel ch = paired()) {
            for (int i = 1; i <= 3000; i++) send(ch, pointer(i));
            send(ch, message(5000, "focus", ",\"target\":{\"tag\":\"input\"}"));
            try {
                waiting("all 3001 messages judged", Duration.ofSeconds(10), Duration.ofMillis(20))
                        .until(() -> source.stats().accepted() + source.stats().rejected() >= 3001);
            } catch (ConditionTimeoutException e) {
                // as before: a slow count is not a failure by itself; the assertions below judge the counts
            }
        }
        BrowserBridgeSource.Stats st = source.stats();
        assertTrue(st.rejectedBy().getOrDefault("rate limited", 0L) > 1000, st.toString());
        assertTrue(st.accepted() >= BrowserBridgeSource.BURST, st.toString());
    }

    @Test
    void eventsFromBeforeTheSessionAreDropped() throws Exception {
        try (SocketChannel ch = paired()) {
            send(ch, "{\"v\":1,\"sid\":\"s1\",\"n\":1,\"kind\":\"focus\",\"t\":" + (start - 5000) + ",\"target\":{\"tag\":\"input\"}}");
            send(ch, pointer(2));
            await(b -> b.kind().equals("pointer"));
        }
        assertEquals(1, source.stats().beforeSession());
        assertTrue(events.stream().noneMatch(e -> e instanceof RawEvent.Browser b && b.kind().equals("focus")));
    }

    @Test
    void atMostFourConnections() throws Exception {
        List<SocketChannel> open = new ArrayList<>();
        try {
            for (int i = 0; i < BrowserBridgeSource.MAX_CONNECTIONS; i++) open.add(paired());
            try (SocketChannel fifth = connect()) {
                assertEquals("busy", reply(fifth).path("reject").asText());
            }
        } finally {
            for (SocketChannel c : open) c.close();
        }
    }

    @Test
    void snapshotsAreKeptAsBinaryGzip() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bytes)) {
            gz.write("<html backend_node_id=\"0\"></html>".getBytes(StandardCharsets.UTF_8));
        }
        String b64 = java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
        try (SocketChannel ch = paired()) {
            send(ch, message(1, "input", ",\"target\":{\"tag\":\"input\"},\"dom\":{\"hash\":\"0123456789abcdef\",\"html_gz\":\"" + b64 + "\"}"));
            RawEvent.Browser e = await(b -> b.kind().equals("input"));
            assertTrue(stored(e).at("/dom/html_gz").isBinary());
            // written as base64 in the trace's JSON, read back as text
            JsonNode back = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(stored(e)));
            assertEquals(b64, back.at("/dom/html_gz").asText());
            send(ch, message(2, "input", ",\"target\":{\"tag\":\"input\"},\"dom\":{\"hash\":\"0123456789abcdef\",\"html_gz\":\"aGVsbG8=\"}"));
            assertEquals("schema", reply(ch).path("reject").asText());
        }
    }

    /** What the trace stores as the event's {@code data}. */
    private static JsonNode stored(RawEvent.Browser b) {
        return Json.MAPPER.valueToTree(b).get("data");
    }
}
