package dev.understudy.dataset;

import java.util.List;

/**
 * One row of the dataset: one step of one task, with its screenshot. The column names
 * (docs/datasets.md) are these components in snake_case, in this order; the schema is stable
 * across builds. Coordinates are pixels of {@code image} (its top-left is 0,0), and
 * {@code x_norm}/{@code y_norm} are the same point divided by the image's width and height (0–1).
 * Absent values are null (never 0 or "").
 *
 * @param image     PNG bytes of the screen just before the step (the redacted frame), or null
 * @param imagePath the image's name inside the dataset ({@code <episode_id>/<step_index>.png})
 * @param keys      keys of a hotkey or key press, lower case ({@code ["ctrl","s"]}); empty otherwise
 * @param targetBbox x, y, w, h in image pixels, or null
 * @param flags     the task's flags plus the step's own ({@code no_op_steps} on the step that was one)
 * @param time      the step's wall time, epoch milliseconds UTC
 */
public record StepRow(
        String episodeId,
        String sessionId,
        int stepIndex,
        String instruction,
        String stepInstruction,
        byte[] image,
        String imagePath,
        Integer imageWidth,
        Integer imageHeight,
        String actionType,
        Integer x,
        Integer y,
        Double xNorm,
        Double yNorm,
        Integer toX,
        Integer toY,
        Integer dx,
        Integer dy,
        String text,
        List<String> keys,
        String option,
        String pyautogui,
        String app,
        String windowTitle,
        String url,
        String targetRole,
        String targetName,
        List<Integer> targetBbox,
        List<String> flags,
        long time) {

    /** The column names, in order. */
    public static final List<String> COLUMNS = List.of("episode_id", "session_id", "step_index", "instruction", "step_instruction",
            "image", "image_width", "image_height", "action_type", "x", "y", "x_norm", "y_norm", "to_x", "to_y", "dx", "dy",
            "text", "keys", "option", "pyautogui", "app", "window_title", "url", "target_role", "target_name", "target_bbox",
            "flags", "time");
}
