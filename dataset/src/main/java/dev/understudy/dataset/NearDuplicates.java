package dev.understudy.dataset;

import dev.understudy.dataset.DatasetTransforms.Signature;
import dev.understudy.model.Step;
import dev.understudy.trace.FrameStore;
import dev.understudy.dataset.image.FrameHashes;
import dev.understudy.dataset.image.Thumbnail;
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
 * ({@code click,type,select_option}); {@code frameHashes} = a 256-bit dHash of each step's
 * observation frame as 4 longs, in step order (steps without an observation, or whose frame cannot
 * be read, have none). dHash: the frame in grayscale (luma {@code 299 R + 587 G + 114 B}) summed
 * over 4 × 4-pixel blocks, the blocks grouped into 16 rows of 17 boxes (integer arithmetic only, so
 * it is the same on every JVM; a frame too small for the grid reuses blocks), then bit
 * {@code 16 * row + col} is set when box {@code col} is brighter than box {@code col + 1}
 * ({@link dev.understudy.dataset.image.Thumbnail}: the blocks let a frame's hash be assembled from
 * rows of tiles met before).
 *
 * <p><b>Matching</b>: two tasks match when their action strings are equal, both have at least one
 * frame hash, the same number of them, and each pair of frames (in order) differs in at most
 * {@value #MAX_DISTANCE} of 256 bits. Signatures are ordered by episode id (ids begin with the
 * session id, which begins with its start time); a task is a near-duplicate when it matches any
 * task before it in that order. The first of a group is kept unflagged.
 */
final class NearDuplicates {
    /** Hamming distance (of 256 bits) within which two frames count as the same screen. */
    static final int MAX_DISTANCE = 12;

    private NearDuplicates() {}

    static Signature signature(SessionInput session, Episode episode) {
        StringBuilder actions = new StringBuilder();
        List<Long> hashes = new ArrayList<>();
        Map<String, long[]> cache = new HashMap<>();
        for (Step s : episode.steps()) {
            if (actions.length() > 0) actions.append(',');
            actions.append(s.action() == null ? "unknown" : s.action().type());
            long[] h = frameHash(session.frames(), s.observation(), cache);
            if (h != null) for (long w : h) hashes.add(w);
        }
        return new Signature(episode.episodeId(), episode.startWall(), hashes, actions.toString());
    }

    private static long[] frameHash(FrameStore frames, String id, Map<String, long[]> cache) {
        if (frames == null || id == null) return null;
        if (cache.containsKey(id)) return cache.get(id);
        long[] h;
        try {
            if (!frames.contains(id)) h = null;
            else if (frames instanceof FrameHashes f) h = f.dHash(id);
            else h = FrameHashes.of(frames.read(id));
        } catch (RuntimeException e) { // unreadable frame: no hash
            h = null;
        }
        cache.put(id, h);
        return h;
    }

    /** The 64-bit difference hash of an image (see the class comment). */
    static long[] dHash(java.awt.image.BufferedImage img) {
        return FrameHashes.of(img);
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

    /** Whether every frame of one (its {@link Thumbnail#WORDS} longs) is within {@link #MAX_DISTANCE} bits of the other's. */
    static boolean close(List<Long> a, List<Long> b) {
        if (a.size() != b.size()) return false;
        for (int f = 0; f + Thumbnail.WORDS <= a.size(); f += Thumbnail.WORDS) {
            int d = 0;
            for (int i = f; i < f + Thumbnail.WORDS; i++) d += Long.bitCount(a.get(i) ^ b.get(i));
            if (d > MAX_DISTANCE) return false;
        }
        return true;
    }
}
