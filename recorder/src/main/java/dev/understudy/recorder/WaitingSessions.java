package dev.understudy.recorder;

import dev.understudy.export.ExportSession;
import dev.understudy.export.ViewerWriter;
import dev.understudy.privacy.screen.RedactedFrames;
import dev.understudy.reduce.Reducer;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionReader;
import dev.understudy.uploader.CollectorLink;
import dev.understudy.uploader.Uploader;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The worker's side of the review window, for the control page: which finished sessions wait on
 * this computer before they go to the collector, and when each goes; a viewer of each (its frames
 * redacted as they would leave); and deleting one, after which it never leaves.
 */
final class WaitingSessions {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE HH:mm").withZone(ZoneId.systemDefault());

    /** One session on the page: id, when it ended, when it goes (or why not), its size. */
    record Waiting(String session, String ended, String goes, String size) {}

    /**
     * How long a listing is reused: the page reloads every 5 s, and a listing opens every waiting
     * session's manifest and frame log, which the recording process should not redo that often.
     */
    static final long LIST_TTL_MS = 30_000;

    private final DataDir data;
    private final IntSupplier reviewHours;
    private List<Waiting> listed;
    private long listedAt;

    private final java.util.function.LongSupplier wallMillis;

    WaitingSessions(DataDir data, IntSupplier reviewHours, java.util.function.LongSupplier wallMillis) {
        this.data = data;
        this.reviewHours = reviewHours;
        this.wallMillis = wallMillis;
    }

    /** Whether this device sends sessions anywhere at all. */
    boolean enrolled() {
        return CollectorLink.at(data.root()).enrolled();
    }

    synchronized List<Waiting> list() {
        long now = wallMillis.getAsLong();
        if (listed == null || now - listedAt >= LIST_TTL_MS) {
            listed = listNow();
            listedAt = now;
        }
        return listed;
    }

    private List<Waiting> listNow() {
        CollectorLink link = CollectorLink.at(data.root());
        if (!link.enrolled()) return List.of();
        Uploader.Backlog b = new Uploader(data, link, reviewHours).backlog(Instant.now());
        List<Waiting> out = new ArrayList<>();
        for (Uploader.Pending p : b.sessions()) {
            String goes = p.problem() != null ? "held back: " + p.problem()
                    : p.due() ? "at the next upload" : "after " + WHEN.format(Instant.ofEpochMilli(p.goesAt()));
            out.add(new Waiting(p.session(), WHEN.format(Instant.ofEpochMilli(p.end())), goes, size(p.bytes())));
        }
        return out;
    }

    /** The session as one HTML page: its steps and its frames as they would leave (OCR-redacted). */
    String viewer(String id) {
        requireWaiting(id);
        SessionReader r = data.open(id);
        ExportSession s = new ExportSession(r.id(), r.manifest(), Reducer.reduce(r.id(), r.manifest(), r.events()),
                RedactedFrames.of(r.frames(), r.dir()), r.events());
        return ViewerWriter.render(s);
    }

    /** Deletes a waiting session (never the one being recorded); what happened, in one line. */
    String delete(String id) {
        requireWaiting(id);
        String done = "deleted " + id + " (" + Housekeeping.deleteByWorker(data, id) + ")";
        synchronized (this) {
            listed = null; // the next page shows it gone
        }
        return done;
    }

    /** Only sessions still waiting can be viewed or deleted through the page (not any path a request names). */
    private void requireWaiting(String id) {
        synchronized (this) {
            listed = null; // decided on the current state, not a listing up to 30 s old
        }
        if (list().stream().noneMatch(w -> w.session().equals(id))) {
            throw new IllegalArgumentException("no waiting session " + id);
        }
    }

    static String size(long n) {
        if (n < 1024 * 1024) return Math.max(1, n / 1024) + " KB";
        return String.format(java.util.Locale.ROOT, "%.1f MB", n / 1048576.0);
    }
}
