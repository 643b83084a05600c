package dev.understudy.trace;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The device key as 32 bytes in a file only its owner can read (0600, its directory 0700). A file
 * holds one key, so {@link #find} ignores the id (the caller compares it).
 */
public final class FileKeyStore implements DeviceKeyStore {
    public static final String KIND = "file";
    private final Path file;

    public FileKeyStore(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    public Path file() {
        return file;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public byte[] find(String keyId) {
        if (!Files.isRegularFile(file)) return null;
        try {
            byte[] k = Files.readAllBytes(file);
            if (k.length != 32) throw new TraceException("device key " + file + " is damaged (" + k.length + " bytes, expected 32)");
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                    Files.setPosixFilePermissions(file, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
                }
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: nothing to tighten
            }
            return k;
        } catch (IOException e) {
            throw new TraceException("cannot read device key " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the key through a private temporary file and a move that never replaces a key another
     * process created meanwhile; then that other key is the one to use, and this returns it.
     */
    byte[] create(byte[] key) {
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE));
            } catch (UnsupportedOperationException | IOException e) {
                // best effort: the file itself is 0600
            }
            Path tmp = dir.resolve(file.getFileName() + ".tmp" + ProcessHandle.current().pid());
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE)));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.write(tmp, key, StandardOpenOption.WRITE);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp);
                return find(null);
            }
            return key;
        } catch (IOException e) {
            throw new TraceException("cannot create the device key " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void save(byte[] key, String keyId) {
        byte[] kept = create(key);
        if (!java.util.Arrays.equals(kept, key)) {
            throw new TraceException("device key " + file + " appeared while this one was being created; try again");
        }
    }
}
