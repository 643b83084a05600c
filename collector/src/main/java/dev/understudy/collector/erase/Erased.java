package dev.understudy.collector.erase;

import java.util.List;

/**
 * What one erasure did.
 *
 * @param person      the person whose data it was
 * @param sessions    the sessions tombstoned, as {@code DEVICE:SESSION}
 * @param chunks      chunk blobs deleted (for a person: every one of theirs)
 * @param keyShredded whether a data key was destroyed (the person's, for a person erasure)
 * @param staleBuilds dataset builds marked stale by it
 * @param at          when (epoch milliseconds)
 */
public record Erased(String person, List<String> sessions, long chunks, boolean keyShredded, List<String> staleBuilds, long at) {}
