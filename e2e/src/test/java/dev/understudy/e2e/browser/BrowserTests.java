package dev.understudy.e2e.browser;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.demo.BrowserProcess;
import dev.understudy.demo.WebWorkflow.Expected;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Shared helpers of the browser end-to-end tests. */
public final class BrowserTests {
    private BrowserTests() {}

    /**
     * These tests need Chromium (./understudy test installs it). Without it they fail, unless
     * UNDERSTUDY_SKIP_BROWSER_TESTS is set, which skips them.
     */
    public static void assumeBrowser() {
        if (BrowserProcess.available()) return;
        if (System.getenv("UNDERSTUDY_SKIP_BROWSER_TESTS") != null) {
            Assumptions.abort("no Chromium or Chrome installed; UNDERSTUDY_SKIP_BROWSER_TESTS is set");
        }
        fail("no Chromium or Chrome installed: sudo apt-get install chromium (or set UNDERSTUDY_SKIP_BROWSER_TESTS=1)");
    }

    /** For each expected step, the index of the step it matched, in order; -1 when missing. */
    static int[] align(List<Expected> expected, List<JsonNode> steps) {
        return dev.understudy.demo.WebWorkflow.align(expected, steps);
    }

    static String dump(List<JsonNode> steps) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode s : steps) {
            JsonNode t = s.path("target");
            sb.append("  ").append(s.path("action")).append(" on ").append(t.path("source").asText()).append(" [")
                    .append(t.path("role").asText()).append("] '").append(t.path("name").asText()).append("' ")
                    .append(t.path("bbox")).append(" @ ").append(s.path("app").path("url").asText()).append(" #")
                    .append(s.at("/raw/first_seq")).append('-').append(s.at("/raw/last_seq")).append('\n');
        }
        return sb.toString();
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
