package dev.understudy.privacy.redact.corpus;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code blind-heldout.jsonl}: a held-out corpus for issue 13 written independently of the
 * engine (its author had not read the person detector, the name model, the postal grammar or the
 * lexicons when writing it) and of the older field corpus generator. Writing styles, templates and
 * names are its own; the seed is fixed so the file is reproducible. It must never be tuned on:
 * docs/benchmarks.md counts the looks at it.
 *
 * <p>Templates use placeholders: {@code {A}} a person's display name, {@code {Ag}} the name they
 * are called by, {@code {Af}} the family name, {@code {Aa}} / {@code {Aag}} the same in lower case,
 * {@code {At}} a title and formal name (only the name is labelled), {@code {Ai}} a title, an
 * initial and the family name (initial and family labelled), {@code {Ae}} their e-mail address;
 * {@code B...} a second person. Other PII: {@code {PHONE} {CARD} {IBAN} {SSN} {NINO} {IP} {IP6}
 * {SECRET} {TOKEN} {PASSWORD} {ADDR} {EMAIL}}. Kept near misses: {@code {UUID} {HASH} {SHORTHASH}
 * {COLOR} {TS} {SKU} {INV} {TICKET} {VER} {OFFICE} {PRODUCT} {MONTH} {WEEKDAY} {CITY} {AMOUNT}
 * {ORDER} {BUILD} {DATE}}.
 *
 * <p>Run: {@code java ... BlindCorpusGenerator [out-path]}.
 */
public final class BlindCorpusGenerator {

    static final long SEED = 0x5EED_13B1L;
    static final int LINES = 1300;

    // ---- names -------------------------------------------------------------------------------

    /** given names, family names, whether the family name comes first, title style. */
    record Culture(String id, String[] given, String[] family, boolean familyFirst, String[] titles) {}

    static final String[] EN_TITLES = {"Mr", "Mr.", "Ms", "Ms.", "Mrs", "Mrs.", "Dr", "Dr.", "Prof.", "Mx"};

