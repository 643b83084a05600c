package dev.understudy.trace;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a {@link TileGc} collection needs from the {@link TilePack} it runs through: the pins of
 * the session writers, the packs it may rewrite (locked as a writer would lock them), where the
 * index resolves each tile to, and the swap of rewritten packs in memory. One per pack instance;
 * every method runs under the pack's monitor, which {@link TileGc} also holds for its final check
 * and swap, so a writer's deduplication sees either the old tiles or the new index.
 */
final class TileGcCoordinator {
    private final TilePack pack;
    /** Tiles each open session writer stored or deduplicated against (see {@link TileFrameStore}). */
    private final List<TileIdSet> pinSets = new ArrayList<>();
    /** Pin sets of writers that closed while a collection ran: still counted until it ends. */
    private final List<TileIdSet> retiredPins = new ArrayList<>();
    private boolean running;

    TileGcCoordinator(TilePack pack) {
        this.pack = pack;
    }

    /** What a collection may work on, or why it may not run. */
    record GcStart(List<GcPack> packs, String refused, long leftoverBytes) {}

    // ---------------------------------------------------------------- pins

    /** Registers the pin set of a session writer (until {@link #unpin}). */
    void pin(TileIdSet pins) {
        synchronized (pack) {
            if (!pinSets.contains(pins)) pinSets.add(pins);
        }
    }

    /** The writer closed: its frame log now names its tiles. A running collection still counts them. */
    void unpin(TileIdSet pins) {
        synchronized (pack) {
            if (pinSets.remove(pins) && running) retiredPins.add(pins);
        }
    }

    /** Every tile an open session writer (or one that closed during the collection) has pinned. */
    TileIdSet pinnedTiles() {
        synchronized (pack) {
            TileIdSet all = new TileIdSet();
            for (TileIdSet p : pinSets) all.addAll(p);
            for (TileIdSet p : retiredPins) all.addAll(p);
            return all;
        }
    }

    // ---------------------------------------------------------------- a collection

