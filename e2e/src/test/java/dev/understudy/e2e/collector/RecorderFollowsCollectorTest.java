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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording device and its collector over time, with real processes: the collector is down while
 * the device records and the device catches up once it is back; a policy the admin publishes
 * reaches the recording device within its poll interval and the next session runs under it (its
 * version in the trace); an exemption the worker asks for on the control page, once approved,
 * stops capture.
 */
@Tag("e2e")
@Timeout(400)
class RecorderFollowsCollectorTest {
    @TempDir Path tmp;

    static String status(Path data) {
        return Cli.ok("status", "--data", data.toString());
    }

    @Test
    void theDeviceCatchesUpFollowsPublishedPoliciesAndStopsWhenExempted() throws Exception {
        Path server = tmp.resolve("server");
        Path data = tmp.resolve("device");
        Path policy = noReviewPolicy(tmp);
        int port = ServerProcess.freePort();
        Map<String, String> env = Map.of("UNDERSTUDY_KEY_STORE", "file", "UNDERSTUDY_SYNC_SECONDS", "1");
        try (VirtualDesktop desktop = VirtualDesktop.start(1024, 768)) {
            Xdo xdo = new Xdo(desktop, 30);
            Process xterm = Processes.start(desktop.env(new ProcessBuilder("xterm", "-T", "Work", "-geometry", "80x12+0+0"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD), "xterm");
            try {
                xdo.activate(xdo.waitWindow("Work"));
                String first;
                try (ServerProcess srv = ServerProcess.start(server, port)) {
                    enroll(srv.url(), token(server), data);
                }
                // 1. the collector is down while the device records
                try (RecorderProcess rec = RecorderProcess.start(desktop, data, env, "--policy", policy.toString())) {
                    first = rec.sessionId();
                    xdo.type("echo first");
                    xdo.key("Return");
                    rec.awaitEvents(ev -> ev.stream().anyMatch(e -> e instanceof RawEvent.KeyDown k && "enter".equals(k.key())), 30_000);
                    assertEquals(0, rec.stop(), rec.stderr());
                }
                try (RecorderProcess rec = RecorderProcess.start(desktop, data, env, "--policy", policy.toString())) {
                    await("the device to notice the collector is down").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                            .until(() -> status(data), s -> s.contains("last upload error") && s.contains("not reachable"));
                    // 2. back: the recording device catches up in the background
                    try (ServerProcess srv = ServerProcess.start(server, port)) {
                        await("the first session to arrive").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                                .until(() -> Cli.ok("admin", "sessions", "--data", server.toString()), s -> s.contains(first));

                        // 3. the admin publishes a policy: the device switches within its poll interval
                        Path published = tmp.resolve("acme.yaml");
                        Files.writeString(published, """
                                version: 1
                                extends: default
                                name: Acme collector policy
                                review_hours: 0
                                """);
                        assertTrue(Cli.ok("admin", "policy", "publish", published.toString(), "--data", server.toString())
                                .contains("published policy version 1"));
                        String during = rec.sessionId();
                        await("a session under the published policy").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                                .until(() -> notices(data, during).stream().anyMatch(n -> n.contains("Acme collector policy") && n.contains("collector policy version 1")));
                        await("status to name the policy").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                                .until(() -> status(data), s -> s.contains("policy from the collector: version 1"));
                        await("the server to know the device runs version 1").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                                .until(() -> Cli.ok("admin", "devices", "--data", server.toString()), s -> s.lines().anyMatch(l -> l.matches(".*\\b1\\b.*") && l.contains("active")));

                        // 4. the worker asks to be exempted on the control page; the admin approves; capture stops
                        String page = status(data).lines().filter(l -> l.startsWith("control page: ")).findFirst()
                                .orElseThrow(() -> new AssertionError("no control page in " + status(data))).substring("control page: ".length()).strip();
                        URI u = URI.create(page);
                        String token = u.getQuery().substring(2);
                        HttpResponse<String> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build().send(
                                HttpRequest.newBuilder(u.resolve("/exemption")).header("Content-Type", "application/x-www-form-urlencoded")
                                        .POST(HttpRequest.BodyPublishers.ofString("t=" + token + "&reason=caring+for+a+relative")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertEquals(303, r.statusCode(), r.body());
                        String id = await("the request to reach the collector").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                                .until(() -> Cli.ok("admin", "exemptions", "--data", server.toString()).lines()
                                        .filter(l -> l.contains("pending") && l.contains("caring for a relative")).findFirst().orElse(null), x -> x != null)
                                .split("\\s+")[0];
                        Cli.ok("admin", "exemptions", "approve", id, "--data", server.toString());
                        await("capture to stop").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                                .until(() -> status(data), s -> s.startsWith("exempt"));
                        assertEquals(0, rec.stop(), rec.stderr());
                        assertTrue(srv.alive());
                    }
                }
            } finally {
                xterm.destroyForcibly();
            }
        }
    }

    /** The notice markers of the sessions after {@code after} (their policy and its collector version). */
    static List<String> notices(Path data, String after) {
        DataDir dd = DataDir.at(data);
        try (dd) {
            return dd.sessionIds().stream().filter(id -> id.compareTo(after) > 0).flatMap(id -> {
                try {
                    return dd.open(id).events().stream();
                } catch (RuntimeException e) {
                    return java.util.stream.Stream.empty();
                }
            }).filter(e -> e instanceof RawEvent.Marker m && m.detail() != null && m.detail().startsWith("notice"))
                    .map(e -> ((RawEvent.Marker) e).detail()).toList();
        }
    }
}