    static final List<Culture> CULTURES = List.of(
            new Culture("west-african",
                    new String[] {"Adebola", "Chidinma", "Kwabena", "Efua", "Oluwaseun", "Ngozi", "Moussa", "Awa",
                        "Babajide", "Ifeoma", "Aminata", "Seydou", "Yaw", "Abena", "Chukwuemeka", "Folake",
                        "Sunday", "Blessing", "Mariama", "Ousmane"},
                    new String[] {"Okonkwo", "Adeyemi", "Mensah", "Asante", "Diallo", "Ndiaye", "Ogunleye",
                        "Boateng", "Eze", "Traoré", "Sow", "Owusu", "Nwachukwu", "Bamidele", "Kouyaté", "Agyeman"},
                    false, EN_TITLES),
            new Culture("east-african",
                    new String[] {"Wanjiru", "Achieng", "Baraka", "Nyokabi", "Tesfaye", "Selamawit", "Abebe",
                        "Mwajuma", "Amani", "Kiprono", "Chebet", "Nasimiyu", "Halima", "Mekdes", "Zawadi", "Okello"},
                    new String[] {"Kamau", "Otieno", "Mutua", "Wekesa", "Gebremedhin", "Tadesse", "Mwangi",
                        "Kiplagat", "Nakato", "Ssempala", "Odhiambo", "Wairimu", "Haile Mariam", "Lukwago", "Chepkoech"},
                    false, EN_TITLES),
            new Culture("vietnamese",
                    new String[] {"Thị Lan", "Văn Minh", "Thu Hà", "Quang Huy", "Ngọc Anh", "Thành Long", "Hải Yến",
                        "Đức Thắng", "Phương Thảo", "Mạnh Hùng", "Thùy Trang", "Như Quỳnh", "Bảo Châu", "Tuấn Kiệt"},
                    new String[] {"Nguyễn", "Trần", "Phạm", "Lê", "Đặng", "Võ", "Bùi", "Hoàng", "Huỳnh", "Đỗ", "Vũ",
                        "Dương"},
                    true, EN_TITLES),
            new Culture("turkish",
                    new String[] {"Elif", "Mehmet", "Ayşe", "Emre", "Gökhan", "Burcu", "Çağla", "Oğuz", "Şeyma",
                        "İlker", "Tuğba", "Barış", "Gülşen", "Serkan", "Nazlı", "Cem"},
                    new String[] {"Yıldırım", "Kaya", "Demir", "Çelik", "Şahin", "Öztürk", "Aydın", "Koç", "Kılıç",
                        "Arslan", "Doğan", "Güneş", "Özkan", "Karakaya"},
                    false, new String[] {"Bay", "Bayan", "Dr.", "Ms.", "Mr."}),
            new Culture("polish",
                    new String[] {"Małgorzata", "Krzysztof", "Agnieszka", "Grzegorz", "Wojciech", "Zofia", "Bartosz",
                        "Jadwiga", "Przemysław", "Katarzyna", "Łucja", "Szymon", "Dorota", "Mirosław"},
                    new String[] {"Kowalczyk", "Wiśniewska", "Zieliński", "Dąbrowski", "Lewandowska", "Szymański",
                        "Woźniak", "Grabowski", "Jabłońska", "Król", "Pawłowski", "Wróbel", "Sikorska"},
                    false, new String[] {"Pan", "Pani", "Dr", "mgr", "Ms.", "Mr."}),
            new Culture("czech",
                    new String[] {"Tereza", "Ondřej", "Kateřina", "Vojtěch", "Zdeňka", "Radek", "Lucie", "Přemysl",
                        "Božena", "Matěj", "Šárka", "Vít", "Markéta"},
                    new String[] {"Dvořák", "Procházková", "Černý", "Veselá", "Horák", "Kučera", "Němcová", "Pokorný",
                        "Růžička", "Bartošová", "Štěpánek", "Marešová"},
                    false, new String[] {"pan", "paní", "Ing.", "Mgr.", "Dr.", "Ms.", "Mr."}),
            new Culture("hawaiian",
                    new String[] {"Kalani", "Leilani", "Keoni", "Noelani", "Makoa", "Kailani", "Iolana", "Kekoa",
                        "Pualani", "Kawika", "Malia", "Nāinoa", "Haunani", "Ikaika"},
                    new String[] {"Kahananui", "Kealoha", "Akana", "Kamakau", "Nakoa", "Kalua", "Mahoe", "Kapule",
                        "Keawe", "Kaʻaihue", "Lindsey-Kaleo", "Kahale"},
                    false, EN_TITLES),
            new Culture("andean",
                    new String[] {"Wayra", "Illari", "Amaru", "Sisa", "Killa", "Nayra", "Túpac", "Inti", "Yupanki",
                        "Huaman", "Rosa Elvira", "Juan Evaristo", "Qhispi", "Sumaq"},
                    new String[] {"Mamani", "Quispe", "Condori", "Huamán", "Choque", "Apaza", "Ticona", "Yupanqui",
                        "Ccahuana", "Huarachi", "Llanque", "Pari", "Mamani Choque", "Cusi"},
                    false, new String[] {"Sr.", "Sra.", "Srta.", "Dr.", "Lic.", "Ing."}),
            new Culture("irish",
                    new String[] {"Saoirse", "Niamh", "Oisín", "Ciarán", "Aoife", "Siobhán", "Tadhg", "Róisín",
                        "Pádraig", "Caoilfhionn", "Eoghan", "Clodagh", "Fionnuala", "Donnchadh"},
                    new String[] {"Ó Briain", "Ní Dhomhnaill", "Mac Giolla Phádraig", "Ó Súilleabháin", "Nic Aodha",
                        "McGettigan", "Ó Ceallaigh", "Ní Mhurchú", "Breathnach", "Mac Cárthaigh", "Ó Dónaill"},
                    false, EN_TITLES),
            new Culture("arabic",
                    new String[] {"Khalid", "Yusuf", "Layla", "Omar", "Nour", "Samira", "Tariq", "Hind", "Faisal",
                        "Rania", "Idris", "Zainab"},
                    new String[] {"bin Saleh", "ibn Rashid", "El Amrani", "El Fassi", "al-Harbi", "Haddad", "Benali",
                        "bin Hamdan", "Abu Zayd", "El Idrissi", "Mansour"},
                    false, new String[] {"Mr.", "Ms.", "Dr.", "Sheikh", "Eng."}),
            new Culture("dutch-iberian",
                    new String[] {"Maarten", "Femke", "Joost", "Sanne", "Thijs", "María José", "Inmaculada", "Joaquín",
                        "João", "Thiago", "Beatriz", "Gonçalo", "Lieke", "Bram"},
                    new String[] {"van der Linden", "de la Fuente", "da Silva", "van den Broek", "de Groot",
                        "dos Santos", "ter Horst", "van Dijk", "de la Peña", "da Costa", "García-Aranda", "Verhoeven"},
                    false, new String[] {"Mr", "Ms", "Dr", "Sr.", "Sra.", "Dhr.", "Mevr."}),
            new Culture("east-asian",
                    new String[] {"Ji-hoon", "Seo-yeon", "Minjun", "Mingyu", "Xiaoyan", "Haoran", "Yuki", "Takeshi",
                        "Haruka", "Jiayi", "Sung-min", "Ren"},
                    new String[] {"Park", "Seo", "Zhou", "Liang", "Morimoto", "Tanaka", "Hwang", "Xu", "Kobayashi",
                        "Jeong", "Fujiwara", "Gao"},
                    false, EN_TITLES),
            new Culture("south-asian",
                    new String[] {"Priyanka", "Raghav", "Anjali", "Siddharth", "Meenakshi", "Arjun", "Kavya",
                        "Harpreet", "Nandini", "Vikram", "Ishaan", "Lakshmi"},
                    new String[] {"Venkataraman", "Iyer", "Chatterjee", "Raghunathan", "Bhattacharya", "Gill",
                        "Subramaniam", "Deshpande", "Kulkarni", "Sandhu", "Menon"},
                    false, EN_TITLES),
            new Culture("nordic-greek-maori",
                    new String[] {"Sigrún", "Aroha", "Tama", "Panagiotis", "Eleni", "Aino", "Ragnhild", "Stavros",
                        "Wiremu", "Hemi", "Ingibjörg", "Despoina"},
                    new String[] {"Þórsdóttir", "Ngata", "Whaanga", "Karamanlis", "Papadopoulou", "Virtanen",
                        "Haugland", "Tūhoe-Rangi", "Oikonomou", "Kristjánsdóttir", "Mäkelä"},
                    false, EN_TITLES),
            new Culture("calendar-names",
                    new String[] {"May", "June", "April", "August", "Jun", "Monday", "Sunday", "Friday", "Winter",
                        "Summer", "Autumn", "March"},
                    new String[] {"Thiong'o", "Akinyi", "Ferreira", "Pham", "Lindqvist", "Tembo", "Osei", "Nkemelu",
                        "Castellanos", "Brennan", "Horvath", "Aksoy"},
                    false, EN_TITLES));

    record Person(String given, String family, String display, String call, String formal, String emailLocal) {}

    private final Random rnd;

    BlindCorpusGenerator(long seed) {
        this.rnd = new Random(seed);
    }

    <T> T pick(T[] a) {
        return a[rnd.nextInt(a.length)];
    }

