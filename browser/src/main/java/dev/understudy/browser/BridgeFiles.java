package dev.understudy.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The bridge's directory and pairing key. The directory is created 0700 and must belong to the
 * current user, so no other local user can reach the socket inside it; the key file is 0600.
 */
public final class BridgeFiles {
    private static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString("rw-------");

    private BridgeFiles() {}

    /** Creates {@code dir} (and parents) if needed and makes it 0700; refuses a directory of another user. */
    public static Path secureDir(Path dir) {
        try {
            if (Files.isSymbolicLink(dir)) throw new BridgeException(dir + " is a symbolic link; the browser bridge needs a real directory");
            Files.createDirectories(dir);
            String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
            String me = System.getProperty("user.name");
            if (me != null && !me.equals(owner)) {
                throw new BridgeException(dir + " belongs to " + owner + ", not to " + me + "; the browser bridge will not use it");
            }
            Files.setPosixFilePermissions(dir, DIR_PERMS);
            return dir;
        } catch (UnsupportedOperationException e) {
            return dir; // not a POSIX file system (Windows): the OS ACLs of the profile apply
        } catch (IOException e) {
            throw new BridgeException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The pairing key of this data directory, created (64 hex digits, 0600) when missing. */
    public static String loadOrCreateKey(Path bridgeDir) {
        secureDir(bridgeDir);
        Path file = bridgeDir.resolve(BridgeProtocol.PAIRING_KEY);
        String key = readKey(bridgeDir);
        if (key != null) return key;
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        key = HexFormat.of().formatHex(raw);
        try {
            Path tmp = Files.createTempFile(bridgeDir, "pairing", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, FILE_PERMS);
            } catch (UnsupportedOperationException ignored) {
                // not POSIX
            }
            Files.writeString(tmp, key + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new BridgeException("cannot write " + file + ": " + e.getMessage(), e);
        }
        String back = readKey(bridgeDir);
        return back != null ? back : key;
    }

    /** The pairing key, or null when there is none (or it is malformed). */
    public static String readKey(Path bridgeDir) {
        Path file = bridgeDir.resolve(BridgeProtocol.PAIRING_KEY);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return null;
            String k = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return k.matches("[0-9a-f]{64}") ? k : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Constant-time comparison of two keys. */
    public static boolean sameKey(String a, String b) {
        if (a == null || b == null) return false;
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
