package dev.understudy.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What an action was performed on.
 *
 * <p>JSON leaves out what is unknown (null fields, empty lists), so a target from the browser bridge
 * reads as it always did; the accessibility fields come after {@code event_seq}.
 *
 * @param source "dom" (browser extension), "a11y" (accessibility tree) or "none"
 * @param role the element's role: ARIA for "dom", the AT-SPI role name for "a11y" ("push button",
 *     "menu item", "combo box"...)
 * @param bbox bounding box in the pixels of the step's frame
 * @param eventSeq the sequence number of the raw event that described the element: for "dom" the
 *     browser event (its page snapshot and element details), for "a11y" the {@link RawEvent.A11y}
 *     read (its element's subtree, ancestors and siblings); else null
 * @param description the accessible description ("a11y"), or null
 * @param states the element's states as the read saw them ("focused", "checked", "selected",
 *     "expanded", "editable", "password", "disabled"); empty when unknown
 * @param path the element's ancestors, application first, parent last, each as "role: name", or the
 *     role alone when unnamed (e.g. ["application: LibreOffice", "frame: Untitled 1 - LibreOffice
 *     Writer", "menu bar", "menu: File"]); empty when unknown
 * @param checked for a toggle action (a check box, radio button, toggle button, check or radio menu
 *     item, page tab clicked or toggled with space): the state it set, true = checked/selected;
 *     null when the step toggled nothing
 * @param toolkit the application's toolkit and version as it names itself ("GTK 3.24.38"), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Target(String source, String role, String name, String tag, Rect bbox, String selector,
                     String xpath, String inputType, @JsonProperty("event_seq") Long eventSeq, String description,
                     @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> states,
                     @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> path, Boolean checked, String toolkit) {
    public static final Target NONE = new Target("none", null, null, null, null, null, null, null, null);
    public static final String DOM = "dom";
    public static final String A11Y = "a11y";

    public Target {
        states = states == null ? List.of() : List.copyOf(states);
        path = path == null ? List.of() : List.copyOf(path);
    }

    /** A target with its source event and no accessibility fields (the browser bridge's). */
    public Target(String source, String role, String name, String tag, Rect bbox, String selector, String xpath, String inputType,
                  Long eventSeq) {
        this(source, role, name, tag, bbox, selector, xpath, inputType, eventSeq, null, List.of(), List.of(), null, null);
    }

    /** A target without a source event. */
    public Target(String source, String role, String name, String tag, Rect bbox, String selector, String xpath, String inputType) {
        this(source, role, name, tag, bbox, selector, xpath, inputType, null);
    }

    /** An accessibility ("a11y") target. */
    public static Target a11y(String role, String name, String description, List<String> states, Rect bbox, List<String> path,
                              String toolkit, long eventSeq) {
        return new Target(A11Y, role, name, null, bbox, null, null, null, eventSeq, description, states, path, null, toolkit);
    }

    /** The same target with {@link #checked} set. */
    public Target withChecked(Boolean c) {
        return new Target(source, role, name, tag, bbox, selector, xpath, inputType, eventSeq, description, states, path, c, toolkit);
    }
}
