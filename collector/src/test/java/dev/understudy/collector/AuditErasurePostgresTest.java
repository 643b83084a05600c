package dev.understudy.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.collector.admin.ServerAdmin;
import dev.understudy.collector.api.Messages.EnrollResponse;
import dev.understudy.collector.audit.AuditChain;
import dev.understudy.collector.govern.Actor;
import dev.understudy.collector.govern.Role;
import dev.understudy.collector.store.Store;
import dev.understudy.testbed.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
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

/** The audit log and erasure on a real PostgreSQL: two writers (server and an admin process) append to one chain. */
@Tag("unit")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AuditErasurePostgresTest {
    @TempDir Path tmp;

    @Test
    void concurrentWritersKeepOneChainAndErasureWorksOnPostgres() throws Exception {
        try (PostgresServer pg = PostgresServer.start();
             CollectorServer server = CollectorServer.start(ServerConfig.of(tmp.resolve("server")).withPort(0).withBind("127.0.0.1").withDb(pg.jdbcUrl()));
             ServerAdmin admin = ServerAdmin.open(tmp.resolve("server"))) {
            TestClient client = new TestClient(server.url(), server.fingerprint());
            EnrollResponse e = client.enroll(admin.createEnrollToken("pg", Duration.ofHours(1)), "petra");
            ErasureTest.client = client;
            ErasureTest.upload(e.credential(), "20260401-090000-pg01", ErasureTest.files(System.currentTimeMillis(), ErasureTest.random(1000, 5), 5));

            // the server (device reads) and the admin (its own pool) append at once: 8 threads, 2 stores
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int tt = t;
                    fs.add(pool.submit(() -> {
                        for (int i = 0; i < 10; i++) {
                            if (tt % 2 == 0) {
                                assertEquals(200, client.get(dev.understudy.collector.api.Wire.API + "/sessions", e.credential()).status());
                            } else {
                                admin.audit().record(new Actor(Role.OFFICER, "olga"), "session.view", "session " + e.deviceId() + ":20260401-090000-pg01");
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) f.get(120, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            AuditChain chain = admin.auditChain();
            AuditChain.Verification v = chain.verify(List.of());
            assertTrue(v.ok(), v.line());
            assertTrue(v.entries() >= 80, v.line());
            assertTrue(admin.audit().about(e.person()).size() >= 80);

            var erased = server.erasure().eraseSession(new Actor(Role.DEVICE, e.deviceId()), e.deviceId(), "20260401-090000-pg01", "test");
            assertEquals(List.of(e.deviceId() + ":20260401-090000-pg01"), erased.sessions());
            assertTrue(admin.erasure().tombstone(e.deviceId(), "20260401-090000-pg01").isPresent());
            assertTrue(assertThrowsMessage(() -> admin.materialize("20260401-090000-pg01", tmp.resolve("r"))).contains("was erased on"));
            assertTrue(chain.checkpoint() != null);
            assertTrue(chain.verify(List.of()).ok());

            // tampering on PostgreSQL is named the same way
            long mid = v.entries() / 2;
            try (Store s = Store.open(pg.jdbcUrl())) {
                s.tx(c -> Store.update(c, "UPDATE audit_log SET actor = 'nobody' WHERE seq = ?", mid));
            }
            AuditChain.Verification bad = chain.verify(List.of());
            assertFalse(bad.ok());
            assertEquals(mid, bad.firstBad());
        }
    }

    static String assertThrowsMessage(org.junit.jupiter.api.function.Executable x) {
        return org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, x).getMessage();
    }
}
