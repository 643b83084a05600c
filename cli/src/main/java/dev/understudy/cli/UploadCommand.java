package dev.understudy.cli;

import dev.understudy.privacy.policy.Policy;
import dev.understudy.privacy.policy.PolicyLoader;
import dev.understudy.trace.DataDir;
import dev.understudy.uploader.CollectorException;
import dev.understudy.uploader.CollectorLink;
import dev.understudy.uploader.CollectorStatusLines;
import dev.understudy.uploader.PolicySync;
import dev.understudy.uploader.Uploader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "upload", mixinStandardHelpOptions = true,
        description = {"Uploads the finished sessions whose review window has passed to the collector, now",
                "(ignoring battery, network and the daily budget; never the review window).",
                "Sessions still in their review window are listed, not sent."})
final class UploadCommand implements Callable<Integer> {
    /** Failed passes in a row after which --wait gives up. */
    static final int MAX_ATTEMPTS = 5;

    @Mixin Output output;
    @Mixin DataOption data;

    @Option(names = "--wait", description = "Repeat until every session past its review window is uploaded (retrying failures); exit non-zero when that cannot happen.")
    boolean await;

    @Option(names = "--policy", paramLabel = "FILE", description = "The device's policy, for its review window when the collector publishes none (default: the built-in policy).")
    Path policy;

    @Override
    public Integer call() throws InterruptedException {
        Path dir = data.dir();
        CollectorLink link = CollectorLink.at(dir);
        if (!link.enrolled()) throw new UserException("this device is not enrolled with a collector (understudy enroll --server URL --token TOKEN)");
        Policy own = PolicyLoader.load(policy);
        int review = new PolicySync(link).effective(own).reviewHours();
        try (DataDir dd = DataDir.at(dir)) {
            Uploader u = new Uploader(dd, link, () -> review);
            int failures = 0;
            while (true) {
                Uploader.PassResult r;
                try {
                    r = u.pass(true);
                } catch (IllegalStateException | java.io.UncheckedIOException e) {
                    throw new UserException(e.getMessage());
                }
                if (r.uploaded() > 0) {
                    output.out().println("uploaded " + r.uploaded() + " session" + (r.uploaded() == 1 ? "" : "s") + " (" + r.chunksSent()
                            + " chunks, " + r.bytesSent() + " bytes sent)");
                }
                for (String s : r.refused()) output.err().println("understudy: " + s);
                if (r.stopped() != null && r.stopped().startsWith("revoked")) throw new UserException(r.stopped());
                if (r.error() != null) {
                    CollectorException e = r.error();
                    failures++;
                    if (!await || !e.transientFailure() || failures >= MAX_ATTEMPTS) {
                        throw new UserException("upload failed" + (failures > 1 ? " after " + failures + " attempts" : "") + ": " + e.getMessage());
                    }
                    Duration d = Uploader.backoff(failures, e.retryAfterSeconds());
                    output.err().println("understudy: " + e.getMessage() + "; retrying in " + Math.max(1, d.toSeconds()) + " s");
                    Thread.sleep(d.toMillis());
                    continue;
                }
                if (r.stopped() != null) {
                    if (!await) throw new UserException(r.stopped());
                    output.err().println("understudy: " + r.stopped() + "; retrying in 5 s");
                    Thread.sleep(5000);
                    continue;
                }
                failures = 0;
                Uploader.Backlog b = u.backlog(Instant.now());
                if (!await || b.due().isEmpty()) break;
                if (r.uploaded() == 0) {
                    throw new UserException(b.due().size() + " session" + (b.due().size() == 1 ? "" : "s")
                            + " past the review window cannot be uploaded" + (r.refused().isEmpty() ? "" : ": " + r.refused().get(0)));
                }
            }
            Uploader.Backlog b = u.backlog(Instant.now());
            if (b.due().isEmpty() && b.sessions().isEmpty()) output.out().println("nothing left to upload");
            for (String line : CollectorStatusLines.lines(dir, Instant.now(), review)) {
                if (line.startsWith("upload backlog") || line.startsWith("next goes") || line.startsWith("last upload error")) output.out().println(line);
            }
            return b.due().isEmpty() || !await ? 0 : 1;
        }
    }
}
