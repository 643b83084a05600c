package dev.understudy.privacy.redact;

/** Test-side access to {@link PersonModel}'s package-private feature extraction, for the trainer. */
public final class PersonModelAccess {
    private PersonModelAccess() {}

    public static Object doc(TextScan scan, Lexicon lex) {
        return new PersonModel.Doc(scan.text(), scan.words(), lex);
    }

    public static int features(Object doc, int i, boolean prev, int[] f) {
        return PersonModel.features((PersonModel.Doc) doc, i, prev, f);
    }

    public static float[] read(java.io.InputStream in) throws java.io.IOException {
        return PersonModel.read(in);
    }

    public static float score(float[] w, int[] f, int k) {
        return PersonModel.score(w, f, k);
    }
}
