package dev.understudy.trace;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.model.Manifest;
import dev.understudy.model.RawEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class SpoolCipherTest {
    @TempDir Path tmp;

    @Test
    void sealedPayloadsOpenOnlyWithTheirKeyAndUnchanged() throws Exception {
        SpoolCipher a = SpoolCipher.loadOrCreate(tmp.resolve("a/device.key"));
        SpoolCipher b = SpoolCipher.loadOrCreate(tmp.resolve("b/device.key"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a/device.key"))));
        byte[] plain = "typed secret".getBytes(StandardCharsets.UTF_8);
        byte[] aad = SpoolCipher.aad("TEST", 1, 2);
        byte[] sealed = a.seal(plain, aad);
        assertEquals(plain.length + SpoolCipher.OVERHEAD, sealed.length);
        assertArrayEquals(plain, a.open(sealed, aad));
        assertNotEquals(new String(sealed, StandardCharsets.ISO_8859_1).indexOf("secret"), 0);
        assertTrue(assertThrows(TraceException.class, () -> b.open(sealed, aad)).getMessage().contains("not this device's key"));
        assertThrows(TraceException.class, () -> a.open(sealed, SpoolCipher.aad("TEST", 1, 3)));
        sealed[sealed.length - 1] ^= 1;
        assertThrows(TraceException.class, () -> a.open(sealed, aad));
        // the same key file gives the same key
        assertEquals(a.keyId(), SpoolCipher.load(tmp.resolve("a/device.key")).keyId());
    }

    @Test
    void anEncryptedDataDirectoryStoresSealedBlocksThatReadBack() throws Exception {
        Path root = tmp.resolve("data");
        SpoolCipher.deviceKey().enable(root);
        DataDir dd = DataDir.at(root);
        Manifest m = new Manifest(TraceFormat.VERSION, "s1", "t", "os", "1", "x", "x11", "UTC", 1000, null, null, List.of());
        try (SessionWriter w = dd.createSession(m)) {
            w.append(new RawEvent.KeyDown(1, 2, 30, "a", "zebraword", 0));
            w.finish(3000, "test");
        }
        List<Path> segs;
        try (Stream<Path> s = Files.walk(root)) {
            segs = s.filter(p -> p.toString().endsWith(".useg")).toList();
        }
        assertFalse(segs.isEmpty());
        for (Path p : segs) {
            byte[] b = Files.readAllBytes(p);
            assertEquals(BlockCodec.ENCRYPTED, b[5] & 1);
            assertFalse(new String(b, StandardCharsets.ISO_8859_1).contains("zebraword"));
        }
        SessionReader r = dd.open("s1");
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        assertEquals("zebraword", ((RawEvent.KeyDown) r.events().get(0)).ch());
    }
}
