package dev.understudy.privacy.redact;

import java.text.Normalizer;

/**
 * Unicode NFKC before detection, one code point at a time so every character of the normalised
 * text maps back to a span of the original: full-width digits and letters ({@code ４１１１},
 * {@code ＠}), no-break and thin spaces, ligatures and the like become what the detectors (and the
 * Luhn and mod-97 checks) expect. The ordinal indicators {@code º ª} are kept, addresses use them
 * ("3º B"). Texts with nothing to normalise cost one pass over their characters.
 */
final class TextNormalizer {

    private TextNormalizer() {}

    /** A normalised text and, for each of its chars, the original span it came from. */
    record Mapped(String text, int[] from, int[] to) {
        int start(int s) {
            return from[s];
        }

        int end(int e) {
            return e == 0 ? 0 : to[e - 1];
        }
    }

    /** Null when NFKC leaves the text as it is. */
    static Mapped normalize(String s) {
        int n = s.length();
        int first = -1;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0xA0 && changes(s, i)) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return null;
        }
        StringBuilder b = new StringBuilder(n + 8);
        int[] from = new int[n * 2 + 16];
        int[] to = new int[n * 2 + 16];
        int i = 0;
        while (i < n) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            String piece = cp < 0xA0 || cp == 0xAA || cp == 0xBA ? null
                    : Normalizer.normalize(s.substring(i, i + len), Normalizer.Form.NFKC);
            if (piece == null || piece.isEmpty()) {
                piece = s.substring(i, i + len);
            }
            for (int k = 0; k < piece.length(); k++) {
                int at = b.length();
                if (at >= from.length) {
                    from = java.util.Arrays.copyOf(from, at * 2);
                    to = java.util.Arrays.copyOf(to, at * 2);
                }
                from[at] = i;
                to[at] = i + len;
                b.append(piece.charAt(k));
            }
            i += len;
        }
        return new Mapped(b.toString(), from, to);
    }

    private static boolean changes(String s, int i) {
        int cp = s.codePointAt(i);
        if (cp == 0xAA || cp == 0xBA) {
            return false;
        }
        String one = new String(Character.toChars(cp));
        return !Normalizer.isNormalized(one, Normalizer.Form.NFKC);
    }
}
