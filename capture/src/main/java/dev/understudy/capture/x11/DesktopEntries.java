package dev.understudy.capture.x11;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names applications give themselves in their freedesktop.org desktop entries
 * ({@code *.desktop} files): "Notes" for a window whose process is {@code java}. Searched in
 * {@code $XDG_DATA_HOME/applications} (default {@code ~/.local/share/applications}), then each
 * {@code $XDG_DATA_DIRS} entry's {@code applications/} (default {@code /usr/local/share:/usr/share});
 * an entry of an earlier directory hides one with the same desktop file id in a later one.
 *
 * <p>A window matches an entry whose {@code StartupWMClass} is its WM_CLASS class or instance, else
 * whose desktop file id is its {@code _GTK_APPLICATION_ID}, else whose file id is its WM_CLASS class
 * or instance ignoring case. An entry with {@code NoDisplay=true} or {@code Hidden=true} counts only
 * when no other entry matches. The name is the unlocalised {@code Name=} of the
 * {@code [Desktop Entry]} group.
 *
 * <p>Entries are parsed once and kept; a directory is read again when its modification time (or that
 * of one of its subdirectories) changes, as it does when a file is added, removed or renamed into
 * place. Thread-safe.
 */
public final class DesktopEntries {
    /** Desktop files larger than this are not desktop entries anyone wrote by hand or by a packager. */
    static final long MAX_FILE_BYTES = 256 * 1024;
    private static final int MAX_DEPTH = 4;

    /** One application entry: its file id, Name, StartupWMClass, and whether it is NoDisplay or Hidden. */
    record Entry(String id, String name, String startupWmClass, boolean hidden) {}

    /** One applications directory as last read: the mtimes of it and its subdirectories, its entries by id. */
    private record Dir(Map<Path, FileTime> mtimes, Map<String, Entry> entries) {}

    private static volatile DesktopEntries system;

    private final List<Path> dirs;
    private final Map<Path, Dir> cache = new LinkedHashMap<>(); // guarded by this

    /** With the folders' modification times looked at on every lookup (tests). */
    DesktopEntries(List<Path> applicationDirs) {
        this(applicationDirs, 0);
    }

    /** @param recheckNanos how long a lookup trusts the cache before it looks at the folders again */
    DesktopEntries(List<Path> applicationDirs, long recheckNanos) {
        this.recheckNanos = recheckNanos;
        this.dirs = List.copyOf(applicationDirs);
    }

    /** The entries of this process's environment. */
    public static DesktopEntries system() {
        DesktopEntries s = system;
        if (s == null) {
            synchronized (DesktopEntries.class) {
                if (system == null) system = new DesktopEntries(applicationDirs(System.getenv(), System.getProperty("user.home")), RECHECK_NS);
                s = system;
            }
        }
        return s;
    }

    /** The applications directories of an environment, in the order they are searched. */
    static List<Path> applicationDirs(Map<String, String> env, String home) {
        List<Path> out = new ArrayList<>();
        String dataHome = env.get("XDG_DATA_HOME");
        if (dataHome != null && !dataHome.isBlank() && Path.of(dataHome).isAbsolute()) {
            out.add(Path.of(dataHome, "applications"));
        } else if (home != null && !home.isBlank()) {
            out.add(Path.of(home, ".local", "share", "applications"));
        }
        String dataDirs = env.get("XDG_DATA_DIRS");
        if (dataDirs == null || dataDirs.isBlank()) dataDirs = "/usr/local/share:/usr/share";
        for (String d : dataDirs.split(":")) {
            if (d.isBlank() || !Path.of(d).isAbsolute()) continue;
            Path p = Path.of(d, "applications");
            if (!out.contains(p)) out.add(p);
        }
        return out;
    }

    /**
     * The Name of the entry this window belongs to, or null when none matches.
     *
     * @param wmClass WM_CLASS (instance, class), may be null
     * @param gtkApplicationId the window's {@code _GTK_APPLICATION_ID}, may be null
     */
    public String name(String[] wmClass, String gtkApplicationId) {
        List<String> classes = new ArrayList<>(2);
        if (wmClass != null) {
            for (int i = wmClass.length - 1; i >= 0; i--) { // the class, then the instance
                if (wmClass[i] != null && !wmClass[i].isEmpty() && !classes.contains(wmClass[i])) classes.add(wmClass[i]);
            }
        }
        String appId = gtkApplicationId == null || gtkApplicationId.isBlank() ? null : gtkApplicationId.strip();
        if (classes.isEmpty() && appId == null) return null;
        Map<String, Entry> entries = entries();
        Entry fallback = null;
        // In order of preference; a visible entry wins over a NoDisplay/Hidden one of any tier.
        List<Entry> matches = new ArrayList<>();
        for (String c : classes) {
            for (Entry e : entries.values()) if (c.equals(e.startupWmClass())) matches.add(e);
        }
        if (appId != null && entries.get(appId) != null) matches.add(entries.get(appId));
        for (String c : classes) {
            for (Entry e : entries.values()) if (e.id().equalsIgnoreCase(c)) matches.add(e);
        }
        for (Entry e : matches) {
            if (!e.hidden()) return e.name();
            if (fallback == null) fallback = e;
        }
        return fallback == null ? null : fallback.name();
    }

