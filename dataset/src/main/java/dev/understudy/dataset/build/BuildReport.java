package dev.understudy.dataset.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a build did: sessions read and skipped (each with its reason: never silently), tasks made,
 * kept and dropped (by reason), rows and files written.
 */
public record BuildReport(Path out, String format, int sessionsRead, List<Skipped> skipped, int tasks, int tasksKept,
                          Map<String, Integer> dropped, long rows, Map<String, Long> rowsBySplit, List<Path> files, double seconds) {

    /** A session that could not be read, and why. */
    public record Skipped(String source, String session, String reason) {}

    /** One line for the console. */
    public String line() {
        return String.format(java.util.Locale.ROOT, "wrote %d rows (%d tasks of %d) from %d sessions to %s (%s) in %.1f s%s%s", rows, tasksKept, tasks,
                sessionsRead, out, format, seconds, skipped.isEmpty() ? "" : "; " + skipped.size() + " session(s) skipped (see build-report.json)",
                dropped.isEmpty() ? "" : "; dropped " + dropped);
    }
}
