package dev.understudy.cli;

import dev.understudy.recorder.Housekeeping;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.TraceException;
import dev.understudy.uploader.CollectorLink;
import dev.understudy.uploader.Forget;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "forget", mixinStandardHelpOptions = true,
        description = {"Erases a session here and on the collector: deleted from this device, and on the collector a tombstone,",
                "its chunks gone, and every dataset built from it marked stale. When the collector cannot be reached",
                "the local deletion still happens and the collector's erasure is asked for again by the next sync."})
final class ForgetCommand implements Callable<Integer> {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    @Mixin Output output;
    @Mixin DataOption data;

    @Option(names = "--session", required = true, paramLabel = "ID", description = "The session id (see `understudy sessions`).")
    String session;

    @Override
    public Integer call() {
        if (!session.matches(dev.understudy.collector.api.Wire.SESSION_ID)) throw new UserException("not a session id: " + session);
        String local;
        try (DataDir dd = DataDir.at(data.dir())) {
            if (Files.isRegularFile(dd.sessionDir(session).resolve("manifest.json"))) {
                try {
                    local = "deleted on this device (" + Housekeeping.deleteByWorker(dd, session) + ")";
                } catch (TraceException e) {
                    throw new UserException(e.getMessage());
                }
            } else {
                local = null;
            }
        }
        CollectorLink link = CollectorLink.at(data.dir());
        if (!link.enrolled()) {
            if (local == null) throw new UserException("no session " + session + " in " + data.dir());
            output.out().println("forgot " + session + ": " + local + " (this device has no collector)");
            return 0;
        }
        Forget.Result r = Forget.onServer(link, session);
        String here = local == null ? "not on this device" : local;
        String there;
        if (r.erased()) there = r.already() ? "already erased on the collector on " + DATE.format(Instant.ofEpochMilli(r.erasedAt()))
                : "erased on the collector";
        else if (r.notThere()) there = "the collector never had it";
        else there = "the collector is unreachable (" + r.problem() + "): its erasure is queued for the next sync";
        if (local == null && r.notThere()) throw new UserException("no session " + session + " on this device or on the collector");
        output.out().println("forgot " + session + ": " + here + "; " + there);
        return 0;
    }
}
