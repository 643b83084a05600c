package dev.understudy.privacy.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores a {@link TextRedactor} on a labelled JSONL corpus ({@code text}, {@code pii}: [[KIND,
 * string]...], {@code keep}: [string...]).
 * <ul>
 *   <li>recall (removed): a labelled string counts when it no longer occurs in the redacted text;</li>
 *   <li>recall (typed): ... and an entity of the labelled kind overlaps it in the original text;</li>
 *   <li>precision: detected entities that overlap some labelled string (of any kind) over all
 *       detected entities, per detected kind;</li>
 *   <li>keep: labelled non-personal strings that survive.</li>
 * </ul>
 * {@code main} prints the tables; {@code --details} also prints each miss and false positive.
 */
public final class RedactionEvaluation {

    public record Example(String text, List<String[]> pii, List<String> keep) {}

    public static final class Counts {
        public int labelled;
        public int removed;
        public int typed;
        public int detected;
        public int truePositive;

        public double recall() {
            return labelled == 0 ? Double.NaN : (double) removed / labelled;
        }

        public double typedRecall() {
            return labelled == 0 ? Double.NaN : (double) typed / labelled;
        }

        public double precision() {
            return detected == 0 ? Double.NaN : (double) truePositive / detected;
        }
    }

    public static final class Report {
        public final String name;
        public final Map<EntityKind, Counts> perKind = new EnumMap<>(EntityKind.class);
        public final Counts overall = new Counts();
        public int lines;
        public int keepTotal;
        public int keepKept;
        public final List<String> misses = new ArrayList<>();
        public final List<String> falsePositives = new ArrayList<>();
        public final List<String> keepLost = new ArrayList<>();

        Report(String name) {
            this.name = name;
            for (EntityKind k : EntityKind.values()) {
                perKind.put(k, new Counts());
            }
        }

        public Counts kind(EntityKind k) {
            return perKind.get(k);
        }

        public double keepRate() {
            return keepTotal == 0 ? Double.NaN : (double) keepKept / keepTotal;
        }

        public String table() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%n== %s (%d lines) ==%n", name, lines));
            b.append(String.format(Locale.ROOT, "%-12s %6s %9s %9s %8s %9s%n", "kind", "pii", "removed", "typed",
                    "found", "precision"));
            for (EntityKind k : EntityKind.values()) {
                Counts c = perKind.get(k);
                if (c.labelled == 0 && c.detected == 0) {
                    continue;
                }
                b.append(row(k.name(), c));
            }
            b.append(row("OVERALL", overall));
            b.append(String.format(Locale.ROOT, "keep strings surviving: %d/%d (%s)%n", keepKept, keepTotal,
                    fmt(keepRate())));
            return b.toString();
        }

        /** The same table as a markdown table, for the docs. */
        public String markdown() {
            StringBuilder b = new StringBuilder();
            b.append("| kind | labelled | recall (removed) | recall (right kind) | found | precision |\n");
            b.append("|---|---:|---:|---:|---:|---:|\n");
            for (EntityKind k : EntityKind.values()) {
                Counts c = perKind.get(k);
                if (c.labelled == 0 && c.detected == 0) {
                    continue;
                }
                b.append(mdRow(k.name(), c));
            }
            b.append(mdRow("**overall**", overall));
            b.append(String.format(Locale.ROOT, "\nkeep strings surviving: %d/%d (%s)\n", keepKept, keepTotal,
                    fmt(keepRate())));
            return b.toString();
        }

        private static String row(String name, Counts c) {
            return String.format(Locale.ROOT, "%-12s %6d %9s %9s %8d %9s%n", name, c.labelled, fmt(c.recall()),
                    fmt(c.typedRecall()), c.detected, fmt(c.precision()));
        }

        private static String mdRow(String name, Counts c) {
            return String.format(Locale.ROOT, "| %s | %d | %s | %s | %d | %s |%n", name, c.labelled, fmt(c.recall()),
                    fmt(c.typedRecall()), c.detected, fmt(c.precision()));
        }

