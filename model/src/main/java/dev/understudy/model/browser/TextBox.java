package dev.understudy.model.browser;

/**
 * One visible text of a {@link BrowserMessage.PageScan} (a text node, or a non-sensitive field's
 * value) and its box in screen pixels.
 *
 * @param text the text; empty (or null) for a sensitive field
 * @param sensitive true: a sensitive field or text under [data-private], to be covered whole; or null
 */
public record TextBox(String text, double x, double y, double w, double h, Boolean sensitive) {
    /** A copy whose text is a form value: redacted, or dropped in a sensitive field. */
    public TextBox redacted(Redaction r) {
        return new TextBox(r.value(text), x, y, w, h, sensitive);
    }

    public boolean isSensitive() {
        return Boolean.TRUE.equals(sensitive);
    }
}
