package dev.understudy.collector.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Chunk ids: the lowercase hex SHA-256 of a chunk's bytes. */
public final class Chunks {
    private Chunks() {}

    public static String id(byte[] b, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, off, len);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String id(byte[] b) {
        return id(b, 0, b.length);
    }

    public static boolean isId(String s) {
        return s != null && s.matches(Wire.CHUNK_ID);
    }
}
