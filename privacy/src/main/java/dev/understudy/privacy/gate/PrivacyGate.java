package dev.understudy.privacy.gate;

import dev.understudy.model.MarkerKind;
import dev.understudy.model.AppContext;
import dev.understudy.model.RawEvent;
import dev.understudy.model.browser.BrowserMessage;
import dev.understudy.model.Rect;
import dev.understudy.privacy.policy.Decision;
import dev.understudy.privacy.policy.Policy;
import dev.understudy.privacy.redact.TextRedactor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The policy gate of a recording (docs/privacy.md). For every event, in order:
 * <ol>
 *   <li>the worker's pause ({@link PauseFilter}): while paused nothing passes, and what was in
 *       flight when the pause began is dropped (events from before the pause still held, events
 *       grabbed before the resume but arriving after it);</li>
 *   <li>the policy ({@link ForegroundVerdict}): only while the foreground app (or, in a browser,
 *       the site: {@link ForegroundTracker} follows both) is allowed and shows no correspondent abroad; a change to "not allowed" stores a
 *       content-free {@code suspended} marker and nothing else until it is allowed again. A page
 *       not scanned yet is waited for ({@link PageScanWait}): what arrives meanwhile is held and
 *       passes with the verdict of the page's scan ({@link PageContents}, never stored). Titles seen
 *       on a blocked page are kept out of what comes next ({@link BlockedTitles});</li>
 *   <li>the disk quota ({@link QuotaStop}): once reached, capture stops with a {@code quota} marker;</li>
 *   <li>typing in a browser without a live bridge is withheld ({@link UnbridgedBrowserGuard});</li>
 *   <li>redaction ({@link EventRedactor}): text fields (titles, URLs, clipboard, browser data)
 *       through the {@link Scrubber}, clipboard content a denied app or a password manager offered
 *       withheld ({@link ClipboardGuard}), keys typed into sensitive fields (password prompts)
 *       replaced by one {@code [SECRET]} ({@link SensitiveInputRewriter}), and the
 *       {@link TypedTextGuard} over typed text.</li>
 * </ol>
 * The pipeline thread calls {@link #admit}, {@link #tick} and {@link #finish}. Other threads (the
 * screen thread, status, the control page, the tray) read the decision as one immutable
 * {@link View}, published through one volatile reference after each change (at once after a new
 * verdict or a quota change, and at the end of each call): one read gives the foreground, its page,
 * the verdict on them and the quota as they were together, never fields of two decisions. The
 * pause is the {@link PauseSwitch}'s, one {@link PauseSwitch.State}; the wait for page scans is
 * {@link PageScanWait}'s, updated atomically by the bridge's thread and the pipeline.
 */
public final class PrivacyGate implements PolicyGate {
    /** Suspended and unsuspended markers; their detail is a content-free reason. */
    public static final MarkerKind SUSPENDED = MarkerKind.SUSPENDED;
    public static final MarkerKind UNSUSPENDED = MarkerKind.UNSUSPENDED;
    public static final MarkerKind PAUSED = MarkerKind.PAUSED;
    public static final MarkerKind RESUMED = MarkerKind.RESUMED;
    public static final MarkerKind QUOTA = MarkerKind.QUOTA;
    public static final MarkerKind QUOTA_CLEARED = MarkerKind.QUOTA_CLEARED;
    /** The browser's scan of a page: who it shows and its text boxes; read here, never stored. */
    public static final String PAGE_SCAN = BrowserMessage.PAGE;
    /**
     * After the browser moves to a page it has not scanned yet, frames (and input) wait this long
     * at most for the scan that says whether the page shows a correspondent abroad.
     */
    public static final long SCAN_WAIT_NS = PageScanWait.SCAN_WAIT_NS;
    /** Longer than an event waits between arriving and reaching the gate (SensitiveFieldGate's hold plus a drain). */
    static final long VERDICT_WAIT_NS = PageScanWait.VERDICT_WAIT_NS;

    private final Policy policy;
    private final PauseSwitch pauseSwitch;
    private final LongSupplier mono;
    private final Scrubber scrubber;
    private final TypedTextGuard typed;
    private final Correspondents correspondents;
    private final UnbridgedBrowserGuard unbridged;
    private final ClipboardGuard clipboard;
    private final SecretMemory secrets = new SecretMemory();
    private final PauseFilter pause;
    private final PageScanWait scans;
    private final ForegroundVerdict verdict;
    private final QuotaStop quotaStop = new QuotaStop();
    private final PageContents page;
    private final BlockedTitles titles = new BlockedTitles();
    private final SensitiveInputRewriter sensitive;
    private final AccessibilityReads a11y;
    private final EventRedactor redactor;

