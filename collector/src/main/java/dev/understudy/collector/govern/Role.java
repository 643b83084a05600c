package dev.understudy.collector.govern;

/**
 * Who may ask the collector for what. Each role's rights are the table in docs/governance.md; the authorization
 * matrix test checks every cell against every endpoint.
 */
public enum Role {
    /** A worker: their own data only (sessions, consents, exemptions, the audit entries about them). */
    WORKER,
    /** Runs the fleet: devices, policy, exemptions, k-anonymous aggregates. Never one person's activity. */
    ADMIN,
    /** Data-subject requests (erasure, access) and the audit log. */
    OFFICER,
    /** Pseudonymous session data, for building datasets only. */
    BUILDER,
    /** An enrolled device uploading and syncing with its own credential. */
    DEVICE;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
