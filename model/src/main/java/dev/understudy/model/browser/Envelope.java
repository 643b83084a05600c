package dev.understudy.model.browser;

/**
 * What every extension message ({@link BrowserMessage.FromExtension}) may carry, whatever its kind:
 * who sent it and when, from which tab, frame and page, the frame's geometry, the page snapshot
 * taken with it and, added by the recorder, the browser's pid. The extension's validator in
 * capture guarantees {@code sid}, {@code n} and {@code t}; everything else may be null.
 *
 * @param sid the service worker's session id
 * @param n sequence number within sid
 * @param t when it happened: the page's clock, epoch ms
 * @param tab Chrome's tab id (-1: no tab)
 * @param frame Chrome's frame id within the tab (0: the top frame)
 * @param url the tab's top-frame URL
 * @param frameUrl the frame's own URL, for frames other than the top one
 * @param title the tab's title
 * @param active whether the tab was the active one of its window
 * @param view the frame's geometry
 * @param dom the page snapshot (pointer, select, input)
 * @param pid the browser's process id, from the bridge's hello (its windows carry it as _NET_WM_PID)
 */
public record Envelope(String sid, Long n, Double t, Long tab, Long frame, String url, String frameUrl, String title, Boolean active,
                       View view, DomSnapshot dom, Long pid) {
    /** Nothing known: for messages built by hand (tests). */
    public static final Envelope EMPTY = new Envelope(null, null, null, null, null, null, null, null, null, null, null, null);

    /** Whether the tab was active: true unless the message says it was not. */
    public boolean isActive() {
        return active == null || active;
    }

    /** The frame id, 0 (the top frame) when not said. */
    public long frameId() {
        return frame == null ? 0 : frame;
    }

    /** The page's clock, else {@code fallback} (the recorder's wall clock, epoch ms). */
    public double timeOr(double fallback) {
        return t == null ? fallback : t;
    }

    public Envelope withPid(long newPid) {
        return new Envelope(sid, n, t, tab, frame, url, frameUrl, title, active, view, dom, newPid);
    }

    public Envelope withUrl(String newUrl) {
        return new Envelope(sid, n, t, tab, frame, newUrl, frameUrl, title, active, view, dom, pid);
    }

    public Envelope withDom(DomSnapshot newDom) {
        return new Envelope(sid, n, t, tab, frame, url, frameUrl, title, active, view, newDom, pid);
    }

    public Envelope withTitle(String newTitle) {
        return new Envelope(sid, n, t, tab, frame, url, frameUrl, newTitle, active, view, dom, pid);
    }

    /** A copy with every string redacted: URLs as URLs, the rest as text. */
    public Envelope redacted(Redaction r) {
        return new Envelope(r.text(sid), n, t, tab, frame, r.url(url), r.url(frameUrl), r.text(title), active, view,
                dom == null ? null : dom.redacted(r), pid);
    }
}
