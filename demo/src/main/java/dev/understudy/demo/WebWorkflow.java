package dev.understudy.demo;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The scripted web workflow of the demo and of the browser end-to-end tests, on the demo site
 * ({@link SiteServer}) in a real Chromium window, driven by real input (XTEST through xdotool):
 * sign in (with a password), compose a message to a recipient, file a ticket (a native select by
 * mouse and one by keyboard, two custom ARIA dropdowns, a cross-origin iframe), go to the search
 * page through the address bar and search (a history API page change).
 *
 * <p>Where to click comes from the site's own layout reports and the viewport's screen origin as
 * the page's mouse events tell it, not from the extension. Every action waits until the page shows
 * its effect. {@link #perform} returns the steps a perfect recorder must produce, in order.
 */
public final class WebWorkflow {
    /** Typed into the sign-in page's password field; must appear nowhere in what is recorded. */
    public static final String PASSWORD = "Tr0ub4dor&3-Horse";
    public static final String USER = "ops.demo";
    static final long WAIT_MS = 20_000;

    /**
     * One scripted web step. {@code role}/{@code name}: the DOM target the step must carry (null:
     * none expected). {@code point}: where the OS clicked; {@code box}: the element's box on the
     * screen ({x, y, w, h}) as the page reported it.
     */
    public record Expected(String type, String role, String name, String text, String key, String option, String value,
                           String url, int[] point, int[] box) {
        static Expected click(String role, String name, int[] point, int[] box) {
            return new Expected("click", role, name, null, null, null, null, null, point, box);
        }

        static Expected typed(String role, String name, String text) {
            return new Expected("type", role, name, text, null, null, null, null, null, null);
        }

        static Expected key(String key, String role, String name) {
            return new Expected("key", role, name, null, key, null, null, null, null, null);
        }

        static Expected select(String name, String option, String value) {
            return new Expected("select_option", "combobox", name, null, null, option, value, null, null, null);
        }

        static Expected navigate(String urlEnd) {
            return new Expected("navigate", null, null, null, null, null, null, urlEnd, null, null);
        }

        public String describe() {
            StringBuilder sb = new StringBuilder(type);
            if (role != null || name != null) sb.append(" [").append(role).append("] '").append(name).append('\'');
            if (text != null) sb.append(" \"").append(text).append('"');
            if (key != null) sb.append(' ').append(key);
            if (option != null) sb.append(" option '").append(option).append("' (").append(value).append(')');
            if (url != null) sb.append(" to ...").append(url);
            return sb.toString();
        }
    }

    private final VirtualDesktop desktop;
    private final Xdo xdo;
    private final SiteServer site;
    private final List<Expected> exp = new ArrayList<>();
    private long navigationStarted;

    public WebWorkflow(VirtualDesktop desktop, Xdo xdo, SiteServer site) {
        this.desktop = desktop;
        this.xdo = xdo;
        this.site = site;
    }

    public String startUrl() {
        return site.url("index.html");
    }

    /** Waits until the browser shows the sign-in page and is the active window. */
    public void awaitStart() throws IOException, InterruptedException {
        String out = xdo.run("search", "--sync", "--onlyvisible", "--name", "Sign in · Acme Desk");
        String window = out.lines().findFirst().orElseThrow(() -> new IOException("no browser window")).trim();
        xdo.activate(window);
        navigationStarted = 0;
        page("index.html");
    }

    /** Clicks the sign-in page's user name field and waits until it has the focus. */
    public void clickUsername() throws IOException, InterruptedException {
        clickField(page("index.html"), "username", "textbox", "Username");
    }

    /**
     * Only the sign-in page's fields: clicks the user name field and types {@link #USER}, clicks the
     * password field and types {@link #PASSWORD}, then presses Tab (the form is not sent). Each
     * step waits for the page to show its effect (the password field is never reported, so the
     * Tab's focus change is what is awaited after it).
     */
    public void typeCredentials() throws IOException, InterruptedException {
        SiteServer.Layout p = page("index.html");
        clickField(p, "username", "textbox", "Username");
        typeInto("index.html", "top", "username", USER, "textbox", "Username");
        clickField(p, "password", "textbox", "Password");
        xdo.type(PASSWORD);
        xdo.key("Tab");
        await("index.html", "top", l -> !"password".equals(l.json().path("focus").asText()));
    }

    /** Drives the workflow; calls progress with each part's description before doing it. */
    public List<Expected> perform(Consumer<String> progress) throws IOException, InterruptedException {
        exp.clear();
        progress.accept("sign in (the password is typed into a password field)");
        SiteServer.Layout p = page("index.html");
        clickField(p, "username", "textbox", "Username");
        typeInto("index.html", "top", "username", USER, "textbox", "Username");
        clickField(p, "password", "textbox", "Password");
        xdo.type(PASSWORD);
        navigationStarted = System.currentTimeMillis();
        click(p, "signin", "button", "Sign in");
        exp.add(Expected.navigate("/mail.html"));

        progress.accept("write a message to a recipient and send it");
        p = page("mail.html");
        clickField(p, "to", "textbox", "To");
        typeInto("mail.html", "top", "to", "facilities-team", "textbox", "To");
        xdo.key("Return");
        exp.add(Expected.key("enter", "textbox", "To"));
        await("mail.html", "top", l -> "facilities-team".equals(l.text("chip-1")));
        clickField(p, "subject", "textbox", "Subject");
        typeInto("mail.html", "top", "subject", "Printer on floor 3 is jammed", "textbox", "Subject");
        clickField(p, "body", "textbox", "Message body");
        typeInto("mail.html", "top", "body", "Please send someone today.", "textbox", "Message body");
        click(p, "send", "button", "Send");
        await("mail.html", "top", l -> l.text("status") != null && l.text("status").startsWith("Message sent"));

        progress.accept("open the ticket form from the menu");
        navigationStarted = System.currentTimeMillis();
        click(p, "nav-tickets", "link", "Tickets");
        exp.add(Expected.navigate("/tickets.html"));
        p = page("tickets.html");
        clickField(p, "title", "textbox", "Title");
        typeInto("tickets.html", "top", "title", "Paper jam", "textbox", "Title");

        progress.accept("choose a priority in a native dropdown with the mouse");
        int[] sel = center(latest(p), "priority");
        xdo.clickAt(sel[0], sel[1]);
        int[] opt = nativeOption(latest(p), "priority", 4, 2);
        xdo.clickAt(opt[0], opt[1]);
        await("tickets.html", "top", l -> "high".equals(l.value("priority")));
        exp.add(Expected.select("Priority", "High", "high"));

        progress.accept("choose a category in a native dropdown with the keyboard");
        xdo.key("Tab");
        exp.add(Expected.key("tab", "combobox", "Priority"));
        await("tickets.html", "top", l -> "category".equals(l.json().path("focus").asText()));
        xdo.key("Down", "Down");
        await("tickets.html", "top", l -> "access".equals(l.value("category")));
        exp.add(Expected.select("Category", "Access", "access"));

        progress.accept("choose an assignee in a custom dropdown with the mouse");
        int[] combo = center(latest(p), "assignee");
        xdo.clickAt(combo[0], combo[1]);
        SiteServer.Layout open = await("tickets.html", "top", l -> l.rect("assignee-network") != null && l.rect("assignee-network")[2] > 0);
        int[] choice = center(open, "assignee-network");
        xdo.clickAt(choice[0], choice[1]);
        await("tickets.html", "top", l -> "Network team".equals(l.text("assignee-value")));
        exp.add(Expected.select("Assignee", "Network team", "network"));

        progress.accept("choose whom to notify in a custom dropdown with the keyboard");
        xdo.key("Tab");
        exp.add(Expected.key("tab", "combobox", "Assignee"));
        await("tickets.html", "top", l -> "notify".equals(l.json().path("focus").asText()));
        xdo.key("Down", "Down");
        await("tickets.html", "top", l -> l.rect("notify-lead") != null && l.rect("notify-lead")[2] > 0);
        xdo.key("Return");
        await("tickets.html", "top", l -> "Team lead".equals(l.text("notify-value")));
        exp.add(Expected.select("Notify", "Team lead", "lead"));

        progress.accept("add a note in the embedded attachments widget (another origin, in an iframe)");
        SiteServer.Layout w = site.awaitLayout("widget.html", "widget", l -> l.rect("note") != null, WAIT_MS);
        int[] note = inFrame(latest(p), "widget", w, "note");
        xdo.clickAt(note[0], note[1]);
        exp.add(Expected.click("textbox", "Note", note, boxInFrame(latest(p), "widget", w, "note")));
        await("widget.html", "widget", l -> "note".equals(l.json().path("focus").asText()));
        xdo.type("Toner is low");
        exp.add(Expected.typed("textbox", "Note", "Toner is low"));
        await("widget.html", "widget", l -> "Toner is low".equals(l.value("note")));
        w = latest(w);
        int[] attach = inFrame(latest(p), "widget", w, "attach");
        xdo.clickAt(attach[0], attach[1]);
        exp.add(Expected.click("button", "Attach file", attach, boxInFrame(latest(p), "widget", w, "attach")));
        await("widget.html", "widget", l -> "Attached".equals(l.text("wstatus")));
        click(p, "create", "button", "Create ticket");
        await("tickets.html", "top", l -> "Ticket created".equals(l.text("status")));

        progress.accept("go to the search page through the address bar");
        navigationStarted = System.currentTimeMillis();
        xdo.key("ctrl+l");
        xdo.type(site.url("search.html"));
        xdo.key("Return");
        exp.add(Expected.navigate("/search.html"));
        p = page("search.html");

        progress.accept("search (the results page is a history API change)");
        clickField(p, "q", "searchbox", "Search tickets");
        typeInto("search.html", "top", "q", "printer", "searchbox", "Search tickets");
        xdo.key("Return");
        exp.add(Expected.key("enter", "searchbox", "Search tickets"));
        exp.add(Expected.navigate("/search.html?q=printer"));
        await("search.html", "top", l -> l.json().path("url").asText().endsWith("?q=printer") && l.text("results") != null
                && l.text("results").contains("Printer"));
        return List.copyOf(exp);
    }

    /** The end of the URL the last scripted step navigates to. */
    public String lastUrlEnd() {
        return "/search.html?q=printer";
    }

    // ------------------------------------------------------------------ checking a recording

    /**
     * For each expected step, the index of the exported step (steps.jsonl records, see
     * StepRecords.step) that matches it, in order; -1 when there is none. A step matches when its
     * action agrees and, for actions on the page, its target came from the DOM with the expected
     * role and name (and a click was where the OS clicked, within 3 px).
     */
    public static int[] align(List<Expected> expected, List<com.fasterxml.jackson.databind.JsonNode> steps) {
        int[] out = new int[expected.size()];
        int cursor = 0;
        for (int i = 0; i < expected.size(); i++) {
            out[i] = -1;
            for (int j = cursor; j < steps.size(); j++) {
                if (matches(expected.get(i), steps.get(j))) {
                    out[i] = j;
                    cursor = j + 1;
                    break;
                }
            }
        }
        return out;
    }

    public static boolean matches(Expected e, com.fasterxml.jackson.databind.JsonNode s) {
        com.fasterxml.jackson.databind.JsonNode a = s.path("action");
        com.fasterxml.jackson.databind.JsonNode t = s.path("target");
        if (!e.type().equals(a.path("type").asText())) return false;
        if (e.role() != null && (!"dom".equals(t.path("source").asText()) || !e.role().equals(t.path("role").asText())
                || !e.name().equals(t.path("name").asText()))) {
            return false;
        }
        if (e.text() != null && !e.text().equals(a.path("text").asText(null))) return false;
        if (e.key() != null && !e.key().equals(a.path("key").asText(null))) return false;
        if (e.option() != null && (!e.option().equals(a.path("option").asText(null)) || !e.value().equals(a.path("value").asText(null)))) {
            return false;
        }
        if (e.url() != null && !a.path("url").asText("").endsWith(e.url())) return false;
        return e.point() == null
                || Math.abs(a.path("x").asInt(-999) - e.point()[0]) <= 3 && Math.abs(a.path("y").asInt(-999) - e.point()[1]) <= 3;
    }

    // ------------------------------------------------------------------ actions

    private void click(SiteServer.Layout p, String id, String role, String name) throws IOException, InterruptedException {
        SiteServer.Layout now = latest(p);
        int[] c = center(now, id);
        xdo.clickAt(c[0], c[1]);
        exp.add(Expected.click(role, name, c, box(now, id)));
    }

    /** The page's latest report: elements move when the page changes (a recipient chip, say). */
    private SiteServer.Layout latest(SiteServer.Layout p) {
        SiteServer.Layout l = site.latest(p.page(), p.frame());
        return l != null && l.loadTime() == p.loadTime() && (l.origin() != null || p.origin() == null) ? l : p;
    }

    private void clickField(SiteServer.Layout p, String id, String role, String name) throws IOException, InterruptedException {
        click(p, id, role, name);
        await(p.page(), "top", l -> id.equals(l.json().path("focus").asText()));
    }

    private void typeInto(String page, String frame, String id, String text, String role, String name)
            throws IOException, InterruptedException {
        xdo.type(text);
        exp.add(Expected.typed(role, name, text));
        await(page, frame, l -> text.equals(l.value(id)));
    }

    /**
     * The native select's popup is a separate X window (type MENU) under the select, one row per
     * option: the screen point of row {@code index}.
     */
    private int[] nativeOption(SiteServer.Layout p, String id, int options, int index) throws IOException, InterruptedException {
        int[] sel = center(p, id);
        try {
            // Awaitility qualified: this class's own await(page, frame, condition) hides a static import
            return Awaitility.await("the dropdown list of " + id + " to open").atMost(Duration.ofMillis(WAIT_MS))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).pollInSameThread().dontCatchUncaughtExceptions()
                    .until(() -> shownOption(sel, options, index), Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new IOException("the dropdown list of " + id + " did not open", e);
        }
    }

    /** The screen point of row {@code index} of a shown dropdown list below {@code sel}, or null while there is none. */
    private int[] shownOption(int[] sel, int options, int index) throws IOException, InterruptedException {
        for (String win : xdo.run("search", "--onlyvisible", "--maxdepth", "1", "--name", "^$").lines().map(String::trim).toList()) {
            if (win.isEmpty()) continue;
            String type = Processes.output(desktop.env(new ProcessBuilder("xprop", "-id", win, "_NET_WM_WINDOW_TYPE")), 5_000);
            if (!type.contains("_NET_WM_WINDOW_TYPE_MENU") && !type.contains("_NET_WM_WINDOW_TYPE_DROPDOWN_MENU")) continue;
            String geo = xdo.run("getwindowgeometry", "--shell", win);
            int x = field(geo, "X");
            int y = field(geo, "Y");
            int w = field(geo, "WIDTH");
            int h = field(geo, "HEIGHT");
            if (Math.abs(x + w / 2 - sel[0]) > 150 || h < options * 10) continue;
            double row = (h - 2) / (double) options;
            return new int[] {x + w / 2, (int) Math.round(y + 1 + row * index + row / 2)};
        }
        return null;
    }

    private static int field(String shell, String name) {
        return Integer.parseInt(shell.replaceAll("(?s).*\\b" + name + "=(-?\\d+).*", "$1"));
    }

    // ------------------------------------------------------------------ pages

    /**
     * Waits for the page (loaded after the last navigation began), then moves the pointer over an
     * empty part of it so the page learns where its viewport is on the screen.
     */
    private SiteServer.Layout page(String name) throws IOException, InterruptedException {
        long since = navigationStarted;
        site.awaitLayout(name, "top", l -> l.loadTime() >= since - 50, WAIT_MS);
        long moved = System.currentTimeMillis();
        xdo.moveTo(BrowserProcess.WIDTH - 80, BrowserProcess.HEIGHT - 140);
        xdo.moveTo(BrowserProcess.WIDTH - 81, BrowserProcess.HEIGHT - 141);
        return site.awaitLayout(name, "top", l -> l.loadTime() >= since - 50 && l.origin() != null && l.originTime() >= moved, WAIT_MS);
    }

    private SiteServer.Layout await(String page, String frame, Predicate<SiteServer.Layout> p) throws InterruptedException {
        return site.awaitLayout(page, frame, p, WAIT_MS);
    }

    /** Screen point of an element's centre in the top frame. */
    static int[] center(SiteServer.Layout p, String id) {
        double[] o = p.origin();
        double[] r = p.rect(id);
        if (o == null || r == null) throw new IllegalStateException("no layout for " + id + " on " + p.page());
        return new int[] {(int) Math.round(o[0] + r[0] + r[2] / 2), (int) Math.round(o[1] + r[1] + r[3] / 2)};
    }

    /** Screen box {x, y, w, h} of an element in the top frame. */
    static int[] box(SiteServer.Layout p, String id) {
        double[] o = p.origin();
        double[] r = p.rect(id);
        return new int[] {(int) Math.round(o[0] + r[0]), (int) Math.round(o[1] + r[1]), (int) Math.round(r[2]), (int) Math.round(r[3])};
    }

    /** Screen point of an element's centre inside an iframe of the top frame. */
    static int[] inFrame(SiteServer.Layout top, String frameId, SiteServer.Layout child, String id) {
        int[] b = boxInFrame(top, frameId, child, id);
        return new int[] {b[0] + b[2] / 2, b[1] + b[3] / 2};
    }

    static int[] boxInFrame(SiteServer.Layout top, String frameId, SiteServer.Layout child, String id) {
        double[] o = top.origin();
        double[] f = top.rect(frameId);
        double[] r = child.rect(id);
        return new int[] {(int) Math.round(o[0] + f[0] + r[0]), (int) Math.round(o[1] + f[1] + r[1]), (int) Math.round(r[2]),
                (int) Math.round(r[3])};
    }
}
