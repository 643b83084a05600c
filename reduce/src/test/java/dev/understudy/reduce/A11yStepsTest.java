package dev.understudy.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.understudy.model.A11yNode;
import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Json;
import dev.understudy.model.Manifest;
import dev.understudy.model.Monitor;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import dev.understudy.model.Step;
import dev.understudy.model.Target;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Steps grounded in, and made from, the accessibility reads (A11ySteps). */
@Tag("unit")
@Timeout(30)
class A11yStepsTest {
    static final AppContext WRITER = new AppContext("soffice.bin", "libreoffice-writer", "Untitled 1 - LibreOffice Writer", 900,
            new Rect(0, 0, 1920, 1080), null);
    static final AppContext TERM = new AppContext("xterm", "XTerm", "bash", 800, new Rect(0, 0, 600, 400), null);
    static final A11yNode APP = node("application", "LibreOffice");
    static final A11yNode FRAME = node("frame", "Untitled 1 - LibreOffice Writer");
    static final A11yNode BAR = node("menu bar", null);
    static final A11yNode FILE = new A11yNode("menu", "File", null, List.of(), new Rect(10, 30, 40, 20), List.of());
    static final A11yNode RECENT = new A11yNode("menu", "Recent Documents", null, List.of(), new Rect(20, 80, 200, 24), List.of());
    static final A11yNode TOOLBAR = node("tool bar", "Formatting");
    static final A11yNode FONT_SIZE = new A11yNode("combo box", "Font Size", null, List.of(), new Rect(400, 60, 70, 24), List.of());
    static final A11yNode SIZES = node("list", null);
    static final List<A11yNode> MAIN = List.of(APP, FRAME);
    static final List<A11yNode> IN_BAR = List.of(APP, FRAME, BAR);
    static final List<A11yNode> IN_FILE = List.of(APP, FRAME, BAR, FILE);
    static final List<A11yNode> IN_SIZES = List.of(APP, FRAME, TOOLBAR, FONT_SIZE, SIZES);
    static final String OK = RawEvent.A11y.OK;
    static final String POINTER = RawEvent.A11y.POINTER;
    static final String FOCUS = RawEvent.A11y.FOCUS;
    static final String STATE = RawEvent.A11y.STATE;

    static A11yNode node(String role, String name, String... states) {
        return new A11yNode(role, name, null, List.of(states), null, List.of());
    }

    static A11yNode boxed(String role, String name, Rect box, String... states) {
        return new A11yNode(role, name, null, List.of(states), box, List.of());
    }

    /** action, then the target as [role 'name'] with checked when set. */
    static String describe(Step s) {
        Action a = s.action();
        String act = a instanceof Action.MenuSelect m ? "menu_select" + m.path()
                : a instanceof Action.SelectOption o ? "select_option '" + o.option() + "'"
                : StepFormat.action(a);
        Target t = s.target();
        String target = t == null || "none".equals(t.source()) ? ""
                : " [" + t.role() + " '" + t.name() + "'" + (t.checked() == null ? "" : " checked=" + t.checked()) + "]";
        return act + target;
    }

    static List<String> describeAll(List<Step> steps) {
        List<String> out = new ArrayList<>();
        for (Step s : steps) out.add(describe(s));
        return out;
    }

    static Events writer() {
        Events ev = new Events();
        return ev.at(0).focus(WRITER);
    }

    // ------------------------------------------------------------------ pointer targets

    @Test
    void aClickTakesTheElementOfItsPointerReadArrivingLate() throws Exception {
        Manifest two = new Manifest(1, "t", "0.1.0", "linux", "12", "x86_64", "x11", "UTC", Events.WALL0, null, null,
                List.of(new Monitor(0, 0, 0, 1920, 1080, 1.0), new Monitor(1, 1920, 0, 1920, 1080, 1.0)));
        Events ev = writer();
        ev.at(1000).click(2300, 200, 1).at(1500).typeKey("a", "a");
        A11yNode send = new A11yNode("push button", "Send", "Sends the mail", List.of("focused"), new Rect(2280, 190, 60, 24), List.of());
        ev.a11y(1000, POINTER, 2300, 200, OK, send, MAIN);
        List<Step> steps = Reducer.reduce("t", two, ev.list);
        Step s = steps.get(0);
        assertEquals("click(380,200) [push button 'Send']", describe(s));
        Target t = s.target();
        assertEquals("a11y", t.source());
        assertEquals(new Rect(360, 190, 60, 24), t.bbox());
        assertEquals(List.of("application: LibreOffice", "frame: Untitled 1 - LibreOffice Writer"), t.path());
        assertEquals("Sends the mail", t.description());
        assertEquals(List.of("focused"), t.states());
        assertEquals("LibreOffice 7.6", t.toolkit());
        assertEquals(5L, t.eventSeq());
        assertNull(t.checked());
        assertEquals(1, s.monitor());
        // the JSON carries the new fields after the old ones and round-trips
        String json = Json.MAPPER.writeValueAsString(t);
        assertEquals("{\"source\":\"a11y\",\"role\":\"push button\",\"name\":\"Send\",\"bbox\":{\"x\":360,\"y\":190,\"width\":60,"
                + "\"height\":24},\"event_seq\":5,\"description\":\"Sends the mail\",\"states\":[\"focused\"],"
                + "\"path\":[\"application: LibreOffice\",\"frame: Untitled 1 - LibreOffice Writer\"],\"toolkit\":\"LibreOffice 7.6\"}", json);
        assertEquals(t, Json.MAPPER.readValue(json, Target.class));
        // the typing after it has no FOCUS read: no target
        assertEquals("type(\"a\")", describe(steps.get(1)));
    }

