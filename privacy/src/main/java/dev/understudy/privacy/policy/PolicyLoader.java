package dev.understudy.privacy.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.understudy.privacy.redact.EntityKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads policy files (YAML, {@code version: 1}). Every problem is one line naming the file, the
 * line and the key: a YAML syntax error, an unknown key, a value of the wrong type, a malformed
 * glob, an unknown redaction kind.
 */
public final class PolicyLoader {
    public static final String DEFAULT_RESOURCE = "/dev/understudy/privacy/policy/default-policy.yaml";
    public static final String DEFAULT_SOURCE = "built-in default policy";

    static final Set<String> TOP = Set.of("version", "name", "extends", "allow_apps", "allow_urls", "deny_apps", "deny_urls",
            "browsers", "sensitive_apps", "pause", "retention_days", "quota_mb", "redaction", "directory",
            "correspondents", "exemptions", "notice_version", "control_page", "tray", "key_store");
    static final Set<String> PAUSE = Set.of("default_minutes", "max_minutes", "hotkey");
    static final Set<String> REDACTION = Set.of("kinds", "typed_kinds", "screenshots", "phone_region");
    static final Set<String> CORRESPONDENTS = Set.of("jurisdictions", "domains");
    static final Set<String> EXEMPTIONS = Set.of("users", "devices");
    static final Set<String> LISTS = Set.of("allow_apps", "allow_urls", "deny_apps", "deny_urls", "browsers", "sensitive_apps");

