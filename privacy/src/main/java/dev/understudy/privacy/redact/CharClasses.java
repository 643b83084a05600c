package dev.understudy.privacy.redact;

/** Small character tests shared by the detectors. */
final class CharClasses {
    private CharClasses() {}

    static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAsciiAlnum(char c) {
        return isAsciiDigit(c) || isAsciiLetter(c);
    }

    static boolean isHex(char c) {
        return isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Space, tab or no-break space: what people put between digit groups. */
    static boolean isGroupSpace(char c) {
        return c == ' ' || c == '\u00A0' || c == '\u202F' || c == '\t';
    }

    /** A word character in the sense of "this match would be glued to a longer token". */
    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    static char at(String s, int i) {
        return i >= 0 && i < s.length() ? s.charAt(i) : '\0';
    }

    /** True when the char before {@code start} does not glue the span to a word. */
    static boolean leftBoundary(String s, int start) {
        return start == 0 || !isWordChar(s.charAt(start - 1));
    }

    static boolean rightBoundary(String s, int end) {
        return end >= s.length() || !isWordChar(s.charAt(end));
    }

    /** Lower-cased text of the {@code max} chars before {@code pos}, for context cues. */
    static String before(String s, int pos, int max) {
        return s.substring(Math.max(0, pos - max), pos).toLowerCase(java.util.Locale.ROOT);
    }

    static String after(String s, int pos, int max) {
        return s.substring(pos, Math.min(s.length(), pos + max)).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * True when one of {@code words} occurs as a whole word (not inside a longer word) in the
     * {@code window} chars before {@code pos}, case-insensitively.
     */
    static boolean cue(String s, int pos, int window, String... words) {
        String b = before(s, pos, window);
        for (String w : words) {
            int from = 0;
            while (true) {
                int k = b.indexOf(w, from);
                if (k < 0) {
                    break;
                }
                int e = k + w.length();
                boolean leftOk = k == 0 || !Character.isLetter(b.charAt(k - 1));
                boolean rightOk = e >= b.length() || !Character.isLetter(b.charAt(e));
                if (leftOk && rightOk) {
                    return true;
                }
                from = k + 1;
            }
        }
        return false;
    }

    /** An immutable set of words that tolerates duplicates in the list (lists are edited by hand). */
    static java.util.Set<String> set(String... words) {
        return java.util.Set.copyOf(new java.util.HashSet<>(java.util.Arrays.asList(words)));
    }
}