    private final ForegroundTracker context;
    /** Input events dropped because of a pause (or held for a page scan beyond the limit). */
    private volatile long withheld;

    /**
     * The gate's decision as other threads see it, one value: the foreground (title not redacted:
     * for decisions, never stored) and its page URL, whether the policy allows them and why not,
     * the disk quota, the foreground browser the recorder cannot see into, and the boxes of page
     * text to mask.
     */
    public record View(AppContext foreground, String url, boolean allowed, String withheldReason, boolean quotaStopped,
                       String quotaDetail, AppContext blindBrowser, List<Rect> domRedactions) {}

    /** Written by the pipeline thread only ({@link #publish}), read by any. */
    private volatile View view;

    public PrivacyGate(Policy policy, PauseSwitch pause, LongSupplier mono) {
        this.policy = policy;
        this.pauseSwitch = pause;
        this.mono = mono;
        TextRedactor text = TextRedactor.builder().kinds(policy.redaction().kinds()).phoneRegion(policy.redaction().phoneRegion())
                .directory(policy.directory()).build();
        TextRedactor typedRedactor = policy.redaction().typedKinds().equals(policy.redaction().kinds()) ? text
                : TextRedactor.builder().kinds(policy.redaction().typedKinds()).phoneRegion(policy.redaction().phoneRegion())
                        .directory(policy.directory()).build();
        this.scrubber = new Scrubber(text);
        this.typed = new TypedTextGuard(typedRedactor, secrets);
        this.correspondents = Correspondents.of(policy);
        this.unbridged = new UnbridgedBrowserGuard(policy);
        this.clipboard = new ClipboardGuard(policy, unbridged);
        this.pause = new PauseFilter(pause, mono);
        this.scans = new PageScanWait(correspondents);
        this.verdict = new ForegroundVerdict(policy, correspondents, scans::withheld);
        this.page = new PageContents(scrubber);
        this.sensitive = new SensitiveInputRewriter(policy, secrets);
        this.a11y = new AccessibilityReads(policy, correspondents, scrubber, titles);
        this.redactor = new EventRedactor(scrubber, unbridged, clipboard, sensitive, a11y);
        this.context = new ForegroundTracker(page, scans, sensitive, unbridged);
        publish();
    }

    /** Publishes the decision as it stands now (pipeline thread). */
    private void publish() {
        view = new View(context.foreground(), context.url(), verdict.allows(), verdict.withheldReason(), quotaStop.stopped(),
                quotaStop.detail(), unbridged.blindApp(), page.domRedactions());
    }

    /** The gate's decision as it was last published: one consistent value. */
    public View view() {
        return view;
    }

    public Policy policy() {
        return policy;
    }

    public Scrubber scrubber() {
        return scrubber;
    }

    public PauseSwitch pauseSwitch() {
        return pauseSwitch;
    }

    // ---- PolicyGate

    @Override
    public RawEvent admit(RawEvent event) {
        List<RawEvent> out = new ArrayList<>(2);
        admit(event, new Output() {
            @Override
            public void live(RawEvent e) {}

            @Override
            public void store(RawEvent e) {
                out.add(e);
            }
        });
        return out.isEmpty() ? null : out.get(out.size() - 1);
    }

    @Override
    public void admit(RawEvent raw, Output out) {
        try {
            admitOne(raw, out);
        } finally {
            publish();
        }
    }

    private void admitOne(RawEvent raw, Output out) {
        syncPause(mono.getAsLong(), out);
        // a copy's verdict (who offered it, marked as a password?) is kept for its pastes, even when the copy is not stored
        if (raw instanceof RawEvent.Clipboard c) clipboard.observe(c, context.foreground(), context.url());
        boolean changed = false;
        if (raw instanceof RawEvent.WindowFocus w) {
            context.focusChanged(w, () -> releaseHeld(out));
            changed = true;
        } else if (raw instanceof RawEvent.Marker m && (m.kind() == MarkerKind.INPUT_HIDDEN
                || m.kind() == MarkerKind.INPUT_SHOWN)) {
            // a terminal reading a password (echo off): what is typed is a secret, whichever window
            sensitive.hiddenInput(m.kind() == MarkerKind.INPUT_HIDDEN);
        } else if (raw instanceof RawEvent.Browser b) {
            unbridged.observe(b, context.foreground());
            changed = context.absorb(b, () -> releaseHeld(out));
            if (b.message() instanceof BrowserMessage.PageScan) {
                // what the page shows decides; the scan itself is never stored
                boolean settles = scans.settledBy(context.url(), b);
                if (changed || !verdict.known() || settles) redecide(raw, out);
                if (settles) endAwait(out);
                return;
            }
        }
        if (changed || !verdict.known()) redecide(raw, out);
        if (scans.awaiting() && !(raw instanceof RawEvent.Marker)) {
            // the navigation and the title change too: a title may name the correspondent
            if (!scans.hold(raw) && isInput(raw)) withheld++;
            return;
        }
        pass(raw, out);
    }

