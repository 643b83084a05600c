package dev.understudy.privacy.redact;

import java.util.ArrayList;
import java.util.List;

/**
 * One text being redacted, with cheap facts computed once and shared by the detectors (so each
 * detector can skip texts that cannot hold its kind) and a lazily built list of word tokens.
 * Not thread-safe: one instance per {@link TextRedactor#redact} call.
 */
public final class TextScan {

    /** A word: a run of letters and digits, with inner apostrophes and hyphens kept. */
    public record Word(int start, int end, String text) {
        public boolean capitalised() {
            return Character.isUpperCase(text.codePointAt(0));
        }

        public boolean allDigits() {
            for (int i = 0; i < text.length(); i++) {
                if (!CharClasses.isAsciiDigit(text.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        public boolean allUpper() {
            boolean letter = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isLetter(c)) {
                    letter = true;
                    if (!Character.isUpperCase(c)) {
                        return false;
                    }
                }
            }
            return letter;
        }

        public boolean hasDigit() {
            for (int i = 0; i < text.length(); i++) {
                if (CharClasses.isAsciiDigit(text.charAt(i))) {
                    return true;
                }
            }
            return false;
        }
    }

    private final String text;
    private final int digits;
    private final int uppers;
    private final boolean hasAt;
    private final boolean hasColon;
    private final boolean hasEq;
    private List<Word> words;

    public TextScan(String text) {
        this.text = text;
        int d = 0;
        int u = 0;
        boolean at = false;
        boolean colon = false;
        boolean eq = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                d++;
            } else if (c >= 'A' && c <= 'Z') {
                u++;
            } else if (c == '@') {
                at = true;
            } else if (c == ':') {
                colon = true;
            } else if (c == '=') {
                eq = true;
            } else if (c == '%' && i + 2 < n && text.charAt(i + 1) == '4' && text.charAt(i + 2) == '0') {
                at = true; // URL-encoded '@'
            }
        }
        this.digits = d;
        this.uppers = u;
        this.hasAt = at;
        this.hasColon = colon;
        this.hasEq = eq;
    }

    public String text() {
        return text;
    }

    public int length() {
        return text.length();
    }

    /** How many ASCII digits the text holds. */
    public int digitCount() {
        return digits;
    }

    /** How many ASCII capital letters the text holds. */
    public int upperCount() {
        return uppers;
    }

    /** Whether the text holds '@' or its URL encoding. */
    public boolean hasAt() {
        return hasAt;
    }

    public boolean hasColon() {
        return hasColon;
    }

    public boolean hasEquals() {
        return hasEq;
    }

    /** The words of the text, in order. */
    public List<Word> words() {
        if (words == null) {
            words = tokenize(text);
        }
        return words;
    }

    static List<Word> tokenize(String text) {
        List<Word> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                i++;
                continue;
            }
            int s = i;
            i++;
            while (i < n) {
                char d = text.charAt(i);
                if (Character.isLetterOrDigit(d) || Character.getType(d) == Character.NON_SPACING_MARK) {
                    i++;
                } else if ((d == '\'' || d == '\u2019' || d == '-')
                        && i + 1 < n && Character.isLetterOrDigit(text.charAt(i + 1))) {
                    i += 2;
                } else {
                    break;
                }
            }
            out.add(new Word(s, i, text.substring(s, i)));
        }
        return out;
    }
}
