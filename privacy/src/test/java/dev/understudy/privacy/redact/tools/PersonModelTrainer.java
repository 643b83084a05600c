package dev.understudy.privacy.redact.tools;

import dev.understudy.privacy.redact.Lexicon;
import dev.understudy.privacy.redact.PersonModel;
import dev.understudy.privacy.redact.RedactionEvaluation;
import dev.understudy.privacy.redact.TextScan;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Trains {@link PersonModel} as an averaged perceptron (greedy left-to-right decoding, the
 * previous word's predicted label as a feature) on the DEV corpora only ({@link #TRAINING}:
 * {@code dev.jsonl}, {@code field-dev.jsonl} and the no longer blind {@code field-heldout.jsonl};
 * never on {@code heldout.jsonl} or {@code blind-heldout.jsonl}) and writes
 * {@code person-model.bin}. Deterministic (fixed seed and epochs). Rerun:
 * {@code java -cp ... dev.understudy.privacy.redact.tools.PersonModelTrainer privacy/src/main/resources/dev/understudy/privacy/redact}.
 */
public final class PersonModelTrainer {

    /**
     * The dev corpora. {@code field-heldout.jsonl} joined them after its second look (issue 13: its
     * misses were read, so it is a second dev set now); {@code heldout.jsonl} and
     * {@code blind-heldout.jsonl} are never read here.
     */
    public static final List<String> TRAINING = List.of("/corpus/dev.jsonl", "/corpus/field-dev.jsonl",
            "/corpus/field-heldout.jsonl");
    static final int EPOCHS = 12;
    static final float DROP = 0.25f;

    record Sent(TextScan scan, boolean[] gold) {}

    public static List<Sent> load() throws IOException {
        return load(TRAINING);
    }

    public static List<Sent> load(List<String> resources) throws IOException {
        List<Sent> out = new ArrayList<>();
        Random aug = new Random(7);
        for (String res : resources) {
            List<RedactionEvaluation.Example> exs = new ArrayList<>(RedactionEvaluation.readResource(res));
            // chat casing: a lower-cased copy of about a third of the lines that hold a name, so the model
            // learns names from the lexicons and their shape in any context, not only after "thanks"
            int n0 = exs.size();
            for (int e = 0; e < n0; e++) {
                RedactionEvaluation.Example ex = exs.get(e);
                boolean hasName = ex.pii().stream().anyMatch(p -> p[0].equals("PERSON"));
                if (hasName && aug.nextInt(3) == 0) {
                    List<String[]> pii = new ArrayList<>();
                    for (String[] p : ex.pii()) {
                        pii.add(new String[] {p[0], p[1].toLowerCase(java.util.Locale.ROOT)});
                    }
                    exs.add(new RedactionEvaluation.Example(ex.text().toLowerCase(java.util.Locale.ROOT), pii, List.of()));
                }
            }
            for (RedactionEvaluation.Example ex : exs) {
                TextScan scan = new TextScan(ex.text());
                List<TextScan.Word> ws = scan.words();
                boolean[] gold = new boolean[ws.size()];
                for (String[] p : ex.pii()) {
                    if (!p[0].equals("PERSON")) {
                        continue;
                    }
                    String t = ex.text();
                    for (int at = t.indexOf(p[1]); at >= 0; at = t.indexOf(p[1], at + 1)) {
                        for (int i = 0; i < ws.size(); i++) {
                            if (ws.get(i).start() < at + p[1].length() && at < ws.get(i).end()) {
                                gold[i] = true;
                            }
                        }
                    }
                }
                out.add(new Sent(scan, gold));
            }
        }
        return out;
    }

