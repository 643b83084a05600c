package dev.understudy.privacy.redact;

/** Shannon entropy and the "does this look like a random token" test used for generic secrets. */
public final class Entropy {
    private Entropy() {}

    /** Shannon entropy of the chars of {@code s[from, to)}, in bits per char. */
    public static double shannon(CharSequence s, int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return 0;
        }
        int[] counts = new int[128];
        int other = 0;
        java.util.HashMap<Character, Integer> wide = null;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                if (wide == null) {
                    wide = new java.util.HashMap<>();
                }
                wide.merge(c, 1, Integer::sum);
                other++;
            }
        }
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / n;
                h -= p * Math.log(p);
            }
        }
        if (wide != null) {
            for (int c : wide.values()) {
                double p = (double) c / n;
                h -= p * Math.log(p);
            }
        }
        return h / Math.log(2);
    }

    public static double shannon(CharSequence s) {
        return shannon(s, 0, s.length());
    }

    /**
     * The least entropy a random-looking token of this length must have. A string of n distinct
     * symbols has log2(n) bits; random base62 tokens reach about 85–90% of that up to 32 chars and
     * level out near 5 bits; English-like identifiers sit well below.
     */
    static double threshold(int len) {
        double t = 0.80 * (Math.log(Math.min(len, 64)) / Math.log(2));
        return Math.min(t, 4.3);
    }

    /**
     * Whether {@code s[from,to)} (chars from [A-Za-z0-9_+/=-]) looks like a machine-generated
     * secret: long enough, letters and digits mixed, not hex (hashes, UUIDs), not made of words,
     * and of high entropy for its length.
     */
    public static boolean looksRandom(String s, int from, int to) {
        while (to > from && s.charAt(to - 1) == '=') {
            to--;
        }
        int len = to - from;
        if (len < 20) {
            return false;
        }
        int upper = 0;
        int lower = 0;
        int digit = 0;
        int hex = 0;
        int other = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                upper++;
            } else if (c >= 'a' && c <= 'z') {
                lower++;
            } else if (c >= '0' && c <= '9') {
                digit++;
            } else {
                other++;
            }
            if (CharClasses.isHex(c) || c == '-') {
                hex++;
            }
        }
        if (hex == len) {
            return false; // hashes, UUIDs: kept on purpose
        }
        if (upper + lower == 0) {
            return false;
        }
        int transitions = 0;
        for (int i = from + 1; i < to; i++) {
            if (!Character.isLetterOrDigit(s.charAt(i - 1)) || !Character.isLetterOrDigit(s.charAt(i))) {
                continue;
            }
            boolean a = Character.isDigit(s.charAt(i - 1));
            boolean b = Character.isDigit(s.charAt(i));
            boolean ua = Character.isUpperCase(s.charAt(i - 1));
            boolean ub = Character.isUpperCase(s.charAt(i));
            if (a != b || (!a && !b && ua != ub)) {
                transitions++;
            }
        }
        boolean choppy = transitions >= Math.max(4, len / 4);
        if (namedParts(s, from, to)) {
            return false; // "kubernetes-dashboard-7f9c8b6d5-x2k4p", "build_2024_release_candidate"
        }
        if (digit == 0) {
            // letters only: must mix cases a lot and be long (base64 of random bytes, not CamelCase words)
            if (upper == 0 || lower == 0 || len < 24 || !choppy || wordy(s, from, to)) {
                return false;
            }
        } else if (upper == 0 || lower == 0) {
            // single-case tokens (base32/base36 keys) must be long and mix digits in
            if (len < 24 || digit < len / 8 || transitions < Math.max(4, len / 6)) {
                return false;
            }
        } else if (!choppy && wordy(s, from, to)) {
            return false;
        }
        return shannon(s, from, to) >= threshold(len);
    }

    /** A dash/underscore-separated name with two or more lower-case word parts (a host, pod or file name). */
    static boolean namedParts(String s, int from, int to) {
        int words = 0;
        int partStart = from;
        for (int i = from; i <= to; i++) {
            if (i == to || s.charAt(i) == '-' || s.charAt(i) == '_' || s.charAt(i) == '+' || s.charAt(i) == '.') {
                int len = i - partStart;
                if (len >= 4) {
                    boolean lowerLetters = true;
                    for (int k = partStart + 1; k < i; k++) {
                        if (!Character.isLowerCase(s.charAt(k))) {
                            lowerLetters = false;
                            break;
                        }
                    }
                    if (lowerLetters && Character.isLetter(s.charAt(partStart)) && vowelRatio(s, partStart, i) >= 0.25) {
                        words++;
                    }
                }
                partStart = i + 1;
            }
        }
        return words >= 2;
    }

    /** True when at least 40% of the chars sit in runs that look like words (camelCase, snake_case). */
    static boolean wordy(String s, int from, int to) {
        int inWords = 0;
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (Character.isLetter(c)) {
                int st = i;
                i++;
                while (i < to && Character.isLowerCase(s.charAt(i))) {
                    i++;
                }
                int runLower = i - st - (Character.isUpperCase(c) ? 1 : 0);
                if (runLower >= 3 && vowelRatio(s, st, i) >= 0.25) {
                    inWords += i - st;
                }
                if (i == st + 1 && Character.isUpperCase(c)) {
                    // lone capital: keep scanning capitals as a unit
                    while (i < to && Character.isUpperCase(s.charAt(i))) {
                        i++;
                    }
                }
            } else {
                i++;
            }
        }
        return inWords * 10 >= (to - from) * 4;
    }

    private static double vowelRatio(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            if ("aeiouyAEIOUY".indexOf(s.charAt(i)) >= 0) {
                v++;
            }
        }
        return (double) v / (to - from);
    }
}
