package dev.understudy.privacy.redact;

import java.util.List;

/**
 * JSON Web Tokens: {@code eyJ...}.{@code ...}.{@code ...} (header and payload segments long
 * enough), and a lone base64url segment starting {@code eyJ} of 20 characters or more (with the
 * priority of a random-looking token). Part of {@link SecretDetector}.
 */
final class JwtDetector implements Detector {

    @Override
    public EntityKind kind() {
        return EntityKind.SECRET;
    }

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        jwt(scan.text(), out);
    }

    private static boolean b64url(char c) {
        return CharClasses.isAsciiAlnum(c) || c == '_' || c == '-';
    }

    private static void jwt(String s, List<Candidate> out) {
        int from = 0;
        while (true) {
            int i = s.indexOf("eyJ", from);
            if (i < 0) {
                return;
            }
            from = i + 3;
            if (i > 0 && b64url(s.charAt(i - 1))) {
                continue;
            }
            int n = s.length();
            int j = i;
            int[] segLen = new int[3];
            int seg = 0;
            int st = j;
            while (j < n) {
                char c = s.charAt(j);
                if (b64url(c)) {
                    j++;
                } else if (c == '.' && seg < 2) {
                    segLen[seg++] = j - st;
                    j++;
                    st = j;
                } else {
                    break;
                }
            }
            segLen[seg] = j - st;
            if (seg >= 1 && segLen[0] >= 10 && segLen[1] >= 8) {
                int end = j;
                while (end > i && s.charAt(end - 1) == '.') {
                    end--;
                }
                out.add(new Candidate(EntityKind.SECRET, i, end, Candidate.P_KNOWN_SECRET));
                from = end;
            } else if (seg == 0 && segLen[0] >= 20) {
                out.add(new Candidate(EntityKind.SECRET, i, j, Candidate.P_ENTROPY)); // a lone JWT segment
                from = j;
            }
        }
    }
}
