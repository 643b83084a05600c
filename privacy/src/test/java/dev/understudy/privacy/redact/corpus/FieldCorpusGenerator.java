package dev.understudy.privacy.redact.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Writes the "field" corpus of issue 13: text as people write it (chat in lower case, mail, config
 * files, terminal lines, forms, OCR-style spacing), with names from many cultures, European
 * addresses, context-only secrets and cards typed with odd separators.
 *
 * <p>Two halves, each from its own seed, its own half of every template family (even templates
 * for dev, odd ones for held-out) and its own half of every value pool (names, streets, cities,
 * user names), so the held-out half is text written in other words and about other people:
 * {@code field-dev.jsonl} and {@code field-heldout.jsonl}. The held-out half was written once, before
 * any tuning, and is only evaluated, never trained or tuned on.
 *
 * <p>Run: {@code java ... FieldCorpusGenerator privacy/src/test/resources/corpus} (see
 * docs/benchmarks.md, "Redaction").
 */
public final class FieldCorpusGenerator {

    /** One labelled line under construction. */
    static final class B {
        final StringBuilder text = new StringBuilder();
        final List<String[]> pii = new ArrayList<>();
        final List<String> keep = new ArrayList<>();

        B t(String s) {
            text.append(s);
            return this;
        }

        B p(String kind, String s) {
            text.append(s);
            pii.add(new String[] {kind, s});
            return this;
        }

        /** Appends and labels as a string that must survive. */
        B k(String s) {
            text.append(s);
            keep.add(s);
            return this;
        }
    }

    private final Random r;
    private final boolean heldout;

    FieldCorpusGenerator(long seed, boolean heldout) {
        this.r = new Random(seed);
        this.heldout = heldout;
    }

    // ------------------------------------------------------------------ value pools (split by half)

    /** given names by culture; even entries go to dev, odd ones to held-out. */
    static final String[][] GIVEN = {
        // West African (Yoruba, Igbo, Akan, Wolof, Hausa)
        {"Adebayo", "Folasade", "Chinonso", "Obinna", "Yaw", "Akosua", "Abena", "Kwabena", "Moussa", "Aminata",
            "Fatou", "Ousmane", "Babajide", "Temitope", "Nneka", "Chukwuemeka", "Efua", "Kojo", "Mariama", "Ibrahima",
            "Bukola", "Olumide", "Adaeze", "Ebuka", "Halima", "Sani", "Yetunde", "Oluwadamilare"},
        // East African (Swahili, Kikuyu, Luo, Amharic, Somali)
        {"Wanjiku", "Njeri", "Otieno", "Achieng", "Baraka", "Neema", "Tesfaye", "Abebe", "Mekdes", "Liya",
            "Kiprono", "Chebet", "Amani", "Zawadi", "Hodan", "Abdirahman", "Mwangi", "Wairimu", "Habtamu", "Selam",
            "Jabari", "Makena", "Nyokabi", "Kamau"},
        // Vietnamese (given)
        {"Thảo", "Minh", "Lan", "Tuấn", "Hương", "Dũng", "Ngọc", "Phương", "Quang", "Huyền", "Tiến", "Trang", "Hải",
            "Linh", "Khoa", "Nhung", "Bảo", "Duy"},
        // Turkish
        {"Emre", "Zeynep", "Burak", "Elif", "Oğuz", "Şebnem", "Cem", "Gökçe", "Tolga", "Ayşegül", "Barış", "Nilüfer",
            "Kaan", "Derya", "Uğur", "Sıla"},
        // Polish
        {"Małgorzata", "Grzegorz", "Agnieszka", "Wojciech", "Katarzyna", "Przemysław", "Joanna", "Łukasz",
            "Zofia", "Krzysztof", "Bożena", "Jędrzej", "Ewa", "Mikołaj"},
        // Czech
        {"Jiří", "Tereza", "Petr", "Lenka", "Ondřej", "Kateřina", "Radek", "Zuzana", "Vojtěch", "Markéta", "Tomáš",
            "Barbora", "Jaroslav", "Šárka"},
        // Hawaiian
        {"Kalani", "Leilani", "Keoni", "Malia", "Kainoa", "Noelani", "Makoa", "Kaimana", "Ikaika", "Pualani",
            "Kekoa", "Healani"},
        // Andean (Quechua, Aymara) and Latin American
        {"Killa", "Inti", "Wayra", "Sumaq", "Amaru", "Yupanqui", "Nayra", "Rumi", "Kusi", "Pacha", "Ch'aska",
            "Illari"},
        // Irish
        {"Aoife", "Siobhán", "Niamh", "Cathal", "Oisín", "Caoimhe", "Tadhg", "Saoirse", "Ciarán", "Gráinne",
            "Pádraig", "Róisín", "Eoghan", "Clodagh"},
        // others, common in offices
        {"Priyanka", "Rohan", "Mei", "Jun", "Farah", "Omar", "Lucas", "Marta", "Hugo", "Inès", "Sven", "Astrid",
            "Carlos", "Ana", "Dmitri", "Olena", "Noor", "Hamid", "Yuto", "Hana", "Anjali", "Tariq"},
    };

