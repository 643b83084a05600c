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
 * and holds the held-out sets to the thresholds. The field held-out half is a dev set since its
 * misses were read (tuned on, and the name model trains on it). The blind held-out corpus
 * ({@code blind-heldout.jsonl}, {@code corpus/BlindCorpusGenerator}) is never trained or tuned on;
 * its misses are not printed here, and docs/benchmarks.md counts the looks at it (runs of this
 * class re-measure an engine unchanged since the look).
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
    static RedactionEvaluation.Report blindHeldout;

    @BeforeAll
    static void evaluate() throws IOException {
        TextRedactor r = TextRedactor.defaults();
        dev = RedactionEvaluation.evaluate("dev", RedactionEvaluation.readResource("/corpus/dev.jsonl"), r);
        heldout = RedactionEvaluation.evaluate("heldout", RedactionEvaluation.readResource("/corpus/heldout.jsonl"), r);
        fieldDev = RedactionEvaluation.evaluate("field-dev", RedactionEvaluation.readResource("/corpus/field-dev.jsonl"), r,
                true);
        fieldHeldout = RedactionEvaluation.evaluate("field-heldout",
                RedactionEvaluation.readResource("/corpus/field-heldout.jsonl"), r, true);
        blindHeldout = RedactionEvaluation.evaluate("blind-heldout",
                RedactionEvaluation.readResource("/corpus/blind-heldout.jsonl"), r, true);
        Path s = RedactionEvaluation.starterSet();
        if (s != null) {
            starter = RedactionEvaluation.evaluate("starter", RedactionEvaluation.readFile(s), r);
        }
        StringBuilder md = new StringBuilder();
        for (RedactionEvaluation.Report rep : new RedactionEvaluation.Report[] {dev, heldout, starter, fieldDev, fieldHeldout,
                blindHeldout}) {
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
     * The field held-out half measured 0.894 at its second (last blind) look; its misses were then
     * read and the engine tuned on them, and the name model now trains on it (a second dev set,
     * 1.000 since). The bound only guards against regressions; the blind figure is below.
     */
    static final double FIELD_PERSON_MIN = 0.98;

    // ---- issue 13: the blind held-out corpus (BlindCorpusGenerator), looked at once ----

    @Test
    void blindHeldOutStructuredKinds() {
        for (EntityKind k : List.of(EntityKind.EMAIL, EntityKind.CREDIT_CARD, EntityKind.SSN, EntityKind.IP_ADDRESS,
                EntityKind.SECRET)) {
            atLeast(blindHeldout.kind(k).recall(), FIELD_STRUCTURED_MIN, "blind held-out " + k + " recall");
        }
        // Target 0.98 NOT met for PHONE: measured 0.934 (5 numbers in parentheses after a name, "Next of
        // kin: … (+254 7…)"). The bound is that figure minus a margin, not the target.
        atLeast(blindHeldout.kind(EntityKind.PHONE).recall(), 0.92, "blind held-out PHONE recall");
        // Target 0.98 NOT met for IBAN as labelled: measured 0.862. All 8 misses are Turkish IBANs the
        // generator wrote 2 digits too long (28 characters, TR has 26) — invalid numbers the validator
        // rightly refuses; 50/50 valid ones are found. Bound: the measured figure minus a margin.
        atLeast(blindHeldout.kind(EntityKind.IBAN).recall(), 0.85, "blind held-out IBAN recall");
        for (EntityKind k : STRUCTURED) {
            atLeast(blindHeldout.kind(k).precision(), 0.98, "blind held-out " + k + " precision");
        }
    }

    @Test
    void blindHeldOutNames() {
        // Target 0.92 NOT met: the one look measured 0.914 (precision 0.981). The bound is that figure
        // minus a small margin so a regression fails; it is not the target.
        atLeast(blindHeldout.kind(EntityKind.PERSON).recall(), 0.90, "blind held-out PERSON recall");
        atLeast(blindHeldout.kind(EntityKind.PERSON).precision(), 0.97, "blind held-out PERSON precision");
    }

    @Test
    void blindHeldOutAddresses() {
        atLeast(blindHeldout.kind(EntityKind.ADDRESS).recall(), FIELD_ADDRESS_MIN, "blind held-out ADDRESS recall");
        atLeast(blindHeldout.kind(EntityKind.ADDRESS).precision(), 0.90, "blind held-out ADDRESS precision");
    }

    @Test
    void blindHeldOutKeepsNearMisses() {
        atLeast(blindHeldout.keepRate(), 0.97, "blind held-out keep rate");
    }
    static final double FIELD_ADDRESS_MIN = 0.90;
}