    /** The policy's verdict on one event, once any page scan it waited for is in. */
    private void pass(RawEvent raw, Output out) {
        // what the accessibility tree says about the focused field counts in stream order, even when the
        // read itself is not stored (paused, suspended, another app's window)
        if (raw instanceof RawEvent.A11y a) sensitive.a11yRead(a);
        if (pause.drops(raw)) {
            if (isInput(raw)) withheld++;
            return;
        }
        if (BlockedTitles.blocksPage(verdict.current(), context.url())) titles.rememberFrom(raw);
        if (quotaStop.stopped() || !verdict.allows()) return;
        // a browser the recorder cannot see into: no typed text (a password field looks like any other)
        raw = unbridged.filter(raw, context.foreground(), m -> typed.offer(m, out::store));
        if (raw == null) return;
        RawEvent e = redactor.redact(titles.strip(raw), context.foreground(), context.url());
        if (e == null) return;
        out.live(e);
        typed.offer(e, out::store);
    }

    @Override
    public void tick(long now, long wall, Output out) {
        try {
            tickOnce(now, out);
        } finally {
            publish();
        }
    }

    private void tickOnce(long now, Output out) {
        syncPause(now, out);
        if (scans.timedOut(now)) {
            // no scan came (a page the extension cannot read, like the browser's own pages)
            redecide(null, out);
            endAwait(out);
        }
        unbridged.tick(now, m -> typed.offer(m, out::store));
        typed.tick(now, out::store);
    }

    @Override
    public void finish(long now, long wall, Output out) {
        try {
            releaseHeld(out);
            unbridged.flush(m -> typed.offer(m, out::store));
            if (!pause.paused()) typed.flush(out::store);
            else typed.dropAll();
        } finally {
            publish();
        }
    }

    @Override
    public boolean framesAllowed() {
        View v = view;
        if (!v.allowed() || v.quotaStopped() || pauseSwitch.pausedNow()) return false;
        return scans.framesClear(mono.getAsLong());
    }

    /**
     * Called by the bridge's thread the moment a browser event arrives, before it waits in any
     * queue: when the browser moves to a page that has not been scanned, frames stop at once until
     * the scan is in (or {@link #SCAN_WAIT_NS} passed), so no frame of a page with a correspondent
     * abroad is grabbed before the gate knows.
     */
    public void browserEventArrived(RawEvent e) {
        scans.arrived(e);
    }

    /**
     * A counter that moves each time capture becomes withheld (suspended, a page awaiting its scan,
     * a scan naming a correspondent abroad). The screen thread never stores a grab taken before the
     * latest move, so a frame grabbed in the moment before the gate knew is not kept.
     */
    public long withheldEpoch() {
        return scans.withheldEpoch();
    }

    /** Called when frames may be grabbed again after waiting for a page scan. */
    public void onFramesResumed(Runnable r) {
        scans.onFramesResumed(r);
    }

    // ---- state for other threads

    /** The foreground as last seen (title not redacted: for decisions, never stored). */
    public AppContext foreground() {
        return view.foreground();
    }

    /** The page URL of the foreground browser as the bridge last said, or null. */
    public String url() {
        return view.url();
    }

    /** Whether the policy allows the foreground right now (ignores pause and quota). */
    public boolean foregroundAllowed() {
        return view.allowed();
    }

    /** Boxes (global screen pixels) of page text with personal data, from the bridge's DOM boxes. */
    public List<Rect> domRedactions() {
        return view.domRedactions();
    }

    /** The recorder's state and why, read together: {@link #state()} and {@link #stateDetail()} of one decision. */
    public record Status(String state, String detail) {}

    /** The state and its detail from one read of the decision and one of the pause. */
    public Status status() {
        View v = view;
        if (v.quotaStopped()) return new Status("quota", v.quotaDetail());
        if (pauseSwitch.pausedNow()) return new Status("paused", null);
        return v.allowed() ? new Status("recording", null) : new Status("suspended", v.withheldReason());
    }

    /** "recording", "paused", "suspended" or "quota". */
    public String state() {
        return status().state();
    }

    public String stateDetail() {
        return status().detail();
    }

    /** Whether a text (another window's title) names a correspondent abroad. */
    public boolean abroadIn(String text) {
        return correspondents.blockedInText(text);
    }

