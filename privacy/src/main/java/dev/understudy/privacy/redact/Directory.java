package dev.understudy.privacy.redact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A colleague directory for pseudonymisation: each entry's name, aliases and email become stable
 * tokens ({@code PERSON_17}, {@code EMAIL_17}) instead of {@code [PERSON]}/{@code [EMAIL]}, so a
 * trace still shows that the same person acted twice.
 *
 * <p><b>Numbering.</b> An entry's number is its {@code id} field when given; otherwise its 1-based
 * position in the file. Position numbering is stable across runs for the same file and stays
 * stable when entries are appended; reordering or deleting entries renumbers those after them, so
 * directories that change should carry explicit ids.
 *
 * <p><b>Formats.</b> CSV (RFC 4180, read with Jackson's CSV parser: quoted fields, doubled quotes,
 * commas and newlines inside quotes; blank lines and lines whose first field starts with {@code #}
 * are skipped) with a header row naming {@code name}, {@code email}, optional {@code aliases}
 * (separated by {@code ;} or {@code |}) and optional {@code id}; without a header, the columns are
 * name, email, aliases. Or YAML: a list of maps with the same keys ({@code aliases} a list or a
 * string), optionally under {@code people:}. A CSV that cannot be read (a quote never closed, an id
 * that is not a number) throws a {@link DirectoryException} whose message is one line naming the
 * file and the line.
 */
public final class Directory {

    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

    public record Entry(int id, String name, String email, List<String> aliases) {
        public String personToken() {
            return "PERSON_" + id;
        }

        public String emailToken() {
            return "EMAIL_" + id;
        }
    }

    private final List<Entry> entries;
    private final Map<String, Entry> byEmail = new HashMap<>();
    /** Trie over folded word sequences of names and aliases. */
    private final Node root = new Node();

    static final class Node {
        final Map<String, Node> next = new HashMap<>();
        Entry entry;
    }

    public Directory(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        for (Entry e : this.entries) {
            if (e.email() != null && !e.email().isBlank()) {
                byEmail.putIfAbsent(e.email().strip().toLowerCase(Locale.ROOT), e);
            }
            addName(e.name(), e);
            List<TextScan.Word> parts = TextScan.tokenize(e.name() == null ? "" : e.name());
            if (parts.size() >= 2) {
                // "Sharma, Priya" (surname first, as in sorted lists)
                addName(parts.get(parts.size() - 1).text() + " " + parts.get(0).text(), e);
            }
            for (String a : e.aliases()) {
                addName(a, e);
            }
        }
    }

    private void addName(String name, Entry e) {
        if (name == null || name.isBlank()) {
            return;
        }
        List<TextScan.Word> words = TextScan.tokenize(name);
        if (words.isEmpty()) {
            return;
        }
        Node n = root;
        for (TextScan.Word w : words) {
            n = n.next.computeIfAbsent(fold(w.text()), k -> new Node());
        }
        if (n.entry == null) {
            n.entry = e;
        }
    }

    static String fold(String word) {
        return Lexicon.stripAccents(Lexicon.key(word));
    }

    public List<Entry> entries() {
        return entries;
    }

    public Entry byEmail(String email) {
        return byEmail.get(email.toLowerCase(Locale.ROOT));
    }

    Node root() {
        return root;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    // ---- loading ----

    public static Directory load(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".yaml") || name.endsWith(".yml") ? parseYaml(new StringReader(text)) : parseCsv(text, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read directory " + file, e);
        }
    }

    public static Directory parseYaml(Reader in) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode root = yaml.readTree(in);
        if (root != null && root.isObject() && root.has("people")) {
            root = root.get("people");
        }
        List<Entry> out = new ArrayList<>();
        if (root == null || !root.isArray()) {
            return new Directory(out);
        }
        int pos = 0;
        for (JsonNode n : root) {
            pos++;
            List<String> aliases = new ArrayList<>();
            JsonNode a = n.get("aliases");
            if (a != null && a.isArray()) {
                a.forEach(x -> aliases.add(x.asText()));
            } else if (a != null && !a.isNull()) {
                aliases.addAll(splitAliases(a.asText()));
            }
            int id = n.hasNonNull("id") ? n.get("id").asInt(pos) : pos;
            out.add(new Entry(id, text(n, "name"), text(n, "email"), List.copyOf(aliases)));
        }
        return new Directory(out);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A directory from CSV text; errors name the line only (see {@link #load} for the file too). */
    public static Directory parseCsv(String text) {
        return parseCsv(text, null);
    }

    private static Directory parseCsv(String text, String source) {
        List<Row> rows = csvRows(text, source);
        List<Entry> out = new ArrayList<>();
        if (rows.isEmpty()) {
            return new Directory(out);
        }
        List<String> header = new ArrayList<>();
        for (String h : rows.get(0).cells()) {
            header.add(h.strip().toLowerCase(Locale.ROOT));
        }
        int nameCol = header.indexOf("name");
        int emailCol = header.indexOf("email");
        int aliasCol = header.indexOf("aliases");
        int idCol = header.indexOf("id");
        int start = 1;
        if (nameCol < 0) {
            // no header: name,email,aliases
            nameCol = 0;
            emailCol = 1;
            aliasCol = 2;
            start = 0;
        }
        int pos = 0;
        for (int r = start; r < rows.size(); r++) {
            List<String> row = rows.get(r).cells();
            if (row.isEmpty() || (row.size() == 1 && row.get(0).isBlank())) {
                continue;
            }
            pos++;
            String name = cell(row, nameCol);
            String email = cell(row, emailCol);
            List<String> aliases = splitAliases(cell(row, aliasCol));
            int id = pos;
            String idText = cell(row, idCol);
            if (idText != null && !idText.isBlank()) {
                try {
                    id = Integer.parseInt(idText.strip());
                } catch (NumberFormatException e) {
                    throw new DirectoryException(where(source, rows.get(r).line()) + "id '" + idText.strip() + "' is not a whole number");
                }
            }
            out.add(new Entry(id, name, email, aliases));
        }
        return new Directory(out);
    }

    private static String cell(List<String> row, int col) {
        return col >= 0 && col < row.size() ? row.get(col).strip() : null;
    }

    private static List<String> splitAliases(String s) {
        List<String> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        for (String a : s.split("[;|]")) {
            if (!a.isBlank()) {
                out.add(a.strip());
            }
        }
        return out;
    }

    /** A CSV row and the line it starts on (1-based). */
    /** One CSV row and the line it starts on. */
    public record Row(int line, List<String> cells) {}

    /**
     * The rows of a CSV text, without blank lines (a single empty field) and rows whose first field
     * starts with {@code #}.
     */
    public static List<Row> csvRows(String text, String source) {
        List<Row> rows = new ArrayList<>();
        List<String> row = null;
        int line = 0;
        try (CsvParser p = (CsvParser) CSV.getFactory().createParser(text)) {
            p.setSchema(CsvSchema.emptySchema());
            // the whole text is one array (WRAP_AS_ARRAY) of rows, each an array of strings
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_ARRAY && p.getParsingContext().getParent().inArray()) {
                    row = new ArrayList<>();
                    line = p.currentLocation().getLineNr(); // where the row starts (the token's own location lags)
                } else if (t == JsonToken.VALUE_STRING && row != null) {
                    row.add(p.getText());
                } else if (t == JsonToken.END_ARRAY && row != null) {
                    if (!row.isEmpty() && !(row.size() == 1 && row.get(0).isEmpty()) && !row.get(0).startsWith("#")) {
                        rows.add(new Row(line, List.copyOf(row)));
                    }
                    row = null;
                }
            }
        } catch (JsonProcessingException e) {
            // the line the broken row starts on (a quote never closed runs to the end of the text)
            long at = row != null && line > 0 ? line : e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new DirectoryException(where(source, at) + "not valid CSV: " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String
        }
        return rows;
    }

    /** "people.csv:4: " (or "line 4: " without a file). */
    private static String where(String source, long line) {
        return (source == null ? "line " : source + ":") + line + ": ";
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
