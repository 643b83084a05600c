package dev.understudy.privacy.redact;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Postal addresses written the way each country writes them, one small grammar per format, next
 * to the token-based {@link AddressDetector} (which it complements, not replaces):
 * <ul>
 *   <li>FR: {@code 71 bis rue de la République}, {@code 10 ter, boulevard Voltaire};</li>
 *   <li>ES / IT / PL / PT: street word first, number after ({@code Calle Mayor, 5, 3º B},
 *       {@code Via Roma 12/B}, {@code ul. Marszałkowska 59/42}, {@code Gran Vía 88, 8°A});</li>
 *   <li>DE / NL: a street name ending in a street word ({@code Friedrichstraße 12a},
 *       {@code Prinsengracht 147-II}) or any capitalised name with its house number when a valid
 *       postcode and a city follow ({@code Damrak 177, 1012 LM Amsterdam});</li>
 *   <li>UK: flats ({@code Flat 3, 22 Baker Street}) and full postcodes ({@code NW1 6XE});</li>
 *   <li>US: {@code 12 Market Street, Suite 400} and the state + ZIP ({@code HI 96814});</li>
 *   <li>postcodes with their city, validated by each country's format: {@code 69003 Lyon},
 *       {@code 00-624 Warszawa}, {@code 1015 CJ Amsterdam}; a five-digit code is taken only after a
 *       street, after an address label, or before a city of {@code cities.txt}.</li>
 * </ul>
 * Linear: each pattern is anchored on a digit or a street word and bounded in length.
 */
public final class PostalGrammarDetector implements Detector {

    /** A capitalised word, or a lower-case particle inside a street name. */
    private static final String NW = "(?:\\p{Lu}[\\p{L}\\p{M}'’.-]*|d[eu]|des|la|le|les|l['’]\\p{L}+|d['’]\\p{L}+|del|dei|degli|della|di|da|do|dos|das|van|der|den|het|de|y|i|of|the|am|an|im|zum|zur|auf)(?![\\p{L}\\p{M}])";
    private static final String NAME = NW + "(?:[ \\t]+" + NW + "){0,5}";
    private static final String CAPNAME = "\\p{Lu}[\\p{L}\\p{M}'’-]*(?:[ \\t]+" + NW + "){0,4}";
    private static final String HOUSE = "\\d{1,4}(?:[ \\t]?[a-zA-Z](?![\\p{L}]))?(?:[ \\t]?[/-][ \\t]?(?:\\d{1,4}[A-Za-z]?|I{1,3}|[A-Z]))?(?:[ \\t]hs)?(?![\\p{L}\\d])";
    private static final String FLOOR = "(?:,?[ \\t]*\\d{1,2}[ \\t]?[º°ª](?:[ \\t]?(?:[A-Z](?![\\p{L}])|\\d[ºª]|izq(?:da)?\\.?|dcha\\.?|dr(?:cha)?\\.?|centro|puerta[ \\t]\\d+))?)?";

