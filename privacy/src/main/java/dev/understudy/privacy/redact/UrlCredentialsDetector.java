package dev.understudy.privacy.redact;

import java.util.List;

/**
 * Credentials in URLs: the {@code user:pass} part of {@code scheme://user:pass@host} (up to the
 * last '@' of the authority: passwords hold unencoded '#', '?' and '@'), unless the password is a
 * placeholder. Part of {@link SecretDetector}.
 */
final class UrlCredentialsDetector implements Detector {

    @Override
    public EntityKind kind() {
        return EntityKind.SECRET;
    }

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        urlCredentials(scan.text(), out);
    }

    private static void urlCredentials(String s, List<Candidate> out) {
        int from = 0;
        int n = s.length();
        while (true) {
            int i = s.indexOf("://", from);
            if (i < 0) {
                return;
            }
            int st = i + 3;
            from = st;
            // the authority ends at whitespace, a quote or the path; people type '#', '?' and '@' in
            // passwords without encoding them, so the userinfo runs to the LAST '@' before that end
            int j = st;
            int lastAt = -1;
            int colon = -1;
            int limit = Math.min(n, st + 512); // an authority is short; bounding it keeps "://" floods linear
            while (j < limit) {
                char c = s.charAt(j);
                if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`'
                        || (c == '/' && lastAt >= 0)) {
                    break;
                }
                if (c == '/' && colon < 0) {
                    break;
                }
                if (c == '@') {
                    lastAt = j;
                }
                if (c == ':' && colon < 0) {
                    colon = j;
                }
                j++;
            }
            if (lastAt > 0 && colon > st && colon < lastAt - 1) {
                String pass = s.substring(colon + 1, lastAt);
                if (!SecretValues.placeholder(pass)) {
                    out.add(new Candidate(EntityKind.SECRET, st, lastAt, Candidate.P_KNOWN_SECRET));
                }
                from = lastAt;
            }
        }
    }
}
