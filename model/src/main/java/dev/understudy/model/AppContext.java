package dev.understudy.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The foreground application as the window system sees it.
 *
 * @param name process name (from /proc/PID/comm on Linux) or application name; what policies match
 * @param windowClass X11 WM_CLASS class part (e.g. "XTerm"), or the platform's equivalent
 * @param title window title
 * @param pid process id, 0 when unknown
 * @param bounds window bounds in global screen pixels, may be null
 * @param url the page URL when the app is a browser and the bridge told us, else null
 * @param label the name a person knows the app by (its desktop entry's Name, e.g. "Notes" for a Java
 *     app whose process is "java"), for descriptions only, never for policies; null when not
 *     known (traces recorded before it existed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppContext(String name, String windowClass, String title, long pid, Rect bounds, String url, String label) {

    public static final AppContext UNKNOWN = new AppContext("unknown", null, null, 0, null, null);

    /** Without a label, as before labels existed. */
    public AppContext(String name, String windowClass, String title, long pid, Rect bounds, String url) {
        this(name, windowClass, title, pid, bounds, url, null);
    }

    public AppContext withUrl(String newUrl) {
        return new AppContext(name, windowClass, title, pid, bounds, newUrl, label);
    }

    public AppContext withTitle(String newTitle) {
        return new AppContext(name, windowClass, newTitle, pid, bounds, url, label);
    }

    public AppContext withLabel(String newLabel) {
        return new AppContext(name, windowClass, title, pid, bounds, url, newLabel);
    }

    /** Same application window (ignores title and url changes). */
    public boolean sameWindowAs(AppContext o) {
        return o != null && pid == o.pid && java.util.Objects.equals(name, o.name)
                && java.util.Objects.equals(windowClass, o.windowClass);
    }
}
