package dev.understudy.privacy.redact;

import java.util.List;

/**
 * Payment card numbers: 13–19 digits, optionally in groups joined by one kind of separator
 * (space or dash), passing the Luhn check and starting with an issuer prefix in use (Visa,
 * Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro). Numbers whose prefix is not an
 * issuer's are accepted only after a card cue ("card", "visa", "cc" ...).
 */
public final class CreditCardDetector implements Detector {

    @Override
    public EntityKind kind() {
        return EntityKind.CREDIT_CARD;
    }

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        if (scan.digitCount() < 13) {
            return;
        }
        String s = scan.text();
        for (DigitGroups.Run run : DigitGroups.runs(s, " -.\u00A0\u202F", 4)) {
            int g = run.size();
            int from = 0;
            while (from < g) {
                int best = -1;
                int maxTo = from;
                int acc = run.len(from);
                while (maxTo + 1 < g && acc + run.len(maxTo + 1) <= 19) {
                    maxTo++;
                    acc += run.len(maxTo);
                }
                for (int to = maxTo; to >= from; to--) {
                    int d = run.digitCount(from, to);
                    if (d < 13 || d > 19) {
                        continue;
                    }
                    boolean uniform = run.uniformSeparators(from, to) && run.sep(from, to) != '.';
                    if (!uniform && !(shortGroupsOk(run, from, to) && d >= 15 && d <= 16)) {
                        continue; // mixed separators: a 15/16-digit number in groups of 2-6, with an issuer prefix
                    }
                    if (from == 0 && (!CharClasses.leftBoundary(s, run.start(0)) || plusBefore(s, run.start(0)))) {
                        continue;
                    }
                    if (to == g - 1 && !CharClasses.rightBoundary(s, run.end(to))) {
                        continue;
                    }
                    String digits = run.digits(s, from, to);
                    if (luhn(digits) && (issuerPrefix(digits) || uniform && cue(s, run.start(from)))) {
                        best = to;
                        break;
                    }
                }
                if (best >= 0) {
                    out.add(new Candidate(EntityKind.CREDIT_CARD, run.start(from), run.end(best), Candidate.P_CHECKSUM));
                    from = best + 1;
                } else {
                    from++;
                }
            }
        }
    }

    private static boolean shortGroupsOk(DigitGroups.Run run, int from, int to) {
        for (int g = from; g <= to; g++) {
            if (run.len(g) < 2 || run.len(g) > 6) {
                return false;
            }
        }
        return to - from <= 5;
    }

    /** "+49 155 ..." is a phone number, not a card. */
    private static boolean plusBefore(String s, int start) {
        int k = start - 1;
        while (k >= 0 && s.charAt(k) == ' ') {
            k--;
        }
        return k >= 0 && (s.charAt(k) == '+' || s.charAt(k) == '(');
    }

    /** The Luhn (mod 10) check over a string of ASCII digits. */
    public static boolean luhn(CharSequence digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    static boolean issuerPrefix(String d) {
        int len = d.length();
        int p2 = Integer.parseInt(d.substring(0, 2));
        int p4 = Integer.parseInt(d.substring(0, 4));
        char c0 = d.charAt(0);
        if (c0 == '4') {
            return len == 13 || len == 16 || len == 19; // Visa
        }
        if (p2 >= 51 && p2 <= 55 || p4 >= 2221 && p4 <= 2720) {
            return len == 16; // Mastercard
        }
        if (p2 == 34 || p2 == 37) {
            return len == 15; // Amex
        }
        if (p4 == 6011 || p2 == 65 || (p4 >= 6440 && p4 <= 6499)) {
            return len >= 16; // Discover
        }
        if (p4 >= 3528 && p4 <= 3589) {
            return len >= 16; // JCB
        }
        if (p2 == 36 || p2 == 38 || p2 == 39 || (p4 >= 3000 && p4 <= 3059)) {
            return len >= 14; // Diners
        }
        if (p2 == 62 || p2 == 81) {
            return len >= 16; // UnionPay
        }
        if (p2 == 50 || (p2 >= 56 && p2 <= 58) || p2 == 63 || p2 == 67) {
            return len >= 12; // Maestro
        }
        return false;
    }

    private static boolean cue(String s, int start) {
        return CharClasses.cue(s, start, 32, "card", "visa", "cc", "credit", "debit", "amex", "pan", "mastercard",
                "cardnumber", "card_number", "cc_number");
    }
}
