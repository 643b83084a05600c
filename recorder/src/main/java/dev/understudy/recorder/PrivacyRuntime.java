package dev.understudy.recorder;

import dev.understudy.capture.Clock;
import dev.understudy.model.MarkerKind;
import dev.understudy.capture.EventSink;
import dev.understudy.browser.BridgeInstallations;
import dev.understudy.capture.window.WindowSource;
import dev.understudy.model.RawEvent;
import dev.understudy.privacy.control.Consent;
import dev.understudy.privacy.control.ControlFiles;
import dev.understudy.privacy.gate.PauseSwitch;
import dev.understudy.privacy.gate.PolicyGate;
import dev.understudy.privacy.gate.PrivacyGate;
import dev.understudy.privacy.policy.Policy;
import dev.understudy.privacy.redact.TextRedactor;
import dev.understudy.privacy.screen.RedactionLog;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionWriter;
import dev.understudy.trace.SpoolCipher;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Everything a recording does for the worker's privacy, around the pipeline (docs/privacy.md):
 * the policy gate, the pause (control file, hotkey, control page, tray), status, consent marker,
 * encryption of the spool, retention, quota, screen masking and background OCR.
 */
final class PrivacyRuntime implements AutoCloseable {
    static final long QUOTA_CHECK_MS = 2000;
    static final long RETENTION_EVERY_MS = 24 * 3600 * 1000L;

