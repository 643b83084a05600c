package dev.understudy.capture.a11y;

/**
 * AT-SPI role names by role number (AtspiRole), lowercase with spaces as AT-SPI's own
 * atspi_role_get_name spells them. The number (GetRole) is what every toolkit agrees on; the name a
 * toolkit sends (GetRoleName) is not: GTK 4 says "button" for a push button and "group" for a
 * panel. Numbers past the table fall back to GetRoleName.
 */
final class AtspiRoles {
    private static final String[] NAMES = {
        "invalid", "accelerator label", "alert", "animation", "arrow", "calendar", "canvas", "check box",
        "check menu item", "color chooser", "column header", "combo box", "date editor", "desktop icon",
        "desktop frame", "dial", "dialog", "directory pane", "drawing area", "file chooser", "filler",
        "focus traversable", "font chooser", "frame", "glass pane", "html container", "icon", "image",
        "internal frame", "label", "layered pane", "list", "list item", "menu", "menu bar", "menu item",
        "option pane", "page tab", "page tab list", "panel", "password text", "popup menu", "progress bar",
        "push button", "radio button", "radio menu item", "root pane", "row header", "scroll bar",
        "scroll pane", "separator", "slider", "spin button", "split pane", "status bar", "table",
        "table cell", "table column header", "table row header", "tearoff menu item", "terminal", "text",
        "toggle button", "tool bar", "tool tip", "tree", "tree table", "unknown", "viewport", "window",
        "extended", "header", "footer", "paragraph", "ruler", "application", "autocomplete", "editbar",
        "embedded", "entry", "chart", "caption", "document frame", "heading", "page", "section",
        "redundant object", "form", "link", "input method window", "table row", "tree item",
        "document spreadsheet", "document presentation", "document text", "document web", "document email",
        "comment", "list box", "grouping", "image map", "notification", "info bar", "level bar", "title bar",
        "block quote", "audio", "video", "definition", "article", "landmark", "log", "marquee", "math",
        "rating", "timer", "static", "math fraction", "math root", "subscript", "superscript",
    };

    private AtspiRoles() {}

    /** The name of a role number, or null when it is not in the table. */
    static String name(long role) {
        return role > 0 && role < NAMES.length ? NAMES[(int) role] : null;
    }
}
