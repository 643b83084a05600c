package dev.understudy.privacy.redact;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A statistical recogniser of people's names: a linear model over hashed features of each word
 * (its form, casing and shape, prefixes and suffixes, the words and punctuation around it, the
 * name lexicons, and the label given to the previous word), decoded greedily left to right. Trained
 * by {@code tools.PersonModelTrainer} (test sources) as an averaged perceptron on the dev corpora
 * only; the weights ship as {@code person-model.bin} (gzip: count, then index/weight pairs).
 *
 * <p>Immutable after loading; {@link #tag} allocates only its result array.
 */
public final class PersonModel {

    /** Number of hashed feature buckets (2^19 floats: 2 MB in memory). */
    public static final int BITS = 19;
    public static final int SIZE = 1 << BITS;
    private static final int MASK = SIZE - 1;
    static final String RESOURCE = "person-model.bin";

    private final float[] w;
    private final Lexicon lex;

    private static volatile PersonModel shipped;

    public PersonModel(float[] weights, Lexicon lex) {
        if (weights.length != SIZE) {
            throw new IllegalArgumentException("weights: " + weights.length);
        }
        this.w = weights;
        this.lex = lex;
    }

    public Lexicon lexicon() {
        return lex;
    }

    /** The model in the jar, or null when the jar has none. */
    public static PersonModel shipped() {
        PersonModel m = shipped;
        if (m == null) {
            synchronized (PersonModel.class) {
                m = shipped;
                if (m == null) {
                    try (InputStream in = PersonModel.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            return null;
                        }
                        m = new PersonModel(read(in), Lexicon.defaults());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    shipped = m;
                }
            }
        }
        return m;
    }

    static float[] read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new GZIPInputStream(raw));
        float[] w = new float[SIZE];
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            int idx = in.readInt();
            w[idx & MASK] = in.readShort() / 1024f;
        }
        return w;
    }

    /** Writes the non-zero weights, each rounded to 1/1024 (a short). */
    public static void write(float[] w, OutputStream raw) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(raw);
        DataOutputStream out = new DataOutputStream(gz);
        int n = 0;
        for (float x : w) {
            if (Math.round(x * 1024) != 0) {
                n++;
            }
        }
        out.writeInt(n);
        for (int i = 0; i < w.length; i++) {
            int q = Math.round(w[i] * 1024);
            if (q != 0) {
                out.writeInt(i);
                out.writeShort(Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, q)));
            }
        }
        out.flush();
        gz.finish();
    }

    // ------------------------------------------------------------------ features

    private static final Set<String> PARTICLES = CharClasses.set("van", "von", "de", "der", "den", "del", "della", "di",
            "da", "dos", "das", "du", "la", "le", "bin", "binti", "ibn", "al", "el", "ter", "ten", "y", "zu", "mac",
            "mc", "ben", "bint", "abu", "ap", "ó", "ní", "nic", "ua", "an", "t", "degli", "dei", "lo");

    /** Per text: the words' lower-case forms and the facts every feature needs. */
    static final class Doc {
        final String text;
        final List<TextScan.Word> words;
        final String[] low;
        final int[] shape;
        final int[] lexBits;

        Doc(String text, List<TextScan.Word> words, Lexicon lex) {
            this.text = text;
            this.words = words;
            int n = words.size();
            low = new String[n];
            shape = new int[n];
            lexBits = new int[n];
            for (int i = 0; i < n; i++) {
                String t = words.get(i).text();
                String k = Lexicon.key(t);
                low[i] = k;
                shape[i] = shape(t);
                int b = 0;
                if (lex.isCurated(k)) {
                    b |= 1;
                }
                if (lex.isGiven(k)) {
                    b |= 2;
                }
                if (lex.isSurname(k)) {
                    b |= 4;
                }
                if (lex.isAmbiguous(k)) {
                    b |= 8;
                }
                if (lex.isStop(k)) {
                    b |= 16;
                }
                if (PARTICLES.contains(k)) {
                    b |= 32;
                }
                if ((b & 6) == 0 && lex.isListedAnywhere(k)) {
                    b |= 64;
                }
                lexBits[i] = b;
            }
        }
    }

    /** 0 lower, 1 Capitalised, 2 ALLCAPS, 3 digits, 4 mixed with digits, 5 camelCase, 6 single capital. */
    static int shape(String t) {
        boolean digit = false;
        boolean upper = false;
        boolean lower = false;
        boolean innerUpper = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isDigit(c)) {
                digit = true;
            } else if (Character.isUpperCase(c)) {
                upper = true;
                if (i > 0 && t.charAt(i - 1) != '-' && t.charAt(i - 1) != '\'' && t.charAt(i - 1) != '\u2019') {
                    innerUpper = true;
                }
            } else if (Character.isLetter(c)) {
                lower = true;
            }
        }
        if (digit) {
            return upper || lower ? 4 : 3;
        }
        if (t.length() == 1) {
            return upper ? 6 : 0;
        }
        if (!upper) {
            return 0;
        }
        if (!lower) {
            return 2;
        }
        if (innerUpper && !(t.length() > 2 && (t.startsWith("Mc") || t.startsWith("Mac") || t.startsWith("O'")))) {
            return Character.isUpperCase(t.charAt(0)) ? 5 : 5;
        }
        return Character.isUpperCase(t.charAt(0)) ? 1 : 5;
    }

    /** The feature indexes of word {@code i} given the previous label; {@code out} must hold MAX_FEATURES. */
    static int features(Doc d, int i, boolean prevName, int[] out) {
        int n = d.words.size();
        int k = 0;
        String t = d.low[i];
        int sh = d.shape[i];
        int lb = d.lexBits[i];
        String prev = i > 0 ? d.low[i - 1] : "<s>";
        String next = i + 1 < n ? d.low[i + 1] : "</s>";
        int psh = i > 0 ? d.shape[i - 1] : 9;
        int nsh = i + 1 < n ? d.shape[i + 1] : 9;
        char before = charBefore(d, i);
        char after = charAfter(d, i);
        int pl = prevName ? 1 : 0;
        out[k++] = h(1, "");
        out[k++] = h(2, t);
        out[k++] = h(3 + sh, "");
        out[k++] = h(20 + sh * 4 + pl, "");
        out[k++] = h(40, t.length() >= 3 ? t.substring(0, 3) : t);
        out[k++] = h(41, t.length() >= 3 ? t.substring(t.length() - 3) : t);
        out[k++] = h(42, t.length() >= 2 ? t.substring(t.length() - 2) : t);
        out[k++] = h(43, t.length() >= 4 ? t.substring(t.length() - 4) : t);
        out[k++] = h(50 + (lb & 31), "");
        out[k++] = h(90 + (lb & 31) * 2 + pl, "");
        out[k++] = h(160 + sh * 128 + (lb & 127), "");
        out[k++] = h(600, prev);
        out[k++] = h(601, next);
        out[k++] = h(602, i > 1 ? d.low[i - 2] : "<s>");
        out[k++] = h(603, i + 2 < n ? d.low[i + 2] : "</s>");
        out[k++] = h(604 + psh * 10 + sh, "");
        out[k++] = h(700 + sh * 10 + nsh, "");
        out[k++] = h(800 + pl * 16 + sh, prev);
        out[k++] = h(801 + sh, next);
        out[k++] = h(830, String.valueOf(before));
        out[k++] = h(831, String.valueOf(after));
        out[k++] = h(832 + pl, String.valueOf(before) + sh);
        out[k++] = h(840 + (i + 1 < n ? d.lexBits[i + 1] & 31 : 40), "");
        out[k++] = h(880 + (i > 0 ? d.lexBits[i - 1] & 31 : 40) + pl * 64, "");
        out[k++] = h(1000 + pl, "");
        out[k++] = h(1002 + (nonAscii(t) ? 1 : 0) + sh * 2, "");
        out[k++] = h(1020 + Math.min(t.length(), 12), "");
        out[k++] = h(1040 + ((lb & 64) != 0 ? 1 : 0) + sh * 2 + pl * 32, "");
        out[k++] = h(1100 + ((lb & 64) != 0 ? 1 : 0), prev);
        return k;
    }

    public static final int MAX_FEATURES = 32;

    private static boolean nonAscii(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) > 127) {
                return true;
            }
        }
        return false;
    }

    private static char charBefore(Doc d, int i) {
        int p = d.words.get(i).start() - 1;
        while (p >= 0 && (d.text.charAt(p) == ' ' || d.text.charAt(p) == '\t')) {
            p--;
        }
        if (p < 0) {
            return '^';
        }
        char c = d.text.charAt(p);
        return Character.isLetterOrDigit(c) ? 'a' : c;
    }

    private static char charAfter(Doc d, int i) {
        int p = d.words.get(i).end();
        int n = d.text.length();
        boolean space = false;
        while (p < n && (d.text.charAt(p) == ' ' || d.text.charAt(p) == '\t')) {
            p++;
            space = true;
        }
        if (p >= n) {
            return '$';
        }
        char c = d.text.charAt(p);
        return Character.isLetterOrDigit(c) ? (space ? 'a' : 'b') : c;
    }

    /** FNV-1a of a tag and a string, into the bucket range. */
    static int h(int tag, String s) {
        int x = 0x811c9dc5;
        x = (x ^ tag) * 0x01000193;
        x = (x ^ (tag >>> 8)) * 0x01000193;
        for (int i = 0; i < s.length(); i++) {
            x = (x ^ s.charAt(i)) * 0x01000193;
        }
        x ^= x >>> 15;
        return x & MASK;
    }

    static float score(float[] w, int[] f, int k) {
        float s = 0;
        for (int j = 0; j < k; j++) {
            s += w[f[j]];
        }
        return s;
    }

    /** Scores of each word of the text being a name (or part of one); > 0 means a name. */
    public float[] tag(TextScan scan) {
        List<TextScan.Word> words = scan.words();
        float[] out = new float[words.size()];
        if (words.isEmpty()) {
            return out;
        }
        Doc d = new Doc(scan.text(), words, lex);
        int[] f = new int[MAX_FEATURES];
        boolean prev = false;
        for (int i = 0; i < out.length; i++) {
            if (d.shape[i] == 3) {
                out[i] = -1;
                prev = false;
                continue;
            }
            int k = features(d, i, prev, f);
            out[i] = score(w, f, k);
            prev = out[i] > 0;
        }
        return out;
    }

    static String describe() {
        return String.format(Locale.ROOT, "%d buckets", SIZE);
    }
}
