package dev.understudy.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which store keeps a spool's key, and the keys themselves, for one environment.
 *
 * <p>The setting ({@code key_store} in the policy, else {@code $UNDERSTUDY_KEY_STORE}, else
 * {@code auto}) picks the store of a <em>new</em> encrypted data directory: {@code file} is the
 * 0600 key file ({@link SpoolCipher#defaultKeyFile()}), {@code secret-service} the desktop keyring
 * (an error when it does not answer), {@code auto} the keyring when a session bus is there and the
 * service answers within the timeout and no {@code $UNDERSTUDY_KEY_FILE} is set, else the file.
 * The choice is recorded in the data directory ({@value SpoolCipher#STORE_MARKER}, next to
 * {@value SpoolCipher#MARKER}); from then on that record wins over the setting, so a later run or
 * an export looks in the same place, and fails in one line when that store is unavailable rather
 * than making a new key. A data directory without the record is an older spool: its key is the file.
 */
public final class DeviceKeys {
    public static final String ENV_STORE = "UNDERSTUDY_KEY_STORE";
    public static final String AUTO = "auto";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile DeviceKeys system = new DeviceKeys(System.getenv(), DEFAULT_TIMEOUT);

    private final Map<String, String> env;
    private final FileKeyStore file;
    private final SecretServiceKeyStore secretService;
    private final Map<String, SpoolCipher> cache = new ConcurrentHashMap<>();

    public DeviceKeys(Map<String, String> env, Duration timeout) {
        this.env = Map.copyOf(env);
        this.file = new FileKeyStore(keyFile(this.env));
        this.secretService = new SecretServiceKeyStore(this.env, timeout);
    }

    /** The keys of this process's environment. */
    public static DeviceKeys system() {
        return system;
    }

    /**
     * Makes {@code keys} this process's keys (as if the process had started with its environment);
     * returns the previous ones. For tests that run the real code path against a private keyring.
     */
    static DeviceKeys replaceSystem(DeviceKeys keys) {
        DeviceKeys old = system;
        system = keys;
        return old;
    }

    static Path keyFile(Map<String, String> env) {
        String f = env.get("UNDERSTUDY_KEY_FILE");
        if (f != null && !f.isBlank()) return Path.of(f);
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return base.resolve("understudy").resolve("device.key");
    }

    public FileKeyStore fileStore() {
        return file;
    }

    public SecretServiceKeyStore secretService() {
        return secretService;
    }

    /** A setting's canonical name; TraceException for an unknown one. */
    public static String normalize(String setting) {
        if (setting == null || setting.isBlank()) return AUTO;
        String s = setting.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        if (s.equals(AUTO) || s.equals(FileKeyStore.KIND) || s.equals(SecretServiceKeyStore.KIND)) return s;
        throw new TraceException("unknown key store '" + setting + "' (use auto, file or secret-service)");
    }

    /** The store a new spool gets: {@code policySetting} unless null or auto, else the environment's setting. */
    public DeviceKeyStore choose(String policySetting) {
        String s = normalize(policySetting);
        if (s.equals(AUTO)) s = normalize(env.get(ENV_STORE));
        switch (s) {
            case FileKeyStore.KIND:
                return file;
            case SecretServiceKeyStore.KIND: {
                String why = secretService.unavailableReason();
                if (why != null) throw new KeyStoreUnavailableException("key_store is secret-service, but " + why);
                return secretService;
            }
            default: {
                String explicitFile = env.get("UNDERSTUDY_KEY_FILE");
                if (explicitFile != null && !explicitFile.isBlank()) return file;
                return secretService.available() ? secretService : file;
            }
        }
    }

    /** This device's key in a store, made there on first use. */
    public SpoolCipher deviceKey(DeviceKeyStore store) {
        String cacheKey = store.kind() + ":" + store.describe();
        SpoolCipher c = cache.get(cacheKey);
        if (c != null) return c;
        synchronized (this) {
            c = cache.get(cacheKey);
            if (c != null) return c;
            byte[] k = store.find(null);
            if (k == null) {
                k = new byte[32];
                RANDOM.nextBytes(k);
                String id = SpoolCipher.idOf(k);
                if (store instanceof FileKeyStore f) {
                    k = f.create(k); // another process's key when it won the race
                } else {
                    store.save(k, id);
                    byte[] back = store.find(id);
                    if (back == null) throw new KeyStoreUnavailableException("the new device key did not stay in " + store.describe());
                }
            }
            c = new SpoolCipher(k, store);
            cache.put(cacheKey, c);
            cache.put(store.kind() + "#" + c.keyId(), c);
            return c;
        }
    }

    /** The key with this id in a store, or null when the store does not hold it. */
    SpoolCipher keyById(DeviceKeyStore store, String id) {
        SpoolCipher c = cache.get(store.kind() + "#" + id);
        if (c != null) return c;
        byte[] k = store.find(id);
        if (k == null) return null;
        c = new SpoolCipher(k, store);
        if (!c.keyId().equals(id)) return null; // a file holds one key, maybe not this one
        cache.put(store.kind() + "#" + id, c);
        return c;
    }

    /**
     * At recorder start: the key that seals this data directory's new sessions, made and recorded
     * when the data directory is not encrypted yet (store by the setting), else the recorded one.
     */
    public SpoolCipher prepare(Path dataRoot, String policySetting) {
        if (Files.isRegularFile(dataRoot.resolve(SpoolCipher.MARKER))) return forWriting(dataRoot);
        SpoolCipher c = deviceKey(choose(policySetting));
        c.enable(dataRoot);
        return c;
    }

    /** The store recorded for a data directory: {@code file} when none is (older spools). */
    public static String recordedStore(Path dataRoot) {
        Path m = dataRoot == null ? null : dataRoot.resolve(SpoolCipher.STORE_MARKER);
        if (m == null || !Files.isRegularFile(m)) return FileKeyStore.KIND;
        try {
            String s = Files.readString(m, StandardCharsets.UTF_8).strip();
            if (s.equals(FileKeyStore.KIND) || s.equals(SecretServiceKeyStore.KIND)) return s;
            throw new TraceException("unknown key store '" + s + "' recorded in " + m);
        } catch (IOException e) {
            throw new TraceException("cannot read " + m + ": " + e.getMessage(), e);
        }
    }

    /** The cipher for new data in this data directory: null when its spool is not encrypted. */
    public SpoolCipher forWriting(Path dataRoot) {
        if (dataRoot == null || !Files.isRegularFile(dataRoot.resolve(SpoolCipher.MARKER))) return null;
        String want = SpoolCipher.markedId(dataRoot);
        if (recordedStore(dataRoot).equals(SecretServiceKeyStore.KIND)) return fromSecretService(dataRoot, want);
        SpoolCipher c = deviceKey(file);
        if (want != null && !want.equals(c.keyId())) {
            throw new TraceException("the spool in " + dataRoot + " is encrypted with device key " + want + ", but this device's key ("
                    + file.describe() + ") is " + c.keyId());
        }
        return c;
    }

    /** The key to read this data directory's sealed data, or null when this device has none (file store). */
    public SpoolCipher forReading(Path dataRoot) {
        if (recordedStore(dataRoot).equals(SecretServiceKeyStore.KIND)) return fromSecretService(dataRoot, SpoolCipher.markedId(dataRoot));
        SpoolCipher c = cache.get(FileKeyStore.KIND + ":" + file.describe());
        if (c != null) return c;
        byte[] k = file.find(null);
        if (k == null) return null;
        c = new SpoolCipher(k, file);
        cache.put(FileKeyStore.KIND + ":" + file.describe(), c);
        return c;
    }

    private SpoolCipher fromSecretService(Path dataRoot, String id) {
        if (id == null || id.isBlank()) throw new TraceException("the spool in " + dataRoot + " names no key id (" + SpoolCipher.MARKER + " is empty)");
        SpoolCipher c;
        try {
            c = keyById(secretService, id);
        } catch (KeyStoreUnavailableException e) {
            throw new KeyStoreUnavailableException("the spool in " + dataRoot + " is encrypted with device key " + id
                    + " kept in the Secret Service, and " + e.getMessage() + " (no new key was made)");
        }
        if (c == null) {
            throw new KeyStoreUnavailableException("the spool in " + dataRoot + " is encrypted with device key " + id
                    + ", which the Secret Service does not hold (another user's or machine's keyring?)");
        }
        return c;
    }
}
