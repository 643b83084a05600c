package dev.understudy.trace;

import java.awt.image.BufferedImage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Frame content addresses (docs/trace-format.md, "Frame ids").
 *
 * <p>Format 4 on: a frame's id is derived from its tiles' ids ({@link #fromTiles}): SHA-256 over the
 * frame's size, its tile size and the 16-byte {@link TileId} of every tile in rows from the top
 * left. The tiles are hashed anyway to be stored by content, so the id costs a hash of a few
 * kilobytes instead of one over every pixel (40 ms a 1280x800 frame as C1 code). A tile id is a
 * SHA-256 of the tile's pixels, so the frame id still addresses the pixels.
 *
 * <p>Formats 1 to 3 hashed the pixels themselves ({@link #ofPixelBytes}); readers check those
 * frames with it.
 */
public final class FrameIds {
    private static final int ROWS_PER_UPDATE_BYTES = 48 * 1024;
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private FrameIds() {}

    /** The id (format 4) of these pixels cut in tiles of {@link TileFrameStore#DEFAULT_TILE_SIZE}. */
    public static String of(BufferedImage img) {
        return of(RgbPixels.of(img));
    }

    /** The id (format 4) of these pixels cut in tiles of {@link TileFrameStore#DEFAULT_TILE_SIZE}. */
    public static String of(RgbPixels px) {
        return ofTiles(px, TileFrameStore.DEFAULT_TILE_SIZE);
    }

    /** The id (format 4) of these pixels cut in {@code tileSize}-px tiles: every tile hashed, then {@link #fromTiles}. */
    public static String ofTiles(RgbPixels px, int tileSize) {
        return fromTiles(px.width(), px.height(), tileSize, tileIds(px, tileSize));
    }

    /** The ids of the tiles of {@code px}, in rows from the top left (partial tiles at the right and bottom edges). */
    public static TileId[] tileIds(RgbPixels px, int ts) {
        int w = px.width();
        int h = px.height();
        int cols = (w + ts - 1) / ts;
        int rows = (h + ts - 1) / ts;
        TileId[] out = new TileId[cols * rows];
        MessageDigest sha = tileSha256();
        byte[] buf = new byte[TileCodec.bytes(ts, ts)];
        for (int ty = 0, i = 0; ty < rows; ty++) {
            int y0 = ty * ts;
            int th = Math.min(ts, h - y0);
            for (int tx = 0; tx < cols; tx++, i++) {
                int x0 = tx * ts;
                int tw = Math.min(ts, w - x0);
                int len = TileCodec.planar(px, x0, y0, tw, th, buf, 0);
                out[i] = TileId.of(sha, tw, th, buf, len);
            }
        }
        return out;
    }

    /**
     * The id (format 4) of a {@code w} x {@code h} frame made of {@code tiles} ({@code ts}-px tiles
     * in rows from the top left): SHA-256 over width and height (4 bytes each, big-endian), the
     * tile size (2 bytes, big-endian) and each tile id (16 bytes: {@code hi} then {@code lo},
     * big-endian); the first 20 bytes in lowercase hex.
     */
    public static String fromTiles(int w, int h, int ts, TileId[] tiles) {
        int expected = ((w + ts - 1) / ts) * ((h + ts - 1) / ts);
        if (tiles.length != expected) {
            throw new IllegalArgumentException(tiles.length + " tiles for a " + w + "x" + h + " frame in " + ts + "-px tiles");
        }
        byte[] buf = new byte[10 + 16 * tiles.length];
        ByteBuffer b = ByteBuffer.wrap(buf); // big-endian
        b.putInt(w).putInt(h).putShort((short) ts);
        for (TileId t : tiles) b.putLong(t.hi()).putLong(t.lo());
        MessageDigest md = sha256();
        md.update(buf);
        return HexFormat.of().formatHex(md.digest(), 0, 20);
    }

    /**
     * The id of these pixels in trace formats 1 to 3: SHA-256 over width and height (4 bytes each,
     * big-endian) and the R, G, B bytes of every pixel, row by row; the first 20 bytes in lowercase
     * hex. Readers check frames of those formats with it; nothing new is written with it.
     */
    public static String ofPixelBytes(BufferedImage img) {
        return ofPixelBytes(RgbPixels.of(img));
    }

    /** As {@link #ofPixelBytes(BufferedImage)}. */
    public static String ofPixelBytes(RgbPixels px) {
        int w = px.width();
        int h = px.height();
        MessageDigest md = sha256();
        md.update(new byte[] {(byte) (w >>> 24), (byte) (w >>> 16), (byte) (w >>> 8), (byte) w,
                (byte) (h >>> 24), (byte) (h >>> 16), (byte) (h >>> 8), (byte) h});
        int rowBytes = w * 3;
        int rowsPerChunk = Math.max(1, ROWS_PER_UPDATE_BYTES / rowBytes);
        byte[] buf = new byte[rowBytes * Math.min(rowsPerChunk, h)];
        int[] d = px.data();
        int i = 0;
        for (int y = 0; y < h; y++) {
            int s = px.index(0, y);
            int end = s + w;
            // four pixels (12 bytes) as three big-endian ints
            for (; s + 4 <= end; s += 4, i += 12) {
                int p0 = d[s];
                int p1 = d[s + 1];
                int p2 = d[s + 2];
                int p3 = d[s + 3];
                INT_BE.set(buf, i, p0 << 8 | (p1 >>> 16 & 0xff));
                INT_BE.set(buf, i + 4, p1 << 16 | (p2 >>> 8 & 0xffff));
                INT_BE.set(buf, i + 8, p2 << 24 | (p3 & 0xffffff));
            }
            for (; s < end; s++, i += 3) {
                int p = d[s];
                buf[i] = (byte) (p >>> 16);
                buf[i + 1] = (byte) (p >>> 8);
                buf[i + 2] = (byte) p;
            }
            if (i == buf.length) {
                md.update(buf, 0, i);
                i = 0;
            }
        }
        if (i > 0) md.update(buf, 0, i);
        return HexFormat.of().formatHex(md.digest(), 0, 20);
    }

    /** Set by -Dunderstudy.sha256=libcrypto (the recorder's JVM options): tile ids hashed by libcrypto. */
    static final String SHA256_PROPERTY = "understudy.sha256";
    private static volatile boolean libcryptoFailed;

    /**
     * The SHA-256 that hashes tiles: libcrypto's ({@link LibcryptoSha256}) when the system property
     * {@value #SHA256_PROPERTY} is {@code libcrypto} and it loads, else the JDK's (one warning line
     * saying why). Both give the same digests.
     */
    static MessageDigest tileSha256() {
        if (!libcryptoFailed && "libcrypto".equals(System.getProperty(SHA256_PROPERTY))) {
            try {
                return LibcryptoSha256.create();
            } catch (Throwable e) { // no JNA, no libcrypto: the JDK's digest does the same job, slower
                libcryptoFailed = true;
                String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
                System.err.println("understudy: warning: tile ids hashed by the JDK (libcrypto unavailable: " + why + ")");
            }
        }
        return sha256();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean looksValid(String id) {
        return id != null && id.length() == 40 && id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
