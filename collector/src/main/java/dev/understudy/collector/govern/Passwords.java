package dev.understudy.collector.govern;

import dev.understudy.collector.crypto.Aead;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Account passwords, stored as Argon2id (BouncyCastle) in the PHC string form
 * {@code $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH} (OWASP's minimum: 19 MiB, 2 passes, 1 lane).
 */
public final class Passwords {
    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int LANES = 1;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder D64 = Base64.getDecoder();
    /** Compared against when the account does not exist, so an unknown name costs as long as a known one. */
    static final String DUMMY = hash("not a password of anyone".toCharArray());

    private Passwords() {}

    public static String hash(char[] password) {
        byte[] salt = new byte[16];
        Aead.RANDOM.nextBytes(salt);
        byte[] h = derive(password, salt, MEMORY_KIB, ITERATIONS, LANES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + LANES + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(h);
    }

    public static boolean verify(char[] password, String stored) {
        try {
            String[] p = stored.split("\\$");
            if (p.length != 6 || !p[1].equals("argon2id")) return false;
            int m = 0, t = 0, l = 0;
            for (String kv : p[3].split(",")) {
                String[] x = kv.split("=");
                switch (x[0]) {
                    case "m" -> m = Integer.parseInt(x[1]);
                    case "t" -> t = Integer.parseInt(x[1]);
                    case "p" -> l = Integer.parseInt(x[1]);
                    default -> { }
                }
            }
            byte[] salt = D64.decode(p[4]);
            byte[] want = D64.decode(p[5]);
            return MessageDigest.isEqual(want, derive(password, salt, m, t, l));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int memoryKib, int iterations, int lanes) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(lanes).build();
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(params);
        byte[] out = new byte[32];
        byte[] pw = new String(password).getBytes(StandardCharsets.UTF_8);
        g.generateBytes(pw, out);
        java.util.Arrays.fill(pw, (byte) 0);
        return out;
    }
}
