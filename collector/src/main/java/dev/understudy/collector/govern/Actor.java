package dev.understudy.collector.govern;

import java.util.Objects;

/**
 * Who did something, as the audit log writes it.
 *
 * @param role what they acted as
 * @param id   an account name for admin, officer and builder; the person's pseudonym for a worker; the device id for a
 *             device; {@code "cli"} plus the local user for the server's own command line
 */
public record Actor(Role role, String id) {
    public Actor {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(id, "id");
    }

    /** The server's administrator acting through {@code ./understudy admin} on the server's machine. */
    public static Actor commandLine(Role role) {
        return new Actor(role, "cli:" + System.getProperty("user.name", "unknown"));
    }
}
