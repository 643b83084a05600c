package dev.understudy.privacy.redact.tools;

import dev.understudy.privacy.redact.Lexicon;
import dev.understudy.privacy.redact.TextScan;

/** Bridges the trainer (test sources, another package) to the model's package-private feature code. */
final class Access {
    private Access() {}

    static Object doc(TextScan scan, Lexicon lex) {
        return dev.understudy.privacy.redact.PersonModelAccess.doc(scan, lex);
    }

    static int features(Object doc, int i, boolean prev, int[] f) {
        return dev.understudy.privacy.redact.PersonModelAccess.features(doc, i, prev, f);
    }

    static float score(float[] w, int[] f, int k) {
        return dev.understudy.privacy.redact.PersonModelAccess.score(w, f, k);
    }
}
