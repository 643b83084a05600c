package dev.understudy.privacy.redact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.privacy.redact.tools.PersonModelTrainer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shipped name model: what it finds, that the repo's code and dev corpora make it, its cost. */
@Tag("unit")
class PersonModelTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theModelLoadsFromTheJarAndFindsNames() {
        PersonModel m = PersonModel.shipped();
        assertNotNull(m, "person-model.bin must be in the jar");
        TextRedactor r = TextRedactor.builder().kinds(EntityKind.PERSON).build();
        assertEquals("thanks [PERSON] :)", r.redact("thanks wanjiku :)").text());
        assertEquals("Dear [PERSON],", r.redact("Dear Dr. Ndlovu,").text());
        assertFalse(r.redact("I spoke to Nguyễn Thị Thảo yesterday").text().contains("Thảo"));
        // near misses
        assertEquals("meet at the Berlin office", r.redact("meet at the Berlin office").text());
        assertEquals("the Jenkins pipeline is red", r.redact("the Jenkins pipeline is red").text());
        // switching it off leaves the rules
        TextRedactor rules = TextRedactor.builder().kinds(EntityKind.PERSON).nameModel(false).build();
        assertTrue(rules.detectors().stream().noneMatch(d -> d instanceof PersonModelDetector));
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theShippedWeightsAreWhatTheTrainerMakesFromTheDevCorpora() throws Exception {
        // only dev files train it; the held-out sets still blind (the old heldout.jsonl and the blind
        // held-out of issue 13) are never read by the trainer. field-heldout.jsonl became a dev set
        // after its misses were read (docs/benchmarks.md, "Redaction").
        assertTrue(PersonModelTrainer.TRAINING.stream().noneMatch(f -> f.endsWith("/heldout.jsonl")
                || f.contains("blind")));
        float[] w = PersonModelTrainer.train(PersonModelTrainer.load(), Lexicon.defaults());
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        PersonModel.write(w, bo);
        byte[] shipped;
        try (InputStream in = PersonModel.class.getResourceAsStream(PersonModel.RESOURCE)) {
            shipped = in.readAllBytes();
        }
        assertArrayEquals(shipped, bo.toByteArray(), "person-model.bin is stale: rerun PersonModelTrainer");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theFieldDevCorpusIsWhatTheGeneratorWrites(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("field-heldout.jsonl"), "x"); // present: the generator must not rewrite it
        dev.understudy.privacy.redact.corpus.FieldCorpusGenerator.main(new String[] {tmp.toString()});
        String shipped;
        try (InputStream in = PersonModelTest.class.getResourceAsStream("/corpus/field-dev.jsonl")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(shipped, Files.readString(tmp.resolve("field-dev.jsonl")));
        assertEquals("x", Files.readString(tmp.resolve("field-heldout.jsonl")), "held-out is written once");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void modelMemoryAndSpeedStayInBudget() {
        long[] mem = RedactorBenchmark.retainedBytes();
        System.out.printf("name model + lexicons: %.1f MB; redactor: %.1f MB%n", mem[0] / 1e6, mem[1] / 1e6);
        assertTrue(mem[0] < 30_000_000L, "name model memory " + mem[0]);
        double median = RedactorBenchmark.medianMicros(TextRedactor.defaults(), 1000);
        System.out.printf("median %.1f µs per short string%n", median);
        // target < 100 µs on an idle machine; loose here so a shared CI box does not flake
        assertTrue(median < 400, "median " + median + " µs");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aMissingDirectoryIsOneLineNotAStackTrace() {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = RedactCli.run(false, Path.of("/nonexistent/people.csv"));
        } finally {
            System.setErr(err);
        }
        String out = buf.toString(StandardCharsets.UTF_8).strip();
        assertEquals(2, rc);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.contains("/nonexistent/people.csv"), out);
    }
}
