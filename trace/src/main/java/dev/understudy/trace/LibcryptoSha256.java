package dev.understudy.trace;

import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.security.MessageDigest;

/**
 * SHA-256 computed by the system's OpenSSL libcrypto (through JNA), for the recorder's tile ids.
 *
 * <p>Why: the recorder runs with the C1 compiler only (docs/benchmarks.md, "C1 against C2"), and
 * C1 has no SHA intrinsics, so the JDK's SHA-256 runs as plain compiled Java, at about 25 µs per
 * 64×64 tile. libcrypto uses the CPU's SHA extensions (or its own assembly), about ten times
 * faster, with no JIT involved. The digests are the same bytes, so tile and frame ids do not
 * depend on which one made them ({@code LibcryptoSha256Test}).
 *
 * <p>Bytes pass through a native scratch buffer in chunks of {@link #CHUNK}: one copy, then
 * {@code SHA256_Update}. Not thread-safe, like any {@link MessageDigest}.
 */
final class LibcryptoSha256 extends MessageDigest {
    static final int CHUNK = 64 * 1024;
    /** sizeof(SHA256_CTX) is 112 bytes in OpenSSL 1.1 and 3.x; a little room to spare. */
    private static final int CTX_BYTES = 256;

    private final Memory ctx = new Memory(CTX_BYTES);
    private final Memory scratch = new Memory(CHUNK);
    private final Memory out = new Memory(32);
    private final byte[] one = new byte[1];

    private LibcryptoSha256() {
        super("SHA-256");
        engineReset();
    }

    /** The libcrypto digest, or an exception saying in one line why it cannot be loaded. */
    static MessageDigest create() {
        Libcrypto.Binding.ensure();
        return new LibcryptoSha256();
    }

    @Override
    protected void engineUpdate(byte input) {
        one[0] = input;
        engineUpdate(one, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        while (len > 0) {
            int n = Math.min(len, CHUNK);
            scratch.write(0, input, offset, n);
            if (Libcrypto.SHA256_Update(ctx, scratch, n) != 1) throw new IllegalStateException("libcrypto SHA256_Update failed");
            offset += n;
            len -= n;
        }
    }

    @Override
    protected byte[] engineDigest() {
        if (Libcrypto.SHA256_Final(out, ctx) != 1) throw new IllegalStateException("libcrypto SHA256_Final failed");
        byte[] d = out.getByteArray(0, 32);
        engineReset();
        return d;
    }

    @Override
    protected void engineReset() {
        if (Libcrypto.SHA256_Init(ctx) != 1) throw new IllegalStateException("libcrypto SHA256_Init failed");
    }

    @Override
    protected int engineGetDigestLength() {
        return 32;
    }

    /** The three libcrypto calls, bound directly (JNA direct mapping: no reflection per call). */
    private static final class Libcrypto {
        static native int SHA256_Init(Pointer ctx);

        static native int SHA256_Update(Pointer ctx, Pointer data, long len);

        static native int SHA256_Final(Pointer md, Pointer ctx);

        /** Loaded once; a failure here is the caller's one-line reason. */
        static final class Binding {
            static {
                NativeLibrary lib;
                try {
                    lib = NativeLibrary.getInstance("libcrypto.so.3");
                } catch (UnsatisfiedLinkError e) {
                    lib = NativeLibrary.getInstance("crypto");
                }
                com.sun.jna.Native.register(Libcrypto.class, lib);
            }

            static void ensure() {
                // the static initialiser did the work
            }
        }
    }
}
