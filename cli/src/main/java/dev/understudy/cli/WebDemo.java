package dev.understudy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.demo.BrowserProcess;
import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.SiteServer;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.demo.WebWorkflow;
import dev.understudy.demo.Xdo;
import dev.understudy.export.ExportSession;
import dev.understudy.export.Exporters;
import dev.understudy.export.StepRecords;
import dev.understudy.export.ViewerWriter;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Step;
import dev.understudy.model.browser.BrowserMessage;
import dev.understudy.trace.DataDir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's browser part: Chromium (with a fresh profile, the extension and the bridge) on the
 * bundled work-app site, driven through a short web workflow while the recorder runs; then the
 * steps and Mind2Web exports, a viewer, and how many scripted web actions came back grounded.
 */
final class WebDemo {
    /** Sub-paths of the demo's output this part writes. */
    static final List<String> OUTPUTS = List.of("web-dataset", "mind2web", "web-viewer.html");

    interface DesktopOpener {
        VirtualDesktop open() throws IOException, InterruptedException;
    }

    private WebDemo() {}

    static void run(Path out, DesktopOpener desktops, java.io.PrintWriter stdout) throws Exception {
        if (!BrowserProcess.available()) {
            say(stdout, "browser part skipped: no Chromium or Google Chrome is installed (Debian: sudo apt-get install chromium)");
            return;
        }
        Path data = out.resolve("data");
        Path dataset = out.resolve("web-dataset");
        Path mind2web = out.resolve("mind2web");
        Path viewer = out.resolve("web-viewer.html");
        String session;
        List<WebWorkflow.Expected> expected;
        say(stdout, "");
        say(stdout, "browser part: Chromium with the Understudy extension on a small web app (Acme Desk)...");
        try (VirtualDesktop desktop = desktops.open(); SiteServer site = SiteServer.start()) {
            WebWorkflow wf = new WebWorkflow(desktop, new Xdo(desktop, 30), site);
            try (RecorderProcess rec = RecorderProcess.start(desktop, data);
                 BrowserProcess browser = BrowserProcess.start(desktop, data, wf.startUrl())) {
                session = rec.sessionId();
                say(stdout, "recording session " + session + "; browser pid " + browser.browserPid() + ", site " + site.origin());
                rec.awaitEvent(e -> e instanceof RawEvent.Browser, 60_000);
                wf.awaitStart();
                expected = wf.perform(s -> say(stdout, "  " + s));
                rec.awaitEvent(e -> e instanceof RawEvent.Browser b && b.message() instanceof BrowserMessage.Navigate n
                        && n.envelope().url() != null && n.envelope().url().endsWith(wf.lastUrlEnd()), 30_000);
                int code = rec.stop();
                if (code != 0) throw new IOException("the recorder exited with " + code + ": " + rec.stderr().trim());
            }
        }
        ExportSession s = ExportCommand.load(DataDir.at(data), session, stdout);
        stdout.println(Exporters.run("steps", List.of(s), dataset, true).line());
        stdout.println(Exporters.run("mind2web", List.of(s), mind2web, true).line());
        ViewerWriter.write(s, viewer);
        List<JsonNode> steps = new ArrayList<>();
        for (Step st : s.steps()) steps.add(StepRecords.step(s.id(), st, null, null, new int[] {0, 0}));
        int grounded = 0;
        for (int m : WebWorkflow.align(expected, steps)) if (m >= 0) grounded++;
        long dom = s.steps().stream().filter(StepRecords::hasTarget).count();
        stdout.println();
        stdout.printf("web steps recognised: %d, %d of them grounded in a page element%n", s.steps().size(), dom);
        stdout.printf("grounded: %d of %d scripted web actions (element, label, option or URL as scripted)%n", grounded, expected.size());
        stdout.println("web dataset: " + dataset.resolve("steps.jsonl").toAbsolutePath());
        stdout.println("mind2web:    " + mind2web.resolve("tasks.jsonl").toAbsolutePath());
        stdout.println("web viewer:  " + viewer.toAbsolutePath());
    }

    private static void say(java.io.PrintWriter stdout, String s) {
        stdout.println(s);
        stdout.flush();
    }
}
