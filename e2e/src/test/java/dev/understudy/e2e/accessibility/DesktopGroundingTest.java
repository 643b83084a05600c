package dev.understudy.e2e.accessibility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.demo.RecorderProcess;
import dev.understudy.demo.VirtualDesktop;
import dev.understudy.demo.Xdo;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Desktop steps grounded in the element acted on, on real applications from Debian's packages:
 * LibreOffice Writer and Calc (gtk3 VCL plugin), mousepad (GTK 3), a GTK 4 window and a GTK
 * password dialog (zenity), under Xvfb with a private session D-Bus and its accessibility bus,
 * driven by real input (xdotool/XTEST). One recording; each test checks one promise of it. The
 * tests find the elements they click with their own reader of the tree ({@link TreeOracle}), then
 * check each step against it: role, name, and a box that contains the click point. The grounding
 * rate per application goes to target/a11y-grounding.tsv.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(600)
class DesktopGroundingTest {
    static final String PASSWORD = "Vault-Kiwi-73!";
    static final String POLICY = """
            version: 1
            name: accessibility test
            allow_apps:
              - soffice*
              - class:libreoffice*
              - mousepad
              - zenity
              - class:Understudy-gtk4*
              - class:python3
              - python3
              - chromium
              - class:Chromium*
            review_hours: 0
            """;

    Path tmp;
    Path data;
    String session;
    final List<ScriptedAction> expected = new ArrayList<>();
    List<RawEvent> events;
    final List<JsonNode> steps = new ArrayList<>();
    Path exports;
    String recorderStderr;
    /** The box of zenity's password field, as the tests' own reader saw it. */
    Rect zenityField;

