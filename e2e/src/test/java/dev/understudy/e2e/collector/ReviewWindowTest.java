package dev.understudy.e2e.collector;

import static dev.understudy.e2e.collector.CollectorHarness.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.demo.Processes;
import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.ServerProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.demo.Xdo;
import dev.understudy.e2e.Cli;
import dev.understudy.model.RawEvent;
import dev.understudy.trace.DataDir;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review window: a finished session waits on the device (24 h by default) and nothing sends it
 * early, not even a foreground upload; the control page lists it with when it goes, shows it, and
 * deletes it; a deleted session never reaches the collector.
 */
@Tag("e2e")
@Timeout(300)
class ReviewWindowTest {
    @TempDir Path tmp;

    static final String SECRET_PLAN = "tangerine";

    @Test
    void aWaitingSessionIsShownOnTheControlPageAndADeletedOneNeverLeaves() throws Exception {
        Path server = tmp.resolve("server");
        Path data = tmp.resolve("device");
        Map<String, String> env = Map.of("UNDERSTUDY_KEY_STORE", "file", "UNDERSTUDY_SYNC_SECONDS", "1");
        // the built-in policy's review window (24 h): not the demo policy's (0)
        Path policy = tmp.resolve("builtin-review.yaml");
        Files.writeString(policy, "version: 1\nextends: default\nname: e2e built-in review window\n");
        try (ServerProcess srv = ServerProcess.start(server, ServerProcess.freePort());
             VirtualDesktop desktop = VirtualDesktop.start(1024, 768)) {
            enroll(srv.url(), token(server), data);
            Xdo xdo = new Xdo(desktop, 30);
            Process xterm = Processes.start(desktop.env(new ProcessBuilder("xterm", "-T", "Work", "-geometry", "80x12+0+0"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD), "xterm");
            try {
                xdo.activate(xdo.waitWindow("Work"));
                String kept;
                String deleted;
                try (RecorderProcess rec = RecorderProcess.start(desktop, data, env, "--policy", policy.toString())) {
                    deleted = rec.sessionId();
                    xdo.type("echo " + SECRET_PLAN);
                    xdo.key("Return");
                    rec.awaitEvents(ev -> ev.stream().anyMatch(e -> e instanceof RawEvent.KeyDown k && "enter".equals(k.key())), 30_000);
                    assertEquals(0, rec.stop(), rec.stderr());
                }
                try (RecorderProcess rec = RecorderProcess.start(desktop, data, env, "--policy", policy.toString())) {
                    kept = rec.sessionId();
                    String status = await("status to list the waiting session").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                            .until(() -> Cli.ok("status", "--data", data.toString()), s -> s.contains("next goes at") && s.contains(deleted));
                    assertTrue(status.contains("upload backlog: 1 session"), status);
                    String page = status.lines().filter(l -> l.startsWith("control page: ")).findFirst().orElseThrow().substring(14).strip();
                    URI u = URI.create(page);
                    String token = u.getQuery().substring(2);
                    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
                    String html = http.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString()).body();
                    assertTrue(html.contains("Waiting before they are sent") && html.contains(deleted), html);
                    assertFalse(html.contains(kept + "</a>"), "the session being recorded is not listed as waiting");
                    // the worker looks at it: the viewer, with what they typed
                    HttpResponse<String> view = http.send(HttpRequest.newBuilder(u.resolve("/view?t=" + token + "&session=" + deleted)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, view.statusCode());
                    assertTrue(view.body().contains(SECRET_PLAN), "the viewer shows the session");
                    // a foreground upload does not send it early
                    Cli.Result up = Cli.run("upload", "--data", data.toString(), "--wait");
                    assertEquals(0, up.code(), up.out() + up.err());
                    assertFalse(Cli.ok("admin", "sessions", "--data", server.toString()).contains(deleted), "nothing leaves before the review window");
                    // only listed sessions can be asked for
                    assertEquals(404, http.send(HttpRequest.newBuilder(u.resolve("/view?t=" + token + "&session=..%2Fcollector")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode());
                    // then deletes it
                    HttpResponse<String> del = http.send(HttpRequest.newBuilder(u.resolve("/delete")).header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("t=" + token + "&session=" + deleted)).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(303, del.statusCode(), del.body());
                    assertFalse(DataDir.at(data).sessionIds().contains(deleted), "deleted from the device");
                    String after = http.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString()).body();
                    assertTrue(after.contains("deleted " + deleted), after);
                    assertEquals(0, rec.stop(), rec.stderr());
                }
                // the session it was recording when deleted is untouched, and waits in its turn
                assertTrue(DataDir.at(data).sessionIds().contains(kept));
                Cli.ok("upload", "--data", data.toString(), "--wait");
                String listed = Cli.ok("admin", "sessions", "--data", server.toString());
                assertFalse(listed.contains(deleted) || listed.contains(kept), listed);
                // the typed word is nowhere on the device any more, but in the kept session's (encrypted) spool
                for (Map.Entry<String, byte[]> f : files(data).entrySet()) {
                    assertFalse(new String(f.getValue(), StandardCharsets.ISO_8859_1).contains(SECRET_PLAN), f.getKey());
                }
            } finally {
                xterm.destroyForcibly();
            }
        }
    }
}
