package dev.understudy.collector.blob;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Where sealed chunk bytes live. Keys are made by the server only ({@code chunks/<person>/<id>},
 * both validated hex), never from a client's string. {@link #put} returns only once the bytes are
 * durable (fsynced file, or a finished S3 PUT).
 */
public interface BlobStore extends AutoCloseable {
    void put(String key, byte[] bytes) throws IOException;

    /** The bytes, or null when there is no such blob. */
    byte[] get(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** Deletes; no error when absent. */
    void delete(String key) throws IOException;

    /** Deletes every blob whose key starts with {@code prefix} (ending in '/'). */
    void deletePrefix(String prefix) throws IOException;

    /** The URI that opens this store again (for server.json; may carry credentials only if it was given with them). */
    String uri();

    @Override
    default void close() {}

    /** The key of a chunk; both parts are validated hex. */
    static String chunkKey(String person, String chunkId) {
        if (!person.matches("[0-9a-f]{16,64}") || !chunkId.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("bad chunk key");
        return "chunks/" + person + "/" + chunkId.substring(0, 2) + "/" + chunkId;
    }

    /** Opens {@code file:PATH} (or a plain path) or {@code s3://BUCKET?endpoint=...}. */
    static BlobStore open(String uri, Path base) {
        if (uri.startsWith("s3://")) return S3BlobStore.open(URI.create(uri));
        Path p = uri.startsWith("file:") ? Path.of(URI.create(uri)) : base.resolve(uri);
        return new FileBlobStore(p);
    }
}
