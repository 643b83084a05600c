package dev.understudy.privacy.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
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
 * Reads policy files (YAML, {@code version: 1}). The YAML is bound to {@link PolicyFile} (and its
 * map records), whose binder rejects unknown keys; the values are then checked and converted here.
 * Every problem is one line naming the file, the line and the key: a YAML syntax error, an unknown
 * key (with a "did you mean" hint), a value of the wrong type, a malformed glob, an unknown
 * redaction kind.
 */
public final class PolicyLoader {
    public static final String DEFAULT_RESOURCE = "/dev/understudy/privacy/policy/default-policy.yaml";
    public static final String DEFAULT_SOURCE = "built-in default policy";

    /** Lists that a policy extending the default adds to the default's (other keys replace it). */
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
        PolicyFile file = bind(p, source, root, "", PolicyFile.class);
        JsonNode v = file.version();
        if (v == null) throw new PolicyException("policy " + source + ": missing 'version: " + Policy.VERSION + "'");
        if (!v.canConvertToInt() || v.asInt() != Policy.VERSION) {
            throw new PolicyException(at(p, source, "version") + "version " + v.asText() + " is not supported (this build reads version " + Policy.VERSION + ")");
        }
        ObjectNode effective = (ObjectNode) root;
        Map<String, Integer> lines = p.lines;
        JsonNode ext = file.base();
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

