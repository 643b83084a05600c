package dev.understudy.trace;

/**
 * Where a device key for the spool is kept: a 0600 file ({@link FileKeyStore}) or the desktop's
 * Secret Service ({@link SecretServiceKeyStore}). A store hands out raw 32-byte AES keys; it never
 * prints them.
 */
public interface DeviceKeyStore {
    /** The name recorded in a data directory's {@value SpoolCipher#STORE_MARKER}: {@code file} or {@code secret-service}. */
    String kind();

    /** Where the key is, for messages (never the key itself). */
    String describe();

    /**
     * The key with this id, or when {@code keyId} is null this device's key; null when the store
     * holds none. Throws {@link KeyStoreUnavailableException} when the store cannot be asked.
     */
    byte[] find(String keyId);

    /** Keeps a new key (with its id); throws TraceException when that fails. */
    void save(byte[] key, String keyId);
}
