package dev.understudy.model.browser;

/**
 * How the strings of a browser message are redacted ({@link BrowserMessage#redacted}); the
 * privacy layer implements it. Every string of a message goes through exactly one method, chosen
 * by the field that holds it; a null string is passed as null.
 */
public interface Redaction {
    /** Free text (a title, a name, a selector...), redacted. */
    String text(String s);

    /** A URL (the page's, a frame's), redacted as a URL. */
    String url(String s);

    /** A form value (an option's text or value, a text box's text): redacted, or null to drop it. */
    String value(String s);

    /** An element attribute's value, by the attribute's name: redacted, or null to drop the attribute. */
    String attribute(String name, String value);
}
