package dev.understudy.model.browser;

/**
 * The option chosen in a {@link BrowserMessage.Select} message; each part may be null.
 *
 * @param text what the option shows
 * @param value its value
 * @param index a native select's selectedIndex (-1: none)
 */
public record Option(String text, String value, Integer index) {
    /** A copy whose text and value are form values: redacted, or dropped in a sensitive field. */
    public Option redacted(Redaction r) {
        return new Option(r.value(text), r.value(value), index);
    }
}
