package dev.understudy.collector.govern;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who may call which page of the portal and the console. This list is the code's side of the table
 * in docs/governance.md ("Rights"); the authorization matrix test checks every cell of that table
 * against the running server, for these pages and for {@code /api/v1}. Every page route is
 * registered from here, so a page without a row here does not exist.
 *
 * @see dev.understudy.collector.web.Web
 */
public final class Rights {
    private Rights() {}

    /** A page (or form target): method, Javalin path, and the roles that may call it; empty: anyone (login and links). */
    public record Endpoint(String method, String path, Set<Role> roles) {
        public boolean open() {
            return roles.isEmpty();
        }

        public boolean allows(Role r) {
            return roles.contains(r);
        }
    }

    private static Endpoint e(String method, String path, Role... roles) {
        return new Endpoint(method, path, roles.length == 0 ? Set.of() : EnumSet.copyOf(List.of(roles)));
    }

    public static final Endpoint LOGIN_PAGE = e("GET", "/login");
    public static final Endpoint LOGIN = e("POST", "/login");
    public static final Endpoint LOGOUT = e("POST", "/logout", Role.WORKER, Role.ADMIN, Role.OFFICER, Role.BUILDER);
    public static final Endpoint PORTAL_ENTER = e("GET", "/portal/enter");

    public static final Endpoint PORTAL = e("GET", "/portal", Role.WORKER);
    public static final Endpoint PORTAL_VIEW = e("GET", "/portal/sessions/{device}/{session}", Role.WORKER);
    public static final Endpoint PORTAL_DELETE = e("POST", "/portal/sessions/{device}/{session}/delete", Role.WORKER);
    public static final Endpoint PORTAL_LABEL = e("POST", "/portal/sessions/{device}/{session}/label", Role.WORKER);
    public static final Endpoint PORTAL_DELETE_RANGE = e("POST", "/portal/delete-range", Role.WORKER);
    public static final Endpoint PORTAL_EXPORT = e("GET", "/portal/export.zip", Role.WORKER);
    public static final Endpoint PORTAL_EXEMPTION = e("POST", "/portal/exemptions", Role.WORKER);
    public static final Endpoint PORTAL_PAUSE = e("POST", "/portal/pause", Role.WORKER);
    public static final Endpoint PORTAL_RESUME = e("POST", "/portal/resume", Role.WORKER);

    public static final Endpoint CONSOLE = e("GET", "/console", Role.ADMIN);
    public static final Endpoint CONSOLE_POLICY = e("GET", "/console/policy", Role.ADMIN);
    public static final Endpoint CONSOLE_POLICY_POST = e("POST", "/console/policy", Role.ADMIN);
    public static final Endpoint CONSOLE_EXEMPTIONS = e("GET", "/console/exemptions", Role.ADMIN);
    public static final Endpoint CONSOLE_DECIDE = e("POST", "/console/exemptions/{id}", Role.ADMIN);
    public static final Endpoint CONSOLE_AGGREGATES = e("GET", "/console/aggregates", Role.ADMIN);
    public static final Endpoint CONSOLE_DATASETS = e("GET", "/console/datasets", Role.ADMIN, Role.BUILDER);

    public static final Endpoint OFFICER = e("GET", "/officer", Role.OFFICER);
    public static final Endpoint OFFICER_ERASE = e("POST", "/officer/erase-person", Role.OFFICER);

    public static final List<Endpoint> PAGES = List.of(LOGIN_PAGE, LOGIN, LOGOUT, PORTAL_ENTER, PORTAL, PORTAL_VIEW, PORTAL_DELETE, PORTAL_LABEL,
            PORTAL_DELETE_RANGE, PORTAL_EXPORT, PORTAL_EXEMPTION, PORTAL_PAUSE, PORTAL_RESUME, CONSOLE, CONSOLE_POLICY, CONSOLE_POLICY_POST,
            CONSOLE_EXEMPTIONS, CONSOLE_DECIDE, CONSOLE_AGGREGATES, CONSOLE_DATASETS, OFFICER, OFFICER_ERASE);

    /** Where a role lands after login. */
    public static String home(Role r) {
        return switch (r) {
            case WORKER -> "/portal";
            case ADMIN -> "/console";
            case OFFICER -> "/officer";
            case BUILDER -> "/console/datasets";
            case DEVICE -> "/login";
        };
    }
}
