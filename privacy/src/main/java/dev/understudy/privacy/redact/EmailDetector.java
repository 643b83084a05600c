package dev.understudy.privacy.redact;

import java.util.List;

/**
 * Email addresses, found by scanning outwards from each '@' (or its URL encoding {@code %40}):
 * a local part of the usual characters to the left, a dotted domain ending in an alphabetic TLD
 * to the right. No regex, so no backtracking. Skips the credentials part of {@code
 * scheme://user:pass@host} (that is a SECRET) and {@code git@host:} SSH remotes.
 */
public final class EmailDetector implements Detector {

    @Override
    public EntityKind kind() {
        return EntityKind.EMAIL;
    }

    private static boolean localChar(char c) {
        return CharClasses.isAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
                || c == '\'' || (c > 127 && Character.isLetterOrDigit(c));
    }

    private static boolean domainChar(char c) {
        return CharClasses.isAsciiAlnum(c) || c == '.' || c == '-' || (c > 127 && Character.isLetterOrDigit(c));
    }

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        if (!scan.hasAt()) {
            return;
        }
        String s = scan.text();
        int n = s.length();
        for (int i = 0; i < n; i++) {
            int atLen;
            char c = s.charAt(i);
            if (c == '@') {
                atLen = 1;
            } else if (c == '%' && i + 2 < n && s.charAt(i + 1) == '4' && s.charAt(i + 2) == '0') {
                atLen = 3;
            } else {
                continue;
            }
            // local part
            int ls = i;
            while (ls > 0 && localChar(s.charAt(ls - 1)) && i - ls < 64) {
                ls--;
            }
            // a URL-encoded separator before the local part ("to%3Dalice" is rare; "%20alice" common)
            while (ls < i && (s.charAt(ls) == '.' || s.charAt(ls) == '\'' || s.charAt(ls) == '-')) {
                ls++;
            }
            if (ls + 2 < i && s.charAt(ls) == '%' && CharClasses.isHex(s.charAt(ls + 1)) && CharClasses.isHex(s.charAt(ls + 2))) {
                ls += 3;
            }
            if (ls >= i) {
                continue;
            }
            // domain
            int ds = i + atLen;
            int de = ds;
            while (de < n && domainChar(s.charAt(de)) && de - ds < 255) {
                de++;
            }
            while (de > ds && (s.charAt(de - 1) == '.' || s.charAt(de - 1) == '-')) {
                de--;
            }
            if (de <= ds || !validDomain(s, ds, de)) {
                continue;
            }
            if (isUrlCredentials(s, ls) || isSshRemote(s, ls, i, de)) {
                i = de - 1;
                continue;
            }
            out.add(new Candidate(EntityKind.EMAIL, ls, de, Candidate.P_CHECKSUM));
            i = de - 1;
        }
    }

    private static boolean validDomain(String s, int ds, int de) {
        int lastDot = s.lastIndexOf('.', de - 1);
        if (lastDot < ds + 1 || lastDot >= de - 2) {
            return false; // needs a label before the dot and a TLD of 2+ letters
        }
        for (int k = lastDot + 1; k < de; k++) {
            if (!Character.isLetter(s.charAt(k))) {
                return false;
            }
        }
        if (s.charAt(ds) == '.' || s.charAt(ds) == '-') {
            return false;
        }
        return s.indexOf("..", ds) < 0 || s.indexOf("..", ds) >= de;
    }

    /** "scheme://user:pass@" — the '@' closes URL credentials, not an email. */
    private static boolean isUrlCredentials(String s, int localStart) {
        if (localStart == 0 || s.charAt(localStart - 1) != ':') {
            return false;
        }
        for (int k = localStart - 2; k >= 1; k--) {
            char c = s.charAt(k);
            if (c == '/' && s.charAt(k - 1) == '/') {
                return true;
            }
            if (Character.isWhitespace(c) || c == '@') {
                return false;
            }
        }
        return false;
    }

    private static boolean isSshRemote(String s, int ls, int at, int de) {
        return at - ls == 3 && s.startsWith("git", ls) && de < s.length() && s.charAt(de) == ':';
    }
}