    static final String[][] SURNAME = {
        {"Adeyemi", "Okonkwo", "Mensah", "Asante", "Diallo", "Ndiaye", "Babatunde", "Eze", "Owusu", "Boateng",
            "Sow", "Oyelaran", "Nwachukwu", "Ogunleye", "Sarr", "Traoré", "Abubakar", "Fofana", "Akinola", "Danjuma"},
        {"Kamau", "Wanjiru", "Odhiambo", "Mutua", "Kipchoge", "Tadesse", "Gebremariam", "Haile", "Mwangi",
            "Njoroge", "Achola", "Farah", "Warsame", "Kimani", "Onyango", "Bekele"},
        {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Huỳnh", "Võ", "Ngô"},
        {"Yılmaz", "Şahin", "Çelik", "Öztürk", "Aydın", "Kılıç", "Doğan", "Arslan", "Koç", "Kurt", "Özdemir",
            "Erdoğan"},
        {"Wiśniewski", "Wójcik", "Kamińska", "Zieliński", "Szymańska", "Woźniak", "Dąbrowski", "Kozłowska",
            "Jankowski", "Mazur", "Grabowska", "Pawłowski", "Brzęczyszczykiewicz", "Kwiatkowska"},
        {"Dvořák", "Novotná", "Černý", "Procházková", "Kučera", "Veselá", "Horák", "Němcová", "Pokorný",
            "Marek", "Růžička", "Beneš", "Fiala", "Sedláčková"},
        {"Kahananui", "Kealoha", "Akana", "Kamakau", "Nāone", "Kahale", "Keawe", "Makaiau", "Kanahele",
            "Kaleikini"},
        {"Quispe", "Mamani", "Condori", "Huanca", "Choque", "Ccori", "Apaza", "Yupanqui", "Ticona", "Huamán",
            "Limachi", "Cusi"},
        {"Ó Súilleabháin", "Mac Giolla Phádraig", "O'Donoghue", "Ní Bhriain", "Nic Aodha", "Ó Briain",
            "MacCarthy", "Ó Dónaill", "Ní Mhurchú", "Fitzgerald", "Ó Ceallaigh", "Breathnach"},
        {"Raghunathan", "Chen", "Kobayashi", "Haddad", "Lindqvist", "Moreau", "Rossi", "Schmidt", "Hosseini",
            "Petrenko", "Sato", "Rahman", "Karimi", "Ferreira", "Iyer", "Lefebvre"},
    };

    /** Surnames with particles: written as they are. */
    static final String[] PARTICLE_SURNAMES = {"van der Berg", "de la Cruz", "El Amrani", "Ní Bhriain", "van Dijk",
        "de Souza", "dos Santos", "von Hohenberg", "Al Mansouri", "da Silva", "ter Horst", "di Stefano", "Le Gall",
        "bin Hassan", "van den Broek", "del Río", "Mac an tSaoi", "de Oliveira", "El Idrissi", "ten Brink",
        "Abu Bakr", "della Rovere"};

    static final String[] TITLES = {"Dr.", "Dr", "Prof.", "Mr.", "Ms.", "Mrs", "Mx.", "Sr.", "Sra.", "Herr",
        "Frau", "Mme", "M.", "Pani", "Pan", "Ing.", "Mgr."};

    private static <T> List<T> half(T[] all, boolean odd) {
        List<T> out = new ArrayList<>();
        for (int i = odd ? 1 : 0; i < all.length; i += 2) {
            out.add(all[i]);
        }
        return out;
    }

    private <T> T pick(List<T> xs) {
        return xs.get(r.nextInt(xs.size()));
    }

    @SafeVarargs
    private <T> T any(T... xs) {
        return xs[r.nextInt(xs.length)];
    }

    private int culture() {
        return r.nextInt(GIVEN.length);
    }

    String given() {
        return pick(half(GIVEN[culture()], heldout));
    }

    String given(int c) {
        return pick(half(GIVEN[c], heldout));
    }

    String surname(int c) {
        if (r.nextInt(6) == 0) {
            return pick(half(PARTICLE_SURNAMES, heldout));
        }
        return pick(half(SURNAME[c], heldout));
    }

    String fullName() {
        int c = culture();
        if (c == 2 && r.nextBoolean()) { // Vietnamese order: family name first, middle name
            return pick(half(SURNAME[2], heldout)) + " " + any("Văn", "Thị", "Minh", "Đức", "Thu") + " " + given(2);
        }
        return given(c) + " " + surname(c);
    }

    // ------------------------------------------------------------------ structured values

    private String digits(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        return b.toString();
    }

    String cardDigits() {
        int kind = r.nextInt(5);
        return switch (kind) {
            case 0, 1 -> Values.luhnComplete("4" + digits(14));
            case 2 -> Values.luhnComplete("5" + (1 + r.nextInt(5)) + digits(13));
            case 3 -> Values.luhnComplete(any("34", "37") + digits(12));
            default -> Values.luhnComplete(any("6011", "2221", "3530") + digits(11));
        };
    }

    /** A card number as people type or paste it. */
    String card() {
        String d = cardDigits();
        if (d.length() == 15) {
            String[] g = {d.substring(0, 4), d.substring(4, 10), d.substring(10)};
            return switch (r.nextInt(3)) {
                case 0 -> g[0] + " " + g[1] + " " + g[2];
                case 1 -> g[0] + "  " + g[1] + "  " + g[2];
                default -> g[0] + "-" + g[1] + " " + g[2];
            };
        }
        String[] g = {d.substring(0, 4), d.substring(4, 8), d.substring(8, 12), d.substring(12)};
        return switch (r.nextInt(9)) {
            case 0 -> String.join(" ", g);
            case 1 -> String.join("  ", g); // double spaces
            case 2 -> g[0] + "-" + g[1] + " " + g[2] + "-" + g[3]; // mixed separators
            case 3 -> g[0] + " " + g[1] + "-" + g[2] + " " + g[3];
            case 4 -> d; // run together
            case 5 -> g[0] + " " + g[1].substring(0, 2) + " " + g[1].substring(2) + g[2] + " " + g[3]; // OCR spacing
            case 6 -> String.join(".", g);
            case 7 -> g[0] + " - " + g[1] + " - " + g[2] + " - " + g[3];
            default -> g[0] + "   " + g[1] + " " + g[2] + "  " + g[3];
        };
    }

    static String ibanCheck(String country, String bban) {
        String re = bban + country + "00";
        StringBuilder num = new StringBuilder();
        for (char c : re.toCharArray()) {
            num.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        int mod = new BigInteger(num.toString()).mod(BigInteger.valueOf(97)).intValue();
        return country + String.format(Locale.ROOT, "%02d", 98 - mod) + bban;
    }

    String iban() {
        String raw = switch (r.nextInt(6)) {
            case 0 -> ibanCheck("DE", digits(18));
            case 1 -> ibanCheck("FR", digits(10) + "A" + digits(10) + digits(2).substring(0, 1) + digits(1));
            case 2 -> ibanCheck("NL", any("ABNA", "INGB", "RABO") + digits(10));
            case 3 -> ibanCheck("PL", digits(24));
            case 4 -> ibanCheck("ES", digits(20));
            default -> ibanCheck("GB", any("NWBK", "BARC", "MIDL") + digits(14));
        };
        if (r.nextBoolean()) {
            return raw;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                b.append(r.nextInt(5) == 0 ? "  " : " ");
            }
            b.append(raw.charAt(i));
        }
        return b.toString();
    }

    String ssn() {
        int a = 1 + r.nextInt(665);
        int g = 1 + r.nextInt(99);
        int s = 1 + r.nextInt(9999);
        String sep = any("-", "-", " ");
        return String.format(Locale.ROOT, "%03d%s%02d%s%04d", a, sep, g, sep, s);
    }

    String user() {
        return pick(half(new String[] {"akosua", "tbui", "m.kowalczyk", "jiri.novak", "keoni", "aoife.obrien",
            "e.yilmaz", "nquispe", "wanjiku.k", "thao.nguyen", "ldvorak", "otieno"}, heldout));
    }

    String domain() {
        return pick(half(new String[] {"acme.io", "firma.pl", "example.cz", "hale-kai.org", "zuid.nl",
            "contoso.fr", "kilimo.co.ke", "lagos-tech.ng", "fabrikam.ie", "andes.pe"}, heldout));
    }

    String email() {
        return user() + "@" + domain();
    }

    String phone() {
        return switch (r.nextInt(6)) {
            case 0 -> "+48 " + digits(3) + " " + digits(3) + " " + digits(3);
            case 1 -> "+420 " + (6 + r.nextInt(2)) + digits(2) + " " + digits(3) + " " + digits(3);
            case 2 -> "+254 7" + digits(2) + " " + digits(6);
            case 3 -> "+44 20 7" + digits(3) + " " + digits(4);
            case 4 -> "+33 6 " + digits(2) + " " + digits(2) + " " + digits(2) + " " + digits(2);
            default -> "(808) 5" + digits(2) + "-" + digits(4);
        };
    }

    String ip() {
        return r.nextInt(4) == 0 ? "2001:db8:" + Integer.toHexString(r.nextInt(65535)) + "::" + (1 + r.nextInt(200))
                : (10 + r.nextInt(180)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String HEX = "0123456789abcdef";

    private String rand(String alphabet, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** Human passwords: words, digits and symbols. */
    String password() {
        String w = pick(half(new String[] {"Summer", "falcon", "Kilimanjaro", "mango", "Warszawa", "tiger",
            "Ohana", "pierogi", "Dublin", "lotus", "Nairobi", "coffee"}, heldout));
        return switch (r.nextInt(4)) {
            case 0 -> w + digits(4) + any("!", "#", "$", "?");
            case 1 -> rand(ALNUM, 12 + r.nextInt(8));
            case 2 -> w.toUpperCase(Locale.ROOT).charAt(0) + w.substring(1) + "_" + digits(2) + any("!", "*", "");
            default -> rand(ALNUM, 6) + any("-", "_", ".") + rand(ALNUM, 6);
        };
    }

    String base64(int n) {
        return rand(ALNUM + "+/", n) + "==";
    }

    // ------------------------------------------------------------------ addresses

    String addressStreet(String country) {
        String[] streets = switch (country) {
            case "FR" -> new String[] {"rue de la République", "avenue Jean Jaurès", "boulevard Voltaire",
                "rue Victor Hugo", "place Bellecour", "rue des Lilas", "chemin des Vignes", "quai Saint-Antoine"};
            case "PL" -> new String[] {"Marszałkowska", "Piotrkowska", "Długa", "Świętokrzyska", "Floriańska",
                "Grunwaldzka", "Mickiewicza", "Żeromskiego"};
            case "NL" -> new String[] {"Prinsengracht", "Keizersgracht", "Damrak", "Lange Voorhout", "Oudegracht",
                "Witte de Withstraat", "Coolsingel", "Stationsweg"};
            case "ES" -> new String[] {"Calle Mayor", "Calle de Alcalá", "Avenida de la Constitución",
                "Carrer de Balmes", "Paseo de Gracia", "Calle Larios", "Gran Vía", "Calle Sierpes"};
            case "IT" -> new String[] {"Via Roma", "Via Garibaldi", "Corso Vittorio Emanuele II", "Via dei Mille",
                "Piazza Navona", "Viale Mazzini", "Via Toledo", "Corso Buenos Aires"};
            case "DE" -> new String[] {"Hauptstraße", "Friedrichstraße", "Schillerstr.", "Am Lindenhof",
                "Goethestraße", "Bahnhofstraße", "Kastanienallee", "Sonnenweg"};
            case "UK" -> new String[] {"Baker Street", "Mill Lane", "Victoria Road", "Church Street",
                "Kings Road", "Station Road", "Queen's Drive", "Albert Terrace"};
            default -> new String[] {"Kapiolani Blvd", "Market Street", "Elm Avenue", "Sunset Drive",
                "Congress Ave", "Pine Street", "Maple Lane", "Ocean Parkway"};
        };
        return pick(half(streets, heldout));
    }

    record Place(String postcode, String city) {}

    Place place(String country) {
        String[][] ps = switch (country) {
            case "FR" -> new String[][] {{"69003", "Lyon"}, {"75011", "Paris"}, {"13001", "Marseille"},
                {"31000", "Toulouse"}, {"33000", "Bordeaux"}, {"44000", "Nantes"}};
            case "PL" -> new String[][] {{"00-624", "Warszawa"}, {"90-001", "Łódź"}, {"31-019", "Kraków"},
                {"80-831", "Gdańsk"}, {"50-077", "Wrocław"}, {"60-101", "Poznań"}};
            case "NL" -> new String[][] {{"1015 CJ", "Amsterdam"}, {"2514 JK", "Den Haag"},
                {"3511 AB", "Utrecht"}, {"3012 KN", "Rotterdam"}, {"5611 EM", "Eindhoven"}, {"9711 LM", "Groningen"}};
            case "ES" -> new String[][] {{"28013", "Madrid"}, {"08008", "Barcelona"}, {"41004", "Sevilla"},
                {"29005", "Málaga"}, {"46002", "Valencia"}, {"48001", "Bilbao"}};
            case "IT" -> new String[][] {{"00184", "Roma"}, {"20121", "Milano"}, {"80134", "Napoli"},
                {"10121", "Torino"}, {"50122", "Firenze"}, {"40126", "Bologna"}};
            case "DE" -> new String[][] {{"10117", "Berlin"}, {"80331", "München"}, {"20095", "Hamburg"},
                {"50667", "Köln"}, {"04109", "Leipzig"}, {"70173", "Stuttgart"}};
            case "UK" -> new String[][] {{"NW1 6XE", "London"}, {"M1 1AE", "Manchester"}, {"EH1 1YZ", "Edinburgh"},
                {"B33 8TH", "Birmingham"}, {"CF10 1EP", "Cardiff"}, {"LS1 4AP", "Leeds"}};
            default -> new String[][] {{"96814", "Honolulu, HI"}, {"94103", "San Francisco, CA"},
                {"78701", "Austin, TX"}, {"10001", "New York, NY"}, {"60601", "Chicago, IL"}, {"98101", "Seattle, WA"}};
        };
        String[] p = pick(half(ps, heldout));
        return new Place(p[0], p[1]);
    }

    static final String[] COUNTRIES = {"US", "UK", "DE", "FR", "ES", "IT", "NL", "PL"};

    /** Adds one address: labels the street part and the postcode as separate ADDRESS strings. */
    void address(B b, String country, boolean withPlace) {
        String street = addressStreet(country);
        Place pl = place(country);
        int no = 1 + r.nextInt(180);
        switch (country) {
            case "FR" -> {
                String num = no + (r.nextInt(4) == 0 ? any(" bis", " ter", "bis") : "");
                b.p("ADDRESS", num + (r.nextBoolean() ? ", " : " ") + street);
            }
            case "PL" -> b.p("ADDRESS", any("ul. ", "ul. ", "al. ", "") + street + " " + no
                    + (r.nextBoolean() ? "/" + (1 + r.nextInt(80)) : ""));
            case "ES" -> b.p("ADDRESS", street + (r.nextBoolean() ? ", " : " ") + no
                    + (r.nextBoolean() ? ", " + (1 + r.nextInt(9)) + any("º", "°", "º ") + any("B", "A", "izq.", "dcha.", "2ª") : ""));
            case "IT" -> b.p("ADDRESS", street + (r.nextBoolean() ? ", " : " ") + no + (r.nextInt(4) == 0 ? "/B" : ""));
            case "NL", "DE" -> b.p("ADDRESS", street + " " + no + (r.nextInt(4) == 0 ? any("a", "-II", " hs") : ""));
            case "UK" -> {
                if (r.nextBoolean()) {
                    b.p("ADDRESS", any("Flat ", "Flat ", "Apartment ") + (1 + r.nextInt(20)) + ", " + no + " " + street);
                } else {
                    b.p("ADDRESS", no + " " + street);
                }
            }
            default -> b.p("ADDRESS", no + " " + street + (r.nextBoolean() ? any(", Suite ", " Ste ", ", Apt ", " #")
                    + (1 + r.nextInt(900)) : ""));
        }
        if (!withPlace) {
            return;
        }
        b.t(any(", ", ", ", "\n", " "));
        if (country.equals("UK")) {
            b.t(pl.city() + " ").p("ADDRESS", pl.postcode());
        } else if (country.equals("US")) {
            b.t(pl.city() + " ").p("ADDRESS", pl.postcode());
        } else {
            b.p("ADDRESS", pl.postcode()).t(" " + pl.city());
        }
    }

    // ------------------------------------------------------------------ near misses (keep strings)

    String uuid() {
        return rand(HEX, 8) + "-" + rand(HEX, 4) + "-4" + rand(HEX, 3) + "-" + any("8", "9", "a", "b") + rand(HEX, 3) + "-"
                + rand(HEX, 12);
    }

    String commit() {
        return r.nextBoolean() ? rand(HEX, 40) : rand(HEX, 7);
    }

    String colour() {
        return "#" + rand(HEX, 6).toUpperCase(Locale.ROOT);
    }

    String timestamp() {
        return String.format(Locale.ROOT, "2026-%02d-%02dT%02d:%02d:%02dZ", 1 + r.nextInt(12), 1 + r.nextInt(28),
                r.nextInt(24), r.nextInt(60), r.nextInt(60));
    }

    String sku() {
        return any("SKU-", "SKU ", "ART-", "") + rand("ABCDEFGHJKLMNPQRSTUVWXYZ", 3) + "-" + digits(5);
    }

    String invoice() {
        return any("INV-2026-", "FV/2026/", "Rechnung Nr. 2026-", "FA-") + digits(5);
    }

    String product() {
        return pick(half(new String[] {"Jenkins pipeline", "Berlin office", "Google Sheets", "Visual Studio Code",
            "Microsoft Teams", "Salesforce", "Grafana dashboard", "Kubernetes cluster", "Adobe Acrobat", "Jira board",
            "Slack huddle", "Warsaw office", "Azure DevOps", "Notion page", "Figma file", "Lisbon office"}, heldout));
    }

    // ------------------------------------------------------------------ templates

    private final List<List<Consumer<B>>> families = new ArrayList<>();

    private void family(List<Consumer<B>> ts) {
        families.add(ts);
    }

    {
        // chat, names in lower case and in all forms
        family(List.of(
                b -> b.t("thanks ").p("PERSON", given().toLowerCase(Locale.ROOT)).t(" :)"),
                b -> b.t("ok ").p("PERSON", given().toLowerCase(Locale.ROOT)).t(" will do"),
                b -> b.t("hey ").p("PERSON", given().toLowerCase(Locale.ROOT)).t(" can u check the ").k(product()),
                b -> b.t("ty ").p("PERSON", given().toLowerCase(Locale.ROOT)).t("!! merged"),
                b -> b.t("@").p("PERSON", given().toLowerCase(Locale.ROOT)).t(" pls review before standup"),
                b -> b.t("cc ").p("PERSON", fullName().toLowerCase(Locale.ROOT)).t(" on this one"),
                b -> b.t("lol ").p("PERSON", given().toLowerCase(Locale.ROOT)).t(" broke the ").k(product()).t(" again"),
                b -> b.t("morning ").p("PERSON", given().toLowerCase(Locale.ROOT)).t(", standup moved to 10"),
                b -> b.t("asked ").p("PERSON", given().toLowerCase(Locale.ROOT)).t(" about ").k(invoice()),
                b -> b.t("np ").p("PERSON", given().toLowerCase(Locale.ROOT)).t(", see commit ").k(commit())));
        family(List.of(
                b -> b.t("Hi ").p("PERSON", fullName()).t(", the ").k(product()).t(" is green again."),
                b -> b.t("Dear ").p("PERSON", any(TITLES) + " " + surname(culture())).t(",\nplease find the contract attached."),
                b -> b.t("Meeting with ").p("PERSON", fullName()).t(" moved to ").k(timestamp()),
                b -> b.t("Kind regards,\n").p("PERSON", fullName()).t("\nOperations"),
                b -> b.t("I spoke to ").p("PERSON", fullName()).t(" yesterday about ").k(sku()),
                b -> b.t("Best,\n").p("PERSON", given()).t(""),
                b -> b.t("Forwarding to ").p("PERSON", any(TITLES) + " " + surname(culture())).t(" who owns the ").k(product()),
                b -> b.t("").p("PERSON", fullName()).t(" will join the call from the ").k(product()),
                b -> b.t("Can ").p("PERSON", given()).t(" cover for ").p("PERSON", fullName()).t(" next week?"),
                b -> b.t("Signed: ").p("PERSON", fullName()).t(", ").k(timestamp()),
                b -> b.t("Our new hire ").p("PERSON", fullName()).t(" starts Monday in the ").k(product()),
                b -> b.t("Per ").p("PERSON", given()).t("'s note, invoice ").k(invoice()).t(" is paid.")));
        family(List.of(
                b -> { int c = culture(); b.t("Name: ").p("PERSON", given(c) + " " + surname(c)); },
                b -> b.t("Contact person: ").p("PERSON", fullName()).t(" | Tel: ").p("PHONE", phone()),
                b -> b.t("Patient: ").p("PERSON", surname(culture()) + ", " + given()),
                b -> b.t("Full name ").p("PERSON", fullName()).t("   Date of birth 12/03/1988"),
                b -> b.t("Assignee: ").p("PERSON", fullName()).t("  Status: In progress"),
                b -> b.t("Emergency contact: ").p("PERSON", fullName()).t(", ").p("PHONE", phone()),
                b -> b.t("Cardholder: ").p("PERSON", fullName().toUpperCase(Locale.ROOT)),
                b -> b.t("Reviewer ").p("PERSON", fullName()).t(" approved ").k(commit())));
        // cards
        family(List.of(
                b -> b.t("card ").p("CREDIT_CARD", card()).t(" exp 09/28"),
                b -> b.t("can you charge ").p("CREDIT_CARD", card()).t(" for the ").k(invoice()),
                b -> b.t("Card number: ").p("CREDIT_CARD", card()),
                b -> b.t("pls use my visa ").p("CREDIT_CARD", card()).t(" thx"),
                b -> b.t("CC# ").p("CREDIT_CARD", card()).t("  CVV ***"),
                b -> b.t("").p("CREDIT_CARD", card()).t(" is the company card, order ").k(sku()),
                b -> b.t("Payment method  ").p("CREDIT_CARD", card()).t("  Total 1.299,00 EUR"),
                b -> b.t("new card is ").p("CREDIT_CARD", card()).t(" old one expired")));
        // secrets by context
        family(List.of(
                b -> b.t("password: ").p("SECRET", password()),
                b -> b.t("  db_password: \"").p("SECRET", password()).t("\""),
                b -> b.t("{\"api_key\": \"").p("SECRET", rand(ALNUM, 32)).t("\", \"region\": \"eu-west-1\"}"),
                b -> b.t("secret = ").p("SECRET", rand(ALNUM, 24)),
                b -> b.t("DB_PASSWORD=").p("SECRET", password()),
                b -> b.t("DefaultEndpointsProtocol=https;AccountName=stor").t(digits(3)).t(";AccountKey=")
                        .p("SECRET", base64(86)).t(";EndpointSuffix=core.windows.net"),
                b -> b.k("SECRET_KEY").t(" = '").p("SECRET", "django-insecure-" + rand(ALNUM + "!@#%^&*(-_=+)", 40)).t("'"),
                b -> b.t("curl -u ").p("SECRET", user() + ":" + password()).t(" https://api.example.com/v1/items"),
                b -> b.t("Authorization: Basic ").p("SECRET", base64(30)),
                b -> b.t("token: ").p("SECRET", rand(HEX, 32)),
                b -> b.t("export API_KEY=").p("SECRET", rand(HEX, 40)),
                b -> b.t("GITLAB_TOKEN=").p("SECRET", "glpat-" + rand(ALNUM + "-_", 20)),
                b -> b.t("OPENAI_API_KEY=").p("SECRET", "sk-proj-" + rand(ALNUM + "-_", 48)),
                b -> b.t("//registry.npmjs.org/:_authToken=").p("SECRET", "npm_" + rand(ALNUM, 36)),
                b -> b.t("[database]\npasswd = ").p("SECRET", password()),
                b -> b.t("client_secret: ").p("SECRET", rand(ALNUM + "~._-", 34)),
                b -> b.t("\"password\": \"").p("SECRET", password()).t("\","),
                b -> b.t("signing_key = ").p("SECRET", rand(HEX, 64)),
                b -> b.t("the wifi password is ").p("SECRET", password()),
                b -> b.t("my token ").p("SECRET", "glpat-" + rand(ALNUM, 20)).t(" expires friday"),
                b -> b.t("hmac_secret: ").p("SECRET", rand(HEX, 48)),
                b -> b.t("mysql://app:").p("SECRET", password()).t("@db.internal:3306/shop"),
                b -> b.t("app.jwt.secret=").p("SECRET", rand(ALNUM, 40)),
                b -> b.t("  apiKey: ").p("SECRET", rand(ALNUM, 28)).t("  # prod")));
        // addresses per country
        family(List.of(
                b -> { b.t("Ship to: "); address(b, pick(List.of(COUNTRIES)), true); },
                b -> { b.t("our new office is at "); address(b, pick(List.of(COUNTRIES)), true); },
                b -> { b.t("Adresse : "); address(b, "FR", true); },
                b -> { b.t("Adres: "); address(b, "PL", true); },
                b -> { b.t("Dirección: "); address(b, "ES", true); },
                b -> { b.t("Indirizzo: "); address(b, "IT", true); },
                b -> { b.t("Bezoekadres "); address(b, "NL", true); },
                b -> { b.t("Lieferadresse: "); address(b, "DE", true); },
                b -> { b.t("Deliver to "); address(b, "UK", true); },
                b -> { b.t("Mailing address: "); address(b, "US", true); },
                b -> { b.t("i moved to "); address(b, pick(List.of(COUNTRIES)), false); b.t(" last month"); },
                b -> { b.t("Invoice address\n"); b.p("PERSON", fullName()).t("\n"); address(b, pick(List.of(COUNTRIES)), true); }));
        // other structured kinds
        family(List.of(
                b -> b.t("IBAN ").p("IBAN", iban()).t(" (ref ").k(invoice()).t(")"),
                b -> b.t("pls wire to ").p("IBAN", iban()),
                b -> b.t("SSN: ").p("SSN", ssn()),
                b -> b.t("ssn is ").p("SSN", ssn()).t(" for the w-2"),
                b -> b.t("mail me at ").p("EMAIL", email()),
                b -> b.t("From: ").p("EMAIL", email()).t(" Subject: ").k(invoice()),
                b -> b.t("call ").p("PHONE", phone()).t(" after 5"),
                b -> b.t("Tel. ").p("PHONE", phone()),
                b -> b.t("ssh ops@").p("IP_ADDRESS", ip()).t(" -p 22"),
                b -> b.t("client ").p("IP_ADDRESS", ip()).t(" blocked at ").k(timestamp())));
        // non-PII near misses
        family(List.of(
                b -> b.t("request id ").k(uuid()).t(" failed at ").k(timestamp()),
                b -> b.t("git cherry-pick ").k(commit()),
                b -> b.t("set the header colour to ").k(colour()).t(" in the theme"),
                b -> b.t("reorder ").k(sku()).t(" and ").k(sku()),
                b -> b.t("paid ").k(invoice()).t(" via the portal"),
                b -> b.t("the ").k(product()).t(" is slow today"),
                b -> b.t("meet at the ").k("Berlin office").t(" after lunch"),
                b -> b.t("the ").k("Jenkins pipeline").t(" failed on ").k(commit()),
                b -> b.t("trace ").k(uuid()).t(" colour ").k(colour()),
                b -> b.t("build ").k(commit()).t(" deployed ").k(timestamp()),
                b -> b.t("Budget for Q3 approved by the board"),
                b -> b.t("order ").k(sku()).t(" shipped, ").k(invoice()).t(" sent")));
    }

    /** OCR-style noise: a line as read back from a screen, digits with stray spaces, doubled blanks. */
    private Line ocr(Line l) {
        String t = l.text().replace(", ", " , ").replace(": ", " : ");
        List<String[]> pii = new ArrayList<>();
        for (String[] p : l.pii()) {
            String v = p[1];
            if (p[0].equals("CREDIT_CARD") || p[0].equals("IBAN")) {
                String nv = v.replaceFirst(" ", "  ");
                t = t.replace(v, nv);
                v = nv;
            }
            if (t.contains(v)) {
                pii.add(new String[] {p[0], v});
            } else {
                String v2 = v.replace(", ", " , ").replace(": ", " : ");
                pii.add(new String[] {p[0], v2});
            }
        }
        List<String> keep = new ArrayList<>();
        for (String k : l.keep()) {
            keep.add(t.contains(k) ? k : k.replace(", ", " , ").replace(": ", " : "));
        }
        return new Line("| " + t + " |", pii, keep);
    }

    record Line(String text, List<String[]> pii, List<String> keep) {}

    List<Line> generate(int n) {
        List<Line> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        int[] weights = {3, 4, 2, 3, 5, 5, 3, 3};
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int guard = 0;
        while (out.size() < n && guard++ < n * 20) {
            int x = r.nextInt(total);
            int f = 0;
            while (x >= weights[f]) {
                x -= weights[f];
                f++;
            }
            List<Consumer<B>> ts = half(families.get(f).toArray(new Consumer[0]), heldout);
            B b = new B();
            pick(ts).accept(b);
            Line l = new Line(b.text.toString(), b.pii, b.keep);
            if (r.nextInt(10) == 0) {
                l = ocr(l);
            }
            if (seen.add(l.text())) {
                out.add(l);
            }
        }
        return out;
    }

    static void write(Path file, List<Line> lines) throws IOException {
        ObjectMapper om = new ObjectMapper();
        StringBuilder sb = new StringBuilder();
        for (Line l : lines) {
            ObjectNode o = om.createObjectNode();
            o.put("text", l.text());
            ArrayNode pii = o.putArray("pii");
            for (String[] p : l.pii()) {
                if (!l.text().contains(p[1])) {
                    throw new IllegalStateException("label not in text: " + p[1] + " / " + l.text());
                }
                pii.addArray().add(p[0]).add(p[1]);
            }
            ArrayNode keep = o.putArray("keep");
            l.keep().forEach(keep::add);
            sb.append(om.writeValueAsString(o)).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "privacy/src/test/resources/corpus");
        write(dir.resolve("field-dev.jsonl"), new FieldCorpusGenerator(1301, false).generate(2200));
        Path held = dir.resolve("field-heldout.jsonl");
        if (Files.exists(held) && !(args.length > 1 && args[1].equals("--overwrite-heldout"))) {
            System.out.println("held-out exists, not rewritten: " + held);
        } else {
            write(held, new FieldCorpusGenerator(1302, true).generate(1200));
        }
        System.out.println("wrote " + dir);
    }
}
