package dev.understudy.browser;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * The browser bridge's constants and its socket framing.
 *
 * <p>Path of a message: content script → extension service worker → Chrome native messaging
 * (4-byte native-order length + JSON, to the native host's stdin) → the native host → the
 * recorder's Unix domain socket {@code DATA/bridge/bridge.sock} (4-byte big-endian length + UTF-8
 * JSON, this class) → {@link BrowserBridgeSource}. The socket's directory is 0700, and the first
 * frame of a connection must be a hello carrying the pairing key from {@code DATA/bridge/pairing.key}
 * (0600): see docs/browser.md for the security model.
 */
public final class BridgeProtocol {
    /** The extension's fixed ID, derived from the public key in extension/manifest.json. */
    public static final String EXTENSION_ID = "mafnfaakflleieegpddemmopnmkckmcg";
    /** The only caller Chrome may start the native host for. */
    public static final String ORIGIN = "chrome-extension://" + EXTENSION_ID + "/";
    /** Native messaging host name (the host manifest's file name without .json). */
    public static final String HOST_NAME = "dev.understudy.bridge";
    public static final int VERSION = 1;
    /** Largest message accepted, on the socket and by the native host. */
    public static final int MAX_FRAME = 256 * 1024;
    /** Larger announced lengths are not skipped but end the connection. */
    public static final int MAX_SKIP = 16 * 1024 * 1024;
    public static final String DIR = "bridge";
    public static final String SOCKET = "bridge.sock";
    public static final String PAIRING_KEY = "pairing.key";

    private BridgeProtocol() {}

    /** {@code DATA/bridge}. */
    public static Path bridgeDir(Path dataDir) {
        return dataDir.resolve(DIR);
    }

    public static Path socketPath(Path dataDir) {
        return bridgeDir(dataDir).resolve(SOCKET);
    }

    /** Writes one frame: 4-byte big-endian length, then the payload. */
    public static void writeFrame(WritableByteChannel ch, byte[] payload) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + payload.length).order(ByteOrder.BIG_ENDIAN);
        b.putInt(payload.length).put(payload).flip();
        while (b.hasRemaining()) ch.write(b);
    }

    /** Reads a frame's length; -1 at a clean end of stream (before the first byte). */
    public static long readLength(ReadableByteChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN);
        if (!readFully(ch, b, true)) return -1;
        return Integer.toUnsignedLong(b.flip().getInt());
    }

    /** Reads exactly {@code n} bytes. */
    public static byte[] readBytes(ReadableByteChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        readFully(ch, b, false);
        return b.array();
    }

    /** Reads and discards {@code n} bytes. */
    public static void skip(ReadableByteChannel ch, long n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8192);
        long left = n;
        while (left > 0) {
            b.clear().limit((int) Math.min(b.capacity(), left));
            int r = ch.read(b);
            if (r < 0) throw new EOFException("end of stream inside a frame");
            left -= r;
        }
    }

    private static boolean readFully(ReadableByteChannel ch, ByteBuffer b, boolean eofAllowedAtStart) throws IOException {
        boolean any = false;
        while (b.hasRemaining()) {
            int r = ch.read(b);
            if (r < 0) {
                if (!any && eofAllowedAtStart) return false;
                throw new EOFException("end of stream inside a frame");
            }
            if (r > 0) any = true;
        }
        return true;
    }
}
