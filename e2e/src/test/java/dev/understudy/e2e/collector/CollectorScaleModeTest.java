package dev.understudy.e2e.collector;

import static dev.understudy.e2e.collector.CollectorHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.demo.ServerProcess;
import dev.understudy.e2e.Cli;
import dev.understudy.testbed.PostgresServer;
import dev.understudy.testbed.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale mode for real: Debian's PostgreSQL and an S3 API server (s3proxy), two `serve` replicas over
 * them, several devices uploading at once, half through each replica. Every session arrives once and
 * reads back, through either replica's data directory, exactly as on its device.
 */
@Tag("e2e")
@Timeout(400)
class CollectorScaleModeTest {
    @TempDir Path tmp;

    @Test
    void twoReplicasOverPostgresAndS3TakeUploadsFromSeveralDevicesAtOnce() throws Exception {
        try (PostgresServer pg = PostgresServer.start(); S3Server s3 = S3Server.start()) {
            s3.createBucket("understudy");
            String db = pg.jdbcUrl();
            String blobs = s3.blobsUri("understudy");
            Path a = tmp.resolve("replica-a");
            Path b = tmp.resolve("replica-b");
            try (ServerProcess ra = ServerProcess.start(a, ServerProcess.freePort(), "--db", db, "--blobs", blobs)) {
                // the second replica gets the first one's master key, as an admin copies it
                Files.createDirectories(b.resolve("keys"));
                Files.copy(a.resolve("keys").resolve("master.key"), b.resolve("keys").resolve("master.key"));
                try (ServerProcess rb = ServerProcess.start(b, ServerProcess.freePort(), "--db", db, "--blobs", blobs)) {
                    int devices = 4;
                    List<Path> data = new ArrayList<>();
                    List<String> sessions = new ArrayList<>();
                    for (int i = 0; i < devices; i++) {
                        Path d = tmp.resolve("device-" + i);
                        Files.createDirectories(d);
                        // a token made through one replica enrolls through the other: they share the database and the certificate
                        String token = token(i % 2 == 0 ? b : a);
                        enroll(i % 2 == 0 ? ra.url() : rb.url(), token, d);
                        sessions.add(syntheticSession(d, 100 + i, 6, 480, 360));
                        sessions.add(syntheticSession(d, 200 + i, 3, 480, 360));
                        data.add(d);
                    }
                    ExecutorService pool = Executors.newFixedThreadPool(devices);
                    List<Future<Cli.Result>> runs = new ArrayList<>();
                    for (Path d : data) runs.add(pool.submit(() -> process(180_000, "upload", "--data", d.toString(), "--wait")));
                    for (Future<Cli.Result> f : runs) {
                        Cli.Result r = f.get(200, TimeUnit.SECONDS);
                        assertEquals(0, r.code(), r.out() + r.err());
                    }
                    pool.shutdown();
                    for (Path viaServer : List.of(a, b)) {
                        String listed = Cli.ok("admin", "sessions", "--data", viaServer.toString());
                        for (String s : sessions) assertEquals(1, listed.lines().filter(l -> l.contains(s)).count(), s + " once in " + listed);
                    }
                    for (int i = 0; i < devices; i++) {
                        String s = sessions.get(2 * i);
                        Path x = tmp.resolve("x" + i);
                        Path y = tmp.resolve("y" + i);
                        Cli.ok("export", "--data", data.get(i).toString(), "--session", s, "--out", x.toString());
                        Cli.ok("export", "--data", (i % 2 == 0 ? b : a).toString(), "--session", s, "--out", y.toString());
                        assertSameFiles(x, y);
                    }
                    String devs = Cli.ok("admin", "devices", "--data", a.toString());
                    assertEquals(devices, devs.lines().filter(l -> l.matches(".*\\b[0-9a-f]{32}\\b.*")).count(), devs);
                    assertTrue(ra.alive() && rb.alive());
                }
            }
        }
    }
}