    @Test
    void aPointerReadMatchesByWallTimeAndPointWhenTheMonoDiffers() {
        Events ev = writer();
        ev.at(1000).click(300, 200, 1);
        ev.a11y(1120, POINTER, 302, 201, OK, node("push button", "Send"), MAIN);
        assertEquals("click(300,200) [push button 'Send']", describe(ev.reduce().get(0)));
        Events far = writer();
        far.at(1000).click(300, 200, 1);
        far.a11y(1120, POINTER, 310, 200, OK, node("push button", "Send"), MAIN);
        assertEquals("click(300,200)", describe(far.reduce().get(0)));
    }

    @Test
    void aDomTargetWinsOverAnA11yOne() {
        AppContext chromium = new AppContext("chromium", "Chromium-browser", "Desk - Chromium", 700, new Rect(0, 0, 1280, 800), null);
        Events ev = new Events();
        ev.at(0).focus(chromium).at(1000).click(300, 200, 1).at(1050);
        ev.browser("pointer", 60, "{\"pid\":700,\"tab\":1,\"frame\":0,\"active\":true,\"url\":\"http://desk.test/t\","
                + "\"view\":{\"dpr\":1,\"zoom\":1,\"origin\":[4,87],\"cal\":true},\"target\":{\"tag\":\"button\",\"role\":\"button\","
                + "\"name\":\"Save\",\"selector\":\"#save\",\"rect\":[250,100,100,30]},"
                + "\"pointer\":{\"button\":0,\"client\":[296,113],\"screen\":[300,200]}}");
        ev.a11y(1000, POINTER, 300, 200, OK, node("push button", "Save"), List.of(node("application", "Chromium")));
        Step s = ev.reduce().get(0);
        assertEquals("dom", s.target().source());
        assertEquals("button", s.target().role());
    }

    @Test
    void aReadThatTimedOutLeavesNoTarget() {
        Events ev = writer();
        ev.at(1000).click(300, 200, 1);
        ev.a11y(1000, POINTER, 300, 200, RawEvent.A11y.TIMEOUT, null, List.of());
        assertEquals(Target.NONE, ev.reduce().get(0).target());
    }

    // ------------------------------------------------------------------ key targets

    @Test
    void keyStepsTakeTheLatestFocusReadInTheSameWindow() {
        Events ev = writer();
        ev.a11y(500, FOCUS, 0, 0, OK, boxed("text", "Subject", new Rect(100, 300, 400, 20), "focused", "editable"), MAIN);
        ev.at(1000).typeKey("h", "h").typeKey("i", "i").at(2000).key("enter");
        ev.a11y(2500, FOCUS, 0, 0, OK, node("text", "Body", "focused", "editable"), MAIN);
        ev.at(3000).key("tab");
        assertEquals(List.of("type(\"hi\") [text 'Subject']", "key(enter) [text 'Subject']", "key(tab) [text 'Body']"),
                describeAll(ev.reduce()));
    }

    @Test
    void aFocusReadInAnotherWindowIsNotUsed() {
        Events ev = writer();
        ev.a11y(500, FOCUS, 0, 0, OK, node("text", "Subject", "focused"), MAIN);
        ev.at(800).focus(TERM).at(1000).typeKey("l", "l").typeKey("s", "s");
        List<Step> steps = ev.reduce();
        assertEquals(List.of("switch_app", "type(\"ls\")"), describeAll(steps));
    }

    // ------------------------------------------------------------------ menus

