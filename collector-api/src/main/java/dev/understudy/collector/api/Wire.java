package dev.understudy.collector.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Constants of the collector protocol and its one JSON configuration: snake_case names, absent
 * fields left out, unknown fields ignored (a newer peer may add some).
 */
public final class Wire {
    /** Prefix of every endpoint. */
    public static final String API = "/api/v1";
    /** Largest chunk a device sends and a server accepts. */
    public static final int MAX_CHUNK_BYTES = 4 * 1024 * 1024;
    /** Size a device cuts files into. */
    public static final int CHUNK_BYTES = 1024 * 1024;
    /** Largest JSON body a server accepts. */
    public static final int MAX_JSON_BYTES = 1024 * 1024;
    /** Most chunk ids in one {@code chunks/missing} question, and in one session commit. */
    public static final int MAX_IDS = 20_000;
    /** A chunk id: lowercase hex SHA-256 of the chunk's bytes. */
    public static final String CHUNK_ID = "[0-9a-f]{64}";
    /** A device id: 32 lowercase hex digits (128 random bits, made on the device). */
    public static final String DEVICE_ID = "[0-9a-f]{32}";
    /** A session id (the recorder makes yyyyMMdd-HHmmss-xxxx): letters, digits, '-' and '_', never a path. */
    public static final String SESSION_ID = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";
    /** Paths a session commit may name, relative to the session's portable copy. */
    public static final String FILE_PATH = "manifest\\.json|privacy\\.json|redactions\\.jsonl|events/[0-9]{6}\\.useg|frames/frames\\.ufl|tiles/pack-[0-9]{6}\\.utp";
    /** Header of a response that asks the device to rotate its credential. */
    public static final String ROTATE_HEADER = "Understudy-Rotate";

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

    private Wire() {}
}
