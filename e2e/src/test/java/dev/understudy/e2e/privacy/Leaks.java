package dev.understudy.e2e.privacy;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A byte search for strings that must be stored nowhere: every file under a folder, as UTF-8 and
 * UTF-16LE, and inside what is compressed (zstd frames, gzip, zip archives, nested), the way someone
 * looking for a leaked password would search an export or a data directory.
 */
public final class Leaks {
    private static final int MAX_EXPANDED = 512 << 20;

    private Leaks() {}

    /** "needle in relative/path[!inner]" for every hit; empty when none. */
    public static List<String> find(Path root, List<String> needles) throws IOException {
        List<String> hits = new ArrayList<>();
        if (!Files.exists(root)) return hits;
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            byte[] b;
            try {
                b = Files.readAllBytes(f);
            } catch (IOException e) {
                continue; // a socket or a file that went away
            }
            search(b, root.relativize(f).toString(), needles, hits, 0);
        }
        return hits;
    }

    private static void search(byte[] b, String where, List<String> needles, List<String> hits, int depth) {
        for (String n : needles) {
            if (indexOf(b, n.getBytes(StandardCharsets.UTF_8)) >= 0 || indexOf(b, n.getBytes(StandardCharsets.UTF_16LE)) >= 0) {
                hits.add(n + " in " + where);
            }
        }
        if (depth > 3) return;
        // zstd frames anywhere in the file (a store may hold several, one after another)
        byte[] zstd = {(byte) 0x28, (byte) 0xB5, (byte) 0x2F, (byte) 0xFD};
        for (int at = indexOf(b, zstd, 0); at >= 0; at = indexOf(b, zstd, at + 4)) {
            final int from = at;
            byte[] inner = expand(() -> new ZstdInputStream(new ByteArrayInputStream(b, from, b.length - from)));
            if (inner != null) search(inner, where + "!zstd@" + at, needles, hits, depth + 1);
        }
        if (b.length > 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            byte[] inner = expand(() -> new GZIPInputStream(new ByteArrayInputStream(b)));
            if (inner != null) search(inner, where + "!gzip", needles, hits, depth + 1);
        }
        if (b.length > 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
            try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(b))) {
                ZipEntry e;
                while ((e = z.getNextEntry()) != null) search(z.readNBytes(MAX_EXPANDED), where + "!" + e.getName(), needles, hits, depth + 1);
            } catch (IOException ignored) {
                // not a readable zip after all
            }
        }
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    /** What the stream yields until its end or its first error (trailing bytes that are not compressed). */
    private static byte[] expand(Opener o) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (InputStream in = o.open()) {
            byte[] buf = new byte[65536];
            int n;
            while (out.size() < MAX_EXPANDED && (n = in.read(buf)) > 0) out.write(buf, 0, n);
        } catch (IOException | RuntimeException e) {
            // keep what was read: the bytes only looked like a header, or the frame ended in other data
        }
        return out.size() == 0 ? null : out.toByteArray();
    }

    static int indexOf(byte[] hay, byte[] needle) {
        return indexOf(hay, needle, 0);
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
