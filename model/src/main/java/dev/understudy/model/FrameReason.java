package dev.understudy.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HashMap;
import java.util.Map;

/**
 * Why a {@link RawEvent.Frame} was grabbed. In the trace a reason is its {@link #wire() wire
 * string} ({@code "reason":"settle"}); these strings are trace format and never change.
 *
 * <p>A reason a reader does not know (written by a newer recorder) reads as {@link #UNKNOWN}: the
 * frame stays readable, so a reader loses no event, but the unknown reason's name is not kept.
 */
public enum FrameReason {
    /** The first frame of a recording. */
    START("start"),
    /** The screen just before input started (the observation of the action that follows). */
    ONSET("onset"),
    /** The screen settled after input. */
    SETTLE("settle"),
    /** A while after the foreground window changed. */
    FOCUS("focus"),
    /** A periodic look without input, stored only when the screen changed. */
    KEYFRAME("keyframe"),
    /** A reason this reader does not know; nothing writes it. */
    UNKNOWN("unknown");

    private static final Map<String, FrameReason> BY_WIRE = new HashMap<>();

    static {
        for (FrameReason r : values()) if (r != UNKNOWN) BY_WIRE.put(r.wire, r);
    }

    private final String wire;

    FrameReason(String wire) {
        this.wire = wire;
    }

    /** The reason as the trace spells it. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The reason the trace's string names; {@link #UNKNOWN} for a string this reader does not know, null for null. */
    @JsonCreator
    public static FrameReason of(String wire) {
        if (wire == null) return null;
        return BY_WIRE.getOrDefault(wire, UNKNOWN);
    }

    /** The wire string, so {@code f.reason() + "@"} reads as it always did. */
    @Override
    public String toString() {
        return wire;
    }
}
