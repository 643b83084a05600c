package dev.understudy.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HashMap;
import java.util.Map;

/**
 * The kind of a {@link RawEvent.Marker}. In the trace a kind is its {@link #wire() wire string}
 * ({@code "kind":"paused"}); these strings are trace format and never change. The privacy layer's
 * kinds are described in docs/trace-format.md ("Privacy markers") and docs/privacy.md.
 *
 * <p>A kind a reader does not know (written by a newer recorder) reads as {@link #UNKNOWN}: the
 * marker stays readable, so a reader loses no event, but the unknown kind's name is not kept.
 */
public enum MarkerKind {
    /** The recording started. */
    START("start"),
    /** The recording stopped; detail: why. */
    STOP("stop"),
    /** Events were lost; detail: how many and why ("12 events: queue full"). */
    DROPPED("dropped"),
    /** The session was recovered after a crash (a kind readers know; nothing writes it today). */
    RECOVERED("recovered"),
    /** Capture paused; detail: who paused it ("cli", "hotkey", "page", "tray"). */
    PAUSED("paused"),
    /** Capture resumed after a pause; detail: who. */
    RESUMED("resumed"),
    /** Capture withheld by the policy; detail: the reason ("app not allowed", "correspondent abroad"). */
    SUSPENDED("suspended"),
    /** Capture allowed again after {@link #SUSPENDED}. */
    UNSUSPENDED("unsuspended"),
    /** The disk quota was reached: nothing new is captured. */
    QUOTA("quota"),
    /** Below the disk quota again. */
    QUOTA_CLEARED("quota_cleared"),
    /** The person asked to be exempted from recording. */
    EXEMPTION_REQUESTED("exemption_requested"),
    /** The recording notice was accepted; detail: the notice and policy version. */
    NOTICE("notice"),
    /** From here on, what is typed is not shown on screen (a password prompt): it is a secret. */
    INPUT_HIDDEN("input_hidden"),
    /** Typed input is shown again. */
    INPUT_SHOWN("input_shown"),
    /** Keys typed where they could not be checked were not stored; detail: where and how many. */
    INPUT_WITHHELD("input_withheld"),
    /** Input was redacted (e.g. typed into a sensitive field); detail: where. */
    REDACTED("redacted"),
    /** The worker said what they were doing (control page); detail: the label, redacted like typed text. The dataset builder makes it the task's instruction. */
    TASK_LABEL("task_label"),
    /** A task boundary asked for explicitly; detail: optional. */
    TASK("task"),
    /** A kind this reader does not know; nothing writes it. */
    UNKNOWN("unknown");

    private static final Map<String, MarkerKind> BY_WIRE = new HashMap<>();

    static {
        for (MarkerKind k : values()) if (k != UNKNOWN) BY_WIRE.put(k.wire, k);
    }

    private final String wire;

    MarkerKind(String wire) {
        this.wire = wire;
    }

    /** The kind as the trace spells it. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The kind the trace's string names; {@link #UNKNOWN} for a string this reader does not know, null for null. */
    @JsonCreator
    public static MarkerKind of(String wire) {
        if (wire == null) return null;
        return BY_WIRE.getOrDefault(wire, UNKNOWN);
    }

    /** The wire string, so {@code m.kind() + ":" + m.detail()} reads as it always did. */
    @Override
    public String toString() {
        return wire;
    }
}
