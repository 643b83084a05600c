package dev.understudy.privacy.redact;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Postal addresses, parsed over the word tokens (no regex):
 * <ul>
 *   <li>North American / UK / Australian: house number, optional directional, 1–4 street-name words,
 *       a street suffix (Street, Ave, Blvd ...), optional directional and unit (Apt 4B, Suite 200,
 *       #12), then optionally city, state or province and ZIP / postcode;</li>
 *   <li>continental: street name ending in a suffix (Hauptstraße, Kingsway, Maple Avenue) or
 *       starting with a street word (Calle, Via, Rue, Rua ...), house number, optional postcode and
 *       city ("Kingsway 72, 10115 Berlin"); and "12 rue de la Paix, 75002 Paris";</li>
 *   <li>P.O. boxes.</li>
 * </ul>
 *
 * <p>Slightly over 400 lines: the street-type, unit and country tables are most of it. Issue 13
 * (European addresses) reworks this detector; its tables move to resource files then.
 */
public final class AddressDetector implements Detector {
    private static final java.util.regex.Pattern RX1 = java.util.regex.Pattern.compile("\\d{1,3}(st|nd|rd|th)");
    private static final java.util.regex.Pattern RX2 = java.util.regex.Pattern.compile("[ .,]{1,3}");
    private static final java.util.regex.Pattern RX3 = java.util.regex.Pattern.compile("[ ,]{0,2}#");
    private static final java.util.regex.Pattern RX4 = java.util.regex.Pattern.compile("\\d{5}(-\\d{4})?");
    private static final java.util.regex.Pattern RX5 = java.util.regex.Pattern.compile("\\d{4}");
    private static final java.util.regex.Pattern RX6 = java.util.regex.Pattern.compile("[A-Z]{2}");
    private static final java.util.regex.Pattern RX7 = java.util.regex.Pattern.compile("[A-Z]{1,2}\\d[A-Z\\d]?");
    private static final java.util.regex.Pattern RX8 = java.util.regex.Pattern.compile("\\d[A-Z]{2}");
    private static final java.util.regex.Pattern RX9 = java.util.regex.Pattern.compile("[A-Z]\\d[A-Z]");
    private static final java.util.regex.Pattern RX10 = java.util.regex.Pattern.compile("\\d[A-Z]\\d");
    private static final java.util.regex.Pattern RX11 = java.util.regex.Pattern.compile("\\d{1,4}[a-zA-Z]?(-\\d{1,4})?");


    private static final Set<String> SUFFIXES = CharClasses.set("street", "st", "avenue", "ave", "av", "road", "rd",
            "boulevard", "blvd", "lane", "ln", "drive", "dr", "court", "ct", "way", "place", "pl", "terrace",
            "ter", "parkway", "pkwy", "circle", "cir", "highway", "hwy", "square", "sq", "trail", "trl", "loop",
            "alley", "aly", "plaza", "plz", "crescent", "cres", "close", "grove", "gardens", "gdns", "mews", "row",
            "walk", "hill", "park", "pike", "expressway", "expy", "freeway", "fwy", "turnpike", "tpke", "run",
            "path", "point", "pt", "ridge", "view", "crossing", "xing", "landing", "bend", "cove", "glen", "heights",
            "hts", "meadow", "meadows", "green", "wharf", "quay", "embankment", "broadway", "esplanade", "parade",
            "pde", "rise", "vale", "hollow", "commons", "center", "centre", "route", "rte", "causeway", "wynd",
            "strand", "market", "yard", "chase", "passage", "pass", "track", "st.", "ave.");
    private static final String[] WORD_SUFFIXES = {"straße", "strasse", "str", "weg", "gasse", "platz", "allee",
        "ring", "damm", "ufer", "chaussee", "steig", "pfad", "laan", "straat", "gracht", "kade", "plein", "singel",
        "dijk", "vej", "gade", "gatan", "vägen", "gränd", "veien", "gata", "katu", "tie", "utca", "way", "gate"};
    private static final Set<String> STREET_WORDS = CharClasses.set("calle", "via", "viale", "rue", "rua", "avenida",
            "avenue", "av", "avda", "piazza", "corso", "largo", "paseo", "plaza", "carrer", "camino", "travessa",
            "praça", "praca", "ulica", "ul", "boulevard", "bd", "chemin", "allée", "allee", "impasse", "place",
            "quai", "cours", "strada", "vicolo", "rambla", "ronda", "estrada", "alameda", "calzada", "jalan", "jl",
            "ulitsa", "prospekt", "caddesi", "sokak", "straße");
    private static final Set<String> UNITS = CharClasses.set("apt", "apartment", "suite", "ste", "unit", "fl", "floor",
            "rm", "room", "bldg", "building", "flat", "dept", "po", "lot", "space", "box", "no", "nr");
    private static final Set<String> DIRECTIONS = CharClasses.set("n", "s", "e", "w", "ne", "nw", "se", "sw", "north",
            "south", "east", "west", "northeast", "northwest", "southeast", "southwest");
    private static final Set<String> REGIONS = CharClasses.set("al", "ak", "az", "ar", "ca", "co", "ct", "de", "dc", "fl",
            "ga", "hi", "id", "il", "in", "ia", "ks", "ky", "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt",
            "ne", "nv", "nh", "nj", "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx",
            "ut", "vt", "va", "wa", "wv", "wi", "wy", "pr", "gu", "vi", "on", "qc", "bc", "ab", "mb", "sk", "ns",
            "nb", "nl", "pe", "nt", "yt", "nu", "nsw", "vic", "qld", "tas", "act", "alabama", "alaska", "arizona",
            "arkansas", "california", "colorado", "connecticut", "delaware", "florida", "georgia", "hawaii",
            "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine", "maryland",
            "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska", "nevada",
            "ohio", "oklahoma", "oregon", "pennsylvania", "tennessee", "texas", "utah", "vermont", "virginia",
            "washington", "wisconsin", "wyoming", "ontario", "quebec", "alberta", "manitoba");

    @Override
    public EntityKind kind() {
        return EntityKind.ADDRESS;
    }

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        if (scan.digitCount() == 0) {
            return;
        }
        List<TextScan.Word> w = scan.words();
        String s = scan.text();
        int n = w.size();
        int i = 0;
        while (i < n) {
            int end = -1;
            if (houseNumber(s, w.get(i))) {
                end = numberFirst(s, w, i);
            }
            if (end < 0) {
                end = streetFirst(s, w, i);
            }
            if (end < 0) {
                end = poBox(s, w, i);
            }
            if (end >= 0) {
                int endChar = endOf(s, w, end);
                out.add(new Candidate(EntityKind.ADDRESS, w.get(i).start(), endChar, Candidate.P_ADDRESS));
                i = end + 1;
            } else {
                i++;
            }
        }
    }

    /** Include a period closing an abbreviation ("St.", "Ave.") when more address text does not follow. */
    private static int endOf(String s, List<TextScan.Word> w, int last) {
        TextScan.Word word = w.get(last);
        int e = word.end();
        String k = low(word);
        if (e < s.length() && s.charAt(e) == '.' && (SUFFIXES.contains(k) || DIRECTIONS.contains(k)) && k.length() <= 4) {
            return e + 1;
        }
        return e;
    }

    private static String low(TextScan.Word w) {
        return w.text().toLowerCase(Locale.ROOT);
    }

    private static boolean houseNumber(String s, TextScan.Word w) {
        String t = w.text();
        int digits = 0;
        int k = 0;
        while (k < t.length() && CharClasses.isAsciiDigit(t.charAt(k))) {
            digits++;
            k++;
        }
        if (digits == 0 || digits > 6 || t.charAt(0) == '0') {
            return false;
        }
        String rest = t.substring(k);
        if (!(rest.isEmpty() || (rest.length() == 1 && Character.isLetter(rest.charAt(0)))
                || (rest.startsWith("-") && rest.length() <= 6))) {
            return false;
        }
        int st = w.start();
        if (st > 0) {
            char p = s.charAt(st - 1);
            if (p == '$' || p == '#' || p == '€' || p == '£' || p == '.' || p == ',' || p == ':' || p == '/'
                    || p == '+' || p == '-' || p == '¥' || CharClasses.isAsciiDigit(p)) {
                return false;
            }
        }
        int e = w.end();
        if (e < s.length()) {
            char c = s.charAt(e);
            if (c == '.' || c == ':' || c == '/' || c == '%') {
                return false;
            }
        }
        return true;
    }

    /** Separator between words a and b: true when only spaces (and optionally one comma/period) lie between. */
    private static boolean sep(String s, List<TextScan.Word> w, int a, int b, boolean comma) {
        int from = w.get(a).end();
        int to = w.get(b).start();
        if (to - from < 1 || to - from > 3) {
            return false;
        }
        int commas = 0;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c == ',' || c == '.') {
                if (!comma && c == ',') {
                    return false;
                }
                commas++;
            } else if (!(c == ' ' || c == '\u00A0' || (c == '+' && to - from == 1))) {
                return false; // '+' is a space in a query string ("q=742+Evergreen+Terrace")
            }
        }
        return commas <= 1 && (to - from) - commas <= 2;
    }

    private static boolean capitalised(TextScan.Word w) {
        return Character.isUpperCase(w.text().charAt(0));
    }

    private static boolean ordinal(TextScan.Word w) {
        String t = low(w);
        return RX1.matcher(t).matches();
    }

    private static boolean wordSuffix(TextScan.Word w) {
        String t = low(w);
        if (!capitalised(w)) {
            return false;
        }
        for (String suf : WORD_SUFFIXES) {
            if (t.endsWith(suf) && t.length() > suf.length() + 2) {
                return true;
            }
        }
        return false;
    }

    /** "981 Sunset Blvd, Austin, TX 78701" and friends; returns the index of the last word or -1. */
    private static int numberFirst(String s, List<TextScan.Word> w, int i) {
        int n = w.size();
        int j = i + 1;
        if (j >= n || !sep(s, w, i, j, true)) {
            return -1;
        }
        // French / Spanish: "12 rue de la Paix", "5, Calle Mayor"
        if (STREET_WORDS.contains(low(w.get(j)))) {
            int k = j + 1;
            int nameWords = 0;
            while (k < n && sep(s, w, k - 1, k, false) && nameWords < 5
                    && (capitalised(w.get(k)) || isParticle(low(w.get(k))))) {
                if (capitalised(w.get(k))) {
                    nameWords++;
                }
                k++;
            }
            if (nameWords == 0) {
                return -1;
            }
            return tail(s, w, k - 1);
        }
        if (DIRECTIONS.contains(low(w.get(j))) && capitalised(w.get(j)) && j + 1 < n && sep(s, w, j, j + 1, true)) {
            j++;
        }
        int nameWords = 0;
        int k = j;
        while (k < n && nameWords <= 4) {
            TextScan.Word word = w.get(k);
            String t = low(word);
            if (k > j && !sep(s, w, k - 1, k, true)) {
                return -1;
            }
            if (k > j && SUFFIXES.contains(t) && nameWords >= 1 && (capitalised(word) || t.length() > 3)) {
                int last = k;
                if (last + 1 < n && DIRECTIONS.contains(low(w.get(last + 1))) && capitalised(w.get(last + 1))
                        && sep(s, w, last, last + 1, false)) {
                    last++;
                }
                return tail(s, w, last);
            }
            if (wordSuffix(word) && nameWords <= 2) {
                return tail(s, w, k);
            }
            if (capitalised(word) || ordinal(word)) {
                nameWords++;
                k++;
                continue;
            }
            return -1;
        }
        return -1;
    }

    private static boolean isParticle(String t) {
        return t.equals("de") || t.equals("la") || t.equals("del") || t.equals("des") || t.equals("du")
                || t.equals("da") || t.equals("do") || t.equals("dos") || t.equals("di") || t.equals("le")
                || t.equals("los") || t.equals("las") || t.equals("della") || t.equals("l") || t.equals("d")
                || t.equals("san") || t.equals("santa");
    }

    /** Unit, city, region, postcode after the street; returns the last word index consumed. */
    private static int tail(String s, List<TextScan.Word> w, int last) {
        int n = w.size();
        int k = last + 1;
        // unit: "Apt 4B", "Suite 200", "#12", "Unit 5"
        if (k < n) {
            int from = w.get(last).end();
            int to = w.get(k).start();
            String gap = s.substring(from, to);
            if (RX2.matcher(gap).matches() && UNITS.contains(low(w.get(k))) && k + 1 < n && sep(s, w, k, k + 1, true)
                    && (w.get(k + 1).hasDigit() || w.get(k + 1).text().length() <= 2)) {
                last = k + 1;
                k = last + 1;
            } else if (RX3.matcher(gap).matches() && w.get(k).hasDigit()) {
                last = k;
                k = last + 1;
            }
        }
        // city words then region and/or postcode
        int cityEnd = -1;
        int c = k;
        if (c < n && commaOrSpace(s, w, last, c) && capitalised(w.get(c)) && !w.get(c).hasDigit()) {
            int words = 0;
            int e = c;
            while (e < n && words < 3 && capitalised(w.get(e)) && !w.get(e).hasDigit()
                    && (e == c || sep(s, w, e - 1, e, false) || dotGap(s, w, e - 1, e))) {
                if (REGIONS.contains(low(w.get(e))) && w.get(e).allUpper() && e > c) {
                    break;
                }
                words++;
                e++;
            }
            cityEnd = e - 1;
        }
        if (cityEnd >= 0) {
            int r = cityEnd + 1;
            int after = regionAndPostcode(s, w, cityEnd, r);
            if (after >= 0) {
                return after;
            }
            return last; // a city alone is not enough to be sure
        }
        // postcode directly: "..., 10115 Berlin" handled in streetFirst; "... Street, SW1A 2AA"
        int p = postcode(s, w, k);
        if (p >= 0 && commaOrSpace(s, w, last, k)) {
            // European order: postcode then city ("75002 Paris", "10115 Berlin")
            int c2 = p;
            while (c2 + 1 < n && c2 - p < 2 && capitalised(w.get(c2 + 1)) && !w.get(c2 + 1).hasDigit()
                    && sep(s, w, c2, c2 + 1, false)) {
                c2++;
            }
            return c2;
        }
        return last;
    }

    private static boolean dotGap(String s, List<TextScan.Word> w, int a, int b) {
        int from = w.get(a).end();
        int to = w.get(b).start();
        return to - from == 2 && s.charAt(from) == '.' && s.charAt(from + 1) == ' ';
    }

    private static boolean commaOrSpace(String s, List<TextScan.Word> w, int a, int b) {
        int from = w.get(a).end();
        int to = w.get(b).start();
        if (to - from < 1 || to - from > 3) {
            return false;
        }
        for (int k = from; k < to; k++) {
            char ch = s.charAt(k);
            if (!(ch == ' ' || ch == ',' || ch == '\u00A0' || ch == '.')) {
                return false;
            }
        }
        return true;
    }

    /** After a city: ", TX 78701", " CA", ", Ontario K1A 0B1", " 94043", ", NSW 2000". */
    private static int regionAndPostcode(String s, List<TextScan.Word> w, int cityEnd, int r) {
        int n = w.size();
        if (r >= n || !commaOrSpace(s, w, cityEnd, r)) {
            return -1;
        }
        String t = low(w.get(r));
        if (REGIONS.contains(t) && (w.get(r).allUpper() || capitalised(w.get(r)) && t.length() > 3)) {
            int p = r + 1 < n && commaOrSpace(s, w, r, r + 1) ? postcode(s, w, r + 1) : -1;
            return p >= 0 ? p : r;
        }
        int p = postcode(s, w, r);
        return p;
    }

    /** A postcode starting at word k: US ZIP(+4), 4–5 digit, UK, Canadian, Dutch. Returns last word index. */
    static int postcode(String s, List<TextScan.Word> w, int k) {
        int n = w.size();
        if (k >= n) {
            return -1;
        }
        String t = w.get(k).text();
        if (RX4.matcher(t).matches() || RX5.matcher(t).matches()) {
            if (t.length() == 4 && k + 1 < n && RX6.matcher(w.get(k + 1).text()).matches() && sep(s, w, k, k + 1, false)) {
                return k + 1; // NL "1234 AB"
            }
            return k;
        }
        if (RX7.matcher(t).matches() && k + 1 < n && RX8.matcher(w.get(k + 1).text()).matches()
                && sep(s, w, k, k + 1, false)) {
            return k + 1; // UK
        }
        if (RX9.matcher(t).matches() && k + 1 < n && RX10.matcher(w.get(k + 1).text()).matches()
                && sep(s, w, k, k + 1, false)) {
            return k + 1; // Canada
        }
        return -1;
    }

    /** "Kingsway 72, 10115 Berlin", "Calle Mayor 5", "Hauptstraße 12a". */
    private static int streetFirst(String s, List<TextScan.Word> w, int i) {
        int n = w.size();
        TextScan.Word first = w.get(i);
        if (!capitalised(first) || first.hasDigit()) {
            return -1;
        }
        boolean streetWord = STREET_WORDS.contains(low(first));
        int k = i;
        int words = 0;
        boolean suffix = false;
        while (k < n && words < 5) {
            TextScan.Word word = w.get(k);
            if (k > i && !sep(s, w, k - 1, k, false)) {
                return -1;
            }
            if (word.hasDigit()) {
                break;
            }
            String t = low(word);
            if (!(capitalised(word) || (streetWord && isParticle(t)))) {
                return -1;
            }
            if ((SUFFIXES.contains(t) && k > i && t.length() > 2) || wordSuffix(word)) {
                suffix = true;
            }
            words++;
            k++;
        }
        if (k >= n || k == i || !w.get(k).hasDigit() || !sep(s, w, k - 1, k, false)) {
            return -1;
        }
        String num = w.get(k).text();
        if (!RX11.matcher(num).matches()) {
            return -1;
        }
        int last = k;
        // postcode + city
        int p = k + 1 < n && commaOrSpace(s, w, k, k + 1) ? postcode(s, w, k + 1) : -1;
        if (p >= 0 && p + 1 < n && capitalised(w.get(p + 1)) && sep(s, w, p, p + 1, false)) {
            last = p + 1;
            while (last + 1 < n && capitalised(w.get(last + 1)) && sep(s, w, last, last + 1, false)
                    && last - p < 3) {
                last++;
            }
            return last;
        }
        if (!(suffix || streetWord)) {
            return -1;
        }
        // the number must not be a quantity: "Park Avenue 3 times" is rare; accept
        return last;
    }

    private static int poBox(String s, List<TextScan.Word> w, int i) {
        int n = w.size();
        String t = low(w.get(i));
        int k;
        if (t.equals("po") || t.equals("p")) {
            k = i + 1;
            if (t.equals("p") && k < n && low(w.get(k)).equals("o")) {
                k++;
            }
        } else if (t.equals("post") && i + 2 < n && low(w.get(i + 1)).equals("office")) {
            k = i + 2;
        } else {
            return -1;
        }
        if (k + 1 >= n || !low(w.get(k)).equals("box") || !w.get(k + 1).allDigits()) {
            return -1;
        }
        return tail(s, w, k + 1);
    }
}
