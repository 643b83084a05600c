package dev.understudy.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a frame from its record in a {@link FrameLog}: walks back through the delta records'
 * base offsets to a key (or to a record rebuilt before: the last few are cached, so sequential
 * reads decode one record each), then applies the records forward. Every record on the way must
 * be whole, hold its CRC, have the frame's size and tile size and lie before the one naming it;
 * a chain longer than {@link FrameLog#MAX_CHAIN} deltas is corrupt. Not thread-safe: its log
 * calls it under its lock.
 */
final class FrameChain {
    private final Path file;
    private final LinkedHashMap<Long, TileId[]> keyCache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, TileId[]> e) {
            return size() > 4;
        }
    };

    /** @param file the log, for messages */
    FrameChain(Path file) {
        this.file = file;
    }

    /**
     * The frame {@code id} whose record is at {@code off} ({@code len} bytes) of {@code ch}, whose
     * first {@code validEnd} bytes are the log's readable prefix.
     */
    FrameLog.Frame rebuild(FileChannel ch, long validEnd, String id, long off, int len) {
        ByteBuffer rec = record(ch, validEnd, off, len);
        boolean redacted = FrameLogFormat.isRedacted(rec);
        boolean idFromTiles = FrameLogFormat.idFromTiles(rec);
        int ts = FrameLogFormat.tileSize(rec);
        int w = FrameLogFormat.width(rec);
        int h = FrameLogFormat.height(rec);
        int n = FrameLogFormat.tileCount(w, h, ts);
        // walk back to a key (or a record decoded before), then forward
        List<ByteBuffer> chain = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        long at = off;
        TileId[] tiles = null;
        while (true) {
            TileId[] cached = keyCache.get(at);
            if (cached != null) {
                tiles = cached.clone();
                break;
            }
            chain.add(rec);
            offsets.add(at);
            if (FrameLogFormat.isKey(rec)) break;
            if (chain.size() > FrameLog.MAX_CHAIN + 1) throw new TraceException("frame " + id + ": delta chain too long in " + file);
            at = FrameLogFormat.base(rec);
            if (at < FrameLogFormat.FILE_HEADER || at >= offsets.get(offsets.size() - 1)) {
                throw new TraceException("frame " + id + ": bad base record in " + file);
            }
            rec = record(ch, validEnd, at, -1);
            if (FrameLogFormat.width(rec) != w || FrameLogFormat.height(rec) != h || FrameLogFormat.tileSize(rec) != ts) {
                throw new TraceException("frame " + id + ": base record of another size in " + file);
            }
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            ByteBuffer c = chain.get(i);
            byte[] raw = FrameLogFormat.payload(c);
            tiles = FrameLogFormat.isKey(c) ? FramePayload.decodeKey(raw, n) : FramePayload.applyDelta(tiles, raw);
        }
        keyCache.put(off, tiles.clone());
        return new FrameLog.Frame(w, h, ts, tiles, redacted, idFromTiles);
    }

    /** The record at {@code off}, its CRC checked ({@code len} < 0: read its length from the header). */
    private ByteBuffer record(FileChannel ch, long validEnd, long off, int len) {
        try {
            if (len < 0) {
                ByteBuffer head = ByteBuffer.allocate(FrameLogFormat.RECORD_HEADER);
                if (off < FrameLogFormat.FILE_HEADER || off + FrameLogFormat.RECORD_HEADER > validEnd || !FileChannels.readFully(ch, head, off)) {
                    throw new TraceException("frame record at " + off + " of " + file + " is missing");
                }
                len = FrameLogFormat.RECORD_HEADER + FrameLogFormat.payloadLength(head) + 4;
            }
            if (off + len > validEnd) throw new TraceException("frame record at " + off + " of " + file + " is cut short");
            ByteBuffer rec = ByteBuffer.allocate(len);
            if (!FileChannels.readFully(ch, rec, off)) throw new TraceException("frame record at " + off + " of " + file + " is cut short");
            if (rec.getInt(0) != FrameLogFormat.RECORD_MAGIC || !FrameLogFormat.crcHolds(rec)) {
                throw new TraceException("frame record at " + off + " of " + file + " is corrupt");
            }
            return rec;
        } catch (IOException e) {
            throw new TraceException("cannot read frame log " + file + ": " + e.getMessage(), e);
        }
    }
}
