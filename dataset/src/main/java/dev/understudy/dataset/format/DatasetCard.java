package dev.understudy.dataset.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The dataset card, {@code README.md}: a YAML header the Hugging Face Hub reads (licence placeholder, task
 * categories and tags, the default config's data files, {@code dataset_info} with every column's feature and the
 * splits' sizes), then what the dataset is, how to load it, its coordinate convention, screens, policies, redaction,
 * statistics, columns and lineage. Every text that comes from data is escaped for Markdown; every YAML string quoted.
 */
public final class DatasetCard {
    public static final String FILE = "README.md";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetCard() {}

    public static Path write(Path dir, CardInput in, DatasetStats stats) throws IOException {
        Path out = dir.resolve(FILE);
        Files.createDirectories(dir);
        Files.writeString(out, render(in, stats), StandardCharsets.UTF_8);
        return out;
    }

    static String render(CardInput in, DatasetStats s) {
        StringBuilder b = new StringBuilder();
        yaml(b, in, s);
        b.append("\n# ").append(md(in.name())).append("\n\n");
        if (in.summary() != null && !in.summary().isBlank()) b.append(md(in.summary())).append("\n\n");
        b.append("Recordings of people using their computers, cut into tasks: one row per step (an action such as a click, "
                + "typed text or a hotkey), with the screenshot just before it, the task's instruction, a low-level "
                + "instruction for the step, the action's coordinates and, when known, the element acted on.\n\n");

        b.append("## Load it\n\n```python\nimport datasets\nds = datasets.load_dataset(\"path/to/this/folder\")  # or the Hub repo id\n```\n\n");
        if (in.formats().contains("webdataset"))
            b.append("The same rows are also written as WebDataset tar shards: one sample per step, `KEY.png` (the screenshot) "
                    + "and `KEY.json` (the other columns), `KEY` = `<episode_id>_<step_index, 4 digits>`.\n\n");

        b.append("## Coordinates\n\n")
                .append("- `x`, `y`, `to_x`, `to_y` and `target_bbox` are **pixels of `image`**, origin at its top-left corner.\n")
                .append("- `x_norm`, `y_norm` are the same point divided by `image_width`, `image_height`: **0–1**.\n")
                .append("- `pyautogui` uses the normalised 0–1 coordinates.\n")
                .append("- HiDPI: each frame holds the **physical pixels of one monitor** (the one under the action); pointer "
                        + "positions, which the OS reports in logical points across all monitors, were converted into that "
                        + "frame's pixels (minus the monitor's origin, times its scale factor).\n\n");

        b.append("### Screens\n\n| monitor (logical) | scale | sessions |\n|---|---|---|\n");
        for (CardInput.Screen sc : in.screens())
            b.append("| ").append(sc.width()).append("×").append(sc.height()).append(" | ").append(fmt(sc.scale())).append(" | ")
                    .append(sc.sessions()).append(" |\n");
        b.append("\n| image size (pixels) | steps |\n|---|---|\n");
        s.imageSizes().forEach((k, v) -> b.append("| ").append(md(k.replace("x", "×"))).append(" | ").append(v).append(" |\n"));

        b.append("\n## Policies in force\n\n| policy | version | digest |\n|---|---|---|\n");
        for (CardInput.Policy p : in.policies())
            b.append("| ").append(md(p.name())).append(" | ").append(md(p.version())).append(" | `").append(md(p.digest())).append("` |\n");

        b.append("\n## Redaction\n\n");
        if (in.redaction() != null) b.append(md(in.redaction())).append("\n\n");
        b.append("Placeholders in typed text (`text`) of this dataset, by kind:\n\n| placeholder | count |\n|---|---|\n");
        s.placeholders().forEach((k, v) -> b.append("| `[").append(md(k)).append("]` | ").append(v).append(" |\n"));
        b.append("\n").append(s.redactedTextSteps()).append(" of ").append(s.textSteps())
                .append(" steps with typed text hold a placeholder (").append(pct(s.redactionRate())).append(").\n\n");

        b.append("## Statistics\n\n")
                .append("- tasks: ").append(s.tasks()).append("; steps: ").append(s.steps()).append("\n");
        s.tasksBySplit().forEach((k, v) -> b.append("- split `").append(md(k)).append("`: ").append(v).append(" tasks, ")
                .append(s.stepsBySplit().get(k)).append(" steps\n"));
        b.append("- apps: ").append(s.apps().size()).append("; sites: ").append(s.sites().size()).append("\n")
                .append("- grounding rate (pointer steps with a target element): ").append(pct(s.groundingRate()))
                .append(" of ").append(s.pointerSteps()).append("\n")
                .append("- steps with a screenshot: ").append(s.stepsWithImage()).append("\n\n");
        b.append("| action type | steps |\n|---|---|\n");
        DatasetStats.top(s.actionTypes(), 50).forEach((k, v) -> b.append("| ").append(md(k)).append(" | ").append(v).append(" |\n"));
        b.append("\n| app (top 20) | steps |\n|---|---|\n");
        DatasetStats.top(s.apps(), 20).forEach((k, v) -> b.append("| ").append(md(k)).append(" | ").append(v).append(" |\n"));
        b.append("\n| site (top 20) | steps |\n|---|---|\n");
        DatasetStats.top(s.sites(), 20).forEach((k, v) -> b.append("| ").append(md(k)).append(" | ").append(v).append(" |\n"));
        b.append("\nQuality flags are a column, never a silent filter (`--drop-flagged` drops flagged tasks at build time).\n\n"
                + "| flag | tasks |\n|---|---|\n");
        s.taskFlags().forEach((k, v) -> b.append("| `").append(md(k)).append("` | ").append(v).append(" |\n"));
        b.append("\nPlots: [stats.html](stats.html).\n\n");

        b.append("## Columns\n\n| column | type | description |\n|---|---|---|\n");
        for (Columns.Column c : Columns.ALL)
            b.append("| `").append(c.name()).append("` | ").append(typeName(c.kind())).append(" | ").append(md(c.description())).append(" |\n");
        b.append("\nAbsent values are null (never 0 or \"\").\n\n");

        b.append("## Build parameters\n\n");
        if (in.parameters().isEmpty()) b.append("(defaults)\n");
        in.parameters().forEach((k, v) -> b.append("- `").append(md(k)).append("`: `").append(md(v)).append("`\n"));
        b.append("\n## Lineage\n\n[manifest.json](manifest.json) lists every source session (pseudonymous device and person "
                + "ids), its content hash, the tasks made of it, this build's parameters and code version, and the SHA-256 of "
                + "every file here.\n");
        return b.toString();
    }

    private static void yaml(StringBuilder b, CardInput in, DatasetStats s) {
        b.append("---\n")
                .append("# TODO choose a licence before publishing: a Hub identifier (e.g. cc-by-4.0, cc-by-nc-4.0), or keep\n")
                .append("# `other` and add license_name / license_link for your own terms.\n")
                .append("license: other\n")
                .append("pretty_name: ").append(q(in.name())).append("\n")
                .append("task_categories:\n- image-text-to-text\n")
                .append("tags:\n- gui-agent\n- computer-use\n- screenshots\n- trajectories\n")
                .append("size_categories:\n- ").append(sizeCategory(s.steps())).append("\n")
                .append("configs:\n- config_name: default\n  data_files:\n");
        for (String split : s.stepsBySplit().keySet())
            b.append("  - split: ").append(q(split)).append("\n    path: ").append(q("data/" + split + "-*")).append("\n");
        b.append("dataset_info:\n  features:\n");
        for (Columns.Column c : Columns.ALL) {
            b.append("  - name: ").append(c.name()).append("\n");
            if (c.kind() == Columns.Kind.IMAGE) b.append("    dtype: image\n");
            else if (c.kind().isList()) b.append("    sequence: ").append(c.kind().dtype).append("\n");
            else b.append("    dtype: ").append(c.kind().dtype).append("\n");
        }
        b.append("  splits:\n");
        s.stepsBySplit().forEach((k, v) -> b.append("  - name: ").append(q(k)).append("\n    num_examples: ").append(v).append("\n"));
        b.append("---\n");
    }

    private static String typeName(Columns.Kind k) {
        return switch (k) {
            case IMAGE -> "image (PNG)";
            case LIST_STRING -> "list of string";
            case LIST_INT32 -> "list of int32";
            default -> k.dtype;
        };
    }

    static String sizeCategory(long n) {
        if (n < 1_000) return "n<1K";
        if (n < 10_000) return "1K<n<10K";
        if (n < 100_000) return "10K<n<100K";
        if (n < 1_000_000) return "100K<n<1M";
        if (n < 10_000_000) return "1M<n<10M";
        if (n < 100_000_000) return "10M<n<100M";
        return "100M<n<1B";
    }

    /** A YAML double-quoted scalar (a JSON string is one). */
    static String q(String s) {
        try {
            return JSON.writeValueAsString(s == null ? "" : s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text from data, made inert in Markdown (and in a table cell): no HTML, no pipes, no line breaks. */
    static String md(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '|' -> b.append("\\|");
                case '`' -> b.append("'");
                case '\n', '\r' -> b.append(' ');
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String pct(double rate) { return String.format(Locale.ROOT, "%.1f%%", rate * 100); }

    private static String fmt(double d) { return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d); }

}