    private static final Pattern FR = Pattern.compile("(?<![\\p{L}\\d])\\d{1,4}(?:[ \\t]?(?:bis|ter|quater|[a-d])(?![\\p{L}]))?[ \\t]*,?[ \\t]+"
            + "(?i:rue|avenue|av\\.|boulevard|bd|place|chemin|quai|allée|impasse|route|cours|square|passage|voie|cité"
            + "|esplanade|faubourg|rond-point|promenade|sentier|montée|lieu-dit)[ \\t]+" + NAME);
    private static final Pattern WORD_FIRST = Pattern.compile("(?<![\\p{L}])(?:(?i:gran[ \\t]v[ií]a)|(?:(?i:calle|c/|avenida|avda\\.?|paseo|plaza|carrer"
            + "|camino|ronda|rambla|travesía|viale|corso|piazza|piazzale|largo|vicolo|strada|contrada"
            + "|ul\\.|al\\.|ulica|aleja|pl\\.|os\\.|plac|rua|avenida|travessa|praça|largo)|Rua|Via)[ \\t]+" + NAME
            + ")[ \\t]*,?[ \\t]+(?:n\\.?[ºo°]?[ \\t]?)?" + HOUSE + FLOOR);
    private static final Pattern SUFFIX_STREET = Pattern.compile("(?<![\\p{L}])(?:" + NW + "[ \\t]+){0,3}\\p{Lu}[\\p{L}\\p{M}-]*"
            + "(?:straße|strasse|str\\.|weg|gasse|platz|allee|ring|damm|ufer|gracht|straat|laan|kade|plein|singel|dijk"
            + "|steeg|markt|hof|pad|dreef|park|gade|vej|gatan|vägen|veien)[ \\t]+" + HOUSE);
    private static final Pattern FLAT = Pattern.compile("(?<![\\p{L}])(?i:flat|apartment|apt\\.?|unit|suite|ste)[ \\t]+\\d{1,4}[A-Z]?,?[ \\t]+"
            + "\\d{1,5}[A-Z]?[ \\t]+" + CAPNAME);
    private static final Pattern EN_STREET = Pattern.compile("(?<![\\p{L}\\d])\\d{1,5}[A-Z]?[ \\t]+(?:\\p{Lu}[\\p{L}'’.-]*[ \\t]+){1,3}"
            + "(?:Street|St\\.?|Road|Rd\\.?|Avenue|Ave\\.?|Boulevard|Blvd\\.?|Lane|Ln\\.?|Drive|Dr\\.?|Terrace|Way|Place|Pl\\.?"
            + "|Court|Ct\\.?|Parkway|Pkwy|Close|Crescent|Gardens|Square|Highway|Hwy|Row|Mews|Grove|Hill|Walk)(?![\\p{L}])"
            + "(?:,?[ \\t]*(?:Suite|Ste\\.?|Apt\\.?|Unit|Floor|Fl\\.?|#)[ \\t]*\\w{1,5})?");
    /** Any capitalised street name and house number, when a postcode follows (checked in code). */
    private static final Pattern NAME_NUMBER = Pattern.compile("(?<![\\p{L}\\d])" + CAPNAME + "[ \\t]+" + HOUSE + FLOOR);

    private static final Pattern PC_NL = Pattern.compile("(?<![\\p{L}\\d])[1-9]\\d{3}[ \\t]?(?!SA|SD|SS)[A-Z]{2}(?![\\p{L}\\d])(?:[ \\t]+\\p{Lu}[\\p{L}\\p{M}'’-]*(?:[ \\t]\\p{Lu}[\\p{L}\\p{M}'’-]*)?)");
    private static final Pattern PC_PL = Pattern.compile("(?<![\\p{L}\\d-])\\d{2}-\\d{3}(?![\\d-])[ \\t]+\\p{Lu}[\\p{L}\\p{M}-]*");
    private static final Pattern PC_5 = Pattern.compile("(?<![\\p{L}\\d.,:/-])(?:[A-Z]{1,2}-)?\\d{5}(?![\\d.,:/-])[ \\t]+(\\p{Lu}[\\p{L}\\p{M}'’-]*(?:[ \\t]am[ \\t]\\p{Lu}\\p{L}+)?)");
    private static final Pattern PC_UK = Pattern.compile("(?<![\\p{L}\\d])(?:[A-PR-UWYZ][A-HK-Y]?\\d[A-Z\\d]?)[ \\t]?\\d[ABD-HJLNP-UW-Z]{2}(?![\\p{L}\\d])");
    private static final Pattern PC_US = Pattern.compile("(?<![\\p{L}])([A-Z]{2})[ \\t]+\\d{5}(?:-\\d{4})?(?![\\d])");