    public static float[] train(List<Sent> data, Lexicon lex) {
        float[] w = new float[PersonModel.SIZE];
        float[] u = new float[PersonModel.SIZE];
        int c = 1;
        List<Sent> order = new ArrayList<>(data);
        Random r = new Random(13);
        int[] f = new int[PersonModel.MAX_FEATURES];
        for (int ep = 0; ep < EPOCHS; ep++) {
            Collections.shuffle(order, r);
            int errors = 0;
            for (Sent s : order) {
                Object doc = Access.doc(s.scan(), lex);
                boolean prev = false;
                for (int i = 0; i < s.gold().length; i++) {
                    int k = Access.features(doc, i, prev, f);
                    // feature dropout: each feature but the bias is left out with probability DROP, so
                    // that no single context word carries a decision the lexicon and shape could make
                    int kept = 1;
                    for (int j = 1; j < k; j++) {
                        if (r.nextFloat() >= DROP) {
                            f[kept++] = f[j];
                        }
                    }
                    k = kept;
                    float sc = Access.score(w, f, k);
                    boolean pred = sc > 0;
                    boolean y = s.gold()[i];
                    if (pred != y) {
                        errors++;
                        float d = y ? 1 : -1;
                        for (int j = 0; j < k; j++) {
                            w[f[j]] += d;
                            u[f[j]] += d * c;
                        }
                    }
                    prev = pred;
                    c++;
                }
            }
            System.out.println("epoch " + ep + ": " + errors + " token errors");
        }
        for (int i = 0; i < w.length; i++) {
            w[i] -= u[i] / c;
        }
        return w;
    }

    /**
     * {@code --cross TRAIN EVAL}: trains on one dev corpus and scores names on the other (a check of
     * how the model carries over to a style it has not seen, without touching a held-out file).
     */
    static void cross(String trainRes, String evalRes) throws IOException {
        float[] w = train(load(List.of(trainRes)), Lexicon.defaults());
        java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream();
        PersonModel.write(w, bo);
        PersonModel m = new PersonModel(dev.understudy.privacy.redact.PersonModelAccess.read(new java.io.ByteArrayInputStream(bo.toByteArray())),
                Lexicon.defaults());
        dev.understudy.privacy.redact.TextRedactor onlyModel = dev.understudy.privacy.redact.TextRedactor.builder()
                .kinds(dev.understudy.privacy.redact.EntityKind.PERSON).nameModel(false)
                .detector(new dev.understudy.privacy.redact.PersonModelDetector(m)).build();
        dev.understudy.privacy.redact.TextRedactor rulesOnly = dev.understudy.privacy.redact.TextRedactor.builder()
                .kinds(dev.understudy.privacy.redact.EntityKind.PERSON).nameModel(false).build();
        dev.understudy.privacy.redact.TextRedactor both = dev.understudy.privacy.redact.TextRedactor.builder()
                .kinds(dev.understudy.privacy.redact.EntityKind.PERSON).nameModel(false)
                .detector(new dev.understudy.privacy.redact.PersonModelDetector(m)).build();
        var ex = RedactionEvaluation.readResource(evalRes);
        for (var e : List.of(java.util.Map.entry("rules only", rulesOnly), java.util.Map.entry("model only", onlyModel),
                java.util.Map.entry("rules + model", both))) {
            var rep = RedactionEvaluation.evaluate(e.getKey(), ex, e.getValue(), true);
            var c = rep.kind(dev.understudy.privacy.redact.EntityKind.PERSON);
            System.out.printf(java.util.Locale.ROOT, "train %s -> %s, %s: recall %.3f precision %.3f%n", trainRes, evalRes,
                    e.getKey(), c.recall(), c.precision());
            if (args != null && e.getKey().equals("rules + model")) {
                rep.misses.stream().limit(25).forEach(x -> System.out.println("  MISS " + x));
                rep.falsePositives.stream().limit(25).forEach(x -> System.out.println("  FP   " + x));
            }
        }
    }

    static String[] args;

    public static void main(String[] args) throws IOException {
        PersonModelTrainer.args = args;
        if (args.length == 3 && args[0].equals("--cross")) {
            cross(args[1], args[2]);
            return;
        }
        Path dir = Path.of(args.length > 0 ? args[0] : "privacy/src/main/resources/dev/understudy/privacy/redact");
        List<Sent> data = load();
        float[] w = train(data, Lexicon.defaults());
        try (OutputStream out = Files.newOutputStream(dir.resolve("person-model.bin"))) {
            PersonModel.write(w, out);
        }
        System.out.println("trained on " + data.size() + " lines; wrote " + dir.resolve("person-model.bin") + " ("
                + Files.size(dir.resolve("person-model.bin")) + " bytes)");
    }
}
