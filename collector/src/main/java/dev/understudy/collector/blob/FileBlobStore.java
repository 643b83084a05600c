package dev.understudy.collector.blob;

import dev.understudy.collector.crypto.FileBlobSync;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Blobs as files under one directory: written to a temporary file, fsynced, renamed, directory fsynced. */
public final class FileBlobStore implements BlobStore {
    private final Path root;

    public FileBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    private Path path(String key) {
        if (!key.matches("[a-z]+(/[0-9a-f]{2,64})+")) throw new IllegalArgumentException("bad blob key");
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root)) throw new IllegalArgumentException("bad blob key");
        return p;
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        Path p = path(key);
        Path dir = p.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            // make the new directories durable up to the root
            for (Path d = dir.getParent(); d != null && d.startsWith(root.getParent() == null ? root : root.getParent()); d = d.getParent()) FileBlobSync.fsyncDir(d);
        }
        Path tmp = dir.resolve("." + p.getFileName() + "." + Thread.currentThread().getId() + "." + System.nanoTime() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) ch.write(b);
                ch.force(true);
            }
            try {
                Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
            }
            FileBlobSync.fsyncDir(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        try {
            return Files.readAllBytes(path(key));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(path(key));
    }

    @Override
    public void deletePrefix(String prefix) throws IOException {
        String k = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        Path p = path(k);
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }

    @Override
    public String uri() {
        return root.toUri().toString();
    }
}
