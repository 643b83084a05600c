package dev.understudy.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One agent-level action. Which fields are set depends on {@link #type}:
 * <ul>
 *   <li>click, double_click, triple_click, right_click, middle_click: x, y</li>
 *   <li>drag: x, y (from), toX, toY, path (thinned [x,y] points, frame pixels)</li>
 *   <li>scroll: x, y, dx, dy (wheel notches; dy &gt; 0 scrolls down)</li>
 *   <li>type: text (backspace already applied)</li>
 *   <li>key: key (e.g. "enter"); hotkey: keys (e.g. ["ctrl","shift","t"])</li>
 *   <li>switch_app: (app is on the step); copy, cut, paste: text</li>
 *   <li>select_option: option, value; navigate: url</li>
 * </ul>
 * Pointer actions (clicks, drag, scroll) carry {@code modifiers} when keys were held with them
 * (ctrl+click, shift+click, shift+drag, ctrl+scroll), e.g. ["ctrl"]; absent otherwise.
 * All coordinates are pixels of the step's frame.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Action(
        String type,
        Integer x,
        Integer y,
        @JsonProperty("to_x") Integer toX,
        @JsonProperty("to_y") Integer toY,
        Integer dx,
        Integer dy,
        String text,
        String key,
        List<String> keys,
        String option,
        String value,
        String url,
        List<int[]> path,
        List<String> modifiers) {

    public static final String CLICK = "click";
    public static final String DOUBLE_CLICK = "double_click";
    public static final String TRIPLE_CLICK = "triple_click";
    public static final String RIGHT_CLICK = "right_click";
    public static final String MIDDLE_CLICK = "middle_click";
    public static final String DRAG = "drag";
    public static final String SCROLL = "scroll";
    public static final String TYPE = "type";
    public static final String KEY = "key";
    public static final String HOTKEY = "hotkey";
    public static final String SWITCH_APP = "switch_app";
    public static final String COPY = "copy";
    public static final String CUT = "cut";
    public static final String PASTE = "paste";
    public static final String SELECT_OPTION = "select_option";
    public static final String NAVIGATE = "navigate";

    public static Action point(String type, int x, int y) {
        return new Action(type, x, y, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public static Action drag(int x, int y, int toX, int toY, List<int[]> path) {
        return new Action(DRAG, x, y, toX, toY, null, null, null, null, null, null, null, null, path, null);
    }

    public static Action scroll(int x, int y, int dx, int dy) {
        return new Action(SCROLL, x, y, null, null, dx, dy, null, null, null, null, null, null, null, null);
    }

    public static Action type(String text) {
        return new Action(TYPE, null, null, null, null, null, null, text, null, null, null, null, null, null, null);
    }

    public static Action key(String key) {
        return new Action(KEY, null, null, null, null, null, null, null, key, null, null, null, null, null, null);
    }

    public static Action hotkey(List<String> keys) {
        return new Action(HOTKEY, null, null, null, null, null, null, null, null, List.copyOf(keys), null, null, null, null, null);
    }

    public static Action simple(String type) {
        return new Action(type, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public static Action clipboard(String op, String text) {
        return new Action(op, null, null, null, null, null, null, text, null, null, null, null, null, null, null);
    }

    public static Action selectOption(String option, String value) {
        return new Action(SELECT_OPTION, null, null, null, null, null, null, null, null, null, option, value, null, null, null);
    }

    public static Action navigate(String url) {
        return new Action(NAVIGATE, null, null, null, null, null, null, null, null, null, null, null, url, null, null);
    }

    /** This action with the modifier keys held during it (none: without). */
    public Action withModifiers(List<String> mods) {
        List<String> m = mods == null || mods.isEmpty() ? null : List.copyOf(mods);
        return new Action(type, x, y, toX, toY, dx, dy, text, key, keys, option, value, url, path, m);
    }

    public boolean hasPoint() {
        return x != null && y != null;
    }
}
