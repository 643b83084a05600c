package dev.understudy.model.browser;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A page element as the content script describes it (docs/browser.md, "What an element is
 * reported as"), never the value of a field. Everything but {@code tag} may be null.
 *
 * @param tag lower-case tag name
 * @param role the explicit ARIA role, else the tag's implicit one
 * @param name the accessible name
 * @param selector a CSS selector unique in the document
 * @param xpath an XPath from the nearest ancestor with a unique id, else absolute
 * @param type an input's type (text, password, checkbox...), or select / textarea
 * @param rect getBoundingClientRect() in the frame's CSS pixels
 * @param bbox the extension's estimate of the element's box in screen (device) pixels
 * @param sensitive true for a sensitive field
 * @param checked a checkbox's or radio button's state
 * @param node the element's number in the DOM snapshot (its backend_node_id attribute there)
 * @param attrs a few of its attributes, in the order the page gave them (empty is not null)
 */
public record Element(String tag, String role, String name, String selector, String xpath, String type, Box rect, Box bbox,
                      Boolean sensitive, Boolean checked, Long node, Map<String, String> attrs) {
    public Element {
        attrs = attrs == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(attrs));
    }

    public boolean isSensitive() {
        return Boolean.TRUE.equals(sensitive);
    }

    /** A copy with every string redacted; attributes by name (a form value may be dropped). */
    public Element redacted(Redaction r) {
        Map<String, String> a = null;
        if (attrs != null) {
            a = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : attrs.entrySet()) {
                String v = r.attribute(e.getKey(), e.getValue());
                if (v != null) a.put(e.getKey(), v);
            }
        }
        return new Element(r.text(tag), r.text(role), r.text(name), r.text(selector), r.text(xpath), r.text(type), rect, bbox,
                sensitive, checked, node, a);
    }
}