    private static final Set<String> US_STATES = CharClasses.set("al", "ak", "az", "ar", "ca", "co", "ct", "de", "dc",
            "fl", "ga", "hi", "id", "il", "in", "ia", "ks", "ky", "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt",
            "ne", "nv", "nh", "nj", "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut",
            "vt", "va", "wa", "wv", "wi", "wy", "pr");
    private static final Set<String> LABELS = CharClasses.set("address", "adresse", "adres", "dirección", "direccion",
            "indirizzo", "anschrift", "lieferadresse", "bezoekadres", "postadres", "ship to", "deliver to", "mailing address",
            "domicilio", "morada", "endereço", "rechnungsadresse", "adresa", "billing address", "invoice address");

    private static final String[] FR_WORDS = {"rue", "av", "bd", "boulevard", "place", "chemin", "quai", "allée",
        "impasse", "route", "cours", "square", "passage", "voie", "cité", "esplanade", "faubourg", "rond-point",
        "promenade", "sentier", "montée", "lieu-dit"};
    private static final String[] FIRST_WORDS = {"gran v", "calle", "c/", "avenida", "avda", "paseo", "plaza", "carrer",
        "camino", "ronda", "rambla", "travesía", "viale", "corso", "piazza", "largo", "vicolo", "strada", "contrada",
        "ul.", "al.", "ulica", "aleja", "pl.", "os.", "plac", "rua", "travessa", "praça", "via "};
    private static final String[] SUFFIX_WORDS = {"straße", "strasse", "str.", "weg", "gasse", "platz", "allee", "ring",
        "damm", "ufer", "gracht", "straat", "laan", "kade", "plein", "singel", "dijk", "steeg", "markt", "hof", "pad",
        "dreef", "park", "gade", "vej", "gatan", "vägen", "veien"};
    private static final String[] FLAT_WORDS = {"flat", "apartment", "apt", "unit", "suite", "ste"};
    private static final String[] EN_WORDS = {"street", "st", "road", "rd", "avenue", "ave", "boulevard", "blvd", "lane",
        "ln", "drive", "dr", "terrace", "way", "place", "pl", "court", "ct", "parkway", "pkwy", "close", "crescent",
        "gardens", "square", "highway", "hwy", "row", "mews", "grove", "hill", "walk"};

