package dev.understudy.uploader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.model.Json;
import dev.understudy.model.Manifest;
import dev.understudy.model.RawEvent;
import dev.understudy.privacy.screen.RedactedFrames;
import dev.understudy.privacy.screen.RedactionLog;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.FrameStore;
import dev.understudy.trace.KeyStoreUnavailableException;
import dev.understudy.trace.SessionReader;
import dev.understudy.trace.SessionWriter;
import dev.understudy.trace.TileFrameStore;
import dev.understudy.trace.TraceException;
import dev.understudy.trace.TraceFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The portable copy of one session, as it is uploaded: a data directory of its own holding only that
 * session, with
 * <ul>
 *   <li>its events re-written in plaintext (whatever the device's spool encryption), segments
 *       rolled by size only, so that the same session always gives the same bytes;</li>
 *   <li>{@code manifest.json} as the original's (its end and end reason kept; a format-1 session
 *       becomes format 2, its frames being tiles now);</li>
 *   <li>its frames as they may leave the device ({@link RedactedFrames}: the OCR boxes filled), under
 *       their original ids ({@link TileFrameStore#putAs}), so steps name the same frames on the
 *       collector as here; a frame that cannot be checked (OCR not available) refuses the session;</li>
 *   <li>{@code privacy.json} copied, and a {@code redactions.jsonl} that marks every frame checked
 *       with no box left to fill, so an export of the copy passes the pixels through unchanged;</li>
 *   <li>{@code tiles/pack-NNNNNN.utp} holding only this session's tiles (the index is not sent).</li>
 * </ul>
 * Copying the same session twice gives identical files. {@link #close} deletes the copy.
 */
public final class SessionCopy implements AutoCloseable {
    /** One file of the copy: its path on the wire ({@code Wire.FILE_PATH}), where it is, its size. */
    public record CopiedFile(String path, Path file, long size) {}

    private final Path root;
    private final String session;
    private final JsonNode manifest;
    private final List<CopiedFile> files;
    private final int frames;

    private SessionCopy(Path root, String session, JsonNode manifest, List<CopiedFile> files, int frames) {
        this.root = root;
        this.session = session;
        this.manifest = manifest;
        this.files = List.copyOf(files);
        this.frames = frames;
    }

    /** The copy's data directory. */
    public Path root() {
        return root;
    }

    /** The copy's session directory ({@code root/sessions/<id>}). */
    public Path sessionDir() {
        return root.resolve(TraceFormat.SESSIONS_DIR).resolve(session);
    }

    public String session() {
        return session;
    }

    /** The copy's manifest.json as a JSON object (what a commit carries). */
    public JsonNode manifest() {
        return manifest.deepCopy();
    }

    /** The files to upload, in a fixed order: manifest, privacy, redactions, event segments, frame log, tile packs. */
    public List<CopiedFile> files() {
        return files;
    }

    /** Distinct frames in the copy. */
    public int frames() {
        return frames;
    }

    public long bytes() {
        long n = 0;
        for (CopiedFile f : files) n += f.size();
        return n;
    }

    /** Deletes the copy. */
    @Override
    public void close() {
        PrivateFiles.deleteTree(root);
    }

    /**
     * Copies session {@code id} of {@code data} into {@code into}, a directory that must not exist
     * (made 0700). SessionRefusedException (one line) when the session cannot leave: deleted
     * ({@link SessionRefusedException#gone}), unreadable, or a frame cannot be checked.
     */
    public static SessionCopy make(DataDir data, String id, Path into) {
        Path src = data.sessionDir(id);
        if (!Files.isRegularFile(src.resolve(TraceFormat.MANIFEST))) {
            throw new SessionRefusedException(id, "it was deleted", true, null);
        }
        if (Files.exists(into)) throw new IllegalArgumentException(into + " already exists");
        PrivateFiles.dir(into);
        try {
            return copy(data, id, src, into);
        } catch (RuntimeException e) {
            try {
                PrivateFiles.deleteTree(into);
            } catch (RuntimeException ignored) {
                // the next pass removes leftovers
            }
            if (e instanceof SessionRefusedException) throw e;
            if (!Files.isDirectory(src)) throw new SessionRefusedException(id, "it was deleted", true, e);
            if (e instanceof KeyStoreUnavailableException) throw e; // the whole spool is unreadable: one line for the pass
            throw new SessionRefusedException(id, oneLine(e.getMessage()), false, e);
        }
    }

    private static SessionCopy copy(DataDir data, String id, Path src, Path into) {
        SessionReader r = data.open(id);
        Manifest m = r.manifest();
        byte[] manifestBytes = read(src.resolve(TraceFormat.MANIFEST));
        Manifest copyManifest = m;
        if (m.format() != TraceFormat.VERSION) {
            copyManifest = new Manifest(TraceFormat.VERSION, m.session(), m.agentVersion(), m.os(), m.osVersion(), m.hostArch(),
                    m.displayServer(), m.timeZone(), m.startWall(), m.endWall(), m.endReason(), m.monitors());
            try {
                manifestBytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(copyManifest);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<RawEvent> events = r.events();
        Set<String> frameIds = new LinkedHashSet<>();
        for (RawEvent e : events) if (e instanceof RawEvent.Frame f && f.id() != null) frameIds.add(f.id());

        FrameStore shown = RedactedFrames.of(r.frames(), r.dir());
        List<String> stored = new ArrayList<>();
        try (DataDir out = DataDir.at(into)) {
            SessionWriter w = out.createSession(copyManifest);
            try {
                w.rollBySizeOnly();
                TileFrameStore tiles = (TileFrameStore) w.frames();
                for (String fid : frameIds) {
                    if (!r.frames().contains(fid)) continue; // named but never stored (a crash): the copy lacks it too
                    BufferedImage img;
                    try {
                        img = shown.read(fid);
                    } catch (TraceException e) {
                        throw new SessionRefusedException(id, oneLine(e.getMessage()), false, e);
                    }
                    tiles.putAs(fid, img);
                    stored.add(fid);
                }
                for (RawEvent e : events) w.append(e);
                w.flush();
            } finally {
                w.close();
            }
        }
        Path dst = into.resolve(TraceFormat.SESSIONS_DIR).resolve(id);
        PrivateFiles.write(dst.resolve(TraceFormat.MANIFEST), manifestBytes);
        Path info = src.resolve(RedactionLog.SESSION_INFO);
        if (Files.isRegularFile(info)) PrivateFiles.write(dst.resolve(RedactionLog.SESSION_INFO), read(info));
        ByteArrayOutputStream red = new ByteArrayOutputStream();
        for (String fid : stored) {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("id", fid);
            n.put("by", "upload");
            n.putArray("boxes");
            red.writeBytes((n + "\n").getBytes(StandardCharsets.UTF_8));
        }
        PrivateFiles.write(dst.resolve(RedactionLog.FILE), red.toByteArray());

        List<CopiedFile> files = new ArrayList<>();
        add(files, TraceFormat.MANIFEST, dst.resolve(TraceFormat.MANIFEST));
        add(files, RedactionLog.SESSION_INFO, dst.resolve(RedactionLog.SESSION_INFO));
        add(files, RedactionLog.FILE, dst.resolve(RedactionLog.FILE));
        for (Path seg : list(dst.resolve(TraceFormat.EVENTS_DIR), TraceFormat.SEGMENT_SUFFIX)) {
            add(files, TraceFormat.EVENTS_DIR + "/" + seg.getFileName(), seg);
        }
        add(files, TraceFormat.FRAMES_DIR + "/" + TraceFormat.FRAME_LOG, dst.resolve(TraceFormat.FRAMES_DIR).resolve(TraceFormat.FRAME_LOG));
        for (Path pack : list(into.resolve(TraceFormat.TILES_DIR), ".utp")) {
            add(files, TraceFormat.TILES_DIR + "/" + pack.getFileName(), pack);
        }
        JsonNode manifestJson;
        try {
            manifestJson = Json.MAPPER.readTree(manifestBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SessionCopy(into, id, manifestJson, files, stored.size());
    }

    private static void add(List<CopiedFile> files, String path, Path file) {
        if (!Files.isRegularFile(file)) return;
        try {
            files.add(new CopiedFile(path, file, Files.size(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    static String oneLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
