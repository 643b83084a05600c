package dev.understudy.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.model.Json;
import dev.understudy.model.Step;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * OSWorld-style results: per session a directory {@code OUT/<session>/} with {@code traj.jsonl} and
 * the screenshots, as OSWorld's runner writes them (and {@code task.json} {@code {id, instruction}}
 * for a task cut by the dataset builder). Each line:
 * <pre>
 * {"step_num": 1,                               // 1-based
 *  "action_timestamp": "20261122@194001123000", // OSWorld's %Y%m%d@%H%M%S%f, session time zone
 *  "action": "pyautogui.click(x=640, y=400)",   // absolute pixels of the step's frame
 *  "reward": 0, "done": false, "info": {},      // as OSWorld writes them; done on the last step
 *  "screenshot_file": "step_1_20261122@194001123000.png",   // the screen AFTER the action, as in OSWorld
 *  "observation_file": "step_1_20261122@194001123000_before.png", // extension: the screen before it
 *  "app": {"name", "window_class", "title", "label", "url"},  // extension; label and url when known
 *  "target": {"source": "dom", "role", "name", "tag", "bbox", "selector", ...},  // extension, when known
 *  "accessibility": {"element", "ancestors", "siblings", ...}}  // extension, a11y targets: A11yTrees#accessibility
 * </pre>
 * OSWorld saves the screenshot returned by {@code env.step}, i.e. after the action; the before
 * screen (what a model sees when choosing the action) is added as {@code observation_file}. A
 * frame is written once per session and reused by later references, so names only hint at the
 * step that first used them. When the step has no after-frame, the next step's observation stands
 * in; null when neither exists.
 */
public final class OsWorldExporter implements Exporter {
    public static final String NAME = "osworld";
    public static final String FILE = "traj.jsonl";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'@'HHmmssSSSSSS", Locale.ROOT);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ExportSummary export(List<ExportSession> sessions, Path out) {
        int steps = 0;
        int frames = 0;
        int missing = 0;
        Set<String> dirs = new HashSet<>();
        for (ExportSession s : sessions) {
            String dirName = uniqueDir(safeName(s.id()), dirs);
            Path dir = out.resolve(dirName);
            FrameSink sink = new FrameSink(dir, "");
            writeSession(s, dir, sink);
            if (s.instruction() != null) writeTask(s, dir);
            steps += s.steps().size();
            frames += sink.written();
            missing += sink.missing();
        }
        return new ExportSummary(NAME, out, sessions.size(), steps, frames, missing);
    }

    /** A task cut by the dataset builder: {@code task.json} with its id and instruction, as OSWorld's task configs name them. */
    private static void writeTask(ExportSession s, Path dir) {
        ObjectNode t = Json.MAPPER.createObjectNode();
        t.put("id", s.id());
        t.put("instruction", s.instruction());
        try {
            java.nio.file.Files.write(dir.resolve("task.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(t));
        } catch (java.io.IOException e) {
            throw new ExportException("cannot write " + dir.resolve("task.json") + ": " + e.getMessage(), e);
        }
    }

    private static void writeSession(ExportSession s, Path dir, FrameSink sink) {
        PyAutoGui py = PyAutoGui.forSession(s.manifest(), PyAutoGui.Coords.ABSOLUTE);
        ZoneId zone = StepRecords.zone(s.manifest());
        List<Step> steps = s.steps();
        try (JsonLines lines = new JsonLines(dir.resolve(FILE))) {
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                int n = i + 1;
                String stamp = STAMP.format(Instant.ofEpochMilli(step.wall()).atZone(zone));
                String base = "step_" + n + "_" + stamp;
                String before = sink.put(s.frames(), step.observation(), base + "_before.png");
                String afterId = step.observationAfter() != null ? step.observationAfter()
                        : i + 1 < steps.size() ? steps.get(i + 1).observation() : null;
                String after = sink.put(s.frames(), afterId, base + ".png");
                int[] screen = StepRecords.screenSize(s.manifest(), step, sink.size(step.observation()));

                ObjectNode rec = Json.MAPPER.createObjectNode();
                rec.put("step_num", n);
                rec.put("action_timestamp", stamp);
                rec.put("action", py.code(step.action(), step.app(), screen[0], screen[1], A11yTrees.clicks(step, s.events(), s.manifest())));
                rec.put("reward", 0);
                rec.put("done", n == steps.size());
                rec.putObject("info");
                rec.put("screenshot_file", after);
                rec.put("observation_file", before);
                rec.set("app", StepRecords.app(step.app()));
                if (StepRecords.hasTarget(step)) rec.set("target", StepRecords.target(step.target()));
                ObjectNode tree = A11yTrees.accessibility(step, s.events(), s.manifest());
                if (tree != null) rec.set("accessibility", tree);
                lines.write(rec);
            }
        }
    }

    /** A directory name from a session id: [A-Za-z0-9._-] kept, anything else '_', never "." or "..". */
    static String safeName(String id) {
        StringBuilder b = new StringBuilder();
        for (char c : id.toCharArray()) {
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
            b.append(ok ? c : '_');
        }
        String s = b.toString();
        if (s.isEmpty() || s.chars().allMatch(c -> c == '.')) s = "session" + s.replace('.', '_');
        return s;
    }

    private static String uniqueDir(String name, Set<String> used) {
        String n = name;
        for (int i = 2; !used.add(n.toLowerCase(Locale.ROOT)); i++) n = name + "-" + i;
        return n;
    }
}
