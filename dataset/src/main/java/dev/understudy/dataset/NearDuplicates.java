package dev.understudy.dataset;

import dev.understudy.dataset.DatasetTransforms.Signature;
import dev.understudy.model.Step;
import dev.understudy.trace.FrameStore;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Near-duplicate tasks across sessions: the same sequence of actions over screens that look the
 * same.
 *
 * <p><b>Signature</b>: {@code actions} = the steps' action types joined by {@code ,}
 * ({@code click,type,select_option}); {@code frameHashes} = a 64-bit dHash of each step's
 * observation frame, in step order (steps without an observation, or whose frame cannot be
 * read, have none). dHash: the frame in grayscale (integer luma {@code (299 R + 587 G + 114 B) /
 * 1000}) averaged over a 9 × 8 grid of equal boxes (integer arithmetic only, so it is the same on
 * every JVM; a frame narrower than 9 or lower than 8 pixels reuses pixels), then bit
 * {@code 8 * row + col} (from the most significant) is set when the box at {@code col} is
 * brighter than the box at {@code col + 1}.
 *
 * <p><b>Matching</b>: two tasks match when their action strings are equal, both have at least one
 * frame hash, the same number of them, and each pair of hashes (in order) differs in at most
 * {@value #MAX_DISTANCE} of 64 bits. Signatures are ordered by episode id (ids begin with the
 * session id, which begins with its start time); a task is a near-duplicate when it matches any
 * task before it in that order. The first of a group is kept unflagged.
 */
final class NearDuplicates {
    /** Hamming distance (of 64 bits) within which two frames count as the same screen. */
    static final int MAX_DISTANCE = 6;

    private NearDuplicates() {}

    static Signature signature(SessionInput session, Episode episode) {
        StringBuilder actions = new StringBuilder();
        List<Long> hashes = new ArrayList<>();
        Map<String, Long> cache = new HashMap<>();
        for (Step s : episode.steps()) {
            if (actions.length() > 0) actions.append(',');
            actions.append(s.action() == null ? "unknown" : s.action().type());
            Long h = frameHash(session.frames(), s.observation(), cache);
            if (h != null) hashes.add(h);
        }
        return new Signature(episode.episodeId(), episode.startWall(), hashes, actions.toString());
    }

    private static Long frameHash(FrameStore frames, String id, Map<String, Long> cache) {
        if (frames == null || id == null) return null;
        if (cache.containsKey(id)) return cache.get(id);
        Long h;
        try {
            BufferedImage img = frames.contains(id) ? frames.read(id) : null;
            h = img == null ? null : dHash(img);
        } catch (RuntimeException e) { // unreadable frame: no hash
            h = null;
        }
        cache.put(id, h);
        return h;
    }

    /** The 64-bit difference hash of an image (see the class comment). */
    static long dHash(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        long[][] grid = new long[8][9];
        for (int r = 0; r < 8; r++) {
            int y0 = r * h / 8;
            int y1 = Math.max(y0 + 1, (r + 1) * h / 8);
            for (int c = 0; c < 9; c++) {
                int x0 = c * w / 9;
                int x1 = Math.max(x0 + 1, (c + 1) * w / 9);
                long sum = 0;
                long count = 0;
                for (int y = y0; y < y1 && y < h; y++) {
                    for (int x = x0; x < x1 && x < w; x++) {
                        int p = argb[y * w + x];
                        sum += (299L * ((p >> 16) & 0xff) + 587L * ((p >> 8) & 0xff) + 114L * (p & 0xff)) / 1000;
                        count++;
                    }
                }
                grid[r][c] = count == 0 ? 0 : sum * 1000 / count;
            }
        }
        long bits = 0;
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++) {
                bits <<= 1;
                if (grid[r][c] > grid[r][c + 1]) bits |= 1;
            }
        }
        return bits;
    }

    static Set<String> find(List<Signature> signatures) {
        List<Signature> sorted = new ArrayList<>(signatures);
        // "earlier" is by episode id: session ids start with the session's start time, then the task's
        // index, so this is the order a builder meets them in, one session after another (the local
        // engine streams in that order, and Spark sorts the same way, so both flag the same tasks)
        sorted.sort(Comparator.comparing(Signature::episodeId));
        // candidates grouped by (actions, number of hashes), in order
        Map<String, List<Signature>> groups = new LinkedHashMap<>();
        Set<String> out = new TreeSet<>();
        for (Signature s : sorted) {
            if (s.frameHashes() == null || s.frameHashes().isEmpty()) continue;
            String key = s.frameHashes().size() + "|" + s.actions();
            List<Signature> earlier = groups.computeIfAbsent(key, k -> new ArrayList<>());
            for (Signature e : earlier) {
                if (!e.episodeId().equals(s.episodeId()) && close(e.frameHashes(), s.frameHashes())) {
                    out.add(s.episodeId());
                    break;
                }
            }
            earlier.add(s);
        }
        return out;
    }

    static boolean close(List<Long> a, List<Long> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (Long.bitCount(a.get(i) ^ b.get(i)) > MAX_DISTANCE) return false;
        return true;
    }
}
