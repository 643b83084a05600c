package dev.understudy.privacy.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.understudy.privacy.policy.Glob;
import dev.understudy.privacy.policy.Policy;
import dev.understudy.privacy.policy.PolicyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds correspondents whose content must not be captured (docs/policy.md, "correspondents"): an
 * email address whose domain matches a blocked domain glob or ends in the country-code domain of a
 * blocked jurisdiction ({@code .de} for DE, {@code .uk} for GB, {@code .eu} for any EU member), or
 * a colleague whose directory entry names a blocked country, found by email or by name.
 */
public final class Correspondents {
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+'-]+@([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)");

    /** A directory entry with a country. */
    public record Person(String name, String email, List<String> aliases, String country) {}

    private final Set<String> jurisdictions;
    private final List<Glob> domains;
    private final Set<String> tlds = new HashSet<>();
    private final Set<String> blockedEmails = new HashSet<>();
    private final List<Pattern> blockedNames = new ArrayList<>();

    public Correspondents(Policy.Correspondents rules, List<Person> people) {
        this.jurisdictions = rules.jurisdictions();
        this.domains = rules.domains();
        for (String j : jurisdictions) {
            tlds.add(j.equals("GB") ? "uk" : j.toLowerCase(Locale.ROOT));
            if (j.equals("GB")) tlds.add("gb");
            if (dev.understudy.privacy.policy.PolicyLoader.EU.contains(j)) tlds.add("eu");
        }
        for (Person p : people) {
            if (p.country() == null || !jurisdictions.contains(p.country().strip().toUpperCase(Locale.ROOT))) continue;
            if (p.email() != null && !p.email().isBlank()) blockedEmails.add(p.email().strip().toLowerCase(Locale.ROOT));
            List<String> names = new ArrayList<>(p.aliases());
            if (p.name() != null) names.add(p.name());
            for (String n : names) {
                if (n == null || n.strip().length() < 3) continue;
                String[] words = n.strip().split("\\s+");
                String re = "(?<![\\p{L}\\p{N}])" + String.join("\\s+", java.util.Arrays.stream(words).map(Pattern::quote).toList())
                        + "(?![\\p{L}\\p{N}])";
                blockedNames.add(Pattern.compile(re, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            }
        }
    }

    /** The rules of a policy, with its directory file when it names one. */
    public static Correspondents of(Policy policy) {
        List<Person> people = policy.directory() == null ? List.of() : loadPeople(policy.directory());
        return new Correspondents(policy.correspondents(), people);
    }

    public boolean isEmpty() {
        return jurisdictions.isEmpty() && domains.isEmpty();
    }

    /** Whether this address belongs to a blocked correspondent. */
    public boolean blockedEmail(String email) {
        if (email == null || isEmpty()) return false;
        String e = email.strip().toLowerCase(Locale.ROOT);
        if (e.startsWith("mailto:")) e = e.substring(7);
        if (blockedEmails.contains(e)) return true;
        int at = e.lastIndexOf('@');
        if (at < 0) return false;
        String domain = e.substring(at + 1);
        for (Glob g : domains) if (g.matches(domain) || g.matches(e)) return true;
        int dot = domain.lastIndexOf('.');
        return dot >= 0 && tlds.contains(domain.substring(dot + 1));
    }

    /** Whether a text (a window title, a recipient line) names a blocked correspondent. */
    public boolean blockedInText(String text) {
        if (text == null || text.isBlank() || isEmpty()) return false;
        Matcher m = EMAIL.matcher(text);
        while (m.find()) if (blockedEmail(m.group())) return true;
        for (Pattern p : blockedNames) if (p.matcher(text).find()) return true;
        return false;
    }

    // ---- the directory file (CSV with a header, or YAML), with a country column

    public static List<Person> loadPeople(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyException("cannot read directory file " + file + ": " + e.getMessage());
        }
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") ? yaml(text, file) : csv(text, file);
    }

    private static List<Person> yaml(String text, Path file) {
        List<Person> out = new ArrayList<>();
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new PolicyException("directory file " + file + " is not valid YAML: " + firstLine(e.getMessage()));
        }
        if (root != null && root.has("people")) root = root.get("people");
        if (root == null || !root.isArray()) return out;
        for (JsonNode p : root) {
            List<String> aliases = new ArrayList<>();
            JsonNode a = p.get("aliases");
            if (a != null && a.isArray()) a.forEach(x -> aliases.add(x.asText()));
            else if (a != null && !a.isNull()) aliases.addAll(List.of(a.asText().split("[;|]")));
            String country = p.hasNonNull("country") ? p.get("country").asText() : p.path("jurisdiction").asText(null);
            out.add(new Person(p.path("name").asText(null), p.path("email").asText(null), aliases, country));
        }
        return out;
    }

    /** The directory's CSV (read by the same parser as the redaction directory's, jackson-dataformat-csv). */
    private static List<Person> csv(String text, Path file) {
        List<Person> out = new ArrayList<>();
        List<List<String>> rows = dev.understudy.privacy.redact.Directory.csvRows(text, file.toString()).stream()
                .map(dev.understudy.privacy.redact.Directory.Row::cells).toList();
        if (rows.isEmpty()) return out;
        List<String> head = rows.get(0).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        int name = head.indexOf("name");
        int email = head.indexOf("email");
        int aliases = head.indexOf("aliases");
        int country = head.indexOf("country");
        if (country < 0) country = head.indexOf("jurisdiction");
        if (name < 0 && email < 0) return out;
        for (List<String> r : rows.subList(1, rows.size())) {
            List<String> al = new ArrayList<>();
            String a = cell(r, aliases);
            if (a != null) for (String x : a.split("[;|]")) if (!x.isBlank()) al.add(x.strip());
            out.add(new Person(cell(r, name), cell(r, email), al, cell(r, country)));
        }
        return out;
    }

    private static String cell(List<String> r, int i) {
        return i >= 0 && i < r.size() ? r.get(i).strip() : null;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
