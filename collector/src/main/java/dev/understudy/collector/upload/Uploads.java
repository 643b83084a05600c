package dev.understudy.collector.upload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.understudy.collector.ApiException;
import dev.understudy.collector.api.Chunks;
import dev.understudy.collector.api.Messages.FileEntry;
import dev.understudy.collector.api.Messages.SessionCommit;
import dev.understudy.collector.api.Messages.SessionInfo;
import dev.understudy.collector.api.Wire;
import dev.understudy.collector.blob.BlobStore;
import dev.understudy.collector.crypto.Aead;
import dev.understudy.collector.crypto.MasterKey;
import dev.understudy.collector.crypto.ServerKeys;
import dev.understudy.collector.store.Metadata;
import dev.understudy.collector.store.Metadata.Device;
import dev.understudy.collector.store.Metadata.SessionRow;
import dev.understudy.collector.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Chunks and sessions: what a person's space lacks, storing a chunk (sealed with the person's data
 * key, durable before its row), committing a session, reading a session back (materialize), and
 * erasing a person.
 */
public final class Uploads {
    private static final Pattern FILE = Pattern.compile(Wire.FILE_PATH);
    private static final Pattern SESSION = Pattern.compile(Wire.SESSION_ID);
    private static final TypeReference<List<FileEntry>> FILES = new TypeReference<>() {};

    private final Metadata md;
    private final BlobStore blobs;
    private final MasterKey master;

    public Uploads(Metadata md, BlobStore blobs, MasterKey master) {
        this.md = md;
        this.blobs = blobs;
        this.master = master;
    }

    public BlobStore blobs() {
        return blobs;
    }

    /** The person's data key; 403 when the person was erased. */
    byte[] personKey(String person) {
        String wrapped = md.store().tx(c -> Store.one(c, rs -> rs.getString(1), "SELECT wrapped_key FROM persons WHERE id = ?", person));
        if (wrapped == null) throw new ApiException(403, "this person's data was erased on the collector: enroll again");
        return ServerKeys.unwrapPersonKey(master, person, wrapped);
    }

    static String aad(String person, String id) {
        return "chunk:" + person + ":" + id;
    }

