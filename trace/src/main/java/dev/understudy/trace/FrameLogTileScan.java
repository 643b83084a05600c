package dev.understudy.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The tiles a frame log names, for the tile garbage collector ({@link FrameLog#collectTiles}):
 * the union of the records' palettes (a key's palette lists all its tiles, a delta's the changed
 * ones, and its base records are earlier in the log), so no chain is rebuilt. Reads the readable
 * prefix like a reader does, then recovers what it can after a torn or damaged record: any intact
 * record further on still names its tiles. Stateless.
 */
final class FrameLogTileScan {
    private FrameLogTileScan() {}

    /** See {@link FrameLog#collectTiles}. */
    static FrameLog.TileScan collect(Path file, TileIdSet into) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < FrameLogFormat.FILE_HEADER) return new FrameLog.TileScan(0, size, size, 0);
            ByteBuffer h = ByteBuffer.allocate(FrameLogFormat.FILE_HEADER);
            if (!FileChannels.readFully(ch, h, 0) || !FrameLogFormat.isFileHeader(h)) {
                throw new TraceException(file + " is not a frame log of format " + FrameLogFormat.FILE_FORMAT);
            }
            long pos = FrameLogFormat.FILE_HEADER;
            int records = 0;
            ByteBuffer rec;
            while ((rec = FrameLogFormat.intactRecord(ch, pos, size)) != null) {
                addPalette(rec, into, file, pos);
                records++;
                pos += rec.capacity();
            }
            long readableEnd = pos;
            int salvaged = pos < size ? salvage(ch, pos, size, into, file) : 0;
            return new FrameLog.TileScan(records, readableEnd, size, salvaged);
        } catch (IOException e) {
            throw new TraceException("cannot read frame log " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * After a torn or damaged record at {@code pos}: looks for the record magic at every later
     * byte and adds the tiles of each intact record found there (skipping over it). Returns how
     * many it found.
     */
    private static int salvage(FileChannel ch, long pos, long size, TileIdSet into, Path file) throws IOException {
        long tail = size - pos;
        if (tail > Integer.MAX_VALUE - 16) throw new TraceException(file + ": " + tail + " bytes after a damaged record");
        ByteBuffer rest = ByteBuffer.allocate((int) tail);
        FileChannels.readFully(ch, rest, pos);
        byte[] a = rest.array();
        int salvaged = 0;
        for (int i = 1; i + FrameLogFormat.RECORD_HEADER + 4 <= a.length; i++) {
            if (rest.getInt(i) != FrameLogFormat.RECORD_MAGIC) continue;
            ByteBuffer r = FrameLogFormat.intactRecord(ch, pos + i, size);
            if (r == null) continue;
            addPalette(r, into, file, pos + i);
            salvaged++;
            i += r.capacity() - 1;
        }
        return salvaged;
    }

    private static void addPalette(ByteBuffer rec, TileIdSet into, Path file, long pos) {
        int rawLen = FrameLogFormat.rawLength(rec);
        if (rawLen < 0 || rawLen > 1 << 28) throw new TraceException(file + ": frame record at byte " + pos + " has a bad length");
        try {
            for (TileId t : FramePayload.palette(FrameLogFormat.payload(rec))) into.add(t);
        } catch (TraceException e) {
            throw new TraceException(file + ": frame record at byte " + pos + " cannot be decoded (" + e.getMessage() + ")", e);
        }
    }
}
