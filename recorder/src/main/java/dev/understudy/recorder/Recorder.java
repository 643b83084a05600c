package dev.understudy.recorder;

import dev.understudy.model.MarkerKind;
import dev.understudy.capture.CaptureException;
import dev.understudy.capture.Clock;
import dev.understudy.capture.EventSink;
import dev.understudy.capture.a11y.AccessibilitySource;
import dev.understudy.capture.a11y.ReadPermission;
import dev.understudy.capture.terminal.HiddenInput;
import dev.understudy.capture.terminal.HiddenInputWatch;
import dev.understudy.browser.BridgeProtocol;
import dev.understudy.capture.browser.BrowserBridgeSource;
import dev.understudy.capture.browser.BrowserContext;
import dev.understudy.capture.clipboard.ClipboardSource;
import dev.understudy.capture.clipboard.X11ClipboardSource;
import dev.understudy.capture.input.InputSource;
import dev.understudy.capture.platform.DisplayCheck;
import dev.understudy.capture.screen.ScreenDamage;
import dev.understudy.capture.screen.ScreenGrabbers;
import dev.understudy.capture.screen.ScreenGrabber;
import dev.understudy.capture.window.X11WindowSource;
import dev.understudy.model.Manifest;
import dev.understudy.model.Monitor;
import dev.understudy.model.RawEvent;
import dev.understudy.power.CapturePolicy;
import dev.understudy.power.LinuxPowerSource;
import dev.understudy.power.PowerMonitor;
import dev.understudy.privacy.gate.PolicyGate;
import dev.understudy.privacy.gate.SensitiveFieldGate;
import dev.understudy.privacy.control.ControlFiles;
import dev.understudy.privacy.policy.Policy;
import dev.understudy.privacy.policy.PolicyLoader;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionWriter;
import dev.understudy.trace.TraceException;
import dev.understudy.trace.TraceFormat;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The recorder process: wires the sources to the pipeline
 * (sources → policy gate → redaction → store) and runs until stopped.
 *
 * <p>Threads: the OS hook thread and the window and clipboard threads only copy events into the
 * bounded {@link EventQueue}; the screen thread grabs and stores frames; one pipeline thread (the
 * caller of {@link #run}) takes events in order through the gate into the session writer, so the
 * writer needs no locks.
 */
public final class Recorder {
    public static final String AGENT_VERSION = "0.1.0";

    /**
     * How often the pipeline drains the queue while events come: sources never wake it then, so
     * the hook thread stays cheap. Each wake-up of a parked thread costs more than the pass itself
     * on a virtual machine (perf: most of the pipeline thread's samples were the kernel's wake-up
     * path): 10 passes a second, not 20. Nothing waits on a pass: frames before an action are in
     * the screen thread's ring, the writer flushes once a second.
     */
    static final long DRAIN_INTERVAL_NANOS = 100_000_000L;
    /**
     * After this long without an event (and nothing held), the pipeline ticks every {@link
     * #QUIET_INTERVAL_NANOS} and the next event wakes it: at a person's pace (an action every few
     * seconds) it sleeps between actions instead of waking 10 times a second.
     */
    static final long QUIET_AFTER_NANOS = 400_000_000L;
    static final long QUIET_INTERVAL_NANOS = 500_000_000L;
    /**
     * How long the threads have to end once asked, all together (the OCR worker's last frames take
     * up to 10 s of it); those still running then are named on stderr and in the stats.
     */
    static final long STOP_DEADLINE_NANOS = 15_000_000_000L;

    private final RecorderConfig config;
    private final PrintWriter stdout;
    private volatile boolean stopRequested;
    private volatile Thread pipelineThread;
    private volatile String stopReason = "signal";
    private final CountDownLatch finished = new CountDownLatch(1);
    private final RecorderStats stats = new RecorderStats();
    /** The page URL of each bridged browser, for its window events (see BrowserContext). */
    private final BrowserContext pages = new BrowserContext();
    /** The worker's privacy around the pipeline (policy gate, pause, masking, OCR, quota...), or null without a policy. */
    private PrivacyRuntime privacy;
    private PolicyGate.Output out;

    public Recorder(RecorderConfig config, PrintWriter stdout) {
        this.config = config;
        this.stdout = stdout;
    }

    /** Asks the recorder to stop; safe from any thread (signal handlers use it). */
    public void requestStop(String reason) {
        stopReason = reason;
        stopRequested = true;
        Thread t = pipelineThread;
        if (t != null) LockSupport.unpark(t);
    }

    /** Waits until the session is closed on disk. */
    public boolean awaitFinished(long millis) throws InterruptedException {
        return finished.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public RecorderStats stats() {
        return stats;
    }

    /** Records until stopped. Throws CaptureException/TraceException with one-line messages. */
    public void run() throws InterruptedException {
        try {
            runInner();
        } finally {
            finished.countDown();
        }
    }

    private void runInner() throws InterruptedException {
        pipelineThread = Thread.currentThread();
        DisplayCheck.requireX11();
        DataDir data = DataDir.at(config.dataDir());
        PolicyGate gate = config.gate() == null ? PolicyGate.ALLOW_ALL : config.gate();
        try (DataDir.RecorderLock lock = data.lockForRecording()) {
            Clock clock = new Clock();
            Policy policy = config.policy() != null ? config.policy() : config.gate() == null ? PolicyLoader.defaults() : null;
            if (policy != null) {
                String exempt = ThisDevice.exemption(policy, data.root());
                if (exempt != null) {
                    runExempt(data, exempt, policy, clock);
                    return;
                }
                privacy = new PrivacyRuntime(policy, data, clock);
                privacy.prepareData();
                gate = privacy.gate();
            }
            ScreenGrabber grabber = ScreenGrabbers.best(clock); // XShm, else java.awt.Robot
            List<Monitor> monitors = grabber.monitors();
            String id = newSessionId(clock.wall());
            Manifest manifest = new Manifest(TraceFormat.VERSION, id, AGENT_VERSION, System.getProperty("os.name"),
                    System.getProperty("os.version"), System.getProperty("os.arch"), "x11",
                    ZoneId.systemDefault().getId(), clock.wall(), null, null, monitors);
            SessionWriter writer = data.createSession(manifest);
            EventQueue queue = new EventQueue(EventQueue.DEFAULT_CAPACITY);
            FrameCapture frames = new FrameCapture(grabber, monitors, writer.frames(), clock, queue, gate::framesAllowed);
            // Damage tracking starts before the first grab, so no drawing after it goes unseen.
            ScreenDamage damage = openDamage();
            if (damage != null) frames.damage(damage::take);
            // the one owner of this recording's threads: start order here, stop in reverse (docs/architecture.md, "Threads")
            RecorderRuntime runtime = new RecorderRuntime(clock, m -> System.err.println("understudy: " + m));
            PowerMonitor power = new PowerMonitor(LinuxPowerSource.system(), CapturePolicy.DEFAULT);
            runtime.startNow(RecorderRuntime.service("understudy-power", power::start, power, power::running),
                    RecorderRuntime.OnDeath.CARRY_ON); // without it, frames are taken as on mains power
            frames.power(power::profile);

            X11WindowSource window = new X11WindowSource(queue::offer, clock);
            // before each key press: is the foreground terminal reading a password (echo off)?
            // the accessibility tree (AT-SPI): the element under each press, the focused element, password fields
            AccessibilitySource a11y = config.accessibility()
                    ? new AccessibilitySource(queue::offer, privacy == null ? ReadPermission.ALL : new AccessibilityPermission(privacy.gate(), window, clock::wall),
                            clock, AccessibilitySource.DEFAULT_BUDGET)
                    : null;
            EventSink toQueue = a11y == null ? queue::offer : pointerReads(a11y, queue::offer);
            EventSink keys = new HiddenInputWatch(toQueue, window::current, HiddenInput.system());
            InputSource input = new InputSource(privacy != null ? privacy.input(keys) : keys, clock);
            X11ClipboardSource clipboard = new X11ClipboardSource(queue::offer, clock, config.clipboardCap());
            // The gate hears of a page change the moment it arrives, so frames wait for the page's scan.
            EventSink bridgeSink = privacy == null ? queue::offer : e -> {
                privacy.gate().browserEventArrived(e);
                queue.offer(e);
            };
            if (privacy != null) {
                privacy.gate().onFramesResumed(() -> frames.onFocus(clock.mono()));
                frames.privacyEpoch(privacy.gate()::withheldEpoch);
            }
            BrowserBridgeSource bridge = new BrowserBridgeSource(bridgeSink, clock, BridgeProtocol.bridgeDir(config.dataDir()),
                    manifest.startWall(), System.err::println);
            SensitiveFieldGate sensitive = new SensitiveFieldGate();
            out = output(writer, frames, clipboard);
            if (a11y != null) {
                runtime.startNow(RecorderRuntime.service("understudy-a11y", () -> startAccessibility(a11y), a11y, a11y::running),
                        RecorderRuntime.OnDeath.CARRY_ON);
                // keys wait briefly for the tree's word on the focused field (a password field?) before the gate judges them
                sensitive.accessibility(a11y.unavailableReason() == null);
                if (privacy != null) privacy.passwordBoxes(a11y::passwordBoxes);
            }
            try {
                writer.append(new RawEvent.Marker(clock.mono(), clock.wall(), MarkerKind.START, null));
                if (privacy != null) privacy.start(id, writer, window, frames, clock.mono(), clock.wall(), runtime);
                input.setActivityListener(frames::onInput);
                // stopped in the reverse order: input and the bridge first (no new actions), then the
                // screen thread (its last pass stores the frames those actions asked for), then the rest
                runtime.add(RecorderRuntime.service("understudy-window", window::start, window, window::running),
                                RecorderRuntime.OnDeath.STOP_RECORDING)
                        .add(RecorderRuntime.service("understudy-clipboard", clipboard::start, clipboard, clipboard::running),
                                RecorderRuntime.OnDeath.CARRY_ON)
                        .add(RecorderRuntime.thread("understudy-screen", frames, frames::stop), RecorderRuntime.OnDeath.RESTART)
                        .add(RecorderRuntime.service("understudy-bridge", bridge::start, bridge, bridge::running),
                                RecorderRuntime.OnDeath.CARRY_ON)
                        .add(RecorderRuntime.service("understudy-input", input::start, input, input::running),
                                RecorderRuntime.OnDeath.STOP_RECORDING);
                runtime.start();
                stdout.println("recording " + id);
                stdout.flush();
                if (privacy != null) privacy.announce(stdout);
                pipeline(queue, sensitive, writer, gate, frames, clipboard, clock, runtime);
            } finally {
                List<String> stuck = runtime.stop(STOP_DEADLINE_NANOS); // each one still running is reported
                stats.threadsStuck = stuck.size();
                stats.threadRestarts = runtime.restartsTotal();
                closeQuietly(grabber);
                if (damage != null) closeQuietly(damage);
                closeQuietly(power);
                // drain what the sources and the screen thread handed over before they stopped
                RawEvent e;
                while ((e = queue.pollNow()) != null) hold(sensitive, e, clock.mono());
                while ((e = sensitive.pollAny()) != null) admit(e, writer, gate, frames, clipboard);
                gate.finish(clock.mono(), clock.wall(), out);
                recordDrops(queue, writer, clock);
                writer.append(new RawEvent.Marker(clock.mono(), clock.wall(), MarkerKind.STOP, stopReason));
                if (privacy != null) privacy.finishOcr(); // reads frames back: before the store closes
                writer.finish(clock.wall(), stopReason);
                stats.finish(queue, frames, writer);
                stats.damage = damage == null ? "off" : "on";
                stats.bridge = bridge.stats().toString();
                if (a11y != null) stats.accessibility = a11y.unavailableReason() != null ? "off: " + a11y.unavailableReason() : a11y.stats().toString();
                if (privacy != null) {
                    privacy.close();
                    stats.privacy = privacy.stats();
                }
            }
        }
    }

    private void pipeline(EventQueue queue, SensitiveFieldGate sensitive, SessionWriter writer, PolicyGate gate,
                          FrameCapture frames, ClipboardSource clipboard, Clock clock, RecorderRuntime runtime) throws InterruptedException {
        long deadline = config.durationSeconds() > 0 ? clock.mono() + config.durationSeconds() * 1_000_000_000L : Long.MAX_VALUE;
        long lastEvent = clock.mono();
        // The loop only sleeps; each pass is its own method. A loop entered once runs in the
        // interpreter until an on-stack replacement that C1 alone (60,000 back edges) reaches after
        // 50 minutes: the tick ran interpreted, 0.17 % of a core (perf, office workload).
        while (!stopRequested) {
            lastEvent = tick(queue, sensitive, writer, gate, frames, clipboard, clock, lastEvent);
            String died = runtime.check(); // a thread that ended is reported, restarted or ends the recording
            if (died != null) {
                stopReason = "failed: " + died;
                break;
            }
            if (clock.mono() >= deadline) {
                stopReason = "duration";
                break;
            }
            idle(queue, sensitive, clock.mono() - lastEvent);
        }
    }

    /** One pass of the pipeline: what the sources queued goes through the gate; returns when the last event came. */
    private long tick(EventQueue queue, SensitiveFieldGate sensitive, SessionWriter writer, PolicyGate gate,
                      FrameCapture frames, ClipboardSource clipboard, Clock clock, long lastEvent) {
        RawEvent e;
        // Once a browser is connected, the sensitive-field stage holds events briefly (see SensitiveFieldGate).
        while ((e = queue.pollNow()) != null) {
            hold(sensitive, e, clock.mono());
            lastEvent = clock.mono();
        }
        while ((e = sensitive.poll(clock.mono())) != null) admit(e, writer, gate, frames, clipboard);
        gate.tick(clock.mono(), clock.wall(), out);
        if (privacy != null) privacy.tick(clock.mono(), out);
        recordDrops(queue, writer, clock);
        flushQuietly(writer, clock);
        return lastEvent;
    }

    /**
     * Sleeps until the next pass: {@link #DRAIN_INTERVAL_NANOS} while events come; once none came
     * for {@link #QUIET_AFTER_NANOS} and nothing is held, up to {@link #QUIET_INTERVAL_NANOS},
     * woken at once by the next event. Every pass wakes a sleeping thread, which on a virtual
     * machine costs more than the pass itself (perf: the kernel's share of the pipeline thread).
     */
    private void idle(EventQueue queue, SensitiveFieldGate sensitive, long sinceEvent) {
        if (sinceEvent >= QUIET_AFTER_NANOS && !sensitive.holding()) {
            queue.wakeOnOffer(pipelineThread);
            if (queue.isEmpty() && !stopRequested) LockSupport.parkNanos(QUIET_INTERVAL_NANOS);
            queue.wakeOnOffer(null);
        } else {
            LockSupport.parkNanos(DRAIN_INTERVAL_NANOS);
        }
    }

    private void admit(RawEvent raw, SessionWriter writer, PolicyGate gate, FrameCapture frames, ClipboardSource clipboard) {
        gate.admit(pages.enrich(raw), out);
    }

    /** Into the sensitive-field stage; browser events also tell which page each browser shows. */
    private void hold(SensitiveFieldGate sensitive, RawEvent e, long mono) {
        pages.observe(e);
        sensitive.offer(e, mono);
    }

    /**
     * Where the gate puts what it admits: at once, the recorder's bookkeeping (frame requests,
     * paste chords); in order and possibly later (typed text is held for redaction), the writer.
     */
    private PolicyGate.Output output(SessionWriter writer, FrameCapture frames, ClipboardSource clipboard) {
        return new PolicyGate.Output() {
            @Override
            public void live(RawEvent e) {
                if (e instanceof RawEvent.KeyDown k) {
                    clipboard.onKeyDown(k);
                    frames.commitBefore(k.mono());
                } else if (e instanceof RawEvent.MouseDown || e instanceof RawEvent.Wheel) {
                    frames.commitBefore(e.mono());
                } else if (e instanceof RawEvent.WindowFocus) {
                    frames.onFocus(e.mono());
                }
            }

            @Override
            public void store(RawEvent e) {
                writer.append(e);
                if (privacy != null) privacy.stored(e);
            }
        };
    }

    /** An exempt user or device: nothing is captured, not even a session; status says "exempt". */
    private void runExempt(DataDir data, String who, Policy policy, Clock clock) {
        ControlFiles.ensurePrivateDir(data.root());
        ControlFiles.writeStatus(data.root(), new ControlFiles.Status("exempt", who, 0, null, ProcessHandle.current().pid(),
                clock.wall(), policy.pause().maxMinutes(), policy.pause().defaultMinutes(), 0));
        stdout.println("exempt: " + who + " is exempt" + (who.contains("collector") ? "" : " by policy \"" + policy.name() + "\"") + "; nothing is recorded");
        stdout.flush();
        long deadline = config.durationSeconds() > 0 ? clock.mono() + config.durationSeconds() * 1_000_000_000L : Long.MAX_VALUE;
        while (!stopRequested && clock.mono() < deadline) LockSupport.parkNanos(200_000_000L);
        ControlFiles.writeStatus(data.root(), new ControlFiles.Status("stopped", who, 0, null, ProcessHandle.current().pid(),
                clock.wall(), policy.pause().maxMinutes(), policy.pause().defaultMinutes(), 0));
    }

    /**
     * Input on its way to the queue, with each mouse press and release also told to the
     * accessibility source (which only queues a read: the hook thread never waits for it).
     */
    private static EventSink pointerReads(AccessibilitySource a11y, EventSink next) {
        return e -> {
            if (e instanceof RawEvent.MouseDown m) a11y.pointerPressed(m.mono(), m.wall(), m.x(), m.y());
            else if (e instanceof RawEvent.MouseUp m) a11y.pointerReleased(m.mono(), m.wall(), m.x(), m.y());
            next.accept(e);
        };
    }

    /** The accessibility tree is optional: without it desktop steps are not grounded, with one line saying why. */
    private static void startAccessibility(AccessibilitySource a11y) {
        a11y.start();
        if (a11y.unavailableReason() != null) {
            Diagnostics.warnOnce("a11y", "no accessibility tree: " + a11y.unavailableReason() + " (desktop steps are not grounded)");
        }
    }

    private void recordDrops(EventQueue queue, SessionWriter writer, Clock clock) {
        long dropped = queue.takeDropped();
        if (dropped > 0) {
            stats.dropped += dropped;
            writer.append(new RawEvent.Marker(clock.mono(), clock.wall(), MarkerKind.DROPPED, dropped + " events: queue full"));
        }
    }

    private void flushQuietly(SessionWriter writer, Clock clock) {
        try {
            writer.flushIfDue(clock.wall());
        } catch (TraceException e) {
            // Disk full or similar: the buffer is kept and retried on the next tick.
            Diagnostics.warnOnce("flush", e.getMessage());
        }
    }

    /**
     * The X server's damage tracking for the screen thread, or null after one warning line saying
     * why (then every grab reads the screen, as without it).
     */
    private static ScreenDamage openDamage() {
        try {
            return ScreenDamage.open();
        } catch (RuntimeException | LinkageError e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            int nl = why.indexOf('\n');
            System.err.println("understudy: warning: every screen grab reads the screen (no damage tracking): "
                    + (nl < 0 ? why : why.substring(0, nl)));
            return null;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            Diagnostics.warnOnce("close-" + c.getClass().getSimpleName(), e.getMessage());
        }
    }

    static String newSessionId(long wall) {
        String ts = ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(wall), java.time.ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return ts + "-" + Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xf000));
    }
}