    public List<String> missing(String person, List<String> ids) {
        if (ids == null) throw new ApiException(400, "chunks is required");
        if (ids.size() > Wire.MAX_IDS) throw new ApiException(413, "more than " + Wire.MAX_IDS + " chunk ids in one question");
        for (String id : ids) if (!Chunks.isId(id)) throw new ApiException(400, "not a chunk id (64 lowercase hex digits)");
        Map<String, Long> have = md.store().tx(c -> Store.chunkSizes(c, person, ids));
        List<String> out = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) if (!have.containsKey(id)) out.add(id);
        return out;
    }

    /** Stores a chunk whose id was checked; false when the person's space had it already. */
    public boolean putChunk(Device d, String id, byte[] bytes) throws IOException {
        if (!Chunks.isId(id)) throw new ApiException(404, "not a chunk id");
        if (!Chunks.id(bytes).equals(id)) throw new ApiException(422, "chunk bytes do not match their id (sha256): nothing was stored");
        String person = d.person();
        boolean have = md.store().tx(c -> !Store.chunkSizes(c, person, List.of(id)).isEmpty());
        if (have) return false;
        byte[] sealed = Aead.seal(personKey(person), aad(person, id), bytes);
        blobs.put(BlobStore.chunkKey(person, id), sealed); // durable before the row, and before the answer
        try {
            md.store().tx(c -> Store.update(c, "INSERT INTO chunks (person, id, size, device, stored_at) VALUES (?, ?, ?, ?, ?)", person, id,
                    (long) bytes.length, d.id(), System.currentTimeMillis()));
            return true;
        } catch (RuntimeException e) {
            if (Store.isDuplicate(e)) return false;
            throw e;
        }
    }

    public SessionInfo commit(Device d, String session, SessionCommit body) {
        if (!SESSION.matcher(session).matches()) throw new ApiException(404, "not a session id");
        if (body == null) throw new ApiException(400, "a commit needs session, manifest and files");
        if (!session.equals(body.session())) throw new ApiException(422, "the body's session (" + clip(body.session()) + ") is not the one in the path");
        if (body.manifest() == null || !body.manifest().isObject()) throw new ApiException(422, "manifest must be a JSON object");
        if (body.files() == null || body.files().isEmpty()) throw new ApiException(422, "files must list the session's files");
        Set<String> paths = new HashSet<>();
        List<String> all = new ArrayList<>();
        for (FileEntry f : body.files()) {
            if (f == null || f.path() == null || !FILE.matcher(f.path()).matches()) {
                throw new ApiException(422, "not a path of a portable session copy: " + clip(f == null ? null : f.path()));
            }
            if (!paths.add(f.path())) throw new ApiException(422, "file listed twice: " + f.path());
            if (f.size() < 0) throw new ApiException(422, "negative size for " + f.path());
            if (f.chunks() == null) throw new ApiException(422, "no chunks for " + f.path());
            for (String id : f.chunks()) {
                if (!Chunks.isId(id)) throw new ApiException(422, "not a chunk id in " + f.path());
                all.add(id);
            }
            if (all.size() > Wire.MAX_IDS) throw new ApiException(413, "more than " + Wire.MAX_IDS + " chunks in one commit");
        }
        String person = d.person();
        Map<String, Long> sizes = md.store().tx(c -> Store.chunkSizes(c, person, all));
        List<String> missing = new ArrayList<>();
        for (String id : new LinkedHashSet<>(all)) if (!sizes.containsKey(id)) missing.add(id);
        if (!missing.isEmpty()) throw new ApiException(409, missing.size() + " chunks are missing: upload them first", missing);
        long total = 0;
        for (FileEntry f : body.files()) {
            long sum = 0;
            for (String id : f.chunks()) sum += sizes.get(id);
            if (sum != f.size()) throw new ApiException(422, f.path() + ": size " + f.size() + " is not the sum of its chunks (" + sum + ")");
            total += sum;
        }
        String files;
        String manifest;
        try {
            files = Wire.MAPPER.writeValueAsString(body.files());
            manifest = Wire.MAPPER.writeValueAsString(body.manifest());
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "cannot read the commit");
        }
        long now = System.currentTimeMillis();
        long bytes = total;
        try {
            SessionRow had = md.store().tx(c -> {
                SessionRow r = md.session(c, d.id(), session);
                if (r == null) {
                    Long erased = Store.one(c, rs -> rs.getLong(1), "SELECT erased_at FROM tombstones WHERE device = ? AND session = ?", d.id(), session);
                    if (erased != null) {
                        throw new ApiException(410, "session " + session + " was erased on "
                                + java.time.format.DateTimeFormatter.ISO_LOCAL_DATE.withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(erased))
                                + ": it is not taken again");
                    }
                    Store.update(c, "INSERT INTO sessions (device, session, person, manifest, files, bytes, committed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            d.id(), session, person, manifest, files, bytes, now);
                }
                return r;
            });
            if (had == null) return new SessionInfo(session, d.id(), bytes, now, true);
            return same(had, files, d, session);
        } catch (RuntimeException e) {
            if (!Store.isDuplicate(e)) throw e;
            SessionRow r = md.store().tx(c -> md.session(c, d.id(), session));
            return same(r, files, d, session);
        }
    }

    private static SessionInfo same(SessionRow had, String files, Device d, String session) {
        if (had.files().equals(files)) return new SessionInfo(session, d.id(), had.bytes(), had.committedAt(), false);
        throw new ApiException(409, "session " + session + " was already committed with other files");
    }

    static String clip(String s) {
        if (s == null) return "null";
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }

    /** One stored chunk, opened with its person's key. */
    public byte[] chunk(String person, String id) throws IOException {
        byte[] sealed = blobs.get(BlobStore.chunkKey(person, id));
        if (sealed == null) throw new IOException("chunk " + id + " of person " + person + " is missing from the blob store");
        return Aead.open(personKey(person), aad(person, id), sealed);
    }

    public static List<FileEntry> files(SessionRow r) {
        try {
            return Wire.MAPPER.readValue(r.files(), FILES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the files of session " + r.session() + " cannot be read", e);
        }
    }

    /**
     * Writes a committed session's portable copy as a data directory at {@code into}:
     * {@code into/sessions/<id>/...} and {@code into/tiles/pack-NNNNNN.utp}.
     */
    public Path materialize(SessionRow r, Path into) throws IOException {
        Path sessionDir = into.resolve("sessions").resolve(r.session());
        Files.createDirectories(sessionDir);
        boolean manifest = false;
        for (FileEntry f : files(r)) {
            if (!FILE.matcher(f.path()).matches()) throw new IllegalStateException("stored path " + f.path() + " is not a portable path");
            Path target = f.path().startsWith("tiles/") ? into.resolve(f.path()) : sessionDir.resolve(f.path());
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                for (String id : f.chunks()) out.write(chunk(r.person(), id));
            }
            if (Files.size(tmp) != f.size()) throw new IOException(f.path() + " came out with " + Files.size(tmp) + " bytes instead of " + f.size());
            if (f.path().startsWith("tiles/") && Files.exists(target) && Files.mismatch(tmp, target) != -1) {
                Files.delete(tmp);
                throw new IOException(into + " already holds a different " + f.path() + " (materialize each device's sessions into its own directory)");
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            if (f.path().equals("manifest.json")) manifest = true;
        }
        if (!manifest) Files.writeString(sessionDir.resolve("manifest.json"), r.manifest());
        return sessionDir;
    }

    /** Crypto-shreds a person: their data key goes first (nothing of theirs can be opened after), then rows and blobs, best effort. */
    public void erasePerson(String person) throws IOException {
        if (person == null || !person.matches("[0-9a-f]{16,64}")) throw new IllegalArgumentException("not a person id");
        boolean existed = md.store().tx(c -> Store.update(c, "DELETE FROM persons WHERE id = ?", person)) > 0;
        md.store().tx(c -> {
            Store.update(c, "UPDATE devices SET state = 'revoked' WHERE person = ? AND state = 'active'", person);
            Store.update(c, "DELETE FROM sessions WHERE person = ?", person);
            Store.update(c, "DELETE FROM chunks WHERE person = ?", person);
            Store.update(c, "DELETE FROM exemptions WHERE person = ?", person);
            return null;
        });
        blobs.deletePrefix("chunks/" + person + "/");
        if (!existed) throw new IllegalArgumentException("no person " + person + " (nothing left to erase)");
    }

    public Device device(String id) {
        return md.device(id);
    }
}
