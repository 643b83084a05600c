package dev.understudy.trace;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.model.Manifest;
import dev.understudy.model.RawEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device key in the Secret Service: a real gnome-keyring-daemon on a private session bus (see
 * {@link PrivateKeyring}); the spool is made, written and read through the same calls the recorder
 * and the export use.
 */
@Tag("e2e")
class SecretServiceKeyStoreTest {
    @TempDir Path tmp;
    private DeviceKeys previous;

    /** A fresh process's keys in this environment: nothing cached from an earlier "run". */
    private void newRun(Map<String, String> env) {
        DeviceKeys old = DeviceKeys.replaceSystem(new DeviceKeys(env, Duration.ofSeconds(5)));
        if (previous == null) previous = old;
    }

    @AfterEach
    void restore() {
        if (previous != null) DeviceKeys.replaceSystem(previous);
    }

    @Test
    void aNewSpoolKeepsItsKeyInTheKeyringAndNotInAFile() throws Exception {
        Path root = tmp.resolve("data");
        try (PrivateKeyring keyring = PrivateKeyring.start(tmp.resolve("session"))) {
            newRun(keyring.env());
            SpoolCipher c = SpoolCipher.prepare(root, "auto");
            assertEquals(SecretServiceKeyStore.KIND, c.store().kind());
            assertNull(c.keyFile());
            assertEquals("secret-service", Files.readString(root.resolve(SpoolCipher.STORE_MARKER)).strip());
            assertEquals(c.keyId(), Files.readString(root.resolve(SpoolCipher.MARKER)).strip());
            assertNoKeyFile(keyring);

            // the keyring holds it, under the id the data directory records
            String stored = keyring.run(null, "secret-tool", "lookup", "application", "understudy", "purpose", "spool-encryption",
                    "key-id", c.keyId());
            byte[] key = Base64.getDecoder().decode(stored.strip());
            assertEquals(32, key.length);
            assertEquals(c.keyId(), SpoolCipher.idOf(key));

            writeSession(root, "s1", "zebraword");
            assertSealed(root, "zebraword");

            // a second run: new objects, nothing cached, same keyring
            newRun(keyring.env());
            SessionReader r = DataDir.at(root).open("s1");
            assertTrue(r.problems().isEmpty(), r.problems().toString());
            assertEquals("zebraword", ((RawEvent.KeyDown) r.events().get(0)).ch());
            SpoolCipher again = SpoolCipher.prepare(root, "auto");
            assertEquals(c.keyId(), again.keyId());
            assertEquals(SecretServiceKeyStore.KIND, again.store().kind());
            writeSession(root, "s2", "yakword");
            assertEquals("yakword", ((RawEvent.KeyDown) DataDir.at(root).open("s2").events().get(0)).ch());
            // the recorded store wins over a setting that now says file
            assertEquals(c.keyId(), SpoolCipher.prepare(root, "file").keyId());
            assertNoKeyFile(keyring);
        }
    }

    @Test
    void whenTheRecordedKeyringIsGoneTheSpoolFailsInOneLineAndNoKeyIsMade() throws Exception {
        Path root = tmp.resolve("data");
        Map<String, String> env;
        String keyId;
        try (PrivateKeyring keyring = PrivateKeyring.start(tmp.resolve("session"))) {
            env = keyring.env();
            newRun(env);
            keyId = SpoolCipher.prepare(root, "secret-service").keyId();
            writeSession(root, "s1", "zebraword");
            keyring.stopBus();
            assertNoKeyFile(keyring);
        }
        // the same environment, but the session (bus and keyring) has ended
        newRun(env);
        KeyStoreUnavailableException read = assertThrows(KeyStoreUnavailableException.class, () -> DataDir.at(root).open("s1").events());
        assertOneLine(read.getMessage(), keyId);
        KeyStoreUnavailableException write = assertThrows(KeyStoreUnavailableException.class, () -> SpoolCipher.prepare(root, "auto"));
        assertOneLine(write.getMessage(), keyId);
        assertThrows(KeyStoreUnavailableException.class, () -> SpoolCipher.forWriting(root));
        // no new key anywhere, and the record still names the keyring
        assertFalse(Files.exists(DeviceKeys.keyFile(env)), "a key file was made");
        assertEquals("secret-service", Files.readString(root.resolve(SpoolCipher.STORE_MARKER)).strip());
        assertEquals(keyId, Files.readString(root.resolve(SpoolCipher.MARKER)).strip());

        // without any bus address at all: the same one line
        Map<String, String> noBus = new HashMap<>(env);
        noBus.remove("DBUS_SESSION_BUS_ADDRESS");
        noBus.remove("XDG_RUNTIME_DIR");
        newRun(noBus);
        KeyStoreUnavailableException none = assertThrows(KeyStoreUnavailableException.class, () -> DataDir.at(root).open("s1").events());
        assertOneLine(none.getMessage(), keyId);
        assertTrue(none.getMessage().contains("no D-Bus session bus"), none.getMessage());
    }

