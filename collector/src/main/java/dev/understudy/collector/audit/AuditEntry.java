package dev.understudy.collector.audit;

/**
 * One line of the audit log.
 *
 * @param seq      1, 2, 3 ... without gaps
 * @param at       epoch milliseconds
 * @param role     {@link dev.understudy.collector.govern.Role#wire()} of who acted
 * @param actor    {@link dev.understudy.collector.govern.Actor#id()}
 * @param action   e.g. {@code session.view}, {@code session.export}, {@code dataset.build}, {@code person.erase}
 * @param subject  which data, pseudonymous (device, session, person ids), never content
 * @param prevHash the previous entry's hash (64 zeros for the first)
 * @param hash     SHA-256 hex over the previous hash and this entry's fields
 */
public record AuditEntry(long seq, long at, String role, String actor, String action, String subject, String prevHash, String hash) {}