    /** Binds a map to its record; a key the record does not name is an error with a hint. */
    private static <T> T bind(Parsed p, String source, JsonNode obj, String prefix, Class<T> type) {
        try {
            return MAPPER.treeToValue(obj, type);
        } catch (UnrecognizedPropertyException e) {
            String k = e.getPropertyName();
            Set<String> known = new TreeSet<>();
            e.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            String path = prefix.isEmpty() ? k : prefix + "." + k;
            throw new PolicyException(at(p, source, path).replace(" (" + path + ")", "") + "unknown key '" + k + "'"
                    + suggestion(k, known) + " (known: " + String.join(", ", known) + ")");
        } catch (JsonProcessingException e) {
            // every value binds to a node: only unknown keys fail
            throw new IllegalStateException(e);
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
        PolicyFile f = bind(p, source, root, "", PolicyFile.class);
        String name = c.string(f.name(), "name", null);
        List<AppPattern> allowApps = c.list(f.allowApps(), "allow_apps", AppPattern::parse);
        List<UrlPattern> allowUrls = c.list(f.allowUrls(), "allow_urls", UrlPattern::parse);
        List<AppPattern> denyApps = c.list(f.denyApps(), "deny_apps", AppPattern::parse);
        List<UrlPattern> denyUrls = c.list(f.denyUrls(), "deny_urls", UrlPattern::parse);
        List<AppPattern> browsers = c.list(f.browsers(), "browsers", AppPattern::parse);
        List<AppPattern> sensitive = c.list(f.sensitiveApps(), "sensitive_apps", AppPattern::parse);

        PolicyFile.Pause pn = c.object(f.pause(), "pause", PolicyFile.Pause.class);
        int defMin = c.integer(pn.defaultMinutes(), "pause.default_minutes", 30, 1, 24 * 60);
        int maxMin = c.integer(pn.maxMinutes(), "pause.max_minutes", 120, 1, 7 * 24 * 60);
        if (defMin > maxMin) throw new PolicyException(at(lines, source, "pause.default_minutes") + "default_minutes is more than max_minutes");
        Hotkey hotkey = c.value(pn.hotkey(), "pause.hotkey", "ctrl+alt+shift+p", Hotkey::parse);

        int retention = c.integer(f.retentionDays(), "retention_days", 30, 1, 3650);
        long quotaMb = c.integer(f.quotaMb(), "quota_mb", 2048, 0, 10_000_000);

        PolicyFile.Redaction rn = c.object(f.redaction(), "redaction", PolicyFile.Redaction.class);
        Set<EntityKind> kinds = c.kinds(rn.kinds(), "redaction.kinds");
        Set<EntityKind> typed = rn.typedKinds() != null ? c.kinds(rn.typedKinds(), "redaction.typed_kinds") : kinds;
        String shots = c.string(rn.screenshots(), "redaction.screenshots", "ocr").toLowerCase(Locale.ROOT);
        if (rn.screenshots() != null && rn.screenshots().isBoolean() && !rn.screenshots().asBoolean()) shots = "off"; // YAML 1.1 reads a bare off as false
        if (!Set.of("ocr", "dom", "off").contains(shots)) {
            throw new PolicyException(at(lines, source, "redaction.screenshots") + "screenshots must be ocr, dom or off, not '" + shots + "'");
        }
        String region = c.string(rn.phoneRegion(), "redaction.phone_region", "US").toUpperCase(Locale.ROOT);
        if (!region.matches("[A-Z]{2}")) throw new PolicyException(at(lines, source, "redaction.phone_region") + "phone_region is a two-letter country code");

        Path directory = null;
        String dir = c.string(f.directory(), "directory", null);
        if (dir != null && !dir.isBlank()) {
            Path d = Path.of(dir);
            if (!d.isAbsolute() && baseDir != null) d = baseDir.resolve(d);
            if (!Files.isRegularFile(d)) throw new PolicyException(at(lines, source, "directory") + "directory file " + d + " does not exist");
            directory = d;
        }

        PolicyFile.Correspondents cn = c.object(f.correspondents(), "correspondents", PolicyFile.Correspondents.class);
        Set<String> juris = new LinkedHashSet<>();
        for (String j : c.list(cn.jurisdictions(), "correspondents.jurisdictions", s -> s)) {
            String u = j.strip().toUpperCase(Locale.ROOT);
            if (u.equals("EU")) juris.addAll(EU);
            else if (u.equals("EEA")) {
                juris.addAll(EU);
                juris.addAll(EEA_EXTRA);
            } else if (u.equals("UK")) juris.add("GB");
            else if (u.matches("[A-Z]{2}")) juris.add(u);
            else throw new PolicyException(at(lines, source, "correspondents.jurisdictions") + "'" + j + "' is not a country code (ISO 3166 alpha-2), EU or EEA");
        }
        List<Glob> domains = c.list(cn.domains(), "correspondents.domains", Glob::of);

        PolicyFile.Exemptions en = c.object(f.exemptions(), "exemptions", PolicyFile.Exemptions.class);
        List<Glob> users = c.list(en.users(), "exemptions.users", Glob::of);
        List<Glob> devices = c.list(en.devices(), "exemptions.devices", Glob::of);

        int notice = c.integer(f.noticeVersion(), "notice_version", 1, 1, 1_000_000);
        boolean page = c.bool(f.controlPage(), "control_page", true);
        boolean tray = c.bool(f.tray(), "tray", true);
        String keyStore = c.string(f.keyStore(), "key_store", "auto").strip().toLowerCase(Locale.ROOT);
        if (!Set.of("auto", "file", "secret-service").contains(keyStore)) {
            throw new PolicyException(at(lines, source, "key_store") + "key_store must be auto, file or secret-service, not '" + keyStore + "'");
        }

        int reviewHours = c.integer(f.reviewHours(), "review_hours", 24, 0, 24 * 365);

        return new Policy(source, name != null ? name : source, root.toString(), allowApps, allowUrls, denyApps, denyUrls, browsers,
                sensitive, new Policy.Pause(defMin, maxMin, hotkey), retention, quotaMb * 1024 * 1024,
                new Policy.Redaction(kinds, typed, shots, region), directory,
                new Policy.Correspondents(Set.copyOf(juris), domains), new Policy.Exemptions(users, devices), notice, page, tray, keyStore,
                reviewHours);
    }

    /** Checks and converts the values of the bound records, with one-line errors naming each value's path. */
    private record Ctx(Parsed p, String source, Map<String, Integer> lines) {
        private static final JsonNode EMPTY = MAPPER.createObjectNode();

        private static String leaf(String path) {
            int i = path.lastIndexOf('.');
            return i < 0 ? path : path.substring(i + 1);
        }

        /** A map bound to its record (every value null when the key is absent or null). */
        <T> T object(JsonNode n, String key, Class<T> type) {
            if (n == null || n.isNull()) return bind(p, source, EMPTY, key, type);
            if (!n.isObject()) throw new PolicyException(at(lines, source, key) + key + " must be a map");
            return bind(p, source, n, key, type);
        }

        <T> List<T> list(JsonNode n, String path, Function<String, T> parse) {
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

        String string(JsonNode n, String path, String def) {
            if (n == null || n.isNull()) return def;
            if (!n.isValueNode()) throw new PolicyException(at(lines, source, path) + leaf(path) + " must be a single value");
            return n.asText();
        }

        <T> T value(JsonNode n, String path, String def, Function<String, T> parse) {
            String s = string(n, path, def);
            try {
                return parse.apply(s);
            } catch (IllegalArgumentException e) {
                throw new PolicyException(at(lines, source, path) + "bad " + leaf(path) + " '" + s + "': " + e.getMessage());
            }
        }

        int integer(JsonNode n, String path, int def, int min, int max) {
            if (n == null || n.isNull()) return def;
            if (!n.canConvertToInt() || !(n.isIntegralNumber() || n.asText().matches("-?\\d+"))) {
                throw new PolicyException(at(lines, source, path) + leaf(path) + " must be a whole number, not '" + n.asText() + "'");
            }
            int v = n.asInt();
            if (v < min || v > max) throw new PolicyException(at(lines, source, path) + leaf(path) + " must be between " + min + " and " + max);
            return v;
        }

        boolean bool(JsonNode n, String path, boolean def) {
            if (n == null || n.isNull()) return def;
            if (!n.isBoolean()) throw new PolicyException(at(lines, source, path) + leaf(path) + " must be true or false");
            return n.asBoolean();
        }

        Set<EntityKind> kinds(JsonNode n, String path) {
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
