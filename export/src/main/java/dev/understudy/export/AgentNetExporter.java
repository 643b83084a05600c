package dev.understudy.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.model.Json;
import dev.understudy.model.Step;
import java.nio.file.Path;
import java.util.List;

/**
 * OpenCUA / AgentNet-style trajectories: {@code OUT/trajectories.jsonl} with one task per line and
 * {@code OUT/images/<frame id>.png}. Each line:
 * <pre>
 * {"task_id": session id,
 *  "instruction": null,                       // the task goal: null for a whole session; a task's instruction from the dataset builder
 *  "traj": [{"index": 0,                      // position in the trajectory, 0-based
 *            "image": "images/&lt;id&gt;.png",      // observation before the action, relative to OUT
 *                                             // (OpenCUA tools: --image_folder OUT); null if missing
 *            "value": {"code": "pyautogui.click(x=0.5, y=0.5)",   // normalised, see PyAutoGui
 *                      "action": "Click at (640, 400) in XTerm",
 *                      "thought": null,       // filled by CoT generation (OpenCUA CoTGenerator)
 *                      "last_step_flag": false},
 *            "target": {"source": "dom", "role", "name", ...},     // extension, only when known
 *            "accessibility": {"element": {...}, "ancestors": [...], "siblings": [...]}}]}
 *                                             // extension, a11y targets only: see A11yTrees#accessibility
 * </pre>
 * A menu_select's code is the clicks that do it (each menu on its path, then the entry); a desktop
 * select_option's the clicks on the combo box and the entry ({@link PyAutoGui}).
 * The field names follow OpenCUA's CoTGenerator input (task_id, instruction, traj[].image,
 * traj[].value.code), so its pipeline can enrich our trajectories with observations and thoughts.
 */
public final class AgentNetExporter implements Exporter {
    public static final String NAME = "agentnet";
    public static final String FILE = "trajectories.jsonl";
    public static final String IMAGES = "images/";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ExportSummary export(List<ExportSession> sessions, Path out) {
        FrameSink sink = new FrameSink(out, IMAGES);
        int steps = 0;
        try (JsonLines lines = new JsonLines(out.resolve(FILE))) {
            for (ExportSession s : sessions) {
                lines.write(trajectory(s, sink));
                steps += s.steps().size();
            }
        }
        return new ExportSummary(NAME, out, sessions.size(), steps, sink.written(), sink.missing());
    }

    private static ObjectNode trajectory(ExportSession s, FrameSink sink) {
        PyAutoGui py = PyAutoGui.forSession(s.manifest(), PyAutoGui.Coords.NORMALISED);
        boolean mac = StepRecords.isMac(s.manifest());
        ObjectNode task = Json.MAPPER.createObjectNode();
        task.put("task_id", s.id());
        if (s.instruction() != null) task.put("instruction", s.instruction());
        else task.putNull("instruction");
        ArrayNode traj = task.putArray("traj");
        List<Step> steps = s.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String image = sink.put(s.frames(), step.observation());
            int[] screen = StepRecords.screenSize(s.manifest(), step, sink.size(step.observation()));
            ObjectNode item = traj.addObject();
            item.put("index", i);
            item.put("image", image);
            ObjectNode value = item.putObject("value");
            value.put("code", py.code(step.action(), step.app(), screen[0], screen[1], A11yTrees.clicks(step, s.events(), s.manifest())));
            value.put("action", StepDescriptions.imperative(step, mac));
            value.putNull("thought");
            value.put("last_step_flag", i == steps.size() - 1);
            // extension: what the action was performed on, when known (a DOM element from the browser bridge)
            if (StepRecords.hasTarget(step)) item.set("target", StepRecords.target(step.target()));
            // extension: the grounded element's accessibility subtree, ancestors and siblings (a11y targets)
            ObjectNode tree = A11yTrees.accessibility(step, s.events(), s.manifest());
            if (tree != null) item.set("accessibility", tree);
        }
        return task;
    }
}
