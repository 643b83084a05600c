package dev.understudy.privacy.gate;

import dev.understudy.model.browser.Redaction;
import java.util.Locale;
import java.util.Set;

/**
 * The {@link Scrubber}'s rules for the strings of a browser message: URLs as URLs, everything else
 * as text; in a sensitive field (a password input has the focus) form values are dropped
 * outright: an option's text and value, a text box's text, and the attributes named like values.
 * An attribute named like a URL (href, src, ..._url) is redacted as one.
 */
final class BrowserRedaction implements Redaction {
    /** Attribute names that are form values: dropped outright in a sensitive field. */
    static final Set<String> VALUE_FIELDS = Set.of("value", "text", "typed", "input");

    private final Scrubber scrubber;
    private final boolean sensitive;

    BrowserRedaction(Scrubber scrubber, boolean sensitive) {
        this.scrubber = scrubber;
        this.sensitive = sensitive;
    }

    @Override
    public String text(String s) {
        return scrubber.text(s);
    }

    @Override
    public String url(String s) {
        return scrubber.url(s);
    }

    @Override
    public String value(String s) {
        return sensitive ? null : scrubber.text(s);
    }

    @Override
    public String attribute(String name, String value) {
        String k = name.toLowerCase(Locale.ROOT);
        if (sensitive && VALUE_FIELDS.contains(k)) return null;
        return isUrlField(k) ? scrubber.url(value) : scrubber.text(value);
    }

    static boolean isUrlField(String k) {
        return k.equals("url") || k.equals("href") || k.equals("src") || k.equals("referrer") || k.endsWith("_url")
                || k.endsWith("url") && k.length() <= 8;
    }
}
