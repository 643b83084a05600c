package dev.understudy.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest of the spool: AES-256-GCM with a per-device key.
 *
 * <p>The key is 32 random bytes kept outside the data directory, so a copy of the data directory
 * alone reveals nothing: either in a file only its owner can read (0600, directory 0700) —
 * {@code $UNDERSTUDY_KEY_FILE}, else {@code $XDG_CONFIG_HOME/understudy/device.key}, else
 * {@code ~/.config/understudy/device.key} — or in the desktop's Secret Service (see
 * {@link DeviceKeys} for which). A data directory whose spool is encrypted holds {@value #MARKER}
 * with the key's id and {@value #STORE_MARKER} with the store that keeps it, and a reader that
 * lacks that key says so in one line.
 *
 * <p>A sealed payload is {@code key id (8) | nonce (12) | ciphertext | GCM tag (16)}; the
 * caller's associated data (e.g. the block header) is authenticated with it, so any change to
 * either is detected. Thread-safe.
 */
public final class SpoolCipher {
    public static final String MARKER = "spool-key.id";
    /** Non-secret: which store keeps the key ({@code file} or {@code secret-service}); absent means file. */
    public static final String STORE_MARKER = "spool-key.store";
    static final int ID_BYTES = 8;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    /** Bytes a sealed payload adds to its plaintext. */
    public static final int OVERHEAD = ID_BYTES + NONCE_BYTES + TAG_BITS / 8;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<Path, SpoolCipher> BY_KEY_FILE = new ConcurrentHashMap<>();

    private final SecretKeySpec key;
    private final byte[] id;
    private final DeviceKeyStore store;

    SpoolCipher(byte[] key, DeviceKeyStore store) {
        this.key = new SecretKeySpec(key, "AES");
        this.store = store;
        this.id = idBytes(key);
    }

    private static byte[] idBytes(byte[] key) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key), ID_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String idOf(byte[] key) {
        return HexFormat.of().formatHex(idBytes(key));
    }

    /** The device key file (see the class comment); it may not exist yet. */
    public static Path defaultKeyFile() {
        return DeviceKeys.keyFile(System.getenv());
    }

    /**
     * This device's key in the store the environment's setting picks ({@link DeviceKeys#choose}),
     * made there on first use. A data directory's own record wins: see {@link #prepare}.
     */
    public static SpoolCipher deviceKey() {
        DeviceKeys keys = DeviceKeys.system();
        return keys.deviceKey(keys.choose(null));
    }

    /**
     * At recorder start: the key for this data directory, which is made encrypted if it is not yet
     * ({@code keyStore}: the policy's key_store, or null).
     */
    public static SpoolCipher prepare(Path dataRoot, String keyStore) {
        return DeviceKeys.system().prepare(dataRoot, keyStore);
    }

    /** The key in this file, created (0600) when there is none. */
    public static SpoolCipher loadOrCreate(Path keyFile) {
        Path f = keyFile.toAbsolutePath().normalize();
        SpoolCipher c = BY_KEY_FILE.get(f);
        if (c != null) return c;
        synchronized (SpoolCipher.class) {
            c = BY_KEY_FILE.get(f);
            if (c != null) return c;
            FileKeyStore store = new FileKeyStore(f);
            byte[] k = store.find(null);
            if (k == null) {
                k = new byte[32];
                RANDOM.nextBytes(k);
                k = store.create(k);
            }
            c = new SpoolCipher(k, store);
            BY_KEY_FILE.put(f, c);
            return c;
        }
    }

    /** The key in this file, or null when there is none. */
    public static SpoolCipher load(Path keyFile) {
        FileKeyStore store = new FileKeyStore(keyFile);
        byte[] k = store.find(null);
        return k == null ? null : new SpoolCipher(k, store);
    }

    /** Marks a data directory's spool as encrypted with this key (new sessions are then sealed). */
    public void enable(Path dataRoot) {
        try {
            Files.createDirectories(dataRoot);
            Path st = dataRoot.resolve(STORE_MARKER);
            String kind = store.kind() + "\n";
            if (!Files.isRegularFile(st) || !Files.readString(st, StandardCharsets.UTF_8).equals(kind)) {
                Files.writeString(st, kind, StandardCharsets.UTF_8);
            }
            Path m = dataRoot.resolve(MARKER);
            String want = keyId() + "\n";
            if (Files.isRegularFile(m) && Files.readString(m, StandardCharsets.UTF_8).equals(want)) return;
            Files.writeString(m, want, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TraceException("cannot mark " + dataRoot + " as encrypted: " + e.getMessage(), e);
        }
    }

    /**
     * The cipher that seals new data in this data directory: null when its spool is not encrypted
     * (no {@value #MARKER}), else the key from the store it records.
     */
    public static SpoolCipher forWriting(Path dataRoot) {
        return DeviceKeys.system().forWriting(dataRoot);
    }

    /** The device key file's key for reading sealed data, or null when this device has none. */
    public static SpoolCipher forReading() {
        return DeviceKeys.system().forReading(null);
    }

    /**
     * The key for reading this data directory's sealed data: from the store it records; null when
     * that is the file and there is none; KeyStoreUnavailableException when the Secret Service is
     * recorded and does not answer or lacks the key.
     */
    public static SpoolCipher forReading(Path dataRoot) {
        return DeviceKeys.system().forReading(dataRoot);
    }

    static String markedId(Path dataRoot) {
        try {
            return Files.readString(dataRoot.resolve(MARKER), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        }
    }

    public String keyId() {
        return HexFormat.of().formatHex(id);
    }

    /** The key file, or null when the key is not kept in a file. */
    public Path keyFile() {
        return store instanceof FileKeyStore f ? f.file() : null;
    }

    /** The store that keeps this key. */
    public DeviceKeyStore store() {
        return store;
    }

    /** Seals {@code plain[off, off+len)}; {@code aad} is authenticated but not stored. */
    public byte[] seal(byte[] plain, int off, int len, byte[] aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            if (aad != null) c.updateAAD(aad);
            byte[] out = new byte[ID_BYTES + NONCE_BYTES + c.getOutputSize(len)];
            System.arraycopy(id, 0, out, 0, ID_BYTES);
            System.arraycopy(nonce, 0, out, ID_BYTES, NONCE_BYTES);
            c.doFinal(plain, off, len, out, ID_BYTES + NONCE_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new TraceException("cannot encrypt: " + e.getMessage(), e);
        }
    }

    public byte[] seal(byte[] plain, byte[] aad) {
        return seal(plain, 0, plain.length, aad);
    }

    /** Opens a sealed payload; throws TraceException when it is not this key's or was changed. */
    public byte[] open(byte[] sealed, int off, int len, byte[] aad) {
        if (len < OVERHEAD) throw new TraceException("encrypted payload is too short");
        if (!Arrays.equals(sealed, off, off + ID_BYTES, id, 0, ID_BYTES)) {
            throw new TraceException("encrypted with device key " + HexFormat.of().formatHex(sealed, off, off + ID_BYTES)
                    + ", not this device's key " + keyId() + " (" + store.describe() + ")");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, off + ID_BYTES, NONCE_BYTES));
            if (aad != null) c.updateAAD(aad);
            return c.doFinal(sealed, off + ID_BYTES + NONCE_BYTES, len - ID_BYTES - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new TraceException("encrypted payload fails authentication (damaged or altered)", e);
        }
    }

    public byte[] open(byte[] sealed, byte[] aad) {
        return open(sealed, 0, sealed.length, aad);
    }

    /** The key id a sealed payload names. */
    public static String keyIdOf(byte[] sealed, int off) {
        return HexFormat.of().formatHex(sealed, off, off + ID_BYTES);
    }

    static byte[] aad(String label, int... values) {
        ByteBuffer b = ByteBuffer.allocate(label.length() + 4 * values.length);
        b.put(label.getBytes(StandardCharsets.US_ASCII));
        for (int v : values) b.putInt(v);
        return b.array();
    }
}
