package dev.understudy.dataset.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.understudy.dataset.SessionInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code manifest.json}, the dataset's lineage: every source session (pseudonymous device and person ids as the
 * sources give them, never names), its content hash, where it was read from, and the tasks made of it; the build's
 * parameters and code version; the SHA-256 of every file of the output (all but the manifest itself). Written last.
 * Deterministic: keys sorted, lists sorted, no timestamps.
 */
public final class LineageManifest {
    public static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** One source session, without its events or frames. */
    public record Source(String sessionId, String source, String device, String person, String contentHash) implements java.io.Serializable {
        public static Source of(SessionInput s) {
            return new Source(s.sessionId(), s.source(), s.device(), s.person(), s.contentHash());
        }
    }

    private LineageManifest() {}

    /**
     * Writes {@code dir/manifest.json} and returns its path.
     *
     * @param episodesBySession the tasks made of each session ({@link DatasetStats#episodesBySession()})
     */
    public static Path write(Path dir, Collection<Source> sources, Map<String, List<String>> episodesBySession,
                             Map<String, ?> parameters, String codeVersion) throws IOException {
        Map<String, Object> root = new TreeMap<>();
        root.put("format", 1);
        root.put("code_version", codeVersion);
        root.put("parameters", new TreeMap<>(parameters));
        List<Map<String, Object>> sessions = new ArrayList<>();
        sources.stream().sorted(java.util.Comparator.comparing(Source::sessionId)).forEach(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("session_id", s.sessionId());
            m.put("source", s.source());
            m.put("device", s.device());
            m.put("person", s.person());
            m.put("content_hash", s.contentHash());
            m.put("episodes", episodesBySession.getOrDefault(s.sessionId(), List.of()).stream().sorted().toList());
            sessions.add(m);
        });
        root.put("sources", sessions);
        root.put("files", files(dir));
        Path out = dir.resolve(FILE);
        Files.write(out, JSON.writeValueAsBytes(root));
        return out;
    }

    /** Every regular file under {@code dir} but the manifest, sorted by path ('/' separated), with size and SHA-256. */
    static List<Map<String, Object>> files(Path dir) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.filter(Files::isRegularFile).filter(p -> !p.equals(dir.resolve(FILE))).toList();
        }
        Map<String, Path> sorted = new TreeMap<>();
        for (Path p : paths) sorted.put(dir.relativize(p).toString().replace('\\', '/'), p);
        List<Map<String, Object>> files = new ArrayList<>();
        for (Map.Entry<String, Path> e : sorted.entrySet()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("path", e.getKey());
            f.put("bytes", Files.size(e.getValue()));
            f.put("sha256", sha256(e.getValue()));
            files.add(f);
        }
        return files;
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
