package dev.understudy.privacy.redact.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.privacy.redact.RedactionEvaluation;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The blind held-out corpus is what its generator writes (fixed seed) and keeps its shape. */
@Tag("unit")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BlindCorpusTest {

    @Test
    void theFileIsWhatTheGeneratorWrites() throws Exception {
        String shipped;
        try (InputStream in = BlindCorpusTest.class.getResourceAsStream("/corpus/blind-heldout.jsonl")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(shipped, BlindCorpusGenerator.render(), "blind-heldout.jsonl differs from its generator");
    }

    @Test
    void atLeastAThousandLinesAndAThirdWithoutPersonalData() throws Exception {
        List<RedactionEvaluation.Example> ex = RedactionEvaluation.readResource("/corpus/blind-heldout.jsonl");
        assertTrue(ex.size() >= 1000, "lines: " + ex.size());
        long clean = ex.stream().filter(e -> e.pii().isEmpty()).count();
        assertTrue(clean >= 0.30 * ex.size(), "non-PII lines: " + clean);
    }
}
