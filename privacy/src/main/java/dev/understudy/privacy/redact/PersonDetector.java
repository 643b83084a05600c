package dev.understudy.privacy.redact;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * People's names, from a lexicon of given names and surnames ({@link Lexicon}) and context cues:
 * <ul>
 *   <li>runs of capitalised words holding a lexicon name ("Ngozi Khalil", "Xiomara Kowalski" — an
 *       unknown word next to a known surname or given name is taken with it);</li>
 *   <li>a title before capitalised words ("Dr. Okonkwo", "Ms Vanterpool");</li>
 *   <li>greetings and sign-offs ("Hi Oluwaseun,", "Thanks, priya", "Best regards,\nTomasz");</li>
 *   <li>fields ("Assignee:", "From:", "Author:", "Signed-off-by:", "reviewed by");</li>
 *   <li>chat mentions ("@priya.sharma");</li>
 *   <li>issue 13's cues ({@code extraCues}): "cc liya haile" in lower case, the addressee on the line
 *       after "Invoice address" / "Ship to:", "Per Caoimhe's note", a bare "Reviewer X approved" at a
 *       line start, "Dear M. Ccori"; two-word fields ("Contact person:") and "Signed:"; a month or
 *       weekday as a given name before a listed surname or after a field ("Jun Petrenko"), never
 *       alone; capitalised particles inside a name ("Clodagh Ní Bhriain").</li>
 * </ul>
 * Months, weekdays, products, companies, places and capitalised everyday words are never names;
 * names that are also words ("Will", "Grant", "Rose", "Young") need a second name or a cue, and so
 * do names only the large open lists know. Titles are redacted with the name ("Dr. Ndlovu"),
 * particle chains join ("de la Cruz", "van der Berg", "Ó Briain"), names in capitals follow fields
 * like "Cardholder:", and a lower-case word after a chat greeting is a name unless it is a filler
 * ("thanks priya", not "thanks all"). The statistical {@link PersonModelDetector} runs next to it.
 *
 * <p>Long on purpose: the cue tables (titles, greetings, sign-offs, fields) are most of
 * it, and the cue rules read them together on one candidate run; splitting the tables from the
 * rules would spread one decision over several files. Issue 13 (names from every culture, chat
 * casing) reworks this detector and is the place to move the tables into resource files.
 */
public final class PersonDetector implements Detector {

    private static final Set<String> TITLES = CharClasses.set("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor",
            "sir", "dame", "lord", "lady", "rev", "fr", "herr", "frau", "mme", "mlle", "sr", "sra", "srta", "dott",
            "hon", "capt", "captain", "col", "gen", "lt", "sgt", "officer", "judge", "det", "detective", "pastor",
            "rabbi", "imam", "madame", "monsieur", "señor", "señora", "signor", "signora", "dra", "mevrouw", "meneer");
    /** Greetings after which any capitalised word (not a stop word) is taken as a name. */
    private static final Set<String> STRONG_CUES = CharClasses.set("hi", "hello", "hey", "dear", "hiya", "thanks",
            "thank you", "thx", "cheers", "hola", "bonjour", "hallo", "ciao", "namaste", "salaam", "howdy");
    /** Sign-offs: a name follows after a comma or a line break ("Best,\nPriya", "Regards, Tomasz"). */
    private static final Set<String> SIGN_OFFS = CharClasses.set("regards", "sincerely", "best", "cheers", "thanks",
            "yours", "love", "warmly", "respectfully", "xoxo", "faithfully", "truly", "wishes", "rgds", "br",
            "thank you", "thx", "ty", "gruß", "grüße", "saludos", "cordialement", "atentamente", "groeten", "mvh");
    /** Weaker greetings: the next word must be a lexicon name. */
    private static final Set<String> SOFT_GREETINGS = CharClasses.set("morning", "evening", "afternoon", "welcome", "congrats",
            "congratulations", "greetings", "bye", "yo", "ty", "night", "gm", "sup");

    /** Greetings that open a chat line; a lower-case word after them is taken as a name unless it is a filler. */
    private static final Set<String> CHAT_GREETINGS = CharClasses.set("hi", "hey", "hello", "thanks", "thank you",
            "thx", "ty", "tysm", "morning", "cheers", "yo", "hiya", "dear", "ok", "okay", "np", "sorry");
    /** What follows a greeting in chat when it is not a name. */
    private static final Set<String> FILLERS = CharClasses.set("all", "team", "guys", "everyone", "everybody", "there",
            "again", "for", "so", "a", "the", "you", "folks", "both", "much", "man", "dude", "mate", "anyway", "in",
            "to", "and", "but", "i", "we", "it", "this", "that", "that's", "its", "it's", "will", "sure", "cool",
            "great", "got", "just", "can", "could", "would", "should", "lots", "lot", "very", "really", "no", "not",
            "yes", "yeah", "yep", "nope", "thanks", "thank", "ok", "okay", "all,", "y'all", "people", "crew",
            "gang", "friends", "peeps", "again", "on", "from", "with", "about", "if", "as", "at", "by", "of", "or",
            "my", "our", "your", "their", "his", "her", "me", "us", "them", "here", "now", "then", "well", "good",
            "nice", "awesome", "perfect", "done", "noted", "fine", "agreed", "sounds", "looks", "let's", "lets",
            "please", "pls", "plz", "what", "who", "why", "how", "when", "where", "is", "are", "was", "were", "be",
            "do", "did", "does", "have", "has", "had", "get", "go", "see", "check", "ill", "i'll", "im", "i'm",
            "i've", "ive", "will", "one", "two", "everything", "anyone", "someone", "somebody", "anybody", "boss",
            "sir", "madam", "world", "hey", "hi", "hello", "morning", "afternoon", "evening", "night", "bye",
            "later", "soon", "tomorrow", "today", "tonight", "asap", "np", "ty", "thx", "lol", "haha", "btw",
            "fyi", "also", "too", "still", "already", "only", "even", "maybe", "probably", "actually", "though",
            "mind", "merged", "fixed", "shipped", "deployed", "reviewed", "approved", "updated", "pushed", "sent");

