package dev.understudy.privacy.redact;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * International bank account numbers: a country code with its registered IBAN length, two check
 * digits and the BBAN, compact or in groups split by single spaces (or dashes), passing the
 * ISO 7064 mod-97 check.
 */
public final class IbanDetector implements Detector {

    private static final Map<String, Integer> LENGTHS = new HashMap<>();

    static {
        String table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 "
                + "DK18 DO28 EE20 EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 "
                + "IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 "
                + "ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 SC31 "
                + "SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20";
        for (String e : table.split(" ")) {
            LENGTHS.put(e.substring(0, 2), Integer.parseInt(e.substring(2)));
        }
    }

    @Override
    public EntityKind kind() {
        return EntityKind.IBAN;
    }

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        if (scan.digitCount() < 8) {
            return;
        }
        String s = scan.text();
        int n = s.length();
        for (int i = 0; i + 4 < n; i++) {
            char a = s.charAt(i);
            char b = s.charAt(i + 1);
            if (!CharClasses.isAsciiLetter(a) || !CharClasses.isAsciiLetter(b) || !CharClasses.isAsciiDigit(s.charAt(i + 2))
                    || !CharClasses.isAsciiDigit(s.charAt(i + 3)) || !CharClasses.leftBoundary(s, i)) {
                continue;
            }
            String cc = ("" + a + b).toUpperCase(java.util.Locale.ROOT);
            Integer len = LENGTHS.get(cc);
            if (len == null) {
                continue;
            }
            // Collect exactly len alphanumerics, allowing one separator between groups.
            StringBuilder iban = new StringBuilder(34);
            int j = i;
            while (j < n && iban.length() < len) {
                char c = s.charAt(j);
                if (CharClasses.isAsciiAlnum(c)) {
                    iban.append(Character.toUpperCase(c));
                    j++;
                } else if ((c == ' ' || c == '-' || c == '\u00A0') && iban.length() >= 4
                        && CharClasses.isAsciiAlnum(s.charAt(j - 1))) {
                    // one separator between groups, or a short run of them as typed or read by OCR ("FR76  3000")
                    int k = j;
                    while (k < n && k - j < 3 && (s.charAt(k) == ' ' || s.charAt(k) == '-' || s.charAt(k) == '\u00A0')) {
                        k++;
                    }
                    if (k >= n || !CharClasses.isAsciiAlnum(s.charAt(k))) {
                        break;
                    }
                    j = k;
                } else {
                    break;
                }
            }
            if (iban.length() != len || (j < n && CharClasses.isAsciiAlnum(s.charAt(j)))) {
                continue;
            }
            if (mod97(iban) == 1) {
                out.add(new Candidate(EntityKind.IBAN, i, j, Candidate.P_CHECKSUM));
                i = j - 1;
            }
        }
    }

    /** ISO 7064 mod 97-10 over an IBAN (country, check digits, BBAN); 1 means valid. */
    public static int mod97(CharSequence iban) {
        int len = iban.length();
        int r = 0;
        for (int k = 0; k < len; k++) {
            char c = iban.charAt((k + 4) % len);
            if (CharClasses.isAsciiDigit(c)) {
                r = (r * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                r = (r * 100 + (c - 'A' + 10)) % 97;
            } else if (c >= 'a' && c <= 'z') {
                r = (r * 100 + (c - 'a' + 10)) % 97;
            } else {
                return -1;
            }
        }
        return r;
    }

    public static boolean isValid(String iban) {
        String compact = iban.replaceAll("[\\s-]", "").toUpperCase(java.util.Locale.ROOT);
        Integer len = compact.length() >= 4 ? LENGTHS.get(compact.substring(0, 2)) : null;
        return len != null && compact.length() == len && mod97(compact) == 1;
    }
}
