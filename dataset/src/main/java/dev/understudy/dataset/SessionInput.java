package dev.understudy.dataset;

import dev.understudy.model.Manifest;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Step;
import dev.understudy.trace.FrameStore;
import java.util.List;

/**
 * One session as the dataset builder reads it, from a device's data directory or a collector's:
 * its raw events, the steps the reducer made of them, and its frames as they may leave the device
 * (redacted). {@code source} names where it came from (for the lineage), {@code device} and
 * {@code person} are pseudonymous ids (null for a device's own data directory), {@code contentHash}
 * is the SHA-256 of what was read (the lineage manifest keeps it).
 */
public record SessionInput(String sessionId, String source, String device, String person, Manifest manifest,
                           List<RawEvent> events, List<Step> steps, FrameStore frames, String contentHash) {}
