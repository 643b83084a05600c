package dev.understudy.uploader;

import dev.understudy.privacy.policy.PolicyLoader;
import dev.understudy.trace.DataDir;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines {@code understudy status} (and the control page) print about the collector link: one
 * fact a line, nothing when the data directory is not enrolled.
 */
public final class CollectorStatusLines {
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private CollectorStatusLines() {}

    /** The lines for a data directory, its review window from the collector's policy (else the built-in one's). */
    public static List<String> lines(Path dataRoot, Instant now) {
        CollectorLink link = CollectorLink.at(dataRoot);
        if (!link.enrolled()) return List.of();
        int review;
        try {
            review = new PolicySync(link).effective(PolicyLoader.defaults()).reviewHours();
        } catch (RuntimeException e) {
            review = 24;
        }
        return lines(dataRoot, now, review);
    }

    /** The lines for a data directory whose effective policy has {@code reviewHours}. */
    public static List<String> lines(Path dataRoot, Instant now, int reviewHours) {
        CollectorLink link = CollectorLink.at(dataRoot);
        List<String> out = new ArrayList<>();
        CollectorLink.Link l;
        try {
            l = link.link();
        } catch (RuntimeException e) {
            return List.of("collector: " + SessionCopy.oneLine(e.getMessage()));
        }
        if (l == null) return out;
        out.add("enrolled as device " + l.deviceId() + (l.team() != null ? " (team " + l.team() + ")" : ""));
        out.add("collector: " + l.server() + (l.fingerprint() != null ? " (certificate pinned)" : ""));
        String revoked = link.revokedReason();
        if (revoked != null) {
            out.add("revoked by the collector: " + revoked + " (uploads stopped; enroll again to resume)");
            return out;
        }
        Uploader.Backlog b;
        try (DataDir dd = DataDir.at(dataRoot)) {
            b = new Uploader(dd, link, () -> reviewHours).backlog(now);
        } catch (RuntimeException e) {
            out.add("upload backlog: unknown (" + SessionCopy.oneLine(e.getMessage()) + ")");
            return out;
        }
        int due = b.due().size();
        out.add("upload backlog: " + b.sessions().size() + " session" + (b.sessions().size() == 1 ? "" : "s") + ", " + bytes(b.bytes())
                + (due > 0 ? " (" + due + " past the " + reviewHours + " h review window)" : ""));
        if (!b.sessions().isEmpty()) {
            Uploader.Pending next = b.sessions().stream().filter(p -> !p.due()).findFirst().orElse(null);
            if (due > 0) {
                Long at = b.nextAttemptAt();
                out.add("next goes: " + (at != null && at > now.toEpochMilli() ? "at " + WHEN.format(Instant.ofEpochMilli(at)) + " (retry)" : "at the next upload pass"));
            } else if (next != null) {
                out.add("next goes at: " + WHEN.format(Instant.ofEpochMilli(next.goesAt())) + " (session " + next.session() + ", after its review window)");
            }
        }
        out.add("last upload: " + (b.lastUploadWall() == null ? "never" : WHEN.format(Instant.ofEpochMilli(b.lastUploadWall()))));
        if (b.lastError() != null) out.add("last upload error: " + b.lastError());
        for (Uploader.Pending p : b.sessions()) if (p.problem() != null) out.add(p.problem());
        PolicySync.Current c = new PolicySync(link).current();
        if (c != null) {
            out.add("policy from the collector: " + (c.yaml() == null ? "none published (own policy applies)" : "version " + c.version())
                    + (c.exempt() ? "; this device is exempt (not recording)" : ""));
        }
        return out;
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format(java.util.Locale.ROOT, "%.1f KiB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format(java.util.Locale.ROOT, "%.1f MiB", n / 1048576.0);
        return String.format(java.util.Locale.ROOT, "%.2f GiB", n / 1073741824.0);
    }
}
