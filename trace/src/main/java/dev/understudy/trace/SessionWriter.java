package dev.understudy.trace;

import dev.understudy.model.Json;
import dev.understudy.model.Manifest;
import dev.understudy.model.RawEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one session: an append-only stream of event blocks rolled into segments, plus the frame
 * store and the manifest. Events are buffered and reach the OS (and the disk, via fsync) at least
 * every {@link TraceFormat#FLUSH_MILLIS}, as long as the owner calls {@link #flushIfDue} on a
 * timer; a kill loses at most what was buffered.
 *
 * <p>Not thread-safe except for {@link #frames()}: one pipeline thread owns the writer.
 */
public final class SessionWriter implements AutoCloseable {
    private final Path dir;
    private final FrameStore frames;
    /** Seals event blocks when the data directory's spool is encrypted (see {@link SpoolCipher}). */
    private SpoolCipher cipher;
    private Manifest manifest;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
    private SegmentWriter segment;
    private int segmentNo;
    private long lastFlush;
    private long events;
    private long storedBytes;
    private boolean closed;
    /** Whether segments also roll by age (the recorder's); a portable copy rolls by size only. */
    private boolean rollByAge = true;

    private SessionWriter(Path dir, Manifest manifest, FrameStore frames) {
        this.dir = dir;
        this.manifest = manifest;
        this.frames = frames;
        this.lastFlush = System.currentTimeMillis();
    }

    /** Creates the session directory and writes the initial manifest (data directory: two levels up). */
    static SessionWriter create(Path dir, Manifest manifest) {
        return create(dir, manifest, DataDir.at(SessionReader.dataRootOf(dir)));
    }

    /**
     * Creates the session directory and writes the initial manifest. The frame store follows the
     * manifest's format: 2 and later store tiles in the data directory's tile pack, shared by the
     * device's sessions ({@link TileFrameStore}); 1 writes one PNG per frame ({@link PngFrameStore}).
     */
    static SessionWriter create(Path dir, Manifest manifest, DataDir data) {
        try {
            Files.createDirectories(dir.resolve(TraceFormat.EVENTS_DIR));
            Files.createDirectories(dir.resolve(TraceFormat.FRAMES_DIR));
            FrameStore frames = manifest.format() >= TraceFormat.FIRST_TILE_FORMAT
                    ? TileFrameStore.forSession(data, dir, true)
                    : new PngFrameStore(dir.resolve(TraceFormat.FRAMES_DIR));
            SessionWriter w = new SessionWriter(dir, manifest, frames);
            w.cipher = SpoolCipher.forWriting(data.root());
            w.writeManifest();
            return w;
        } catch (IOException e) {
            throw new TraceException("cannot create session in " + dir + ": " + e.getMessage(), e);
        }
    }

    public String id() {
        return manifest.session();
    }

    public Path dir() {
        return dir;
    }

    public Manifest manifest() {
        return manifest;
    }

    public FrameStore frames() {
        return frames;
    }

    public long eventCount() {
        return events;
    }

    /** Compressed event bytes written so far (excluding the current buffer). */
    public long storedEventBytes() {
        return storedBytes;
    }

    /** Appends an event to the buffer; the sequence number is its position in the session. */
    public void append(RawEvent e) {
        if (closed) throw new IllegalStateException("session writer is closed");
        try {
            Json.MAPPER.writeValue(new NonClosing(buffer), e);
        } catch (IOException ex) {
            throw new TraceException("cannot encode event: " + ex.getMessage(), ex);
        }
        buffer.write('\n');
        events++;
        if (buffer.size() >= TraceFormat.FLUSH_BYTES) flush();
    }

    /**
     * Segments roll by size only from now on, not by age: writing the same events with the same
     * {@link #flush} calls then gives the same files however long it takes (the portable copy of a
     * session made for upload is byte-deterministic).
     */
    public void rollBySizeOnly() {
        rollByAge = false;
    }

    /** Flushes if the buffer is older than the flush interval. Call it at least twice a second. */
    public void flushIfDue(long nowMillis) {
        if (nowMillis - lastFlush >= TraceFormat.FLUSH_MILLIS) flush();
    }

    /** Writes buffered events as one block and syncs it to disk. */
    public void flush() {
        long now = System.currentTimeMillis();
        lastFlush = now;
        if (buffer.size() == 0) return;
        // Frames first: an event synced below must never name a frame that is not on disk.
        frames.sync();
        try {
            if (segment != null && (segment.bytes() >= TraceFormat.ROLL_BYTES || (rollByAge && now - segment.openedAt() >= TraceFormat.ROLL_MILLIS))) {
                segment.close();
                segment = null;
            }
            if (segment == null) {
                segmentNo++;
                segment = new SegmentWriter(dir.resolve(TraceFormat.EVENTS_DIR)
                        .resolve(String.format("%06d%s", segmentNo, TraceFormat.SEGMENT_SUFFIX)), now);
            }
            byte[] block = BlockCodec.encode(rawBuffer(), buffer.size(), cipher);
            segment.write(block, true);
            storedBytes += block.length;
            buffer.reset();
        } catch (IOException e) {
            // Keep the buffer: nothing is lost, the next flush retries.
            throw new TraceException("cannot write events to " + dir + ": " + e.getMessage(), e);
        }
    }

    private byte[] rawBuffer() {
        return buffer.toByteArray();
    }

    /** Replaces the manifest (e.g. when monitors change) and rewrites it atomically. */
    public void updateManifest(Manifest m) {
        this.manifest = m;
        writeManifest();
    }

    private void writeManifest() {
        try {
            AtomicFiles.write(dir.resolve(TraceFormat.MANIFEST), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        } catch (IOException e) {
            throw new TraceException("cannot write manifest in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Flushes everything, records the end in the manifest and closes the segment. */
    public void finish(long endWall, String reason) {
        if (closed) return;
        flush();
        manifest = manifest.ended(endWall, reason);
        writeManifest();
        close();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            if (buffer.size() > 0) {
                closed = false;
                flush();
                closed = true;
            }
            if (segment != null) segment.close();
        } catch (IOException e) {
            throw new TraceException("cannot close segment in " + dir + ": " + e.getMessage(), e);
        } finally {
            frames.close();
        }
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() {}
    }
}
