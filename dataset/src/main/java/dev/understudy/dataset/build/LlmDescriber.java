package dev.understudy.dataset.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.dataset.Episode;
import dev.understudy.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The optional rewrite of a task's instruction by a language model behind an OpenAI-compatible
 * endpoint ({@code --describe-with URL}, e.g. {@code http://127.0.0.1:8000/v1}; off by default).
 * It is sent only what the dataset itself holds — the deterministic instruction and the steps'
 * instructions, made of text that was redacted on the device — never a screenshot, a window
 * title or a URL. Its answer is kept next to the deterministic instruction (the build's
 * {@code llm-instructions.jsonl}), never instead of it; a failure leaves it out and is counted.
 */
public final class LlmDescriber {
    static final String PROMPT = "You rewrite the description of a task a person did on a computer as one short, natural "
            + "imperative instruction an assistant could be given (at most 25 words). Keep placeholders such as [EMAIL] "
            + "as they are. Answer with the instruction only.";

    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param base   the API's base URL, up to and including {@code /v1}
     * @param model  the model name the endpoint expects
     * @param apiKey a bearer key, or null
     */
    public LlmDescriber(URI base, String model, String apiKey) {
        String b = base.toString();
        this.endpoint = URI.create((b.endsWith("/") ? b : b + "/") + "chat/completions");
        if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("--describe-with: an http(s) URL of an OpenAI-compatible API, e.g. http://127.0.0.1:8000/v1");
        }
        this.model = model;
        this.apiKey = apiKey;
    }

    /** What is sent for one task: its deterministic instruction and its steps' instructions (redacted text only). */
    static String describe(Episode e) {
        StringBuilder sb = new StringBuilder("Task: ").append(e.instruction()).append("\nSteps:\n");
        int i = 1;
        for (String s : e.stepInstructions()) {
            if (i > 40) {
                sb.append("...\n");
                break;
            }
            sb.append(i++).append(". ").append(s).append('\n');
        }
        return sb.toString();
    }

    /** The model's instruction for the task; IOException (one line) when the endpoint fails. */
    public String rewrite(Episode e) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", model);
        body.put("temperature", 0);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", PROMPT);
        messages.addObject().put("role", "user").put("content", describe(e));
        HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
        if (apiKey != null && !apiKey.isBlank()) rb.header("Authorization", "Bearer " + apiKey);
        HttpResponse<byte[]> r;
        try {
            r = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IOException ex) {
            throw new IOException("the describer at " + endpoint + " is not reachable: " + ex.getMessage(), ex);
        }
        if (r.statusCode() / 100 != 2) throw new IOException("the describer at " + endpoint + " answered HTTP " + r.statusCode());
        JsonNode n = Json.MAPPER.readTree(r.body());
        String text = n.path("choices").path(0).path("message").path("content").asText("").strip();
        if (text.isEmpty()) throw new IOException("the describer at " + endpoint + " answered no instruction");
        text = text.lines().findFirst().orElse(text).strip();
        return text.length() > 300 ? text.substring(0, 300) : text;
    }
}
