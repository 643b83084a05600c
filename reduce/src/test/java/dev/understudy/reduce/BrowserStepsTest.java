package dev.understudy.reduce;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Json;
import dev.understudy.model.Mods;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import dev.understudy.model.Step;
import dev.understudy.model.Target;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fusion of the browser bridge's events with OS-level steps (BrowserSteps). */
@Tag("unit")
class BrowserStepsTest {
    static final AppContext CHROMIUM = new AppContext("chromium", "Chromium-browser", "Acme Desk - Chromium", 700,
            new Rect(0, 0, 1280, 800), null);
    static final AppContext TERM = new AppContext("xterm", "XTerm", "bash", 800, new Rect(0, 0, 600, 400), null);
    static final String PAGE = "\"pid\":700,\"tab\":1,\"frame\":0,\"active\":true,\"url\":\"http://desk.test/tickets\"";
    static final String VIEW = "\"view\":{\"dpr\":1,\"zoom\":1,\"origin\":[4,87],\"cal\":true}";

    /** A description per step: action, target, page path. */
    static String describe(Step s) {
        Target t = s.target();
        String target = t == null || "none".equals(t.source()) ? "" : " [" + t.role() + " '" + t.name() + "']";
        String extra = s.action() instanceof Action.SelectOption o ? " '" + o.option() + "'=" + o.value()
                : s.action() instanceof Action.Navigate n ? " " + path(n.url())
                : "";
        return StepFormat.action(s.action()) + extra + target + (s.app().url() == null ? "" : " @" + path(s.app().url()));
    }

    static String path(String url) {
        URI u = URI.create(url);
        return u.getPath() + (u.getQuery() == null ? "" : "?" + u.getQuery());
    }

    static List<String> describeAll(List<Step> steps) {
        List<String> out = new ArrayList<>();
        for (Step s : steps) out.add(describe(s));
        return out;
    }

    // ------------------------------------------------------------------ a recorded session

