package dev.understudy.reduce;

import dev.understudy.model.AppContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Pass 5 of {@link BrowserSteps}: every step in a browser window the bridge reported (by the
 * browser's pid from the bridge's hello) gets {@code app.url}: the page URL of its DOM event, else
 * the active tab's URL at the step's time (before the navigation, for navigate steps).
 */
final class PageUrls {
    private PageUrls() {}

    static void fill(BrowserFusion f) {
        List<PageEvent> pages = new ArrayList<>();
        for (PageEvent e : f.page) {
            if (e.url != null && e.active && !"blur".equals(e.kind)) pages.add(e);
        }
        for (Draft d : f.state.log.drafts()) {
            AppContext app = f.appOf(d);
            if (!f.isBrowser(app)) continue;
            PageEvent nav = f.navigations.get(d);
            PageEvent g = f.grounded.get(d);
            if (nav != null) {
                d.url = urlAt(pages, Math.nextDown(nav.t));
            } else if (g != null && g.url != null && ("pointer".equals(g.kind) || "input".equals(g.kind) || "select".equals(g.kind))) {
                d.url = g.url; // the event that happened with the step
            } else {
                d.url = urlAt(pages, f.startWall(d));
            }
        }
    }

    private static String urlAt(List<PageEvent> pages, double w) {
        String url = null;
        for (PageEvent e : pages) {
            if (e.t > w) break;
            url = e.url;
        }
        return url;
    }
}
