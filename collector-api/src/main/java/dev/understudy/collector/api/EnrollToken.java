package dev.understudy.collector.api;

import java.util.regex.Pattern;

/**
 * An enroll token as an admin hands it out: {@code UST1.<secret>.<fingerprint>}. The secret is 32
 * random bytes (base64url, no padding); the server keeps only its SHA-256. The fingerprint is the
 * SHA-256 of the server's TLS certificate (DER, 64 lowercase hex), which the device pins; {@code -}
 * when the server has no certificate of its own to pin (plain HTTP, or a certificate the system
 * trusts, e.g. behind a TLS-terminating proxy).
 */
public record EnrollToken(String secret, String fingerprint) {
    public static final String PREFIX = "UST1";
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern FP = Pattern.compile("[0-9a-f]{64}");

    public EnrollToken {
        if (secret == null || !SECRET.matcher(secret).matches()) throw new IllegalArgumentException("not an enroll token secret");
        if (fingerprint != null && !FP.matcher(fingerprint).matches()) throw new IllegalArgumentException("not a certificate fingerprint");
    }

    /** Whether the device should pin the server's certificate. */
    public boolean pinned() {
        return fingerprint != null;
    }

    @Override
    public String toString() {
        return PREFIX + "." + secret + "." + (fingerprint == null ? "-" : fingerprint);
    }

    /** Reads a token; IllegalArgumentException with a one-line reason when it is not one. */
    public static EnrollToken parse(String s) {
        if (s == null) throw new IllegalArgumentException("no enroll token");
        String[] p = s.strip().split("\\.", -1);
        if (p.length != 3 || !p[0].equals(PREFIX)) {
            throw new IllegalArgumentException("not an enroll token (expected " + PREFIX + ".<secret>.<fingerprint>, as `understudy admin enroll-token` prints it)");
        }
        return new EnrollToken(p[1], p[2].equals("-") ? null : p[2].toLowerCase(java.util.Locale.ROOT));
    }
}