    /**
     * A real recording of the demo's web workflow (Chromium on Xvfb, xdotool input; mouse moves and
     * page snapshots removed): every scripted action is one grounded step.
     */
    @Test
    void recordedWebWorkflow() throws Exception {
        Fixtures.Reduced r = Fixtures.reduce("browser", "web-monitor");
        assertEquals(List.of(
                "click(365,239) [textbox 'Username'] @/index.html",
                "type(\"ops.demo\") [textbox 'Username'] @/index.html",
                "click(365,282) [textbox 'Password'] @/index.html",
                "click(198,326) [button 'Sign in'] @/index.html",
                "navigate /mail.html @/index.html",
                "click(365,239) [textbox 'To'] @/mail.html",
                "type(\"facilities-team\") [textbox 'To'] @/mail.html",
                "key(enter) [textbox 'To'] @/mail.html",
                "click(365,315) [textbox 'Subject'] @/mail.html",
                "type(\"Printer on floor 3 is jammed\") [textbox 'Subject'] @/mail.html",
                "click(365,397) [textbox 'Message body'] @/mail.html",
                "type(\"Please send someone today.\") [textbox 'Message body'] @/mail.html",
                "click(191,479) [button 'Send'] @/mail.html",
                "click(232,111) [link 'Tickets'] @/mail.html",
                "navigate /tickets.html @/mail.html",
                "click(357,239) [textbox 'Title'] @/tickets.html",
                "type(\"Paper jam\") [textbox 'Title'] @/tickets.html",
                "select_option 'High'=high [combobox 'Priority'] @/tickets.html",
                "key(tab) [combobox 'Priority'] @/tickets.html",
                "select_option 'Access'=access [combobox 'Category'] @/tickets.html",
                "select_option 'Network team'=network [combobox 'Assignee'] @/tickets.html",
                "key(tab) [combobox 'Assignee'] @/tickets.html",
                "select_option 'Team lead'=lead [combobox 'Notify'] @/tickets.html",
                "click(301,504) [textbox 'Note'] @/tickets.html",
                "type(\"Toner is low\") [textbox 'Note'] @/tickets.html",
                "click(226,548) [button 'Attach file'] @/tickets.html",
                "click(118,635) [button 'Create ticket'] @/tickets.html",
                "navigate /search.html @/tickets.html",
                "click(263,240) [searchbox 'Search tickets'] @/search.html",
                "type(\"printer\") [searchbox 'Search tickets'] @/search.html",
                "key(enter) [searchbox 'Search tickets'] @/search.html",
                "navigate /search.html?q=printer @/search.html"), describeAll(r.steps()));

        // deterministic, and the JSON round-trips
        String once = Json.MAPPER.writeValueAsString(r.steps());
        assertEquals(once, Json.MAPPER.writeValueAsString(Reducer.reduce("s-browser", r.manifest(), new ArrayList<>(r.events()))));
        assertEquals(once, Json.MAPPER.writeValueAsString(Json.MAPPER.readValue(once, Step[].class)));

        for (Step s : r.steps()) {
            assertTrue(s.firstSeq() <= s.lastSeq(), describe(s));
            if (s.action() instanceof Action.Pointer p) {
                // the box (from the OS point) holds the OS point, which was the element's centre
                Rect b = s.target().bbox();
                assertTrue(Math.abs(b.x() + b.width() / 2.0 - p.x()) <= 1.5, describe(s) + " " + b);
                assertTrue(Math.abs(b.y() + b.height() / 2.0 - p.y()) <= 1.5, describe(s) + " " + b);
            }
            if (s.target() != null && "dom".equals(s.target().source())) {
                assertTrue(r.events().get((int) (long) s.target().eventSeq()) instanceof RawEvent.Browser, describe(s));
            }
        }
        // a select_option covers the clicks and keys that opened the list and chose
        Step priority = r.steps().get(17);
        long clicks = r.events().subList((int) priority.firstSeq(), (int) priority.lastSeq() + 1).stream()
                .filter(e -> e instanceof RawEvent.MouseDown).count();
        assertEquals(2, clicks);
        // every press and key is in some step (the password's keys were dropped by the recorder; the
        // shift presses typed with it remain and, alone, make no step)
        for (int seq = 0; seq < r.events().size(); seq++) {
            RawEvent e = r.events().get(seq);
            if (!(e instanceof RawEvent.MouseDown || e instanceof RawEvent.KeyDown k && !Mods.isModifier(k.key()))) continue;
            final int q = seq;
            assertTrue(r.steps().stream().anyMatch(s -> s.firstSeq() <= q && q <= s.lastSeq()), "seq " + seq + " " + e);
        }
    }

    // ------------------------------------------------------------------ pointer

    @Test
    void aClickTakesThePageElementAtTheSamePointAndTime() {
        Events ev = new Events();
        ev.at(0).focus(CHROMIUM).at(1000).click(300, 200, 1).at(1050);
        ev.browser("pointer", 60, "{" + PAGE + "," + VIEW + ",\"target\":{\"tag\":\"button\",\"role\":\"button\",\"name\":\"Save\","
                + "\"selector\":\"#save\",\"xpath\":\"//*[@id=\\\"save\\\"]\",\"rect\":[250,100,100,30]},"
                + "\"pointer\":{\"button\":0,\"client\":[296,113],\"screen\":[300,200]}}");
        Step s = ev.reduce().get(0);
        assertEquals("click(300,200) [button 'Save'] @/tickets", describe(s));
        // box from the OS point: 300 + (250 - 296), 200 + (100 - 113)
        assertEquals(new Rect(254, 187, 100, 30), s.target().bbox());
        assertEquals("#save", s.target().selector());
        assertEquals(3L, s.target().eventSeq());
    }

    @Test
    void aClickIsNotGroundedByAPageEventTooFarInSpaceOrTime() {
        String target = ",\"target\":{\"tag\":\"button\",\"role\":\"button\",\"name\":\"Save\",\"selector\":\"#s\",\"rect\":[0,0,10,10]}";
        Events far = new Events();
        far.at(0).focus(CHROMIUM).at(1000).click(300, 200, 1).at(1050);
        far.browser("pointer", 0, "{" + PAGE + "," + VIEW + target + ",\"pointer\":{\"button\":0,\"client\":[5,5],\"screen\":[306,200]}}");
        assertEquals("click(300,200)", describe(far.reduce().get(0)));
        Events late = new Events();
        late.at(0).focus(CHROMIUM).at(1000).click(300, 200, 1).at(1400);
        late.browser("pointer", 0, "{" + PAGE + "," + VIEW + target + ",\"pointer\":{\"button\":0,\"client\":[5,5],\"screen\":[300,200]}}");
        assertEquals("click(300,200)", describe(late.reduce().get(0)));
    }