    @BeforeAll
    void record() throws Exception {
        tmp = Files.createTempDirectory("us-a11y");
        data = tmp.resolve("data");
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), POLICY);
        try (VirtualDesktop desktop = VirtualDesktop.start(1280, 800).withSessionBus()) {
            Xdo xdo = new Xdo(desktop, 40);
            TreeOracle oracle = new TreeOracle(desktop, tmp);
            try (RecorderProcess rec = RecorderProcess.start(desktop, data, "--policy", policy.toString())) {
                session = rec.sessionId();
                writer(desktop, xdo, oracle, rec);
                calc(desktop, xdo, oracle, rec);
                mousepad(desktop, xdo, oracle, rec);
                gtk4(desktop, xdo, oracle, rec);
                passwordDialog(desktop, xdo, oracle, rec);
                chromium(desktop, xdo, oracle, rec);
                assertEquals(0, rec.stop(), "recorder exit code; stderr: " + rec.stderr());
                recorderStderr = rec.stderr();
            }
        }
        events = dev.understudy.trace.DataDir.at(data).open(session).events();
        exports = tmp.resolve("exports");
        assertEquals(0, cli("export", "--data", data.toString(), "--out", exports.resolve("steps").toString(), "--session", session));
        for (String line : Files.readAllLines(exports.resolve("steps").resolve("steps.jsonl"))) steps.add(Json.MAPPER.readTree(line));
        for (String f : List.of("agentnet", "osworld")) {
            assertEquals(0, cli("export", "--data", data.toString(), "--out", exports.resolve(f).toString(), "--session", session, "--format", f));
        }
        assertEquals(0, cli("view", "--data", data.toString(), "--session", session, "--out", exports.resolve("viewer.html").toString()));
    }

    @AfterAll
    void cleanUp() throws IOException {
        if (tmp != null && System.getenv("UNDERSTUDY_KEEP_TMP") == null) deleteTree(tmp);
    }

    // ---- the scripts

    /** A clean LibreOffice profile per run: no first-start dialogs of another run, no shared lock. */
    private Process soffice(VirtualDesktop desktop, String module) throws IOException {
        Path profile = tmp.resolve("lo-profile-" + module);
        return desktop.spawn("soffice", "--" + module, "--norestore", "--nologo", "--nofirststartwizard",
                "-env:UserInstallation=" + profile.toUri());
    }

    private void click(Xdo xdo, Rect box) throws IOException, InterruptedException {
        xdo.clickAt(TreeOracle.cx(box), TreeOracle.cy(box));
    }

    /**
     * A click on an entry of an open menu: the pointer jumps there, as a glide across the menu bar
     * would open the menus it passes over (GTK follows the pointer between menu titles).
     */
    private void clickInMenu(Xdo xdo, Rect box) throws IOException, InterruptedException {
        xdo.run("mousemove", "--sync", Integer.toString(TreeOracle.cx(box)), Integer.toString(TreeOracle.cy(box)), "click", "1");
    }

    private void writer(VirtualDesktop desktop, Xdo xdo, TreeOracle oracle, RecorderProcess rec) throws Exception {
        Process lo = soffice(desktop, "writer");
        String app = "soffice";
        Duration wait = Duration.ofSeconds(60);
        oracle.await(app, "frame", "Untitled 1 - LibreOffice Writer", wait);
        Rect doc = oracle.await(app, "document text", "*", wait);
        // typing in the document
        int[] p = {doc.x() + doc.width() / 2, doc.y() + 80};
        xdo.clickAt(p[0], p[1]);
        expected.add(new ScriptedAction(app, "click", List.of("paragraph", "document text"), null, p, "click in the document"));
        xdo.type("Quarterly report");
        expected.add(new ScriptedAction(app, "type", List.of("paragraph", "document text"), null, null, "type in the document"));
        // a menu path by mouse: Insert → Page Break
        click(xdo, oracle.await(app, "menu", "Insert", wait));
        Rect item = oracle.await(app, "menu item", "Page Break", wait);
        clickInMenu(xdo, item);
        expected.add(new ScriptedAction(app, "menu_select", List.of("menu item"), "Page Break", new int[] {TreeOracle.cx(item), TreeOracle.cy(item)},
                "Insert → Page Break by mouse"));
        // a toggle on the toolbar
        Rect bold = oracle.await(app, "toggle button", "Bold", wait);
        click(xdo, bold);
        expected.add(ScriptedAction.click(app, "toggle button", "Bold", bold, "Bold on"));
        // the font-size combo box: open its list, choose 14 pt
        Rect size = oracle.await(app, "panel", "Font Size", wait);
        xdo.clickAt(size.x() + size.width() - 12, TreeOracle.cy(size));
        Rect fourteen = oracle.await(app, "table cell", "14 pt", wait);
        clickInMenu(xdo, fourteen);
        expected.add(new ScriptedAction(app, "select_option", List.of("panel", "combo box"), "Font Size", null, "font size 14 pt"));
        // a check box in a dialog
        VirtualDesktop.awaitTrue("the size list to close", wait, () -> oracle.find(app, "table cell", "14 pt") == null);
        click(xdo, oracle.await(app, "menu", "Edit", wait));
        // a check menu item in LibreOffice 7.4 (it shows whether the dialog is open)
        Rect findReplace = oracle.await(app, "check menu item", "Find and Replace...", wait);
        clickInMenu(xdo, findReplace);
        expected.add(new ScriptedAction(app, "menu_select", List.of("check menu item", "menu item"), "Find and Replace...",
                new int[] {TreeOracle.cx(findReplace), TreeOracle.cy(findReplace)}, "Edit → Find and Replace... by mouse"));
        Rect matchCase = oracle.await(app, "check box", "Match case", wait);
        click(xdo, matchCase);
        expected.add(ScriptedAction.click(app, "check box", "Match case", matchCase, "Match case in Find and Replace"));
        Rect close = oracle.await(app, "push button", "Close", wait);
        click(xdo, close);
        expected.add(ScriptedAction.click(app, "push button", "Close", close, "close the dialog"));
        VirtualDesktop.awaitTrue("the Find and Replace dialog to close", wait, () -> oracle.find(app, "check box", "Match case") == null);
        // a menu path by keyboard: alt+f, down to Save As..., enter; then save as
        xdo.key("alt+f");
        oracle.await(app, "menu item", "Save As...", wait);
        for (int i = 0; i < 30; i++) {
            String[] f = oracle.selectedMenuEntry(app);
            if (f != null && f.length > 1 && "Save As...".equals(f[1])) break;
            xdo.key("Down");
        }
        xdo.key("Return");
        expected.add(new ScriptedAction(app, "menu_select", List.of("menu item"), "Save As...", null, "File → Save As... by keyboard"));
        oracle.await(app, "push button", "Save", wait);
        xdo.key("ctrl+a");
        xdo.type(tmp.resolve("report-q3.odt").toString());
        xdo.key("Return");
        VirtualDesktop.awaitTrue("the document to be saved", wait, () -> Files.exists(tmp.resolve("report-q3.odt")));
        // wait until the recorder has stored the last read, then close LibreOffice
        awaitRead(rec, a -> a.element() != null && "Close".equals(a.element().name()));
        xdo.key("ctrl+q"); // saved: LibreOffice quits without asking
        lo.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void calc(VirtualDesktop desktop, Xdo xdo, TreeOracle oracle, RecorderProcess rec) throws Exception {
        String app = "soffice";
        Duration wait = Duration.ofSeconds(60);
        VirtualDesktop.awaitTrue("Writer to close", wait, () -> oracle.find(app, "frame", "report-q3.odt - LibreOffice Writer") == null);
        Process lo = soffice(desktop, "calc");
        xdo.waitWindow("Untitled 1 - LibreOffice Calc");
        oracle.await(app, "frame", "Untitled 1 - LibreOffice Calc", wait);
        Rect a1 = oracle.await(app, "table cell", "A1", wait);
        // B5: one column right, four rows down of A1
        int[] b5 = {a1.x() + a1.width() + a1.width() / 2, a1.y() + 4 * a1.height() + a1.height() / 2};
        xdo.clickAt(b5[0], b5[1]);
        expected.add(new ScriptedAction(app, "click", List.of("table cell"), "B5", b5, "click cell B5"));
        xdo.type("42");
        // LibreOffice puts the typing into the cell's edit panel ("Cell B5") once it starts
        expected.add(new ScriptedAction(app, "type", List.of("table cell", "panel"), "B5|Cell B5", null, "type into B5"));
        xdo.key("Return");
        // the Name Box: go to D4
        // the Name Box: the formula bar's first field (its elements have no names in LibreOffice 7.4)
        Rect formulaBar = oracle.await(app, "tool bar", "Formula Tool Bar", wait);
        int[] nameBox = {formulaBar.x() + 40, TreeOracle.cy(formulaBar)};
        xdo.clickAt(nameBox[0], nameBox[1]);
        expected.add(new ScriptedAction(app, "click", List.of("text", "combo box"), null, nameBox, "click the Name Box"));
        xdo.key("ctrl+a");
        xdo.type("D4");
        xdo.key("Return");
        // the recorder has the Return after "D4" (the only capital D typed in this test)
        rec.awaitEvents(ev -> {
            int d = -1;
            for (int i = 0; i < ev.size(); i++) if (ev.get(i) instanceof RawEvent.KeyDown k && "D".equals(k.ch())) d = i;
            if (d < 0) return false;
            for (int i = d + 1; i < ev.size(); i++) if (ev.get(i) instanceof RawEvent.KeyDown k && "enter".equals(k.key())) return true;
            return false;
        }, 30_000);
        xdo.key("ctrl+q");
        Rect dontSave = oracle.await(app, "push button", "Don’t Save", wait);
        click(xdo, dontSave);
        lo.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void mousepad(VirtualDesktop desktop, Xdo xdo, TreeOracle oracle, RecorderProcess rec) throws Exception {
        String app = "mousepad";
        Duration wait = Duration.ofSeconds(30);
        // its own settings and session store: no "restore the previous session?" question from another run
        ProcessBuilder pb = desktop.command("mousepad", "--disable-server");
        for (String v : List.of("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")) {
            pb.environment().put(v, Files.createDirectories(tmp.resolve("mousepad-home").resolve(v.toLowerCase(java.util.Locale.ROOT))).toString());
        }
        Process mp = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        desktop.own(mp);
        Rect search = oracle.await(app, "menu", "Search", wait);
        click(xdo, search);
        Rect find = oracle.await(app, "menu item", "Find      ", wait);
        clickInMenu(xdo, find);
        expected.add(new ScriptedAction(app, "menu_select", List.of("menu item"), "Find", new int[] {TreeOracle.cx(find), TreeOracle.cy(find)},
                "Search → Find by mouse"));
        VirtualDesktop.awaitTrue("the find bar's entry to have the focus", wait, () -> {
            String[] f = oracle.focused(app);
            return f != null && "text".equals(f[0]) && !f[2].isEmpty() && TreeOracle.rect(f[2]).height() < 60;
        });
        xdo.type("needle");
        expected.add(new ScriptedAction(app, "type", List.of("text", "entry"), null, null, "type into the find bar"));
        Rect close = oracle.await(app, "push button", "Close", wait);
        click(xdo, close);
        expected.add(ScriptedAction.click(app, "push button", "Close", close, "close the find bar"));
        awaitRead(rec, a -> a.element() != null && "Close".equals(a.element().name())
                && a.toolkit() != null && a.toolkit().startsWith("GTK"));
    }

    private void gtk4(VirtualDesktop desktop, Xdo xdo, TreeOracle oracle, RecorderProcess rec) throws Exception {
        Path script = tmp.resolve("gtk4_window.py");
        try (var in = DesktopGroundingTest.class.getResourceAsStream("/a11y/gtk4_window.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process p = desktop.command("/usr/bin/python3", script.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        desktop.own(p);
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        VirtualDesktop.awaitTrue("the GTK 4 window to show", Duration.ofSeconds(30), () -> {
            try {
                return "ready".equals(out.readLine());
            } catch (IOException e) {
                return false;
            }
        });
        String w = xdo.waitWindow("Understudy GTK4 check");
        xdo.run("windowmove", "--sync", w, "300", "200");
        int[] origin = origin(desktop, w);
        TreeOracle at = oracle.at(origin);
        Rect send = at.await("python3", "push button", "Send", Duration.ofSeconds(30));
        click(xdo, send);
        expected.add(ScriptedAction.click("gtk4", "push button", "Send", send, "GTK 4 button"));
        Rect notify = at.await("python3", "check box", "Notify me", Duration.ofSeconds(30));
        click(xdo, notify);
        expected.add(ScriptedAction.click("gtk4", "check box", "Notify me", notify, "GTK 4 check box"));
        awaitRead(rec, a -> a.element() != null && "Notify me".equals(a.element().name()));
        p.destroy();
    }

    /** A GTK password dialog: what is typed there is stored nowhere. */
    private void passwordDialog(VirtualDesktop desktop, Xdo xdo, TreeOracle oracle, RecorderProcess rec) throws Exception {
        Process z = desktop.command("zenity", "--password", "--title", "Unlock keyring").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        desktop.own(z);
        Rect field = oracle.await("zenity", "password text", "*", Duration.ofSeconds(30));
        zenityField = field;
        click(xdo, field);
        expected.add(ScriptedAction.click("zenity", "password text", null, field, "click the password field"));
        awaitRead(rec, a -> a.element() != null && a.element().isPassword());
        xdo.type(PASSWORD);
        xdo.key("Return");
        byte[] typed = z.getInputStream().readAllBytes();
        assertEquals(PASSWORD, new String(typed, StandardCharsets.UTF_8).strip(), "zenity got the password");
        z.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * Chromium with accessibility on and no extension: clicks grounded by role and name through its
     * tree; what is typed into its fields (the password among it) is withheld, as in any browser the
     * recorder has no bridge from.
     */
    private void chromium(VirtualDesktop desktop, Xdo xdo, TreeOracle oracle, RecorderProcess rec) throws Exception {
        Path page = Files.writeString(tmp.resolve("sign-in.html"), """
                <!doctype html><html><head><title>Sign in</title></head><body><h1>Sign in</h1>
                <form><label>User <input id=u></label><br><label>Password <input type=password id=p></label><br>
                <button type=button>Sign in</button></form></body></html>
                """);
        Path bin = dev.understudy.browser.BrowserLauncher.find("chromium");
        Path profile = Files.createDirectories(tmp.resolve("chromium-profile"));
        List<String> cmd = new ArrayList<>(dev.understudy.browser.BrowserLauncher.command(bin, profile, profile, page.toUri().toString(),
                "0,0", "1000,700"));
        cmd.removeIf(a -> a.startsWith("--load-extension=") || a.startsWith("--disable-extensions-except="));
        cmd.add(1, "--force-renderer-accessibility");
        Process browser = desktop.command(cmd.toArray(new String[0])).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("browser.log").toFile()).start();
        desktop.own(browser);
        String app = "Chromium";
        Duration wait = Duration.ofSeconds(60);
        Rect user = oracle.await(app, "entry", "User", wait);
        click(xdo, user);
        expected.add(ScriptedAction.click(app, "entry", "User", user, "click the user field"));
        xdo.type("deploy");
        Rect password = oracle.await(app, "password text", "Password", wait);
        click(xdo, password);
        expected.add(ScriptedAction.click(app, "password text", "Password", password, "click the password field"));
        xdo.type(PASSWORD);
        Rect signIn = oracle.await(app, "push button", "Sign in", wait);
        click(xdo, signIn);
        expected.add(ScriptedAction.click(app, "push button", "Sign in", signIn, "click Sign in"));
        awaitRead(rec, a -> a.element() != null && "Sign in".equals(a.element().name())
                && "push button".equals(a.element().role()));
        browser.destroy();
    }

    /** Waits until the recorder stored an accessibility read like this; says what it stored instead if not. */
    private static void awaitRead(RecorderProcess rec, java.util.function.Predicate<RawEvent.A11y> p) throws InterruptedException {
        try {
            rec.awaitEvent(e -> e instanceof RawEvent.A11y a && p.test(a), 30_000);
        } catch (IOException e) {
            StringBuilder sb = new StringBuilder();
            try {
                for (RawEvent x : rec.awaitEvents(ev -> true, 1000)) {
                    if (x instanceof RawEvent.A11y a) {
                        sb.append(a.kind()).append(' ').append(a.status()).append(' ').append(a.x()).append(',').append(a.y()).append(' ')
                                .append(a.element() == null ? "-" : a.element().role() + " \"" + a.element().name() + "\" " + a.element().bbox())
                                .append(' ').append(a.toolkit()).append(' ').append(a.queryMicros()).append("us\n");
                    } else if (x instanceof RawEvent.WindowFocus w) {
                        sb.append("window ").append(w.app()).append('\n');
                    } else if (x instanceof RawEvent.Marker m) {
                        sb.append("marker ").append(m.kind()).append(' ').append(m.detail()).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // nothing more to say
            }
            throw new AssertionError(e.getMessage() + "; reads stored:\n" + sb + "stderr: " + rec.stderr(), e);
        }
    }

    private static int[] origin(VirtualDesktop desktop, String window) throws IOException, InterruptedException {
        String info = desktop.run("xwininfo", "-id", window);
        int x = Integer.parseInt(info.replaceAll("(?s).*Absolute upper-left X:\\s+(-?\\d+).*", "$1"));
        int y = Integer.parseInt(info.replaceAll("(?s).*Absolute upper-left Y:\\s+(-?\\d+).*", "$1"));
        return new int[] {x, y};
    }

    // ---- the promises

    @Test
    void scriptedDesktopActionsComeBackGroundedInTheElementActedOn() throws IOException {
        Map<String, int[]> perApp = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        int from = 0;
        for (ScriptedAction a : expected) {
            int found = -1;
            for (int j = from; j < steps.size(); j++) {
                if (a.groundedBy(steps.get(j))) {
                    found = j;
                    break;
                }
            }
            int[] c = perApp.computeIfAbsent(a.app(), k -> new int[2]);
            c[1]++;
            if (found >= 0) {
                c[0]++;
                from = found + 1;
            } else {
                missing.add(a.describe());
            }
        }
        StringBuilder tsv = new StringBuilder("app\tgrounded\tscripted\n");
        int g = 0;
        int n = 0;
        for (var e : perApp.entrySet()) {
            tsv.append(e.getKey()).append('\t').append(e.getValue()[0]).append('\t').append(e.getValue()[1]).append('\n');
            g += e.getValue()[0];
            n += e.getValue()[1];
        }
        tsv.append("all\t").append(g).append('\t').append(n).append('\n');
        tsv.append(queryTimes());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "a11y-grounding.tsv"), tsv);
        System.out.println("grounding:\n" + tsv + (missing.isEmpty() ? "" : "not grounded: " + missing + "\nsteps:\n" + dump()));
        assertTrue(g >= Math.ceil(0.95 * n), "grounded " + g + " of " + n + "; not grounded: " + missing + "\nsteps:\n" + dump());
    }

    /** The accessibility source's query time per read, as stored with each read. */
    private String queryTimes() {
        List<Long> us = new ArrayList<>();
        for (RawEvent e : events) if (e instanceof RawEvent.A11y a && RawEvent.A11y.POINTER.equals(a.kind())) us.add(a.queryMicros());
        if (us.isEmpty()) return "pointer reads\t0\n";
        us.sort(null);
        return "pointer reads\t" + us.size() + "\nquery us median\t" + us.get(us.size() / 2) + "\nquery us p95\t"
                + us.get(Math.min(us.size() - 1, (int) Math.ceil(us.size() * 0.95) - 1)) + "\nquery us max\t" + us.get(us.size() - 1) + "\n";
    }

    @Test
    void menusChosenByMouseAndByKeyboardAreOneMenuSelectWithTheirPath() {
        assertEquals(List.of("Insert", "Page Break"), path(step("menu_select", "Page Break")));
        assertEquals(List.of("File", "Save As..."), path(step("menu_select", "Save As...")));
        assertEquals(List.of("Search", "Find"), path(step("menu_select", "Find")));
    }

    @Test
    void theFontSizeChosenFromItsListIsOneSelectOption() {
        JsonNode s = step("select_option", "Font Size");
        assertEquals("14 pt", s.at("/action/option").asText(), s.toString());
    }

    @Test
    void togglesSayWhatWasSet() {
        assertTrue(step("click", "Bold").at("/target/checked").asBoolean(), "Bold turned on");
        assertTrue(step("click", "Match case").at("/target/checked").asBoolean(), "Match case checked");
        assertTrue(step("click", "Notify me").at("/target/checked").asBoolean(), "GTK 4 check box checked");
    }

    @Test
    void typingIsGroundedInTheFocusedElement() {
        JsonNode b5 = steps.stream().filter(s -> "type".equals(s.at("/action/type").asText())
                && List.of("B5", "Cell B5").contains(s.at("/target/name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no type step in B5; steps:\n" + dump()));
        assertEquals("42", b5.at("/action/text").asText(), b5.toString());
    }

    @Test
    void gtk4BoxesAreInScreenPixels() {
        JsonNode send = step("click", "Send");
        JsonNode b = send.at("/target/bbox");
        assertTrue(b.get(0).asInt() > 300 && b.get(1).asInt() > 200, "box moved to the window's place on screen: " + send);
    }

    @Test
    void aPasswordTypedIntoAGtkPasswordDialogOrAWebPageIsStoredNowhere() throws IOException {
        List<String> hits = new ArrayList<>(dev.understudy.e2e.privacy.Leaks.find(data, List.of(PASSWORD, "Vault-Kiwi")));
        hits.addAll(dev.understudy.e2e.privacy.Leaks.find(exports, List.of(PASSWORD, "Vault-Kiwi")));
        assertTrue(hits.isEmpty(), "the password was found in " + hits);
        String typed = String.join("", steps.stream().filter(s -> "type".equals(s.at("/action/type").asText()))
                .map(s -> s.at("/action/text").asText()).toList());
        assertTrue(typed.contains("[SECRET]"), "the password became one placeholder: " + typed);
    }

    @Test
    void thePasswordFieldIsMaskedInEveryFrameStoredWhileItIsOnScreen() throws IOException {
        // from half a second after the click into the field (the source walks the window) to the next window
        long from = -1;
        long to = Long.MAX_VALUE;
        for (RawEvent e : events) {
            if (from < 0 && e instanceof RawEvent.A11y a && a.element() != null && a.element().isPassword() && "zenity".equals(
                    a.path().isEmpty() ? null : a.path().get(0).name())) {
                from = a.mono() + 500_000_000L;
            } else if (from >= 0 && e instanceof RawEvent.WindowFocus w && w.app() != null && !"zenity".equals(w.app().name())
                    && w.mono() > from) {
                to = w.mono();
                break;
            }
        }
        assertTrue(from > 0, "the click into zenity's password field was read");
        var reader = dev.understudy.trace.DataDir.at(data).open(session);
        int checked = 0;
        int cx = TreeOracle.cx(zenityField);
        int cy = TreeOracle.cy(zenityField);
        for (RawEvent e : events) {
            if (!(e instanceof RawEvent.Frame f) || f.mono() < from || f.mono() >= to) continue;
            java.awt.image.BufferedImage img = reader.frames().read(f.id());
            assertEquals(dev.understudy.privacy.screen.FrameMasker.MASK_RGB, img.getRGB(cx, cy) & 0xFFFFFF,
                    "the password field at " + zenityField + " is filled in frame " + f.id());
            checked++;
        }
        assertTrue(checked >= 1, "frames stored while the password dialog was up: " + checked);
    }

    @Test
    void exportsCarryTheGroundedElement() throws IOException {
        String agentnet = readAll(exports.resolve("agentnet"));
        assertTrue(agentnet.contains("Page Break"), "AgentNet names the menu item");
        assertTrue(agentnet.contains("menu item"), "AgentNet carries the element's role");
        String viewer = Files.readString(exports.resolve("viewer.html"));
        assertTrue(viewer.contains("Insert → Page Break"), "the viewer describes the menu path");
    }

    @Test
    void theRecorderReadTheTreeWithoutTroubleAndSaysSo() {
        assertFalse(recorderStderr.contains("Exception"), recorderStderr);
        assertFalse(recorderStderr.contains("no accessibility tree"), recorderStderr);
        // its stats line (UNDERSTUDY_STATS) counts the reads: the source was on and read
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("a11y\\[a11y reads (\\d+), timeouts (\\d+)").matcher(recorderStderr);
        assertTrue(m.find(), "the accessibility source's stats: " + recorderStderr);
        assertTrue(Integer.parseInt(m.group(1)) >= expected.size(), "reads: " + m.group());
    }

    // ---- helpers

    private JsonNode step(String type, String name) {
        for (JsonNode s : steps) {
            if (type.equals(s.at("/action/type").asText()) && name.strip().equals(s.at("/target/name").asText().strip())) return s;
        }
        throw new AssertionError("no " + type + " step on \"" + name + "\"; steps:\n" + dump());
    }

    private static List<String> path(JsonNode s) {
        List<String> p = new ArrayList<>();
        for (JsonNode n : s.at("/action/path")) p.add(n.asText().strip());
        return p;
    }

    private String dump() {
        StringBuilder sb = new StringBuilder();
        for (JsonNode s : steps) sb.append(s.path("action")).append(' ').append(s.path("target")).append('\n');
        return sb.toString();
    }

    private static String readAll(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".jsonl")).toList()) {
                sb.append(Files.readString(f));
            }
        }
        return sb.toString();
    }

    private static int cli(String... args) {
        return dev.understudy.e2e.Cli.run(args).code();
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
