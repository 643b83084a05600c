package dev.understudy.privacy.redact;

import java.util.List;

/**
 * PEM private key blocks ({@code -----BEGIN ... PRIVATE KEY-----}), from the BEGIN line to the END
 * line, or to the end of the text when it has none. Part of {@link SecretDetector}.
 */
final class PrivateKeyDetector implements Detector {

    @Override
    public EntityKind kind() {
        return EntityKind.SECRET;
    }

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        privateKey(scan.text(), out);
    }

    private static void privateKey(String s, List<Candidate> out) {
        int from = 0;
        while (true) {
            int i = s.indexOf("-----BEGIN ", from);
            if (i < 0) {
                return;
            }
            int headEnd = s.indexOf("-----", i + 11);
            int eol = s.indexOf('\n', i);
            if (headEnd < 0 || (eol >= 0 && headEnd > eol)) {
                from = i + 11;
                continue;
            }
            String label = s.substring(i + 11, headEnd);
            if (!label.contains("PRIVATE KEY")) {
                from = headEnd;
                continue;
            }
            int end;
            int endMarker = s.indexOf("-----END ", headEnd + 5);
            if (endMarker >= 0) {
                int close = s.indexOf("-----", endMarker + 9);
                end = close >= 0 ? close + 5 : s.length();
            } else {
                end = s.length();
            }
            out.add(new Candidate(EntityKind.SECRET, i, end, Candidate.P_KNOWN_SECRET));
            from = end;
        }
    }
}