    <T> T pick(List<T> a) {
        return a.get(rnd.nextInt(a.size()));
    }

    Person person() {
        Culture c = pick(CULTURES);
        String g = pick(c.given());
        String f = pick(c.family());
        if (c.id().equals("vietnamese")) {
            String[] parts = g.split(" ");
            String call = parts[parts.length - 1];
            return new Person(g, f, f + " " + g, call, call, ascii(call + "." + f));
        }
        if (c.id().equals("east-asian") && rnd.nextInt(3) == 0) {
            return new Person(g, f, f + " " + g, g, f, ascii(g.replace("-", "") + "." + f));
        }
        String local = ascii(g.split(" ")[0]) + "." + ascii(f.replace(" ", "").replace("'", ""));
        return new Person(g, f, g + " " + f, g.split(" ")[0], f, local);
    }

    static String ascii(String s) {
        String t = s.replace("ł", "l").replace("Ł", "L").replace("đ", "d").replace("Đ", "D").replace("ı", "i")
                .replace("Þ", "Th").replace("þ", "th").replace("ð", "d").replace("ʻ", "").replace("'", "");
        t = Normalizer.normalize(t, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return t.toLowerCase(Locale.ROOT).replace(" ", "").replace("-", "");
    }

    // ---- structured values ----------------------------------------------------------------------

    String digits(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + rnd.nextInt(10)));
        }
        return b.toString();
    }

    static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    String alnum(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(ALNUM.charAt(rnd.nextInt(ALNUM.length())));
        }
        return b.toString();
    }

    String hex(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("0123456789abcdef".charAt(rnd.nextInt(16)));
        }
        return b.toString();
    }


    String card() {
        int t = rnd.nextInt(4);
        String body;
        if (t == 0) {
            body = "4" + digits(14);
        } else if (t == 1) {
            body = "5" + (1 + rnd.nextInt(5)) + digits(13);
        } else if (t == 2) {
            body = "3" + (rnd.nextBoolean() ? "4" : "7") + digits(12);
        } else {
            body = "6011" + digits(11);
        }
        String n = Values.luhnComplete(body);
        String sep = pick(new String[] {" ", " ", "-", "", " "});
        if (n.length() == 15) {
            return n.substring(0, 4) + sep + n.substring(4, 10) + sep + n.substring(10);
        }
        return n.substring(0, 4) + sep + n.substring(4, 8) + sep + n.substring(8, 12) + sep + n.substring(12);
    }

    record IbanSpec(String cc, String pattern) {}

    // pattern: n = digit, a = upper letter, c = alnum upper
    static final List<IbanSpec> IBANS = List.of(new IbanSpec("DE", "nnnnnnnnnnnnnnnnnn"),
            new IbanSpec("FR", "nnnnnnnnnnnnnnnnnnnnnnn"), new IbanSpec("ES", "nnnnnnnnnnnnnnnnnnnn"),
            new IbanSpec("IT", "annnnnnnnnnnnnnnnnnnnnn"), new IbanSpec("NL", "aaaannnnnnnnnn"),
            new IbanSpec("PL", "nnnnnnnnnnnnnnnnnnnnnnnn"), new IbanSpec("GB", "aaaannnnnnnnnnnnnn"),
            new IbanSpec("IE", "aaaannnnnnnnnnnnnn"), new IbanSpec("TR", "nnnnnnnnnnnnnnnnnnnnnnnn"),
            new IbanSpec("CZ", "nnnnnnnnnnnnnnnnnnnn"), new IbanSpec("BE", "nnnnnnnnnnnn"),
            new IbanSpec("AT", "nnnnnnnnnnnnnnnn"));

    String iban() {
        IbanSpec s = pick(IBANS);
        StringBuilder bban = new StringBuilder();
        for (char p : s.pattern().toCharArray()) {
            bban.append(p == 'n' ? (char) ('0' + rnd.nextInt(10)) : (char) ('A' + rnd.nextInt(26)));
        }
        String rearranged = bban + s.cc() + "00";
        StringBuilder num = new StringBuilder();
        for (char ch : rearranged.toCharArray()) {
            num.append(Character.isDigit(ch) ? String.valueOf(ch) : String.valueOf(ch - 'A' + 10));
        }
        int check = 98 - new BigInteger(num.toString()).mod(BigInteger.valueOf(97)).intValue();
        String iban = s.cc() + String.format(Locale.ROOT, "%02d", check) + bban;
        if (rnd.nextInt(3) == 0) {
            return iban;
        }
        StringBuilder g = new StringBuilder();
        for (int i = 0; i < iban.length(); i += 4) {
            if (i > 0) {
                g.append(' ');
            }
            g.append(iban, i, Math.min(i + 4, iban.length()));
        }
        return g.toString();
    }

    String ssn() {
        int area;
        do {
            area = 1 + rnd.nextInt(899);
        } while (area == 666);
        String a = String.format(Locale.ROOT, "%03d", area);
        String g = String.format(Locale.ROOT, "%02d", 1 + rnd.nextInt(99));
        String s = String.format(Locale.ROOT, "%04d", 1 + rnd.nextInt(9999));
        return rnd.nextInt(4) == 0 ? a + " " + g + " " + s : a + "-" + g + "-" + s;
    }

    String nino() {
        String first = "ABCEGHJKLMNOPRSTWXYZ";
        String second = "ABCEGHJKLMNPRSTWXYZ";
        String p;
        do {
            p = "" + first.charAt(rnd.nextInt(first.length())) + second.charAt(rnd.nextInt(second.length()));
        } while (Set.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ").contains(p));
        String d = digits(6);
        char suf = "ABCD".charAt(rnd.nextInt(4));
        return rnd.nextBoolean() ? p + " " + d.substring(0, 2) + " " + d.substring(2, 4) + " " + d.substring(4) + " "
                + suf : p + d + suf;
    }

    String phone() {
        switch (rnd.nextInt(16)) {
            case 0: {
                String ac = pick(new String[] {"212", "415", "312", "617", "206", "303", "512", "808", "503", "404"});
                return "(" + ac + ") " + (2 + rnd.nextInt(8)) + digits(2) + "-" + digits(4);
            }
            case 1: {
                String ac = pick(new String[] {"646", "213", "702", "808", "919", "614"});
                return "+1 " + ac + " " + (2 + rnd.nextInt(8)) + digits(2) + " " + digits(4);
            }
            case 2:
                return "+44 7" + (4 + rnd.nextInt(6)) + digits(2) + " " + digits(6);
            case 3:
                return "020 7" + digits(3) + " " + digits(4);
            case 4:
                return "+49 30 " + (2 + rnd.nextInt(8)) + digits(6);
            case 5:
                return "+49 15" + (1 + rnd.nextInt(3)) + " " + digits(8);
            case 6:
                return "+33 6 " + digits(2) + " " + digits(2) + " " + digits(2) + " " + digits(2);
            case 7:
                return "01 4" + digits(1) + " " + digits(2) + " " + digits(2) + " " + digits(2);
            case 8:
                return "+48 " + (5 + rnd.nextInt(3)) + digits(2) + " " + digits(3) + " " + digits(3);
            case 9:
                return "+31 6 " + digits(4) + " " + digits(4);
            case 10:
                return "+254 7" + digits(2) + " " + digits(3) + " " + digits(3);
            case 11:
                return "+234 80" + (3 + rnd.nextInt(3)) + " " + digits(3) + " " + digits(4);
            case 12:
                return "+84 9" + digits(2) + " " + digits(3) + " " + digits(3);
            case 13:
                return "+90 53" + (2 + rnd.nextInt(4)) + " " + digits(3) + " " + digits(2) + " " + digits(2);
            case 14:
                return "+420 60" + (1 + rnd.nextInt(8)) + " " + digits(3) + " " + digits(3);
            default:
                return pick(new String[] {"+51 9", "+353 8"}) + digits(2) + " " + digits(3) + " " + digits(3);
        }
    }

    String ip() {
        int t = rnd.nextInt(4);
        if (t == 0) {
            return "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
        }
        if (t == 1) {
            return "192.168." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
        }
        return (11 + rnd.nextInt(180)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
    }

    String ip6() {
        return "2001:db8:" + hex(4) + ":" + hex(3) + "::" + hex(2);
    }

    String token() {
        switch (rnd.nextInt(6)) {
            case 0:
                return "ghp_" + alnum(36);
            case 1:
                return "sk_live_" + alnum(24);
            case 2:
                return "xoxb-" + digits(11) + "-" + digits(12) + "-" + alnum(24);
            case 3:
                return "AKIA" + alnum(16).toUpperCase(Locale.ROOT);
            case 4:
                return "glpat-" + alnum(20);
            default:
                return alnum(32 + rnd.nextInt(12));
        }
    }

    String password() {
        String[] words = {"Tide", "Mango", "Orbit", "Kettle", "Falcon", "Lantern", "Quartz", "Pepper"};
        return pick(words) + pick(new String[] {"!", "#", "$", "%", "&"}) + digits(3) + pick(words).toLowerCase(
                Locale.ROOT) + pick(new String[] {"?", "*", "@", "+"});
    }

    String jwt() {
        return "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI" + alnum(28) + "." + alnum(43).replace('+', '-');
    }

    String secret() {
        return rnd.nextInt(5) == 0 ? jwt() : token();
    }

    String address() {
        switch (rnd.nextInt(8)) {
            case 0: {
                String st = pick(new String[] {"Maple Grove Rd", "Kalakaua Ave", "Pinecrest Drive", "W Dickens Ave",
                    "Harbor View Ln", "Old Mill Road", "N Lamar Blvd", "Sycamore Street"});
                String city = pick(new String[] {"Springfield, IL 62704", "Honolulu, HI 96815", "Austin, TX 78701",
                    "Chicago, IL 60614", "Portland, OR 97214", "Columbus, OH 43215"});
                return (10 + rnd.nextInt(9900)) + " " + st + (rnd.nextInt(3) == 0 ? ", Apt " + (1 + rnd.nextInt(40))
                        : "") + ", " + city;
            }
            case 1: {
                String st = pick(new String[] {"Carrow Road", "Elmtree Close", "Bramley Gardens", "Wellington Street",
                    "Canal Walk", "Ashby Lane"});
                String city = pick(new String[] {"Norwich NR1 1HS", "Leeds LS6 2QT", "Bristol BS3 4LX",
                    "Manchester M14 5RB", "London SE15 3HJ", "Cardiff CF24 4PG"});
                return (rnd.nextInt(3) == 0 ? "Flat " + (1 + rnd.nextInt(12)) + ", " : "") + (1 + rnd.nextInt(180))
                        + " " + st + ", " + city;
            }
            case 2: {
                String st = pick(new String[] {"Lindenstraße", "Gneisenaustr.", "Am Kirschgarten", "Bergmannstraße",
                    "Hohe Straße", "Wilhelm-Leuschner-Platz"});
                String city = pick(new String[] {"10969 Berlin", "50667 Köln", "80331 München", "04109 Leipzig",
                    "60311 Frankfurt am Main"});
                return st + " " + (1 + rnd.nextInt(120)) + pick(new String[] {"", "", "a", "b"}) + ", " + city;
            }
            case 3: {
                String st = pick(new String[] {"rue des Lilas", "avenue Jean-Jaurès", "boulevard Voltaire",
                    "rue de la République", "impasse du Moulin"});
                String city = pick(new String[] {"69003 Lyon", "75011 Paris", "13006 Marseille", "31000 Toulouse",
                    "44000 Nantes"});
                return (1 + rnd.nextInt(200)) + pick(new String[] {"", "", " bis"}) + " " + st + ", " + city;
            }
            case 4: {
                String st = pick(new String[] {"Calle de Alcalá", "Avenida de la Constitución", "Carrer de Provença",
                    "Calle Mayor", "Paseo de Gracia"});
                String city = pick(new String[] {"28014 Madrid", "41004 Sevilla", "08036 Barcelona", "46002 Valencia"});
                return st + " " + (1 + rnd.nextInt(300)) + pick(new String[] {"", ", 3º B", ", 1º 2ª", ", bajo"}) + ", "
                        + city;
            }
            case 5: {
                String st = pick(new String[] {"Via Garibaldi", "Corso Vittorio Emanuele II", "Via dei Mille",
                    "Piazza Santo Stefano", "Viale Monza"});
                String city = pick(new String[] {"20121 Milano", "10123 Torino", "40125 Bologna", "80134 Napoli",
                    "00184 Roma RM"});
                return st + " " + (1 + rnd.nextInt(150)) + ", " + city;
            }
            case 6: {
                String st = pick(new String[] {"Keizersgracht", "Oudegracht", "Witte de Withstraat", "Javastraat",
                    "Biltstraat"});
                String city = pick(new String[] {"1016 DW Amsterdam", "3511 AL Utrecht", "3012 BJ Rotterdam",
                    "1094 HE Amsterdam"});
                return st + " " + (1 + rnd.nextInt(400)) + pick(new String[] {"", "-2", " A", "hs"}) + ", " + city;
            }
            default: {
                String st = pick(new String[] {"ul. Mickiewicza", "ul. Długa", "al. Jerozolimskie", "ul. Piotrkowska",
                    "ul. Świętojańska"});
                String city = pick(new String[] {"31-120 Kraków", "00-697 Warszawa", "90-406 Łódź", "81-368 Gdynia",
                    "50-077 Wrocław"});
                return st + " " + (1 + rnd.nextInt(200)) + (rnd.nextBoolean() ? "/" + (1 + rnd.nextInt(60)) : "")
                        + ", " + city;
            }
        }
    }

    String email(Person p) {
        String dom = pick(new String[] {"northwind-logistics.com", "acme-freight.de", "korimako.co.nz",
            "gmail.com", "outlook.com", "posteo.de", "yahoo.fr", "huellas.pe", "mtaa.co.ke", "bluefin.io"});
        String local = rnd.nextInt(4) == 0 ? p.emailLocal().replace(".", "_") : p.emailLocal();
        if (rnd.nextInt(5) == 0) {
            local = local + digits(2);
        }
        return local + "@" + dom;
    }

    // ---- near misses ---------------------------------------------------------------------------

    static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"};
    static final String[] WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    static final String[] CITIES = {"Nairobi", "Hanoi", "Istanbul", "Kraków", "Brno", "Honolulu", "Cusco", "Galway",
        "Lagos", "Accra", "Addis Ababa", "Rotterdam", "Seville", "Porto", "Turin", "Lyon", "Dublin", "Leipzig",
        "La Paz", "Kampala", "Da Nang", "Izmir", "Gdańsk", "Ostrava", "Hilo", "Arequipa", "Cork", "Dakar"};
    static final String[] PRODUCTS = {"Jenkins pipeline", "Grafana dashboard", "Kafka consumer", "Terraform plan",
        "Salesforce report", "Jira board", "Confluence page", "Power BI report", "SAP Fiori", "Slack channel",
        "Kubernetes cluster", "GitLab runner", "Excel macro", "Zendesk macro", "Okta group", "Snowflake warehouse",
        "Airflow DAG", "Sentry alert", "Figma file", "Notion template", "Docker image", "Redis cache",
        "Postgres replica", "Outlook rule", "Tableau workbook", "Marshall amplifier", "Dyson fan", "Victoria line"};

    String keep(String k) {
        switch (k) {
            case "UUID":
                return hex(8) + "-" + hex(4) + "-4" + hex(3) + "-" + "89ab".charAt(rnd.nextInt(4)) + hex(3) + "-"
                        + hex(12);
            case "HASH":
                return hex(40);
            case "SHORTHASH":
                return hex(7 + rnd.nextInt(3));
            case "COLOR":
                return "#" + hex(rnd.nextBoolean() ? 6 : 3);
            case "TS":
                return String.format(Locale.ROOT, "2026-%02d-%02dT%02d:%02d:%02dZ", 1 + rnd.nextInt(12),
                        1 + rnd.nextInt(28), rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60));
            case "DATE":
                return String.format(Locale.ROOT, "%02d/%02d/2026", 1 + rnd.nextInt(28), 1 + rnd.nextInt(12));
            case "SKU":
                return pick(new String[] {"SKU-", "ART-", "PN ", "MAT-"}) + alnum(3).toUpperCase(Locale.ROOT) + "-"
                        + digits(4 + rnd.nextInt(3));
            case "INV":
                return pick(new String[] {"INV-2026-", "RE-2026-", "FAC/2026/", "FV/26/", "INV#"}) + digits(5);
            case "TICKET":
                return pick(new String[] {"OPS-", "FIN-", "HR-", "INC", "CHG", "PLAT-"}) + digits(3 + rnd.nextInt(4));
            case "VER":
                return "v" + rnd.nextInt(10) + "." + rnd.nextInt(30) + "." + rnd.nextInt(40);
            case "OFFICE":
                return pick(CITIES) + " office";
            case "PRODUCT":
                return pick(PRODUCTS);
            case "MONTH":
                return pick(MONTHS);
            case "WEEKDAY":
                return pick(WEEKDAYS);
            case "CITY":
                return pick(CITIES);
            case "AMOUNT":
                return pick(new String[] {"€", "$", "£", "PLN ", "KES ", "TRY "}) + (10 + rnd.nextInt(9000)) + "."
                        + digits(2);
            case "ORDER":
                return "PO-" + digits(7);
            case "BUILD":
                return "build #" + (100 + rnd.nextInt(9000));
            default:
                throw new IllegalArgumentException(k);
        }
    }

    // ---- templates -----------------------------------------------------------------------------

    /** Lines about people (often with other PII around). */
    static final String[] PERSON_T = {
        // chat, lower case, no punctuation
        "ok {Aag} will sort it",
        "ask {Aag} about the rollout",
        "cc {Aa}",
        "cc {Aa} and {Ba}",
        "ping {Aag} when ur back",
        "thx {Aag} appreciated",
        "{Aag} said the vpn is down again",
        "lol {Aa} just pushed to main",
        "is {Aag} in today or ooo",
        "{Aag} can u check the {PRODUCT}",
        "waiting on {Aa} for sign off",
        "handing over to {Aag} for the night shift",
        "yes {Aag} has the keys to the {OFFICE}",
        "fyi {Aa} is covering {WEEKDAY}",
        "dm {Aag} not me",
        "loop in {Aa} pls",
        "can someone tell {Aag} the build is red",
        "{Aag} and {Bag} are on the {MONTH} rota",
        // email greetings and signatures
        "Hi {Ag},\nplease find the figures attached.",
        "Dear {At},\nthank you for your patience.",
        "Dear {Ai},",
        "Hello {Ag} and {Bg}, quick update below.",
        "Good morning {At}, the invoice {INV} is attached.",
        "Kind regards,\n{A}\nSenior Analyst, Finance",
        "Best,\n{Ag}",
        "Cheers\n{A} | Procurement | {PHONE}",
        "Thanks so much,\n{A}\n{Ae}\nM: {PHONE}",
        "— {A}, Head of Operations, {OFFICE}",
        "Sent on behalf of {A}",
        "Warm regards, {A} (she/her)",
        "{A}\nCustomer Success Manager\n{PHONE}",
        "Regards\n{At}",
        // meeting notes
        "Attendees: {A}, {B}",
        "Present: {A}; {B}; apologies from {C}",
        "Action: {A} to follow up with legal by {WEEKDAY}",
        "Notes taken by {A}",
        "- {Ag}: will check the Q3 numbers",
        "AP: {Ag} to update the {PRODUCT} before {MONTH}",
        "Decision: {B} owns the migration, {A} reviews",
        "{A} will join the call at 10:30",
        "{A} joined late; {B} left early",
        "Facilitator: {A}\nScribe: {B}",
        "Agenda item 3 (presented by {A})",
        // ticket comments
        "Assigned to {A}",
        "Reported by: {A} <{Ae}>",
        "Reopened by {A}: still failing in the {PRODUCT}",
        "@{Aag} can you repro on staging?",
        "Escalated to {At} per {TICKET}",
        "Reviewer: {A} approved the change",
        "{A} approved these changes",
        "Requested by {A} on {DATE}",
        "Per {Aps} note, {INV} is paid.",
        "As {Aps} comment says, the {PRODUCT} is flaky",
        "{Aps} laptop needs a new charger",
        "Resolved — thanks {Ag}! ({TICKET})",
        "Customer {A} called about order {ORDER}",
        "Approver: {A} | Status: pending",
        "Contact person: {A}",
        "Contact person: {A}, {PHONE}",
        "Signed: {A}",
        "Signed by {A} on {DATE}",
        "Witness: {A}",
        "Next of kin: {A} ({PHONE})",
        "Owner: {A}\nBackup: {B}",
        // csv / form exports
        "{ID},{Ag},{Af},{Ae},{PHONE}",
        "\"{Af}, {Ag}\",Accounts Payable,{CITY}",
        "name={A};dept=Logistics;badge={ID}",
        "First name: {Ag}\tLast name: {Af}",
        "full_name: \"{A}\"",
        "| {A} | {Ae} | active |",
        "{ID};{A};{ADDR}",
        "Employee: {A}  Employee no.: {ID}",
        "Invoice address\n{A}\n{ADDR}",
        "Ship to:\n{A}\n{ADDR}",
        "Bill to\n{At}\n{ADDR}",
        "Account holder: {A}\nIBAN: {IBAN}",
        "Cardholder {Aa_upper} exp 09/29",
        "Beneficiary: {A}, {IBAN}",
        // OCR-like spacing
        "Customer  name   {A}    Date  {DATE}",
        "N ame: {A}   Ref {INV}",
        "Patient :  {A}   DOB  12 / 04 / 1987",
        "Driver  {A}   vehicle  KX-{ID}",
        "SIGNATURE   {A}",
        "Recipient:{A}",
        // terminal / config
        "git log --author=\"{A}\" --since=2.weeks",
        "user.name={A}",
        "Author: {A} <{Ae}>",
        "# maintained by {A}",
        "Co-authored-by: {A} <{Ae}>",
        "owner = \"{A}\"  # on-call",
        "[{TS}] INFO login ok user=\"{A}\"",
        "maintainer: {A}",
    };

    /** Lines with other PII only. */
    static final String[] OTHER_T = {
        "card on file {CARD} exp 11/28",
        "pls charge {CARD} for {ORDER}",
        "{CARD}",
        "Payment method: VISA {CARD}",
        "the amex is {CARD} cvv on the back",
        "IBAN {IBAN}",
        "Bankverbindung: {IBAN} (Sparkasse)",
        "refund to {IBAN} ref {INV}",
        "iban: {IBAN}",
        "SSN: {SSN}",
        "ssn {SSN} for the onboarding pack",
        "National Insurance number {NINO}",
        "NI no. {NINO}",
        "ssh deploy@{IP}",
        "connection refused from {IP}:5432",
        "allowlist {IP} and {IP2} for the {PRODUCT}",
        "client_ip={IP} status=403",
        "listen {IP6} port 8443",
        "export GITHUB_TOKEN={TOKEN}",
        "AWS_SECRET_ACCESS_KEY={TOKEN}",
        "api_key: {TOKEN}",
        "slack_bot_token = \"{TOKEN}\"",
        "Authorization: Bearer {SECRET}",
        "db.password={PASSWORD}",
        "PGPASSWORD='{PASSWORD}' psql -h {IP} -U app",
        "mysql -u root -p{PASSWORD} orders",
        "STRIPE_KEY={TOKEN} # rotate after {MONTH}",
        "token {SECRET} expires {TS}",
        "mail it to {EMAIL} pls",
        "Reply-To: {EMAIL}",
        "send the {INV} scan to {EMAIL}",
        "call me on {PHONE}",
        "Tel. {PHONE}",
        "mobile {PHONE} (whatsapp)",
        "Fax: {PHONE}",
        "phone: {PHONE}, ext 214",
        "Delivery address: {ADDR}",
        "{ADDR}",
        "Adresse: {ADDR}",
        "moved to {ADDR} last month",
        "Dirección: {ADDR}",
        "Indirizzo di consegna: {ADDR}",
        "Adres: {ADDR}",
        "Lieferadresse {ADDR}",
        "site visit at {ADDR} on {WEEKDAY}",
    };

    /** Lines with nothing personal, full of near misses. */
    static final String[] KEEP_T = {
        "deploy {SHORTHASH} to prod after {BUILD}",
        "commit {HASH} reverted",
        "request id {UUID} timed out",
        "trace={UUID} span={SHORTHASH}",
        "set the header colour to {COLOR}",
        "background: {COLOR}; border-color: {COLOR2};",
        "job finished at {TS}",
        "restock {SKU} in the {OFFICE}",
        "{SKU} x 12 @ {AMOUNT}",
        "invoice {INV} for {AMOUNT} is overdue",
        "see {TICKET}, the {PRODUCT} is red again",
        "upgrade to {VER} before {MONTH}",
        "the {OFFICE} is closed on {WEEKDAY}",
        "standup moved to {WEEKDAY} 9:30",
        "quarter closes end of {MONTH}",
        "flight to {CITY} lands at 14:05",
        "the {CITY} team owns the {PRODUCT}",
        "{MONTH} payroll run is done",
        "{WEEKDAY} release is cancelled",
        "new hires start in {MONTH}",
        "weather in {CITY} delayed the shipment {ORDER}",
        "ok will do",
        "will join after lunch",
        "mark as done pls",
        "may I ask for the {PRODUCT} access",
        "Signed off, see {TICKET}",
        "Contact person: see the {PRODUCT}",
        "Reviewer approved {TICKET}",
        "cc the {OFFICE}",
        "cc finance team",
        "Invoice address\nsame as delivery",
        "Total {AMOUNT} incl. VAT, order {ORDER}",
        "{DATE} {PRODUCT} maintenance window 02:00-04:00",
        "Build {BUILD} passed on {VER}",
        "kubectl rollout restart deploy/api -n prod-{SHORTHASH}",
        "Sprint review on {WEEKDAY} in the {OFFICE}",
        "Order {ORDER} shipped from {CITY}",
        "port 8080 is busy, use 8081",
        "SHA256 {HASH}{HASH2}",
        "Warranty for the {PRODUCT} ends {MONTH} 2027",
        "sales in {CITY} up 12% in {MONTH}",
        "Happy {WEEKDAY} all",
        "reminder: {MONTH} timesheets due {WEEKDAY}",
        "the {PRODUCT} alert fired at {TS}",
        "Grand Hotel {CITY} booked for the offsite",
        "lunch order from Golden Dragon in {CITY}",
        "parcel {SKU} is at the {OFFICE} reception",
        "memo: rename {TICKET} to {TICKET2}",
        "README updated in {SHORTHASH}",
        "credit note {INV} applied, ref {UUID}",
    };

    static final Pattern PH = Pattern.compile("\\{([A-Za-z_0-9]+)\\}");

    record Line(String text, List<String[]> pii, List<String> keep) {}

    Line fill(String template) {
        Person[] ps = {person(), person(), person()};
        StringBuilder out = new StringBuilder();
        List<String[]> pii = new ArrayList<>();
        List<String> keep = new ArrayList<>();
        Matcher m = PH.matcher(template);
        int last = 0;
        while (m.find()) {
            out.append(template, last, m.start());
            last = m.end();
            String k = m.group(1);
            String v;
            char who = k.charAt(0);
            if ((who == 'A' || who == 'B' || who == 'C') && (k.length() == 1 || Character.isLowerCase(k.charAt(1)))) {
                Person p = ps[who - 'A'];
                String rest = k.substring(1);
                switch (rest) {
                    case "" -> {
                        v = p.display();
                        pii.add(new String[] {"PERSON", v});
                    }
                    case "g" -> {
                        v = p.call();
                        pii.add(new String[] {"PERSON", v});
                    }
                    case "f" -> {
                        v = p.family();
                        pii.add(new String[] {"PERSON", v});
                    }
                    case "a" -> {
                        v = p.display().toLowerCase(Locale.ROOT);
                        pii.add(new String[] {"PERSON", v});
                    }
                    case "a_upper" -> {
                        v = p.display().toUpperCase(Locale.ROOT);
                        pii.add(new String[] {"PERSON", v});
                    }
                    case "ag" -> {
                        v = p.call().toLowerCase(Locale.ROOT);
                        pii.add(new String[] {"PERSON", v});
                    }
                    case "t" -> {
                        String title = pick(titleFor(p));
                        pii.add(new String[] {"PERSON", p.formal()});
                        v = title + " " + p.formal();
                    }
                    case "i" -> {
                        String title = pick(titleFor(p));
                        String init = p.given().substring(0, 1) + ".";
                        String name = init + " " + p.family();
                        pii.add(new String[] {"PERSON", name});
                        v = title + " " + name;
                    }
                    case "ps" -> {
                        v = p.call() + "'s";
                        pii.add(new String[] {"PERSON", p.call()});
                    }
                    case "e" -> {
                        v = email(p);
                        pii.add(new String[] {"EMAIL", v});
                    }
                    default -> throw new IllegalArgumentException(k);
                }
            } else {
                switch (k) {
                    case "PHONE" -> {
                        v = phone();
                        pii.add(new String[] {"PHONE", v});
                    }
                    case "CARD" -> {
                        v = card();
                        pii.add(new String[] {"CREDIT_CARD", v});
                    }
                    case "IBAN" -> {
                        v = iban();
                        pii.add(new String[] {"IBAN", v});
                    }
                    case "SSN" -> {
                        v = ssn();
                        pii.add(new String[] {"SSN", v});
                    }
                    case "NINO" -> {
                        v = nino();
                        pii.add(new String[] {"SSN", v});
                    }
                    case "IP", "IP2" -> {
                        v = ip();
                        pii.add(new String[] {"IP_ADDRESS", v});
                    }
                    case "IP6" -> {
                        v = ip6();
                        pii.add(new String[] {"IP_ADDRESS", v});
                    }
                    case "TOKEN" -> {
                        v = token();
                        pii.add(new String[] {"SECRET", v});
                    }
                    case "SECRET" -> {
                        v = secret();
                        pii.add(new String[] {"SECRET", v});
                    }
                    case "PASSWORD" -> {
                        v = password();
                        pii.add(new String[] {"SECRET", v});
                    }
                    case "ADDR" -> {
                        v = address();
                        pii.add(new String[] {"ADDRESS", v});
                    }
                    case "EMAIL" -> {
                        v = email(person());
                        pii.add(new String[] {"EMAIL", v});
                    }
                    case "ID" -> v = digits(5 + rnd.nextInt(3));
                    default -> {
                        String base = k.replaceAll("\\d$", "");
                        v = keep(base);
                        keep.add(v);
                    }
                }
            }
            out.append(v);
        }
        out.append(template.substring(last));
        return new Line(out.toString(), pii, keep);
    }

    String[] titleFor(Person p) {
        for (Culture c : CULTURES) {
            for (String f : c.family()) {
                if (f.equals(p.family())) {
                    return c.titles();
                }
            }
        }
        return EN_TITLES;
    }

    /** A labelled string must occur exactly once, not inside a longer word, and not overlap a kept string. */
    static boolean clean(Line l) {
        Set<String> seen = new LinkedHashSet<>();
        for (String[] p : l.pii()) {
            String s = p[1];
            if (!seen.add(s)) {
                return false;
            }
            int at = l.text().indexOf(s);
            if (at < 0 || l.text().indexOf(s, at + 1) >= 0) {
                return false;
            }
            if (at > 0 && Character.isLetterOrDigit(l.text().charAt(at - 1))) {
                return false;
            }
            int end = at + s.length();
            if (end < l.text().length() && Character.isLetterOrDigit(l.text().charAt(end))) {
                return false;
            }
            for (String k : l.keep()) {
                if (k.contains(s) || s.contains(k)) {
                    return false;
                }
            }
            for (String[] q : l.pii()) {
                if (q != p && q[1].contains(s)) {
                    return false;
                }
            }
        }
        for (String k : l.keep()) {
            for (String[] p : l.pii()) {
                if (p[1].contains(k)) {
                    return false;
                }
            }
        }
        return true;
    }

    List<Line> generate(int n) {
        List<Line> out = new ArrayList<>();
        Set<String> texts = new LinkedHashSet<>();
        while (out.size() < n) {
            int r = rnd.nextInt(100);
            String t = r < 40 ? pick(PERSON_T) : r < 65 ? pick(OTHER_T) : pick(KEEP_T);
            Line l = fill(t);
            if (clean(l) && texts.add(l.text())) {
                out.add(l);
            }
        }
        return out;
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static String toJsonl(List<Line> lines) {
        StringBuilder b = new StringBuilder();
        for (Line l : lines) {
            b.append("{\"text\":").append(json(l.text())).append(",\"pii\":[");
            for (int i = 0; i < l.pii().size(); i++) {
                b.append(i > 0 ? "," : "").append('[').append(json(l.pii().get(i)[0])).append(',')
                        .append(json(l.pii().get(i)[1])).append(']');
            }
            b.append("],\"keep\":[");
            for (int i = 0; i < l.keep().size(); i++) {
                b.append(i > 0 ? "," : "").append(json(l.keep().get(i)));
            }
            b.append("]}\n");
        }
        return b.toString();
    }

    public static String render() {
        return toJsonl(new BlindCorpusGenerator(SEED).generate(LINES));
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "privacy/src/test/resources/corpus/blind-heldout.jsonl");
        Files.writeString(out, render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }
}
