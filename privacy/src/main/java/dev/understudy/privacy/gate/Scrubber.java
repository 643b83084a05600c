package dev.understudy.privacy.gate;

import dev.understudy.model.AppContext;
import dev.understudy.model.browser.BrowserMessage;
import dev.understudy.privacy.redact.RedactionResult;
import dev.understudy.privacy.redact.TextRedactor;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Runs the text redactor over the text fields of events: window titles, URLs (path, query values
 * and fragment), clipboard text and every string of a browser message.
 */
public final class Scrubber {
    /** Query parameters whose values are credentials whatever they look like. */
    static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)(.*[_-])?(token|access_token|id_token|refresh_token|key|api_?key|secret|client_secret|password|passwd|pwd|pass|auth|"
                    + "authorization|code|session|sessionid|sid|sig|signature|credential|otp|ticket|saml(request|response)?|jwt)");

    private final TextRedactor redactor;

    public Scrubber(TextRedactor redactor) {
        this.redactor = redactor;
    }

    public String text(String s) {
        if (s == null || s.isEmpty()) return s;
        return redactor.redact(s).text();
    }

    public AppContext app(AppContext a) {
        if (a == null) return null;
        String t = text(a.title());
        String u = url(a.url());
        String l = text(a.label()); // a desktop entry's Name is anyone's to write
        if (java.util.Objects.equals(t, a.title()) && java.util.Objects.equals(u, a.url())
                && java.util.Objects.equals(l, a.label())) {
            return a;
        }
        return new AppContext(a.name(), a.windowClass(), t, a.pid(), a.bounds(), u, l);
    }

    /** A URL with personal data and credentials removed from its path, query values and fragment. */
    public String url(String url) {
        if (url == null || url.isEmpty()) return url;
        int hash = url.indexOf('#');
        String fragment = hash >= 0 ? url.substring(hash + 1) : null;
        String rest = hash >= 0 ? url.substring(0, hash) : url;
        int q = rest.indexOf('?');
        String query = q >= 0 ? rest.substring(q + 1) : null;
        String base = q >= 0 ? rest.substring(0, q) : rest;
        base = stripUserInfo(base);
        StringBuilder out = new StringBuilder(url.length());
        out.append(pathText(base));
        if (query != null) out.append('?').append(params(query));
        if (fragment != null) out.append('#').append(fragment.contains("=") ? params(fragment) : encodeSafe(text(decode(fragment)), fragment));
        return out.toString();
    }

    /** Drops "user:password@" from the authority. */
    static String stripUserInfo(String base) {
        int scheme = base.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int slash = base.indexOf('/', start);
        int end = slash < 0 ? base.length() : slash;
        int at = base.lastIndexOf('@', end - 1);
        if (at >= start) return base.substring(0, start) + "[SECRET]@" + base.substring(at + 1);
        return base;
    }

    private String pathText(String base) {
        String decoded = decode(base);
        RedactionResult r = redactor.redact(decoded);
        return r.changed() ? r.text().replace(" ", "%20") : base;
    }

    private String params(String query) {
        StringBuilder out = new StringBuilder(query.length());
        for (String pair : query.split("&", -1)) {
            if (out.length() > 0) out.append('&');
            int eq = pair.indexOf('=');
            if (eq < 0) {
                out.append(encodeSafe(text(decode(pair)), pair));
                continue;
            }
            String k = pair.substring(0, eq);
            String v = pair.substring(eq + 1);
            out.append(k).append('=');
            if (!v.isEmpty() && SECRET_PARAM.matcher(decode(k)).matches()) {
                out.append("[SECRET]");
            } else {
                out.append(encodeSafe(text(decode(v)), v));
            }
        }
        return out.toString();
    }

    /** The original (still encoded) text when redaction changed nothing, else the redacted text encoded. */
    private static String encodeSafe(String redacted, String original) {
        if (redacted.equals(decode(original))) return original;
        return URLEncoder.encode(redacted, StandardCharsets.UTF_8).replace("%5B", "[").replace("%5D", "]").replace("+", "%20");
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /**
     * A copy of a browser message with every string redacted: URL fields as URLs, everything else
     * as text; in a sensitive field (password input) form values are dropped ({@link BrowserRedaction}).
     */
    public BrowserMessage browserMessage(BrowserMessage message, boolean sensitive) {
        return message.redacted(new BrowserRedaction(this, sensitive));
    }
}