    /**
     * Begins a collection: syncs, picks up every pack on disk, removes what an interrupted
     * collection left (temporary files, an index whose pack is gone), and takes the OS lock of
     * every pack that is not open for appending, as a writer would. Refuses, holding nothing, when
     * a pack is locked by another writer (another process, or another instance in this one) or
     * cannot be read. The pack this instance appends to stays open for appending and is not
     * rewritten, unless {@code sealWriting}: then this instance stops appending to it (its next
     * batch starts a new pack) and it is locked like the others. Until {@link #end}, writers
     * that close keep their pins counted.
     */
    GcStart begin(boolean sealWriting) {
        synchronized (pack) {
            pack.ensureOpen();
            if (running) return new GcStart(List.of(), "another tile collection is running in this process", 0);
            pack.sync();
            PackWriter writer = pack.writer();
            if (sealWriting && writer.current() != null) {
                PackFile sealing = writer.current();
                try {
                    writer.release();
                } catch (IOException e) {
                    return new GcStart(List.of(), "cannot seal " + sealing.path.getFileName() + " (" + e.getMessage() + ")", 0);
                }
            }
            PackFiles files = pack.files();
            files.refresh(writer.current());
            long leftovers = removeLeftovers(files);
            List<GcPack> out = new ArrayList<>();
            String refused = null;
            for (PackFile p : files.packs().values()) {
                if (p == writer.current()) {
                    out.add(new GcPack(p, p.validEnd, p.rw, false));
                    continue;
                }
                long size;
                try {
                    size = Files.size(p.path);
                } catch (IOException e) {
                    refused = p.path.getFileName() + " cannot be read (" + e.getMessage() + ")";
                    break;
                }
                if (!p.usable && size >= PackFormat.FILE_HEADER) {
                    refused = p.path.getFileName() + " is not a readable tile pack";
                    break;
                }
                FileChannel lc;
                FileLock lock;
                boolean inThisProcess = false;
                try {
                    lc = FileChannel.open(p.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    try {
                        lock = lc.tryLock();
                    } catch (OverlappingFileLockException e) {
                        lock = null;
                        inThisProcess = true;
                    }
                } catch (IOException e) {
                    refused = p.path.getFileName() + " cannot be locked (" + e.getMessage() + ")";
                    break;
                }
                if (lock == null) {
                    if (inThisProcess) files.keepOpen(lc); // closing it would drop the other instance's lock
                    else FileChannels.closeQuietly(lc);
                    refused = p.path.getFileName() + " is open for writing by another " + (inThisProcess ? "tile store in this process" : "process");
                    break;
                }
                // an unusable pack shorter than its header (a writer killed while creating it) holds no tiles
                GcPack g = new GcPack(p, p.usable ? p.validEnd : size, p.usable ? p.reader() : null, true);
                g.lockChannel = lc;
                out.add(g);
            }
            if (refused != null) {
                for (GcPack g : out) FileChannels.closeQuietly(g.lockChannel);
                return new GcStart(List.of(), refused, leftovers);
            }
            running = true;
            return new GcStart(out, null, leftovers);
        }
    }

    /** Deletes temporary files of an interrupted collection and index files whose pack is gone; returns their bytes. */
    private static long removeLeftovers(PackFiles files) {
        Path dir = files.dir();
        if (!Files.isDirectory(dir)) return 0;
        long bytes = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                String n = f.getFileName().toString();
                boolean tmp = PackFormat.isGcTemp(n);
                // a writer creates a pack before its index, so an index alone is a collection's leftover
                boolean orphanIndex = PackFormat.isIndexName(n) && !Files.exists(dir.resolve(PackFormat.packNameOfIndex(n)));
                if (!tmp && !orphanIndex) continue;
                long size = Files.size(f);
                Files.deleteIfExists(f);
                bytes += size;
            }
        } catch (IOException e) {
            files.problem("cannot remove what an interrupted tile collection left: " + e.getMessage());
        }
        return bytes;
    }

    /** The batch that holds the tile for readers ({@link PackFormat#batchKey}), or -1 when the tile is not in the pack. */
    long batchOf(long hi, long lo) {
        synchronized (pack) {
            PackIndex index = pack.files().index();
            int s = index.find(hi, lo);
            return s < 0 ? -1 : PackFormat.batchKey(index.loc(s));
        }
    }

    /** Every readable pack as it is now (no locks taken): what writers appended since {@link #begin}. */
    List<GcPack> extents() {
        synchronized (pack) {
            pack.ensureOpen();
            List<GcPack> out = new ArrayList<>();
            for (PackFile p : pack.files().packs().values()) {
                if (p.usable) out.add(new GcPack(p, p.validEnd, p.reader(), false));
            }
            return out;
        }
    }

    /** A pack number above every pack, index and pack number known, for a collection's output. */
    int nextPackNumber() {
        synchronized (pack) {
            PackFiles files = pack.files();
            int max = files.packs().isEmpty() ? 0 : files.packs().lastKey();
            for (int no : files.numbersOnDisk()) max = Math.max(max, no);
            try (Stream<Path> s = Files.list(files.dir())) {
                for (Path f : s.toList()) {
                    String n = f.getFileName().toString();
                    if (PackFormat.isPackFileName(n)) max = Math.max(max, PackFormat.numberOf(n));
                }
            } catch (IOException e) {
                throw new TraceException("cannot list tile packs in " + files.dir() + ": " + e.getMessage(), e);
            }
            return max + 1;
        }
    }

    /** Bytes from which the pack's writer starts a new pack: compacted packs roll at the same size. */
    long rollBytes() {
        return pack.writer().rollBytes();
    }

    /**
     * Replaces rewritten packs by their compacted copies in memory: forgets every tile location in
     * the removed packs, closes them, and loads the new packs from their index files. Called with
     * the new packs already renamed into place and before the removed ones are deleted.
     */
    void swap(Set<Integer> removed, List<Integer> added) {
        synchronized (pack) {
            pack.ensureOpen();
            PackFiles files = pack.files();
            files.replaceIndex(files.index().without(removed));
            for (int no : removed) {
                PackFile p = files.packs().remove(no);
                if (p == null) continue;
                if (p == pack.writer().current()) throw new IllegalStateException("the pack being appended to cannot be removed");
                FileChannels.closeQuietly(p.ch);
                FileChannels.closeQuietly(p.rw);
            }
            for (int no : added) files.load(no);
            pack.cache().clear();
        }
    }

    /** Ends a collection begun by {@link #begin}: releases its pack locks and forgets retired pins. */
    void end(GcStart start) {
        synchronized (pack) {
            running = false;
            retiredPins.clear();
            for (GcPack g : start.packs()) FileChannels.closeQuietly(g.lockChannel);
        }
    }
}
