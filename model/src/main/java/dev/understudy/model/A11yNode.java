package dev.understudy.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One element of an accessibility tree (AT-SPI on Linux) as the accessibility source read it.
 *
 * @param role the AT-SPI role name, lowercase with spaces as AT-SPI spells it: "push button",
 *     "menu item", "combo box", "check box", "password text", "table cell", "page tab"...
 * @param name the accessible name (redacted by the privacy gate before it is stored), or null
 * @param description the accessible description (redacted likewise), or null
 * @param states the states that matter for grounding and privacy, lowercase AT-SPI names, in this
 *     order when present: "focused", "checked", "selected", "expanded", "editable", "password"
 *     ("password" is not an AT-SPI state: it is set for the "password text" role, which is how
 *     GTK, Qt, LibreOffice and Chromium expose a password field), plus "disabled" when not enabled
 * @param bbox the element's box in global screen pixels (GTK 4's window-relative boxes already
 *     converted), or null when the toolkit gave none
 * @param children the pruned subtree below this node (depth- and size-capped), empty when none
 *     was kept
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record A11yNode(String role, String name, String description, List<String> states, Rect bbox, List<A11yNode> children) {
    public static final String FOCUSED = "focused";
    public static final String CHECKED = "checked";
    public static final String SELECTED = "selected";
    public static final String EXPANDED = "expanded";
    public static final String EDITABLE = "editable";
    public static final String PASSWORD = "password";
    public static final String DISABLED = "disabled";

    public A11yNode {
        states = states == null ? List.of() : List.copyOf(states);
        children = children == null ? List.of() : List.copyOf(children);
    }

    /** This node without its subtree (as ancestors are kept). */
    public A11yNode leaf() {
        return children.isEmpty() ? this : new A11yNode(role, name, description, states, bbox, List.of());
    }

    public A11yNode withName(String n, String d) {
        return new A11yNode(role, n, d, states, bbox, children);
    }

    public A11yNode withChildren(List<A11yNode> c) {
        return new A11yNode(role, name, description, states, bbox, c);
    }

    public boolean has(String state) {
        return states.contains(state);
    }

    /** A password field: typed text is a secret and its box is masked. */
    public boolean isPassword() {
        return has(PASSWORD) || "password text".equals(role);
    }
}