    /** All entries by desktop file id, earlier directories first and hiding later ones' ids. */
    synchronized Map<String, Entry> entries() {
        long now = System.nanoTime();
        boolean check = now - lastCheck >= recheckNanos; // the folders' mtimes, at most every recheckNanos
        if (check) lastCheck = now;
        if (!check && merged != null) return merged;
        Map<String, Entry> all = new LinkedHashMap<>();
        for (Path dir : dirs) {
            Dir d = cache.get(dir);
            if (d == null || !fresh(d)) {
                d = read(dir);
                cache.put(dir, d);
            }
            d.entries().forEach(all::putIfAbsent);
        }
        merged = all;
        return all;
    }

    /** How often a lookup may look at the folders' modification times. */
    static final long RECHECK_NS = 2_000_000_000L;
    private final long recheckNanos;
    private long lastCheck = Long.MIN_VALUE / 2;
    private Map<String, Entry> merged;

    private static boolean fresh(Dir d) {
        for (Map.Entry<Path, FileTime> m : d.mtimes().entrySet()) {
            if (!m.getValue().equals(mtime(m.getKey()))) return false;
        }
        return true;
    }

    private static FileTime mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException | RuntimeException e) {
            return FileTime.fromMillis(Long.MIN_VALUE); // missing: fresh only while it stays missing
        }
    }

    private static Dir read(Path dir) {
        Map<Path, FileTime> mtimes = new LinkedHashMap<>();
        Map<String, Entry> entries = new LinkedHashMap<>();
        walk(dir, "", 0, mtimes, entries, new HashSet<>());
        return new Dir(mtimes, entries);
    }

    /** Desktop file ids are paths below applications/ with '/' as '-': applications/kde/x.desktop is kde-x. */
    private static void walk(Path dir, String prefix, int depth, Map<Path, FileTime> mtimes, Map<String, Entry> entries,
            Set<Path> seen) {
        mtimes.put(dir, mtime(dir));
        if (!Files.isDirectory(dir)) return;
        try {
            if (!seen.add(dir.toRealPath())) return; // a symlink loop
        } catch (IOException e) {
            return;
        }
        List<Path> subdirs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String file = f.getFileName().toString();
                if (Files.isDirectory(f)) {
                    if (depth < MAX_DEPTH) subdirs.add(f);
                } else if (file.endsWith(".desktop")) {
                    String id = prefix + file.substring(0, file.length() - ".desktop".length());
                    Entry e = parse(f, id);
                    if (e != null) entries.putIfAbsent(id, e);
                }
            }
        } catch (IOException | RuntimeException e) {
            return; // unreadable: no entries from it, read again when it changes
        }
        for (Path s : subdirs) walk(s, prefix + s.getFileName() + "-", depth + 1, mtimes, entries, seen);
    }

    /** The entry in a desktop file, or null when it has no [Desktop Entry] Name or is not an application. */
    static Entry parse(Path file, String id) {
        String text;
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES) return null;
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return parse(text, id);
    }

    static Entry parse(String text, String id) {
        boolean inMain = false;
        String name = null;
        String wmClass = null;
        String type = null;
        boolean hidden = false;
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("[")) {
                inMain = line.equals("[Desktop Entry]");
                continue;
            }
            if (!inMain) continue;
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            switch (key) { // Name[de]= and other localised keys are other keys
                case "Name" -> name = unescape(value);
                case "StartupWMClass" -> wmClass = unescape(value);
                case "Type" -> type = value;
                case "NoDisplay", "Hidden" -> hidden |= value.equals("true");
                default -> {
                    // not needed
                }
            }
        }
        if (name == null || name.isBlank()) return null;
        if (type != null && !type.equals("Application")) return null;
        return new Entry(id, name, wmClass == null || wmClass.isEmpty() ? null : wmClass, hidden);
    }

    /** The escapes of desktop entry string values: \s \n \t \r \\. */
    static String unescape(String v) {
        if (v.indexOf('\\') < 0) return v;
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\\' || i + 1 == v.length()) {
                b.append(c);
                continue;
            }
            char n = v.charAt(++i);
            switch (n) {
                case 's' -> b.append(' ');
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case '\\' -> b.append('\\');
                default -> b.append('\\').append(n);
            }
        }
        return b.toString();
    }
}
