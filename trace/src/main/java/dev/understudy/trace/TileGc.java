package dev.understudy.trace;

import dev.understudy.trace.GcPack.Batch;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Garbage collection of the device's tile packs: frees the bytes of tiles that no remaining
 * session names, after retention deleted sessions (docs/trace-format.md, "Tile garbage
 * collection").
 *
 * <p><b>What is live.</b> Every tile named by the readable part of a frame log of any directory
 * under {@code sessions/} (finished, crashed or being recorded; format-1 sessions have no log and
 * name no tile), every tile a session writer of this process has stored or deduplicated against
 * (its pins, see {@link TileFrameStore}), and, transitively, the reference tiles a kept batch was
 * compressed against. If any frame log cannot be read at all, nothing is deleted and the result
 * says why.
 *
 * <p><b>Unit.</b> A batch (the new tiles of one frame, compressed together) is kept whole when
 * one of its tiles is live, and copied byte for byte: no tile is decoded or re-encoded, so sealed
 * (encrypted) batches need no key and stay sealed. A tile of an expired session that shares a
 * batch with a live tile stays on disk with it.
 *
 * <p><b>Concurrent writers.</b> It runs only in the process holding the data directory's recorder
 * lock (it takes the lock itself when no recorder runs, and refuses when another process's
 * recorder does), through the {@link TilePack} of the {@link DataDir} it is given
 * ({@link DataDir#tilePack()}: the recorder passes the one its session writers append through),
 * and the pack's {@link TileGcCoordinator}. The pack that instance appends to is never rewritten
 * while open: when it holds dead batches, a second round first seals it (the writer's next batch
 * starts a new pack). A pack locked by any other writer (another process, or another
 * {@link TilePack} instance in this one) makes it refuse. The compacted packs are written by
 * {@link CompactedPacks}.
 * Copying runs without the pack's lock; the final check (pins and batches added meanwhile) and
 * the swap run under it, so a writer's deduplication sees either the old tiles or the new index,
 * never a tile about to vanish. Programs that write tiles outside the recorder lock must not run
 * meanwhile: their pins are unknown here.
 *
 * <p><b>Crash safety.</b> Kept batches are copied into temporary files, which are synced, then
 * renamed to new pack numbers (index before data, so a pack never appears without its index);
 * only after the directory is synced are the rewritten packs deleted (data before index). A kill
 * at any point leaves the old packs, or old and new side by side (the same tiles twice, which
 * readers accept), never a referenced tile lost. The next collection removes the leftovers
 * (temporary files, an index without its pack) and the duplicates.
 */
public final class TileGc {
    /** Test hook: called with the name of each step ("live-set", "copied", "synced", "index-renamed", "renamed", "old-pack-deleted", "done"). */
    static volatile Consumer<String> stageHook;
    /** Sealed packs smaller than the roll size divided by this are merged into the output of a collection that rewrites. */
    static final int SMALL_PACK_FRACTION = 16;

    private TileGc() {}

    /**
     * What a collection did.
     *
     * @param refused why nothing was deleted, or null when it ran
     * @param frameLogs frame logs read (sessions of format 1 have none)
     * @param liveTiles distinct tiles the frame logs and open writers name
     * @param batchesKept batches kept in the packs it looked at
     * @param batchesDropped batches whose bytes were freed
     * @param tilesDropped tiles in those batches
     * @param packsRewritten packs replaced by a compacted copy (or removed when nothing in them was live)
     * @param bytesFreed bytes of the tiles directory freed (old packs and leftovers, less the new packs)
     * @param tileBytesAfter bytes of the tiles directory afterwards
     * @param notes what it read around: truncated logs, tiles already missing, leftovers removed
     */
    public record Result(String refused, int frameLogs, long liveTiles, long batchesKept, long batchesDropped, long tilesDropped,
                         int packsRewritten, long bytesFreed, long tileBytesAfter, List<String> notes) {
        public boolean ran() {
            return refused == null;
        }

        /** One line for the recorder's log. */
        public String summary() {
            if (refused != null) return "tile collection deleted nothing: " + refused;
            return String.format("freed %d bytes of tiles (%.1f MB; %d of %d batches, %d tiles; %d pack(s) rewritten); %d live tiles in %d frame log(s)",
                    bytesFreed, bytesFreed / 1048576.0, batchesDropped, batchesDropped + batchesKept, tilesDropped, packsRewritten, liveTiles,
                    frameLogs);
        }
    }

    /**
     * Collects the tiles of the data directory. The caller is the recorder (holding the data
     * directory's lock) or a process in which no recorder runs; see the class comment.
     */
    public static Result collect(DataDir data) {
        if (data.lockedByThisProcess()) return collectLocked(data);
        DataDir.RecorderLock lock;
        try {
            lock = data.lockForRecording();
        } catch (TraceException e) {
            return refused(e.getMessage());
        }
        try (lock) {
            return collectLocked(data);
        }
    }

    /**
     * The tiles a session's frame log names (its readable records, as the collection counts
     * them); empty for a session without a log (format 1, or no frame yet). For checks and tools.
     */
    public static Set<TileId> tilesNamedBy(Path sessionDir) {
        Path log = sessionDir.resolve(TraceFormat.FRAMES_DIR).resolve(TraceFormat.FRAME_LOG);
        Set<TileId> out = new HashSet<>();
        if (Files.notExists(log)) return out;
        TileIdSet s = new TileIdSet();
        FrameLog.collectTiles(log, s);
        s.forEach((hi, lo) -> out.add(new TileId(hi, lo)));
        return out;
    }

    private static Result refused(String why) {
        return new Result(why, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
    }

    private static Result collectLocked(DataDir data) {
        Path tilesDir = data.tilesDir();
        if (!Files.isDirectory(tilesDir)) return new Result(null, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
        TilePack pack = data.tilePack();
        // Round 0 leaves the pack this process appends to alone; if it holds dead batches, round 1 seals it first.
        for (int round = 0; ; round++) {
            Result r = collectRound(data, pack, round > 0);
            if (r != null) return r;
        }
    }

    /** One attempt; null when the pack open for appending holds dead batches and must be sealed first. */
    private static Result collectRound(DataDir data, TilePack pack, boolean sealWriting) {
        Path tilesDir = data.tilesDir();
        TileGcCoordinator gc = pack.gc();
        TileGcCoordinator.GcStart start = gc.begin(sealWriting);
        if (start.refused() != null) return refused(start.refused());
        List<String> notes = new ArrayList<>();
        if (start.leftoverBytes() > 0) notes.add("removed " + start.leftoverBytes() + " bytes an interrupted collection left");
        CompactedPacks out = null;
        try {
            // 1. What the sessions name. Read after gcBegin: a writer closing from now on keeps its pins counted.
            TileIdSet live = new TileIdSet();
            int[] logs = {0};
            String why = liveTilesOfSessions(data, live, logs, notes);
            if (why != null) return refused(why);
            long liveFromLogs = live.size();
            stage("live-set");

            // 2. Every batch of every pack. Those of the pack open for appending are marked like the
            //    others, to learn whether it holds dead batches, but never dropped.
            Map<Long, Batch> candidates = new HashMap<>();
            TreeMap<Integer, List<Batch>> byPack = new TreeMap<>();
            List<Batch> appendable = new ArrayList<>();
            Map<Integer, GcPack> sealed = new HashMap<>();
            TileIdSet roots = new TileIdSet();
            roots.addAll(live);
            roots.addAll(gc.pinnedTiles());
            for (GcPack p : start.packs()) {
                List<Batch> batches = p.batches(PackFormat.FILE_HEADER, p.end);
                if (p.sealed) {
                    sealed.put(p.no, p);
                    byPack.put(p.no, batches);
                } else {
                    appendable.addAll(batches);
                }
                for (Batch b : batches) candidates.put(b.key(), b);
            }

            // 3. Mark: the batch readers find each live tile in, and the batches their references are in.
            Set<Long> kept = new HashSet<>();
            long[] missing = {0};
            mark(gc, roots, live, candidates, kept, missing);
            boolean appendableDead = false;
            for (Batch b : appendable) appendableDead |= !kept.contains(b.key());
            if (appendableDead && !sealWriting) return null;
            if (missing[0] > 0) notes.add(missing[0] + " tile(s) named by frame logs are in no pack (those frames were already unreadable)");

            Set<Integer> rewrite = new LinkedHashSet<>();
            for (Map.Entry<Integer, List<Batch>> e : byPack.entrySet()) {
                boolean dead = e.getValue().isEmpty();
                for (Batch b : e.getValue()) dead |= !kept.contains(b.key());
                if (dead) rewrite.add(e.getKey());
            }
            if (rewrite.isEmpty()) {
                stage("done");
                return result(logs[0], liveFromLogs, kept.size(), 0, 0, 0, start.leftoverBytes(), pack, notes);
            }
            // Small sealed packs (left by earlier collections or short recordings) are merged on the way.
            for (Map.Entry<Integer, GcPack> e : sealed.entrySet()) {
                if (e.getValue().end < gc.rollBytes() / SMALL_PACK_FRACTION) rewrite.add(e.getKey());
            }

            // 4. Copy the kept batches of the packs to rewrite, outside the pack's lock.
            out = new CompactedPacks(tilesDir, gc.rollBytes());
            Set<Long> copied = new HashSet<>();
            for (int no : new TreeMap<>(byPack).keySet()) {
                if (!rewrite.contains(no)) continue;
                for (Batch b : byPack.get(no)) {
                    if (kept.contains(b.key()) && copied.add(b.key())) out.add(sealed.get(no).record(b));
                }
            }
            out.force(); // the bulk of the syncing, before the recorder can be made to wait
            stage("copied");

            synchronized (pack) {
                // 5. What writers did meanwhile: new pins, new batches (their references); copy what that adds.
                TileIdSet late = gc.pinnedTiles();
                Map<Integer, Long> endAtStart = new HashMap<>();
                for (GcPack p : start.packs()) endAtStart.put(p.no, p.end);
                for (GcPack p : gc.extents()) {
                    if (sealed.containsKey(p.no)) continue;
                    long from = endAtStart.getOrDefault(p.no, (long) PackFormat.FILE_HEADER);
                    for (Batch b : p.batches(Math.max(from, PackFormat.FILE_HEADER), p.end)) addRefs(b, late);
                }
                mark(gc, late, null, candidates, kept, missing);
                for (int no : rewrite) {
                    for (Batch b : byPack.get(no)) {
                        if (kept.contains(b.key()) && copied.add(b.key())) out.add(sealed.get(no).record(b));
                    }
                }
                out.force();
                out.close();
                stage("synced");

                // 6. New packs in place (index first), then the old ones out (data first).
                long removedBytes = 0;
                for (int no : rewrite) removedBytes += size(sealed.get(no).path) + size(sealed.get(no).indexPath);
                List<Integer> added = out.install(gc);
                syncDir(tilesDir);
                stage("renamed");
                gc.swap(rewrite, added);
                boolean first = true;
                for (int no : rewrite) {
                    GcPack p = sealed.get(no);
                    try {
                        Files.deleteIfExists(p.path);
                        if (first) stage("old-pack-deleted");
                        first = false;
                        Files.deleteIfExists(p.indexPath);
                    } catch (IOException e) {
                        notes.add("cannot delete " + p.path.getFileName() + " (" + e.getMessage() + "); its tiles are duplicated until the next collection");
                    }
                }
                syncDir(tilesDir);
                long dropped = 0;
                long droppedTiles = 0;
                for (int no : rewrite) {
                    for (Batch b : byPack.get(no)) {
                        if (!kept.contains(b.key())) {
                            dropped++;
                            droppedTiles += b.tiles();
                        }
                    }
                }
                long freed = removedBytes + start.leftoverBytes() - out.bytes();
                stage("done");
                return result(logs[0], liveFromLogs, kept.size(), dropped, droppedTiles, rewrite.size(), freed, pack, notes);
            }
        } catch (GcAbort e) {
            return refused(e.getMessage());
        } finally {
            if (out != null) out.discard();
            gc.end(start);
        }
    }

    private static Result result(int logs, long live, long kept, long dropped, long droppedTiles, int rewritten, long freed, TilePack pack,
                                 List<String> notes) {
        return new Result(null, logs, live, kept, dropped, droppedTiles, rewritten, Math.max(0, freed), pack.diskBytes(), List.copyOf(notes));
    }

    /** Reasons to stop without deleting anything, found after the collection began. */
    static final class GcAbort extends RuntimeException {
        GcAbort(String message) {
            super(message, null, false, false);
        }
    }

    static void stage(String name) {
        Consumer<String> h = stageHook;
        if (h != null) h.accept(name);
    }

    /**
     * Adds the tiles named by every frame log under {@code sessions/} to {@code live}. Returns why
     * the collection must not run (a log that cannot be read), or null.
     */
    private static String liveTilesOfSessions(DataDir data, TileIdSet live, int[] logs, List<String> notes) {
        Path sessions = data.sessionsDir();
        if (!Files.isDirectory(sessions)) return null;
        List<Path> dirs;
        try (Stream<Path> s = Files.list(sessions)) {
            dirs = s.sorted().toList();
        } catch (IOException e) {
            return "cannot list " + sessions + " (" + e.getMessage() + ")";
        }
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) continue;
            Path log = d.resolve(TraceFormat.FRAMES_DIR).resolve(TraceFormat.FRAME_LOG);
            if (Files.notExists(log)) continue; // format 1, or no frame yet
            String name = d.getFileName().toString();
            if (!Files.isRegularFile(log)) return "session " + name + ": cannot tell whether its frame log " + log + " is readable";
            FrameLog.TileScan scan;
            try {
                scan = FrameLog.collectTiles(log, live);
            } catch (TraceException e) {
                return "session " + name + ": frame log cannot be read (" + e.getMessage() + ")";
            }
            logs[0]++;
            if (scan.readableEnd() < scan.size()) {
                notes.add("session " + name + ": frame log readable to byte " + scan.readableEnd() + " of " + scan.size()
                        + (scan.salvaged() > 0 ? " (" + scan.salvaged() + " intact record(s) after it also kept their tiles)" : ""));
            }
        }
        return null;
    }

    /**
     * Marks the batch holding each tile of {@code tiles} (as the index finds it) and, through their
     * references, the batches those depend on. {@code missing} counts tiles of {@code counted} the
     * index does not have.
     */
    private static void mark(TileGcCoordinator gc, TileIdSet tiles, TileIdSet counted, Map<Long, Batch> candidates, Set<Long> kept, long[] missing) {
        Deque<Long> work = new ArrayDeque<>();
        tiles.forEach((hi, lo) -> {
            long key = gc.batchOf(hi, lo);
            if (key < 0) {
                if (counted != null && counted.contains(hi, lo)) missing[0]++;
            } else if (candidates.containsKey(key) && kept.add(key)) {
                work.push(key);
            }
        });
        while (!work.isEmpty()) {
            long[] refs = candidates.get(work.pop()).refs();
            for (int i = 0; i < refs.length; i += 2) {
                long key = gc.batchOf(refs[i], refs[i + 1]);
                if (key >= 0 && candidates.containsKey(key) && kept.add(key)) work.push(key);
            }
        }
    }

    private static void addRefs(Batch b, TileIdSet into) {
        long[] r = b.refs();
        for (int i = 0; i < r.length; i += 2) into.add(r[i], r[i + 1]);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void syncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every file system syncs directories; the renames are still atomic
        }
    }
}
