package dev.understudy.privacy.redact;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scores the redactor on the dev, held-out and shared starter corpora and on the "field" corpus of
 * issue 13 (dev and held-out halves, scored strictly: every letter and digit of a labelled value
 * must be redacted), prints the per-kind tables (also written to target/redaction-evaluation.md)
 * and holds the held-out sets to the thresholds. The field held-out half is never trained or tuned
 * on; each run of this class is a look at it (docs/benchmarks.md counts them).
 * Rerun: {@code mvn -B -q -o test -pl privacy -Dtest=RedactionEvaluationTest}.
 */
@Tag("unit")
@Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS)
class RedactionEvaluationTest {

    static final List<EntityKind> STRUCTURED = List.of(EntityKind.EMAIL, EntityKind.PHONE, EntityKind.CREDIT_CARD,
            EntityKind.IBAN, EntityKind.SSN, EntityKind.IP_ADDRESS, EntityKind.SECRET);

    static RedactionEvaluation.Report dev;
    static RedactionEvaluation.Report heldout;
    static RedactionEvaluation.Report starter;
    static RedactionEvaluation.Report fieldDev;
    static RedactionEvaluation.Report fieldHeldout;

    @BeforeAll
    static void evaluate() throws IOException {
        TextRedactor r = TextRedactor.defaults();
        dev = RedactionEvaluation.evaluate("dev", RedactionEvaluation.readResource("/corpus/dev.jsonl"), r);
        heldout = RedactionEvaluation.evaluate("heldout", RedactionEvaluation.readResource("/corpus/heldout.jsonl"), r);
        fieldDev = RedactionEvaluation.evaluate("field-dev", RedactionEvaluation.readResource("/corpus/field-dev.jsonl"), r,
                true);
        fieldHeldout = RedactionEvaluation.evaluate("field-heldout",
                RedactionEvaluation.readResource("/corpus/field-heldout.jsonl"), r, true);
        Path s = RedactionEvaluation.starterSet();
        if (s != null) {
            starter = RedactionEvaluation.evaluate("starter", RedactionEvaluation.readFile(s), r);
        }
        StringBuilder md = new StringBuilder();
        for (RedactionEvaluation.Report rep : new RedactionEvaluation.Report[] {dev, heldout, starter, fieldDev, fieldHeldout}) {
            if (rep == null) {
                continue;
            }
            System.out.print(rep.table());
            if (rep == fieldHeldout) {
                rep.misses.forEach(m -> System.out.println("MISS " + m));
                rep.falsePositives.forEach(m -> System.out.println("FP   " + m));
                rep.keepLost.forEach(m -> System.out.println("LOST " + m));
            }
            md.append("\n### ").append(rep.name).append(" (").append(rep.lines).append(" lines)\n\n").append(rep.markdown());
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/redaction-evaluation.md"), md.toString(), StandardCharsets.UTF_8);
    }

    private static void atLeast(double actual, double min, String what) {
        assertTrue(actual >= min, String.format(Locale.ROOT, "%s = %.3f, expected >= %.2f", what, actual, min));
    }

    @Test
    void heldOutOverall() {
        atLeast(heldout.overall.recall(), 0.95, "held-out overall recall");
        atLeast(heldout.overall.precision(), 0.90, "held-out overall precision");
        atLeast(heldout.keepRate(), 0.95, "held-out keep rate");
    }

    @Test
    void heldOutStructuredKinds() {
        for (EntityKind k : STRUCTURED) {
            atLeast(heldout.kind(k).recall(), 0.90, "held-out " + k + " recall");
        }
    }

    @Test
    void heldOutPersonAndAddress() {
        // what was measured on first evaluation, minus a small margin (see REDACTION.md)
        atLeast(heldout.kind(EntityKind.PERSON).recall(), PERSON_MIN, "held-out PERSON recall");
        atLeast(heldout.kind(EntityKind.ADDRESS).recall(), ADDRESS_MIN, "held-out ADDRESS recall");
        atLeast(heldout.kind(EntityKind.PERSON).precision(), 0.90, "held-out PERSON precision");
        atLeast(heldout.kind(EntityKind.ADDRESS).precision(), 0.90, "held-out ADDRESS precision");
    }

    static final double PERSON_MIN = 0.90;
    static final double ADDRESS_MIN = 0.95;

    @Test
    void devAndStarterDoNotRegress() {
        atLeast(dev.overall.recall(), 0.97, "dev overall recall");
        atLeast(dev.overall.precision(), 0.95, "dev overall precision");
        if (starter != null) {
            atLeast(starter.overall.recall(), 0.95, "starter overall recall");
            atLeast(starter.overall.precision(), 0.90, "starter overall precision");
            atLeast(starter.keepRate(), 0.95, "starter keep rate");
        }
    }

    // ---- issue 13: the field corpus, held-out half (targets of the issue) ----

    @Test
    void fieldHeldOutStructuredKinds() {
        for (EntityKind k : STRUCTURED) {
            atLeast(fieldHeldout.kind(k).recall(), FIELD_STRUCTURED_MIN, "field held-out " + k + " recall");
        }
    }

    @Test
    void fieldHeldOutNames() {
        atLeast(fieldHeldout.kind(EntityKind.PERSON).recall(), FIELD_PERSON_MIN, "field held-out PERSON recall");
        atLeast(fieldHeldout.kind(EntityKind.PERSON).precision(), 0.90, "field held-out PERSON precision");
    }

    @Test
    void fieldHeldOutAddresses() {
        atLeast(fieldHeldout.kind(EntityKind.ADDRESS).recall(), FIELD_ADDRESS_MIN, "field held-out ADDRESS recall");
        atLeast(fieldHeldout.kind(EntityKind.ADDRESS).precision(), 0.90, "field held-out ADDRESS precision");
    }

    @Test
    void fieldHeldOutKeepsNearMisses() {
        // UUIDs, commit hashes, colour codes, timestamps, SKUs, invoice numbers, products, "Berlin office" ...
        atLeast(fieldHeldout.keepRate(), 0.97, "field held-out keep rate");
    }

    @Test
    void fieldDevMeetsTheTargetsToo() {
        for (EntityKind k : STRUCTURED) {
            atLeast(fieldDev.kind(k).recall(), 0.98, "field dev " + k + " recall");
        }
        atLeast(fieldDev.kind(EntityKind.PERSON).recall(), 0.92, "field dev PERSON recall");
        atLeast(fieldDev.kind(EntityKind.ADDRESS).recall(), 0.90, "field dev ADDRESS recall");
        atLeast(fieldDev.keepRate(), 0.97, "field dev keep rate");
    }

    /** The targets of issue 13. */
    static final double FIELD_STRUCTURED_MIN = 0.98;
    /**
     * Issue 13's target is 0.92 and is NOT met: the second (last) look at the held-out half measured
     * 0.894 (docs/benchmarks.md, "Redaction", lists the misses by class). The bound holds that figure,
     * minus a small margin, so a regression fails; it is not the target.
     */
    static final double FIELD_PERSON_MIN = 0.88;
    static final double FIELD_ADDRESS_MIN = 0.90;
}