    private static boolean any(String low, String[] words) {
        for (String w : words) {
            if (low.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static volatile Set<String> cities;

    static Set<String> cities() {
        Set<String> c = cities;
        if (c == null) {
            Set<String> raw = Lexicon.load("cities.txt");
            java.util.HashSet<String> folded = new java.util.HashSet<>();
            for (String x : raw) {
                folded.add(Lexicon.key(x));
            }
            cities = c = Set.copyOf(folded);
        }
        return c;
    }

    @Override
    public EntityKind kind() {
        return EntityKind.ADDRESS;
    }

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        if (scan.digitCount() == 0) {
            return;
        }
        String s = scan.text();
        String low = s.toLowerCase(Locale.ROOT);
        int before = out.size();
        // each grammar runs only when one of its street words occurs (cheap checks keep short texts fast)
        if (any(low, FR_WORDS)) {
            add(FR, s, out);
        }
        if (any(low, FIRST_WORDS)) {
            add(WORD_FIRST, s, out);
        }
        if (any(low, SUFFIX_WORDS)) {
            add(SUFFIX_STREET, s, out);
        }
        if (any(low, FLAT_WORDS)) {
            add(FLAT, s, out);
        }
        if (any(low, EN_WORDS)) {
            add(EN_STREET, s, out);
        }
        int streets = out.size() - before;
        boolean label = label(s);
        int lastStreetEnd = -1;
        for (int k = before; k < out.size(); k++) {
            lastStreetEnd = Math.max(lastStreetEnd, out.get(k).end());
        }
        Matcher m = PC_NL.matcher(s);
        while (m.find()) {
            out.add(new Candidate(EntityKind.ADDRESS, m.start(), m.end(), Candidate.P_ADDRESS));
        }
        m = PC_PL.matcher(s);
        while (m.find()) {
            out.add(new Candidate(EntityKind.ADDRESS, m.start(), m.end(), Candidate.P_ADDRESS));
        }
        m = PC_UK.matcher(s);
        while (m.find()) {
            if (ukPostcodeContext(s, m.start(), m.end())) {
                out.add(new Candidate(EntityKind.ADDRESS, m.start(), m.end(), Candidate.P_ADDRESS));
            }
        }
        m = PC_US.matcher(s);
        while (m.find()) {
            if (US_STATES.contains(m.group(1).toLowerCase(Locale.ROOT)) && m.start() > 0
                    && (s.charAt(m.start() - 1) == ' ' || s.charAt(m.start() - 1) == ',')) {
                out.add(new Candidate(EntityKind.ADDRESS, m.start(), m.end(), Candidate.P_ADDRESS));
            }
        }
        m = PC_5.matcher(s);
        while (m.find()) {
            boolean city = cities().contains(Lexicon.key(m.group(1)));
            boolean afterStreet = streets > 0 && m.start() >= lastStreetEnd - 1 && m.start() - lastStreetEnd < 40;
            if (city || afterStreet || label) {
                out.add(new Candidate(EntityKind.ADDRESS, m.start(), m.end(), Candidate.P_ADDRESS));
            }
        }
        // a capitalised street and house number right before a postcode found above
        int pcs = out.size();
        if (pcs == before + streets) {
            return;
        }
        m = NAME_NUMBER.matcher(s);
        while (m.find()) {
            int after = m.end();
            while (after < s.length() && (s.charAt(after) == ' ' || s.charAt(after) == ',' || s.charAt(after) == '\n'
                    || s.charAt(after) == '\t')) {
                after++;
            }
            boolean pcFollows = false;
            for (int k = before + streets; k < pcs; k++) {
                if (out.get(k).start() == after) {
                    pcFollows = true;
                    break;
                }
            }
            if (pcFollows && !coveredBy(out, before, before + streets, m.start(), m.end())) {
                out.add(new Candidate(EntityKind.ADDRESS, trimStart(s, m.start(), m.end()), m.end(), Candidate.P_ADDRESS));
            }
        }
    }

    /** Drops a leading label word the capitalised-name pattern took in ("Bezoekadres Damrak 12"). */
    private static int trimStart(String s, int st, int en) {
        int sp = s.indexOf(' ', st);
        if (sp > st && sp < en && LABELS.contains(s.substring(st, sp).toLowerCase(Locale.ROOT))) {
            return sp + 1;
        }
        return st;
    }

    private static boolean coveredBy(List<Candidate> out, int from, int to, int st, int en) {
        for (int k = from; k < to; k++) {
            Candidate c = out.get(k);
            if (c.start() <= st && c.end() >= en) {
                return true;
            }
        }
        return false;
    }

    private static void add(Pattern p, String s, List<Candidate> out) {
        Matcher m = p.matcher(s);
        while (m.find()) {
            int e = m.end();
            while (e > m.start() && (s.charAt(e - 1) == ' ' || s.charAt(e - 1) == ',')) {
                e--;
            }
            out.add(new Candidate(EntityKind.ADDRESS, m.start(), e, Candidate.P_ADDRESS));
        }
    }

    /** A UK postcode counts with a space inside, or after a town or a comma ("London NW1 6XE"). */
    private static boolean ukPostcodeContext(String s, int st, int en) {
        String pc = s.substring(st, en);
        if (pc.indexOf(' ') > 0) {
            return true;
        }
        return st > 0 && (s.charAt(st - 1) == ' ' || s.charAt(st - 1) == ',') && pc.length() >= 6;
    }

    private static boolean label(String s) {
        String low = s.toLowerCase(Locale.ROOT);
        for (String l : LABELS) {
            int i = low.indexOf(l);
            if (i >= 0 && (i == 0 || !Character.isLetter(low.charAt(i - 1)))) {
                return true;
            }
        }
        return false;
    }
}