    @Test
    void withoutASessionBusAutoUsesTheFileAndSecretServiceSaysWhyNot() throws Exception {
        Map<String, String> env = Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "HOME", tmp.resolve("home").toString(), "XDG_RUNTIME_DIR", tmp.resolve("run").toString());
        newRun(env);
        Path root = tmp.resolve("data");
        TraceException e = assertThrows(KeyStoreUnavailableException.class, () -> SpoolCipher.prepare(root, "secret-service"));
        assertEquals("key_store is secret-service, but the Secret Service is unavailable: no D-Bus session bus"
                + " (DBUS_SESSION_BUS_ADDRESS is not set)", e.getMessage());
        assertFalse(Files.exists(root.resolve(SpoolCipher.MARKER)));
        SpoolCipher c = SpoolCipher.prepare(root, "auto");
        assertEquals(tmp.resolve("home/.config/understudy/device.key"), c.keyFile());
        assertEquals("file", Files.readString(root.resolve(SpoolCipher.STORE_MARKER)).strip());
        writeSession(root, "s1", "zebraword");
        newRun(env);
        assertEquals("zebraword", ((RawEvent.KeyDown) DataDir.at(root).open("s1").events().get(0)).ch());
    }

    @Test
    void anOlderSpoolWithoutAStoreRecordKeepsItsKeyFileEvenWhenTheKeyringIsThere() throws Exception {
        Path root = tmp.resolve("data");
        try (PrivateKeyring keyring = PrivateKeyring.start(tmp.resolve("session"))) {
            Map<String, String> env = keyring.env();
            newRun(env);
            // as an earlier version made it: the key file and only spool-key.id
            SpoolCipher old = SpoolCipher.loadOrCreate(DeviceKeys.keyFile(env));
            Files.createDirectories(root);
            Files.writeString(root.resolve(SpoolCipher.MARKER), old.keyId() + "\n");
            writeSession(root, "s1", "zebraword");
            newRun(env);
            SpoolCipher c = SpoolCipher.prepare(root, "auto");
            assertEquals(old.keyId(), c.keyId());
            assertEquals(FileKeyStore.KIND, c.store().kind());
            assertEquals("zebraword", ((RawEvent.KeyDown) DataDir.at(root).open("s1").events().get(0)).ch());
            PrivateKeyring.Result r = keyring.exec(null, "secret-tool", "lookup", "application", "understudy");
            assertEquals(1, r.exit(), "nothing went into the keyring: " + r.stdout());
        }
    }

    private static void assertOneLine(String msg, String keyId) {
        assertFalse(msg.contains("\n"), msg);
        assertTrue(msg.contains("Secret Service") && msg.contains(keyId) && msg.contains("no new key was made"), msg);
    }

    private void assertNoKeyFile(PrivateKeyring keyring) throws Exception {
        assertFalse(Files.exists(DeviceKeys.keyFile(keyring.env())), "no key file");
        try (Stream<Path> s = Files.walk(tmp)) {
            List<Path> keys = s.filter(p -> p.getFileName().toString().startsWith("device.key")).toList();
            assertTrue(keys.isEmpty(), "key files: " + keys);
        }
    }

    private static void writeSession(Path root, String id, String word) {
        Manifest m = new Manifest(TraceFormat.VERSION, id, "t", "os", "1", "x", "x11", "UTC", 1000, null, null, List.of());
        try (SessionWriter w = DataDir.at(root).createSession(m)) {
            w.append(new RawEvent.KeyDown(1, 2, 30, "a", word, 0));
            w.finish(3000, "test");
        }
    }

    private static void assertSealed(Path root, String word) throws Exception {
        List<Path> segs;
        try (Stream<Path> s = Files.walk(root)) {
            segs = s.filter(p -> p.toString().endsWith(".useg")).toList();
        }
        assertFalse(segs.isEmpty());
        for (Path p : segs) {
            byte[] b = Files.readAllBytes(p);
            assertEquals(BlockCodec.ENCRYPTED, b[5] & 1);
            assertFalse(new String(b, StandardCharsets.ISO_8859_1).contains(word));
        }
    }
}
