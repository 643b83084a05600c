package dev.understudy.privacy.redact;

import java.util.List;

/**
 * Any other token of 20 characters or more that looks random by {@link Entropy#looksRandom}: a
 * token with '/' is judged by segment unless it reads like a path, and a query-like {@code a=b} by
 * the value after its '='. Part of {@link SecretDetector}, with the lowest priority of its rules.
 */
final class RandomTokenDetector implements Detector {

    @Override
    public EntityKind kind() {
        return EntityKind.SECRET;
    }

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        entropy(scan.text(), out);
    }

    private static boolean tokenChar(char c) {
        return CharClasses.isAsciiAlnum(c) || c == '_' || c == '-' || c == '+' || c == '/' || c == '=';
    }

    private static void entropy(String s, List<Candidate> out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!tokenChar(s.charAt(i))) {
                i++;
                continue;
            }
            int st = i;
            while (i < n && tokenChar(s.charAt(i))) {
                i++;
            }
            int e = i;
            if (e - st < 20) {
                continue;
            }
            // strip leading/trailing separators
            int a = st;
            while (a < e && (s.charAt(a) == '-' || s.charAt(a) == '/' || s.charAt(a) == '_' || s.charAt(a) == '=')) {
                a++;
            }
            int b = e;
            while (b > a && (s.charAt(b - 1) == '-' || s.charAt(b - 1) == '/' || s.charAt(b - 1) == '_')) {
                b--;
            }
            if (a < st + 0 || b - a < 20) {
                continue;
            }
            // a token glued to a URL path or a word ("example.com/AbC..", "id:Xy..") is judged by itself
            if (s.indexOf('/', a) >= 0 && s.indexOf('/', a) < b && pathLike(s, a, b)) {
                int segStart = a;
                for (int k = a; k <= b; k++) {
                    if (k == b || s.charAt(k) == '/') {
                        if (k - segStart >= 20 && Entropy.looksRandom(s, segStart, k)) {
                            out.add(new Candidate(EntityKind.SECRET, segStart, k, Candidate.P_ENTROPY));
                        }
                        segStart = k + 1;
                    }
                }
                continue;
            }
            if (Entropy.looksRandom(s, a, b)) {
                out.add(new Candidate(EntityKind.SECRET, a, b, Candidate.P_ENTROPY));
            } else if (s.indexOf('=', a) >= 0 && s.indexOf('=', a) < b - 1) {
                // query-ish "a=b": judge the value after the last '='
                int eq = s.lastIndexOf('=', b - 1);
                while (eq > a && s.charAt(eq - 1) == '=') {
                    eq--;
                }
                int vs = s.indexOf('=', a);
                vs = skipEq(s, vs, b);
                if (vs < b && b - vs >= 20 && Entropy.looksRandom(s, vs, b)) {
                    out.add(new Candidate(EntityKind.SECRET, vs, b, Candidate.P_ENTROPY));
                }
            }
        }
    }

    private static int skipEq(String s, int i, int b) {
        while (i < b && s.charAt(i) == '=') {
            i++;
        }
        return i;
    }

    /** A token with '/' that contains word-like path segments ("src/main/java") is a path. */
    private static boolean pathLike(String s, int a, int b) {
        int segStart = a;
        for (int k = a; k <= b; k++) {
            if (k == b || s.charAt(k) == '/') {
                int len = k - segStart;
                if (len >= 3) {
                    boolean lettersOnly = true;
                    for (int m = segStart; m < k; m++) {
                        char c = s.charAt(m);
                        if (!(Character.isLowerCase(c) || c == '-' || c == '_' || c == '.')) {
                            lettersOnly = false;
                            break;
                        }
                    }
                    if (lettersOnly) {
                        return true;
                    }
                }
                segStart = k + 1;
            }
        }
        return s.charAt(a) == '/' || (a > 0 && s.charAt(a - 1) == '.');
    }
}
