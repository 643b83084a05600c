package dev.understudy.privacy.redact;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens with a vendor prefix (GitHub, GitLab, OpenAI/Anthropic, Stripe, Slack, AWS, Google, npm,
 * Hugging Face, SendGrid, Shopify, DigitalOcean, Atlassian ...), checked for the prefix's charset
 * and length. The prefixes are listed in the resource {@value #RESOURCE} of this package, read
 * once. Part of {@link SecretDetector}.
 */
final class VendorTokenDetector implements Detector {

    static final String RESOURCE = "secret-prefixes.tsv";

    private record Prefix(String prefix, String charset, int min, int max, boolean needsDigit) {}

    /** The prefixes by their first character, in the file's order. */
    private static final Map<Character, List<Prefix>> PREFIXES = load(RESOURCE);

    @Override
    public EntityKind kind() {
        return EntityKind.SECRET;
    }

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        prefixed(scan.text(), out);
    }

    private static Map<Character, List<Prefix>> load(String resource) {
        Map<Character, List<Prefix>> byFirst = new HashMap<>();
        try (InputStream in = VendorTokenDetector.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Prefix p = parse(line.split("\t", -1), resource + ":" + n);
                byFirst.computeIfAbsent(p.prefix().charAt(0), k -> new ArrayList<>()).add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Character, List<Prefix>> out = new HashMap<>();
        byFirst.forEach((c, ps) -> out.put(c, List.copyOf(ps)));
        return Map.copyOf(out);
    }

    private static Prefix parse(String[] f, String where) {
        if (f.length < 5 || f[0].isEmpty() || f[1].isEmpty()) {
            throw new IllegalStateException(where + ": expected prefix, charset, min, max, digit (tab-separated)");
        }
        if (!f[4].equals("yes") && !f[4].equals("no")) {
            throw new IllegalStateException(where + ": digit must be yes or no, not '" + f[4] + "'");
        }
        try {
            return new Prefix(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4].equals("yes"));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(where + ": min and max must be numbers");
        }
    }

    private static boolean inSet(char c, String set) {
        for (int k = 0; k < set.length(); k++) {
            char a = set.charAt(k);
            if (k + 2 < set.length() && set.charAt(k + 1) == '-') {
                if (c >= a && c <= set.charAt(k + 2)) {
                    return true;
                }
                k += 2;
            } else if (c == a) {
                return true;
            }
        }
        return false;
    }

    private static void prefixed(String s, List<Candidate> out) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            List<Prefix> ps = PREFIXES.get(s.charAt(i));
            if (ps == null || (i > 0 && (CharClasses.isAsciiAlnum(s.charAt(i - 1)) || s.charAt(i - 1) == '_'))) {
                continue;
            }
            for (Prefix p : ps) {
                if (!s.startsWith(p.prefix, i)) {
                    continue;
                }
                int j = i + p.prefix.length();
                boolean digit = false;
                while (j < n && inSet(s.charAt(j), p.charset) && j - i - p.prefix.length() < p.max) {
                    digit |= CharClasses.isAsciiDigit(s.charAt(j));
                    j++;
                }
                int body = j - i - p.prefix.length();
                if (body < p.min || (p.needsDigit && !digit)) {
                    continue;
                }
                if (j < n && CharClasses.isAsciiAlnum(s.charAt(j))) {
                    continue; // longer than the format allows
                }
                out.add(new Candidate(EntityKind.SECRET, i, j, Candidate.P_KNOWN_SECRET));
                i = j - 1;
                break;
            }
        }
    }
}
