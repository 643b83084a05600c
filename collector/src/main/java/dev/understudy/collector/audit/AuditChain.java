package dev.understudy.collector.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.collector.api.Wire;
import dev.understudy.collector.crypto.ServerKeys;
import dev.understudy.collector.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checking and anchoring the audit chain. Three anchors, each beyond the one before:
 * <ol>
 * <li>the chain itself: each entry's hash covers the previous hash and its own fields, and seq runs 1, 2, 3 ...
 *     without gaps (an edited, deleted or reordered entry breaks it);</li>
 * <li>the sealed head: every append also writes (seq, hash) of the newest entry sealed with the master key
 *     (AES-GCM) into {@code server_secrets}, outside the table: a truncated tail leaves the head naming an entry
 *     that is not there, and a head cannot be forged without the master key;</li>
 * <li>signed checkpoints: Ed25519 over (seq, hash, time) with the audit key (sealed in {@code server_secrets}),
 *     kept in {@code audit_checkpoints} and exported to a file kept elsewhere; they catch a rollback of the whole
 *     database to an older copy (rows and head together), back to the newest checkpoint kept outside.</li>
 * </ol>
 */
public final class AuditChain {
    public static final String KEY = "audit-key";
    private static final String CONTEXT = "understudy-audit-checkpoint/1";

    /** A signed statement that entry {@code seq} has hash {@code hash}. */
    public record Checkpoint(long seq, String hash, long at, String signature) {}

    /** The result of a verification: {@code ok}, else {@code firstBad} names the first bad entry and {@code line} says why. */
    public record Verification(boolean ok, long entries, long checkpoints, long firstBad, String line) {}

    private final AuditLog log;
    private final PrivateKey priv;
    private final PublicKey pub;

