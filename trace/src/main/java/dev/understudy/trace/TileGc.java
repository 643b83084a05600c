package dev.understudy.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import java.util.zip.CRC32;

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
 * recorder does), through this process's shared {@link TilePack}. The pack this process appends
 * to is never rewritten while open: when it holds dead batches, a second round first seals it
 * (the writer's next batch starts a new pack). A pack locked by any other writer makes it refuse.
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

    /** One batch record of a pack: where it is, its size, its tile count and its reference tiles (hi, lo pairs). */
    private record Batch(long key, int pack, long offset, int length, int tiles, long[] refs) {}

    private static Result collectLocked(DataDir data) {
        Path tilesDir = data.tilesDir();
        if (!Files.isDirectory(tilesDir)) return new Result(null, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
        TilePack pack = TilePack.shared(tilesDir);
        // Round 0 leaves the pack this process appends to alone; if it holds dead batches, round 1 seals it first.
        for (int round = 0; ; round++) {
            Result r = collectRound(data, pack, round > 0);
            if (r != null) return r;
        }
    }

    /** One attempt; null when the pack open for appending holds dead batches and must be sealed first. */
    private static Result collectRound(DataDir data, TilePack pack, boolean sealWriting) {
        Path tilesDir = data.tilesDir();
        TilePack.GcStart start = pack.gcBegin(sealWriting);
        if (start.refused() != null) return refused(start.refused());
        List<String> notes = new ArrayList<>();
        if (start.leftoverBytes() > 0) notes.add("removed " + start.leftoverBytes() + " bytes an interrupted collection left");
        Output out = null;
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
            Map<Integer, TilePack.GcPack> sealed = new HashMap<>();
            TileIdSet roots = new TileIdSet();
            roots.addAll(live);
            roots.addAll(pack.pinnedTiles());
            for (TilePack.GcPack p : start.packs()) {
                List<Batch> batches = batches(p, TilePack.FILE_HEADER, p.end);
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
            mark(pack, roots, live, candidates, kept, missing);
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
            for (Map.Entry<Integer, TilePack.GcPack> e : sealed.entrySet()) {
                if (e.getValue().end < pack.rollBytes() / SMALL_PACK_FRACTION) rewrite.add(e.getKey());
            }

            // 4. Copy the kept batches of the packs to rewrite, outside the pack's lock.
            out = new Output(tilesDir, pack.rollBytes());
            Set<Long> copied = new HashSet<>();
            for (int no : new TreeMap<>(byPack).keySet()) {
                if (!rewrite.contains(no)) continue;
                for (Batch b : byPack.get(no)) {
                    if (kept.contains(b.key()) && copied.add(b.key())) out.add(copyOf(sealed.get(no), b));
                }
            }
            out.force(); // the bulk of the syncing, before the recorder can be made to wait
            stage("copied");

            synchronized (pack) {
                // 5. What writers did meanwhile: new pins, new batches (their references); copy what that adds.
                TileIdSet late = pack.pinnedTiles();
                Map<Integer, Long> endAtStart = new HashMap<>();
                for (TilePack.GcPack p : start.packs()) endAtStart.put(p.no, p.end);
                for (TilePack.GcPack p : pack.gcExtents()) {
                    if (sealed.containsKey(p.no)) continue;
                    long from = endAtStart.getOrDefault(p.no, (long) TilePack.FILE_HEADER);
                    for (Batch b : batches(p, Math.max(from, TilePack.FILE_HEADER), p.end)) addRefs(b, late);
                }
                mark(pack, late, null, candidates, kept, missing);
                for (int no : rewrite) {
                    for (Batch b : byPack.get(no)) {
                        if (kept.contains(b.key()) && copied.add(b.key())) out.add(copyOf(sealed.get(no), b));
                    }
                }
                out.force();
                out.close();
                stage("synced");

                // 6. New packs in place (index first), then the old ones out (data first).
                long removedBytes = 0;
                for (int no : rewrite) removedBytes += size(sealed.get(no).path) + size(sealed.get(no).indexPath);
                List<Integer> added = out.install(pack);
                syncDir(tilesDir);
                stage("renamed");
                pack.gcSwap(rewrite, added);
                boolean first = true;
                for (int no : rewrite) {
                    TilePack.GcPack p = sealed.get(no);
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
            pack.gcEnd(start);
        }
    }

    private static Result result(int logs, long live, long kept, long dropped, long droppedTiles, int rewritten, long freed, TilePack pack,
                                 List<String> notes) {
        return new Result(null, logs, live, kept, dropped, droppedTiles, rewritten, Math.max(0, freed), pack.diskBytes(), List.copyOf(notes));
    }

    /** Reasons to stop without deleting anything, found after the collection began. */
    private static final class GcAbort extends RuntimeException {
        GcAbort(String message) {
            super(message, null, false, false);
        }
    }

    private static void stage(String name) {
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
    private static void mark(TilePack pack, TileIdSet tiles, TileIdSet counted, Map<Long, Batch> candidates, Set<Long> kept, long[] missing) {
        Deque<Long> work = new ArrayDeque<>();
        tiles.forEach((hi, lo) -> {
            long key = pack.batchOf(hi, lo);
            if (key < 0) {
                if (counted != null && counted.contains(hi, lo)) missing[0]++;
            } else if (candidates.containsKey(key) && kept.add(key)) {
                work.push(key);
            }
        });
        while (!work.isEmpty()) {
            long[] refs = candidates.get(work.pop()).refs();
            for (int i = 0; i < refs.length; i += 2) {
                long key = pack.batchOf(refs[i], refs[i + 1]);
                if (key >= 0 && candidates.containsKey(key) && kept.add(key)) work.push(key);
            }
        }
    }

    private static void addRefs(Batch b, TileIdSet into) {
        long[] r = b.refs();
        for (int i = 0; i < r.length; i += 2) into.add(r[i], r[i + 1]);
    }

    /** The batch records of a pack in [from, to), from their headers (tile and reference ids, not payloads). */
    private static List<Batch> batches(TilePack.GcPack p, long from, long to) {
        List<Batch> out = new ArrayList<>();
        if (p.reader == null || to <= from) return out;
        long pos = from;
        ByteBuffer head = ByteBuffer.allocate(TilePack.BATCH_HEADER);
        try {
            while (pos < to) {
                head.clear();
                if (pos + TilePack.BATCH_HEADER > to || !TilePack.readFully(p.reader, head, pos)
                        || head.getInt(0) != TilePack.BATCH_MAGIC || (head.get(4) & 0xff) != TilePack.FORMAT) {
                    throw new GcAbort(p.path.getFileName() + " has no batch record at byte " + pos + " (damaged pack)");
                }
                int n = head.getInt(8);
                int r = head.getInt(12);
                int c = head.getInt(20);
                long len = (long) TilePack.BATCH_HEADER + (long) TilePack.TILE_ENTRY * n + (long) TilePack.REF_ENTRY * r + c + 4;
                if (n <= 0 || r < 0 || c < 0 || len > Integer.MAX_VALUE || pos + len > to) {
                    throw new GcAbort(p.path.getFileName() + " has a damaged batch header at byte " + pos);
                }
                long[] refs = new long[2 * r];
                if (r > 0) {
                    ByteBuffer rb = ByteBuffer.allocate(TilePack.REF_ENTRY * r);
                    if (!TilePack.readFully(p.reader, rb, pos + TilePack.BATCH_HEADER + (long) TilePack.TILE_ENTRY * n)) {
                        throw new GcAbort(p.path.getFileName() + " is cut short at byte " + pos);
                    }
                    for (int i = 0; i < 2 * r; i++) refs[i] = rb.getLong(8 * i);
                }
                out.add(new Batch((long) p.no << 40 | pos, p.no, pos, (int) len, n, refs));
                pos += len;
            }
        } catch (IOException e) {
            throw new GcAbort("cannot read " + p.path.getFileName() + " (" + e.getMessage() + ")");
        }
        return out;
    }

    /** The batch's record, checked: a damaged record stops the collection rather than being carried on. */
    private static byte[] copyOf(TilePack.GcPack p, Batch b) {
        ByteBuffer rec = ByteBuffer.allocate(b.length());
        try {
            if (!TilePack.readFully(p.reader, rec, b.offset())) throw new GcAbort(p.path.getFileName() + " is cut short at byte " + b.offset());
        } catch (IOException e) {
            throw new GcAbort("cannot read " + p.path.getFileName() + " (" + e.getMessage() + ")");
        }
        byte[] a = rec.array();
        CRC32 crc = new CRC32();
        crc.update(a, 0, a.length - 4);
        if (rec.getInt(0) != TilePack.BATCH_MAGIC || (int) crc.getValue() != rec.getInt(a.length - 4)) {
            throw new GcAbort(p.path.getFileName() + ": batch at byte " + b.offset() + " is damaged");
        }
        return a;
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

    /**
     * The compacted packs being written: temporary files ({@code gc-*.tmp}, ignored by readers)
     * until {@link #install} renames them to new pack numbers.
     */
    private static final class Output {
        private final Path dir;
        private final long rollBytes;
        private final String stem = TilePack.GC_TMP_PREFIX + ProcessHandle.current().pid() + "-" + System.nanoTime();
        private final List<Part> parts = new ArrayList<>();
        private Part current;

        private static final class Part {
            Path data;
            Path index;
            FileChannel dataCh;
            FileChannel indexCh;
            long dataEnd;
            long indexEnd;
            int records;
        }

        Output(Path dir, long rollBytes) {
            this.dir = dir;
            this.rollBytes = rollBytes;
        }

        void add(byte[] record) {
            try {
                if (current == null || (current.records > 0 && current.dataEnd + record.length > rollBytes)) newPart();
                Part p = current;
                long off = p.dataEnd;
                write(p.dataCh, ByteBuffer.wrap(record), off);
                p.dataEnd += record.length;
                ByteBuffer r = ByteBuffer.wrap(record);
                int n = r.getInt(8);
                long[] ids = new long[2 * n];
                for (int i = 0; i < n; i++) {
                    ids[2 * i] = r.getLong(TilePack.BATCH_HEADER + i * TilePack.TILE_ENTRY);
                    ids[2 * i + 1] = r.getLong(TilePack.BATCH_HEADER + i * TilePack.TILE_ENTRY + 8);
                }
                byte[] entry = TilePack.indexEntry(off, record.length, record[6] & 0xff, ids);
                write(p.indexCh, ByteBuffer.wrap(entry), p.indexEnd);
                p.indexEnd += entry.length;
                p.records++;
            } catch (IOException e) {
                throw new GcAbort("cannot write a compacted tile pack in " + dir + " (" + e.getMessage() + ")");
            }
        }

        private void newPart() throws IOException {
            Part p = new Part();
            int i = parts.size();
            p.data = dir.resolve(stem + "-" + i + ".utp" + TilePack.GC_TMP_SUFFIX);
            p.index = dir.resolve(stem + "-" + i + ".uti" + TilePack.GC_TMP_SUFFIX);
            parts.add(p);
            p.dataCh = FileChannel.open(p.data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            p.indexCh = FileChannel.open(p.index, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            ByteBuffer h = ByteBuffer.allocate(TilePack.FILE_HEADER);
            h.putInt(TilePack.PACK_MAGIC).put((byte) TilePack.FORMAT);
            h.clear();
            write(p.dataCh, h, 0);
            p.dataEnd = TilePack.FILE_HEADER;
            ByteBuffer ih = ByteBuffer.allocate(TilePack.INDEX_HEADER);
            ih.putInt(TilePack.INDEX_MAGIC).put((byte) TilePack.FORMAT);
            ih.clear();
            write(p.indexCh, ih, 0);
            p.indexEnd = TilePack.INDEX_HEADER;
            current = p;
        }

        private static void write(FileChannel ch, ByteBuffer b, long pos) throws IOException {
            long start = pos - b.position();
            while (b.hasRemaining()) ch.write(b, start + b.position());
        }

        /** Makes every part durable, data and index (cheap the second time: only what was added since). */
        void force() {
            try {
                for (Part p : parts) {
                    p.dataCh.force(true);
                    p.indexCh.force(true);
                }
            } catch (IOException e) {
                throw new GcAbort("cannot sync a compacted tile pack in " + dir + " (" + e.getMessage() + ")");
            }
        }

        void close() {
            try {
                for (Part p : parts) {
                    p.dataCh.close();
                    p.indexCh.close();
                }
            } catch (IOException e) {
                throw new GcAbort("cannot close a compacted tile pack in " + dir + " (" + e.getMessage() + ")");
            }
        }

        /** Renames each part to the next free pack number, index before data. Returns the pack numbers. */
        List<Integer> install(TilePack pack) {
            List<Integer> numbers = new ArrayList<>();
            int no = pack.gcNextPackNumber();
            boolean first = true;
            try {
                for (Part p : parts) {
                    Path data = dir.resolve(String.format("pack-%06d.utp", no));
                    Path index = dir.resolve(String.format("pack-%06d.uti", no));
                    Files.move(p.index, index, StandardCopyOption.ATOMIC_MOVE);
                    if (first) stage("index-renamed");
                    first = false;
                    Files.move(p.data, data, StandardCopyOption.ATOMIC_MOVE);
                    numbers.add(no);
                    no++;
                }
            } catch (IOException e) {
                throw new GcAbort("cannot put a compacted tile pack in place in " + dir + " (" + e.getMessage() + ")");
            }
            return numbers;
        }

        /** Bytes of the parts. */
        long bytes() {
            long sum = 0;
            for (Part p : parts) sum += p.dataEnd + p.indexEnd;
            return sum;
        }

        /** Closes and deletes whatever was not installed. */
        void discard() {
            for (Part p : parts) {
                for (FileChannel c : new FileChannel[] {p.dataCh, p.indexCh}) {
                    try {
                        if (c != null) c.close();
                    } catch (IOException ignored) {
                        // deleted below
                    }
                }
                for (Path f : new Path[] {p.data, p.index}) {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException ignored) {
                        // the next collection removes gc-*.tmp files
                    }
                }
            }
        }
    }
}