    @Test
    void screenPointsInDipsAreScaledByTheDeviceScale() {
        Events ev = new Events();
        ev.at(0).focus(CHROMIUM).at(1000).click(600, 400, 1).at(1030);
        // dpr 2 at zoom 1: device scale 2, screenX in DIPs is half the OS point
        ev.browser("pointer", 20, "{" + PAGE + ",\"view\":{\"dpr\":2,\"zoom\":1},\"target\":{\"tag\":\"a\",\"role\":\"link\",\"name\":\"Home\","
                + "\"selector\":\"#home\",\"rect\":[100,50,40,10]},\"pointer\":{\"button\":0,\"client\":[110,55],\"screen\":[300,200]}}");
        Step s = ev.reduce().get(0);
        assertEquals("link", s.target().role());
        assertEquals(new Rect(580, 390, 80, 20), s.target().bbox());
    }

    // ------------------------------------------------------------------ dropdowns

    static String select(String field, String option, String value) {
        return "\"field\":{\"tag\":\"select\",\"role\":\"combobox\",\"name\":\"" + field + "\",\"selector\":\"#" + field.toLowerCase()
                + "\",\"bbox\":[100,300,200,30]},\"target\":{\"tag\":\"select\",\"role\":\"combobox\",\"name\":\"" + field
                + "\",\"selector\":\"#" + field.toLowerCase() + "\"},\"option\":{\"text\":\"" + option + "\",\"value\":\"" + value + "\"}";
    }

    @Test
    void aNativeSelectChoiceReplacesTheOpenerAndPopupClicks() {
        Events ev = new Events();
        ev.at(0).focus(CHROMIUM).at(1000).click(200, 315, 1).at(1040);
        ev.browser("pointer", 30, "{" + PAGE + "," + VIEW + ",\"target\":{\"tag\":\"select\",\"role\":\"combobox\",\"name\":\"Priority\","
                + "\"selector\":\"#priority\",\"rect\":[96,213,200,30]},\"pointer\":{\"button\":0,\"client\":[196,228],\"screen\":[200,315]}}");
        ev.at(1045).browser("focus", 30, "{" + PAGE + ",\"target\":{\"tag\":\"select\",\"role\":\"combobox\",\"name\":\"Priority\",\"selector\":\"#priority\"}}");
        ev.at(1600).click(200, 380, 1).at(1690); // the option, in the browser's own popup: no page event
        ev.browser("select", 5, "{" + PAGE + "," + select("Priority", "High", "high") + "}");
        List<Step> steps = ev.reduce();
        assertEquals(List.of("select_option 'High'=high [combobox 'Priority'] @/tickets"), describeAll(steps));
        Step s = steps.get(0);
        assertEquals(1, s.firstSeq()); // the opener's mouse_down
        assertTrue(s.lastSeq() >= 6, "covers the popup click");
        assertEquals(new Rect(100, 300, 200, 30), s.target().bbox(), "the box of the opener click");
    }

    @Test
    void arrowKeysOnAClosedSelectMergeIntoOneChoiceAndTabStaysAKey() {
        String cat = "\"target\":{\"tag\":\"select\",\"role\":\"combobox\",\"name\":\"Category\",\"selector\":\"#category\"}";
        Events ev = new Events();
        ev.at(0).focus(CHROMIUM).at(1000).keyDown("tab", null, 0);
        ev.at(1001).browser("focus", 2, "{" + PAGE + "," + cat + "}"); // the page saw it 3 ms before the hook
        ev.at(1080).keyUp("tab", 0);
        ev.at(1300).keyDown("down", null, 0).at(1302).browser("select", 5, "{" + PAGE + "," + select("Category", "Software", "software") + "}");
        ev.at(1380).keyUp("down", 0);
        ev.at(1600).keyDown("down", null, 0).at(1602).browser("select", 5, "{" + PAGE + "," + select("Category", "Access", "access") + "}");
        ev.at(1680).keyUp("down", 0);
        assertEquals(List.of("key(tab) @/tickets", "select_option 'Access'=access [combobox 'Category'] @/tickets"), describeAll(ev.reduce()));
    }

