package dev.understudy.privacy.redact;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The name lexicon used by {@link PersonDetector}: given names, surnames, names that are also
 * common words (ambiguous), and capitalised words and phrases that are never names. Loaded once
 * from resource files in this package; immutable and shared.
 */
public final class Lexicon {

    private final Set<String> given;
    private final Set<String> surnames;
    private final Set<String> ambiguous;
    private final Set<String> stop;
    private final Set<String> stopPhrases;

    /** Open name lists (given-names-open.txt, surnames-open.txt) as sorted 64-bit hashes of their keys. */
    private long[] openGiven = new long[0];
    private long[] openSurnames = new long[0];
    /** humannames (first or last, ~197,000): a feature of the name model only, never enough alone. */
    private long[] openAny = new long[0];

    private static volatile Lexicon defaultLexicon;

    public Lexicon(Set<String> given, Set<String> surnames, Set<String> ambiguous, Set<String> notNames) {
        this.given = fold(given);
        this.surnames = fold(surnames);
        Set<String> amb = fold(ambiguous);
        Set<String> st = new HashSet<>();
        Set<String> phrases = new HashSet<>();
        for (String w : fold(notNames)) {
            if (w.indexOf(' ') >= 0) {
                phrases.add(w);
            } else if (this.given.contains(w) || this.surnames.contains(w)) {
                amb.add(w); // "May", "Chase", "Sun": a name only with more evidence
            } else {
                st.add(w);
            }
        }
        this.ambiguous = Set.copyOf(amb);
        this.stop = Set.copyOf(st);
        this.stopPhrases = Set.copyOf(phrases);
    }

    /** The lexicon shipped in the jar. */
    public static Lexicon defaults() {
        Lexicon l = defaultLexicon;
        if (l == null) {
            synchronized (Lexicon.class) {
                l = defaultLexicon;
                if (l == null) {
                    l = new Lexicon(load("given-names.txt"), load("surnames.txt"), load("ambiguous-names.txt"),
                            load("not-names.txt"));
                    l.openGiven = hashes(load("given-names-open.txt"));
                    l.openSurnames = hashes(load("surnames-open.txt"));
                    l.openAny = hashes(loadGz("names-humannames.txt.gz"));
                    defaultLexicon = l;
                }
            }
        }
        return l;
    }

    static Set<String> load(String resource) {
        Set<String> out = new HashSet<>();
        try (InputStream in = Lexicon.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    out.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Set<String> fold(Set<String> words) {
        Set<String> out = new HashSet<>();
        for (String w : words) {
            String k = key(w);
            out.add(k);
            String plain = stripAccents(k);
            out.add(plain);
        }
        return out;
    }

    /** Lookup key: lower case, curly apostrophe straightened. */
    public static String key(String w) {
        return w.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
    }

    static String stripAccents(String s) {
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return s;
        }
        String d = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                b.append(c);
            }
        }
        return b.toString().replace('ł', 'l').replace('ø', 'o').replace('ß', 's');
    }

    private boolean has(Set<String> set, String key) {
        return set.contains(key) || (hasNonAscii(key) && set.contains(stripAccents(key)));
    }

    private static boolean hasNonAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                return true;
            }
        }
        return false;
    }

    public boolean isGiven(String key) {
        return has(given, key) || hasOpen(openGiven, key);
    }

    public boolean isSurname(String key) {
        return has(surnames, key) || hasOpen(openSurnames, key);
    }

    /** Whether any name list knows the key, the large humannames list included. */
    public boolean isListedAnywhere(String key) {
        return isGiven(key) || isSurname(key) || java.util.Arrays.binarySearch(openAny, hash(key)) >= 0;
    }

    static Set<String> loadGz(String resource) {
        Set<String> out = new HashSet<>();
        try (InputStream raw = Lexicon.class.getResourceAsStream(resource)) {
            if (raw == null) {
                return out;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(new java.util.zip.GZIPInputStream(raw),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    out.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Whether the key is in the hand-written lists (the open lists are larger and noisier). */
    public boolean isCurated(String key) {
        return has(given, key) || has(surnames, key);
    }

    private boolean hasOpen(long[] table, String key) {
        if (table.length == 0 || stop.contains(key)) {
            return false;
        }
        return java.util.Arrays.binarySearch(table, hash(key)) >= 0
                || hasNonAscii(key) && java.util.Arrays.binarySearch(table, hash(stripAccents(key))) >= 0;
    }

    /** 64-bit FNV-1a: 48,000 names in 400 KB instead of megabytes of strings. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long[] hashes(Set<String> words) {
        Set<String> keys = fold(words);
        long[] out = new long[keys.size()];
        int i = 0;
        for (String k : keys) {
            out[i++] = hash(k);
        }
        java.util.Arrays.sort(out);
        return out;
    }

    public boolean isName(String key) {
        return isGiven(key) || isSurname(key);
    }

    /** A name that is also a word, a place or a brand, or a name of one or two letters ("Li", "Do"). */
    public boolean isAmbiguous(String key) {
        return key.length() <= 2 || has(ambiguous, key);
    }

    public boolean isStop(String key) {
        return has(stop, key);
    }

    public boolean isStopPhrase(String keyPhrase) {
        return stopPhrases.contains(keyPhrase);
    }

    public int size() {
        return given.size() + surnames.size();
    }
}
