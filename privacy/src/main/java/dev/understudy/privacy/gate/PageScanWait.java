package dev.understudy.privacy.gate;

import dev.understudy.model.RawEvent;
import dev.understudy.model.browser.BrowserMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Waiting for page scans, when the policy names correspondents (docs/privacy.md). When the
 * browser moves to a page it has not scanned yet, nothing of it may be kept before its scan says
 * whether it shows a correspondent abroad: {@link PrivacyGate} holds the events that arrive
 * meanwhile here ({@value #MAX_HELD} at most, then input is dropped) and releases them through the
 * verdict once the scan is in, or after {@link #SCAN_WAIT_NS} without one. Frames stop too, from
 * the moment the bridge's thread hears of the navigation ({@link #arrived}).
 *
 * <p>It also keeps the people each recently scanned page showed, by URL ({@value #PEOPLE_CACHE}
 * pages), so a page scanned before needs no wait, and the <em>withheld epoch</em>: a counter
 * that moves each time capture becomes withheld, so the screen thread can drop grabs taken just
 * before.
 *
 * <p>The pipeline thread owns the wait; {@link #arrived}, {@link #framesClear},
 * {@link #withheldEpoch} and the scan memory may be used from any thread.
 */
final class PageScanWait {
    /**
     * After the browser moves to a page it has not scanned yet, frames (and input) wait this long
     * at most for the scan that says whether the page shows a correspondent abroad.
     */
    static final long SCAN_WAIT_NS = 1_500_000_000L;
    /** Longer than an event waits between arriving and reaching the gate (SensitiveFieldGate's hold plus a drain). */
    static final long VERDICT_WAIT_NS = 1_000_000_000L;
    private static final int PEOPLE_CACHE = 256;
    private static final int MAX_HELD = 4096;

    private final Correspondents correspondents;
    /** The people each recently scanned page showed, by URL (shared with the bridge thread). */
    private final Map<String, List<String>> peopleByUrl = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<String>> e) {
                    return size() > PEOPLE_CACHE;
                }
            });
    /** Input that arrived while the page's scan was awaited: passes or is dropped with the scan's verdict. */
    private final List<RawEvent> held = new ArrayList<>();
    private String awaitingUrl;
    private long awaitUntil;
    /**
     * Until when frames wait for a page's scan. Raised by the bridge's thread ({@link #arrived})
     * and by the pipeline ({@link #awaitIfUnscanned}), lowered only by the pipeline ({@link #ended}):
     * always through atomic updates, so neither thread overwrites what the other just set.
     */
    private final AtomicLong scanPendingUntil = new AtomicLong(Long.MIN_VALUE);
    /** Until when frames wait for the verdict on a scan naming a correspondent abroad (raised only). */
    private final AtomicLong abroadHoldUntil = new AtomicLong(Long.MIN_VALUE);
    /** When the wait {@link #ended} last ended would have run out: the wait it may clear. */
    private long endedUntil = Long.MIN_VALUE;
    /** Moves each time capture becomes withheld: grabs from before it are not stored. */
    private final AtomicLong withheldEpoch = new AtomicLong();
    private volatile Runnable framesResumed = () -> {};

    PageScanWait(Correspondents correspondents) {
        this.correspondents = correspondents;
    }

    // ---- the bridge's thread

    /**
     * A browser event arrived, before it waits in any queue: when the browser moves to a page that
     * has not been scanned, frames stop at once until the scan is in (or {@link #SCAN_WAIT_NS}
     * passed); a scan naming a correspondent abroad stops them until the gate's verdict is in.
     */
    void arrived(RawEvent e) {
        if (correspondents.isEmpty() || !(e instanceof RawEvent.Browser b)) return;
        if (b.message() instanceof BrowserMessage.PageScan scan) {
            // A page that changed without a new URL (a single-page app opening a conversation):
            // when its scan names a correspondent abroad, frames stop now, not when the pipeline
            // gets to the scan; the gate's own verdict takes over well before this runs out.
            if (scan.envelope().isActive() && namesCorrespondent(scan)) {
                abroadHoldUntil.accumulateAndGet(b.mono() + VERDICT_WAIT_NS, Math::max);
                withheldEpoch.incrementAndGet();
            }
            return;
        }
        String u = openedUrl(b);
        if (u == null) return;
        if (!peopleByUrl.containsKey(u)) {
            scanPendingUntil.accumulateAndGet(b.mono() + SCAN_WAIT_NS, Math::max);
            withheldEpoch.incrementAndGet();
        }
    }

    private boolean namesCorrespondent(BrowserMessage.PageScan scan) {
        for (String p : scan.people()) if (correspondents.blockedInText(p)) return true;
        return false;
    }

    /** The URL a browser event takes the active tab to (a navigation or a tab switch), or null. */
    static String openedUrl(RawEvent.Browser b) {
        if (!(b.message() instanceof BrowserMessage.FromExtension m) || !(m instanceof BrowserMessage.Navigate || m instanceof BrowserMessage.Tab)
                || !m.envelope().isActive()) {
            return null;
        }
        return m.envelope().url();
    }

    // ---- any thread

    /** Whether no scan is awaited and no scan's verdict is pending at this instant. */
    boolean framesClear(long now) {
        return now >= scanPendingUntil.get() && now >= abroadHoldUntil.get();
    }

    /** Capture became withheld: moves the epoch. */
    void withheld() {
        withheldEpoch.incrementAndGet();
    }

    long withheldEpoch() {
        return withheldEpoch.get();
    }

    void onFramesResumed(Runnable r) {
        framesResumed = r == null ? () -> {} : r;
    }

    /** Tells the screen thread that frames may be grabbed again. */
    void framesResumed() {
        framesResumed.run();
    }

    // ---- the pipeline thread

    /** The people a page showed when it was last scanned, or null when it was not (or no page). */
    List<String> known(String url) {
        return url == null ? null : peopleByUrl.get(url);
    }

    /** A scan of this page showed these people. */
    void remember(String url, List<String> people) {
        if (url != null) peopleByUrl.put(url, people);
    }

    /** The foreground moved to this page at {@code mono}: when it was not scanned yet, its scan is awaited. */
    void awaitIfUnscanned(String url, long mono) {
        if (correspondents.isEmpty() || peopleByUrl.containsKey(url)) return;
        awaitingUrl = url;
        awaitUntil = mono + SCAN_WAIT_NS;
        scanPendingUntil.accumulateAndGet(awaitUntil, Math::max);
        withheldEpoch.incrementAndGet();
    }

    /** Whether a page's scan is awaited: events are held. */
    boolean awaiting() {
        return awaitingUrl != null;
    }

    /** Whether this scan (of the page now shown) is the awaited one: then the page is no longer awaited. */
    boolean settledBy(String url, RawEvent.Browser scan) {
        boolean settles = awaitingUrl != null && awaitingUrl.equals(url) && scan.message() instanceof BrowserMessage.FromExtension m
                && m.envelope().frameId() == 0;
        if (settles) {
            awaitingUrl = null;
            endedUntil = awaitUntil;
        }
        return settles;
    }

    /**
     * Whether the awaited page's scan did not come in time (a page the extension cannot read, like
     * the browser's own pages): it then counts as a page that shows no one, and is no longer awaited.
     */
    boolean timedOut(long now) {
        if (awaitingUrl == null || now < awaitUntil) return false;
        peopleByUrl.putIfAbsent(awaitingUrl, List.of());
        awaitingUrl = null;
        endedUntil = awaitUntil;
        return true;
    }

    /**
     * The wait is over: frames no longer wait for the scan of that page, nor of pages the browser
     * left before it. A wait the bridge's thread set meanwhile for a later navigation (one the
     * pipeline has not reached yet) stays: clearing it would let frames of that unscanned page
     * through.
     */
    void ended() {
        awaitingUrl = null;
        long upTo = endedUntil;
        scanPendingUntil.accumulateAndGet(upTo, (cur, limit) -> cur <= limit ? Long.MIN_VALUE : cur);
    }

    /** Holds an event of the awaited page; false when too many are held already (the event is dropped). */
    boolean hold(RawEvent e) {
        if (held.size() >= MAX_HELD) return false;
        held.add(e);
        return true;
    }

    /** The held events, in order, to pass through the gate now; the page is no longer awaited. */
    List<RawEvent> release() {
        awaitingUrl = null;
        if (held.isEmpty()) return List.of();
        List<RawEvent> list = new ArrayList<>(held);
        held.clear();
        return list;
    }
}
