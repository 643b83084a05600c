package dev.understudy.dataset;

/** Names of the quality flags, kept as a column (never silently filtered; `--drop-flagged` chooses). */
public final class Flags {
    /** Fewer steps than a task needs to teach anything (default fewer than 2). */
    public static final String TOO_FEW_STEPS = "too_few_steps";
    /** More than a third of its pointer steps are not grounded in an element (browser target or accessibility). */
    public static final String UNGROUNDED = "ungrounded";
    /** More than a quarter of its typed text is redaction placeholders, or its frames are heavily masked. */
    public static final String HEAVY_REDACTION = "heavy_redaction";
    /** A step after which the screen did not change (observation == observation after). */
    public static final String NO_OP = "no_op_steps";
    /** The same action repeated, or undone (ctrl+z, backspace runs erasing what was typed). */
    public static final String REPEATED_OR_UNDONE = "repeated_or_undone";
    /** Near-duplicate of an earlier task (perceptual hash of its frames plus its action sequence). */
    public static final String NEAR_DUPLICATE = "near_duplicate";

    /** A row's point (or target box) falls outside its image; its x/y are null (the row's own flag). */
    public static final String POINT_OUTSIDE_IMAGE = "point_outside_image";

    private Flags() {}
}
