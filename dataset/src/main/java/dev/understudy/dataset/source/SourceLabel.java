package dev.understudy.dataset.source;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a dataset names a source directory: its kind and a short hash of its absolute path
 * ({@code collector-3f2a9c0d1b7e}), never the path itself, which often holds a person's user name
 * (/home/alice/.understudy) — public datasets have shipped folders named after people.
 */
public final class SourceLabel {
    private SourceLabel() {}

    public static String of(Path dir) {
        String kind = CollectorSessions.isCollector(dir) ? "collector" : "device";
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(dir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return kind + "-" + HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
