package dev.understudy.e2e.privacy;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Test helper: does what a worker does on chrome://extensions (switch an extension off) through
 * Chromium's DevTools protocol, for a browser started with {@code --remote-debugging-port=0}: it
 * opens chrome://extensions in a new tab, calls {@code chrome.management.setEnabled} there (the
 * same call the page's toggle makes) and closes the tab again.
 */
final class DevTools {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    private DevTools(int port) {
        this.port = port;
    }

    /** Waits for the browser's DevToolsActivePort file in its profile. */
    static DevTools of(Path profile, long timeoutMillis) throws IOException, InterruptedException {
        Path f = profile.resolve("DevToolsActivePort");
        try {
            return await("the browser's DevToolsActivePort in " + profile).atMost(Duration.ofMillis(timeoutMillis)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50)).pollInSameThread().dontCatchUncaughtExceptions()
                    .until(() -> {
                        if (!Files.isRegularFile(f)) return null;
                        String first = Files.readString(f).lines().findFirst().orElse("").trim();
                        return first.matches("\\d+") ? new DevTools(Integer.parseInt(first)) : null;
                    }, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new IOException("no DevToolsActivePort in " + profile, e);
        }
    }

    /** Disables the extension as chrome://extensions would; returns "ok" or the browser's error. */
    String disableExtension(String id) throws Exception {
        JsonNode tab = Json.MAPPER.readTree(send("PUT", "/json/new?chrome://extensions"));
        String tabId = tab.path("id").asText();
        try {
            CompletableFuture<String> reply = new CompletableFuture<>();
            StringBuilder partial = new StringBuilder();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(tab.path("webSocketDebuggerUrl").asText()), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                        String msg = partial.toString();
                        partial.setLength(0);
                        try {
                            JsonNode m = Json.MAPPER.readTree(msg);
                            if (m.has("id")) reply.complete(msg);
                        } catch (IOException e) {
                            reply.completeExceptionally(e);
                        }
                    }
                    w.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            String expr = "new Promise(res => { const go = () => { if (!(window.chrome && chrome.management)) return setTimeout(go, 50);"
                    + " chrome.management.setEnabled('" + id + "', false, () => res(chrome.runtime.lastError ? 'error: '"
                    + " + chrome.runtime.lastError.message : 'ok')); }; go(); })";
            String req = Json.MAPPER.writeValueAsString(Json.MAPPER.createObjectNode().put("id", 1).put("method", "Runtime.evaluate")
                    .set("params", Json.MAPPER.createObjectNode().put("expression", expr).put("awaitPromise", true).put("returnByValue", true)));
            ws.sendText(req, true).get(10, TimeUnit.SECONDS);
            JsonNode r = Json.MAPPER.readTree(reply.get(20, TimeUnit.SECONDS));
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
            JsonNode v = r.at("/result/result/value");
            return v.isMissingNode() ? r.toString() : v.asText();
        } finally {
            send("GET", "/json/close/" + tabId);
        }
    }

    private String send(String method, String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new IOException(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
        return r.body();
    }
}
