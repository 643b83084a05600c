package dev.understudy.privacy.redact;

import java.util.List;

/**
 * National ids, reported as {@link EntityKind#SSN}:
 * <ul>
 *   <li>US SSN and ITIN: 3-2-4 digits joined by dashes or spaces, or 9 digits after an "SSN" cue;
 *       area not 000, 666 or 900–999 (9xx with an ITIN group range is an ITIN), group not 00,
 *       serial not 0000;</li>
 *   <li>UK National Insurance number: two prefix letters from the allowed set, six digits and a
 *       suffix A–D, spaced or not;</li>
 *   <li>Canadian SIN: 3-3-3 digits passing Luhn, after a "SIN"/"social insurance" cue.</li>
 * </ul>
 */
public final class NationalIdDetector implements Detector {

    @Override
    public EntityKind kind() {
        return EntityKind.SSN;
    }

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        if (scan.digitCount() < 6) {
            return;
        }
        String s = scan.text();
        if (scan.digitCount() >= 9) {
            for (DigitGroups.Run run : DigitGroups.runs(s, "- \u00A0")) {
                usRun(s, run, out);
            }
        }
        if (scan.upperCount() >= 2 || s.indexOf("nino") >= 0 || s.indexOf("NINO") >= 0) {
            nino(s, out);
        }
    }

    private static void usRun(String s, DigitGroups.Run run, List<Candidate> out) {
        int g = run.size();
        for (int k = 0; k < g; k++) {
            // 3-2-4 (exactly these three groups, uniform separator)
            if (k + 2 < g && run.len(k) == 3 && run.len(k + 1) == 2 && run.len(k + 2) == 4
                    && run.seps()[k] == run.seps()[k + 1]
                    && (k == 0 ? CharClasses.leftBoundary(s, run.start(k)) && notAfterDigitSep(s, run.start(k)) : false)
                    && (k + 3 == g) && CharClasses.rightBoundary(s, run.end(k + 2)) && notBeforeDigitSep(s, run.end(k + 2))) {
                String d = run.digits(s, k, k + 2);
                if (validSsn(d) && (run.seps()[k] == '-' || run.seps()[k] != '.')) {
                    out.add(new Candidate(EntityKind.SSN, run.start(k), run.end(k + 2), Candidate.P_STRUCTURED));
                    return;
                }
            }
            // 3-3-3 Canadian SIN, cue required
            if (k == 0 && g == 3 && run.len(0) == 3 && run.len(1) == 3 && run.len(2) == 3
                    && run.seps()[0] == run.seps()[1] && CharClasses.leftBoundary(s, run.start(0))
                    && CharClasses.rightBoundary(s, run.end(2))) {
                String d = run.digits(s, 0, 2);
                if (CreditCardDetector.luhn(d) && d.charAt(0) != '0' && d.charAt(0) != '8' && sinCue(s, run.start(0))) {
                    out.add(new Candidate(EntityKind.SSN, run.start(0), run.end(2), Candidate.P_STRUCTURED));
                    return;
                }
            }
        }
        // 9 bare digits with a cue
        if (g == 1 && run.len(0) == 9 && CharClasses.leftBoundary(s, run.start(0)) && CharClasses.rightBoundary(s, run.end(0))) {
            String d = run.digits(s, 0, 0);
            if (validSsn(d) && ssnCue(s, run.start(0))) {
                out.add(new Candidate(EntityKind.SSN, run.start(0), run.end(0), Candidate.P_STRUCTURED));
            } else if (CreditCardDetector.luhn(d) && sinCue(s, run.start(0))) {
                out.add(new Candidate(EntityKind.SSN, run.start(0), run.end(0), Candidate.P_STRUCTURED));
            }
        }
    }

    private static boolean notAfterDigitSep(String s, int start) {
        // "+1 415-55-1234" or "2024-10-12-..." style neighbours: a digit right before a separator
        return !(start >= 2 && (s.charAt(start - 1) == '-' || s.charAt(start - 1) == '.' || s.charAt(start - 1) == '/')
                && CharClasses.isAsciiDigit(s.charAt(start - 2)));
    }

    private static boolean notBeforeDigitSep(String s, int end) {
        return !(end + 1 < s.length() && (s.charAt(end) == '-' || s.charAt(end) == '.' || s.charAt(end) == '/')
                && CharClasses.isAsciiDigit(s.charAt(end + 1)));
    }

    /** US SSN or ITIN rules over 9 digits. */
    public static boolean validSsn(String d) {
        if (d.length() != 9) {
            return false;
        }
        int area = Integer.parseInt(d.substring(0, 3));
        int group = Integer.parseInt(d.substring(3, 5));
        int serial = Integer.parseInt(d.substring(5));
        if (group == 0 || serial == 0) {
            return false;
        }
        if (area >= 900) {
            // ITIN: 9XX-[50-65|70-88|90-92|94-99]-XXXX
            return (group >= 50 && group <= 65) || (group >= 70 && group <= 88) || (group >= 90 && group <= 92)
                    || group >= 94;
        }
        return area != 0 && area != 666;
    }

    private static boolean ssnCue(String s, int start) {
        return CharClasses.cue(s, start, 32, "ssn", "ssns", "social security", "ss#", "ss", "itin", "tin", "taxpayer");
    }

    private static boolean sinCue(String s, int start) {
        return CharClasses.cue(s, start, 32, "sin", "social insurance", "nas");
    }

    // ---- UK National Insurance number ----

    private static void nino(String s, List<Candidate> out) {
        int n = s.length();
        for (int i = 0; i + 9 <= n; i++) {
            char a = s.charAt(i);
            char b = s.charAt(i + 1);
            if (!(a >= 'A' && a <= 'Z') || !(b >= 'A' && b <= 'Z') || !CharClasses.leftBoundary(s, i)) {
                continue;
            }
            if (!ninoPrefix(a, b)) {
                continue;
            }
            int j = i + 2;
            StringBuilder digits = new StringBuilder(6);
            boolean spaced = j < n && s.charAt(j) == ' ';
            while (j < n && digits.length() < 6) {
                char c = s.charAt(j);
                if (CharClasses.isAsciiDigit(c)) {
                    digits.append(c);
                    j++;
                } else if (spaced && c == ' ' && j + 1 < n && CharClasses.isAsciiDigit(s.charAt(j + 1))) {
                    j++;
                } else {
                    break;
                }
            }
            if (digits.length() != 6) {
                continue;
            }
            if (spaced && j < n && s.charAt(j) == ' ') {
                j++;
            }
            if (j < n && s.charAt(j) >= 'A' && s.charAt(j) <= 'D' && CharClasses.rightBoundary(s, j + 1)) {
                out.add(new Candidate(EntityKind.SSN, i, j + 1, Candidate.P_STRUCTURED));
                i = j;
            }
        }
    }

    static boolean ninoPrefix(char a, char b) {
        if ("DFIQUV".indexOf(a) >= 0 || "DFIQUVO".indexOf(b) >= 0) {
            return false;
        }
        String p = "" + a + b;
        return !(p.equals("BG") || p.equals("GB") || p.equals("KN") || p.equals("NK") || p.equals("NT")
                || p.equals("TN") || p.equals("ZZ"));
    }
}
