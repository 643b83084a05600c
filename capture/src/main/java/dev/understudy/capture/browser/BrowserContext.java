package dev.understudy.capture.browser;

import dev.understudy.model.RawEvent;
import dev.understudy.model.browser.BrowserMessage;
import dev.understudy.model.browser.Envelope;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The page each bridged browser shows, for the window context: the window system knows a browser
 * window (its class, title and pid) but not its URL. {@link #observe} takes every event as it
 * arrives; {@link #enrich} gives a {@code window} event of a bridged browser (matched by the pid
 * the native host reported) the URL that browser last reported, so that what comes after it can be
 * judged by site at once (see AppContext.url).
 *
 * <p>Events wait a little between arriving and being judged (see SensitiveFieldGate), so by the
 * time a window event is enriched the browser may already have moved on, and a page's title can
 * reach the window system before its navigation reaches the bridge: each browser's recent URLs are
 * kept with the time the browser gives them, and a window event gets the URL current at its own
 * time, never a later one.
 *
 * <p>The pipeline thread owns it.
 */
public final class BrowserContext {
    private static final int HISTORY = 32;

    /** A URL and when the browser says it was shown (its own clock: epoch ms, like window events' wall). */
    private record Seen(long wall, String url) {}

    private final Map<Long, ArrayDeque<Seen>> urls = new HashMap<>();

    public void observe(RawEvent e) {
        if (!(e instanceof RawEvent.Browser b) || !(b.message() instanceof BrowserMessage.FromExtension m)
                || m instanceof BrowserMessage.Blur) {
            return;
        }
        Envelope d = m.envelope();
        long pid = d.pid() == null ? 0 : d.pid();
        String url = d.url();
        if (pid <= 0 || url == null || url.isEmpty() || !d.isActive()) return;
        if (!urls.containsKey(pid) && urls.size() >= 64) urls.clear();
        ArrayDeque<Seen> h = urls.computeIfAbsent(pid, k -> new ArrayDeque<>());
        Seen last = h.peekLast();
        if (last != null && last.url().equals(url)) return;
        long at = (long) d.timeOr(b.wall());
        h.addLast(new Seen(at, url));
        if (h.size() > HISTORY) h.removeFirst();
    }

    /** The event, or a window event of a bridged browser with the page URL it showed then. */
    public RawEvent enrich(RawEvent e) {
        if (e instanceof RawEvent.WindowFocus w && w.app() != null && w.app().url() == null && w.app().pid() > 0) {
            ArrayDeque<Seen> h = urls.get(w.app().pid());
            if (h == null || h.isEmpty()) return e;
            // the URL shown latest at or before the window event; older than all kept: the oldest
            Seen best = null;
            Seen oldest = null;
            for (Seen s : h) {
                if (oldest == null || s.wall() < oldest.wall()) oldest = s;
                if (s.wall() <= w.wall() && (best == null || s.wall() >= best.wall())) best = s;
            }
            String url = (best != null ? best : oldest).url();
            return new RawEvent.WindowFocus(w.mono(), w.wall(), w.app().withUrl(url));
        }
        return e;
    }
}