    private boolean chatName(String key, String s, int end) {
        if (key.length() < 3 || FILLERS.contains(key) || lex.isStop(key) || lex.isAmbiguous(key)) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (!Character.isLetter(key.charAt(i))) {
                return false;
            }
        }
        return !(end < s.length() && (s.charAt(end) == '\'' || s.charAt(end) == '\u2019'));
    }

    /** Field labels (before a colon) whose value is a person. */
    private static final Set<String> FIELDS = CharClasses.set("name", "full name", "assignee", "reporter", "owner", "author",
            "from", "to", "cc", "bcc", "attendees", "attendee", "customer", "contact", "patient", "employee",
            "manager", "reviewer", "reviewers", "approver", "signed-off-by", "co-authored-by", "requester",
            "candidate", "applicant", "driver", "passenger", "guest", "recipient", "sender", "user", "student",
            "tenant", "landlord", "member", "participants", "interviewer", "interviewee", "account holder",
            "beneficiary", "payee", "cardholder", "emergency contact", "next of kin", "contact person", "doctor",
            "signed", "signed by", "signed-by",
            "physician", "teacher", "host", "organizer", "organiser", "speaker", "presenter", "lead", "pm", "dri",
            "on-call", "on call", "oncall", "buddy", "mentor", "mentee", "sales rep", "rep", "agent", "caller",
            "client", "nom", "nombre", "vorname", "nachname");
    /** Fields whose value is surely a person, even a single unknown word. */
    private static final Set<String> STRONG_FIELDS = CharClasses.set("name", "full name", "assignee", "reporter", "author",
            "patient", "employee", "candidate", "applicant", "signed-off-by", "co-authored-by", "attendee",
            "attendees", "interviewer", "interviewee", "cardholder", "account holder", "beneficiary", "payee",
            "next of kin", "emergency contact", "contact person", "reviewer", "approver", "requester", "mentor",
            "signed", "signed by", "signed-by",
            "mentee", "nom", "nombre", "vorname", "nachname");
    /** Verbs and prepositions before a name ("assigned to", "ping", "with"); the next word must be a lexicon name. */
    private static final Set<String> WEAK_CUES = CharClasses.set("ping", "ask", "tell", "cc", "with", "from", "by", "for",
            "and", "to", "thanks", "via", "per", "call", "email", "message", "dm", "meet", "met", "told",
            "asked", "pinged", "invited", "invite", "loop", "looping", "adding", "added", "tagging", "tag", "@");
    /** Verbs whose object is a person: two unknown capitalised words after them are taken as a name. */
    private static final Set<String> PERSON_VERBS = CharClasses.set("ask", "ping", "tell", "cc", "asked", "pinged",
            "told", "thank", "invite", "invited", "email", "emailed", "call", "called", "message", "dm", "meet",
            "met", "hire", "hired", "welcome", "congratulate", "introduce", "introducing", "loop", "tag", "tagged",
            "thanks", "contact", "contacted", "notify", "paged", "page");
    private static final Set<String> PARTICLES = CharClasses.set("van", "von", "de", "der", "den", "del", "della", "di",
            "da", "dos", "das", "du", "la", "le", "bin", "binti", "ibn", "al", "el", "ter", "ten", "y", "zu", "af",
            "st", "mac", "ben", "bint", "abu", "ap", "dela", "degli", "dei", "lo", "ní", "nic", "ua", "ó");

    private final Lexicon lex;

    public PersonDetector() {
        this(Lexicon.defaults());
    }

    public PersonDetector(Lexicon lexicon) {
        this.lex = lexicon;
    }

    @Override
    public EntityKind kind() {
        return EntityKind.PERSON;
    }

    // token classes
    private static final int STOP = 0;
    private static final int UNKNOWN = 1;
    private static final int NAME = 2; // a lexicon name, not ambiguous
    private static final int AMBIG = 3; // a lexicon name that is also a word
    private static final int INITIAL = 4;
    private static final int PARTICLE = 5;
    private static final int LOWER = 6;

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        List<TextScan.Word> words = scan.words();
        int n = words.size();
        if (n == 0) {
            return;
        }
        String s = scan.text();
        int[] cls = new int[n];
        String[] keys = new String[n];
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            TextScan.Word w = words.get(i);
            String t = w.text();
            int end = w.end();
            if (t.length() > 2 && (t.endsWith("'s") || t.endsWith("\u2019s"))) {
                t = t.substring(0, t.length() - 2);
                end -= 2;
            }
            ends[i] = end;
            keys[i] = Lexicon.key(t);
            cls[i] = classify(t, keys[i], s, w.start(), end);
        }
        // capitalised particles inside a name ("Clodagh Ní Bhriain", "Layla El Amrani", "Eoghan Mac Giolla
        // Phádraig") join it like lower-case ones; a month or weekday before a listed surname is a given
        // name ("Jun Petrenko", "May Tembo"), never on its own
        for (int k = 1; k + 1 < n; k++) {
            if (PARTICLES.contains(keys[k]) && Character.isUpperCase(words.get(k).text().charAt(0))
                    && capLike(cls[k - 1]) && joined(s, words, ends, k - 1, k) && joined(s, words, ends, k, k + 1)
                    && isCapitalised(words.get(k + 1).text()) && cls[k + 1] != STOP) {
                cls[k] = PARTICLE;
            }
        }
        for (int k = 0; k + 1 < n; k++) {
            if (calendarGiven(s, words, ends, cls, keys, k) && cls[k + 1] == NAME && surnameLike(keys[k + 1])) {
                cls[k] = AMBIG;
            }
        }
        // 1. runs of capitalised words
        int i = 0;
        while (i < n) {
            if (!capLike(cls[i])) {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < n && joined(s, words, ends, j - 1, j) && (capLike(cls[j])
                    || (cls[j] == PARTICLE && particleChain(s, words, ends, cls, j)))) {
                j++;
            }
            markStopPhrases(keys, cls, i, j);
            evaluateRun(s, words, ends, cls, keys, i, j, out);
            i = j;
        }
        // 2. cues
        for (int k = 0; k < n; k++) {
            String key = keys[k];
            TextScan.Word w = words.get(k);
            if (TITLES.contains(key) && k + 1 < n && Character.isUpperCase(w.text().charAt(0))) {
                int next = k + 1;
                boolean particle = cls[next] == PARTICLE && next + 1 < n && isCapitalised(words.get(next + 1).text())
                        && joined(s, words, ends, next, next + 1);
                if (gapOk(s, ends[k], words.get(next).start(), true) && (cls[next] != STOP)
                        && (particle || Character.isUpperCase(words.get(next).text().charAt(0)))) {
                    // the title goes with the name ("Dr. Ndlovu", "Frau Al Mansouri", "Dr. van den Broek")
                    int before = out.size();
                    emitFollowing(s, words, ends, cls, next, 3, Candidate.P_PERSON_CUE, out);
                    if (particle && out.size() == before) {
                        emitFollowing(s, words, ends, cls, next + 1, 3, Candidate.P_PERSON_CUE, out);
                    }
                    if (out.size() > before) {
                        Candidate c = out.get(out.size() - 1);
                        out.add(new Candidate(EntityKind.PERSON, w.start(), c.end(), Candidate.P_PERSON_CUE));
                    }
                }
                continue;
            }
            boolean thankYou = key.equals("thank") && k + 1 < n && keys[k + 1].equals("you");
            String cue = thankYou ? "thank you" : key;
            int next = thankYou ? k + 2 : k + 1;
            if (next < n && cueGap(s, ends[next - 1], words.get(next).start())) {
                boolean commaGap = s.substring(ends[next - 1], words.get(next).start()).indexOf(',') >= 0
                        || s.substring(ends[next - 1], words.get(next).start()).indexOf('\n') >= 0;
                boolean strong = STRONG_CUES.contains(cue) || (SIGN_OFFS.contains(cue) && commaGap);
                boolean soft = SOFT_GREETINGS.contains(cue) || SIGN_OFFS.contains(cue);
                int c = cls[next];
                if (strong && isCapitalised(words.get(next).text()) && c != STOP && c != PARTICLE) {
                    emitFollowing(s, words, ends, cls, next, 2, Candidate.P_PERSON_CUE, out);
                    continue;
                }
                if ((strong || soft) && (c == NAME || c == AMBIG) && isCapitalised(words.get(next).text())) {
                    emitFollowing(s, words, ends, cls, next, 2, Candidate.P_PERSON_CUE, out);
                    continue;
                }
                if ((strong || soft) && c == LOWER && lex.isGiven(keys[next]) && !lex.isAmbiguous(keys[next])) {
                    out.add(new Candidate(EntityKind.PERSON, words.get(next).start(), ends[next], Candidate.P_PERSON_CUE));
                    continue;
                }
                if (CHAT_GREETINGS.contains(cue) && c == LOWER && lineStartBefore(s, w.start())
                        && chatName(keys[next], s, ends[next])) {
                    // chat in lower case: "thanks priya", "hey ikaika can u ...", a word no lexicon holds
                    out.add(new Candidate(EntityKind.PERSON, words.get(next).start(), ends[next], Candidate.P_PERSON));
                    continue;
                }
            }
            if (WEAK_CUES.contains(key) && k + 1 < n && gapOk(s, ends[k], words.get(k + 1).start(), false)) {
                int m = k + 1;
                if ((cls[m] == AMBIG && isCapitalised(words.get(m).text()))
                        || (cls[m] == LOWER && lex.isGiven(keys[m]) && !lex.isAmbiguous(keys[m]))) {
                    if (lex.isGiven(keys[m]) && !(m + 1 < n && cls[m + 1] == STOP && joined(s, words, ends, m, m + 1))) {
                        emitFollowing(s, words, ends, cls, m, 2, Candidate.P_PERSON_CUE, out);
                    }
                } else if (cls[m] == UNKNOWN && m + 1 < n && cls[m + 1] == UNKNOWN && joined(s, words, ends, m, m + 1)
                        && !(m + 2 < n && capLike(cls[m + 2]) && joined(s, words, ends, m + 1, m + 2))
                        && PERSON_VERBS.contains(key)) {
                    // "ask Kaveh Quispe": two unknown capitalised words after a verb that takes a person
                    out.add(new Candidate(EntityKind.PERSON, words.get(m).start(), ends[m + 1], Candidate.P_PERSON));
                }
            }
            field(s, words, ends, cls, keys, k, out);
        }
        // 3. two or three unknown capitalised words followed by something only a person does
        //    ("Kaveh Quispe commented", "Nnamdi Abara <n@x.io>", "Ada Zorn (she/her)", "Ada Zorn, Head of Sales")
        //    The run may start with a listed name or a month ("Jun Quispe will join") and hold particles
        //    ("Gráinne de Souza will join").
        for (int k = 0; k < n; k++) {
            boolean starts = (cls[k] == UNKNOWN || cls[k] == NAME || cls[k] == AMBIG
                    || calendarGiven(s, words, ends, cls, keys, k)) && !cueWord(keys[k]);
            if (!starts || (k > 0 && isCapitalised(words.get(k - 1).text()) && joined(s, words, ends, k - 1, k)
                    && !cueWord(keys[k - 1]))) {
                continue; // only a whole capitalised run ("Spring Boot Actuator said" is not "Boot Actuator")
            }
            int e = k;
            int content = 1;
            while (e + 1 < n && content < 3 && joined(s, words, ends, e, e + 1)) {
                if (cls[e + 1] == UNKNOWN || cls[e + 1] == NAME || cls[e + 1] == AMBIG) {
                    e++;
                    content++;
                } else if (cls[e + 1] == PARTICLE && particleChain(s, words, ends, cls, e + 1)) {
                    int p = e + 1;
                    while (cls[p] == PARTICLE) {
                        p++;
                    }
                    e = p;
                    content++;
                } else {
                    break;
                }
            }
            if (e > k && !(e + 1 < n && capLike(cls[e + 1]) && joined(s, words, ends, e, e + 1))
                    && personPredicate(s, ends[e])) {
                out.add(new Candidate(EntityKind.PERSON, words.get(k).start(), ends[e], Candidate.P_PERSON));
            }
        }
        extraCues(s, words, ends, cls, keys, out);
        // 4. @mentions and lower-case "given surname"
        mentions(s, out);
        for (int k = 0; k + 1 < n; k++) {
            if (cls[k] == LOWER && cls[k + 1] == LOWER && joined(s, words, ends, k, k + 1)
                    && lex.isGiven(keys[k]) && !lex.isAmbiguous(keys[k]) && lex.isSurname(keys[k + 1])
                    && !lex.isAmbiguous(keys[k + 1])) {
                out.add(new Candidate(EntityKind.PERSON, words.get(k).start(), ends[k + 1], Candidate.P_PERSON));
            }
        }
    }

    /** Months and weekdays: never a name alone, but a given name before a surname or after a cue. */
    private static final Set<String> CALENDAR = CharClasses.set("january", "february", "march", "april", "may", "june",
            "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
            "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday");

    /** A capitalised month or weekday directly followed by a capitalised word that may be a name. */
    private boolean calendarGiven(String s, List<TextScan.Word> words, int[] ends, int[] cls, String[] keys, int k) {
        if (!CALENDAR.contains(keys[k]) || k + 1 >= words.size() || !isCapitalised(words.get(k).text())
                || words.get(k).allUpper() || !joined(s, words, ends, k, k + 1)) {
            return false;
        }
        String next = words.get(k + 1).text();
        return isCapitalised(next) && !words.get(k + 1).allUpper() && cls[k + 1] != STOP && cls[k + 1] != INITIAL
                && !CALENDAR.contains(keys[k + 1]);
    }

    /** Labels of an address block whose next line starts with the addressee's name. */
    private static final Set<String> ADDRESS_LABELS = CharClasses.set("invoice address", "billing address",
            "delivery address", "shipping address", "postal address", "mailing address", "correspondence address",
            "ship to", "bill to", "deliver to", "sold to", "invoice to", "send to", "address", "addressee",
            "rechnungsadresse", "lieferadresse", "anschrift", "adresse de facturation", "adresse de livraison",
            "dirección de facturación", "dirección de envío", "indirizzo di fatturazione", "indirizzo di spedizione",
            "factuuradres", "afleveradres", "adres do faktury", "adres dostawy");
    /** Field labels that also work without a colon at the start of a line ("Reviewer Ana Ccori approved"). */
    private static final Set<String> BARE_FIELDS = CharClasses.set("reviewer", "approver", "assignee", "reporter",
            "signed", "signatory");
    /** Words before a possessive name ("Per Caoimhe's note", "as Tadhg's mail says"). */
    private static final Set<String> POSSESSIVE_CUES = CharClasses.set("per", "as", "see", "from", "in", "on", "with",
            "to", "and", "re", "about", "after", "like", "check", "ask", "use", "following", "by");
    /** Lower-case words after "cc" that are teams or roles, not people. */
    private static final Set<String> CC_NOT = CharClasses.set("legal", "finance", "hr", "ops", "support", "security",
            "sales", "marketing", "accounts", "payroll", "it", "infra", "devops", "procurement", "billing", "admin",
            "admins", "management", "leadership", "eng", "engineering", "design", "product", "qa", "list", "channel",
            "group", "everyone", "here", "oncall", "on-call", "me", "myself", "you", "them", "him", "her", "team",
            "teams", "board", "office", "desk", "helpdesk", "service", "services", "account", "customer", "client",
            "vendor", "manager", "managers", "lead", "leads", "boss", "audit", "compliance", "tax", "treasury",
            "logistics", "facilities", "reception", "mail", "email", "inbox", "thread", "ticket", "number", "num",
            "no", "details", "info", "exp", "expiry", "cvv", "card", "payment", "charge", "holder");

    /**
     * Cues that need a look across the whole line or text: a name after "cc" in lower case ("cc liya
     * haile"), the addressee on the line after an address label, a bare field label at a line start
     * ("Reviewer Clodagh Ní Bhriain approved"), a possessive after a cue ("Per Caoimhe's note") and an
     * initial after a greeting ("Dear M. Ccori").
     */
    private void extraCues(String s, List<TextScan.Word> words, int[] ends, int[] cls, String[] keys,
            List<Candidate> out) {
        int n = words.size();
        for (int k = 0; k < n; k++) {
            String key = keys[k];
            TextScan.Word w = words.get(k);
            // "cc" + lower-case name words
            if (key.equals("cc") && lineStartBefore(s, w.start()) && k + 1 < n
                    && gapOk(s, ends[k], words.get(k + 1).start(), false)) {
                int m = k + 1;
                int e = m - 1;
                int contentWords = 0;
                boolean listed = false;
                boolean ok = true;
                while (e + 1 < n && e + 1 - m < 4 && (e + 1 == m || joined(s, words, ends, e, e + 1))) {
                    int c = cls[e + 1];
                    String t = words.get(e + 1).text();
                    if (c == PARTICLE && Character.isLowerCase(t.charAt(0))) {
                        e++;
                        continue;
                    }
                    if (c != LOWER || !ccName(keys[e + 1], t)) {
                        break;
                    }
                    if (lex.isListedAnywhere(keys[e + 1])) {
                        listed = true;
                    }
                    e++;
                    contentWords++;
                    if (ends[e] != words.get(e).end()) {
                        break; // a possessive ends the name
                    }
                }
                while (e >= m && cls[e] == PARTICLE) {
                    e--;
                }
                if (contentWords > 0 && e >= m && CC_NOT.contains(keys[m])) {
                    ok = false;
                }
                if (contentWords == 1 && !(lex.isGiven(keys[m]) || lex.isSurname(keys[m]))) {
                    ok = false; // one word: only a given name or surname list makes it a person
                }
                if (e + 1 < n && Character.isDigit(words.get(e + 1).text().charAt(0))) {
                    ok = false; // "cc number 4111 ...": a card
                }
                if (ok && e >= m && (listed || contentWords >= 2) && !lex.isAmbiguous(keys[m])) {
                    out.add(new Candidate(EntityKind.PERSON, words.get(m).start(), ends[e], Candidate.P_PERSON_CUE));
                }
            }
            // a field label without a colon at a line start
            if (BARE_FIELDS.contains(key) && lineStartBefore(s, w.start()) && k + 1 < n
                    && gapOk(s, ends[k], words.get(k + 1).start(), false)) {
                int m = k + 1;
                if (isCapitalised(words.get(m).text()) && !words.get(m).allUpper()
                        && (cls[m] == UNKNOWN || cls[m] == NAME || cls[m] == AMBIG
                            || calendarGiven(s, words, ends, cls, keys, m))) {
                    emitFollowing(s, words, ends, cls, m, 3, Candidate.P_PERSON_CUE, out);
                }
            }
            // possessive: "Per Caoimhe's note"
            String t = w.text();
            if (t.length() > 3 && (t.endsWith("'s") || t.endsWith("’s")) && isCapitalised(t)
                    && (cls[k] == UNKNOWN || cls[k] == NAME || cls[k] == AMBIG) && !w.allUpper()
                    && (k > 0 && POSSESSIVE_CUES.contains(keys[k - 1]) && gapOk(s, ends[k - 1], w.start(), false)
                        || k == 0 || lineStartBefore(s, w.start()))
                    && k + 1 < n && Character.isLowerCase(words.get(k + 1).text().charAt(0))
                    && !(k > 0 && isCapitalised(words.get(k - 1).text()) && joined(s, words, ends, k - 1, k)
                        && !POSSESSIVE_CUES.contains(keys[k - 1]))) {
                out.add(new Candidate(EntityKind.PERSON, w.start(), ends[k], Candidate.P_PERSON));
            }
            // initial after a greeting: "Dear M. Ccori,"
            if (STRONG_CUES.contains(key) && k + 2 < n && cls[k + 1] == INITIAL
                    && gapOk(s, ends[k], words.get(k + 1).start(), false) && joined(s, words, ends, k + 1, k + 2)
                    && isCapitalised(words.get(k + 2).text()) && cls[k + 2] != STOP) {
                emitFollowing(s, words, ends, cls, k + 1, 3, Candidate.P_PERSON_CUE, out);
            }
        }
        addressee(s, words, ends, cls, out);
    }

    /** A capitalised cue at a sentence start ("Per", "With", "Ask") is not the first word of a name. */
    private static boolean cueWord(String key) {
        return WEAK_CUES.contains(key) || POSSESSIVE_CUES.contains(key) || STRONG_CUES.contains(key)
                || TITLES.contains(key);
    }

    private boolean ccName(String key, String t) {
        if (key.length() < 2 || FILLERS.contains(key) || lex.isStop(key)) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!Character.isLetter(c) && c != '-' && c != '\'' && c != '\u2019') {
                return false;
            }
        }
        return true;
    }

    /** The line after an address label ("Invoice address" / "Ship to:"), when it looks like a name. */
    private void addressee(String s, List<TextScan.Word> words, int[] ends, int[] cls, List<Candidate> out) {
        int lineStart = 0;
        while (lineStart < s.length()) {
            int nl = s.indexOf('\n', lineStart);
            if (nl < 0) {
                return;
            }
            String label = s.substring(lineStart, nl).strip();
            label = stripEdges(label).toLowerCase(Locale.ROOT);
            if (label.endsWith(":")) {
                label = label.substring(0, label.length() - 1).strip();
            }
            if (ADDRESS_LABELS.contains(label)) {
                int a = nl + 1;
                int b = s.indexOf('\n', a);
                if (b < 0) {
                    b = s.length();
                }
                nameLine(s, words, ends, cls, a, b, out);
            }
            lineStart = nl + 1;
        }
    }

    private static String stripEdges(String l) {
        int a = 0;
        int b = l.length();
        while (a < b && (l.charAt(a) == '|' || l.charAt(a) == ' ' || l.charAt(a) == '*' || l.charAt(a) == '#')) {
            a++;
        }
        while (b > a && (l.charAt(b - 1) == '|' || l.charAt(b - 1) == ' ' || l.charAt(b - 1) == '*')) {
            b--;
        }
        return l.substring(a, b);
    }

    private void nameLine(String s, List<TextScan.Word> words, int[] ends, int[] cls, int a, int b,
            List<Candidate> out) {
        int first = -1;
        int last = -1;
        int content = 0;
        for (int k = 0; k < words.size(); k++) {
            TextScan.Word w = words.get(k);
            if (w.start() < a) {
                continue;
            }
            if (w.start() >= b) {
                break;
            }
            String t = w.text();
            boolean capital = Character.isUpperCase(t.charAt(0));
            boolean part = cls[k] == PARTICLE;
            boolean fits = part || (capital && (cls[k] != STOP || CALENDAR.contains(Lexicon.key(t)))
                    && !ORG_WORDS.contains(Lexicon.key(t)) && !(t.length() > 2 && w.allUpper()))
                    || cls[k] == INITIAL;
            if (!fits) {
                return;
            }
            if (first < 0) {
                first = k;
            }
            if (last >= 0 && !joined(s, words, ends, last, k)) {
                return;
            }
            last = k;
            if (!part && cls[k] != INITIAL) {
                content++;
            }
        }
        if (first < 0 || content < 1 || content > 4 || cls[first] == PARTICLE) {
            return;
        }
        // nothing but the name on the line (pipes, spaces and a trailing comma aside)
        for (int i = a; i < b; i++) {
            char c = s.charAt(i);
            if (Character.isDigit(c) || c == '@' || c == ':' || c == '/') {
                return;
            }
        }
        if (content == 1 && !lex.isName(Lexicon.key(words.get(first).text()))) {
            return;
        }
        out.add(new Candidate(EntityKind.PERSON, words.get(first).start(), ends[last], Candidate.P_PERSON_CUE));
    }

    private static final String[] PREDICATES = {" said", " says", " wrote", " writes", " replied", " commented",
        " mentioned", " shared", " joined", " left ", " has left", " added", " removed", " invited", " asked",
        " approved", " reviewed", " merged", " pushed", " assigned", " reacted", " is typing", " is presenting",
        " is out", " is on leave", " is ooo", " has joined", " will join", " changed", " updated", " uploaded",
        " sent", " called", " accepted", " declined", " signed", " requested", " created", " edited", " closed",
        " reopened", " resolved", " liked", " mentioned you", " <", " (he/him)", " (she/her)", " (they/them)",
        " (external)", " (guest)", " (you)", " (ooo)", " (away)", " (busy)", "'s ", "\u2019s "};
    private static final String[] TITLES_AFTER = {"head of", "director", "vp", "vice president", "manager",
        "engineer", "ceo", "cto", "cfo", "coo", "founder", "co-founder", "lead", "principal", "senior", "staff",
        "analyst", "designer", "consultant", "specialist", "coordinator", "associate", "partner", "counsel",
        "recruiter", "account executive", "product owner", "scrum master", "intern", "architect", "administrator",
        "officer", "president", "chair", "professor", "md", "phd", "mba", "esq"};

    /** True when the text at {@code end} continues with something a person does or is. */
    private static boolean personPredicate(String s, int end) {
        String rest = CharClasses.after(s, end, 24);
        for (String p : PREDICATES) {
            if (rest.startsWith(p)) {
                return true;
            }
        }
        if (rest.startsWith(", ") || rest.startsWith(" - ") || rest.startsWith(" | ")) {
            String t = rest.substring(rest.startsWith(", ") ? 2 : 3);
            for (String title : TITLES_AFTER) {
                if (t.startsWith(title) && (t.length() == title.length() || !Character.isLetter(t.charAt(title.length())))) {
                    return true;
                }
            }
        }
        return false;
    }

    private int classify(String t, String key, String s, int start, int end) {
        char c0 = t.charAt(0);
        if (!Character.isLetter(c0)) {
            return STOP;
        }
        if (t.length() == 1 && (c0 == 'Ó' || c0 == 'Ò')) {
            return UNKNOWN; // Irish "Ó Briain"
        }
        if (t.length() == 1) {
            return Character.isUpperCase(c0) && end < s.length() && s.charAt(end) == '.' ? INITIAL
                    : (Character.isUpperCase(c0) ? STOP : LOWER);
        }
        if (PARTICLES.contains(key) && Character.isLowerCase(c0)) {
            return PARTICLE;
        }
        for (int i = 0; i < t.length(); i++) {
            if (Character.isDigit(t.charAt(i))) {
                return STOP;
            }
        }
        boolean upper = Character.isUpperCase(c0);
        if (!upper) {
            return LOWER;
        }
        boolean allCaps = true;
        for (int i = 1; i < t.length(); i++) {
            if (Character.isLowerCase(t.charAt(i))) {
                allCaps = false;
                break;
            }
        }
        if (lex.isStop(key)) {
            return STOP;
        }
        boolean name = lex.isName(key);
        if (!name && key.indexOf('-') > 0) {
            // "Mbeki-Osei", "Watanabe-Li", "Jean-Luc": a name when a part is a clear name
            for (String part : key.split("-")) {
                if (part.length() >= 3 && lex.isName(part) && !lex.isAmbiguous(part)) {
                    return NAME;
                }
            }
        }
        if (allCaps && !name) {
            return STOP; // acronyms
        }
        if (!name && hasInnerCapsLikeProduct(t)) {
            return STOP; // "GitHub", "iPhone", "PowerPoint", "JavaScript"
        }
        if (!name) {
            return UNKNOWN;
        }
        // a name only the large open lists know ("Set", "Power", "Boot" are surnames somewhere) needs
        // the evidence an ambiguous name needs: a second name, a title, a greeting or a field
        return lex.isAmbiguous(key) || !lex.isCurated(key) ? AMBIG : NAME;
    }

    /** A surname, or a hyphenated name with a surname part ("Mbeki-Osei"). */
    private boolean surnameLike(String key) {
        if (lex.isSurname(key)) {
            return true;
        }
        if (key.indexOf('-') > 0) {
            for (String part : key.split("-")) {
                if (part.length() >= 2 && lex.isSurname(part)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** CamelCase product words. Name prefixes Mc/Mac/De/Di/La/Le/O' keep inner capitals. */
    private static boolean hasInnerCapsLikeProduct(String t) {
        for (int i = 1; i < t.length(); i++) {
            if (Character.isUpperCase(t.charAt(i)) && Character.isLowerCase(t.charAt(i - 1))) {
                String head = t.substring(0, i).toLowerCase(Locale.ROOT);
                if (head.equals("mc") || head.equals("mac") || head.equals("de") || head.equals("di")
                        || head.equals("la") || head.equals("le") || head.equals("van") || head.equals("fitz")
                        || head.equals("da") || head.equals("du")) {
                    continue;
                }
                return true;
            }
        }
        return false;
    }

    private static boolean capLike(int c) {
        return c == UNKNOWN || c == NAME || c == AMBIG || c == INITIAL;
    }

    private static boolean isCapitalised(String t) {
        return Character.isUpperCase(t.charAt(0)) && t.length() >= 2;
    }

    /** Words k and k+1 are adjacent parts of one name: separated by one space (or ". " after an initial). */
    private static boolean joined(String s, List<TextScan.Word> words, int[] ends, int a, int b) {
        int from = ends[a];
        int to = words.get(b).start();
        if (from != words.get(a).end()) {
            return false; // a possessive ends the name
        }
        if (to - from == 1) {
            char c = s.charAt(from);
            return c == ' ' || c == '\u00A0';
        }
        if (to - from == 2) {
            return s.charAt(from) == '.' && s.charAt(from + 1) == ' ' && words.get(a).text().length() == 1;
        }
        return false;
    }

    private static boolean gapOk(String s, int from, int to, boolean allowDot) {
        if (to - from < 1 || to - from > 3) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c == ' ' || c == '\u00A0' || (allowDot && c == '.'))) {
                return false;
            }
        }
        return true;
    }

    /** After a greeting or sign-off: space, comma, dash, newline ("Best regards,\nPriya"). */
    private static boolean cueGap(String s, int from, int to) {
        if (to - from < 1 || to - from > 6) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c == ' ' || c == ',' || c == '\n' || c == '\r' || c == '-' || c == '\u2014' || c == '\u00A0')) {
                return false;
            }
        }
        return true;
    }

    private void markStopPhrases(String[] keys, int[] cls, int from, int to) {
        for (int a = from; a < to; a++) {
            StringBuilder p = new StringBuilder(keys[a]);
            for (int b = a + 1; b < to && b < a + 4; b++) {
                p.append(' ').append(keys[b]);
                if (lex.isStopPhrase(p.toString())) {
                    for (int k = a; k <= b; k++) {
                        cls[k] = STOP;
                    }
                }
            }
        }
    }

    private void evaluateRun(String s, List<TextScan.Word> words, int[] ends, int[] cls, String[] keys, int from,
            int to, List<Candidate> out) {
        int a = from;
        while (a < to) {
            while (a < to && (cls[a] == STOP || cls[a] == PARTICLE)) {
                a++;
            }
            int b = a;
            while (b < to && cls[b] != STOP) {
                b++;
            }
            if (a < b) {
                subRun(s, words, ends, cls, keys, a, b, out);
            }
            a = b;
        }
    }

    private void subRun(String s, List<TextScan.Word> words, int[] ends, int[] cls, String[] keys, int a, int b,
            List<Candidate> out) {
        // trim trailing particles
        while (b > a && cls[b - 1] == PARTICLE) {
            b--;
        }
        int firstLex = -1;
        int lastLex = -1;
        int strong = 0;
        int weak = 0;
        int content = 0;
        for (int k = a; k < b; k++) {
            if (cls[k] == NAME || cls[k] == AMBIG) {
                if (firstLex < 0) {
                    firstLex = k;
                }
                lastLex = k;
                if (cls[k] == NAME) {
                    strong++;
                } else {
                    weak++;
                }
            }
            if (cls[k] != INITIAL && cls[k] != PARTICLE) {
                content++;
            }
        }
        if (firstLex < 0) {
            return;
        }
        int st = firstLex;
        int en = lastLex;
        // an unknown word next to a known surname (before it) or given name (after it) is part of the name
        if (st - 1 >= a && (cls[st - 1] == UNKNOWN) && surnameLike(keys[st]) && (cls[st] == NAME || weak + strong > 1)) {
            st--;
        }
        if (en + 1 < b && cls[en + 1] == UNKNOWN && lex.isGiven(keys[en]) && (cls[en] == NAME || weak + strong > 1)) {
            en++;
        }
        // across particles: "Gráinne de Souza" (an unknown given name before a particle and a surname),
        // "Clodagh Ní Bhriain", "Eoghan Mac Giolla Phádraig" (particle and unknown words after a given name)
        if (st - 2 >= a && cls[st - 1] == PARTICLE && cls[st] == NAME && surnameLike(keys[st])) {
            int p = st - 1;
            while (p - 1 >= a && cls[p - 1] == PARTICLE) {
                p--;
            }
            if (p - 1 >= a && (cls[p - 1] == UNKNOWN || cls[p - 1] == NAME || cls[p - 1] == AMBIG)) {
                st = p - 1;
            }
        }
        if (en + 2 < b && cls[en + 1] == PARTICLE && (cls[en] == NAME || strong + weak > 1)) {
            int p = en + 1;
            while (p < b && cls[p] == PARTICLE) {
                p++;
            }
            int taken = 0;
            while (p < b && taken < 2 && capLike(cls[p]) && cls[p] != INITIAL && !ORG_WORDS.contains(keys[p])) {
                en = p;
                p++;
                taken++;
            }
        }
        // initials before the name ("J. R. Tolkien")
        while (st - 1 >= a && cls[st - 1] == INITIAL) {
            st--;
        }
        int span = 0;
        for (int k = st; k <= en; k++) {
            if (cls[k] != INITIAL && cls[k] != PARTICLE) {
                span++;
            }
        }
        boolean accept;
        if (span == 1) {
            boolean initialBefore = st < firstLex;
            accept = strong == 1 && weak == 0 && (lex.isGiven(keys[firstLex]) || initialBefore
                    || lex.isSurname(keys[firstLex]));
            if (!accept && weak == 1 && initialBefore && lex.isSurname(keys[firstLex])) {
                accept = true; // "J. Young"
            }
        } else if (strong >= 1) {
            accept = span <= 4 || strong >= 2;
        } else {
            // only ambiguous names: need a given name followed by a surname ("Will Smith", "Grace Park")
            accept = weak >= 2 && lex.isGiven(keys[firstLex]) && lex.isSurname(keys[lastLex]) && lastLex > firstLex;
        }
        if (!accept) {
            return;
        }
        if (orgContext(s, words, ends, keys, st, en)) {
            return;
        }
        if (span >= 2 && allCapsRun(words, st, en) && strong < 2) {
            return; // "ACME CORP" style shouting needs two clear names
        }
        out.add(new Candidate(EntityKind.PERSON, words.get(st).start(), ends[en], Candidate.P_PERSON));
    }

    private static final Set<String> ORG_WORDS = CharClasses.set("airport", "station", "center", "centre", "hospital",
            "bridge", "tower", "square", "building", "library", "museum", "stadium", "arena", "theater", "theatre",
            "cathedral", "academy", "campus", "hall", "memorial", "university", "college", "school", "institute",
            "foundation", "street", "avenue", "road", "park", "award", "prize", "fellowship", "lecture", "room",
            "group", "labs", "inc", "corp", "llc", "ltd", "gmbh", "company", "bank", "hotel", "foods", "motors",
            "airlines", "capital", "partners", "ventures", "industries", "systems", "solutions", "technologies",
            "consulting", "associates", "law", "llp", "plc", "ag", "sa", "co", "brothers", "bros", "sons",
            "pharmaceuticals", "pharma", "media", "studios", "records", "press", "publishing", "house", "trust",
            "fund", "capital", "holdings", "enterprises", "international", "global", "scholarship", "medal",
            "prize", "boulevard", "drive", "lane", "way", "county", "city", "island", "river", "lake", "mountain",
            "valley", "beach", "bay", "coast", "falls", "springs", "heights", "gardens", "plaza", "mall");

    /** "Kennedy Airport", "Johnson & Johnson", "the Hilton": names used for places and companies. */
    private static boolean orgContext(String s, List<TextScan.Word> words, int[] ends, String[] keys, int st, int en) {
        if (en + 1 < words.size() && words.get(en + 1).start() - ends[en] == 1 && s.charAt(ends[en]) == ' '
                && ORG_WORDS.contains(keys[en + 1]) && Character.isUpperCase(words.get(en + 1).text().charAt(0))) {
            return true;
        }
        int after = ends[en];
        if (after + 2 < s.length() && s.startsWith(" & ", after) || after + 1 < s.length() && s.charAt(after) == '&') {
            return st == en;
        }
        int before = words.get(st).start();
        if (before >= 3 && s.startsWith(" & ", before - 3) && st == en) {
            return true;
        }
        return false;
    }

    private static boolean allCapsRun(List<TextScan.Word> words, int st, int en) {
        for (int k = st; k <= en; k++) {
            if (!words.get(k).allUpper()) {
                return false;
            }
        }
        return true;
    }

    /** Takes up to {@code max} capitalised words from {@code k} on as one name. */
    private void emitFollowing(String s, List<TextScan.Word> words, int[] ends, int[] cls, int k, int max, int prio,
            List<Candidate> out) {
        int e = k;
        int taken = 1;
        while (e + 1 < words.size() && taken < max && joined(s, words, ends, e, e + 1)
                && (capLike(cls[e + 1]) || (cls[e + 1] == PARTICLE && particleChain(s, words, ends, cls, e + 1)))) {
            e++;
            if (cls[e] != PARTICLE) {
                taken++;
            }
        }
        out.add(new Candidate(EntityKind.PERSON, words.get(k).start(), ends[e], prio));
    }

    private void field(String s, List<TextScan.Word> words, int[] ends, int[] cls, String[] keys, int k,
            List<Candidate> out) {
        // label is word k (or words k-1..k for two-word labels), then ':' (or " by"/" to" forms handled above)
        String key = keys[k];
        int labelStart = words.get(k).start();
        String label = key;
        String two = k > 0 ? keys[k - 1] + " " + key : null;
        if (two != null && FIELDS.contains(two)) {
            label = two; // "Contact person:", "Next of kin:", "Signed by:"
            labelStart = words.get(k - 1).start();
        } else if (!FIELDS.contains(label)) {
            return;
        } else if (k > 0 && !lineStartBefore(s, labelStart) && !(key.equals("name") && CharClasses.set("full", "first",
                "last", "display", "legal", "contact", "customer", "your", "my", "his", "her").contains(keys[k - 1]))) {
            return;
        }
        int p = ends[k];
        if (p >= s.length() || s.charAt(p) != ':') {
            return;
        }
        p++;
        while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t' || s.charAt(p) == '"')) {
            p++;
        }
        int m = k + 1;
        if (m >= words.size() || words.get(m).start() != p) {
            return;
        }
        boolean lexical = cls[m] == NAME || cls[m] == AMBIG
                || (m + 1 < words.size() && joined(s, words, ends, m, m + 1) && capLike(cls[m + 1]));
        if (isCapitalised(words.get(m).text()) && (cls[m] != STOP || calendarGiven(s, words, ends, cls, keys, m))
                && cls[m] != PARTICLE && (lexical || STRONG_FIELDS.contains(label))) {
            emitFollowing(s, words, ends, cls, m, 4, Candidate.P_PERSON_CUE, out);
            // "Last, First"
            int e = m;
            while (e + 1 < words.size() && joined(s, words, ends, e, e + 1) && capLike(cls[e + 1])) {
                e++;
            }
            if (e + 1 < words.size() && ends[e] < s.length() && s.charAt(ends[e]) == ','
                    && words.get(e + 1).start() == ends[e] + 2 && capLike(cls[e + 1]) && lex.isGiven(keys[e + 1])) {
                out.add(new Candidate(EntityKind.PERSON, words.get(e + 1).start(), ends[e + 1], Candidate.P_PERSON_CUE));
            }
        } else if (cls[m] == LOWER && lex.isName(keys[m]) && !lex.isAmbiguous(keys[m])) {
            emitFollowing(s, words, ends, cls, m, 1, Candidate.P_PERSON_CUE, out);
        } else if (STRONG_FIELDS.contains(label) && upperWord(words.get(m).text())) {
            // "Cardholder: KEKOA KANAHELE", "NAME: JIŘÍ VAN DER BERG": up to four words in capitals
            int e = m;
            while (e + 1 < words.size() && e - m < 3 && joined(s, words, ends, e, e + 1)
                    && upperWord(words.get(e + 1).text())) {
                e++;
            }
            out.add(new Candidate(EntityKind.PERSON, words.get(m).start(), ends[e], Candidate.P_PERSON_CUE));
        }
    }

    /** Particles from {@code j} on ("de la", "van der", "van den") lead, on one line, to a capitalised name. */
    private static boolean particleChain(String s, List<TextScan.Word> words, int[] ends, int[] cls, int j) {
        int k = j;
        while (k < words.size() && k - j < 3 && cls[k] == PARTICLE) {
            if (k + 1 >= words.size() || !joined(s, words, ends, k, k + 1)) {
                return false;
            }
            k++;
        }
        return k < words.size() && capLike(cls[k]);
    }

    private static boolean upperWord(String t) {
        if (t.length() < 2) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(Character.isUpperCase(c) || c == '\'' || c == '-' || c == '\u2019')) {
                return false;
            }
        }
        return true;
    }

    private static boolean lineStartBefore(String s, int pos) {
        for (int i = pos - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == '\n' || c == '|' || c == ';' || c == ',' || c == '\t' || c == '(' || c == '[' || c == '-'
                    || c == '*' || c == '>' || c == '"' || c == '{') {
                return true;
            }
            if (c != ' ') {
                return false;
            }
        }
        return true;
    }

    /** "@priya", "@priya.sharma", "@tomasz_k": a handle holding a lexicon name. */
    private void mentions(String s, List<Candidate> out) {
        int from = 0;
        while (true) {
            int at = s.indexOf('@', from);
            if (at < 0) {
                return;
            }
            from = at + 1;
            if (at > 0 && (CharClasses.isWordChar(s.charAt(at - 1)) || s.charAt(at - 1) == '.')) {
                continue; // an email
            }
            int e = at + 1;
            while (e < s.length() && (CharClasses.isAsciiAlnum(s.charAt(e)) || s.charAt(e) == '.' || s.charAt(e) == '_'
                    || s.charAt(e) == '-' || (s.charAt(e) > 127 && Character.isLetter(s.charAt(e))))) {
                e++;
            }
            while (e > at + 1 && (s.charAt(e - 1) == '.' || s.charAt(e - 1) == '-')) {
                e--;
            }
            if (e - at < 3 || (e < s.length() && s.charAt(e) == '@')) {
                continue;
            }
            String handle = s.substring(at + 1, e);
            boolean name = false;
            for (String part : handle.split("[._-]")) {
                String k = Lexicon.key(part);
                if (part.length() >= 3 && lex.isName(k) && !lex.isAmbiguous(k) && !lex.isStop(k)) {
                    name = true;
                }
            }
            if (name) {
                out.add(new Candidate(EntityKind.PERSON, at + 1, e, Candidate.P_PERSON_CUE));
            }
        }
    }
}
