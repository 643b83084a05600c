package dev.understudy.export;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import java.util.List;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PyAutoGuiTest {
    private final PyAutoGui norm = PyAutoGui.normalised();
    private final PyAutoGui abs = PyAutoGui.absolute();
    private final PyAutoGui mac = new PyAutoGui(PyAutoGui.Coords.NORMALISED, true);

    private String n(Action a) {
        return norm.code(a, Fixtures.XTERM, 1280, 800);
    }

    private String a(Action a) {
        return abs.code(a, Fixtures.XTERM, 1280, 800);
    }

    @Test
    void clicksNormalised() {
        assertEquals("pyautogui.click(x=0.5, y=0.5)", n(new Action.Click(640, 400)));
        assertEquals("pyautogui.click(x=0.3219, y=0.2913)", n(new Action.Click(412, 233)));
        assertEquals("pyautogui.doubleClick(x=0.3219, y=0.2913)", n(new Action.DoubleClick(412, 233)));
        assertEquals("pyautogui.tripleClick(x=0.0, y=1.0)", n(new Action.TripleClick(0, 800)));
        assertEquals("pyautogui.rightClick(x=0.25, y=0.75)", n(new Action.RightClick(320, 600)));
        assertEquals("pyautogui.middleClick(x=0.0078, y=0.0125)", n(new Action.MiddleClick(10, 10)));
    }

    @Test
    void keysHeldWithAPointerActionAreHeldAroundIt() {
        assertEquals("pyautogui.keyDown('ctrl')\npyautogui.click(x=640, y=400)\npyautogui.keyUp('ctrl')",
                a(new Action.Click(640, 400, List.of("ctrl"))));
        assertEquals("pyautogui.keyDown('ctrl')\npyautogui.keyDown('shift')\npyautogui.moveTo(x=100, y=100)\n"
                        + "pyautogui.dragTo(x=300, y=200, button='left')\npyautogui.keyUp('shift')\npyautogui.keyUp('ctrl')",
                a(new Action.Drag(100, 100, 300, 200, List.of(), List.of("ctrl", "shift"))));
        assertEquals("pyautogui.keyDown('ctrl')\npyautogui.scroll(1, x=500, y=300)\npyautogui.keyUp('ctrl')",
                a(new Action.Scroll(500, 300, 0, -1, List.of("ctrl"))));
        assertEquals("pyautogui.click(x=640, y=400)", a(new Action.Click(640, 400, List.of())));
    }

    @Test
    void normalisedCoordinatesAreClamped() {
        assertEquals("pyautogui.moveTo(x=0.5, y=0.5)\npyautogui.dragTo(x=1.0, y=0.0, button='left')",
                n(new Action.Drag(640, 400, 1500, -20, List.of())));
    }

    @Test
    void clicksAndDragAbsolute() {
        assertEquals("pyautogui.click(x=640, y=400)", a(new Action.Click(640, 400)));
        assertEquals("pyautogui.rightClick(x=3, y=4)", a(new Action.RightClick(3, 4)));
        assertEquals("pyautogui.moveTo(x=100, y=100)\npyautogui.dragTo(x=300, y=200, button='left')",
                a(new Action.Drag(100, 100, 300, 200, List.of())));
        assertEquals("pyautogui.scroll(-3, x=500, y=300)", a(new Action.Scroll(500, 300, 0, 3)));
    }

    @Test
    void scrollIsNegatedAndHorizontalUsesHscroll() {
        assertEquals("pyautogui.scroll(-3, x=0.5, y=0.5)", n(new Action.Scroll(640, 400, 0, 3)));
        assertEquals("pyautogui.scroll(2, x=0.5, y=0.5)", n(new Action.Scroll(640, 400, 0, -2)));
        assertEquals("pyautogui.hscroll(4, x=0.5, y=0.5)", n(new Action.Scroll(640, 400, 4, 0)));
        assertEquals("pyautogui.scroll(-1, x=0.5, y=0.5)\npyautogui.hscroll(-2, x=0.5, y=0.5)", n(new Action.Scroll(640, 400, -2, 1)));
    }

    @Test
    void keyboard() {
        assertEquals("pyautogui.write('hello')", n(new Action.TypeText("hello")));
        assertEquals("pyautogui.press('enter')", n(new Action.Key("enter")));
        assertEquals("pyautogui.press('escape')", n(new Action.Key("esc")));
        assertEquals("pyautogui.hotkey('ctrl', 'shift', 't')", n(new Action.Hotkey(List.of("ctrl", "shift", "t"))));
        assertEquals("pyautogui.hotkey('ctrl', 'shift', 't')", n(new Action.Hotkey(List.of("Ctrl", "SHIFT", "T"))));
        assertEquals("pyautogui.hotkey('win', 'e')", n(new Action.Hotkey(List.of("meta", "e"))));
        assertEquals("pyautogui.hotkey('command', 'e')", mac.code(new Action.Hotkey(List.of("meta", "e")), null, 1280, 800));
    }

    @Test
    void clipboardAndNavigate() {
        assertEquals("pyautogui.hotkey('ctrl', 'c')", n(new Action.Copy("x")));
        assertEquals("pyautogui.hotkey('ctrl', 'x')", n(new Action.Cut(null)));
        assertEquals("pyautogui.hotkey('ctrl', 'v')", n(new Action.Paste("x")));
        assertEquals("pyautogui.hotkey('command', 'v')", mac.code(new Action.Paste("x"), null, 1280, 800));
        assertEquals("pyautogui.hotkey('ctrl', 'l')\npyautogui.write('https://example.org/?a=\\'b\\'')\npyautogui.press('enter')",
                n(new Action.Navigate("https://example.org/?a='b'")));
    }

    @Test
    void nonPyautoguiActionsAreOneLineComments() {
        AppContext evil = new AppContext("evil", "Evil\nimport os", "t", 1, null, null);
        assertEquals("# switch_app: 'firefox'", norm.code(new Action.SwitchApp(), Fixtures.FIREFOX, 1280, 800));
        String c = norm.code(new Action.SwitchApp(), evil, 1280, 800);
        assertEquals("# switch_app: 'Evil\\nimport os'", c);
        assertFalse(c.contains("\n"), "no line break can escape the comment");
        assertEquals("# select_option: 'Large' value='l'", n(new Action.SelectOption("Large", "l")));
    }

    @Test
    void pythonStringEscaping() {
        assertEquals("'it\\'s'", PyAutoGui.pyString("it's"));
        assertEquals("'say \"hi\"'", PyAutoGui.pyString("say \"hi\""));
        assertEquals("'a\\nb\\r\\tc'", PyAutoGui.pyString("a\nb\r\tc"));
        assertEquals("'C:\\\\temp\\\\new'", PyAutoGui.pyString("C:\\temp\\new"));
        assertEquals("'grüße — 日本 😀'", PyAutoGui.pyString("grüße — 日本 😀"), "printable Unicode stays literal");
        assertEquals("'\\x00\\x1b\\x7f'", PyAutoGui.pyString("\u0000\u001b\u007f"));
        assertEquals("'\\u2028\\u2029'", PyAutoGui.pyString("\u2028\u2029"));
        assertEquals("'x\\ud83dy'", PyAutoGui.pyString("x\ud83dy"), "lone surrogate escaped");
        assertEquals("''", PyAutoGui.pyString(""));
        assertEquals("pyautogui.write('He said \"it\\'s\"\\nC:\\\\ ünï')",
                n(new Action.TypeText("He said \"it's\"\nC:\\ ünï")));
    }

    @Test
    void unknownFrameSizeKeepsAbsolute() {
        assertEquals("pyautogui.click(x=640, y=400)", norm.code(new Action.Click(640, 400), null, 0, 0));
    }
}