    private final Policy policy;
    private final DataDir data;
    private final PauseSwitch pause;
    private final PrivacyGate gate;
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "understudy-privacy-io");
        t.setDaemon(true);
        return t;
    });
    private ControlWatcher watcher;
    private HotkeyFilter hotkeys;
    private String pageUrl;
    private ControlPage page;
    private Tray tray;
    private OcrWorker ocr;
    private ScreenPrivacy screen;
    /** Where password fields are on screen (the accessibility source's), masked in every grab. */
    private java.util.function.Supplier<java.util.List<dev.understudy.model.Rect>> passwordBoxes = java.util.List::of;
    private String sessionId;
    private volatile FrameCapture frames;
    private volatile long usage = -1;
    private volatile boolean usageChecking;
    private long lastQuotaCheck;
    /** The usage last told to the gate (-1: none yet). */
    private long quotaToldAt = -1;
    private long lastRetention;
    private long lastScreenDrain;
    private static final long SCREEN_DRAIN_MS = 2000;
    private String lastStatus;
    private final AtomicInteger exemptionRequests = new AtomicInteger();
    /** Task labels the worker gave on the control page, for the pipeline thread to store (redacted) as markers. */
    private final java.util.concurrent.ConcurrentLinkedQueue<String> taskLabels = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** The sessions waiting for their review window, for the control page. */
    private final WaitingSessions waitingSessions;

    private final Clock clock;

    PrivacyRuntime(Policy policy, DataDir data, Clock clock) {
        this.policy = policy;
        this.data = data;
        this.clock = clock;
        this.pause = new PauseSwitch(policy.pause().defaultMinutes(), policy.pause().maxMinutes(), clock::wall);
        this.gate = new PrivacyGate(policy, pause, clock::mono);
        this.waitingSessions = new WaitingSessions(data, policy::reviewHours, clock::wall);
        // Load the redactor's lexicons and phone metadata now, not on the first window title.
        gate.scrubber().text("Warm Up, jane.doe@example.com, +1 415 555 0134, 4111 1111 1111 1111, 10 Main Street");
    }

    PrivacyGate gate() {
        return gate;
    }

    Policy policy() {
        return policy;
    }

    /** Before the session exists: a private, encrypted spool with expired sessions gone. */
    void prepareData() {
        ControlFiles.ensurePrivateDir(data.root());
        SpoolCipher.prepare(data.root(), policy.keyStore());
        sweepRetention(null);
        lastRetention = clock.wall();
    }

    private void sweepRetention(String keep) {
        Housekeeping.Retention r = Housekeeping.retention(data, policy.retentionDays(), keep, clock.wall());
        List<String> gone = r.deleted();
        if (!gone.isEmpty()) System.err.println("understudy: retention: deleted " + gone.size() + " session(s) older than "
                + policy.retentionDays() + " days");
        if (!r.tiles().ran()) {
            Diagnostics.warnOnce("tile-gc", "retention: " + r.tiles().summary());
        } else if (r.tiles().bytesFreed() > 0) {
            System.err.println("understudy: retention: " + r.tiles().summary());
        }
    }

    /** Wraps the input hook's sink with the pause hotkey. */
    EventSink input(EventSink next) {
        hotkeys = new HotkeyFilter(next, policy.pause().hotkey(), () -> {
            pause.toggle("hotkey");
            persistPause("hotkey");
        }, clock);
        return hotkeys;
    }

    private void persistPause(String by) {
        ControlFiles.PauseRequest r = new ControlFiles.PauseRequest(pause.pausedUntil(), clock.wall(), by);
        if (watcher != null) watcher.wrote(r);
        io.execute(() -> {
            try {
                ControlFiles.writePause(data.root(), r);
            } catch (RuntimeException e) {
                Diagnostics.warnOnce("pause-write", e.getMessage());
            }
        });
    }

    /** The policy the collector published for this device, when it is enrolled and one is stored and applies; else null. */
    private dev.understudy.uploader.PolicySync.Current collectorPolicy() {
        dev.understudy.uploader.CollectorLink link = dev.understudy.uploader.CollectorLink.at(data.root());
        if (!link.enrolled()) return null;
        dev.understudy.uploader.PolicySync.Current c = new dev.understudy.uploader.PolicySync(link).current();
        if (c == null || c.yaml() == null) return null;
        try {
            return policy.digest().equals(dev.understudy.privacy.policy.PolicyLoader.parse(c.yaml(), "collector policy v" + c.version(), null).digest()) ? c : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Once the session exists and the sources run. */
    void start(String session, SessionWriter writer, WindowSource windows, FrameCapture frames, long mono, long wall,
               RecorderRuntime runtime) {
        LongSupplier idleMillis = () -> hotkeys == null ? Long.MAX_VALUE : (clock.mono() - hotkeys.lastInputNanos()) / 1_000_000L;
        this.sessionId = session;
        this.frames = frames;
        Consent.Acceptance a = Consent.accepted(data.root(), policy.noticeVersion());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("policy", policy.name());
        info.put("policy_version", policy.version());
        info.put("policy_digest", policy.digest());
        info.put("screenshots", policy.redaction().screenshots());
        info.put("notice_version", policy.noticeVersion());
        // the review window promised for this session: the uploader keeps it even if a later policy shortens it
        info.put("review_hours", policy.reviewHours());
        dev.understudy.uploader.PolicySync.Current fromCollector = collectorPolicy();
        if (fromCollector != null) info.put("collector_policy_version", fromCollector.version());
        if (a != null) info.put("notice_accepted_at", a.at());
        RedactionLog.writeSessionInfo(writer.dir(), info);
        // The acceptance, with the policy version, in the trace itself.
        writer.append(new RawEvent.Marker(mono, wall, MarkerKind.NOTICE, "notice v" + policy.noticeVersion()
                + (a != null ? " accepted " + java.time.Instant.ofEpochMilli(a.at()) + " (" + a.how() + ")" : " not recorded")
                + "; policy \"" + policy.name() + "\" v" + policy.version() + " " + policy.digest()
                + (fromCollector != null ? "; collector policy version " + fromCollector.version() : "")));

        if (!"off".equals(policy.redaction().screenshots()) && !"dom".equals(policy.redaction().screenshots())) {
            TextRedactor r = TextRedactor.builder().kinds(policy.redaction().kinds()).phoneRegion(policy.redaction().phoneRegion())
                    .directory(policy.directory()).build();
            dev.understudy.trace.FrameStore store = writer.frames();
            // OCR reads back frames this process stored moments ago: the batches' checksums are
            // checked, but not the frame id again (a SHA-256 of every tile, half of OCR's Java time
            // in a JFR profile); exports and uploads open their own readers, which check it
            if (store instanceof dev.understudy.trace.TileFrameStore tiles) tiles.verifyReads(false);
            // OCR reads frames back while the screen thread stores new ones: the tile store decodes
            // outside its writer's lock (ReadWhileWritingTest), so a read never stalls a grab
            OcrWorker worker = new OcrWorker(writer.dir(), r, idleMillis, gate.secrets(), store::read, clock);
            ocr = worker;
            // a dead OCR thread is restarted; frames it never reached stay unchecked, and exports check them
            runtime.startNow(RecorderRuntime.thread("understudy-ocr", worker::loop, () -> worker.drainAndStop(10_000)),
                    RecorderRuntime.OnDeath.RESTART);
        }
        screen = new ScreenPrivacy(gate, windows, ocr == null ? null : ocr::submit, passwordBoxes);
        screen.warmUp();
        frames.framePolicy(screen);

        ControlWatcher w = new ControlWatcher(data.root(), pause, clock::wall);
        watcher = w;
        w.prepare();
        // pause requests from `understudy pause` and the other processes: restarted if its thread dies
        runtime.startNow(RecorderRuntime.thread("understudy-control", w::loop, w::close), RecorderRuntime.OnDeath.RESTART);
        pause.addListener((until, by) -> writeStatus());

        String url = null;
        if (policy.controlPage()) {
            try {
                page = new ControlPage(backend(), session);
                url = page.url();
                ControlFiles.writePrivate(data.root().resolve(ControlFiles.PAGE), (url + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                Diagnostics.warnOnce("page", "no control page: " + e.getMessage());
            }
        }
        if (policy.tray()) tray = Tray.show(() -> pauseFor(0, "tray"), () -> resumeBy("tray"), url);
        pageUrl = url;
        writeStatus();
    }

    /** After the "recording" line: where the worker's controls are. */
    void announce(PrintWriter stdout) {
        if (pageUrl != null) stdout.println("control page: " + pageUrl);
        stdout.println("pause: " + policy.pause().hotkey() + " or `understudy pause`; status: `understudy status`");
        stdout.flush();
    }

    /** A pause asked for on the control page or in the tray menu ({@code by} says which); 0 minutes: the policy's default. */
    private void pauseFor(int minutes, String by) {
        pause.pauseMinutes(minutes, by);
        persistPause(by);
    }

    private void resumeBy(String by) {
        pause.pauseUntil(0, by);
        persistPause(by);
    }

    private ControlPage.Backend backend() {
        return new ControlPage.Backend() {
            @Override
            public String state() {
                return gate.state();
            }

            @Override
            public String detail() {
                return gate.stateDetail();
            }

            @Override
            public String warning() {
                return lastWarning();
            }

            @Override
            public long pausedUntil() {
                return pause.pausedUntil();
            }

            @Override
            public void pause(int minutes) {
                pauseFor(minutes, "page");
            }

            @Override
            public void resume() {
                resumeBy("page");
            }

            @Override
            public void requestExemption(String reason) {
                recordExemptionRequest(reason);
            }

            @Override
            public void labelTask(String label) {
                String l = label == null ? "" : label.strip().replaceAll("\\s+", " ");
                if (l.isEmpty()) return;
                taskLabels.add(l.length() > 300 ? l.substring(0, 300) : l);
            }

            @Override
            public List<WaitingSessions.Waiting> waiting() {
                return waitingSessions.list();
            }

            @Override
            public boolean enrolled() {
                return waitingSessions.enrolled();
            }

            @Override
            public String viewer(String session) {
                return waitingSessions.viewer(session);
            }

            @Override
            public String delete(String session) {
                return waitingSessions.delete(session);
            }
        };
    }

    /** Kept for the server (a later issue); the reason is the worker's own words, so it is sealed. */
    void recordExemptionRequest(String reason) {
        String sealed = reason == null || reason.isBlank() ? ""
                : Base64.getEncoder().encodeToString(SpoolCipher.forWriting(data.root()).seal(reason.getBytes(StandardCharsets.UTF_8), null));
        com.fasterxml.jackson.databind.node.ObjectNode n = dev.understudy.model.Json.MAPPER.createObjectNode();
        n.put("at", clock.wall());
        n.put("user", ThisDevice.user());
        n.put("session", sessionId);
        n.put("reason_sealed", sealed);
        String line = n.toString();
        ControlFiles.appendPrivate(data.root().resolve(ControlFiles.EXEMPTION_REQUESTS), line);
        exemptionRequests.incrementAndGet();
    }

    /** Pipeline thread, every loop: quota, retention, status, exemption markers. */
    void tick(long mono, PolicyGate.Output out) {
        long now = clock.wall();
        if (screen != null && now - lastScreenDrain >= SCREEN_DRAIN_MS) {
            lastScreenDrain = now;
            screen.drainWhileIdle(); // the masking connection's events, also while nothing is grabbed
        }
        if (exemptionRequests.get() > 0) {
            exemptionRequests.decrementAndGet();
            out.store(new RawEvent.Marker(mono, now, MarkerKind.EXEMPTION_REQUESTED, null));
        }
        String label;
        while ((label = taskLabels.poll()) != null) {
            // the worker's own words, but they go into datasets: redacted as typed text is
            out.store(new RawEvent.Marker(mono, now, MarkerKind.TASK_LABEL, gate.scrubber().text(label)));
        }
        if (policy.quotaBytes() > 0 && now - lastQuotaCheck >= QUOTA_CHECK_MS && !usageChecking) {
            lastQuotaCheck = now;
            usageChecking = true;
            io.execute(() -> {
                try {
                    usage = Housekeeping.usage(data);
                } finally {
                    usageChecking = false;
                }
            });
        }
        long u = usage;
        if (policy.quotaBytes() > 0 && u >= 0 && u != quotaToldAt) {
            // only when the usage moved (every 2 s at most): formatting it 20 times a second was
            // most of the pipeline's tick (a JFR profile of the office workload)
            quotaToldAt = u;
            gate.quota(u >= policy.quotaBytes(), String.format("%.1f of %.1f MB", u / 1048576.0, policy.quotaBytes() / 1048576.0), out);
        }
        if (now - lastRetention >= RETENTION_EVERY_MS) {
            lastRetention = now;
            String keep = sessionId;
            io.execute(() -> sweepRetention(keep));
        }
        writeStatus();
    }

    /** An event reached the store. */
    void stored(RawEvent e) {
        ControlPage p = page;
        if (p != null) p.stored(e);
    }

    /**
     * A warning for the worker, or null: the foreground is a browser the recorder cannot see into
     * (no live bridge), so typing there is not recorded; says why and how to fix it.
     */
    String warning() {
        dev.understudy.model.AppContext b = "recording".equals(gate.state()) ? gate.unbridgedBrowser() : null;
        if (b == null) return null;
        long now = clock.wall();
        if (warningPid != b.pid() || now - warningAt > 5_000) {
            warningText = BridgeInstallations.diagnose(b.pid(), b.name(), data.root());
            warningPid = b.pid();
            warningAt = now;
        }
        return warningText;
    }

    private long warningPid = -1;
    private long warningAt;
    private String warningText;

    private synchronized void writeStatus() {
        PrivacyGate.Status status = gate.status(); // the state and its detail of one decision
        String state = status.state();
        String detail = status.detail();
        long until = "paused".equals(state) ? pause.pausedUntil() : 0;
        long withheld = gate.withheld();
        String warning = warning();
        long grabsWithheld = frames == null ? 0 : frames.withheldGrabs();
        String key = state + "|" + detail + "|" + until + "|" + withheld + "|" + warning + "|" + grabsWithheld;
        if (Objects.equals(key, lastStatus)) return;
        lastStatus = key;
        ControlFiles.Status s = new ControlFiles.Status(state, detail, until, sessionId, ProcessHandle.current().pid(),
                clock.wall(), policy.pause().maxMinutes(), policy.pause().defaultMinutes(), withheld, warning, grabsWithheld);
        io.execute(() -> {
            try {
                ControlFiles.writeStatus(data.root(), s);
            } catch (RuntimeException e) {
                Diagnostics.warnOnce("status", e.getMessage());
            }
        });
        Tray t = tray;
        if (t != null) t.update(state, ControlPage.describe(state, detail, until) + (warning == null ? "" : " — " + warning));
        if ("quota".equals(state)) {
            Diagnostics.warnOnce("quota", "disk quota reached (" + detail + "): capture stopped; everything captured so far is kept");
        }
    }

    /** The warning as last written to the status (any thread). */
    private synchronized String lastWarning() {
        return warningText != null && warningPid >= 0 && gate.unbridgedBrowser() != null ? warningText : null;
    }

    /** The boxes of the password fields on screen, masked in every stored frame; set before {@link #start}. */
    void passwordBoxes(java.util.function.Supplier<java.util.List<dev.understudy.model.Rect>> boxes) {
        this.passwordBoxes = boxes == null ? java.util.List::of : boxes;
        if (screen != null) screen.passwordBoxes(this.passwordBoxes);
    }

    String stats() {
        return (ocr == null ? "ocr=off" : ocr.stats()) + " masks=" + (screen == null ? 0 : screen.masks()) + " avgMaskMs="
                + (screen == null || screen.masks() == 0 ? 0 : String.format("%.2f", screen.maskNanos() / 1e6 / screen.masks()))
                + " maskStackReuses=" + (screen == null ? 0 : screen.stackReuses())
                + " maskStackRelisted=" + (screen == null ? "-" : screen.relistReasons())
                + " typedEntities=" + gate.typedEntitiesRedacted() + " suspensions=" + gate.suspensions()
                + " unbridgedKeysWithheld=" + gate.unbridgedKeysWithheld()
                + " passwordBoxesMasked=" + (screen == null ? 0 : screen.passwordBoxesMasked()) + " a11yReadsDropped=" + gate.a11yReadsDropped();
    }

    /**
     * The last frames are stored: OCR what is queued (for a while), while the frame store is still
     * open to read them back and the typed values redacted in this recording are still in memory.
     * Call before the session is finished.
     */
    void finishOcr() {
        if (ocr != null) ocr.drainAndStop(10_000);
    }

    /** Recording ended: OCR what is still queued (if {@link #finishOcr} was not called), stop the controls, say "stopped". */
    @Override
    public void close() {
        if (page != null) page.close();
        if (tray != null) tray.close();
        if (watcher != null) watcher.close();
        if (ocr != null) ocr.drainAndStop(10_000);
        if (screen != null) screen.close();
        try {
            Files.deleteIfExists(data.root().resolve(ControlFiles.PAGE));
        } catch (IOException ignored) {
            // stale URL; status says "not running"
        }
        ControlFiles.Status s = new ControlFiles.Status("stopped", null, 0, sessionId, ProcessHandle.current().pid(),
                clock.wall(), policy.pause().maxMinutes(), policy.pause().defaultMinutes(), gate.withheld());
        io.shutdown();
        try {
            io.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ControlFiles.writeStatus(data.root(), s);
    }
}