    /**
     * The foreground browser when the recorder cannot see into it (no live bridge from it): typing
     * there is withheld. Null otherwise. For status, the control page and the tray.
     */
    public AppContext unbridgedBrowser() {
        View v = view;
        return v.allowed() ? v.blindBrowser() : null;
    }

    /** Keys withheld in browsers without a bridge, in this recording. */
    public long unbridgedKeysWithheld() {
        return unbridged.withheldKeys();
    }

    /** Input events dropped because of a pause (a count, for the status). */
    public long withheld() {
        return withheld;
    }

    public long suspensions() {
        return verdict.suspensions();
    }

    /** Accessibility reads dropped for their own content (another app's window, a blocked title, a correspondent abroad). */
    public long a11yReadsDropped() {
        return a11y.dropped();
    }

    public long typedEntitiesRedacted() {
        return typed.redactedEntities();
    }

    /** What was redacted from typed text, in memory only: screenshot OCR covers it too. */
    public SecretMemory secrets() {
        return secrets;
    }

    /**
     * The disk quota was reached (true) or has room again (false). What is held is stored first:
     * nothing already captured is dropped.
     */
    public void quota(boolean exceeded, String detail, Output out) {
        if (exceeded == quotaStop.stopped()) return;
        long now = mono.getAsLong();
        if (exceeded) {
            typed.flush(out::store);
            out.store(marker(now, QUOTA, "disk quota reached"));
            quotaStop.stop(detail);
            publish();
        } else {
            quotaStop.clear(detail);
            publish();
            out.store(marker(now, QUOTA_CLEARED, null));
            resumeContext(now, out);
        }
    }

    // ---- internals

    private void syncPause(long now, Output out) {
        switch (pause.sync()) {
            case BEGAN -> {
                unbridged.flush(out::store); // content-free: how many keys were withheld before the pause
                typed.dropAll(); // whatever was in flight is not stored
                sensitive.endRun();
                out.store(marker(now, PAUSED, pause.by()));
            }
            case ENDED -> {
                out.store(marker(now, RESUMED, pause.by()));
                resumeContext(now, out);
            }
            case NONE -> {}
        }
    }

    /** After a pause or a quota stop: the current context, so steps after it name the right app. */
    private void resumeContext(long now, Output out) {
        if (verdict.allows() && !pause.paused() && !quotaStop.stopped()) {
            AppContext fg = titles.strip(context.foreground());
            RawEvent.WindowFocus f = new RawEvent.WindowFocus(now, System.currentTimeMillis(), redactor.window(fg, context.url()));
            out.live(f);
            out.store(f);
        }
    }

    private void redecide(RawEvent trigger, Output out) {
        Decision d = verdict.judge(context.foreground(), context.url(), page.recipients());
        // a page not scanned yet stays as withheld as the one before it until its scan is in
        if (scans.awaiting() && verdict.withholds() && d.allowed()) return;
        ForegroundVerdict.Change change = verdict.take(d);
        publish(); // at once: the screen thread stops (or resumes) with the verdict, not at the end of the event
        if (BlockedTitles.blocksPage(d, context.url())) titles.rememberPage(trigger, context.foreground(), context.url());
        long now = mono.getAsLong();
        boolean markers = !pause.paused() && !quotaStop.stopped();
        switch (change) {
            case SUSPENDS -> {
                unbridged.flush(m -> typed.offer(m, out::store));
                typed.flush(out::store); // captured while allowed: kept
                sensitive.endRun();
                if (markers) out.store(marker(now, SUSPENDED, d.reason()));
            }
            case UNSUSPENDS -> {
                if (markers) {
                    out.store(marker(now, UNSUSPENDED, null));
                    if (!(trigger instanceof RawEvent.WindowFocus)) resumeContext(now, out);
                }
            }
            case NONE -> {}
        }
    }

    private void endAwait(Output out) {
        scans.ended();
        releaseHeld(out);
        if (framesAllowed()) scans.framesResumed();
    }

    /** What waited for a page scan goes through the gate now, with the verdict as it stands. */
    private void releaseHeld(Output out) {
        for (RawEvent e : scans.release()) pass(e, out);
    }

    private static boolean isInput(RawEvent e) {
        return e instanceof RawEvent.KeyDown || e instanceof RawEvent.KeyUp || e instanceof RawEvent.MouseDown
                || e instanceof RawEvent.MouseUp || e instanceof RawEvent.Wheel || e instanceof RawEvent.Clipboard;
    }

    private static RawEvent.Marker marker(long mono, MarkerKind kind, String detail) {
        return new RawEvent.Marker(mono, System.currentTimeMillis(), kind, detail);
    }
}