    @Test
    void twoClicksThroughAMenuAreOneMenuSelect() {
        Events ev = writer();
        ev.at(1000).click(30, 40, 1).at(1600).click(60, 120, 1);
        ev.a11y(1000, POINTER, 30, 40, OK, FILE, IN_BAR);
        ev.a11y(1600, POINTER, 60, 120, OK, boxed("menu item", "Save As…", new Rect(20, 110, 200, 24)), IN_FILE);
        List<Step> steps = ev.reduce();
        assertEquals(List.of("menu_select[File, Save As…] [menu item 'Save As…']"), describeAll(steps));
        Step s = steps.get(0);
        assertEquals(1, s.firstSeq()); // the first click's mouse_down
        assertEquals(4, s.lastSeq());
        assertEquals(Events.WALL0 + 1000, s.wall());
        assertEquals(List.of("application: LibreOffice", "frame: Untitled 1 - LibreOffice Writer", "menu bar", "menu: File"),
                s.target().path());
        assertEquals(new Rect(20, 110, 200, 24), s.target().bbox());
        assertEquals(6L, s.target().eventSeq());
    }

    @Test
    void threeLevelsOfMenusAreOneMenuSelect() {
        Events ev = writer();
        ev.at(1000).click(30, 40, 1).at(1600).click(60, 90, 1).at(2400).click(300, 90, 1);
        ev.a11y(1000, POINTER, 30, 40, OK, FILE, IN_BAR);
        ev.a11y(1600, POINTER, 60, 90, OK, RECENT, IN_FILE);
        ev.a11y(2400, POINTER, 300, 90, OK, node("menu item", "report.odt"), List.of(APP, FRAME, BAR, FILE, RECENT));
        assertEquals(List.of("menu_select[File, Recent Documents, report.odt] [menu item 'report.odt']"), describeAll(ev.reduce()));
    }

    @Test
    void theKeyboardThroughAMenuIsOneMenuSelect() {
        Events ev = writer();
        ev.a11y(500, FOCUS, 0, 0, OK, node("paragraph", null, "focused", "editable"), MAIN);
        ev.at(1000).alt("f");
        ev.a11y(1150, FOCUS, 0, 0, OK, node("menu item", "New"), IN_FILE);
        ev.at(1500).key("down");
        ev.a11y(1520, FOCUS, 0, 0, OK, node("menu item", "Open…"), IN_FILE);
        ev.at(1800).key("down");
        ev.a11y(1820, FOCUS, 0, 0, OK, node("menu item", "Save As…"), IN_FILE);
        ev.at(2200).key("enter");
        ev.a11y(2400, FOCUS, 0, 0, OK, node("text", "File name", "focused"), List.of(APP, node("dialog", "Save As")));
        ev.at(3000).typeKey("x", "x");
        List<Step> steps = ev.reduce();
        assertEquals(List.of("menu_select[File, Save As…] [menu item 'Save As…']", "type(\"x\") [text 'File name']"),
                describeAll(steps));
        assertEquals(2, steps.get(0).firstSeq()); // the alt key-down (after the first FOCUS read)
    }

    @Test
    void aMnemonicChoiceTakesTheItemFocusedBeforeTheMenuClosed() {
        Events ev = writer();
        ev.at(1000).alt("f");
        ev.a11y(1150, FOCUS, 0, 0, OK, node("menu item", "New"), IN_FILE);
        ev.at(1500).typeKey("a", "a");
        ev.a11y(1510, FOCUS, 0, 0, OK, node("menu item", "Save As…"), IN_FILE);
        ev.a11y(1600, FOCUS, 0, 0, OK, node("text", "File name"), List.of(APP, node("dialog", "Save As")));
        assertEquals(List.of("menu_select[File, Save As…] [menu item 'Save As…']"), describeAll(ev.reduce()));
        // the letter activated an item the reads never showed: the steps stay as they were
        Events unknown = writer();
        unknown.at(1000).alt("f");
        unknown.a11y(1150, FOCUS, 0, 0, OK, node("menu item", "New"), IN_FILE);
        unknown.at(1500).typeKey("a", "a");
        unknown.a11y(1600, FOCUS, 0, 0, OK, node("text", "File name"), List.of(APP, node("dialog", "Save As")));
        assertEquals(List.of("hotkey(alt+f)", "type(\"a\") [menu item 'New']"), describeAll(unknown.reduce()));
    }

