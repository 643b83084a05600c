package dev.understudy.privacy.redact;

import java.util.List;
import java.util.Locale;

/**
 * Authorization and API key headers and {@code Bearer} tokens: the value after
 * {@code Authorization:} (or {@code =}), past a scheme word ({@code Bearer}, {@code Basic},
 * {@code token} ...), and the token after a lone {@code Bearer} when it looks like one (letters
 * and digits, or 20 characters). Part of {@link SecretDetector}.
 */
final class AuthorizationDetector implements Detector {

    private static final String[] AUTH_SCHEMES = {"bearer", "basic", "token", "digest", "bot", "apikey", "api-key",
        "sharedaccesssignature", "aws4-hmac-sha256", "negotiate", "ntlm", "hmac", "oauth"};

    @Override
    public EntityKind kind() {
        return EntityKind.SECRET;
    }

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        bearer(scan.text(), out);
    }

    private static void bearer(String s, List<Candidate> out) {
        String low = s.toLowerCase(Locale.ROOT);
        int from = 0;
        while (true) {
            int i = low.indexOf("bearer", from);
            int a = low.indexOf("authorization", from);
            if (i < 0 && a < 0) {
                return;
            }
            int at;
            if (a >= 0 && (i < 0 || a < i)) {
                // Authorization[:=] [scheme] value
                at = a + "authorization".length();
                int j = SecretValues.skip(low, at, ":=\"' \t");
                if (j == at) {
                    from = at;
                    continue;
                }
                for (String sch : AUTH_SCHEMES) {
                    if (low.startsWith(sch, j) && j + sch.length() < low.length() && low.charAt(j + sch.length()) == ' ') {
                        j = SecretValues.skip(low, j + sch.length(), " ");
                        break;
                    }
                }
                int e = SecretValues.tokenEnd(s, j);
                if (e - j >= 6 && !SecretValues.placeholder(s.substring(j, e))) {
                    out.add(new Candidate(EntityKind.SECRET, j, e, Candidate.P_KNOWN_SECRET));
                }
                from = Math.max(e, at);
            } else {
                at = i + 6;
                if ((i > 0 && Character.isLetter(low.charAt(i - 1))) || at >= low.length() || low.charAt(at) != ' ') {
                    from = at;
                    continue;
                }
                int j = SecretValues.skip(low, at, " ");
                int e = SecretValues.tokenEnd(s, j);
                if (e - j >= 8 && looksTokenish(s, j, e) && !SecretValues.placeholder(s.substring(j, e))) {
                    out.add(new Candidate(EntityKind.SECRET, j, e, Candidate.P_KNOWN_SECRET));
                }
                from = Math.max(e, at);
            }
        }
    }

    private static boolean looksTokenish(String s, int j, int e) {
        boolean digit = false;
        boolean letter = false;
        for (int k = j; k < e; k++) {
            char c = s.charAt(k);
            digit |= CharClasses.isAsciiDigit(c);
            letter |= CharClasses.isAsciiLetter(c);
        }
        return (digit && letter) || e - j >= 20;
    }
}
