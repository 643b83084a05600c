package dev.understudy.dataset.format;

import dev.understudy.dataset.StepRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The dataset's columns, one entry per name of {@link StepRow#COLUMNS}, in that order: each with its type, how it is
 * read from a row, and its one-line description (the card's column table). The single place that the Parquet schema,
 * the Hugging Face features (footer and card) and the WebDataset JSON are made from, so they cannot drift apart.
 */
public final class Columns {
    /** The types a column can have. */
    public enum Kind {
        STRING("string"), INT32("int32"), INT64("int64"), FLOAT64("float64"), IMAGE(null),
        LIST_STRING("string"), LIST_INT32("int32");

        /** The Hugging Face {@code Value} dtype of the column or of its list's elements (null for the image). */
        public final String dtype;

        Kind(String dtype) { this.dtype = dtype; }

        public boolean isList() { return this == LIST_STRING || this == LIST_INT32; }
    }

    /** One column: its name (snake_case), type, accessor and description. */
    public record Column(String name, Kind kind, Function<StepRow, Object> get, String description) {}

    public static final List<Column> ALL = List.of(
            c("episode_id", Kind.STRING, StepRow::episodeId, "task id, `<session>-<index>` (no dots)"),
            c("session_id", Kind.STRING, StepRow::sessionId, "the recording session the task was cut from"),
            c("step_index", Kind.INT32, StepRow::stepIndex, "the step's position in its task, from 0"),
            c("instruction", Kind.STRING, StepRow::instruction, "the task's instruction (worker's label, else the describer's)"),
            c("step_instruction", Kind.STRING, StepRow::stepInstruction, "a short low-level instruction for this step"),
            c("image", Kind.IMAGE, r -> r, "the screen just before the step: PNG bytes and path `<episode_id>/<step_index>.png`"),
            c("image_width", Kind.INT32, StepRow::imageWidth, "width of `image` in pixels"),
            c("image_height", Kind.INT32, StepRow::imageHeight, "height of `image` in pixels"),
            c("action_type", Kind.STRING, StepRow::actionType, "click, double_click, right_click, drag, scroll, type, hotkey, press, select, wait, ..."),
            c("x", Kind.INT32, StepRow::x, "pointer x in pixels of `image` (origin top-left)"),
            c("y", Kind.INT32, StepRow::y, "pointer y in pixels of `image` (origin top-left)"),
            c("x_norm", Kind.FLOAT64, StepRow::xNorm, "x / image_width, 0-1"),
            c("y_norm", Kind.FLOAT64, StepRow::yNorm, "y / image_height, 0-1"),
            c("to_x", Kind.INT32, StepRow::toX, "drag end x in pixels of `image`"),
            c("to_y", Kind.INT32, StepRow::toY, "drag end y in pixels of `image`"),
            c("dx", Kind.INT32, StepRow::dx, "scroll amount, horizontal"),
            c("dy", Kind.INT32, StepRow::dy, "scroll amount, vertical"),
            c("text", Kind.STRING, StepRow::text, "typed text (redacted: placeholders such as [EMAIL])"),
            c("keys", Kind.LIST_STRING, StepRow::keys, "keys of a hotkey or key press, lower case; empty otherwise"),
            c("option", Kind.STRING, StepRow::option, "the option chosen in a select element"),
            c("pyautogui", Kind.STRING, StepRow::pyautogui, "the action as pyautogui code, in pixels of `image`"),
            c("app", Kind.STRING, StepRow::app, "the application in front"),
            c("window_title", Kind.STRING, StepRow::windowTitle, "the window's title"),
            c("url", Kind.STRING, StepRow::url, "the page's URL (browser steps)"),
            c("target_role", Kind.STRING, StepRow::targetRole, "role of the element acted on (browser or accessibility)"),
            c("target_name", Kind.STRING, StepRow::targetName, "accessible name of the element acted on"),
            c("target_bbox", Kind.LIST_INT32, StepRow::targetBbox, "the element's box: x, y, w, h in pixels of `image`"),
            c("flags", Kind.LIST_STRING, StepRow::flags, "quality flags of the task plus the step's own"),
            c("time", Kind.INT64, StepRow::time, "the step's wall time, epoch milliseconds UTC"));

    static {
        if (!ALL.stream().map(Column::name).toList().equals(StepRow.COLUMNS))
            throw new IllegalStateException("Columns.ALL does not match StepRow.COLUMNS");
    }

    private Columns() {}

    private static Column c(String name, Kind kind, Function<StepRow, Object> get, String description) {
        return new Column(name, kind, get, description);
    }

    /** The Hugging Face {@code datasets} feature of each column, as written in the Parquet footer key {@code huggingface}. */
    public static Map<String, Object> hfFeatures() {
        Map<String, Object> features = new LinkedHashMap<>();
        for (Column c : ALL) features.put(c.name(), hfFeature(c.kind()));
        return features;
    }

    /**
     * {@code Sequence} rather than the {@code List} that datasets ≥ 4 writes: every version reads {@code Sequence}
     * (≥ 4 turns it into a List), while datasets &lt; 4 does not know {@code List}.
     */
    static Map<String, Object> hfFeature(Kind kind) {
        if (kind == Kind.IMAGE) return Map.of("_type", "Image");
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("dtype", kind.dtype);
        value.put("_type", "Value");
        if (!kind.isList()) return value;
        Map<String, Object> seq = new LinkedHashMap<>();
        seq.put("feature", value);
        seq.put("_type", "Sequence");
        return seq;
    }
}