    @Test
    void aCancelledMenuLeavesTheOrdinarySteps() {
        Events esc = writer();
        esc.at(1000).click(30, 40, 1).at(1500).key("escape");
        esc.a11y(1000, POINTER, 30, 40, OK, FILE, IN_BAR);
        esc.a11y(1020, FOCUS, 0, 0, OK, node("menu item", "New"), IN_FILE);
        assertEquals(List.of("click(30,40) [menu 'File']", "key(escape) [menu item 'New']"), describeAll(esc.reduce()));
        Events away = writer();
        away.at(1000).click(30, 40, 1).at(1600).click(600, 500, 1);
        away.a11y(1000, POINTER, 30, 40, OK, FILE, IN_BAR);
        away.a11y(1600, POINTER, 600, 500, OK, node("paragraph", null), MAIN);
        assertEquals(List.of("click(30,40) [menu 'File']", "click(600,500) [paragraph 'null']"), describeAll(away.reduce()));
    }

    @Test
    void nothingFoldsAcrossAMarkerAndTheResultIsDeterministic() throws Exception {
        Events ev = writer();
        ev.at(1000).click(30, 40, 1).at(1300).marker(dev.understudy.model.MarkerKind.values()[0]).at(1600).click(60, 120, 1);
        ev.a11y(1000, POINTER, 30, 40, OK, FILE, IN_BAR);
        ev.a11y(1600, POINTER, 60, 120, OK, node("menu item", "Save As…"), IN_FILE);
        List<Step> steps = ev.reduce();
        assertEquals(List.of("click(30,40) [menu 'File']", "menu_select[File, Save As…] [menu item 'Save As…']"), describeAll(steps));
        assertEquals(steps, ev.reduce());
        String json = Json.MAPPER.writeValueAsString(steps);
        assertEquals(steps, List.of(Json.MAPPER.readValue(json, Step[].class)));
    }

    // ------------------------------------------------------------------ combo boxes and lists

    @Test
    void aComboBoxOpenedAndChosenByMouseIsOneSelectOption() {
        Events ev = writer();
        ev.at(1000).click(430, 70, 1).at(1800).click(420, 200, 1);
        ev.a11y(1000, POINTER, 430, 70, OK, FONT_SIZE, List.of(APP, FRAME, TOOLBAR));
        ev.a11y(1800, POINTER, 420, 200, OK, boxed("list item", "14", new Rect(400, 190, 70, 20), "selected"), IN_SIZES);
        List<Step> steps = ev.reduce();
        assertEquals(List.of("select_option '14' [combo box 'Font Size']"), describeAll(steps));
        Step s = steps.get(0);
        assertEquals(1, s.firstSeq());
        assertEquals(new Rect(400, 60, 70, 24), s.target().bbox());
        assertEquals(List.of("application: LibreOffice", "frame: Untitled 1 - LibreOffice Writer", "tool bar: Formatting"),
                s.target().path());
        assertEquals(6L, s.target().eventSeq()); // the entry's read: its siblings are the other entries
        assertNull(((Action.SelectOption) s.action()).value());
    }

    @Test
    void aListInAPopupWindowOfItsOwnAfterItsOpenerIsOneSelectOptionOnTheNamedControl() {
        // LibreOffice's Font Size box: the dropdown button has no name, the list opens in a top-level
        // "window" not linked to the box in the tree
        Events ev = writer();
        ev.at(1000).click(565, 102, 1).at(1800).click(525, 338, 1);
        A11yNode sizePanel = new A11yNode("panel", "Font Size", null, List.of(), new Rect(482, 85, 101, 34), List.of());
        ev.a11y(1000, POINTER, 565, 102, OK, boxed("toggle button", null, new Rect(547, 85, 36, 34)),
                List.of(APP, FRAME, TOOLBAR, sizePanel, node("panel", null), node("filler", null)));
        ev.a11y(1800, POINTER, 525, 338, OK, boxed("table cell", "14 pt", new Rect(485, 328, 80, 21)),
                List.of(APP, node("window", null), node("panel", null), node("scroll pane", null), node("table", null)));
        List<Step> steps = ev.reduce();
        assertEquals(List.of("select_option '14 pt' [panel 'Font Size']"), describeAll(steps));
        assertEquals(1, steps.get(0).firstSeq(), "the opener's click is inside the step");
        assertEquals(new Rect(482, 85, 101, 34), steps.get(0).target().bbox());
    }

    @Test
    void anEntryOfAPopupWithoutAnOpenerJustBeforeStaysAClick() {
        Events ev = writer();
        ev.at(1000).click(100, 500, 1).at(1800).click(525, 338, 1);
        ev.a11y(1000, POINTER, 100, 500, OK, boxed("paragraph", null, new Rect(0, 400, 900, 200), "editable"), MAIN);
        ev.a11y(1800, POINTER, 525, 338, OK, boxed("table cell", "14 pt", new Rect(485, 328, 80, 21)),
                List.of(APP, node("window", null), node("table", null)));
        assertEquals(List.of("click", "click"), ev.reduce().stream().map(x -> x.action().type()).toList());
    }

