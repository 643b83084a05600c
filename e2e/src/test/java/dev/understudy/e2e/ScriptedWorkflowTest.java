package dev.understudy.e2e;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.cli.Main;
import dev.understudy.demo.DemoWorkflow;
import dev.understudy.demo.DemoWorkflow.Expected;
import dev.understudy.demo.NotesApp;
import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.demo.Xdo;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path a user takes: a real Xvfb desktop with openbox, a real terminal and a real Swing
 * app, real input through XTEST, `understudy record` as a child process, then `export`. The
 * exported steps must reproduce the scripted workflow.
 */
@Tag("e2e")
class ScriptedWorkflowTest {
    @TempDir Path tmp;

    @Test
    void exportedStepsReproduceTheScriptedWorkflow() throws Exception {
        Path data = tmp.resolve("data");
        Path out = tmp.resolve("out");
        List<Expected> expected;
        String session;
        try (VirtualDesktop desktop = VirtualDesktop.start(1280, 800);
             DemoWorkflow wf = new DemoWorkflow(desktop, new Xdo(desktop))) {
            wf.launchApps();
            try (RecorderProcess rec = RecorderProcess.start(desktop, data)) {
                session = rec.sessionId();
                expected = wf.perform(s -> { });
                int[] last = wf.lastPoint();
                // the third button release of the final triple click is the last scripted event
                rec.awaitReleases(last[0], last[1], 3, 20_000);
                assertEquals(0, rec.stop(), "recorder exit code; stderr: " + rec.stderr());
            }
        }
        assertEquals(0, Main.run("export", "--data", data.toString(), "--out", out.toString(), "--session", session));
        List<JsonNode> steps = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("steps.jsonl"))) steps.add(Json.MAPPER.readTree(line));

        StringBuilder report = new StringBuilder();
        int matched = 0;
        int cursor = 0;
        List<String> missing = new ArrayList<>();
        for (Expected e : expected) {
            int found = -1;
            for (int i = cursor; i < steps.size(); i++) {
                if (matches(e, steps.get(i))) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                missing.add(e.describe());
            } else {
                for (int i = cursor; i < found; i++) report.append("  extra: ").append(steps.get(i)).append('\n');
                matched++;
                cursor = found + 1;
            }
        }
        for (int i = cursor; i < steps.size(); i++) report.append("  extra: ").append(steps.get(i)).append('\n');
        System.out.println("steps recognised: " + matched + " of " + expected.size() + " scripted; " + steps.size() + " exported");
        assertTrue(missing.isEmpty(), "missing steps: " + missing + "\nall steps:\n" + dump(steps));
        assertEquals(expected.size(), steps.size(), "unexpected extra steps:\n" + report);

        for (JsonNode s : steps) {
            String obs = s.path("observation").asText(null);
            assertNotNull(obs, "step without observation: " + s);
            BufferedImage img = ImageIO.read(out.resolve(obs).toFile());
            assertNotNull(img, "not a PNG: " + obs);
            assertEquals(1280, img.getWidth());
            assertEquals(800, img.getHeight());
            assertEquals(1280, s.path("screen").path("width").asInt());
        }

        // The notes app is named as its user would (its desktop entry, which the demo's desktop
        // provides), while policies still see the process.
        int notes = 0;
        for (JsonNode s : steps) {
            if (!s.path("app").path("title").asText("").startsWith(NotesApp.TITLE)) continue;
            notes++;
            assertEquals("java", s.path("app").path("name").asText(), "the process name: " + s);
            assertEquals(NotesApp.NAME, s.path("app").path("label").asText(null), "the label: " + s);
        }
        assertTrue(notes > 0, "steps in the notes app:\n" + dump(steps));
        Path agentnet = tmp.resolve("agentnet");
        assertEquals(0, Main.run("export", "--data", data.toString(), "--out", agentnet.toString(), "--session", session,
                "--format", "agentnet"));
        List<String> inNotes = new ArrayList<>();
        for (JsonNode t : Json.MAPPER.readTree(Files.readAllLines(agentnet.resolve("trajectories.jsonl")).get(0)).path("traj")) {
            String action = t.path("value").path("action").asText();
            assertFalse(action.endsWith(" in java"), action);
            if (action.endsWith(" in " + NotesApp.NAME)) inNotes.add(action);
        }
        assertFalse(inNotes.isEmpty(), "no AgentNet instruction says \"in Notes\"");
    }

    static boolean matches(Expected e, JsonNode s) {
        JsonNode a = s.path("action");
        if (!e.type().equals(a.path("type").asText())) return false;
        if (e.x() != null && (Math.abs(a.path("x").asInt(-999) - e.x()) > 3 || Math.abs(a.path("y").asInt(-999) - e.y()) > 3)) return false;
        if (e.toX() != null && (Math.abs(a.path("to_x").asInt(-999) - e.toX()) > 3 || Math.abs(a.path("to_y").asInt(-999) - e.toY()) > 3)) return false;
        if (e.dy() != null && a.path("dy").asInt() != e.dy()) return false;
        if (e.text() != null && !e.text().equals(a.path("text").asText(null))) return false;
        if (e.key() != null && !e.key().equals(a.path("key").asText(null))) return false;
        if (e.keys() != null) {
            List<String> ks = new ArrayList<>();
            a.path("keys").forEach(k -> ks.add(k.asText()));
            if (!e.keys().equals(ks)) return false;
        }
        if (e.app() != null) {
            String title = s.path("app").path("title").asText("");
            if (!title.startsWith(e.app())) return false;
        }
        return true;
    }

    static String dump(List<JsonNode> steps) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode s : steps) sb.append("  ").append(s.path("action")).append(" @ ").append(s.path("app").path("title")).append('\n');
        return sb.toString();
    }
}
