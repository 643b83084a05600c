package dev.understudy.uploader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.collector.api.Messages;
import dev.understudy.collector.api.Wire;
import dev.understudy.power.PowerState;
import dev.understudy.power.UploadBudget;
import dev.understudy.power.UploadPolicy;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionReader;
import dev.understudy.trace.TraceException;
import dev.understudy.trace.TraceFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Uploads the device's finished sessions to its collector, one pass at a time. A session goes when
 * <ul>
 *   <li>it is finished: it has an end, or it has none but is not the session a running recorder
 *       is writing (the newest while a recorder holds the data directory) — its end is then its
 *       last write;</li>
 *   <li>its review window has passed: end + the policy's {@code review_hours} ≤ now (a foreground
 *       pass too: the worker's time to review or delete is never skipped);</li>
 *   <li>it has not been acknowledged by this collector yet ({@code DATA/collector/uploaded.json}).</li>
 * </ul>
 * A deleted session never leaves. For each, the pass builds the {@link SessionCopy} under
 * {@code DATA/collector/outbox/} (0700, removed after the pass, leftovers at the next), asks which
 * chunks the server lacks, sends them — in the background only within the {@link UploadBudget}
 * (power, network and bytes a day; the server may lower the daily bytes) — and commits. A cut
 * connection resumes at the next pass without resending what the server has. Failures back off
 * exponentially with jitter (capped, at least the server's Retry-After). Each pass ends with a
 * {@code POST /report} of the backlog. One pass at a time per data directory ({@code upload.lock}).
 */
public final class Uploader {
    public static final String UPLOADED = "uploaded.json";
    public static final String OUTBOX = "outbox";
    public static final String LOCK = "upload.lock";
    /** state.json: sessions the collector answered 410 for (erased there): never sent again. */
    public static final String ERASED = "erased_on_collector";
    static final Duration BACKOFF_BASE = Duration.ofSeconds(30);
    static final Duration BACKOFF_CAP = Duration.ofHours(1);

    /**
     * A session waiting to go.
     *
     * @param end its end (wall ms; the last write for an unfinished one)
     * @param goesAt when its review window ends
     * @param bytes about what it occupies on the device (the copy differs)
     * @param due its review window has passed
     * @param problem why it could not go at the last attempt, or null
     */
    public record Pending(String session, long end, long goesAt, long bytes, boolean due, String problem) {}

    /**
     * The sessions waiting (oldest first), their bytes, the last upload, the last error and when the
     * next attempt is (null: at the next pass), and a revocation.
     */
    public record Backlog(List<Pending> sessions, long bytes, Long lastUploadWall, String lastError, Long nextAttemptAt,
                          String revoked) {
        /** Sessions whose review window has passed. */
        public List<Pending> due() {
            return sessions.stream().filter(Pending::due).toList();
        }
    }

    /**
     * What a pass did.
     *
     * @param uploaded sessions committed
     * @param chunksSent chunks sent (the server lacked them)
     * @param bytesSent bytes of those chunks
     * @param refused sessions that could not leave, one line each
     * @param stopped why the pass stopped early (budget, backoff, revocation, another pass), or null
     * @param error the failure that ended the pass, or null
     */
    public record PassResult(int uploaded, int chunksSent, long bytesSent, List<String> refused, String stopped, CollectorException error) {}

    private final DataDir data;
    private final CollectorLink link;
    private final IntSupplier reviewHours;
    private final UploadPolicy uploadPolicy;
    private final Supplier<PowerState> power;
    private final Clock clock;

    /**
     * @param reviewHours the effective policy's {@code review_hours} (read at every pass: the collector may change it)
     * @param uploadPolicy the device's upload allowance (the server may lower its bytes a day)
     * @param power the current power and network state (background passes only)
     */
    public Uploader(DataDir data, CollectorLink link, IntSupplier reviewHours, UploadPolicy uploadPolicy, Supplier<PowerState> power, Clock clock) {
        this.data = data;
        this.link = link;
        this.reviewHours = reviewHours;
        this.uploadPolicy = uploadPolicy;
        this.power = power;
        this.clock = clock;
    }

    public Uploader(DataDir data, CollectorLink link, IntSupplier reviewHours) {
        this(data, link, reviewHours, UploadPolicy.DEFAULT, () -> PowerState.UNKNOWN, Clock.systemUTC());
    }

    // ------------------------------------------------------------------ eligibility

    /** The sessions not yet uploaded that may go some day, oldest first, with when each goes. */
    public Backlog backlog(Instant now) {
        ObjectNode st = link.state();
        JsonNode refused = st.path("refused");
        List<Pending> out = new ArrayList<>();
        long bytes = 0;
        for (Candidate c : candidates(now.toEpochMilli())) {
            long b = c.bytes();
            bytes += b;
            out.add(new Pending(c.id(), c.end(), c.goesAt(), b, c.due(), refused.hasNonNull(c.id()) ? refused.get(c.id()).asText() : null));
        }
        return new Backlog(out, bytes, st.hasNonNull("last_upload") ? st.get("last_upload").asLong() : null,
                st.hasNonNull("last_error") ? st.get("last_error").asText() : null,
                st.hasNonNull("next_attempt_at") ? st.get("next_attempt_at").asLong() : null, link.revokedReason());
    }

    private record Candidate(String id, long end, long goesAt, boolean due, Path dir, int format) {
        long bytes() {
            return sessionBytes(dir);
        }
    }

    private List<Candidate> candidates(long now) {
        Set<String> done = uploadedHere();
        link.state().path(ERASED).fieldNames().forEachRemaining(done::add);
        List<String> ids = data.sessionIds();
        String newest = ids.isEmpty() ? null : ids.get(ids.size() - 1);
        boolean recording = data.runningRecorderPid() > 0;
        long review = Math.max(0, reviewHours.getAsInt()) * 3_600_000L;
        List<Candidate> out = new ArrayList<>();
        for (String id : ids) {
            if (done.contains(id)) continue;
            Path dir = data.sessionDir(id);
            SessionReader r;
            try {
                r = SessionReader.open(dir, data.root());
            } catch (TraceException e) {
                continue; // deleted meanwhile, or a manifest this build cannot read
            }
            Long endWall = r.manifest().endWall();
            if (endWall == null && recording && id.equals(newest)) continue; // being recorded
            long end = endWall != null ? endWall : Math.max(r.manifest().startWall(), lastWrite(dir));
            long goes = end + sessionReview(dir, review);
            out.add(new Candidate(id, end, goes, goes <= now, dir, r.manifest().format()));
        }
        return out;
    }

    /**
     * The review window a session was recorded under: the {@code review_hours} the recorder wrote
     * into its privacy.json (the promise made when it was recorded: a later policy does not shorten
     * it), else the effective policy's.
     */
    static long sessionReview(Path sessionDir, long fallbackMillis) {
        Path f = sessionDir.resolve(dev.understudy.privacy.screen.RedactionLog.SESSION_INFO);
        if (!Files.isRegularFile(f)) return fallbackMillis;
        try {
            JsonNode n = dev.understudy.model.Json.MAPPER.readTree(f.toFile()).path("review_hours");
            return n.isInt() && n.asInt() >= 0 ? n.asInt() * 3_600_000L : fallbackMillis;
        } catch (IOException e) {
            return fallbackMillis;
        }
    }

    /** The latest modification time of a session's files (the end of a session that has none). */
    static long lastWrite(Path dir) {
        long t = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    t = Math.max(t, Files.getLastModifiedTime(p).toMillis());
                } catch (IOException ignored) {
                    // deleted meanwhile
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // deleted meanwhile
        }
        return t;
    }

    /** Bytes of a session's files plus the tiles its frames added to the device's packs. */
    static long sessionBytes(Path dir) {
        long n = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) n += Files.size(p);
            }
        } catch (IOException | UncheckedIOException e) {
            return n;
        }
        Path log = dir.resolve(TraceFormat.FRAMES_DIR).resolve(TraceFormat.FRAME_LOG);
        if (Files.isRegularFile(log)) {
            dev.understudy.trace.TileFrameStore frames = dev.understudy.trace.TileFrameStore.forSession(dir.getParent().getParent(), dir, false);
            try {
                n += Math.max(0, frames.diskBytes() - Files.size(log));
            } catch (RuntimeException | IOException e) {
                // estimate without tiles
            } finally {
                frames.close();
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ uploaded.json

    private Path uploadedFile() {
        return link.dir().resolve(UPLOADED);
    }

    private ObjectNode uploadedJson() {
        Path f = uploadedFile();
        if (Files.isRegularFile(f)) {
            try {
                JsonNode n = Wire.MAPPER.readTree(f.toFile());
                if (n instanceof ObjectNode o) return o;
            } catch (IOException e) {
                // damaged: the server's commit is idempotent, so sessions are just asked about again
            }
        }
        ObjectNode o = Wire.MAPPER.createObjectNode();
        o.putObject("sessions");
        return o;
    }

    /** Sessions this collector acknowledged (by server URL: a re-enrolment with the same collector does not send them again). */
    public Set<String> uploadedHere() {
        CollectorLink.Link l = link.link();
        Set<String> out = new HashSet<>();
        if (l == null) return out;
        uploadedJson().path("sessions").fields().forEachRemaining(e -> {
            if (l.server().equals(e.getValue().path("server").asText())) out.add(e.getKey());
        });
        return out;
    }

    private synchronized void markUploaded(String id, long bytes, boolean created, long now) {
        CollectorLink.Link l = link.link();
        ObjectNode o = uploadedJson();
        ObjectNode s = o.with("sessions").putObject(id);
        s.put("server", l.server());
        s.put("device_id", l.deviceId());
        s.put("at", now);
        s.put("bytes", bytes);
        s.put("created", created);
        CollectorLink.writeJson(uploadedFile(), o);
    }

    // ------------------------------------------------------------------ a pass

    /**
     * One pass. {@code foreground} (the worker asked, {@code understudy upload}): ignores the
     * battery, network and daily budget and the backoff, never the review window.
     */
    public PassResult pass(boolean foreground) {
        if (!link.enrolled()) throw new IllegalStateException("this device is not enrolled with a collector (understudy enroll --server URL --token TOKEN)");
        String revoked = link.revokedReason();
        if (revoked != null) return new PassResult(0, 0, 0, List.of(), "revoked by the collector: " + revoked, null);
        PrivateFiles.dir(link.dir());
        try (FileChannel ch = FileChannel.open(link.dir().resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) return new PassResult(0, 0, 0, List.of(), "another upload pass is running", null);
            try {
                return locked(foreground);
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + link.dir().resolve(LOCK) + ": " + e.getMessage(), e);
        }
    }

    private PassResult locked(boolean foreground) {
        Path outbox = PrivateFiles.dir(link.dir().resolve(OUTBOX));
        cleanOutbox(outbox);
        long now = clock.millis();
        ObjectNode st = link.state();
        if (!foreground && st.hasNonNull("next_attempt_at") && st.get("next_attempt_at").asLong() > now) {
            return new PassResult(0, 0, 0, List.of(), "waiting to retry after: " + st.path("last_error").asText("an error"), null);
        }
        int uploaded = 0;
        int chunksSent = 0;
        long bytesSent = 0;
        List<String> refused = new ArrayList<>();
        String stopped = null;
        CollectorException error = null;
        try {
            Forget.flush(link); // erasures the worker asked for while the collector was unreachable go first
            List<Candidate> due = candidates(now).stream().filter(Candidate::due).toList();
            if (!due.isEmpty()) {
                Messages.DeviceInfo info = link.call(CollectorClient::device);
                long perDay = uploadPolicy.bytesPerDay();
                if (info.uploadBytesPerDay() != null) perDay = Math.min(perDay, Math.max(0, info.uploadBytesPerDay()));
                UploadPolicy up = new UploadPolicy(perDay, uploadPolicy.requireAc(), uploadPolicy.requireUnmetered(), uploadPolicy.allowUnknownMetered());
                UploadBudget budget = UploadBudget.inDataDir(data.root(), up);
                for (Candidate c : due) {
                    SessionCopy copy;
                    try {
                        copy = SessionCopy.make(data, c.id(), outbox.resolve(c.id()));
                    } catch (SessionRefusedException e) {
                        if (!e.gone()) {
                            refused.add(e.getMessage());
                            link.updateState(s -> s.with("refused").put(c.id(), e.getMessage()));
                        }
                        continue;
                    }
                    try (copy) {
                        Sent s;
                        try {
                            s = send(copy, foreground, budget);
                        } catch (SessionRefusedException e) {
                            refused.add(e.getMessage());
                            link.updateState(x -> x.with("refused").put(c.id(), e.getMessage()));
                            continue;
                        }
                        chunksSent += s.chunks;
                        bytesSent += s.bytes;
                        if (s.stopped != null) {
                            stopped = s.stopped;
                            break;
                        }
                        markUploaded(c.id(), copy.bytes(), s.created, clock.millis());
                        link.updateState(x -> {
                            x.put("last_upload", clock.millis());
                            if (x.has("refused")) x.with("refused").remove(c.id());
                        });
                        uploaded++;
                    }
                }
            }
            link.updateState(x -> {
                x.put("failures", 0);
                x.remove("next_attempt_at");
                x.remove("last_error");
                x.remove("last_error_at");
            });
        } catch (CollectorException e) {
            error = e;
            if (e.revoked()) {
                stopped = "revoked by the collector: " + (link.revokedReason() != null ? link.revokedReason() : e.getMessage());
            } else {
                int failures = link.state().path("failures").asInt(0) + 1;
                long delay = backoff(failures, e.retryAfterSeconds()).toMillis();
                link.updateState(x -> {
                    x.put("failures", failures);
                    x.put("last_error", e.getMessage());
                    x.put("last_error_at", clock.millis());
                    x.put("next_attempt_at", clock.millis() + delay);
                });
            }
        } finally {
            cleanOutbox(outbox);
        }
        if (link.revokedReason() == null) report();
        return new PassResult(uploaded, chunksSent, bytesSent, List.copyOf(refused), stopped, error);
    }

    private record Sent(int chunks, long bytes, boolean created, String stopped) {}

    private Sent send(SessionCopy copy, boolean foreground, UploadBudget budget) {
        SessionChunks chunks = SessionChunks.of(copy);
        int ids = 0;
        for (Messages.FileEntry f : chunks.files()) ids += f.chunks().size();
        if (ids > Wire.MAX_IDS) {
            throw new SessionRefusedException(copy.session(), "it is too large (" + ids + " chunks; one commit names at most " + Wire.MAX_IDS + ")", false, null);
        }
        List<String> all = chunks.chunks().stream().map(SessionChunks.Chunk::id).toList();
        Set<String> missing = new HashSet<>();
        for (int i = 0; i < all.size(); i += Wire.MAX_IDS) {
            List<String> batch = all.subList(i, Math.min(all.size(), i + Wire.MAX_IDS));
            missing.addAll(link.call(c -> c.missing(batch)));
        }
        int n = 0;
        long bytes = 0;
        for (int round = 0; ; round++) {
            for (SessionChunks.Chunk ch : chunks.chunks()) {
                if (!missing.contains(ch.id())) continue;
                byte[] b = SessionChunks.read(ch);
                if (!foreground) {
                    UploadBudget.Decision d = budget.tryReserve(b.length, power.get(), clock.instant());
                    if (!d.allowed()) return new Sent(n, bytes, false, d.reason());
                }
                try {
                    link.call(c -> c.putChunk(ch.id(), b));
                } catch (CollectorException e) {
                    if (!foreground) budget.release(b.length, clock.instant());
                    throw e;
                }
                n++;
                bytes += b.length;
            }
            try {
                boolean created = link.call(c -> c.commit(chunks.commit()));
                return new Sent(n, bytes, created, null);
            } catch (CollectorException e) {
                if (e.status() == 410) {
                    // erased on the collector (by an officer, or its retention): never offered again
                    String why = e.serverError() != null ? e.serverError() : e.getMessage();
                    link.updateState(x -> x.with(ERASED).put(copy.session(), why));
                    throw new SessionRefusedException(copy.session(), why, false, e);
                }
                if (e.status() != 409 || e.missing().isEmpty() || round > 0) throw e;
                missing = new HashSet<>(e.missing()); // the server lost some (or never had them): send those, commit again
            }
        }
    }

    /** POST /report: the backlog, after every pass. Failures are not the pass's. */
    private void report() {
        try {
            Backlog b = backlog(clock.instant());
            Long policyVersion = link.state().hasNonNull("policy_version") ? link.state().get("policy_version").asLong() : null;
            link.call(c -> {
                c.report(new Messages.DeviceReport(CollectorLink.AGENT_VERSION, policyVersion, b.sessions().size(), b.bytes(), b.lastUploadWall()));
                return null;
            });
        } catch (RuntimeException e) {
            // the next pass reports again
        }
    }

    /** Exponential backoff with jitter (±25 %), capped; never shorter than the server's Retry-After. */
    public static Duration backoff(int failures, Long retryAfterSeconds) {
        double exp = Math.min(BACKOFF_CAP.toMillis(), BACKOFF_BASE.toMillis() * Math.pow(2, Math.max(0, Math.min(20, failures - 1))));
        long ms = (long) (exp * (0.75 + 0.5 * ThreadLocalRandom.current().nextDouble()));
        if (retryAfterSeconds != null) ms = Math.max(ms, retryAfterSeconds * 1000);
        return Duration.ofMillis(ms);
    }

    /** How long a background caller should wait before the next pass: until the retry time, else {@code idle}. */
    public Duration nextPassIn(Duration idle) {
        ObjectNode st = link.state();
        if (st.hasNonNull("next_attempt_at")) {
            long ms = st.get("next_attempt_at").asLong() - clock.millis();
            if (ms > 0) return Duration.ofMillis(ms);
        }
        return idle;
    }

    private static void cleanOutbox(Path outbox) {
        if (!Files.isDirectory(outbox)) return;
        try (Stream<Path> s = Files.list(outbox)) {
            for (Path p : s.toList()) {
                try {
                    PrivateFiles.deleteTree(p);
                } catch (UncheckedIOException e) {
                    // removed at the next pass
                }
            }
        } catch (IOException e) {
            // removed at the next pass
        }
    }
}
