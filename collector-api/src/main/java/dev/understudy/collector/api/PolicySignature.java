package dev.understudy.collector.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 signatures over a policy envelope's payload (its exact UTF-8 bytes). The server signs
 * with its policy key; a device verifies with the public key it received at enrollment, over the
 * pinned TLS connection, and refuses an envelope that does not verify.
 */
public final class PolicySignature {
    private PolicySignature() {}

    public static String sign(String payload, PrivateKey key) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(payload.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the policy: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} (base64) is the key's signature of {@code payload}; false for anything malformed. */
    public static boolean verify(String payload, String signature, PublicKey key) {
        if (payload == null || signature == null || key == null) return false;
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(payload.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The public key as it travels (X.509 DER, base64). */
    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** Reads a public key as it travels; IllegalArgumentException when it is not an Ed25519 key. */
    public static PublicKey decode(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
    }
}
