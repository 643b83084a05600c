package dev.understudy.privacy.gate;

import dev.understudy.model.AppContext;
import dev.understudy.model.RawEvent;
import dev.understudy.model.browser.BrowserMessage;
import dev.understudy.model.browser.Envelope;

/**
 * Follows the foreground for {@link PrivacyGate}: the window with the focus and, in a browser, the
 * page the bridge says it shows. On a move to another page it first lets the gate release what
 * waited for the old page's scan, then starts the new page from what an earlier scan of it showed
 * ({@link PageContents}) and awaits its scan when it has none ({@link PageScanWait}). It passes on
 * what browser messages say about the page (a scan: the people it names, its text boxes; others:
 * the field with the focus) and forgets the field with the focus when the window or the page changes
 * ({@link SensitiveInputRewriter}).
 *
 * <p>Pipeline thread only: other threads read the foreground and the page through
 * {@link PrivacyGate.View}, published with the verdict on them.
 */
final class ForegroundTracker {
    private final PageContents page;
    private final PageScanWait scans;
    private final SensitiveInputRewriter sensitive;
    private final UnbridgedBrowserGuard unbridged;
    private AppContext foreground = AppContext.UNKNOWN;
    private String url;

    ForegroundTracker(PageContents page, PageScanWait scans, SensitiveInputRewriter sensitive, UnbridgedBrowserGuard unbridged) {
        this.page = page;
        this.scans = scans;
        this.sensitive = sensitive;
        this.unbridged = unbridged;
    }

    /** The foreground as last seen (title not redacted: for decisions, never stored). */
    AppContext foreground() {
        return foreground;
    }

    /** The page URL of the foreground browser as the bridge (or the window) last said, or null. */
    String url() {
        return url;
    }

    /** Another window has the focus; {@code leavingPage} runs first when it shows another page. */
    void focusChanged(RawEvent.WindowFocus w, Runnable leavingPage) {
        AppContext next = w.app() == null ? AppContext.UNKNOWN : w.app();
        boolean samePage = url != null && url.equals(next.url());
        if (!samePage) leavingPage.run();
        foreground = next;
        url = next.url();
        unbridged.foregroundChanged(next);
        if (!samePage) {
            pageChanged();
            // a browser window on a page not scanned yet (its title may already name the correspondent)
            if (url != null) scans.awaitIfUnscanned(url, w.mono());
        }
        sensitive.focusChanged(w.mono());
    }

    /**
     * Takes what a browser event says about the page; true when the context changed (another page,
     * or other people on it). {@code leavingPage} runs first when the event names another page.
     */
    boolean absorb(RawEvent.Browser b, Runnable leavingPage) {
        if (!(b.message() instanceof BrowserMessage.FromExtension m)) return false; // the bridge's hello or closed
        Envelope d = m.envelope();
        BrowserMessage.PageScan scan = m instanceof BrowserMessage.PageScan s ? s : null;
        if (scan != null && !d.isActive()) return false; // a tab in the background
        boolean changed = false;
        String u = d.url() == null || d.url().isBlank() ? null : d.url();
        if (u != null && !u.equals(url)) {
            leavingPage.run();
            url = u;
            pageChanged();
            sensitive.pageChanged();
            changed = true;
        }
        if (scan == null) {
            // wait for the new page's scan before anything of it passes
            if (PageScanWait.openedUrl(b) != null) scans.awaitIfUnscanned(url, b.mono());
            sensitive.fieldReport(m);
            return changed;
        }
        // a scan says everything one frame of the page shows now: it replaces that frame's last one
        long frame = d.frameId();
        if (page.scannedPeople(frame, scan.people())) changed = true;
        scans.remember(url, page.recipients());
        page.scannedBoxes(frame, scan.textBoxes());
        return changed;
    }

    /** The page (or the window) changed: what is known about the new one, by URL. */
    private void pageChanged() {
        page.reset(scans.known(url));
    }
}
