package dev.understudy.collector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.collector.crypto.FileBlobSync;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** A server data directory's {@code server.json}: where its database and blobs are, so admin commands find them. */
public record ServerDir(String db, String blobs) {
    public static final String FILE = "server.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static String defaultDb(Path dir) {
        return "jdbc:sqlite:" + dir.toAbsolutePath().normalize().resolve("collector.db");
    }

    public static String defaultBlobs(Path dir) {
        return dir.toAbsolutePath().normalize().resolve("blobs").toUri().toString();
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public static ServerDir read(Path dir) {
        Path f = dir.resolve(FILE);
        try {
            ServerDir s = JSON.readValue(f.toFile(), ServerDir.class);
            if (s.db() == null || s.blobs() == null) throw new IllegalStateException(f + " lacks db or blobs");
            return s;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(f + " is not a collector's server.json: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** Writes server.json (0600) atomically. */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(FILE + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
            }
            FileBlobSync.fsyncDir(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }
}
