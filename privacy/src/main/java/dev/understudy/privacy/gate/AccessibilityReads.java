package dev.understudy.privacy.gate;

import dev.understudy.model.A11yNode;
import dev.understudy.model.AppContext;
import dev.understudy.model.RawEvent;
import dev.understudy.privacy.policy.Decision;
import dev.understudy.privacy.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What of an accessibility read ({@link RawEvent.A11y}: the element hit by a click, the element
 * that got the keyboard focus, a toggle's new state) may be stored, in {@link PrivacyGate}'s
 * redaction step, after the foreground verdict, the pause and the quota let it through
 * (docs/privacy.md, "Accessibility reads").
 *
 * <p>The accessibility source already refuses to read the windows of apps the policy does not
 * allow; this stage does not rely on that. A read is dropped whole when:
 * <ul>
 *   <li>its application node (the first {@code application} of its path) is not the foreground
 *       app and is not allowed on its own (a read of another app's window: a notification, a
 *       popup of another process), or its application or window names what the policy denies
 *       (deny lists match the application's name and the window's name as a title);</li>
 *   <li>a window or document node of its path has a title seen on a blocked page
 *       ({@link BlockedTitles});</li>
 *   <li>any name or description in it (element, subtree, path, siblings) names a correspondent
 *       abroad ({@link Correspondents}): such a name is never stored.</li>
 * </ul>
 * Otherwise every name and description of the element, of its subtree (recursively), of its path
 * and of its siblings goes through the {@link Scrubber}, like window titles. Roles, states, boxes,
 * the toolkit, the point, the status and the query time carry no content and are kept.
 * Pipeline thread only.
 */
final class AccessibilityReads {
    /** Roles of the nodes that are windows: their names are window titles. */
    static final Set<String> WINDOW_ROLES = Set.of("frame", "window", "dialog", "alert", "file chooser", "color chooser",
            "font chooser");
    /** Roles whose name is a page's title (a browser's document). */
    static final Set<String> DOCUMENT_ROLES = Set.of("document web", "document frame", "document text");

    private final Policy policy;
    private final Correspondents correspondents;
    private final Scrubber scrubber;
    private final BlockedTitles titles;
    private long dropped;

    AccessibilityReads(Policy policy, Correspondents correspondents, Scrubber scrubber, BlockedTitles titles) {
        this.policy = policy;
        this.correspondents = correspondents;
        this.scrubber = scrubber;
        this.titles = titles;
    }

    /** Reads dropped by this stage (not by the foreground verdict), for the status. */
    long dropped() {
        return dropped;
    }

    /** The read as stored (names redacted), or null when none of it may be kept. */
    RawEvent.A11y redact(RawEvent.A11y a, AppContext foreground) {
        if (!allowed(a, foreground)) {
            dropped++;
            return null;
        }
        A11yNode el = a.element() == null ? null : scrub(a.element());
        List<A11yNode> path = new ArrayList<>(a.path().size());
        for (A11yNode n : a.path()) path.add(scrub(n));
        List<A11yNode> sib = new ArrayList<>(a.siblings().size());
        for (A11yNode n : a.siblings()) sib.add(scrub(n));
        return a.withNodes(el, path, sib);
    }

    /** The application named by the read's path, or null when it has no application node. */
    static String application(RawEvent.A11y a) {
        for (A11yNode n : a.path()) if ("application".equals(n.role())) return n.name();
        return null;
    }

    /** The read's top-level window's name (its title), or null. */
    static String window(RawEvent.A11y a) {
        for (A11yNode n : a.path()) if (WINDOW_ROLES.contains(n.role()) && n.name() != null) return n.name();
        if (a.element() != null && WINDOW_ROLES.contains(a.element().role())) return a.element().name();
        return null;
    }

    private boolean allowed(RawEvent.A11y a, AppContext foreground) {
        String app = application(a);
        String title = window(a);
        // the titles of windows and pages: blocked ones are not stored
        for (A11yNode n : a.path()) {
            if ((WINDOW_ROLES.contains(n.role()) || DOCUMENT_ROLES.contains(n.role())) && titles.contains(n.name())) return false;
        }
        if (a.element() != null && WINDOW_ROLES.contains(a.element().role()) && titles.contains(a.element().name())) return false;
        if (app != null || title != null) {
            AppContext judged = new AppContext(app != null ? app : foreground.name(), app != null ? app : foreground.windowClass(),
                    title, 0, null, null);
            if (policy.decide(judged, null) == Decision.DENIED) return false;
            if (!sameApp(app, title, foreground) && policy.decide(judged, null) != Decision.ALLOWED) return false;
        }
        return !namesAbroad(a);
    }

    /** Whether the read's application (or window) is the foreground window's app. */
    private static boolean sameApp(String app, String title, AppContext fg) {
        if (fg == null || fg == AppContext.UNKNOWN) return false;
        if (app == null) return title == null || title.equals(fg.title());
        if (title != null && title.equals(fg.title())) return true;
        String a = app.strip().toLowerCase(Locale.ROOT);
        return a.equals(lower(fg.name())) || a.equals(lower(fg.windowClass())) || a.equals(lower(fg.label()));
    }

    private boolean namesAbroad(RawEvent.A11y a) {
        if (correspondents.isEmpty()) return false;
        if (a.element() != null && abroad(a.element())) return true;
        for (A11yNode n : a.path()) if (abroad(n)) return true;
        for (A11yNode n : a.siblings()) if (abroad(n)) return true;
        return false;
    }

    private boolean abroad(A11yNode n) {
        if (correspondents.blockedInText(n.name()) || correspondents.blockedInText(n.description())) return true;
        for (A11yNode c : n.children()) if (abroad(c)) return true;
        return false;
    }

    /** The node with its names redacted, its subtree too. */
    private A11yNode scrub(A11yNode n) {
        String name = scrubber.text(n.name());
        String desc = scrubber.text(n.description());
        List<A11yNode> kids = n.children();
        if (!kids.isEmpty()) {
            List<A11yNode> k = new ArrayList<>(kids.size());
            for (A11yNode c : kids) k.add(scrub(c));
            kids = k;
        }
        if (Objects.equals(name, n.name()) && Objects.equals(desc, n.description()) && kids.equals(n.children())) return n;
        return n.withName(name, desc).withChildren(kids);
    }

    private static String lower(String s) {
        return s == null ? null : s.strip().toLowerCase(Locale.ROOT);
    }
}
