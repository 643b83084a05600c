package dev.understudy.uploader;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.collector.api.Chunks;
import dev.understudy.collector.api.Messages;
import dev.understudy.collector.api.Wire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's portable copy cut into chunks of {@link Wire#CHUNK_BYTES} (the last piece of each file
 * shorter), each named by {@link Chunks#id}: the files of a {@link Messages.SessionCommit} in the
 * copy's fixed order, and where each distinct chunk's bytes are.
 */
public final class SessionChunks {
    /** Where a chunk's bytes are: {@code length} bytes of {@code file} from {@code offset}. */
    public record Chunk(String id, Path file, long offset, int length) {}

    private final String session;
    private final JsonNode manifest;
    private final List<Messages.FileEntry> files;
    private final Map<String, Chunk> chunks;

    private SessionChunks(String session, JsonNode manifest, List<Messages.FileEntry> files, Map<String, Chunk> chunks) {
        this.session = session;
        this.manifest = manifest;
        this.files = List.copyOf(files);
        this.chunks = chunks;
    }

    /** Cuts the files of a copy. */
    public static SessionChunks of(SessionCopy copy) {
        return of(copy.session(), copy.manifest(), copy.files(), Wire.CHUNK_BYTES);
    }

    /** Cuts {@code files} into pieces of {@code chunkBytes}. */
    public static SessionChunks of(String session, JsonNode manifest, List<SessionCopy.CopiedFile> files, int chunkBytes) {
        if (chunkBytes <= 0 || chunkBytes > Wire.MAX_CHUNK_BYTES) throw new IllegalArgumentException("chunk size " + chunkBytes);
        List<Messages.FileEntry> entries = new ArrayList<>();
        Map<String, Chunk> chunks = new LinkedHashMap<>();
        byte[] buf = new byte[chunkBytes];
        for (SessionCopy.CopiedFile f : files) {
            List<String> ids = new ArrayList<>();
            long size = 0;
            try (FileChannel ch = FileChannel.open(f.file(), StandardOpenOption.READ)) {
                long off = 0;
                while (true) {
                    int n = readFully(ch, buf, off);
                    if (n == 0) break;
                    String id = Chunks.id(buf, 0, n);
                    ids.add(id);
                    chunks.putIfAbsent(id, new Chunk(id, f.file(), off, n));
                    off += n;
                    if (n < chunkBytes) break;
                }
                size = off;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f.file() + ": " + e.getMessage(), e);
            }
            entries.add(new Messages.FileEntry(f.path(), size, ids));
        }
        return new SessionChunks(session, manifest, entries, chunks);
    }

    private static int readFully(FileChannel ch, byte[] buf, long off) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf);
        while (b.hasRemaining()) {
            int n = ch.read(b, off + b.position());
            if (n < 0) break;
        }
        return b.position();
    }

    public List<Messages.FileEntry> files() {
        return files;
    }

    /** Distinct chunks, in the order the files first name them. */
    public List<Chunk> chunks() {
        return List.copyOf(chunks.values());
    }

    public Chunk chunk(String id) {
        return chunks.get(id);
    }

    /** Bytes of all files (chunks shared by several places counted each time). */
    public long bytes() {
        long n = 0;
        for (Messages.FileEntry f : files) n += f.size();
        return n;
    }

    /** The commit that names these files. */
    public Messages.SessionCommit commit() {
        return new Messages.SessionCommit(session, manifest, files);
    }

    /** A chunk's bytes, checked against its id (the copy must not change under the upload). */
    public static byte[] read(Chunk c) {
        byte[] b = new byte[c.length()];
        try (FileChannel ch = FileChannel.open(c.file(), StandardOpenOption.READ)) {
            int n = readFully(ch, b, c.offset());
            if (n != c.length()) throw new IOException("file shorter than when it was cut");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chunk " + c.id() + " of " + c.file() + ": " + e.getMessage(), e);
        }
        if (!Chunks.id(b).equals(c.id())) throw new IllegalStateException("chunk " + c.id() + " of " + c.file() + " changed since it was cut");
        return b;
    }
}
