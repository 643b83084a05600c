package dev.understudy.privacy.redact;

import java.util.List;

/**
 * People's names found by {@link PersonModel}: each run of words the model scores above zero,
 * joined by blanks, a comma, a dot or a hyphen on one line ("Dr. Ndlovu", "Ní Bhriain, Aoife",
 * "thanks priya"), is a candidate. Runs alongside the rule-based {@link PersonDetector}; where
 * both find a name their spans are joined by {@link TextRedactor}.
 */
public final class PersonModelDetector implements Detector {

    private final PersonModel model;

    public PersonModelDetector(PersonModel model) {
        this.model = model;
    }

    @Override
    public EntityKind kind() {
        return EntityKind.PERSON;
    }

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        List<TextScan.Word> words = scan.words();
        if (words.isEmpty()) {
            return;
        }
        float[] sc = model.tag(scan);
        String s = scan.text();
        int i = 0;
        int n = words.size();
        while (i < n) {
            if (sc[i] <= 0) {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < n && sc[j] > 0 && joinable(s, words.get(j - 1).end(), words.get(j).start())) {
                j++;
            }
            int end = words.get(j - 1).end();
            String last = words.get(j - 1).text();
            if (last.endsWith("'s") || last.endsWith("\u2019s")) {
                end -= 2;
            }
            if (letters(s, words.get(i).start(), end) >= 2 && plausible(words, sc, i, j)) {
                out.add(new Candidate(EntityKind.PERSON, words.get(i).start(), end, Candidate.P_PERSON));
            }
            i = j;
        }
    }

    /** Margin a span needs when no word of it is in any name list (an unknown word must look very name-like). */
    static final float UNLISTED_MARGIN = 1.5f;

    private static final java.util.Set<String> NEVER = CharClasses.set("i", "i'll", "i'm", "i've", "i'd", "we",
            "we'll", "you", "you'll", "he", "she", "they", "it", "it's", "me", "us", "my", "our", "your", "the",
            "users", "user", "admin", "team", "all");

    /** Lower-case words that stand where a name would in a form ("same as delivery", "n/a", "tbd"). */
    private static final java.util.Set<String> PLACEHOLDER_WORDS = CharClasses.set("same", "see", "as", "above",
            "below", "none", "tbd", "tba", "unknown", "various", "pending", "idem", "ditto", "nobody", "noone",
            "anyone", "someone", "somebody", "everyone", "nil", "null", "empty", "blank", "self", "myself", "me",
            "us", "n", "na", "via", "c/o", "attn", "reception", "office", "default", "test", "demo", "guest");

    private boolean plausible(List<TextScan.Word> words, float[] sc, int from, int to) {
        Lexicon lex = model.lexicon();
        boolean listed = false;
        boolean allStop = true;
        float max = 0;
        for (int k = from; k < to; k++) {
            String key = Lexicon.key(words.get(k).text());
            if (key.endsWith("'s")) {
                key = key.substring(0, key.length() - 2);
            }
            if (!NEVER.contains(key) && !lex.isStop(key)) {
                allStop = false;
            }
            if (lex.isListedAnywhere(key)) {
                listed = true;
            }
            max = Math.max(max, sc[k]);
        }
        if (allStop) {
            return false;
        }
        boolean lower = true;
        boolean named = false;
        for (int k = from; k < to; k++) {
            String t = words.get(k).text();
            if (!t.isEmpty() && !Character.isLowerCase(t.charAt(0))) {
                lower = false;
            }
            String key = Lexicon.key(t);
            if ((lex.isGiven(key) || lex.isSurname(key)) && !lex.isAmbiguous(key)) {
                named = true;
            }
        }
        if (lower) {
            // chat casing: a lower-case word is a name when a given-name or surname list (not only the
            // very large humannames list) holds it, or when the model is very sure; a lone lower-case
            // word needs a curated list ("same" is a surname only in the open lists)
            if (to - from == 1) {
                String key = Lexicon.key(words.get(from).text());
                if (key.endsWith("'s")) {
                    key = key.substring(0, key.length() - 2);
                }
                return lex.isCurated(key) && !lex.isAmbiguous(key)
                        || max >= 2 * UNLISTED_MARGIN && !PLACEHOLDER_WORDS.contains(key);
            }
            return named || max >= 2 * UNLISTED_MARGIN;
        }
        return listed || max >= UNLISTED_MARGIN;
    }

    private static int letters(String s, int a, int b) {
        int c = 0;
        for (int k = a; k < b; k++) {
            if (Character.isLetter(s.charAt(k))) {
                c++;
            }
        }
        return c;
    }

    private static boolean joinable(String s, int from, int to) {
        if (to - from > 3) {
            return false;
        }
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c != ' ' && c != '\t' && c != '.' && c != ',' && c != '-' && c != '\'' && c != '\u2019') {
                return false;
            }
        }
        return true;
    }
}
