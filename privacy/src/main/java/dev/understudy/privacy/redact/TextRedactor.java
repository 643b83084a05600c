package dev.understudy.privacy.redact;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Redacts personal data and secrets from short texts (typed text, clipboard, window titles, URLs,
 * DOM and OCR text) before anything is stored. Build once and share: instances are immutable and
 * thread-safe.
 *
 * <pre>{@code
 * TextRedactor r = TextRedactor.builder()
 *         .kinds(EntityKind.EMAIL, EntityKind.PHONE, EntityKind.SECRET)   // default: all kinds
 *         .directory(Path.of("people.csv"))                               // optional pseudonyms
 *         .build();
 * RedactionResult res = r.redact("mail priya@acme.com, key ghp_...");
 * }</pre>
 *
 * The text is first normalised (NFKC, per code point, see {@link TextNormalizer}); spans found in
 * the normalised text are mapped back to the original. Each detector proposes candidate spans; overlaps are settled by the candidates' priority (a
 * checksum or vendor prefix beats a shape, which beats a lexicon guess), then by length (longest
 * wins), then by position. Each kept span is replaced by {@code [KIND]} or its directory token.
 */
public final class TextRedactor {

    private static final Comparator<Candidate> ORDER = Comparator.comparingInt(Candidate::priority).reversed()
            .thenComparing(Comparator.comparingInt(Candidate::length).reversed())
            .thenComparingInt(Candidate::start);

    private final List<Detector> detectors;
    private final Set<EntityKind> kinds;

    private TextRedactor(List<Detector> detectors, Set<EntityKind> kinds) {
        this.detectors = List.copyOf(detectors);
        this.kinds = Set.copyOf(kinds);
    }

    /** A redactor for every kind, with no directory. */
    public static TextRedactor defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The kinds this redactor looks for. */
    public Set<EntityKind> kinds() {
        return kinds;
    }

    public List<Detector> detectors() {
        return detectors;
    }

    public RedactionResult redact(String text) {
        if (text == null || text.isEmpty()) {
            return new RedactionResult(text == null ? "" : text, List.of());
        }
        TextNormalizer.Mapped norm = TextNormalizer.normalize(text);
        TextScan scan = new TextScan(norm == null ? text : norm.text());
        List<Candidate> cands = new ArrayList<>();
        for (Detector d : detectors) {
            d.detect(scan, cands);
        }
        if (cands.isEmpty()) {
            return new RedactionResult(text, List.of());
        }
        if (norm != null) { // spans found in the normalised text, back to the original's offsets
            int nl = norm.text().length();
            List<Candidate> mapped = new ArrayList<>(cands.size());
            for (Candidate c : cands) {
                if (c.start() >= 0 && c.end() <= nl && c.end() > c.start()) {
                    mapped.add(new Candidate(c.kind(), norm.start(c.start()), norm.end(c.end()), c.priority(),
                            c.replacement()));
                }
            }
            cands = mapped;
        }
        List<Entity> kept = resolve(cands, text.length());
        StringBuilder out = new StringBuilder(text.length());
        int pos = 0;
        for (Entity e : kept) {
            out.append(text, pos, e.start()).append(e.replacement());
            pos = e.end();
        }
        out.append(text, pos, text.length());
        return new RedactionResult(out.toString(), kept);
    }

    private List<Entity> resolve(List<Candidate> cands, int len) {
        List<Candidate> sorted = new ArrayList<>(cands.size());
        for (Candidate c : cands) {
            if (c.start() >= 0 && c.end() <= len && c.end() > c.start() && kinds.contains(c.kind())) {
                sorted.add(c);
            }
        }
        mergeAddresses(sorted);
        sorted.sort(ORDER);
        BitSet taken = new BitSet(len);
        List<Entity> kept = new ArrayList<>();
        for (Candidate c : sorted) {
            int clash = taken.nextSetBit(c.start());
            if (clash >= 0 && clash < c.end()) {
                continue;
            }
            taken.set(c.start(), c.end());
            kept.add(new Entity(c.kind(), c.start(), c.end(),
                    c.replacement() != null ? c.replacement() : c.kind().placeholder()));
        }
        kept.sort(Comparator.comparingInt(Entity::start));
        return kept;
    }

