package dev.understudy.e2e;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.Processes;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.demo.Xdo;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Step;
import dev.understudy.reduce.Reducer;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys held with a pointer action, through the real input hook: ctrl+click, shift+drag and
 * ctrl+scroll on an xterm, driven by XTEST, come back as click / drag / scroll steps whose
 * {@code modifiers} name the keys, and no stray key steps for the modifiers themselves.
 */
@Tag("e2e")
class PointerModifiersTest {
    @TempDir Path tmp;

    @Test
    void ctrlClickShiftDragAndCtrlScrollCarryTheirModifiers() throws Exception {
        Path data = tmp.resolve("data");
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, "version: 1\nname: e2e xterm only\nallow_apps: [\"class:XTerm\"]\n");
        try (VirtualDesktop desktop = VirtualDesktop.start(1024, 768)) {
            Xdo xdo = new Xdo(desktop, 30);
            Process term = Processes.start(desktop.env(new ProcessBuilder("xterm", "-T", "Modifiers", "-geometry", "80x24+0+0"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD), "xterm");
            try {
                String win = xdo.waitWindow("Modifiers");
                xdo.activate(win);
                try (RecorderProcess rec = RecorderProcess.start(desktop, data, "--policy", policy.toString())) {
                    rec.awaitEvent(e -> e instanceof RawEvent.WindowFocus w && "Modifiers".equals(w.app().title()), 20_000);
                    xdo.glide(200, 150);
                    xdo.run("keydown", "ctrl", "click", "1", "keyup", "ctrl");
                    rec.awaitReleases(200, 150, 1, 20_000);
                    xdo.glide(100, 200);
                    xdo.run("keydown", "shift", "mousedown", "1", "mousemove", "150", "220", "sleep", "0.05", "mousemove", "200", "240",
                            "sleep", "0.05", "mouseup", "1", "keyup", "shift");
                    rec.awaitReleases(200, 240, 1, 20_000);
                    xdo.glide(300, 300);
                    xdo.run("keydown", "ctrl", "click", "5", "keyup", "ctrl");
                    rec.awaitEvents(ev -> ev.stream().anyMatch(e -> e instanceof RawEvent.Wheel)
                            && ev.stream().anyMatch(e -> e instanceof RawEvent.KeyUp u && "ctrl".equals(u.key()) && u.mono() > lastWheel(ev)), 20_000);
                    assertEquals(0, rec.stop(), rec.stderr());
                }
            } finally {
                term.destroy();
            }
        }
        DataDir dd = DataDir.at(data);
        SessionReader r = dd.open(dd.latestSessionId());
        List<Step> steps = Reducer.reduce(r.manifest().session(), r.manifest(), r.events());
        List<Step> pointer = steps.stream().filter(s -> s.action() instanceof dev.understudy.model.Action.Pointer).toList();
        StringBuilder all = new StringBuilder();
        for (Step s : steps) all.append(s.action()).append('\n');
        assertEquals(3, pointer.size(), all.toString());
        assertEquals("click", pointer.get(0).action().type());
        assertEquals(List.of("ctrl"), pointer.get(0).action().modifiers(), all.toString());
        assertEquals("drag", pointer.get(1).action().type());
        assertEquals(List.of("shift"), pointer.get(1).action().modifiers(), all.toString());
        assertEquals("scroll", pointer.get(2).action().type());
        assertEquals(List.of("ctrl"), pointer.get(2).action().modifiers(), all.toString());
        assertTrue(steps.stream().noneMatch(s -> s.action() != null && ("key".equals(s.action().type()) || "hotkey".equals(s.action().type()))),
                "no steps for the modifier keys alone:\n" + all);
    }

    static long lastWheel(List<RawEvent> ev) {
        long t = Long.MAX_VALUE;
        for (RawEvent e : ev) if (e instanceof RawEvent.Wheel w) t = w.mono();
        return t;
    }
}
