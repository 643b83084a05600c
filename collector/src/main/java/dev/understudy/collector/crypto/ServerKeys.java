package dev.understudy.collector.crypto;

import dev.understudy.collector.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's secrets, sealed with the master key in the {@code server_secrets} table so that
 * replicas over one database share them: the person HMAC key, the Ed25519 policy key and the
 * self-signed TLS certificate. The first writer wins; the others read what it wrote.
 */
public final class ServerKeys {
    public static final String HMAC = "person-hmac";
    public static final String POLICY = "policy-key";
    public static final String TLS = "tls";
    public static final String FINGERPRINT = "fingerprint";

    private final Store store;
    private final MasterKey master;
    private final byte[] hmacKey;
    private final PrivateKey policyPrivate;
    private final PublicKey policyPublic;

    private ServerKeys(Store store, MasterKey master, byte[] hmacKey, PrivateKey priv, PublicKey pub) {
        this.store = store;
        this.master = master;
        this.hmacKey = hmacKey;
        this.policyPrivate = priv;
        this.policyPublic = pub;
    }

    public static ServerKeys load(Store store, MasterKey master) {
        byte[] hmac = secret(store, master, HMAC, Aead::randomKey);
        byte[] pk = secret(store, master, POLICY, () -> {
            try {
                KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                String s = Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()) + "\n"
                        + Base64.getEncoder().encodeToString(kp.getPublic().getEncoded());
                return s.getBytes(StandardCharsets.US_ASCII);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            String[] parts = new String(pk, StandardCharsets.US_ASCII).split("\n");
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(parts[0])));
            PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(parts[1])));
            return new ServerKeys(store, master, hmac, priv, pub);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("the policy key in the database cannot be read: " + e.getMessage(), e);
        }
    }

    /** The sealed secret {@code name}, made by {@code make} and stored when there is none yet (first writer wins). */
    public static byte[] secret(Store store, MasterKey master, String name, Supplier<byte[]> make) {
        String have = plain(store, name);
        if (have == null) {
            byte[] fresh = make.get();
            String sealed = Base64.getEncoder().encodeToString(master.seal("secret:" + name, fresh));
            try {
                store.tx(c -> Store.update(c, "INSERT INTO server_secrets (name, value, created_at) VALUES (?, ?, ?)", name, sealed, System.currentTimeMillis()));
                return fresh;
            } catch (RuntimeException e) {
                if (!Store.isDuplicate(e)) throw e;
                have = plain(store, name);
                if (have == null) throw e;
            }
        }
        try {
            return master.open("secret:" + name, Base64.getDecoder().decode(have));
        } catch (SecurityException e) {
            throw new IllegalStateException("the server secret '" + name + "' does not open with the master key " + master.file()
                    + " (a replica needs a copy of the first server's master key)");
        }
    }

    /** A non-secret value of server_secrets, as stored. */
    public static String plain(Store store, String name) {
        return store.tx(c -> Store.one(c, rs -> rs.getString(1), "SELECT value FROM server_secrets WHERE name = ?", name));
    }

    /** Sets a non-secret value (replaces it). */
    public static void setPlain(Store store, String name, String value) {
        store.tx(c -> {
            Store.update(c, "DELETE FROM server_secrets WHERE name = ?", name);
            if (value != null) Store.update(c, "INSERT INTO server_secrets (name, value, created_at) VALUES (?, ?, ?)", name, value, System.currentTimeMillis());
            return null;
        });
    }

    /** The shared self-signed certificate, made on the first start (with these host names). */
    public TlsMaterial selfSignedTls(List<String> hosts) {
        byte[] pem = secret(store, master, TLS, () -> TlsMaterial.selfSigned(hosts).toPem().getBytes(StandardCharsets.US_ASCII));
        return TlsMaterial.fromCombinedPem(new String(pem, StandardCharsets.US_ASCII));
    }

    /** A person's id: the keyed HMAC of the local user name (hex, 32 digits). The name itself is not kept. */
    public String personId(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(user.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public PrivateKey policyPrivate() {
        return policyPrivate;
    }

    public PublicKey policyPublic() {
        return policyPublic;
    }

    public MasterKey master() {
        return master;
    }

    /** A new person data key, wrapped (base64) for the persons table. */
    public static String wrapNewPersonKey(MasterKey master, String person) {
        return Base64.getEncoder().encodeToString(master.seal("person:" + person, Aead.randomKey()));
    }

    public static byte[] unwrapPersonKey(MasterKey master, String person, String wrapped) {
        return master.open("person:" + person, Base64.getDecoder().decode(wrapped));
    }
}
