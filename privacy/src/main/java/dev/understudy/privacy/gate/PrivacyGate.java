package dev.understudy.privacy.gate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.model.AppContext;
import dev.understudy.model.Mods;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import dev.understudy.privacy.policy.Decision;
import dev.understudy.privacy.policy.Policy;
import dev.understudy.privacy.redact.TextRedactor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The policy gate of a recording (docs/privacy.md). For every event, in order:
 * <ol>
 *   <li>the worker's pause: while paused nothing passes, and what was in flight when the pause
 *       began is dropped (events from before the pause still held, events grabbed before the
 *       resume but arriving after it);</li>
 *   <li>the policy: only while the foreground app (or, in a browser, the site) is allowed and
 *       shows no correspondent abroad; a change to "not allowed" stores a content-free
 *       {@code suspended} marker and nothing else until it is allowed again;</li>
 *   <li>the disk quota: once reached, capture stops with a {@code quota} marker;</li>
 *   <li>redaction of text fields (titles, URLs, clipboard, browser data), keys typed into
 *       sensitive fields (password prompts) replaced by one {@code [SECRET]}, and the
 *       {@link TypedTextGuard} over typed text.</li>
 * </ol>
 * The pipeline thread calls {@link #admit}, {@link #tick} and {@link #finish}; the screen thread
 * and the control page read the volatile state ({@link #framesAllowed}, {@link #foreground}...).
 */
public final class PrivacyGate implements PolicyGate {
    /** Suspended and unsuspended markers; their detail is a content-free reason. */
    public static final String SUSPENDED = "suspended";
    public static final String UNSUSPENDED = "unsuspended";
    public static final String PAUSED = "paused";
    public static final String RESUMED = "resumed";
    public static final String QUOTA = "quota";
    public static final String QUOTA_CLEARED = "quota_cleared";
    /** The browser's scan of a page: who it shows and its text boxes; read here, never stored. */
    public static final String PAGE_SCAN = "page";
    /**
     * After the browser moves to a page it has not scanned yet, frames (and input) wait this long
     * at most for the scan that says whether the page shows a correspondent abroad.
     */
    public static final long SCAN_WAIT_NS = 1_500_000_000L;
    private static final int PEOPLE_CACHE = 256;
    private static final int MAX_HELD = 4096;
    /** Longer than an event waits between arriving and reaching the gate (SensitiveFieldGate's hold plus a drain). */
    static final long VERDICT_WAIT_NS = 1_000_000_000L;
    /** Fields of browser data that name people. */
    private static final List<String> PEOPLE_FIELDS = List.of("people", "recipients", "participants", "to", "cc", "bcc", "from",
            "members", "correspondents");

    private final Policy policy;
    private final PauseSwitch pause;
    private final LongSupplier mono;
    private final Scrubber scrubber;
    private final TypedTextGuard typed;
    private final Correspondents correspondents;
    private final UnbridgedBrowserGuard unbridged;
    private final ClipboardGuard clipboard;
    private final SecretMemory secrets = new SecretMemory();
    private final StringBuilder sensitiveChars = new StringBuilder();

    // pipeline thread state
    private boolean paused;
    private volatile long resumedAtMono = Long.MIN_VALUE;
    private Decision decision;
    private boolean quotaStopped;
    private String quotaDetail;
    private List<String> recipients = List.of();
    /** People each frame of the current page shows (frame 0 is the top document). */
    private final Map<Long, List<String>> framePeople = new HashMap<>();
    private final Map<Long, List<Rect>> frameBoxes = new HashMap<>();
    /** The people each recently scanned page showed, by URL (shared with the bridge thread). */
    private final Map<String, List<String>> peopleByUrl = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<String>> e) {
                    return size() > PEOPLE_CACHE;
                }
            });
    /** Input that arrived while the page's scan was awaited: passes or is dropped with the scan's verdict. */
    private final List<RawEvent> held = new ArrayList<>();
    private String awaitingUrl;
    private long awaitUntil;
    private volatile long scanPendingUntil = Long.MIN_VALUE;
    private volatile long abroadHoldUntil = Long.MIN_VALUE;
    /** Moves each time capture becomes withheld: grabs from before it are not stored (see {@link #withheldEpoch}). */
    private final java.util.concurrent.atomic.AtomicLong withheldEpoch = new java.util.concurrent.atomic.AtomicLong();
    private volatile Runnable framesResumed = () -> {};
    /**
     * Titles seen while capture was suspended (a conversation abroad's subject, a banking page's
     * name): a browser keeps a page's title for a moment after it navigates away, so an event
     * allowed later may still carry one; it is stored without it.
     */
    private final java.util.LinkedHashSet<String> blockedTitles = new java.util.LinkedHashSet<>();
    private boolean sensitiveField;
    /** The input watch said the foreground reads input without showing it (a terminal password prompt). */
    private boolean hiddenInput;
    private boolean sensitiveRun;
    private final Map<Integer, Boolean> sensitiveUps = new HashMap<>();
    private long suspensions;
    private volatile long withheld;

    // read by other threads
    private volatile AppContext foreground = AppContext.UNKNOWN;
    private volatile String url;
    private volatile boolean allowedNow;
    private volatile boolean quotaNow;
    private volatile List<Rect> domRedactions = List.of();
    private volatile String stateWord = "suspended";
    private volatile String stateDetail = Decision.NO_WINDOW.reason();

    public PrivacyGate(Policy policy, PauseSwitch pause, LongSupplier mono) {
        this.policy = policy;
        this.pause = pause;
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
        // Before the pause ends: an event stamped before this instant never passes, whenever the
        // pipeline gets to it.
        pause.addBeforeListener((until, by) -> {
            if (until == 0) resumedAtMono = mono.getAsLong();
        });
    }

    public Policy policy() {
        return policy;
    }

    public Scrubber scrubber() {
        return scrubber;
    }

    public PauseSwitch pauseSwitch() {
        return pause;
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
        long now = mono.getAsLong();
        syncPause(now, out);
        // a copy's verdict (who offered it, marked as a password?) is kept for its pastes, even when the copy is not stored
        if (raw instanceof RawEvent.Clipboard c) clipboard.observe(c, foreground, url);
        boolean context = false;
        if (raw instanceof RawEvent.WindowFocus w) {
            AppContext next = w.app() == null ? AppContext.UNKNOWN : w.app();
            boolean samePage = url != null && url.equals(next.url());
            if (!samePage) releaseHeld(out);
            foreground = next;
            url = next.url();
            unbridged.foregroundChanged(next);
            if (!samePage) pageChanged();
            if (!samePage && url != null && !correspondents.isEmpty() && !peopleByUrl.containsKey(url)) {
                // a browser window on a page not scanned yet (its title may already name the correspondent)
                awaitingUrl = url;
                awaitUntil = raw.mono() + SCAN_WAIT_NS;
                scanPendingUntil = Math.max(scanPendingUntil, awaitUntil);
                withheldEpoch.incrementAndGet();
            }
            sensitiveField = false;
            endSensitiveRun();
            context = true;
        } else if (raw instanceof RawEvent.Marker m && (RawEvent.Marker.INPUT_HIDDEN.equals(m.kind())
                || RawEvent.Marker.INPUT_SHOWN.equals(m.kind()))) {
            // a terminal reading a password (echo off): what is typed is a secret, whichever window
            boolean h = RawEvent.Marker.INPUT_HIDDEN.equals(m.kind());
            if (h != hiddenInput) {
                hiddenInput = h;
                endSensitiveRun();
            }
        } else if (raw instanceof RawEvent.Browser b) {
            unbridged.observe(b, foreground);
            context = absorb(b, out);
            if (PAGE_SCAN.equals(b.kind())) {
                // what the page shows decides; the scan itself is never stored
                boolean settles = awaitingUrl != null && awaitingUrl.equals(url) && b.data() != null && b.data().path("frame").asLong(0) == 0;
                if (settles) awaitingUrl = null;
                if (context || decision == null || settles) redecide(raw, out);
                if (settles) endAwait(out);
                return;
            }
        }
        if (context || decision == null) redecide(raw, out);
        if (awaitingUrl != null && !(raw instanceof RawEvent.Marker)) {
            // the navigation and the title change too: a title may name the correspondent
            if (held.size() < MAX_HELD) held.add(raw);
            else if (isInput(raw)) withheld++;
            return;
        }
        pass(raw, out);
    }

    /** The policy's verdict on one event, once any page scan it waited for is in. */
    private void pass(RawEvent raw, Output out) {
        if (paused) {
            if (isInput(raw)) withheld++;
            return;
        }
        if (raw.mono() < resumedAtMono && !(raw instanceof RawEvent.Marker)) { // in flight when the pause began
            if (isInput(raw)) withheld++;
            return;
        }
        if (blocksPage(decision)) rememberBlockedTitles(raw);
        if (quotaStopped || decision == null || !decision.allowed()) return;
        // a browser the recorder cannot see into: no typed text (a password field looks like any other)
        raw = unbridged.filter(raw, foreground, m -> typed.offer(m, out::store));
        if (raw == null) return;
        RawEvent e = scrub(withoutBlockedTitles(raw));
        if (e == null) return;
        out.live(e);
        typed.offer(e, out::store);
    }

    @Override
    public void tick(long now, long wall, Output out) {
        syncPause(now, out);
        if (awaitingUrl != null && now >= awaitUntil) {
            // no scan came (a page the extension cannot read, like the browser's own pages)
            peopleByUrl.putIfAbsent(awaitingUrl, List.of());
            awaitingUrl = null;
            redecide(null, out);
            endAwait(out);
        }
        unbridged.tick(now, m -> typed.offer(m, out::store));
        typed.tick(now, out::store);
    }

    @Override
    public void finish(long now, long wall, Output out) {
        releaseHeld(out);
        unbridged.flush(m -> typed.offer(m, out::store));
        if (!paused) typed.flush(out::store);
        else typed.dropAll();
    }

    @Override
    public boolean framesAllowed() {
        if (!allowedNow || quotaNow || pause.pausedNow()) return false;
        long now = mono.getAsLong();
        return now >= scanPendingUntil && now >= abroadHoldUntil;
    }

    /**
     * Called by the bridge's thread the moment a browser event arrives, before it waits in any
     * queue: when the browser moves to a page that has not been scanned, frames stop at once until
     * the scan is in (or {@link #SCAN_WAIT_NS} passed), so no frame of a page with a correspondent
     * abroad is grabbed before the gate knows.
     */
    public void browserEventArrived(RawEvent e) {
        if (correspondents.isEmpty() || !(e instanceof RawEvent.Browser b) || b.data() == null) return;
        if (PAGE_SCAN.equals(b.kind())) {
            // A page that changed without a new URL (a single-page app opening a conversation):
            // when its scan names a correspondent abroad, frames stop now, not when the pipeline
            // gets to the scan; the gate's own verdict takes over well before this runs out.
            if (b.data().path("active").asBoolean(true) && namesCorrespondent(b.data())) {
                abroadHoldUntil = Math.max(abroadHoldUntil, b.mono() + VERDICT_WAIT_NS);
                withheldEpoch.incrementAndGet();
            }
            return;
        }
        if (!opensPage(b)) return;
        String u = b.data().path("url").asText("");
        if (!peopleByUrl.containsKey(u)) {
            scanPendingUntil = Math.max(scanPendingUntil, b.mono() + SCAN_WAIT_NS);
            withheldEpoch.incrementAndGet();
        }
    }

    /**
     * A counter that moves each time capture becomes withheld (suspended, a page awaiting its scan,
     * a scan naming a correspondent abroad). The screen thread never stores a grab taken before the
     * latest move, so a frame grabbed in the moment before the gate knew is not kept.
     */
    public long withheldEpoch() {
        return withheldEpoch.get();
    }

    private boolean namesCorrespondent(JsonNode d) {
        List<String> people = new ArrayList<>();
        for (String k : PEOPLE_FIELDS) collect(d.get(k), people);
        for (String p : people) if (correspondents.blockedInText(p)) return true;
        return false;
    }

    /** Called when frames may be grabbed again after waiting for a page scan. */
    public void onFramesResumed(Runnable r) {
        framesResumed = r == null ? () -> {} : r;
    }

    /** Whether a browser event takes the active tab to a page (a navigation or a tab switch). */
    private static boolean opensPage(RawEvent.Browser b) {
        return b.data() != null && ("navigate".equals(b.kind()) || "tab".equals(b.kind())) && b.data().path("active").asBoolean(true)
                && b.data().hasNonNull("url");
    }

    // ---- state for other threads

    /** The foreground as last seen (title not redacted: for decisions, never stored). */
    public AppContext foreground() {
        return foreground;
    }

    /** The page URL of the foreground browser as the bridge last said, or null. */
    public String url() {
        return url;
    }

    /** Whether the policy allows the foreground right now (ignores pause and quota). */
    public boolean foregroundAllowed() {
        return allowedNow;
    }

    /** Boxes (global screen pixels) of page text with personal data, from the bridge's DOM boxes. */
    public List<Rect> domRedactions() {
        return domRedactions;
    }

    /** "recording", "paused", "suspended" or "quota". */
    public String state() {
        if (quotaNow) return "quota";
        if (pause.pausedNow()) return "paused";
        return stateWord;
    }

    public String stateDetail() {
        if (quotaNow) return quotaDetail;
        if (pause.pausedNow()) return null;
        return stateDetail;
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
        return unbridged.blindNow() && allowedNow ? unbridged.blindApp() : null;
    }

    /** Keys withheld in browsers without a bridge, in this recording. */
    public long unbridgedKeysWithheld() {
        return unbridged.withheldKeys();
    }

    /** Input events dropped because of a pause (a count, for the status). */
    public long withheld() {
        return withheld;
    }

    private static boolean isInput(RawEvent e) {
        return e instanceof RawEvent.KeyDown || e instanceof RawEvent.KeyUp || e instanceof RawEvent.MouseDown
                || e instanceof RawEvent.MouseUp || e instanceof RawEvent.Wheel || e instanceof RawEvent.Clipboard;
    }

    public long suspensions() {
        return suspensions;
    }

    public long typedEntitiesRedacted() {
        return typed.redactedEntities();
    }

    /**
     * The disk quota was reached (true) or has room again (false). What is held is stored first:
     * nothing already captured is dropped.
     */
    public void quota(boolean exceeded, String detail, Output out) {
        if (exceeded == quotaStopped) return;
        long now = mono.getAsLong();
        quotaDetail = detail;
        if (exceeded) {
            typed.flush(out::store);
            out.store(marker(now, QUOTA, "disk quota reached"));
            quotaStopped = true;
            quotaNow = true;
        } else {
            quotaStopped = false;
            quotaNow = false;
            out.store(marker(now, QUOTA_CLEARED, null));
            resumeContext(now, out);
        }
    }

    // ---- internals

    private void syncPause(long now, Output out) {
        boolean p = pause.pausedNow();
        if (p == paused) return;
        paused = p;
        if (p) {
            unbridged.flush(out::store); // content-free: how many keys were withheld before the pause
            typed.dropAll(); // whatever was in flight is not stored
            endSensitiveRun();
            out.store(marker(now, PAUSED, pause.by()));
        } else {
            out.store(marker(now, RESUMED, pause.by()));
            resumeContext(now, out);
        }
    }

    /** After a pause or a quota stop: the current context, so steps after it name the right app. */
    private void resumeContext(long now, Output out) {
        if (decision != null && decision.allowed() && !paused && !quotaStopped) {
            AppContext fg = isBlockedTitle(foreground.title()) ? foreground.withTitle("") : foreground;
            RawEvent.WindowFocus f = new RawEvent.WindowFocus(now, System.currentTimeMillis(), scrubber.app(withUrl(fg)));
            out.live(f);
            out.store(f);
        }
    }

    private AppContext withUrl(AppContext a) {
        return url != null && !url.equals(a.url()) ? a.withUrl(url) : a;
    }

    private void redecide(RawEvent trigger, Output out) {
        Decision d = policy.decide(foreground, url);
        if (d.allowed() && abroad()) d = Decision.CORRESPONDENT_ABROAD;
        Decision old = decision;
        if (awaitingUrl != null && old != null && !old.allowed() && d.allowed()) {
            // a page not scanned yet stays as withheld as the one before it until its scan is in
            return;
        }
        decision = d;
        if (!d.allowed() && (old == null || old.allowed())) withheldEpoch.incrementAndGet();
        if (blocksPage(d)) {
            rememberBlockedTitles(trigger);
            // the window's title, when it was seen on this page (or before the page was known)
            if (foreground.url() == null || foreground.url().equals(url)) blockTitle(foreground.title());
        }
        allowedNow = d.allowed();
        stateWord = d.allowed() ? "recording" : "suspended";
        stateDetail = d.allowed() ? null : d.reason();
        if (old == d) return;
        long now = mono.getAsLong();
        if (!d.allowed() && (old == null || old.allowed())) {
            unbridged.flush(m -> typed.offer(m, out::store));
            typed.flush(out::store); // captured while allowed: kept
            endSensitiveRun();
            suspensions++;
            if (!paused && !quotaStopped) out.store(marker(now, SUSPENDED, d.reason()));
        } else if (d.allowed() && old != null && !old.allowed()) {
            if (!paused && !quotaStopped) {
                out.store(marker(now, UNSUSPENDED, null));
                if (!(trigger instanceof RawEvent.WindowFocus)) resumeContext(now, out);
            }
        }
    }

    /** The page (or the window) changed: what is known about the new one, by URL. */
    private void pageChanged() {
        framePeople.clear();
        frameBoxes.clear();
        domRedactions = List.of();
        List<String> known = url == null ? null : peopleByUrl.get(url);
        recipients = known == null ? List.of() : known;
    }

    private void endAwait(Output out) {
        awaitingUrl = null;
        scanPendingUntil = Long.MIN_VALUE;
        releaseHeld(out);
        if (framesAllowed()) framesResumed.run();
    }

    /** What waited for a page scan goes through the gate now, with the verdict as it stands. */
    private void releaseHeld(Output out) {
        if (held.isEmpty()) {
            awaitingUrl = null;
            return;
        }
        List<RawEvent> list = new ArrayList<>(held);
        held.clear();
        awaitingUrl = null;
        for (RawEvent e : list) pass(e, out);
    }

    private boolean abroad() {
        if (correspondents.isEmpty()) return false;
        AppContext f = foreground;
        if (correspondents.blockedInText(f.title())) return true;
        for (String r : recipients) if (correspondents.blockedInText(r)) return true;
        return false;
    }

    /** Takes what a browser event says about the page; true when the context changed. */
    private boolean absorb(RawEvent.Browser b, Output out) {
        JsonNode d = b.data();
        if (d == null) return false;
        boolean changed = false;
        String kind = b.kind() == null ? "" : b.kind().toLowerCase(Locale.ROOT);
        boolean scan = PAGE_SCAN.equals(kind);
        if (scan && !d.path("active").asBoolean(true)) return false; // a tab in the background
        String u = firstText(d, "url", "href", "pageUrl", "page_url");
        if (u != null && !u.equals(url)) {
            releaseHeld(out);
            url = u;
            pageChanged();
            sensitiveField = false;
            changed = true;
        }
        if (!scan && opensPage(b) && !correspondents.isEmpty() && !peopleByUrl.containsKey(url)) {
            // wait for the new page's scan before anything of it passes
            awaitingUrl = url;
            awaitUntil = b.mono() + SCAN_WAIT_NS;
            scanPendingUntil = Math.max(scanPendingUntil, awaitUntil);
            withheldEpoch.incrementAndGet();
        }
        List<String> people = new ArrayList<>();
        for (String k : PEOPLE_FIELDS) collect(d.get(k), people);
        if (scan) {
            // a scan says everything one frame of the page shows now: it replaces that frame's last one
            long frame = d.path("frame").asLong(0);
            framePeople.put(frame, List.copyOf(people));
            List<String> all = new ArrayList<>();
            framePeople.values().forEach(all::addAll);
            if (!all.equals(recipients)) changed = true;
            recipients = List.copyOf(all);
            if (url != null) peopleByUrl.put(url, recipients);
            List<Rect> boxes = domBoxes(d);
            if (boxes != null) {
                frameBoxes.put(frame, boxes);
                List<Rect> allBoxes = new ArrayList<>();
                frameBoxes.values().forEach(allBoxes::addAll);
                domRedactions = List.copyOf(allBoxes);
            }
            return changed;
        }
        if (!people.isEmpty()) {
            List<String> all = new ArrayList<>(recipients);
            all.addAll(people);
            recipients = List.copyOf(all);
            changed = true;
        }
        if (d.has("sensitive") || kind.contains("field") || d.has("inputType") || d.has("input_type")) {
            boolean s = d.path("sensitive").asBoolean(false)
                    || "password".equalsIgnoreCase(firstText(d, "inputType", "input_type", "fieldType", "type"));
            if (kind.contains("blur")) s = false;
            if (s != sensitiveField) {
                sensitiveField = s;
                endSensitiveRun();
            }
        }
        List<Rect> boxes = domBoxes(d);
        if (boxes != null) domRedactions = boxes;
        return changed;
    }

    private List<Rect> domBoxes(JsonNode d) {
        JsonNode arr = d.has("text_boxes") ? d.get("text_boxes") : d.get("boxes");
        if (arr == null || !arr.isArray()) return null;
        List<Rect> out = new ArrayList<>();
        for (JsonNode b : arr) {
            String text = b.path("text").asText("");
            boolean flag = b.path("sensitive").asBoolean(false) || "password".equalsIgnoreCase(b.path("inputType").asText(""));
            if (!flag && !text.isEmpty() && !scrubber.text(text).equals(text)) flag = true;
            if (flag) {
                int w = b.has("w") ? b.path("w").asInt() : b.path("width").asInt();
                int h = b.has("h") ? b.path("h").asInt() : b.path("height").asInt();
                out.add(new Rect(b.path("x").asInt(), b.path("y").asInt(), w, h));
            }
        }
        return List.copyOf(out);
    }

    private static void collect(JsonNode n, List<String> out) {
        if (n == null || n.isNull()) return;
        if (n.isTextual()) {
            out.add(n.asText());
        } else if (n.isArray()) {
            for (JsonNode x : n) collect(x, out);
        } else if (n.isObject()) {
            StringBuilder sb = new StringBuilder();
            for (String k : List.of("name", "email", "address", "displayName", "display_name")) {
                if (n.hasNonNull(k)) sb.append(n.get(k).asText()).append(' ');
            }
            if (sb.length() > 0) out.add(sb.toString().strip());
        }
    }

    private static String firstText(JsonNode d, String... keys) {
        for (String k : keys) {
            JsonNode v = d.get(k);
            if (v != null && v.isTextual() && !v.asText().isBlank()) return v.asText();
        }
        return null;
    }

    private boolean sensitive() {
        return sensitiveField || hiddenInput || policy.isSensitive(foreground);
    }

    private void endSensitiveRun() {
        sensitiveRun = false;
        if (sensitiveChars.length() > 0) {
            secrets.add(sensitiveChars.toString());
            sensitiveChars.setLength(0);
        }
    }

    /** What was redacted from typed text, in memory only: screenshot OCR covers it too. */
    public SecretMemory secrets() {
        return secrets;
    }

    /** Redacts text fields; replaces keys typed into sensitive fields. Null drops the event. */
    /**
     * Whether a decision withholds what a page (or a conversation) shows, as opposed to an app
     * not allowed at all or a browser whose page is not known yet: only then are its titles kept
     * out of what comes next.
     */
    private boolean blocksPage(Decision d) {
        return d != null && !d.allowed() && (d == Decision.CORRESPONDENT_ABROAD || url != null);
    }

    private void rememberBlockedTitles(RawEvent e) {
        if (e instanceof RawEvent.WindowFocus w && w.app() != null) blockTitle(w.app().title());
        if (e instanceof RawEvent.Browser b && b.data() != null && !"navigate".equals(b.kind()) && b.data().path("title").isTextual()) {
            blockTitle(b.data().path("title").asText());
        }
    }

    private void blockTitle(String t) {
        if (t == null || t.isBlank()) return;
        blockedTitles.remove(t);
        blockedTitles.add(t);
        if (blockedTitles.size() > 128) blockedTitles.remove(blockedTitles.iterator().next());
    }

    /** A title seen while suspended: the same, or the same page title inside a window title ("Page - Browser"). */
    private boolean isBlockedTitle(String t) {
        if (t == null || t.isBlank() || blockedTitles.isEmpty()) return false;
        for (String b : blockedTitles) {
            if (b.equals(t) || b.startsWith(t + " - ") || t.startsWith(b + " - ") || b.startsWith(t + " — ") || t.startsWith(b + " — ")) {
                return true;
            }
        }
        return false;
    }

    private RawEvent withoutBlockedTitles(RawEvent e) {
        if (e instanceof RawEvent.WindowFocus w && w.app() != null && isBlockedTitle(w.app().title())) {
            return new RawEvent.WindowFocus(w.mono(), w.wall(), w.app().withTitle(""));
        }
        if (e instanceof RawEvent.Browser b && b.data() != null && b.data().path("title").isTextual()
                && ("navigate".equals(b.kind()) || isBlockedTitle(b.data().path("title").asText()))) {
            // a navigation's title is the tab's title as the navigation began: the page before
            com.fasterxml.jackson.databind.node.ObjectNode d = b.data().deepCopy();
            d.remove("title");
            return new RawEvent.Browser(b.mono(), b.wall(), b.kind(), d);
        }
        return e;
    }

    private RawEvent scrub(RawEvent e) {
        if (e instanceof RawEvent.WindowFocus w) {
            return new RawEvent.WindowFocus(w.mono(), w.wall(), scrubber.app(withUrl(w.app())));
        }
        if (e instanceof RawEvent.Clipboard c) {
            // stored without content: a paste into a browser we cannot see into, content a denied app or a
            // password manager offered, anything while a password field (or prompt) has the focus
            if ("paste".equals(c.op()) && unbridged.blind(foreground)) return c.withheld(UnbridgedBrowserGuard.REASON);
            String why = clipboard.withhold(c, foreground, url);
            if (why != null) return c.withheld(why);
            if (sensitive()) return c.withheld("password field");
            return new RawEvent.Clipboard(c.mono(), c.wall(), c.op(), scrubber.text(c.text()), c.length(), c.truncated());
        }
        if (e instanceof RawEvent.Browser b) {
            return new RawEvent.Browser(b.mono(), b.wall(), b.kind(), scrubber.browserData(b.data(), sensitiveField));
        }
        if (e instanceof RawEvent.KeyUp u) {
            Boolean emit = sensitiveUps.remove(u.code());
            if (emit == null) return e;
            return emit ? new RawEvent.KeyUp(u.mono(), u.wall(), 0, TypedTextGuard.REDACTED, 0) : null;
        }
        if (e instanceof RawEvent.KeyDown k) {
            if (!TypedTextGuard.isText(k)) {
                if (!Mods.isModifier(k.key() == null ? "" : k.key().toLowerCase(Locale.ROOT))) endSensitiveRun();
                return e;
            }
            if (!sensitive()) return e;
            if (sensitiveChars.length() < 256) sensitiveChars.append(k.ch());
            if (!sensitiveRun) {
                sensitiveRun = true;
                sensitiveUps.put(k.code(), true);
                return new RawEvent.KeyDown(k.mono(), k.wall(), 0, TypedTextGuard.REDACTED, "[SECRET]", 0);
            }
            sensitiveUps.put(k.code(), false);
            return null;
        }
        if (e instanceof RawEvent.MouseDown) endSensitiveRun();
        return e;
    }

    private static RawEvent.Marker marker(long mono, String kind, String detail) {
        return new RawEvent.Marker(mono, System.currentTimeMillis(), kind, detail);
    }
}
