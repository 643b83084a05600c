package dev.understudy.collector.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * The server's master key: 32 random bytes in {@code DATA/keys/master.key} (0600), or in the file
 * named by {@code UNDERSTUDY_MASTER_KEY_FILE}. It seals the server's secrets in the database and
 * wraps every person's data key; replicas over one database need a copy of the same file.
 */
public final class MasterKey {
    public static final String ENV = "UNDERSTUDY_MASTER_KEY_FILE";
    private final byte[] key;
    private final Path file;

    private MasterKey(byte[] key, Path file) {
        this.key = key;
        this.file = file;
    }

    public static Path location(Path dataDir) {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) return Path.of(env);
        return dataDir.resolve("keys").resolve("master.key");
    }

    /** Reads the master key; creates it when {@code create} and it does not exist. */
    public static MasterKey load(Path dataDir, boolean create) {
        Path f = location(dataDir);
        try {
            if (!Files.exists(f)) {
                if (!create) throw new IllegalStateException("no master key at " + f + " (copy it from the first server, or set " + ENV + ")");
                Path dir = f.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                try {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                Path tmp = dir.resolve("master.key." + ProcessHandle.current().pid() + ".tmp");
                byte[] k = Aead.randomKey();
                Files.deleteIfExists(tmp);
                try {
                    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(tmp);
                }
                try (var ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.write(java.nio.ByteBuffer.wrap(k));
                    ch.force(true);
                }
                try {
                    // never replaces a key another process made meanwhile
                    Files.createLink(f, tmp);
                } catch (FileAlreadyExistsException e) {
                    // someone else won: use theirs
                } catch (UnsupportedOperationException | IOException e) {
                    if (!Files.exists(f)) {
                        try {
                            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
                        } catch (AtomicMoveNotSupportedException e2) {
                            Files.move(tmp, f);
                        }
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
                FileBlobSync.fsyncDir(dir);
            }
            byte[] k = Files.readAllBytes(f);
            if (k.length != 32) {
                // also accepted: the 32 bytes as base64 text (easier to paste into a secret store)
                try {
                    k = Base64.getDecoder().decode(new String(k, java.nio.charset.StandardCharsets.US_ASCII).strip());
                } catch (IllegalArgumentException e) {
                    k = new byte[0];
                }
            }
            if (k.length != 32) throw new IllegalStateException("master key " + f + " is not 32 bytes (raw, or base64 text)");
            return new MasterKey(k, f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the master key " + f + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public byte[] seal(String aad, byte[] plain) {
        return Aead.seal(key, "master:" + aad, plain);
    }

    public byte[] open(String aad, byte[] sealed) {
        return Aead.open(key, "master:" + aad, sealed);
    }
}
