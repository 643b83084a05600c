package dev.understudy.privacy.redact;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a text into runs of digit groups joined by one separator each ("4111 1111-1111" is one
 * run of three groups). Shared by the card, SSN and id detectors; linear in the text.
 */
final class DigitGroups {
    private DigitGroups() {}

    /** A run: groups[i] = {start, end} offsets; seps[i] = separator after group i (or 0). */
    record Run(int[][] groups, char[] seps) {
        int size() {
            return groups.length;
        }

        int start(int g) {
            return groups[g][0];
        }

        int end(int g) {
            return groups[g][1];
        }

        int len(int g) {
            return groups[g][1] - groups[g][0];
        }

        /** Digits of groups from..to inclusive, concatenated. */
        String digits(String s, int from, int to) {
            StringBuilder b = new StringBuilder(20);
            for (int g = from; g <= to; g++) {
                b.append(s, groups[g][0], groups[g][1]);
            }
            return b.toString();
        }

        int digitCount(int from, int to) {
            int c = 0;
            for (int g = from; g <= to; g++) {
                c += len(g);
            }
            return c;
        }

        /** The first separator within groups from..to (0 when one group). */
        char sep(int from, int to) {
            return from < to ? seps[from] : 0;
        }

        /** True when groups from..to are joined by one and the same separator (or none). */
        boolean uniformSeparators(int from, int to) {
            char first = 0;
            for (int g = from; g < to; g++) {
                char c = seps[g];
                if (first == 0) {
                    first = c;
                } else if (c != first) {
                    return false;
                }
            }
            return true;
        }
    }

    static boolean isSep(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '\u00A0' || c == '\u202F';
    }

    /** Runs whose groups are joined by separators from {@code allowed}. */
    static List<Run> runs(String s, String allowed) {
        return runs(s, allowed, 1);
    }

    /**
     * Runs whose groups are joined by up to {@code maxSep} separator characters from {@code allowed}
     * ("4111  1111", "4111 - 1111"). A separator of more than one character is recorded as
     * {@code '~'}, so it never counts as uniform with a single one.
     */
    static List<Run> runs(String s, String allowed, int maxSep) {
        List<Run> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!CharClasses.isAsciiDigit(s.charAt(i))) {
                i++;
                continue;
            }
            List<int[]> groups = new ArrayList<>();
            StringBuilder seps = new StringBuilder();
            int gs = i;
            while (true) {
                while (i < n && CharClasses.isAsciiDigit(s.charAt(i))) {
                    i++;
                }
                groups.add(new int[] {gs, i});
                int k = i;
                while (k < n && k - i < maxSep && allowed.indexOf(s.charAt(k)) >= 0) {
                    k++;
                }
                if (k > i && k < n && CharClasses.isAsciiDigit(s.charAt(k))) {
                    seps.append(k - i == 1 ? s.charAt(i) : '~');
                    i = k;
                    gs = i;
                } else {
                    break;
                }
            }
            seps.append('\0');
            out.add(new Run(groups.toArray(new int[0][]), seps.toString().toCharArray()));
        }
        return out;
    }
}
