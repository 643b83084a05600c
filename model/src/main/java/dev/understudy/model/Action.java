package dev.understudy.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * One agent-level action: one record per step type, named in JSON by {@code type} (the constants
 * below), e.g. {@code {"type":"click","x":412,"y":233}}. Consumers tell them apart by pattern
 * matching ({@code if (a instanceof Action.Drag d)}; pattern {@code switch} needs Java 21, and these
 * modules stay on 17 for Spark); {@link Pointer} and {@link ClipboardOp} group the ones that share
 * fields.
 *
 * <p>Pointer actions (clicks, drag, scroll) carry {@code modifiers}, the keys held with them
 * (ctrl+click, shift+click, shift+drag, ctrl+scroll), e.g. ["ctrl"]; empty (absent in JSON) when
 * none. All coordinates are pixels of the step's frame.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Action.Click.class, name = Action.CLICK),
    @JsonSubTypes.Type(value = Action.DoubleClick.class, name = Action.DOUBLE_CLICK),
    @JsonSubTypes.Type(value = Action.TripleClick.class, name = Action.TRIPLE_CLICK),
    @JsonSubTypes.Type(value = Action.RightClick.class, name = Action.RIGHT_CLICK),
    @JsonSubTypes.Type(value = Action.MiddleClick.class, name = Action.MIDDLE_CLICK),
    @JsonSubTypes.Type(value = Action.Drag.class, name = Action.DRAG),
    @JsonSubTypes.Type(value = Action.Scroll.class, name = Action.SCROLL),
    @JsonSubTypes.Type(value = Action.TypeText.class, name = Action.TYPE),
    @JsonSubTypes.Type(value = Action.Key.class, name = Action.KEY),
    @JsonSubTypes.Type(value = Action.Hotkey.class, name = Action.HOTKEY),
    @JsonSubTypes.Type(value = Action.SwitchApp.class, name = Action.SWITCH_APP),
    @JsonSubTypes.Type(value = Action.Copy.class, name = Action.COPY),
    @JsonSubTypes.Type(value = Action.Cut.class, name = Action.CUT),
    @JsonSubTypes.Type(value = Action.Paste.class, name = Action.PASTE),
    @JsonSubTypes.Type(value = Action.SelectOption.class, name = Action.SELECT_OPTION),
    @JsonSubTypes.Type(value = Action.Navigate.class, name = Action.NAVIGATE),
    @JsonSubTypes.Type(value = Action.MenuSelect.class, name = Action.MENU_SELECT),
})
public sealed interface Action {
    String CLICK = "click";
    String DOUBLE_CLICK = "double_click";
    String TRIPLE_CLICK = "triple_click";
    String RIGHT_CLICK = "right_click";
    String MIDDLE_CLICK = "middle_click";
    String DRAG = "drag";
    String SCROLL = "scroll";
    String TYPE = "type";
    String KEY = "key";
    String HOTKEY = "hotkey";
    String SWITCH_APP = "switch_app";
    String COPY = "copy";
    String CUT = "cut";
    String PASTE = "paste";
    String SELECT_OPTION = "select_option";
    String NAVIGATE = "navigate";
    String MENU_SELECT = "menu_select";

    /** The step type as the JSON names it: one of the constants above. */
    String type();

    /** The keys held with a {@link Pointer} action, e.g. ["ctrl"]; empty for the others. */
    default List<String> modifiers() {
        return List.of();
    }

    /** A point in frame pixels; JSON {@code [x, y]}. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    record Point(int x, int y) {}

    /** Actions at a point: the clicks, drag (its start point) and scroll, with the keys held. */
    sealed interface Pointer permits Click, DoubleClick, TripleClick, RightClick, MiddleClick, Drag, Scroll {
        int x();

        int y();

        /** Modifier keys held with the action, e.g. ["ctrl"]; empty when none. */
        List<String> modifiers();
    }

    /** copy, cut and paste. */
    sealed interface ClipboardOp permits Copy, Cut, Paste {
        /** The clipboard text as stored (redacted, capped), or null when it was not stored. */
        String text();

        /** Why the content was not stored ("owner not allowed", "password field"...), or null. */
        String withheld();
    }

    @JsonTypeName(CLICK)
    record Click(int x, int y, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> modifiers) implements Action, Pointer {
        public Click {
            modifiers = keys(modifiers);
        }

        public Click(int x, int y) {
            this(x, y, List.of());
        }

        @Override
        public String type() {
            return CLICK;
        }
    }

    @JsonTypeName(DOUBLE_CLICK)
    record DoubleClick(int x, int y, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> modifiers) implements Action, Pointer {
        public DoubleClick {
            modifiers = keys(modifiers);
        }

        public DoubleClick(int x, int y) {
            this(x, y, List.of());
        }

        @Override
        public String type() {
            return DOUBLE_CLICK;
        }
    }

    @JsonTypeName(TRIPLE_CLICK)
    record TripleClick(int x, int y, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> modifiers) implements Action, Pointer {
        public TripleClick {
            modifiers = keys(modifiers);
        }

