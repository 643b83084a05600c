package dev.understudy.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.model.Json;
import dev.understudy.model.Manifest;
import dev.understudy.model.RawEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads one session as stored, tolerating what a crash leaves behind: a torn last block, a
 * missing end time, a half-written temporary file. Damaged blocks are skipped (the reader resyncs
 * on the next block magic) and counted in {@link #problems()}.
 */
public final class SessionReader {
    private final Path dir;
    private final Manifest manifest;
    private final FrameStore frames;
    private List<RawEvent> events;
    private final List<String> problems = new ArrayList<>();
    private final Path dataRoot;

    private SessionReader(Path dir, Manifest manifest, DataDir data) {
        this.dir = dir;
        this.dataRoot = data.root();
        this.manifest = manifest;
        this.frames = manifest.format() >= TraceFormat.FIRST_TILE_FORMAT
                ? TileFrameStore.forSession(data, dir, false)
                : new PngFrameStore(dir.resolve(TraceFormat.FRAMES_DIR));
    }

    /** The data directory a session directory {@code DATA/sessions/<id>} belongs to. */
    static Path dataRootOf(Path sessionDir) {
        Path abs = sessionDir.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent != null && parent.getFileName() != null && parent.getFileName().toString().equals(TraceFormat.SESSIONS_DIR)
                && parent.getParent() != null) {
            return parent.getParent();
        }
        return parent == null ? abs : parent;
    }

    /** Opens a session inside a data directory ({@code DATA/sessions/<id>}). */
    public static SessionReader open(Path dir) {
        return open(dir, dataRootOf(dir));
    }

    /**
     * Opens a session. Its frame store follows the manifest's format: 1 reads {@code frames/*.png},
     * 2 reads {@code frames/frames.ufl} and the tiles in {@code dataRoot/tiles/} (through a tile pack
     * of its own: {@link DataDir#open} shares the data directory's).
     */
    public static SessionReader open(Path dir, Path dataRoot) {
        return open(dir, DataDir.at(dataRoot));
    }

    /** Opens a session whose tiles are read through {@code data}'s tile pack. */
    static SessionReader open(Path dir, DataDir data) {
        Path mf = dir.resolve(TraceFormat.MANIFEST);
        if (!Files.isRegularFile(mf)) throw new TraceException("not a session directory (no manifest.json): " + dir);
        Manifest m;
        try {
            JsonNode node = Json.MAPPER.readTree(mf.toFile());
            int format = node.path("format").asInt(-1);
            if (format < TraceFormat.OLDEST_READABLE || format > TraceFormat.VERSION) {
                throw new TraceException("session " + dir.getFileName() + " has trace format " + format
                        + "; this build reads formats " + TraceFormat.OLDEST_READABLE + " to " + TraceFormat.VERSION);
            }
            m = Json.MAPPER.treeToValue(node, Manifest.class);
        } catch (IOException e) {
            throw new TraceException("manifest of session " + dir.getFileName() + " is corrupt: " + firstLine(e.getMessage()));
        }
        return new SessionReader(dir, m, data);
    }

    public Path dir() {
        return dir;
    }

    public String id() {
        return manifest.session();
    }

    public Manifest manifest() {
        return manifest;
    }

    public FrameStore frames() {
        return frames;
    }

    /** What could not be read, one line each (empty for a clean session). */
    public List<String> problems() {
        events();
        return Collections.unmodifiableList(problems);
    }

    /** All readable events in order; the index of an event is its sequence number. */
    public synchronized List<RawEvent> events() {
        if (events != null) return events;
        List<RawEvent> out = new ArrayList<>();
        for (Path seg : segments()) readSegment(seg, out);
        events = Collections.unmodifiableList(out);
        return events;
    }

    public List<Path> segments() {
        Path ev = dir.resolve(TraceFormat.EVENTS_DIR);
        if (!Files.isDirectory(ev)) return List.of();
        try (Stream<Path> s = Files.list(ev)) {
            return s.filter(p -> p.getFileName().toString().endsWith(TraceFormat.SEGMENT_SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new TraceException("cannot list " + ev + ": " + e.getMessage(), e);
        }
    }

    private void readSegment(Path seg, List<RawEvent> out) {
        byte[] data;
        try {
            data = Files.readAllBytes(seg);
        } catch (IOException e) {
            problems.add(seg.getFileName() + ": unreadable (" + e.getMessage() + ")");
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        int pos = 0;
        while (pos < data.length) {
            if (data.length - pos < TraceFormat.BLOCK_HEADER_BYTES) {
                problems.add(seg.getFileName() + ": torn block at byte " + pos + " (" + (data.length - pos) + " bytes dropped)");
                return;
            }
            b.position(pos);
            BlockCodec.Header h = BlockCodec.Header.parse(b);
            if (h == null || h.compLen() < 0 || h.compLen() > data.length - pos - TraceFormat.BLOCK_HEADER_BYTES) {
                int next = nextMagic(data, pos + 1);
                problems.add(seg.getFileName() + ": damaged block at byte " + pos
                        + (next < 0 ? " (rest of segment dropped)" : " (skipped to byte " + next + ")"));
                if (next < 0) return;
                pos = next;
                continue;
            }
            byte[] comp = new byte[h.compLen()];
            System.arraycopy(data, pos + TraceFormat.BLOCK_HEADER_BYTES, comp, 0, comp.length);
            byte[] raw;
            try {
                raw = BlockCodec.decode(h, comp, (h.flags() & BlockCodec.ENCRYPTED) != 0 ? SpoolCipher.forReading(dataRoot) : null);
            } catch (KeyStoreUnavailableException e) {
                throw e; // no block of this spool can be read: one line for the whole command
            } catch (TraceException e) {
                problems.add(seg.getFileName() + ": block at byte " + pos + " cannot be read: " + e.getMessage());
                pos += TraceFormat.BLOCK_HEADER_BYTES + h.compLen();
                continue;
            }
            if (raw == null) {
                problems.add(seg.getFileName() + ": block at byte " + pos + " fails its checksum or flags (skipped)");
            } else {
                parseLines(seg, raw, out);
            }
            pos += TraceFormat.BLOCK_HEADER_BYTES + h.compLen();
        }
    }

    private void parseLines(Path seg, byte[] raw, List<RawEvent> out) {
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == '\n') {
                if (i > start) {
                    String line = new String(raw, start, i - start, StandardCharsets.UTF_8);
                    try {
                        out.add(Json.MAPPER.readValue(line, RawEvent.class));
                    } catch (IOException e) {
                        problems.add(seg.getFileName() + ": unreadable event skipped: " + firstLine(e.getMessage()));
                    }
                }
                start = i + 1;
            }
        }
    }

    private static int nextMagic(byte[] d, int from) {
        for (int i = from; i + 4 <= d.length; i++) {
            if (d[i] == 'U' && d[i + 1] == 'S' && d[i + 2] == 'E' && d[i + 3] == 'G') return i;
        }
        return -1;
    }

    /** Wall-clock end: the manifest's, or the last event's after a crash, or the start. */
    public long endWall() {
        if (manifest.endWall() != null) return manifest.endWall();
        List<RawEvent> ev = events();
        long end = manifest.startWall();
        for (RawEvent e : ev) end = Math.max(end, e.wall());
        return end;
    }

    /** True when the recorder did not finish the session (killed, crashed, or still running). */
    public boolean unfinished() {
        return manifest.endWall() == null;
    }

    private static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