    /**
     * Overlapping or touching address candidates are parts of one address ("Flat 3," + "22 Baker
     * Street, London" + "NW1 6XE"): they are replaced by their union, so that no part is left over
     * when a longer but partial candidate wins.
     */
    private static void mergeAddresses(List<Candidate> cands) {
        merge(cands, EntityKind.ADDRESS);
        merge(cands, EntityKind.PERSON);
    }

    /** Joins overlapping candidates of one kind that carry no pseudonym of their own. */
    private static void merge(List<Candidate> cands, EntityKind kind) {
        List<Candidate> addr = new ArrayList<>();
        for (Candidate c : cands) {
            if (c.kind() == kind && c.replacement() == null) {
                addr.add(c);
            }
        }
        if (addr.size() < 2) {
            return;
        }
        cands.removeAll(addr);
        addr.sort(Comparator.comparingInt(Candidate::start));
        Candidate cur = addr.get(0);
        for (int i = 1; i < addr.size(); i++) {
            Candidate c = addr.get(i);
            if (c.start() < cur.end() || kind == EntityKind.ADDRESS && c.start() == cur.end()) {
                cur = new Candidate(kind, cur.start(), Math.max(cur.end(), c.end()),
                        Math.max(cur.priority(), c.priority()));
            } else {
                cands.add(cur);
                cur = c;
            }
        }
        cands.add(cur);
    }

    public static final class Builder {
        private final EnumSet<EntityKind> kinds = EnumSet.allOf(EntityKind.class);
        private Directory directory;
        private String phoneRegion = "US";
        private Lexicon lexicon;
        private final List<Detector> extra = new ArrayList<>();
        private boolean nameModel = true;

        private Builder() {}

        /** Only these kinds (the default is every kind). */
        public Builder kinds(EntityKind... ks) {
            return kinds(List.of(ks));
        }

        public Builder kinds(Collection<EntityKind> ks) {
            kinds.clear();
            kinds.addAll(ks);
            return this;
        }

        /** Every kind except these. */
        public Builder without(EntityKind... ks) {
            for (EntityKind k : ks) {
                kinds.remove(k);
            }
            return this;
        }

        /** Pseudonymise the colleagues of this directory ({@code null} for none). */
        public Builder directory(Directory d) {
            this.directory = d;
            return this;
        }

        public Builder directory(Path file) {
            this.directory = file == null ? null : Directory.load(file);
            return this;
        }

        /** Region (ISO 3166 alpha-2) assumed for phone numbers written without a country code. */
        public Builder phoneRegion(String region) {
            this.phoneRegion = Objects.requireNonNull(region);
            return this;
        }

        public Builder lexicon(Lexicon l) {
            this.lexicon = l;
            return this;
        }

        /** Whether the statistical name model ({@link PersonModel}) runs next to the name rules (default: yes). */
        public Builder nameModel(boolean on) {
            this.nameModel = on;
            return this;
        }

        /** Adds a custom detector; its candidates count only if its kind is enabled. */
        public Builder detector(Detector d) {
            extra.add(Objects.requireNonNull(d));
            return this;
        }

        public TextRedactor build() {
            List<Detector> ds = new ArrayList<>();
            if (directory != null && !directory.isEmpty()
                    && (kinds.contains(EntityKind.PERSON) || kinds.contains(EntityKind.EMAIL))) {
                ds.add(new DirectoryDetector(directory, kinds.contains(EntityKind.PERSON),
                        kinds.contains(EntityKind.EMAIL)));
            }
            for (EntityKind k : kinds) {
                switch (k) {
                    case EMAIL -> ds.add(new EmailDetector());
                    case PHONE -> ds.add(new PhoneDetector(phoneRegion));
                    case CREDIT_CARD -> ds.add(new CreditCardDetector());
                    case IBAN -> ds.add(new IbanDetector());
                    case SSN -> ds.add(new NationalIdDetector());
                    case IP_ADDRESS -> ds.add(new IpAddressDetector());
                    case SECRET -> ds.add(new SecretDetector());
                    case ADDRESS -> {
                        ds.add(new AddressDetector());
                        ds.add(new PostalGrammarDetector());
                    }
                    case PERSON -> {
                        ds.add(new PersonDetector(lexicon != null ? lexicon : Lexicon.defaults()));
                        PersonModel m = nameModel ? PersonModel.shipped() : null;
                        if (m != null) {
                            ds.add(new PersonModelDetector(m));
                        }
                    }
                    default -> throw new IllegalStateException(k.name());
                }
            }
            ds.addAll(extra);
            return new TextRedactor(ds, kinds);
        }
    }
}
