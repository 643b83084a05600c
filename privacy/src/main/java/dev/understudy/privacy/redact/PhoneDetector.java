package dev.understudy.privacy.redact;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.List;

/**
 * Phone numbers. libphonenumber's {@code findNumbers} (leniency POSSIBLE, so numbers in ranges
 * not yet assigned still count) finds international numbers ({@code +44 20 ...}) and national
 * numbers of the default region; each find must then look like a phone as written: a leading
 * {@code +}/{@code 00}, an area code in parentheses, separated digit groups, or a phone cue
 * ("tel", "call", "mobile" ...) nearby. A bare run of digits without a cue (an order or account
 * number) is not taken, nor dates, IPs, prices, or digits glued to letters. A small fallback finds
 * other national formats ("Tel: 030 1234 5678") after a cue.
 */
public final class PhoneDetector implements Detector {
    private static final java.util.regex.Pattern NON_DIGIT = java.util.regex.Pattern.compile("[^0-9]");
    private static final java.util.regex.Pattern DIGIT = java.util.regex.Pattern.compile("[0-9]");
    private static final java.util.regex.Pattern NANP = java.util.regex.Pattern.compile(
            "\\(999\\) ?999[-. ]9999|999([-. ])999\\19999|9([-. ])999\\2999\\29999|9 \\(999\\) ?999[-. ]9999");
    private static final java.util.regex.Pattern GROUPED = java.util.regex.Pattern.compile(
            "9{3}[-. ]9{3}[-. ]9{4}|1[-. ]9{3}[-. ]9{3}[-. ]9{4}|9{3}-9{4}|(?:9{2}[ .]){4}9{2}|09+");
    private static final java.util.regex.Pattern SSN_SHAPE = java.util.regex.Pattern.compile("9{3}[- ]9{2}[- ]9{4}");
    private static final java.util.regex.Pattern DATE_SHAPE = java.util.regex.Pattern.compile(
            "9{4}-9{2}-9{2}.*|9{2}[-.]9{2}[-.]9{4}.*");
    private static final java.util.regex.Pattern ZIP4 = java.util.regex.Pattern.compile("\\d{5}-\\d{4}");


    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private final String region;

    public PhoneDetector() {
        this("US");
    }

    /** {@code region}: ISO 3166 code used for numbers written without a country code. */
    public PhoneDetector(String region) {
        this.region = region;
    }

