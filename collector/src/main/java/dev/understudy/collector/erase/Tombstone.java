package dev.understudy.collector.erase;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What is left of an erased session: who erased it, when and why. Its data key or chunks are gone.
 *
 * @param role  {@link dev.understudy.collector.govern.Role#wire()} of who erased it
 * @param actor {@link dev.understudy.collector.govern.Actor#id()}
 */
public record Tombstone(String device, String session, String person, long erasedAt, String reason, String role, String actor) {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** The day it was erased, {@code yyyy-MM-dd} (UTC). */
    public String date() {
        return DATE.format(Instant.ofEpochMilli(erasedAt));
    }

    /** {@code session S was erased on DATE}: the one line every read of it answers. */
    public String line() {
        return "session " + session + " was erased on " + date();
    }
}
