package dev.understudy.privacy.gate;

import dev.understudy.model.A11yNode;
import dev.understudy.model.AppContext;
import dev.understudy.model.RawEvent;
import dev.understudy.model.browser.BrowserMessage;
import dev.understudy.privacy.policy.Decision;
import java.util.LinkedHashSet;

/**
 * Titles seen while capture was suspended on a page (a conversation abroad's subject, a banking
 * page's name). A browser keeps a page's title for a moment after it navigates away, so an event
 * allowed later may still carry one; {@link PrivacyGate} stores it without it. A navigation's
 * title is always dropped: it is the tab's title as the navigation began, the page before. The
 * last {@value #CAP} titles are remembered, in memory only. Pipeline thread only.
 */
final class BlockedTitles {
    static final int CAP = 128;

    private final LinkedHashSet<String> titles = new LinkedHashSet<>();

    /**
     * Whether a decision withholds what a page (or a conversation) shows, as opposed to an app
     * not allowed at all or a browser whose page is not known yet: only then are its titles kept
     * out of what comes next.
     */
    static boolean blocksPage(Decision d, String url) {
        return d != null && !d.allowed() && (d == Decision.CORRESPONDENT_ABROAD || url != null);
    }

    /**
     * The page was blocked: remembers the titles the triggering event carries and the window's
     * title, when it was seen on this page (or before the page was known).
     */
    void rememberPage(RawEvent trigger, AppContext foreground, String url) {
        rememberFrom(trigger);
        if (foreground.url() == null || foreground.url().equals(url)) add(foreground.title());
    }

    /**
     * Remembers the title an event carries (a window's, a browser event's other than a
     * navigation's, an accessibility read's window and page names).
     */
    void rememberFrom(RawEvent e) {
        if (e instanceof RawEvent.WindowFocus w && w.app() != null) add(w.app().title());
        if (e instanceof RawEvent.A11y a) {
            for (A11yNode n : a.path()) {
                if (AccessibilityReads.WINDOW_ROLES.contains(n.role()) || AccessibilityReads.DOCUMENT_ROLES.contains(n.role())) add(n.name());
            }
        }
        if (e instanceof RawEvent.Browser b && b.message() instanceof BrowserMessage.FromExtension m
                && !(m instanceof BrowserMessage.Navigate)) {
            add(m.envelope().title());
        }
    }

    private void add(String t) {
        if (t == null || t.isBlank()) return;
        titles.remove(t);
        titles.add(t);
        if (titles.size() > CAP) titles.remove(titles.iterator().next());
    }

    /** A title seen while suspended: the same, or the same page title inside a window title ("Page - Browser"). */
    boolean contains(String t) {
        if (t == null || t.isBlank() || titles.isEmpty()) return false;
        for (String b : titles) {
            if (b.equals(t) || b.startsWith(t + " - ") || t.startsWith(b + " - ") || b.startsWith(t + " — ") || t.startsWith(b + " — ")) {
                return true;
            }
        }
        return false;
    }

    /** The window without its title when that title was blocked. */
    AppContext strip(AppContext a) {
        return contains(a.title()) ? a.withTitle("") : a;
    }

    /** The event without a blocked title (and a navigation without any title). */
    RawEvent strip(RawEvent e) {
        if (e instanceof RawEvent.WindowFocus w && w.app() != null && contains(w.app().title())) {
            return new RawEvent.WindowFocus(w.mono(), w.wall(), w.app().withTitle(""));
        }
        if (e instanceof RawEvent.Browser b && b.message() instanceof BrowserMessage.FromExtension m && m.envelope().title() != null
                && (m instanceof BrowserMessage.Navigate || contains(m.envelope().title()))) {
            // a navigation's title is the tab's title as the navigation began: the page before
            return new RawEvent.Browser(b.mono(), b.wall(), m.withEnvelope(m.envelope().withTitle(null)));
        }
        return e;
    }
}
