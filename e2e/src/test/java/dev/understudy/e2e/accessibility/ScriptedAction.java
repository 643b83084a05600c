package dev.understudy.e2e.accessibility;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.model.Rect;
import java.util.List;

/**
 * One action a test performed on a real application, and what the recorder should have grounded
 * it in: the step type, the element's role (any of several where toolkits differ) and name, and
 * the click point (null for keyboard actions). A name may list alternatives: "B5|Cell B5".
 */
record ScriptedAction(String app, String stepType, List<String> roles, String name, int[] point, String what) {
    static ScriptedAction click(String app, String role, String name, Rect box, String what) {
        return new ScriptedAction(app, "click", List.of(role), name, new int[] {TreeOracle.cx(box), TreeOracle.cy(box)}, what);
    }

    /** Whether a step of steps.jsonl is this action, grounded in this element. */
    boolean groundedBy(JsonNode step) {
        if (!stepType.equals(step.at("/action/type").asText())) return false;
        JsonNode t = step.path("target");
        if (!"a11y".equals(t.path("source").asText())) return false;
        if (!roles.contains(t.path("role").asText())) return false;
        if (name != null && !List.of(name.split("\\|")).contains(t.path("name").asText().strip())) return false;
        if (point == null) return true;
        JsonNode b = t.path("bbox");
        if (!b.isArray() || b.size() != 4) return false;
        return new Rect(b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(), b.get(3).asInt()).contains(point[0], point[1]);
    }

    String describe() {
        return app + ": " + what + " (" + stepType + " on " + roles + " \"" + name + "\"" + (point == null ? "" : " at " + point[0] + "," + point[1]) + ")";
    }
}