    @Test
    void aCustomAriaDropdownChoiceReplacesBothClicks() {
        String combo = "\"target\":{\"tag\":\"button\",\"role\":\"combobox\",\"name\":\"Assignee\",\"selector\":\"#assignee\",\"rect\":[96,250,200,30]}";
        String option = "\"target\":{\"tag\":\"li\",\"role\":\"option\",\"name\":\"Network team\",\"selector\":\"#assignee-network\",\"rect\":[96,320,200,30]}";
        Events ev = new Events();
        ev.at(0).focus(CHROMIUM).at(1000).click(200, 352, 1).at(1050);
        ev.browser("pointer", 40, "{" + PAGE + "," + VIEW + "," + combo + ",\"pointer\":{\"button\":0,\"client\":[196,265],\"screen\":[200,352]}}");
        ev.at(1500).click(200, 422, 1).at(1590);
        ev.browser("pointer", 80, "{" + PAGE + "," + VIEW + "," + option + ",\"pointer\":{\"button\":0,\"client\":[196,335],\"screen\":[200,422]}}");
        ev.browser("select", 3, "{" + PAGE + ",\"field\":{\"tag\":\"button\",\"role\":\"combobox\",\"name\":\"Assignee\",\"selector\":\"#assignee\"},"
                + option + ",\"option\":{\"text\":\"Network team\",\"value\":\"network\"}}");
        List<Step> steps = ev.reduce();
        assertEquals(List.of("select_option 'Network team'=network [combobox 'Assignee'] @/tickets"), describeAll(steps));
        assertEquals(new Rect(100, 337, 200, 30), steps.get(0).target().bbox());
    }

    // ------------------------------------------------------------------ navigation

    @Test
    void aLinkClickIsFollowedByANavigateStepAndUrlsFollowThePage() {
        Events ev = new Events();
        ev.at(0).focus(CHROMIUM).at(10).browser("tab", 0, "{" + PAGE + "}");
        ev.at(1000).click(200, 100, 1).at(1040);
        ev.browser("pointer", 30, "{" + PAGE + "," + VIEW + ",\"target\":{\"tag\":\"a\",\"role\":\"link\",\"name\":\"Mail\",\"selector\":\"#nav-mail\","
                + "\"rect\":[190,5,30,18]},\"pointer\":{\"button\":0,\"client\":[196,13],\"screen\":[200,100]}}");
        ev.at(1200).browser("navigate", 10, "{\"pid\":700,\"tab\":1,\"frame\":0,\"active\":true,\"url\":\"http://desk.test/mail\",\"transition\":\"link\"}");
        ev.at(2000).typeKey("x", "x");
        ev.at(3000).focus(TERM).at(3500).typeKey("y", "y");
        assertEquals(List.of("click(200,100) [link 'Mail'] @/tickets", "navigate /mail @/tickets", "type(\"x\") @/mail",
                "switch_app", "type(\"y\")"), describeAll(ev.reduce()).stream().map(s -> s.startsWith("switch_app") ? "switch_app" : s).toList());
    }

    @Test
    void anAddressTypedIntoTheAddressBarIsOneNavigateStep() {
        Events ev = new Events();
        ev.at(0).focus(CHROMIUM).at(10).browser("tab", 0, "{" + PAGE + "}");
        ev.at(1000).ctrl("l").at(1010).browser("blur", 5, "{" + PAGE + "}");
        ev.at(1300);
        for (char c : "desk.test/search".toCharArray()) ev.typeKey(String.valueOf(c), String.valueOf(c)).at(ev.now() + 20);
        ev.at(ev.now() + 100).key("enter");
        ev.at(ev.now() + 120).browser("navigate", 30, "{\"pid\":700,\"tab\":1,\"frame\":0,\"active\":true,\"url\":\"http://desk.test/search\","
                + "\"transition\":\"typed\",\"qualifiers\":[\"from_address_bar\"]}");
        List<Step> steps = ev.reduce();
        assertEquals(List.of("navigate /search @/tickets"), describeAll(steps));
        assertEquals(2, steps.get(0).firstSeq(), "from the ctrl key of ctrl+l");
    }

