package dev.understudy.dataset.build;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.understudy.dataset.Episode;
import dev.understudy.model.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The optional LLM rewrite against an endpoint that speaks the OpenAI chat-completions protocol
 * (no model runs on this machine: a loopback server answers as one would): what is sent is only
 * the redacted instructions, the answer is taken, and failures are one line.
 */
@Tag("unit")
@Timeout(30)
class LlmDescriberTest {
    static Episode episode() {
        return new Episode("s-000", "s", 0, List.of(), "In Acme Desk: enter \"Refund for [EMAIL]\" in Subject, click Create ticket", "describer",
                null, List.of("Type \"Refund for [EMAIL]\" into Subject", "Click the 'Create ticket' button"), List.of(), "start", 0, 1);
    }

    @Test
    void sendsOnlyTheRedactedInstructionsAndKeepsTheAnswer() throws Exception {
        List<JsonNode> seen = new ArrayList<>();
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/v1/chat/completions", x -> {
            seen.add(Json.MAPPER.readTree(x.getRequestBody().readAllBytes()));
            byte[] b = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Open a refund ticket for [EMAIL].\\n\"}}]}"
                    .getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        s.start();
        try {
            LlmDescriber d = new LlmDescriber(URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/v1"), "test-model", "k");
            assertEquals("Open a refund ticket for [EMAIL].", d.rewrite(episode()));
            JsonNode req = seen.get(0);
            assertEquals("test-model", req.path("model").asText());
            String user = req.path("messages").path(1).path("content").asText();
            assertTrue(user.contains("[EMAIL]") && user.contains("Click the 'Create ticket' button"), user);
            assertFalse(req.toString().contains("png") || req.toString().contains("http"), "no images, no URLs: " + req);
        } finally {
            s.stop(0);
        }
    }

    @Test
    void aFailingEndpointIsOneLine() {
        LlmDescriber d = new LlmDescriber(URI.create("http://127.0.0.1:1/v1"), "m", null);
        IOException e = assertThrows(IOException.class, () -> d.rewrite(episode()));
        assertTrue(e.getMessage().contains("not reachable"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LlmDescriber(URI.create("file:///etc/passwd"), "m", null));
    }
}
