package dev.understudy.privacy.gate;

import dev.understudy.model.AppContext;
import dev.understudy.model.RawEvent;

/**
 * What of an admitted event may be stored ({@link PrivacyGate}'s last step before the
 * {@link TypedTextGuard}): text fields redacted by the {@link Scrubber} (window titles and URLs,
 * clipboard text, every string of browser data, form values dropped in a password field),
 * clipboard content stored without its text when it must not be kept, accessibility reads judged
 * and their names redacted ({@link AccessibilityReads}), and keys typed into sensitive fields
 * rewritten by the {@link SensitiveInputRewriter}. Pipeline thread only.
 */
final class EventRedactor {
    private final Scrubber scrubber;
    private final UnbridgedBrowserGuard unbridged;
    private final ClipboardGuard clipboard;
    private final SensitiveInputRewriter sensitive;
    private final AccessibilityReads a11y;

    EventRedactor(Scrubber scrubber, UnbridgedBrowserGuard unbridged, ClipboardGuard clipboard, SensitiveInputRewriter sensitive,
                  AccessibilityReads a11y) {
        this.scrubber = scrubber;
        this.a11y = a11y;
        this.unbridged = unbridged;
        this.clipboard = clipboard;
        this.sensitive = sensitive;
    }

    /** The event as stored, in this foreground and on this page (or null); null drops the event. */
    RawEvent redact(RawEvent e, AppContext foreground, String url) {
        if (e instanceof RawEvent.WindowFocus w) {
            return new RawEvent.WindowFocus(w.mono(), w.wall(), window(w.app(), url));
        }
        if (e instanceof RawEvent.Clipboard c) {
            // stored without content: a paste into a browser we cannot see into, content a denied app or a
            // password manager offered, anything while a password field (or prompt) has the focus
            if ("paste".equals(c.op()) && unbridged.blind(foreground)) return c.withheld(UnbridgedBrowserGuard.REASON);
            String why = clipboard.withhold(c, foreground, url);
            if (why != null) return c.withheld(why);
            if (sensitive.active(foreground)) return c.withheld("password field");
            return new RawEvent.Clipboard(c.mono(), c.wall(), c.op(), scrubber.text(c.text()), c.length(), c.truncated());
        }
        if (e instanceof RawEvent.A11y a) {
            // a read of another app's window, of a blocked title, naming a correspondent abroad: dropped; else names redacted
            return a11y.redact(a, foreground);
        }
        if (e instanceof RawEvent.Browser b) {
            return new RawEvent.Browser(b.mono(), b.wall(), scrubber.browserMessage(b.message(), sensitive.inField()));
        }
        return sensitive.rewrite(e, foreground);
    }

    /** A window as stored: with the page's URL (when the bridge knows a newer one than the window), redacted. */
    AppContext window(AppContext a, String url) {
        return scrubber.app(url != null && !url.equals(a.url()) ? a.withUrl(url) : a);
    }
}