    @Override
    public EntityKind kind() {
        return EntityKind.PHONE;
    }

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        if (scan.digitCount() < 7) {
            return;
        }
        String s = scan.text();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            boolean start = CharClasses.isAsciiDigit(c) || ((c == '+' || c == '(') && i + 1 < n && CharClasses.isAsciiDigit(s.charAt(i + 1)));
            if (!start || (i > 0 && (CharClasses.isWordChar(s.charAt(i - 1)) || s.charAt(i - 1) == '+'
                    || s.charAt(i - 1) == '(' || s.charAt(i - 1) == '$' || s.charAt(i - 1) == '€' || s.charAt(i - 1) == '£'))) {
                i++;
                continue;
            }
            // a run of digit groups joined by single phone separators
            int j = i;
            int digits = 0;
            int lastDigit = i;
            while (j < n) {
                char d = s.charAt(j);
                if (CharClasses.isAsciiDigit(d)) {
                    digits++;
                    lastDigit = j + 1;
                    j++;
                } else if ((d == ' ' || d == '-' || d == '.' || d == '(' || d == ')' || d == '+' || d == '/'
                        || d == '\u00A0') && j + 1 < n && (CharClasses.isAsciiDigit(s.charAt(j + 1))
                        || ((d == ' ' || d == ')') && j + 2 < n && (s.charAt(j + 1) == '(' || s.charAt(j + 1) == ' ')
                            && CharClasses.isAsciiDigit(s.charAt(j + 2))) || s.charAt(j + 1) == '(')) {
                    j++;
                } else if (d == ')' && j > i) {
                    j++;
                } else {
                    break;
                }
            }
            if (digits >= 7 && digits <= 17 && CharClasses.rightBoundary(s, lastDigit)) {
                candidate(s, i, lastDigit, out);
            }
            i = Math.max(j, i + 1);
        }
    }

    /** Decides one phone-shaped run: fast paths for "+CC ..." and North American shapes, else libphonenumber. */
    private void candidate(String s, int st, int en, List<Candidate> out) {
        String raw = s.substring(st, en);
        if (en < s.length() && (s.charAt(en) == '%' || ((s.charAt(en) == '.' || s.charAt(en) == '-'
                || s.charAt(en) == '/' || s.charAt(en) == ':') && en + 1 < s.length() && CharClasses.isAsciiDigit(s.charAt(en + 1))))) {
            return;
        }
        if (st >= 2 && (s.charAt(st - 1) == '-' || s.charAt(st - 1) == '.' || s.charAt(st - 1) == ':'
                || s.charAt(st - 1) == '/' || s.charAt(st - 1) == '#' || s.charAt(st - 1) == '=')
                && CharClasses.isAsciiAlnum(s.charAt(st - 2)) && !phoneCue(s, st)) {
            return;
        }
        if (countDots(raw) >= 3 || looksLikeDate(raw) || (raw.indexOf('/') >= 0 && !raw.startsWith("+"))) {
            return; // IPs, versions, dates, fractions
        }
        StringBuilder digits = new StringBuilder(16);
        for (int k = 0; k < raw.length(); k++) {
            if (CharClasses.isAsciiDigit(raw.charAt(k))) {
                digits.append(raw.charAt(k));
            }
        }
        String d = digits.toString();
        String plain = raw.replace("(0)", "");
        if (raw.startsWith("+") || raw.startsWith("00") && !raw.startsWith("000")) {
            String intl = raw.startsWith("+") ? d : d.substring(2);
            if (raw.indexOf("(0)") >= 0) {
                intl = NON_DIGIT.matcher(plain).replaceAll("");
                if (raw.startsWith("00")) {
                    intl = intl.substring(2);
                }
            }
            if (possibleInternational(intl) && !looksLikeDate(raw) && countDots(raw) < 3) {
                out.add(new Candidate(EntityKind.PHONE, st, en, Candidate.P_PHONE));
            }
            return;
        }
        String shape = DIGIT.matcher(raw).replaceAll("9");
        if (d.length() >= 10 && d.length() <= 11 && nanpShape(shape)) {
            String national = d.length() == 11 ? d.substring(1) : d;
            if ((d.length() == 10 || d.charAt(0) == '1') && national.charAt(0) >= '2' && national.charAt(3) >= '2'
                    && !negativeCue(s, st)) {
                out.add(new Candidate(EntityKind.PHONE, st, en, Candidate.P_PHONE));
                return;
            }
        }
        // everything else: ask libphonenumber about this stretch (and a little context for cues)
        for (PhoneNumberMatch m : UTIL.findNumbers(raw, region, PhoneNumberUtil.Leniency.POSSIBLE, Long.MAX_VALUE)) {
            int ms = st + m.start();
            int me = st + m.end();
            if (accept(s, ms, me, m.number())) {
                out.add(new Candidate(EntityKind.PHONE, ms, me, Candidate.P_PHONE));
                return;
            }
        }
        if (d.length() <= 15 && (phoneCue(s, st) || validElsewhere(raw)) && !negativeCue(s, st)
                && !looksLikeDate(raw) && countDots(raw) < 3 && !ssnShape(raw)) {
            out.add(new Candidate(EntityKind.PHONE, st, en, Candidate.P_ADDRESS - 2)); // weaker than a full address
        }
    }

    private static int countDots(String raw) {
        int c = 0;
        for (int k = 0; k < raw.length(); k++) {
            if (raw.charAt(k) == '.') {
                c++;
            }
        }
        return c;
    }

    /** (415) 555-0132, 415-555-0132, 415.555.0132, 415 555 0132, 1-800-555-0199. */
    private static boolean nanpShape(String shape) {
        return NANP.matcher(shape).matches();
    }

    /** "+" followed by a country code in use and a national number of a possible length for it. */
    private static boolean possibleInternational(String digits) {
        for (int ccLen = 1; ccLen <= 3 && ccLen < digits.length(); ccLen++) {
            int cc = Integer.parseInt(digits.substring(0, ccLen));
            if (PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(UTIL.getRegionCodeForCountryCode(cc))
                    || !"ZZ".equals(UTIL.getRegionCodeForCountryCode(cc))) {
                if ("ZZ".equals(UTIL.getRegionCodeForCountryCode(cc))) {
                    continue;
                }
                String national = digits.substring(ccLen);
                if (national.length() < 4 || national.length() > 14) {
                    return false;
                }
                Phonenumber.PhoneNumber p = new Phonenumber.PhoneNumber().setCountryCode(cc)
                        .setNationalNumber(Long.parseLong(national));
                if (national.charAt(0) == '0') {
                    p.setItalianLeadingZero(true);
                }
                return UTIL.isPossibleNumber(p);
            }
        }
        return false;
    }

    private static boolean negativeCue(String s, int st) {
        return !phoneCue(s, st) && CharClasses.cue(s, st, 16, "order", "invoice", "inv", "ticket", "case", "ref",
                "reference", "po", "account", "acct", "id", "no", "nr", "number", "tracking", "sku", "part", "serial",
                "build", "version", "ver", "job", "run", "pr", "issue", "bug", "meeting", "zoom", "webex", "isbn",
                "policy", "claim", "confirmation", "booking", "reservation", "batch", "lot", "customer");
    }

    private static boolean phoneCue(String s, int st) {
        if (CharClasses.cue(s, st, 28, "tel", "phone", "ph", "call", "mobile", "mob", "cell", "fax", "whatsapp",
                "text", "sms", "telephone", "telefon", "téléphone", "teléfono", "tlf", "tél", "reach", "dial",
                "contact", "hotline", "landline", "phones", "tel.", "mobil", "handy", "ring", "cellphone")) {
            return true;
        }
                String w = CharClasses.before(s, st, 28);
        if (w.contains("my number") || w.contains("number is") || w.contains("your number") || w.contains("callback")
                || w.contains("call back") || w.contains("phone")) {
            return true;
        }
        // one-letter labels: "T: +44 ...", "M. 07700 ...", "(m) 555-..."
        int k = st - 1;
        while (k >= 0 && (s.charAt(k) == ' ' || s.charAt(k) == '\u00A0')) {
            k--;
        }
        if (k >= 1 && (s.charAt(k) == ':' || s.charAt(k) == '.' || s.charAt(k) == ')')) {
            int l = k - 1;
            if (s.charAt(k) == ')' && l >= 1 && s.charAt(l - 1) == '(') {
                l = l;
            }
            char c = Character.toLowerCase(s.charAt(l));
            boolean alone = l == 0 || !Character.isLetter(s.charAt(l - 1));
            return alone && "tmpfohwc".indexOf(c) >= 0;
        }
        return false;
    }

    private boolean accept(String s, int st, int en, Phonenumber.PhoneNumber num) {
        // glued to a word, or inside a longer number / identifier
        if (st > 0) {
            char p = s.charAt(st - 1);
            if (CharClasses.isWordChar(p) || p == '$' || p == '€' || p == '£' || p == '#' || p == '/'
                    || (p == '=' && !phoneCue(s, st))) {
                return false;
            }
            if ((p == '-' || p == '.' || p == ':') && st >= 2 && CharClasses.isAsciiAlnum(s.charAt(st - 2))) {
                return false;
            }
        }
        if (en < s.length()) {
            char c = s.charAt(en);
            if (CharClasses.isWordChar(c) || c == '%' || ((c == '.' || c == '-' || c == '/' || c == ':') && en + 1 < s.length()
                    && CharClasses.isAsciiDigit(s.charAt(en + 1)))) {
                return false;
            }
        }
        String raw = s.substring(st, en);
        int digits = 0;
        int groups = 0;
        int dots = 0;
        int dashes = 0;
        int slashes = 0;
        boolean inGroup = false;
        for (int k = 0; k < raw.length(); k++) {
            char c = raw.charAt(k);
            if (CharClasses.isAsciiDigit(c)) {
                digits++;
                if (!inGroup) {
                    groups++;
                    inGroup = true;
                }
            } else {
                inGroup = false;
                if (c == '.') {
                    dots++;
                } else if (c == '-') {
                    dashes++;
                } else if (c == '/') {
                    slashes++;
                }
            }
        }
        if (digits < 7 || digits > 15) {
            return false;
        }
        boolean plus = raw.startsWith("+") || raw.startsWith("00") || raw.startsWith("011");
        boolean parens = raw.indexOf('(') >= 0 && raw.indexOf(')') > raw.indexOf('(');
        if (slashes > 0 && !plus) {
            return false; // dates, fractions
        }
        if (dots >= 3 && !plus) {
            return false; // IPs, versions
        }
        if (looksLikeDate(raw)) {
            return false;
        }
        if (groups == 3 && ssnShape(raw)) {
            return false;
        }
        boolean cue = phoneCue(s, st);
        if (!plus && negativeCue(s, st)) {
            return false; // "Order 555-1234", "Meeting ID 845 2291 0034"
        }
        if (plus) {
            return UTIL.isPossibleNumber(num) || cue;
        }
        if (parens) {
            return true;
        }
        if (groups == 1) {
            // a bare run of digits: an order/account number unless something says "phone"
            return cue && (UTIL.isValidNumber(num) || digits >= 10);
        }
        // grouped national number: (xxx) xxx-xxxx, xxx-xxx-xxxx, xxx.xxx.xxxx, xx xx xx xx xx
        return cue || groupShape(raw) || UTIL.isValidNumber(num);
    }

    /** 3-3-4 or 3-4 grouping with one kind of separator, the usual North American shape. */
    private static boolean groupShape(String raw) {
        String d = DIGIT.matcher(raw).replaceAll("9");
        return GROUPED.matcher(d).matches();
    }

    private static boolean ssnShape(String raw) {
        String d = DIGIT.matcher(raw).replaceAll("9");
        return SSN_SHAPE.matcher(d).matches();
    }

    private static boolean looksLikeDate(String raw) {
        String d = DIGIT.matcher(raw).replaceAll("9");
        if (d.equals("99999999")) {
            return raw.startsWith("19") || raw.startsWith("20"); // 20240305
        }
        return DATE_SHAPE.matcher(d).matches();
    }

    private static final String[] OTHER_REGIONS = {"GB", "DE", "FR", "IN", "AU", "NL", "ES", "IT", "JP", "BR",
        "MX", "IE", "CA", "NG", "ZA", "KR", "CN", "SG"};

    /**
     * A national number written with a trunk 0 and grouped like a phone ("020 7946 0958") that is a
     * valid number in one of a few common regions.
     */
    private static boolean validElsewhere(String raw) {
        if (raw.charAt(0) != '0' && raw.charAt(0) != '(') {
            return false;
        }
        int groups = 0;
        boolean in = false;
        for (int k = 0; k < raw.length(); k++) {
            boolean d = CharClasses.isAsciiDigit(raw.charAt(k));
            if (d && !in) {
                groups++;
            }
            in = d;
        }
        if (ZIP4.matcher(raw).matches()) {
            return false; // US ZIP+4
        }
        if (groups < 2 || groups > 5 || looksLikeDate(raw) || raw.indexOf('.') >= 0 || raw.indexOf('/') >= 0) {
            return false;
        }
        for (String region : OTHER_REGIONS) {
            try {
                if (UTIL.isValidNumber(UTIL.parse(raw, region))) {
                    return true;
                }
            } catch (com.google.i18n.phonenumbers.NumberParseException e) {
                // not a number there
            }
        }
        return false;
    }

}
