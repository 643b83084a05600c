package dev.understudy.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.model.Json;
import dev.understudy.power.CapturePolicy;
import dev.understudy.power.LinuxPowerSource;
import dev.understudy.power.PowerMonitor;
import dev.understudy.power.UploadPolicy;
import dev.understudy.privacy.control.ControlFiles;
import dev.understudy.privacy.policy.Policy;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SpoolCipher;
import dev.understudy.uploader.CollectorException;
import dev.understudy.uploader.CollectorLink;
import dev.understudy.uploader.PolicySync;
import dev.understudy.uploader.Uploader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The recorder's link with its collector, on one background thread while `record` runs: polls the
 * collector's policy (ETag, signature checked, jittered interval), hands a new version to the
 * caller (which restarts the session under it), forwards the worker's exemption requests, and
 * uploads finished sessions whose review window has passed, within the upload budget (AC power,
 * unmetered network, bytes per day, backoff). Nothing here runs on the capture path; a device that
 * is not enrolled starts nothing.
 *
 * <p>The interval is the policy poll interval (5 min ± 20 %); {@code UNDERSTUDY_SYNC_SECONDS} sets
 * another (tests).
 */
public final class CollectorSync implements AutoCloseable {
    public static final String ENV_INTERVAL = "UNDERSTUDY_SYNC_SECONDS";
    /** Exemption requests already handed to the collector (their line numbers in the requests file). */
    static final String FORWARDED = "exemption-requests.forwarded";

    private final DataDir data;
    private final CollectorLink link;
    private final PolicySync policies;
    private final Policy own;
    private final Consumer<PolicySync.Result> onPolicy;
    private final PowerMonitor power;
    private final Uploader uploader;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Policy effective;

    private CollectorSync(Path dataRoot, Policy own, Consumer<PolicySync.Result> onPolicy) {
        this.data = DataDir.at(dataRoot);
        this.link = CollectorLink.at(dataRoot);
        this.policies = new PolicySync(link);
        this.own = own;
        this.onPolicy = onPolicy;
        this.effective = policies.effective(own);
        this.power = new PowerMonitor(LinuxPowerSource.system(), CapturePolicy.DEFAULT);
        this.uploader = new Uploader(data, link, () -> effective.reviewHours(), UploadPolicy.DEFAULT, power::state, Clock.systemUTC());
        this.thread = new Thread(this::loop, "understudy-collector");
        this.thread.setDaemon(true);
    }

    /**
     * Starts the link when this data directory is enrolled; null otherwise.
     *
     * @param own      the device's own policy (what applies while the collector publishes none)
     * @param onPolicy told when the collector's policy or exemption changed (a new version is stored)
     */
    public static CollectorSync startIfEnrolled(Path dataRoot, Policy own, Consumer<PolicySync.Result> onPolicy) {
        if (!CollectorLink.at(dataRoot).enrolled()) return null;
        CollectorSync s = new CollectorSync(dataRoot, own, onPolicy);
        s.power.start();
        s.thread.start();
        return s;
    }

    static Duration interval() {
        String s = System.getenv(ENV_INTERVAL);
        if (s != null && !s.isBlank()) {
            try {
                return Duration.ofMillis((long) (Double.parseDouble(s.strip()) * 1000));
            } catch (NumberFormatException e) {
                Diagnostics.warnOnce("sync-interval", ENV_INTERVAL + " is not a number of seconds: " + s);
            }
        }
        return PolicySync.pollInterval();
    }

    /**
     * Every interval: the policy, the exemption requests, then an upload pass (which itself waits
     * out a backoff, the budget, battery and metered networks: a pass during a backoff sends nothing).
     */
    private void loop() {
        while (!stopping) {
            syncPolicy();
            if (stopping) break;
            forwardExemptionRequests();
            if (stopping) break;
            try {
                Uploader.PassResult r = uploader.pass(false);
                if (r.error() != null) Diagnostics.warnOnce("upload-" + r.error().getMessage(), "upload: " + r.error().getMessage());
            } catch (RuntimeException e) {
                Diagnostics.warnOnce("upload-" + e.getMessage(), "upload: " + e.getMessage());
            }
            LockSupport.parkNanos(Math.max(50_000_000L, interval().toNanos()));
        }
    }

    private void syncPolicy() {
        try {
            PolicySync.Result r = policies.sync(own);
            if (r.changed()) {
                effective = policies.effective(own);
                onPolicy.accept(r);
            }
        } catch (CollectorException e) {
            Diagnostics.warnOnce("policy-" + e.getMessage(), "collector policy: " + e.getMessage());
        } catch (RuntimeException e) {
            Diagnostics.warnOnce("policy-" + e.getMessage(), "collector policy: " + e.getMessage());
        }
    }

    /**
     * The control page's exemption requests (kept sealed in the data directory) go to the collector
     * once each; the line count already sent is kept beside them, so a restart sends none twice.
     */
    void forwardExemptionRequests() {
        Path f = data.root().resolve(ControlFiles.EXEMPTION_REQUESTS);
        if (!Files.isRegularFile(f)) return;
        Path done = link.dir().resolve(FORWARDED);
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
            int sent = Files.isRegularFile(done) ? Integer.parseInt(Files.readString(done).strip()) : 0;
            for (int i = sent; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) continue;
                JsonNode n = Json.MAPPER.readTree(line);
                String sealed = n.path("reason_sealed").asText("");
                String reason = sealed.isEmpty() ? "" : new String(SpoolCipher.forReading(data.root()).open(Base64.getDecoder().decode(sealed), null),
                        StandardCharsets.UTF_8);
                policies.requestExemption(reason, null);
                Files.createDirectories(link.dir());
                Files.writeString(done, Integer.toString(i + 1));
            }
        } catch (IOException | RuntimeException e) {
            Diagnostics.warnOnce("exemption-forward", "exemption request not sent to the collector yet: " + e.getMessage());
        }
    }

    /** The policy to record under now: the collector's when it published one, else the device's own. */
    public Policy effective() {
        return effective;
    }

    /** Wakes the loop now (a new session ended, the worker asked). */
    public void wake() {
        LockSupport.unpark(thread);
    }

    @Override
    public void close() {
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        power.close();
        data.close();
    }
}