    @Test
    void theStartPageAndClientRedirectsAreNoExtraSteps() {
        final String PAGE = "\"pid\":700,\"tab\":1,\"frame\":0,\"active\":true,\"url\":\"http://desk.test/\"";
        Events ev = new Events();
        ev.at(0).focus(CHROMIUM);
        ev.at(100).browser("navigate", 5, "{\"pid\":700,\"tab\":1,\"frame\":0,\"active\":true,\"url\":\"http://desk.test/\",\"transition\":\"start_page\"}");
        ev.at(1000).click(200, 100, 1).at(1040);
        ev.browser("pointer", 30, "{" + PAGE + "," + VIEW + ",\"target\":{\"tag\":\"a\",\"role\":\"link\",\"name\":\"Go\",\"selector\":\"#go\","
                + "\"rect\":[190,5,30,18]},\"pointer\":{\"button\":0,\"client\":[196,13],\"screen\":[200,100]}}");
        ev.at(1200).browser("navigate", 5, "{\"pid\":700,\"tab\":1,\"frame\":0,\"active\":true,\"url\":\"http://desk.test/a\",\"transition\":\"link\"}");
        ev.at(1500).browser("navigate", 5, "{\"pid\":700,\"tab\":1,\"frame\":0,\"active\":true,\"url\":\"http://desk.test/b\",\"transition\":\"link\","
                + "\"qualifiers\":[\"client_redirect\"]}");
        ev.at(1600).browser("navigate", 5, "{\"pid\":700,\"tab\":2,\"frame\":0,\"active\":false,\"url\":\"http://desk.test/bg\",\"transition\":\"link\"}");
        assertEquals(List.of("click(200,100) [link 'Go'] @/", "navigate /b @/"), describeAll(ev.reduce()));
    }

    // ------------------------------------------------------------------ typing and keys

    @Test
    void typingTakesTheFieldOfThePageInputEventAndEnterTheFocusedField() {
        String field = "\"target\":{\"tag\":\"input\",\"role\":\"searchbox\",\"name\":\"Search\",\"selector\":\"#q\",\"bbox\":[10,20,300,30]}";
        Events ev = new Events();
        ev.at(0).focus(CHROMIUM).at(500).browser("focus", 5, "{" + PAGE + "," + field + "}");
        ev.at(1000).typeKey("h", "h").at(1090).browser("input", 5, "{" + PAGE + "," + field + "}");
        ev.at(1100).typeKey("i", "i");
        ev.at(1500).key("enter");
        List<Step> steps = ev.reduce();
        assertEquals(List.of("type(\"hi\") [searchbox 'Search'] @/tickets", "key(enter) [searchbox 'Search'] @/tickets"), describeAll(steps));
        assertEquals(new Rect(10, 20, 300, 30), steps.get(0).target().bbox(), "the extension's own box when no OS point");
    }

    @Test
    void keysOutsideTheBrowserGetNoPageTarget() {
        String field = "\"target\":{\"tag\":\"input\",\"role\":\"textbox\",\"name\":\"Name\",\"selector\":\"#n\"}";
        Events ev = new Events();
        ev.at(0).focus(CHROMIUM).at(100).browser("focus", 5, "{" + PAGE + "," + field + "}");
        ev.at(1000).focus(TERM).at(1500).key("enter").at(2000).keyDown("ctrl", null, 0).at(2050).keyDown("l", null, Mods.CTRL);
        List<Step> steps = ev.reduce();
        for (Step s : steps) {
            assertEquals(Target.NONE, s.target(), describe(s));
            assertNull(s.app().url(), describe(s));
        }
    }

    @Test
    void eventsWithoutDataChangeNothing() {
        Events ev = new Events();
        ev.at(0).focus(CHROMIUM).at(100).browser("pointer").at(200).click(10, 10, 1);
        Step s = ev.reduce().get(0);
        assertEquals(Target.NONE, s.target());
        assertNotNull(s.app());
    }
}