    public AuditChain(AuditLog log) {
        this.log = log;
        byte[] pk = ServerKeys.secret(log.store(), log.master(), KEY, () -> {
            try {
                KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                return (Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()) + "\n"
                        + Base64.getEncoder().encodeToString(kp.getPublic().getEncoded())).getBytes(StandardCharsets.US_ASCII);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            String[] parts = new String(pk, StandardCharsets.US_ASCII).split("\n");
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            this.priv = kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(parts[0])));
            this.pub = kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(parts[1])));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("the audit key in the database cannot be read: " + e.getMessage(), e);
        }
    }

    /** The audit key's public half (X.509 DER, base64): what a checkpoint file is checked against. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(pub.getEncoded());
    }

    static byte[] message(long seq, String hash, long at) {
        return (CONTEXT + "\n" + seq + "\n" + hash + "\n" + at).getBytes(StandardCharsets.US_ASCII);
    }

    /** Signs the newest entry (nothing new when it is signed already); null when the log is empty. */
    public Checkpoint checkpoint() {
        List<AuditEntry> last = log.recent(1);
        if (last.isEmpty()) return null;
        AuditEntry e = last.get(0);
        Checkpoint have = log.store().tx(c -> Store.one(c, AuditChain::row, "SELECT * FROM audit_checkpoints WHERE seq = ?", e.seq()));
        if (have != null) return have;
        long at = System.currentTimeMillis();
        String sig;
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(priv);
            s.update(message(e.seq(), e.hash(), at));
            sig = Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
        Checkpoint cp = new Checkpoint(e.seq(), e.hash(), at, sig);
        try {
            log.store().tx(c -> Store.update(c, "INSERT INTO audit_checkpoints (seq, hash, at, signature) VALUES (?, ?, ?, ?)", cp.seq(), cp.hash(), cp.at(), cp.signature()));
        } catch (RuntimeException ex) {
            if (!Store.isDuplicate(ex)) throw ex;
            return log.store().tx(c -> Store.one(c, AuditChain::row, "SELECT * FROM audit_checkpoints WHERE seq = ?", e.seq()));
        }
        return cp;
    }

    static Checkpoint row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Checkpoint(rs.getLong("seq"), rs.getString("hash"), rs.getLong("at"), rs.getString("signature"));
    }

    public List<Checkpoint> checkpoints() {
        return log.store().tx(c -> Store.query(c, AuditChain::row, "SELECT * FROM audit_checkpoints ORDER BY seq"));
    }

    /**
     * Writes every checkpoint (a new one for the newest entry first) as JSON lines to {@code out}, each with the
     * public key: {@code {"seq","hash","at","signature","public_key"}}. Returns how many.
     */
    public int export(Path out) throws IOException {
        checkpoint();
        StringBuilder b = new StringBuilder();
        List<Checkpoint> all = checkpoints();
        for (Checkpoint cp : all) {
            ObjectNode n = Wire.MAPPER.createObjectNode();
            n.put("seq", cp.seq());
            n.put("hash", cp.hash());
            n.put("at", cp.at());
            n.put("signature", cp.signature());
            n.put("public_key", publicKey());
            b.append(Wire.MAPPER.writeValueAsString(n)).append('\n');
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.writeString(tmp, b.toString());
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return all.size();
    }

    /** Reads an exported checkpoint file; IllegalArgumentException with one line when it is not one. */
    public static List<Checkpoint> read(Path file, String expectedPublicKey) {
        List<Checkpoint> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("no checkpoint file " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the checkpoints " + file + ": " + e.getMessage());
        }
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank()) continue;
            try {
                JsonNode j = Wire.MAPPER.readTree(line);
                if (!j.path("seq").canConvertToLong() || !j.path("hash").isTextual() || !j.path("signature").isTextual() || !j.path("at").canConvertToLong()) {
                    throw new IllegalArgumentException("line " + n + " of " + file + " is not a checkpoint");
                }
                if (expectedPublicKey != null && j.has("public_key") && !expectedPublicKey.equals(j.path("public_key").asText())) {
                    throw new IllegalArgumentException("line " + n + " of " + file + " was signed by another audit key than this collector's");
                }
                out.add(new Checkpoint(j.get("seq").asLong(), j.get("hash").asText(), j.get("at").asLong(), j.get("signature").asText()));
            } catch (IOException e) {
                throw new IllegalArgumentException("line " + n + " of " + file + " is not JSON");
            }
        }
        return out;
    }

    private boolean signed(Checkpoint cp) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(pub);
            s.update(message(cp.seq(), cp.hash(), cp.at()));
            return s.verify(Base64.getDecoder().decode(cp.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Checks the chain, the sealed head, the stored checkpoints and {@code external} ones (may be empty). */
    public Verification verify(List<Checkpoint> external) {
        List<AuditEntry> all = log.all();
        long n = all.size();
        String prev = AuditLog.ZERO;
        long expect = 1;
        List<String[]> persons = log.store().tx(c -> Store.query(c, rs -> new String[] {Long.toString(rs.getLong(1)), rs.getString(2)},
                "SELECT seq, persons FROM audit_log ORDER BY seq"));
        java.util.Map<Long, AuditEntry> bySeq = new java.util.HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            AuditEntry e = all.get(i);
            if (e.seq() != expect) {
                return bad(n, expect, "entry " + expect + " is missing (the log goes from " + (expect - 1) + " to " + e.seq() + ")");
            }
            if (!e.prevHash().equals(prev)) {
                return bad(n, e.seq(), "entry " + e.seq() + " does not follow entry " + (e.seq() - 1) + " (an entry was removed, reordered or altered)");
            }
            String h = AuditLog.hash(e.prevHash(), e.seq(), e.at(), e.role(), e.actor(), e.action(), e.subject(), persons.get(i)[1]);
            if (!h.equals(e.hash())) return bad(n, e.seq(), "entry " + e.seq() + " was altered (its hash does not match its contents)");
            bySeq.put(e.seq(), e);
            prev = e.hash();
            expect++;
        }
        long last = expect - 1;
        // the sealed head
        String head = ServerKeys.plain(log.store(), AuditLog.HEAD);
        if (head == null) {
            if (last > 0) return bad(n, 1, "the sealed head of the audit log is missing (entries 1.." + last + " are not anchored)");
        } else {
            String[] parts;
            try {
                parts = new String(log.master().open(AuditLog.HEAD, Base64.getDecoder().decode(head)), StandardCharsets.US_ASCII).split(" ");
            } catch (RuntimeException e) {
                return bad(n, last, "the sealed head of the audit log does not open with the master key (it was altered)");
            }
            long hs = Long.parseLong(parts[0]);
            if (hs > last) return bad(n, last + 1, "entry " + (last + 1) + " is missing: the log ends at " + last + " but its sealed head names entry " + hs + " (tail truncated)");
            if (!bySeq.get(hs).hash().equals(parts[1])) return bad(n, hs, "entry " + hs + " does not match the sealed head");
            if (hs < last) return bad(n, hs + 1, "entry " + (hs + 1) + " is not covered by the sealed head (written outside the collector)");
        }
        // checkpoints: the stored ones and those kept elsewhere
        List<Checkpoint> cps = new ArrayList<>(checkpoints());
        int stored = cps.size();
        cps.addAll(external);
        for (int i = 0; i < cps.size(); i++) {
            Checkpoint cp = cps.get(i);
            String where = i < stored ? "stored checkpoint" : "checkpoint kept outside";
            if (!signed(cp)) return bad(n, cp.seq(), "the " + where + " of entry " + cp.seq() + " has a bad signature");
            if (cp.seq() > last) {
                return bad(n, last + 1, "entry " + (last + 1) + " is missing: the log ends at " + last + " but a " + where + " of "
                        + Instant.ofEpochMilli(cp.at()) + " names entry " + cp.seq() + " (tail truncated or rolled back)");
            }
            AuditEntry e = bySeq.get(cp.seq());
            if (!e.hash().equals(cp.hash())) {
                return bad(n, cp.seq(), "entry " + cp.seq() + " does not match the " + where + " of " + Instant.ofEpochMilli(cp.at()) + " (the log was rewritten)");
            }
        }
        return new Verification(true, n, cps.size(), 0, "audit log intact: " + n + " entries, " + cps.size() + " checkpoints"
                + (external.isEmpty() ? "" : " (" + external.size() + " kept outside)"));
    }

    private static Verification bad(long n, long seq, String line) {
        return new Verification(false, n, 0, seq, line);
    }
}
