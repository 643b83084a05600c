package dev.understudy.privacy.redact;

import java.util.List;

/**
 * IPv4 (four dotted octets 0–255, no leading zeros, not part of a longer dotted number and not a
 * "version 1.2.3.4") and IPv6 (eight hex groups, or fewer with one "::", optionally ending in a
 * dotted IPv4), scanned by hand. Loopback, unspecified and netmask addresses (127.x, 0.0.0.0,
 * 255.x, ::1, ::) carry nothing personal and are kept.
 */
public final class IpAddressDetector implements Detector {

    @Override
    public EntityKind kind() {
        return EntityKind.IP_ADDRESS;
    }

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        String s = scan.text();
        if (scan.digitCount() >= 4) {
            ipv4(s, out);
        }
        if (scan.hasColon()) {
            ipv6(s, out);
        }
    }

    private static void ipv4(String s, List<Candidate> out) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (!CharClasses.isAsciiDigit(s.charAt(i)) || !CharClasses.leftBoundary(s, i)) {
                continue;
            }
            if (i >= 2 && s.charAt(i - 1) == '.' && CharClasses.isAsciiDigit(s.charAt(i - 2))) {
                continue; // tail of a longer dotted number
            }
            int end = parseV4(s, i);
            if (end < 0) {
                continue;
            }
            if (end + 1 < n && s.charAt(end) == '.' && CharClasses.isAsciiDigit(s.charAt(end + 1))) {
                i = end;
                continue; // 5+ dotted parts: an OID or a version
            }
            if (!CharClasses.rightBoundary(s, end)) {
                i = end;
                continue;
            }
            String ip = s.substring(i, end);
            if (!reserved(ip) && !CharClasses.cue(s, i, 12, "version", "ver", "build", "release", "v", "rev", "firmware")) {
                out.add(new Candidate(EntityKind.IP_ADDRESS, i, end, Candidate.P_STRUCTURED));
            }
            i = end;
        }
    }

    /** End offset of a dotted-quad starting at i, or -1. */
    static int parseV4(String s, int i) {
        int n = s.length();
        int j = i;
        for (int part = 0; part < 4; part++) {
            int ps = j;
            int v = 0;
            while (j < n && CharClasses.isAsciiDigit(s.charAt(j)) && j - ps < 4) {
                v = v * 10 + (s.charAt(j) - '0');
                j++;
            }
            int len = j - ps;
            if (len == 0 || len > 3 || v > 255 || (len > 1 && s.charAt(ps) == '0')) {
                return -1;
            }
            if (j < n && CharClasses.isAsciiDigit(s.charAt(j))) {
                return -1;
            }
            if (part < 3) {
                if (j >= n || s.charAt(j) != '.') {
                    return -1;
                }
                j++;
            }
        }
        return j;
    }

    private static boolean reserved(String ip) {
        return ip.startsWith("127.") || ip.equals("0.0.0.0") || ip.startsWith("255.");
    }

    private static boolean v6Char(char c) {
        return CharClasses.isHex(c) || c == ':' || c == '.';
    }

    private static void ipv6(String s, List<Candidate> out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (!(CharClasses.isHex(c) || c == ':') || !(i == 0 || !(CharClasses.isWordChar(s.charAt(i - 1)) || s.charAt(i - 1) == ':'
                    || s.charAt(i - 1) == '.'))) {
                i++;
                continue;
            }
            int j = i;
            int colons = 0;
            while (j < n && v6Char(s.charAt(j)) && j - i < 50) {
                if (s.charAt(j) == ':') {
                    colons++;
                }
                j++;
            }
            if (colons < 2) {
                i = j + 1;
                continue;
            }
            int end = j;
            // trailing punctuation belongs to the sentence
            while (end > i && (s.charAt(end - 1) == '.' || (s.charAt(end - 1) == ':' && !(end - 2 >= i && s.charAt(end - 2) == ':')))) {
                end--;
            }
            if ((end < n && CharClasses.isWordChar(s.charAt(end)) && s.charAt(end) != '%' && end == j)) {
                i = j + 1;
                continue;
            }
            if (validV6(s.substring(i, end))) {
                String ip = s.substring(i, end);
                if (!ip.equals("::1") && !ip.equals("::")) {
                    out.add(new Candidate(EntityKind.IP_ADDRESS, i, end, Candidate.P_STRUCTURED));
                }
            }
            i = j + 1;
        }
    }

    /** Strict IPv6 text form, plus heuristics that keep times, MACs and C++ scopes out. */
    static boolean validV6(String a) {
        int dbl = a.indexOf("::");
        if (dbl >= 0 && a.indexOf("::", dbl + 1) >= 0) {
            return false;
        }
        String[] parts;
        int groups = 0;
        boolean longGroup = false;
        boolean digit = false;
        String body = a;
        if (dbl >= 0) {
            body = a.substring(0, dbl) + (dbl > 0 && dbl + 2 < a.length() ? ":" : "") + a.substring(dbl + 2);
        }
        if (body.isEmpty()) {
            return false;
        }
        parts = body.split(":", -1);
        for (int k = 0; k < parts.length; k++) {
            String p = parts[k];
            if (p.isEmpty()) {
                return false;
            }
            if (p.indexOf('.') >= 0) {
                if (k != parts.length - 1 || parseV4(p, 0) != p.length()) {
                    return false;
                }
                groups += 2;
                digit = true;
                longGroup = true;
                continue;
            }
            if (p.length() > 4) {
                return false;
            }
            for (int m = 0; m < p.length(); m++) {
                char c = p.charAt(m);
                if (!CharClasses.isHex(c)) {
                    return false;
                }
                if (CharClasses.isAsciiDigit(c)) {
                    digit = true;
                }
            }
            if (p.length() >= 3) {
                longGroup = true;
            }
            groups++;
        }
        if (dbl >= 0) {
            return groups <= 7 && digit && longGroup;
        }
        return groups == 8;
    }
}