    @Test
    void typingAfterAClickIntoAFieldIsGroundedInItWhenNoFocusReadCame() {
        // LibreOffice sends no focus event for a click into its document; its focus reads at start timed out
        Events ev = writer();
        ev.a11y(200, FOCUS, 0, 0, RawEvent.A11y.TIMEOUT, null, List.of());
        ev.at(1000).click(600, 400, 1);
        ev.a11y(1000, POINTER, 600, 400, OK, boxed("document text", "Report", new Rect(0, 147, 1207, 631), "editable"), MAIN);
        ev.at(1500);
        for (char c : "Quarterly".toCharArray()) ev.typeKey(String.valueOf(Character.toLowerCase(c)), String.valueOf(c));
        List<Step> steps = ev.reduce();
        Step typed = steps.stream().filter(x -> x.action() instanceof Action.TypeText).findFirst().orElseThrow();
        assertEquals("document text", typed.target().role());
        assertEquals("Report", typed.target().name());
    }

    @Test
    void aComboBoxChosenByKeyboardIsOneSelectOption() {
        Events ev = writer();
        ev.a11y(500, FOCUS, 0, 0, OK, FONT_SIZE, List.of(APP, FRAME, TOOLBAR));
        ev.at(1000).alt("down");
        ev.a11y(1200, FOCUS, 0, 0, OK, node("list item", "12", "selected"), IN_SIZES);
        ev.at(1500).key("down");
        ev.a11y(1520, FOCUS, 0, 0, OK, node("list item", "14", "selected"), IN_SIZES);
        ev.at(2000).key("enter");
        ev.a11y(2100, FOCUS, 0, 0, OK, FONT_SIZE, List.of(APP, FRAME, TOOLBAR));
        List<Step> steps = ev.reduce();
        assertEquals(List.of("select_option '14' [combo box 'Font Size']"), describeAll(steps));
        assertEquals(2, steps.get(0).firstSeq()); // alt+down's alt
    }

    @Test
    void aClickOnAListItemIsASelectOptionOfTheList() {
        Events ev = writer();
        ev.at(1000).click(200, 300, 1);
        ev.a11y(1000, POINTER, 200, 300, OK, node("list item", "Blue"), List.of(APP, node("dialog", "Colors"), node("list", "Palette")));
        assertEquals(List.of("select_option 'Blue' [list 'Palette']"), describeAll(ev.reduce()));
    }

    // ------------------------------------------------------------------ toggles

    @Test
    void aCheckBoxTakesItsCheckedStateFromTheStateRead() {
        Rect box = new Rect(100, 100, 16, 16);
        Events ev = writer();
        ev.at(1000).click(108, 108, 1);
        ev.a11y(1000, POINTER, 108, 108, OK, boxed("check box", "Bold", box, "checked"), MAIN);
        ev.a11y(1150, STATE, 0, 0, OK, boxed("check box", "Bold", box, "checked"), MAIN); // the app kept it checked
        assertEquals(List.of("click(108,108) [check box 'Bold' checked=true]"), describeAll(ev.reduce()));
    }

    @Test
    void aCheckBoxWithoutStateReadFlipsAndARadioButtonIsOn() {
        Events ev = writer();
        ev.at(1000).click(108, 108, 1).at(2000).click(208, 108, 1);
        ev.a11y(1000, POINTER, 108, 108, OK, boxed("check box", "Bold", new Rect(100, 100, 16, 16), "checked"), MAIN);
        ev.a11y(2000, POINTER, 208, 108, OK, boxed("radio button", "Portrait", new Rect(200, 100, 16, 16)), MAIN);
        assertEquals(List.of("click(108,108) [check box 'Bold' checked=false]", "click(208,108) [radio button 'Portrait' checked=true]"),
                describeAll(ev.reduce()));
    }

    @Test
    void spaceOnAFocusedCheckBoxToggles() {
        Events ev = writer();
        ev.a11y(500, FOCUS, 0, 0, OK, node("check box", "Italic", "focused"), MAIN);
        ev.at(1000).key("space");
        ev.a11y(1100, STATE, 0, 0, OK, node("check box", "Italic", "focused", "checked"), MAIN);
        assertEquals(List.of("key(space) [check box 'Italic' checked=true]"), describeAll(ev.reduce()));
    }
}
