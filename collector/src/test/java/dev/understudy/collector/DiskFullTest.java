package dev.understudy.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.collector.TestClient.Res;
import dev.understudy.collector.admin.ServerAdmin;
import dev.understudy.collector.api.Chunks;
import dev.understudy.collector.api.Messages.EnrollResponse;
import dev.understudy.collector.api.Messages.MissingRequest;
import dev.understudy.collector.api.Messages.MissingResponse;
import dev.understudy.collector.api.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the blob directory on a 1 MiB tmpfs. Needs root (mount); skipped otherwise.
 * The chunk that does not fit gets 507 and is not acknowledged (still missing).
 */
@Tag("unit")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DiskFullTest {
    @TempDir Path tmp;

    static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void fullDiskIs507AndNothingIsAcknowledged() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux") && "root".equals(System.getProperty("user.name")),
                "mounting a tiny tmpfs needs root on Linux");
        Path tiny = tmp.resolve("tiny");
        Files.createDirectories(tiny);
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", tiny.toString()), "cannot mount a tmpfs here");
        try {
            Path dir = tmp.resolve("server");
            try (CollectorServer s = CollectorServer.start(ServerConfig.of(dir).withPort(0).withBind("127.0.0.1").withBlobs(tiny.toUri().toString()));
                 ServerAdmin admin = ServerAdmin.open(dir)) {
                TestClient c = new TestClient(s.url(), s.fingerprint());
                EnrollResponse e = c.enroll(admin.createEnrollToken("t", Duration.ofMinutes(5)), "nina");
                Random rnd = new Random(5);
                int full = -1;
                for (int i = 0; i < 6; i++) {
                    byte[] b = new byte[400_000];
                    rnd.nextBytes(b);
                    String id = Chunks.id(b);
                    Res r = c.put(Wire.API + "/chunks/" + id, e.credential(), b);
                    if (r.status() == 507) {
                        full = i;
                        assertTrue(r.body().contains("full"), r.body());
                        List<String> missing = c.json("POST", Wire.API + "/chunks/missing", e.credential(), new MissingRequest(List.of(id)))
                                .as(MissingResponse.class).missing();
                        assertEquals(List.of(id), missing);
                        break;
                    }
                    assertEquals(201, r.status(), r.body());
                }
                assertTrue(full > 0, "the tmpfs never filled up");
                assertEquals(200, c.get(Wire.API + "/health", null).status());
                // no temporary files left behind
                try (var st = Files.walk(tiny)) {
                    assertTrue(st.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
                }
            }
        } finally {
            run("umount", tiny.toString());
        }
    }
}
