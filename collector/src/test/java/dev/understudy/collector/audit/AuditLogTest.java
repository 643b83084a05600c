package dev.understudy.collector.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.collector.crypto.MasterKey;
import dev.understudy.collector.govern.Actor;
import dev.understudy.collector.govern.Role;
import dev.understudy.collector.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The audit log on SQLite: the chain, the sealed head, signed checkpoints, and every kind of tampering named. */
@Tag("unit")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuditLogTest {
    static final String DEVICE = "0123456789abcdef0123456789abcdef";
    static final String PERSON = "fedcba9876543210fedcba9876543210";
    static final String OTHER_DEVICE = "11111111111111111111111111111111";
    static final String OTHER_PERSON = "22222222222222222222222222222222";

    @TempDir Path tmp;
    Store store;
    MasterKey master;
    AuditLog log;
    AuditChain chain;

    @BeforeEach
    void open() throws Exception {
        store = Store.open("jdbc:sqlite:" + tmp.resolve("collector.db"));
        master = MasterKey.load(tmp, true);
        log = new AuditLog(store, master);
        chain = new AuditChain(log);
        store.tx(c -> {
            Store.update(c, "INSERT INTO devices (id, team, person, state, created_at) VALUES (?, 'sales', ?, 'active', 1)", DEVICE, PERSON);
            Store.update(c, "INSERT INTO devices (id, team, person, state, created_at) VALUES (?, 'sales', ?, 'active', 1)", OTHER_DEVICE, OTHER_PERSON);
            return null;
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    void fill(int n) {
        for (int i = 1; i <= n; i++) {
            String dev = i % 3 == 0 ? OTHER_DEVICE : DEVICE;
            log.record(new Actor(i % 2 == 0 ? Role.OFFICER : Role.BUILDER, i % 2 == 0 ? "olga" : "cli:builder"), "session.view", "session " + dev + ":2026010" + i);
        }
    }

    void sql(String s, Object... args) {
        store.tx(c -> Store.update(c, s, args));
    }

    AuditChain.Verification verify() {
        return chain.verify(List.of());
    }

    @Test
    void chainHoldsAndAboutFindsThePersonsEntries() {
        fill(10);
        log.record(Actor.commandLine(Role.OFFICER), "person.erase", "person " + PERSON);
        AuditChain.Verification v = verify();
        assertTrue(v.ok(), v.line());
        assertEquals(11, v.entries());
        List<AuditEntry> mine = log.about(PERSON);
        // entries 1,2,4,5,7,8,10 name DEVICE (its person), 11 names the person
        assertEquals(List.of(1L, 2L, 4L, 5L, 7L, 8L, 10L, 11L), mine.stream().map(AuditEntry::seq).toList());
        assertEquals(List.of(3L, 6L, 9L), log.about(OTHER_PERSON).stream().map(AuditEntry::seq).toList());
        assertEquals(List.of(), log.about("nobody"));
        List<AuditEntry> recent = log.recent(2);
        assertEquals(List.of(11L, 10L), recent.stream().map(AuditEntry::seq).toList());
        assertEquals("officer", recent.get(0).role());
        assertEquals(recent.get(1).hash(), recent.get(0).prevHash());
        assertEquals(AuditLog.ZERO, log.all().get(0).prevHash());
    }

    @Test
    void anEditedEntryIsNamed() {
        fill(10);
        sql("UPDATE audit_log SET subject = 'session nothing-to-see' WHERE seq = 5");
        AuditChain.Verification v = verify();
        assertFalse(v.ok());
        assertEquals(5, v.firstBad());
        assertTrue(v.line().startsWith("entry 5 was altered"), v.line());
    }

    @Test
    void anEditedActorOrTimeIsNamedToo() {
        fill(6);
        sql("UPDATE audit_log SET actor = 'someone-else', at = at + 1 WHERE seq = 2");
        assertEquals(2, verify().firstBad());
    }

    @Test
    void aDeletedEntryIsNamed() {
        fill(10);
        sql("DELETE FROM audit_log WHERE seq = 4");
        AuditChain.Verification v = verify();
        assertFalse(v.ok());
        assertEquals(4, v.firstBad());
        assertTrue(v.line().contains("entry 4 is missing"), v.line());
    }

    @Test
    void twoReorderedEntriesAreNamed() {
        fill(10);
        sql("UPDATE audit_log SET seq = -1 WHERE seq = 3");
        sql("UPDATE audit_log SET seq = 3 WHERE seq = 6");
        sql("UPDATE audit_log SET seq = 6 WHERE seq = -1");
        AuditChain.Verification v = verify();
        assertFalse(v.ok());
        assertEquals(3, v.firstBad());
        assertTrue(v.line().startsWith("entry 3 "), v.line());
    }

    @Test
    void reorderedWithRecomputedHashesIsStillCaught() {
        // an attacker who swaps two entries and recomputes every hash after them (the hash function is public)
        fill(8);
        List<AuditEntry> all = log.all();
        List<String> persons = store.tx(c -> Store.query(c, rs -> rs.getString(1), "SELECT persons FROM audit_log ORDER BY seq"));
        List<AuditEntry> order = new ArrayList<>(all);
        java.util.Collections.swap(order, 2, 5);
        java.util.Collections.swap(persons, 2, 5);
        sql("DELETE FROM audit_log");
        String prev = AuditLog.ZERO;
        for (int i = 0; i < order.size(); i++) {
            AuditEntry e = order.get(i);
            long seq = i + 1;
            String h = AuditLog.hash(prev, seq, e.at(), e.role(), e.actor(), e.action(), e.subject(), persons.get(i));
            sql("INSERT INTO audit_log (seq, at, role, actor, action, subject, persons, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    seq, e.at(), e.role(), e.actor(), e.action(), e.subject(), persons.get(i), prev, h);
            prev = h;
        }
        // the chain is consistent again, but the sealed head (which needs the master key) names the old last hash
        AuditChain.Verification v = verify();
        assertFalse(v.ok());
        assertEquals(8, v.firstBad());
        assertTrue(v.line().contains("does not match the sealed head"), v.line());
    }

    @Test
    void aTruncatedTailIsNamed() {
        fill(10);
        sql("DELETE FROM audit_log WHERE seq >= 8");
        AuditChain.Verification v = verify();
        assertFalse(v.ok());
        assertEquals(8, v.firstBad());
        assertTrue(v.line().contains("entry 8 is missing") && v.line().contains("tail truncated"), v.line());
    }

    @Test
    void aTruncatedTailWithTheHeadRemovedOrForgedIsNamed() {
        fill(10);
        sql("DELETE FROM audit_log WHERE seq >= 8");
        sql("DELETE FROM server_secrets WHERE name = ?", AuditLog.HEAD);
        assertFalse(verify().ok());
        assertTrue(verify().line().contains("sealed head") && verify().line().contains("missing"), verify().line());
        // a head made up without the master key does not open
        sql("INSERT INTO server_secrets (name, value, created_at) VALUES (?, ?, 0)", AuditLog.HEAD,
                java.util.Base64.getEncoder().encodeToString(("7 " + log.recent(1).get(0).hash()).getBytes()));
        AuditChain.Verification v = verify();
        assertFalse(v.ok());
        assertTrue(v.line().contains("does not open with the master key"), v.line());
    }

    @Test
    void aRollbackToAnOlderCopyIsCaughtByCheckpointsKeptElsewhere() throws Exception {
        fill(5);
        String oldHead = store.tx(c -> Store.one(c, rs -> rs.getString(1), "SELECT value FROM server_secrets WHERE name = ?", AuditLog.HEAD));
        fill(3);
        Path kept = tmp.resolve("elsewhere/checkpoints.jsonl");
        assertEquals(1, chain.export(kept));
        assertTrue(Files.readString(kept).contains("\"seq\":8"));
        List<AuditChain.Checkpoint> outside = AuditChain.read(kept, chain.publicKey());
        assertTrue(chain.verify(outside).ok(), chain.verify(outside).line());
        // the database goes back to its state after entry 5: rows, head and stored checkpoints together
        sql("DELETE FROM audit_log WHERE seq > 5");
        sql("UPDATE server_secrets SET value = ? WHERE name = ?", oldHead, AuditLog.HEAD);
        sql("DELETE FROM audit_checkpoints");
        assertTrue(verify().ok(), "without an outside anchor a whole-database rollback is not visible: " + verify().line());
        AuditChain.Verification v = chain.verify(outside);
        assertFalse(v.ok());
        assertEquals(6, v.firstBad());
        assertTrue(v.line().contains("checkpoint kept outside"), v.line());
    }

    @Test
    void aRewrittenEntryContradictsAStoredCheckpoint() {
        fill(4);
        assertEquals(4, chain.checkpoint().seq());
        assertEquals(4, chain.checkpoint().seq()); // nothing new: the same checkpoint
        fill(2);
        sql("UPDATE audit_checkpoints SET hash = ? WHERE seq = 4", "0".repeat(64));
        AuditChain.Verification v = verify();
        assertFalse(v.ok());
        assertTrue(v.line().contains("bad signature"), v.line());
    }

    @Test
    void aCheckpointFileOfAnotherCollectorIsRefused() throws Exception {
        fill(2);
        Path f = tmp.resolve("cp.jsonl");
        chain.export(f);
        String other = Files.readString(f).replaceAll("\"public_key\":\"[^\"]+\"", "\"public_key\":\"AAAA\"");
        Files.writeString(f, other);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> AuditChain.read(f, chain.publicKey()));
        assertTrue(e.getMessage().contains("another audit key"), e.getMessage());
        Files.writeString(f, "not json\n");
        assertThrows(f);
    }

    static void assertThrows(Path f) {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> AuditChain.read(f, null));
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void concurrentAppendsKeepOneChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int tt = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) log.record(new Actor(Role.DEVICE, DEVICE), "session.list", "device " + DEVICE + " n " + tt + "-" + i);
                }));
            }
            for (Future<?> f : fs) f.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        AuditChain.Verification v = verify();
        assertTrue(v.ok(), v.line());
        assertEquals(200, v.entries());
    }

    @Test
    void contentNeverGoesIntoAnEntryAsMultipleLines() {
        log.record(new Actor(Role.ADMIN, "ann"), "policy.publish\nx", "policy 3\nteam sales");
        AuditEntry e = log.recent(1).get(0);
        assertFalse(e.action().contains("\n") || e.subject().contains("\n"));
        assertTrue(verify().ok());
    }
}