        static String fmt(double d) {
            return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.3f", d);
        }
    }

    private static final ObjectMapper OM = new ObjectMapper();

    public static List<Example> read(String jsonl) throws IOException {
        List<Example> out = new ArrayList<>();
        for (String line : jsonl.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = OM.readTree(line);
            List<String[]> pii = new ArrayList<>();
            for (JsonNode p : n.path("pii")) {
                pii.add(new String[] {p.get(0).asText(), p.get(1).asText()});
            }
            List<String> keep = new ArrayList<>();
            for (JsonNode k : n.path("keep")) {
                keep.add(k.asText());
            }
            out.add(new Example(n.get("text").asText(), pii, keep));
        }
        return out;
    }

    public static List<Example> readResource(String resource) throws IOException {
        try (InputStream in = RedactionEvaluation.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            return read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    public static List<Example> readFile(Path p) throws IOException {
        return read(Files.readString(p, StandardCharsets.UTF_8));
    }

    /** The shared starter set, wherever the checkout puts shared/ (null when absent). */
    public static Path starterSet() {
        String prop = System.getProperty("understudy.shared");
        List<Path> tries = new ArrayList<>();
        if (prop != null) {
            tries.add(Path.of(prop, "fixtures", "pii-dev.jsonl"));
        }
        tries.add(Path.of("../../shared/fixtures/pii-dev.jsonl"));
        tries.add(Path.of("../shared/fixtures/pii-dev.jsonl"));
        tries.add(Path.of("shared/fixtures/pii-dev.jsonl"));
        tries.add(Path.of("/work/shared/fixtures/pii-dev.jsonl"));
        for (Path p : tries) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    public static Report evaluate(String name, List<Example> examples, TextRedactor redactor) {
        return evaluate(name, examples, redactor, false);
    }

    /**
     * With {@code strict}, a labelled string counts as removed only when every letter and digit of
     * it lies inside a redacted span (a street redacted without its house number, or a card with
     * its last group left, is a miss), not merely when the exact string no longer occurs.
     */
    public static Report evaluate(String name, List<Example> examples, TextRedactor redactor, boolean strict) {
        Report rep = new Report(name);
        for (Example ex : examples) {
            rep.lines++;
            String text = ex.text();
            RedactionResult res = redactor.redact(text);
            for (String[] p : ex.pii()) {
                EntityKind kind = EntityKind.valueOf(p[0]);
                String s = p[1];
                Counts c = rep.kind(kind);
                c.labelled++;
                rep.overall.labelled++;
                boolean removed = !res.text().contains(s) && (!strict || covered(text, s, res.entities()));
                boolean typed = false;
                for (int at = text.indexOf(s); at >= 0 && !typed; at = text.indexOf(s, at + 1)) {
                    for (Entity e : res.entities()) {
                        if (e.kind() == kind && e.start() < at + s.length() && at < e.end()) {
                            typed = true;
                            break;
                        }
                    }
                }
                if (removed) {
                    c.removed++;
                    rep.overall.removed++;
                    if (typed) {
                        c.typed++;
                        rep.overall.typed++;
                    }
                }
                if (!removed || !typed) {
                    rep.misses.add(kind + (removed ? " (wrong kind)" : "") + ": «" + s + "» in «" + text + "» -> «"
                            + res.text() + "»");
                }
            }
            for (Entity e : res.entities()) {
                Counts c = rep.kind(e.kind());
                c.detected++;
                rep.overall.detected++;
                boolean hit = false;
                for (String[] p : ex.pii()) {
                    String s = p[1];
                    for (int at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + 1)) {
                        if (e.start() < at + s.length() && at < e.end()) {
                            hit = true;
                            break;
                        }
                    }
                    if (hit) {
                        break;
                    }
                }
                if (hit) {
                    c.truePositive++;
                    rep.overall.truePositive++;
                } else {
                    rep.falsePositives.add(e.kind() + ": «" + text.substring(e.start(), e.end()) + "» in «" + text + "»");
                }
            }
            for (String k : ex.keep()) {
                rep.keepTotal++;
                if (res.text().contains(k)) {
                    rep.keepKept++;
                } else {
                    rep.keepLost.add("«" + k + "» in «" + text + "» -> «" + res.text() + "»");
                }
            }
        }
        return rep;
    }

    /** Whether some occurrence of {@code s} in {@code text} has all its letters and digits redacted. */
    static boolean covered(String text, String s, List<Entity> es) {
        for (int at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + 1)) {
            boolean all = true;
            for (int i = at; i < at + s.length() && all; i++) {
                if (!Character.isLetterOrDigit(text.charAt(i))) {
                    continue;
                }
                boolean in = false;
                for (Entity e : es) {
                    if (e.start() <= i && i < e.end()) {
                        in = true;
                        break;
                    }
                }
                all = in;
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** {@code [--details] [dev|heldout|starter|field-dev|field-heldout|blind-heldout|all]}. */
    public static void main(String[] args) throws IOException {
        boolean details = false;
        String which = "all";
        for (String a : args) {
            if (a.equals("--details")) {
                details = true;
            } else {
                which = a;
            }
        }
        TextRedactor r = TextRedactor.defaults();
        List<Report> reports = new ArrayList<>();
        if (which.equals("all") || which.equals("dev")) {
            reports.add(evaluate("dev", readResource("/corpus/dev.jsonl"), r));
        }
        if (which.equals("all") || which.equals("heldout")) {
            reports.add(evaluate("heldout", readResource("/corpus/heldout.jsonl"), r));
        }
        if (which.equals("all") || which.equals("field-dev")) {
            reports.add(evaluate("field-dev", readResource("/corpus/field-dev.jsonl"), r, true));
        }
        if (which.equals("field-heldout")) { // a dev set since its misses were read (docs/benchmarks.md)
            reports.add(evaluate("field-heldout", readResource("/corpus/field-heldout.jsonl"), r, true));
        }
        if (which.equals("blind-heldout")) { // never in "all": each look at it is counted (docs/benchmarks.md)
            reports.add(evaluate("blind-heldout", readResource("/corpus/blind-heldout.jsonl"), r, true));
        }
        Path starter = starterSet();
        if ((which.equals("all") || which.equals("starter")) && starter != null) {
            reports.add(evaluate("starter", readFile(starter), r));
        }
        for (Report rep : reports) {
            System.out.print(rep.table());
            if (details) {
                rep.misses.forEach(m -> System.out.println("MISS " + m));
                rep.falsePositives.forEach(m -> System.out.println("FP   " + m));
                rep.keepLost.forEach(m -> System.out.println("LOST " + m));
            }
        }
    }
}