    /** EU member states (ISO 3166 alpha-2; Greece is GR). */
    public static final List<String> EU = List.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
            "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");
    /** The EEA adds these to the EU. */
    public static final List<String> EEA_EXTRA = List.of("IS", "LI", "NO");

    private static final YAMLFactory YAML = (YAMLFactory) new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

    private PolicyLoader() {}

    /** The policy shipped in the product. */
    public static Policy defaults() {
        return parse(defaultText(), DEFAULT_SOURCE, null);
    }

    /** Loads FILE, or the built-in policy for null or the word "default". */
    public static Policy load(Path file) {
        if (file == null || file.toString().equals("default")) return defaults();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PolicyException("policy file " + file + " does not exist");
        } catch (IOException e) {
            throw new PolicyException("cannot read policy file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString(), file.toAbsolutePath().getParent());
    }

    public static String defaultText() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) throw new IllegalStateException("the default policy is missing from the build");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses policy text.
     *
     * @param source shown in errors (a file name)
     * @param baseDir relative paths (the directory file) resolve against it; may be null
     */
    public static Policy parse(String text, String source, Path baseDir) {
        Parsed p = read(text, source);
        JsonNode root = p.root;
        if (root == null || root.isMissingNode() || root.isNull()) throw new PolicyException("policy " + source + " is empty");
        if (!root.isObject()) throw new PolicyException(at(p, source, "") + "a policy is a map of keys (allow_apps, deny_apps, ...)");
        checkKeys(p, source, root, "", TOP);
        JsonNode v = root.get("version");
        if (v == null) throw new PolicyException("policy " + source + ": missing 'version: " + Policy.VERSION + "'");
        if (!v.canConvertToInt() || v.asInt() != Policy.VERSION) {
            throw new PolicyException(at(p, source, "version") + "version " + v.asText() + " is not supported (this build reads version " + Policy.VERSION + ")");
        }
        ObjectNode effective = (ObjectNode) root;
        Map<String, Integer> lines = p.lines;
        JsonNode ext = root.get("extends");
        if (ext != null) {
            if (!"default".equals(ext.asText())) {
                throw new PolicyException(at(p, source, "extends") + "'extends' can only be 'default' (the built-in policy)");
            }
            // validate the file on its own first, so errors name its own lines
            ObjectNode own = ((ObjectNode) root).deepCopy();
            own.remove("extends");
            build(p, source, baseDir, own, lines);
            Parsed base = read(defaultText(), DEFAULT_SOURCE);
            effective = merge((ObjectNode) base.root.deepCopy(), own);
            lines = Map.of();
        }
        return build(p, source, baseDir, effective, lines);
    }

    private record Parsed(JsonNode root, Map<String, Integer> lines) {}

    private static Parsed read(String text, String source) {
        Map<String, Integer> lines = new HashMap<>();
        JsonNode root;
        try (JsonParser parser = YAML.createParser(text)) {
            if (parser.nextToken() != null) walk(parser, "", lines);
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String msg = e.getOriginalMessage();
            if (msg == null) msg = "syntax error";
            int nl = msg.indexOf('\n');
            if (nl >= 0) msg = msg.substring(0, nl);
            msg = msg.replace("Duplicate field", "duplicate key");
            throw new PolicyException("policy " + source + (loc != null && loc.getLineNr() > 0 ? " line " + loc.getLineNr() : "")
                    + ": not valid YAML: " + msg.strip());
        } catch (IOException e) {
            throw new PolicyException("policy " + source + ": " + e.getMessage());
        }
        return new Parsed(root, lines);
    }

    /** Records the line of every key and list item by its path ("pause.hotkey", "allow_apps[3]"). */
    private static void walk(JsonParser p, String path, Map<String, Integer> lines) throws IOException {
        JsonToken t = p.currentToken();
        lines.putIfAbsent(path, p.currentTokenLocation().getLineNr());
        if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String sub = path.isEmpty() ? p.currentName() : path + "." + p.currentName();
                lines.put(sub, p.currentTokenLocation().getLineNr());
                p.nextToken();
                walk(p, sub, lines);
            }
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) walk(p, path + "[" + i++ + "]", lines);
        }
    }

    private static ObjectNode merge(ObjectNode base, ObjectNode over) {
        Iterator<Map.Entry<String, JsonNode>> it = over.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode b = base.get(e.getKey());
            JsonNode o = e.getValue();
            if (b instanceof ArrayNode ba && o instanceof ArrayNode oa && LISTS.contains(e.getKey())) {
                ba.addAll(oa);
            } else if (b instanceof ObjectNode bo && o instanceof ObjectNode oo) {
                merge(bo, oo);
            } else {
                base.set(e.getKey(), o);
            }
        }
        return base;
    }

    private static String at(Parsed p, String source, String path) {
        return at(p.lines, source, path);
    }

    private static String at(Map<String, Integer> lines, String source, String path) {
        Integer line = lines.get(path);
        return "policy " + source + (line != null ? " line " + line : "") + (path.isEmpty() ? "" : " (" + path + ")") + ": ";
    }

    private static void checkKeys(Parsed p, String source, JsonNode obj, String prefix, Set<String> known) {
        Iterator<String> names = obj.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!known.contains(k)) {
                String path = prefix.isEmpty() ? k : prefix + "." + k;
                throw new PolicyException(at(p, source, path).replace(" (" + path + ")", "") + "unknown key '" + k + "'"
                        + suggestion(k, known) + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    private static String suggestion(String k, Set<String> known) {
        String best = null;
        int bestD = 3;
        for (String c : known) {
            int d = distance(k, c);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    // ---- building

    private static Policy build(Parsed p, String source, Path baseDir, ObjectNode root, Map<String, Integer> lines) {
        Ctx c = new Ctx(p, source, lines);
        String name = c.string(root, "name", null);
        List<AppPattern> allowApps = c.list(root, "allow_apps", AppPattern::parse);
        List<UrlPattern> allowUrls = c.list(root, "allow_urls", UrlPattern::parse);
        List<AppPattern> denyApps = c.list(root, "deny_apps", AppPattern::parse);
        List<UrlPattern> denyUrls = c.list(root, "deny_urls", UrlPattern::parse);
        List<AppPattern> browsers = c.list(root, "browsers", AppPattern::parse);
        List<AppPattern> sensitive = c.list(root, "sensitive_apps", AppPattern::parse);

        JsonNode pn = c.object(root, "pause", PAUSE);
        int defMin = c.integer(pn, "pause.default_minutes", 30, 1, 24 * 60);
        int maxMin = c.integer(pn, "pause.max_minutes", 120, 1, 7 * 24 * 60);
        if (defMin > maxMin) throw new PolicyException(at(lines, source, "pause.default_minutes") + "default_minutes is more than max_minutes");
        Hotkey hotkey = c.value(pn, "pause.hotkey", "ctrl+alt+shift+p", Hotkey::parse);

        int retention = c.integer(root, "retention_days", 30, 1, 3650);
        long quotaMb = c.integer(root, "quota_mb", 2048, 0, 10_000_000);

        JsonNode rn = c.object(root, "redaction", REDACTION);
        Set<EntityKind> kinds = c.kinds(rn, "redaction.kinds");
        Set<EntityKind> typed = rn != null && rn.has("typed_kinds") ? c.kinds(rn, "redaction.typed_kinds") : kinds;
        String shots = c.string(rn, "redaction.screenshots", "ocr").toLowerCase(Locale.ROOT);
        if (!Set.of("ocr", "dom", "off").contains(shots)) {
            throw new PolicyException(at(lines, source, "redaction.screenshots") + "screenshots must be ocr, dom or off, not '" + shots + "'");
        }
        String region = c.string(rn, "redaction.phone_region", "US").toUpperCase(Locale.ROOT);
        if (!region.matches("[A-Z]{2}")) throw new PolicyException(at(lines, source, "redaction.phone_region") + "phone_region is a two-letter country code");

        Path directory = null;
        String dir = c.string(root, "directory", null);
        if (dir != null && !dir.isBlank()) {
            Path d = Path.of(dir);
            if (!d.isAbsolute() && baseDir != null) d = baseDir.resolve(d);
            if (!Files.isRegularFile(d)) throw new PolicyException(at(lines, source, "directory") + "directory file " + d + " does not exist");
            directory = d;
        }

        JsonNode cn = c.object(root, "correspondents", CORRESPONDENTS);
        Set<String> juris = new LinkedHashSet<>();
        for (String j : c.list(cn, "correspondents.jurisdictions", s -> s)) {
            String u = j.strip().toUpperCase(Locale.ROOT);
            if (u.equals("EU")) juris.addAll(EU);
            else if (u.equals("EEA")) {
                juris.addAll(EU);
                juris.addAll(EEA_EXTRA);
            } else if (u.equals("UK")) juris.add("GB");
            else if (u.matches("[A-Z]{2}")) juris.add(u);
            else throw new PolicyException(at(lines, source, "correspondents.jurisdictions") + "'" + j + "' is not a country code (ISO 3166 alpha-2), EU or EEA");
        }
        List<Glob> domains = c.list(cn, "correspondents.domains", Glob::of);

        JsonNode en = c.object(root, "exemptions", EXEMPTIONS);
        List<Glob> users = c.list(en, "exemptions.users", Glob::of);
        List<Glob> devices = c.list(en, "exemptions.devices", Glob::of);

        int notice = c.integer(root, "notice_version", 1, 1, 1_000_000);
        boolean page = c.bool(root, "control_page", true);
        boolean tray = c.bool(root, "tray", true);
        String keyStore = c.string(root, "key_store", "auto").strip().toLowerCase(Locale.ROOT);
        if (!Set.of("auto", "file", "secret-service").contains(keyStore)) {
            throw new PolicyException(at(lines, source, "key_store") + "key_store must be auto, file or secret-service, not '" + keyStore + "'");
        }

        return new Policy(source, name != null ? name : source, root.toString(), allowApps, allowUrls, denyApps, denyUrls, browsers,
                sensitive, new Policy.Pause(defMin, maxMin, hotkey), retention, quotaMb * 1024 * 1024,
                new Policy.Redaction(kinds, typed, shots, region), directory,
                new Policy.Correspondents(Set.copyOf(juris), domains), new Policy.Exemptions(users, devices), notice, page, tray, keyStore);
    }

    /** Typed access to the tree with one-line errors. */
    private record Ctx(Parsed p, String source, Map<String, Integer> lines) {
        private static String leaf(String path) {
            int i = path.lastIndexOf('.');
            return i < 0 ? path : path.substring(i + 1);
        }

        JsonNode object(JsonNode parent, String key, Set<String> known) {
            JsonNode n = parent == null ? null : parent.get(key);
            if (n == null || n.isNull()) return null;
            if (!n.isObject()) throw new PolicyException(at(lines, source, key) + key + " must be a map");
            checkKeys(p, source, n, key, known);
            return n;
        }

        <T> List<T> list(JsonNode parent, String path, Function<String, T> parse) {
            JsonNode n = parent == null ? null : parent.get(leaf(path));
            List<T> out = new ArrayList<>();
            if (n == null || n.isNull()) return out;
            if (!n.isArray()) throw new PolicyException(at(lines, source, path) + leaf(path) + " must be a list");
            int i = 0;
            for (JsonNode item : n) {
                String ipath = path + "[" + i + "]";
                if (!item.isTextual() && !item.isNumber()) {
                    throw new PolicyException(at(lines, source, ipath) + "entries of " + leaf(path) + " are strings");
                }
                try {
                    out.add(parse.apply(item.asText()));
                } catch (IllegalArgumentException e) {
                    throw new PolicyException(at(lines, source, ipath) + "bad pattern '" + item.asText() + "': " + e.getMessage());
                }
                i++;
            }
            return out;
        }

        String string(JsonNode parent, String path, String def) {
            JsonNode n = parent == null ? null : parent.get(leaf(path));
            if (n == null || n.isNull()) return def;
            if (!n.isValueNode()) throw new PolicyException(at(lines, source, path) + leaf(path) + " must be a single value");
            return n.asText();
        }

        <T> T value(JsonNode parent, String path, String def, Function<String, T> parse) {
            String s = string(parent, path, def);
            try {
                return parse.apply(s);
            } catch (IllegalArgumentException e) {
                throw new PolicyException(at(lines, source, path) + "bad " + leaf(path) + " '" + s + "': " + e.getMessage());
            }
        }

        int integer(JsonNode parent, String path, int def, int min, int max) {
            JsonNode n = parent == null ? null : parent.get(leaf(path));
            if (n == null || n.isNull()) return def;
            if (!n.canConvertToInt() || !(n.isIntegralNumber() || n.asText().matches("-?\\d+"))) {
                throw new PolicyException(at(lines, source, path) + leaf(path) + " must be a whole number, not '" + n.asText() + "'");
            }
            int v = n.asInt();
            if (v < min || v > max) throw new PolicyException(at(lines, source, path) + leaf(path) + " must be between " + min + " and " + max);
            return v;
        }

        boolean bool(JsonNode parent, String path, boolean def) {
            JsonNode n = parent == null ? null : parent.get(leaf(path));
            if (n == null || n.isNull()) return def;
            if (!n.isBoolean()) throw new PolicyException(at(lines, source, path) + leaf(path) + " must be true or false");
            return n.asBoolean();
        }

        Set<EntityKind> kinds(JsonNode parent, String path) {
            JsonNode n = parent == null ? null : parent.get(leaf(path));
            if (n == null || n.isNull()) return EnumSet.allOf(EntityKind.class);
            EnumSet<EntityKind> out = EnumSet.noneOf(EntityKind.class);
            if (n.isTextual() && n.asText().equalsIgnoreCase("all")) return EnumSet.allOf(EntityKind.class);
            if (!n.isArray()) throw new PolicyException(at(lines, source, path) + leaf(path) + " must be a list of kinds or 'all'");
            int i = 0;
            for (JsonNode item : n) {
                String k = item.asText().strip().toUpperCase(Locale.ROOT).replace('-', '_');
                if (k.equals("ALL")) return EnumSet.allOf(EntityKind.class);
                try {
                    out.add(EntityKind.valueOf(k));
                } catch (IllegalArgumentException e) {
                    throw new PolicyException(at(lines, source, path + "[" + i + "]") + "unknown redaction kind '" + item.asText()
                            + "' (kinds: " + String.join(", ", EnumSet.allOf(EntityKind.class).stream().map(Enum::name).toList()) + ")");
                }
                i++;
            }
            return out;
        }
    }
}