        public TripleClick(int x, int y) {
            this(x, y, List.of());
        }

        @Override
        public String type() {
            return TRIPLE_CLICK;
        }
    }

    @JsonTypeName(RIGHT_CLICK)
    record RightClick(int x, int y, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> modifiers) implements Action, Pointer {
        public RightClick {
            modifiers = keys(modifiers);
        }

        public RightClick(int x, int y) {
            this(x, y, List.of());
        }

        @Override
        public String type() {
            return RIGHT_CLICK;
        }
    }

    @JsonTypeName(MIDDLE_CLICK)
    record MiddleClick(int x, int y, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> modifiers) implements Action, Pointer {
        public MiddleClick {
            modifiers = keys(modifiers);
        }

        public MiddleClick(int x, int y) {
            this(x, y, List.of());
        }

        @Override
        public String type() {
            return MIDDLE_CLICK;
        }
    }

    /**
     * A left-button drag from (x, y) to (toX, toY).
     *
     * @param path the pointer's way, thinned, start and end included
     */
    @JsonTypeName(DRAG)
    record Drag(int x, int y, @JsonProperty("to_x") int toX, @JsonProperty("to_y") int toY, List<Point> path,
                @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> modifiers) implements Action, Pointer {
        public Drag {
            path = path == null ? List.of() : List.copyOf(path);
            modifiers = keys(modifiers);
        }

        public Drag(int x, int y, int toX, int toY, List<Point> path) {
            this(x, y, toX, toY, path, List.of());
        }

        @Override
        public String type() {
            return DRAG;
        }
    }

    /** Wheel notches at (x, y); {@code dy > 0} scrolls down, {@code dx > 0} right. */
    @JsonTypeName(SCROLL)
    record Scroll(int x, int y, int dx, int dy, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> modifiers)
            implements Action, Pointer {
        public Scroll {
            modifiers = keys(modifiers);
        }

        public Scroll(int x, int y, int dx, int dy) {
            this(x, y, dx, dy, List.of());
        }

        @Override
        public String type() {
            return SCROLL;
        }
    }

    /** Text typed, backspace already applied. */
    @JsonTypeName(TYPE)
    record TypeText(String text) implements Action {
        @Override
        public String type() {
            return TYPE;
        }
    }

    /** A named key pressed alone, e.g. "enter" ({@link Keys}). */
    @JsonTypeName(KEY)
    record Key(String key) implements Action {
        @Override
        public String type() {
            return KEY;
        }
    }

    /** A chord: the held modifiers, then the key, e.g. ["ctrl","shift","t"]. */
    @JsonTypeName(HOTKEY)
    record Hotkey(List<String> keys) implements Action {
        public Hotkey {
            keys = keys == null ? List.of() : List.copyOf(keys);
        }

        @Override
        public String type() {
            return HOTKEY;
        }
    }

    /** Another window came to the front; the new app is the step's app. */
    @JsonTypeName(SWITCH_APP)
    record SwitchApp() implements Action {
        @Override
        public String type() {
            return SWITCH_APP;
        }
    }

    @JsonTypeName(COPY)
    record Copy(String text, String withheld) implements Action, ClipboardOp {
        public Copy(String text) {
            this(text, null);
        }

        @Override
        public String type() {
            return COPY;
        }
    }

    @JsonTypeName(CUT)
    record Cut(String text, String withheld) implements Action, ClipboardOp {
        public Cut(String text) {
            this(text, null);
        }

        @Override
        public String type() {
            return CUT;
        }
    }

    @JsonTypeName(PASTE)
    record Paste(String text, String withheld) implements Action, ClipboardOp {
        public Paste(String text) {
            this(text, null);
        }

        @Override
        public String type() {
            return PASTE;
        }
    }

    /**
     * A dropdown choice: the option's text and value (either may be unknown). In a web page the
     * field is the select or ARIA combobox; in a desktop app (accessibility targets) it is the
     * combo box or list box, the option its entry's name, the value null.
     */
    @JsonTypeName(SELECT_OPTION)
    record SelectOption(String option, String value) implements Action {
        @Override
        public String type() {
            return SELECT_OPTION;
        }
    }

    /** The page in the active tab changed to {@code url}. */
    @JsonTypeName(NAVIGATE)
    record Navigate(String url) implements Action {
        @Override
        public String type() {
            return NAVIGATE;
        }
    }

    /**
     * A menu entry chosen, by mouse or keyboard: {@code path} holds the names of the menus opened
     * below the menu bar, then the entry's, e.g. ["File", "Save As…"]; a context menu's entry is
     * just ["Copy"]. The step's target is the entry.
     */
    @JsonTypeName(MENU_SELECT)
    record MenuSelect(List<String> path) implements Action {
        public MenuSelect {
            path = path == null ? List.of() : List.copyOf(path);
        }

        @Override
        public String type() {
            return MENU_SELECT;
        }
    }

    private static List<String> keys(List<String> modifiers) {
        return modifiers == null ? List.of() : List.copyOf(modifiers);
    }
}
