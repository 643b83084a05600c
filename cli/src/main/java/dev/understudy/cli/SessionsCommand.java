package dev.understudy.cli;

import dev.understudy.model.RawEvent;
import dev.understudy.trace.SessionReader;
import dev.understudy.trace.TraceException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = "Lists the recorded sessions: id, start, duration, steps and state.")
final class SessionsCommand implements Callable<Integer> {
    @Mixin Output output;
    @Mixin DataOption data;

    static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @Override
    public Integer call() {
        try (StoredSessions dd = StoredSessions.open(data.dir(), "session.read")) {
            return list(dd);
        }
    }

    private int list(StoredSessions dd) {
        List<String> ids = dd.ids();
        if (ids.isEmpty()) {
            output.out().println("no sessions in " + dd.root());
            return 0;
        }
        output.out().printf("%-22s  %-20s  %9s  %6s  %6s  %s%n", "ID", "START", "DURATION", "STEPS", "FRAMES", "STATE");
        for (String id : ids) {
            try {
                SessionReader r = dd.open(id);
                List<RawEvent> events = r.events();
                int steps = SessionSteps.of(r).size();
                long frames = events.stream().filter(e -> e instanceof RawEvent.Frame).count();
                String state = !r.unfinished() ? "complete" : (dd.recording(id) ? "recording" : "interrupted");
                if (!r.problems().isEmpty()) state += " (" + r.problems().size() + " damaged block(s) skipped)";
                output.out().printf("%-22s  %-20s  %9s  %6d  %6d  %s%n", id,
                        START.format(Instant.ofEpochMilli(r.manifest().startWall())),
                        duration(r.endWall() - r.manifest().startWall()), steps, frames, state);
            } catch (TraceException e) {
                output.out().printf("%-22s  unreadable: %s%n", id, e.getMessage());
            }
        }
        return 0;
    }

    static String duration(long millis) {
        long s = Math.max(0, millis) / 1000;
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
