package dev.understudy.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libcrypto's SHA-256 (the recorder's tile hash) gives the JDK's digests, so ids do not depend on it. */
@Tag("unit")
class LibcryptoSha256Test {
    @TempDir Path tmp;

    @Test
    void digestsEqualTheJdksForEveryLengthAndSplit() throws Exception {
        MessageDigest ours = LibcryptoSha256.create();
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        Random r = new Random(7);
        int[] lengths = {0, 1, 3, 55, 56, 63, 64, 65, 4 + 64 * 64 * 3, LibcryptoSha256.CHUNK - 1, LibcryptoSha256.CHUNK,
                LibcryptoSha256.CHUNK + 1, 3 * LibcryptoSha256.CHUNK + 17, 1 << 20};
        for (int len : lengths) {
            byte[] data = new byte[len + 9];
            r.nextBytes(data);
            // one update from an offset, then the same bytes in uneven pieces and single bytes
            ours.update(data, 5, len);
            assertArrayEquals(jdk.digest(java.util.Arrays.copyOfRange(data, 5, 5 + len)), ours.digest(), "length " + len);
            int at = 5;
            while (at < 5 + len) {
                int n = Math.min(5 + len - at, 1 + r.nextInt(70_000));
                if (n == 1) ours.update(data[at]);
                else ours.update(data, at, n);
                at += n;
            }
            assertArrayEquals(jdk.digest(java.util.Arrays.copyOfRange(data, 5, 5 + len)), ours.digest(), "pieces, length " + len);
        }
        ours.update(new byte[] {1, 2, 3});
        ours.reset(); // reset forgets what was fed
        assertArrayEquals(jdk.digest(new byte[0]), ours.digest());
    }

    @Test
    void framesStoredWithLibcryptoHaveTheJdksIds() {
        List<BufferedImage> frames = new ArrayList<>();
        BufferedImage base = TileFrameStoreTest.desktop(333, 201, BufferedImage.TYPE_INT_RGB, 3);
        frames.add(base);
        frames.add(TileFrameStoreTest.withRect(base, 70, 20, 90, 40, 0xff8800));
        frames.add(TileFrameStoreTest.withRect(base, 300, 190, 33, 11, 0x112233));
        List<String> jdk = store(frames, "jdk", null);
        List<String> lib = store(frames, "libcrypto", "libcrypto");
        assertEquals(jdk, lib);
        for (BufferedImage f : frames) {
            TileId[] a = withProperty(null, () -> FrameIds.tileIds(RgbPixels.of(f), 64));
            TileId[] b = withProperty("libcrypto", () -> FrameIds.tileIds(RgbPixels.of(f), 64));
            assertArrayEquals(a, b);
        }
    }

    @Test
    void theRecorderAsksForItAndGetsIt() {
        assertInstanceOf(LibcryptoSha256.class, withProperty("libcrypto", FrameIds::tileSha256));
        assertFalse(withProperty(null, FrameIds::tileSha256) instanceof LibcryptoSha256);
    }

    private List<String> store(List<BufferedImage> frames, String session, String property) {
        return withProperty(property, () -> {
            Path data = tmp.resolve(session);
            List<String> ids = new ArrayList<>();
            TileFrameStore s = TileFrameStore.forSession(data, data.resolve("sessions").resolve(session), true);
            try {
                for (BufferedImage f : frames) ids.add(s.put(f));
            } finally {
                s.close();
            }
            return ids;
        });
    }

    private static <T> T withProperty(String value, java.util.function.Supplier<T> body) {
        String old = System.getProperty(FrameIds.SHA256_PROPERTY);
        if (value == null) System.clearProperty(FrameIds.SHA256_PROPERTY);
        else System.setProperty(FrameIds.SHA256_PROPERTY, value);
        try {
            return body.get();
        } finally {
            if (old == null) System.clearProperty(FrameIds.SHA256_PROPERTY);
            else System.setProperty(FrameIds.SHA256_PROPERTY, old);
        }
    }
}
