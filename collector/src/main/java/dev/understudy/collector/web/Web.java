package dev.understudy.collector.web;

import static dev.understudy.collector.store.Store.getLong;
import static dev.understudy.collector.store.Store.one;
import static dev.understudy.collector.store.Store.query;
import static dev.understudy.collector.store.Store.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.collector.ApiException;
import dev.understudy.collector.api.Messages.ExemptionRequest;
import dev.understudy.collector.api.Wire;
import dev.understudy.collector.audit.AuditEntry;
import dev.understudy.collector.audit.AuditLog;
import dev.understudy.collector.crypto.Aead;
import dev.understudy.collector.enroll.Enrollment;
import dev.understudy.collector.erase.Erasure;
import dev.understudy.collector.govern.Accounts;
import dev.understudy.collector.govern.Actor;
import dev.understudy.collector.govern.Aggregates;
import dev.understudy.collector.govern.KAnonymity;
import dev.understudy.collector.govern.LoginThrottle;
import dev.understudy.collector.govern.Rights;
import dev.understudy.collector.govern.Rights.Endpoint;
import dev.understudy.collector.govern.Role;
import dev.understudy.collector.govern.WebSessions;
import dev.understudy.collector.govern.WebSessions.WebSession;
import dev.understudy.collector.policy.Policies;
import dev.understudy.collector.store.Metadata;
import dev.understudy.collector.store.Metadata.Device;
import dev.understudy.collector.store.Metadata.ExemptionRow;
import dev.understudy.collector.store.Metadata.PolicyRow;
import dev.understudy.collector.store.Metadata.SessionRow;
import dev.understudy.collector.upload.Uploads;
import dev.understudy.collector.web.Views.*;
import dev.understudy.export.ExportSession;
import dev.understudy.export.StepRecords;
import dev.understudy.export.ViewerWriter;
import dev.understudy.model.Step;
import dev.understudy.privacy.policy.PolicyException;
import dev.understudy.privacy.policy.PolicyLoader;
import dev.understudy.reduce.Reducer;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionReader;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The worker's portal ({@code /portal}), the admin console ({@code /console}), the privacy officer's page
 * ({@code /officer}) and the login, as server-rendered pages without scripts. Every route comes from
 * {@link Rights}: it checks who is asking (the session cookie), their role, and on every form the session's CSRF
 * token, before the handler runs. A worker's requests are scoped to their own person: an id of someone else's
 * session answers 404 as if it did not exist.
 */
public final class Web {
    private static final dev.understudy.privacy.redact.TextRedactor LABELS = dev.understudy.privacy.redact.TextRedactor.defaults();

    public static final String COOKIE = "understudy_session";
    public static final String LOGIN_COOKIE = "understudy_login";
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final Metadata md;
    private final Enrollment enrollment;
    private final Uploads uploads;
    private final Accounts accounts;
    private final WebSessions sessions;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final Erasure erasure;
    private final Aggregates aggregates;
    private final boolean tls;
    private final int k;

    public Web(Metadata md, Enrollment enrollment, Uploads uploads, AuditLog audit, Erasure erasure, boolean tls, int k) {
        this.md = md;
        this.enrollment = enrollment;
        this.uploads = uploads;
        this.accounts = new Accounts(md.store());
        this.sessions = new WebSessions(md.store());
        this.throttle = new LoginThrottle();
        this.audit = audit;
        this.erasure = erasure;
        this.aggregates = new Aggregates(md, uploads);
        this.tls = tls;
        this.k = KAnonymity.checkK(k);
    }

    @FunctionalInterface
    interface PageHandler {
        void handle(Context ctx, WebSession s) throws Exception;
    }

    public void install(JavalinConfig cfg) {
        var r = cfg.routes;
        route(cfg, Rights.LOGIN_PAGE, this::loginPage);
        route(cfg, Rights.LOGIN, this::login);
        route(cfg, Rights.LOGOUT, this::logout);
        route(cfg, Rights.PORTAL_ENTER, this::enter);
        route(cfg, Rights.PORTAL, this::portal);
        route(cfg, Rights.PORTAL_VIEW, this::view);
        route(cfg, Rights.PORTAL_DELETE, this::deleteSession);
        route(cfg, Rights.PORTAL_LABEL, this::label);
        route(cfg, Rights.PORTAL_DELETE_RANGE, this::deleteRange);
        route(cfg, Rights.PORTAL_EXPORT, this::export);
        route(cfg, Rights.PORTAL_EXEMPTION, this::requestExemption);
        route(cfg, Rights.PORTAL_PAUSE, this::pause);
        route(cfg, Rights.PORTAL_RESUME, this::resume);
        route(cfg, Rights.CONSOLE, this::fleet);
        route(cfg, Rights.CONSOLE_POLICY, this::policyPage);
        route(cfg, Rights.CONSOLE_POLICY_POST, this::policyPost);
        route(cfg, Rights.CONSOLE_EXEMPTIONS, this::exemptionsPage);
        route(cfg, Rights.CONSOLE_DECIDE, this::decide);
        route(cfg, Rights.CONSOLE_AGGREGATES, this::aggregatesPage);
        route(cfg, Rights.CONSOLE_DATASETS, this::datasetsPage);
        route(cfg, Rights.OFFICER, this::officerPage);
        route(cfg, Rights.OFFICER_ERASE, this::officerErase);
        r.get("/", ctx -> {
            secure(ctx);
            WebSession s = sessions.find(ctx.cookie(COOKIE));
            ctx.redirect(s == null ? "/login" : Rights.home(s.actor().role()), io.javalin.http.HttpStatus.SEE_OTHER);
        });
        // the device asks for a one-time portal link for its worker, with its own credential
        r.post(Wire.API + "/portal-link", ctx -> {
            Enrollment.Authed au = enrollment.authenticate(ctx.header("Authorization"));
            Device d = au.device();
            String secret = sessions.mintLink(d.person(), d.id());
            long expires = System.currentTimeMillis() + WebSessions.LINK_TTL.toMillis();
            String base = ctx.scheme() + "://" + ctx.host();
            ObjectNode n = Wire.MAPPER.createObjectNode().put("url", base + "/portal/enter?t=" + secret).put("expires_at", expires);
            ctx.status(201).contentType("application/json").result(n.toString());
        });
        r.exception(PageException.class, (e, ctx) -> page(ctx, e.status(), "error.jte", null, new Views.Error(e.status(), e.getMessage())));
    }

    private void route(JavalinConfig cfg, Endpoint ep, PageHandler h) {
        io.javalin.http.Handler handler = ctx -> {
            secure(ctx);
            WebSession s = null;
            if (!ep.open() || ep == Rights.LOGIN_PAGE) s = sessions.find(ctx.cookie(COOKIE));
            if (!ep.open()) {
                if (s == null) {
                    if (ep.method().equals("GET")) {
                        ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
                        return;
                    }
                    throw new PageException(401, "you are not logged in (or your session ended): log in again");
                }
                if (!ep.allows(s.actor().role())) {
                    throw new PageException(403, "a " + roleName(s.actor().role()) + " may not open this page");
                }
                if (ep.method().equals("POST")) checkCsrf(ctx, s.csrf());
            }
            h.handle(ctx, s);
        };
        if (ep.method().equals("GET")) cfg.routes.get(ep.path(), handler);
        else cfg.routes.post(ep.path(), handler);
    }

    static String roleName(Role r) {
        return switch (r) {
            case WORKER -> "worker";
            case ADMIN -> "admin";
            case OFFICER -> "privacy officer";
            case BUILDER -> "dataset builder";
            case DEVICE -> "device";
        };
    }

    private static void checkCsrf(Context ctx, String expected) {
        String got = form(ctx, "csrf");
        if (got == null || expected == null || !MessageDigest.isEqual(got.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            throw new PageException(403, "this form's CSRF token is missing or wrong: reload the page and submit it again");
        }
    }

    private static String form(Context ctx, String name) {
        try {
            return ctx.formParam(name);
        } catch (RuntimeException e) {
            throw new PageException(400, "the form could not be read");
        }
    }

    private static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-store");
    }

    private void setCookie(Context ctx, String name, String value, long maxAgeSeconds) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (tls ? "; Secure" : "")
                + "; Max-Age=" + maxAgeSeconds);
    }

    private Nav nav(WebSession s) {
        if (s == null) return new Nav(null, null, null, List.of());
        List<Link> links = switch (s.actor().role()) {
            case WORKER -> List.of(new Link("/portal", "My data"));
            case ADMIN -> List.of(new Link("/console", "Fleet"), new Link("/console/policy", "Policy"), new Link("/console/exemptions", "Exemptions"),
                    new Link("/console/aggregates", "Aggregates"), new Link("/console/datasets", "Datasets"));
            case OFFICER -> List.of(new Link("/officer", "Audit log and erasure"));
            case BUILDER -> List.of(new Link("/console/datasets", "Datasets"));
            case DEVICE -> List.of();
        };
        String who = s.actor().role() == Role.WORKER ? "worker " + s.actor().id().substring(0, Math.min(8, s.actor().id().length())) + "…"
                : roleName(s.actor().role()) + " " + s.actor().id();
        return new Nav(s.actor().role().wire(), who, s.csrf(), links);
    }

    private void page(Context ctx, int status, String template, WebSession s, Object view) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("nav", nav(s));
        p.put("v", view);
        String html = Templates.render(template, p);
        ctx.status(status).contentType("text/html; charset=utf-8").result(html);
    }

    static String time(Long ms) {
        return ms == null || ms == 0 ? "–" : TIME.format(Instant.ofEpochMilli(ms));
    }

    static String size(long b) {
        if (b < 1024) return b + " B";
        if (b < 1024 * 1024) return String.format(java.util.Locale.ROOT, "%.1f KiB", b / 1024.0);
        return String.format(java.util.Locale.ROOT, "%.1f MiB", b / 1048576.0);
    }

    private static String oneLine(String s, int max) {
        if (s == null) return null;
        String t = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return t.length() > max ? t.substring(0, max) : t;
    }

    // ================================================================= login

    private void loginPage(Context ctx, WebSession s) {
        String token = WebSessions.random();
        setCookie(ctx, LOGIN_COOKIE, token, 3600);
        page(ctx, 200, "login.jte", null, new Login(token, null, ""));
    }

    private void login(Context ctx, WebSession ignored) {
        String cookie = ctx.cookie(LOGIN_COOKIE);
        String token = form(ctx, "csrf");
        if (cookie == null || token == null || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw new PageException(403, "this form's CSRF token is missing or wrong: reload the login page and submit it again");
        }
        String name = oneLine(form(ctx, "name"), 100);
        String password = form(ctx, "password");
        if (name == null || name.isEmpty() || password == null) throw new PageException(400, "name and password are required");
        String ip = ctx.ip();
        long wait = throttle.wait(name, ip);
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString((wait + 999) / 1000));
            String fresh = WebSessions.random();
            setCookie(ctx, LOGIN_COOKIE, fresh, 3600);
            page(ctx, 429, "login.jte", null, new Login(fresh, "too many failed logins: try again in " + ((wait + 999) / 1000) + " s", name));
            return;
        }
        Accounts.Account a = accounts.verify(name, password.toCharArray());
        if (a == null) {
            throttle.failed(name, ip);
            String fresh = WebSessions.random();
            setCookie(ctx, LOGIN_COOKIE, fresh, 3600);
            page(ctx, 401, "login.jte", null, new Login(fresh, "wrong name or password", name));
            return;
        }
        throttle.succeeded(name);
        // no fixation: whatever session id the browser had is ended, and a new random one is made
        sessions.delete(ctx.cookie(COOKIE));
        Actor actor = new Actor(a.role(), a.name());
        WebSessions.Created c = sessions.create(actor, null);
        setCookie(ctx, COOKIE, c.cookie(), WebSessions.SESSION_TTL.toSeconds());
        setCookie(ctx, LOGIN_COOKIE, "", 0);
        audit.record(actor, "login", "account " + a.name());
        ctx.redirect(Rights.home(a.role()), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void logout(Context ctx, WebSession s) {
        sessions.delete(ctx.cookie(COOKIE));
        setCookie(ctx, COOKIE, "", 0);
        ctx.redirect("/login?out=1", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void enter(Context ctx, WebSession ignored) {
        String[] pd = sessions.redeem(ctx.queryParam("t"));
        if (pd == null) {
            throw new PageException(403, "this portal link is unknown, used or expired: run `understudy portal` on your computer for a new one");
        }
        sessions.delete(ctx.cookie(COOKIE));
        Actor actor = new Actor(Role.WORKER, pd[0]);
        WebSessions.Created c = sessions.create(actor, pd[1]);
        setCookie(ctx, COOKIE, c.cookie(), WebSessions.SESSION_TTL.toSeconds());
        ctx.redirect("/portal", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    // ================================================================= portal

    private static final Map<String, String> DONE = Map.of(
            "deleted", "The session was deleted: it is gone from this portal and erased from the collector.",
            "range", "The sessions in that time range were deleted and erased from the collector.",
            "none", "No session of yours falls in that time range.",
            "requested", "Your exemption request was sent to the admin.",
            "paused", "Capture is paused. Your computer learns it at its next sync with the collector (within about 6 minutes).",
            "resumed", "The pause is lifted. Your computer learns it at its next sync with the collector (within about 6 minutes).",
            "labelled", "The label was saved with the session.");

    private List<SessionRow> sessionsOfPerson(String person) {
        return md.store().tx(c -> query(c, Metadata::sessionRow, "SELECT * FROM sessions WHERE person = ? ORDER BY committed_at DESC, session", person));
    }

    private List<Device> devicesOfPerson(String person) {
        return md.store().tx(c -> query(c, Metadata::device, "SELECT * FROM devices WHERE person = ? ORDER BY created_at, id", person));
    }

    private List<ExemptionRow> exemptionsOfPerson(String person) {
        return md.exemptions().stream().filter(e -> e.person().equals(person)).toList();
    }

    private Map<String, String> decisions() {
        Map<String, String> m = new LinkedHashMap<>();
        md.store().tx(c -> query(c, rs -> m.put(rs.getString(1), rs.getString(2)), "SELECT id, decision_reason FROM exemptions WHERE decision_reason IS NOT NULL"));
        return m;
    }

    private Map<String, String> labelsOf(String person) {
        Map<String, String> m = new LinkedHashMap<>();
        md.store().tx(c -> query(c, rs -> m.put(rs.getString(1) + ":" + rs.getString(2), rs.getString(3)),
                "SELECT device, session, label FROM task_labels WHERE person = ?", person));
        return m;
    }

    static long[] span(SessionRow r) {
        try {
            JsonNode m = Wire.MAPPER.readTree(r.manifest());
            long start = m.path("start_wall").asLong(m.path("startWall").asLong(0));
            long end = m.path("end_wall").asLong(m.path("endWall").asLong(0));
            if (start == 0) start = r.committedAt();
            if (end < start) end = start;
            return new long[] {start, end};
        } catch (IOException e) {
            return new long[] {r.committedAt(), r.committedAt()};
        }
    }

    static String duration(long ms) {
        long s = ms / 1000;
        return s < 60 ? s + " s" : s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    private static ExemptionItem item(ExemptionRow e, Map<String, String> reasons, Map<String, String> teams) {
        return new ExemptionItem(e.id(), e.device(), teams.getOrDefault(e.device(), "–"), time(e.requestedAt()),
                e.hours() == null ? "until revoked" : e.hours() + " h", e.reason() == null ? "" : e.reason(), e.state(),
                reasons.getOrDefault(e.id(), ""), e.expiresAt() == null ? "–" : time(e.expiresAt()));
    }

    private void portal(Context ctx, WebSession s) {
        String person = s.actor().id();
        Map<String, String> labels = labelsOf(person);
        List<SessionItem> items = new ArrayList<>();
        for (SessionRow r : sessionsOfPerson(person)) {
            long[] sp = span(r);
            String base = "/portal/sessions/" + r.device() + "/" + r.session();
            items.add(new SessionItem(r.device(), r.session(), time(sp[0]), duration(sp[1] - sp[0]), size(r.bytes()),
                    labels.getOrDefault(r.device() + ":" + r.session(), ""), base, base + "/delete", base + "/label"));
        }
        List<Device> devices = devicesOfPerson(person);
        Map<String, String> teams = new LinkedHashMap<>();
        List<DeviceItem> dev = new ArrayList<>();
        for (Device d : devices) {
            teams.put(d.id(), d.team());
            dev.add(new DeviceItem(d.id(), d.team(), d.state(), time(d.createdAt()), d.policyVersion() == null ? "none yet" : "v" + d.policyVersion(),
                    time(d.lastSeen())));
        }
        Map<String, String> reasons = decisions();
        long now = System.currentTimeMillis();
        List<ExemptionRow> ex = exemptionsOfPerson(person);
        List<ExemptionItem> exItems = ex.stream().map(e -> item(e, reasons, teams)).toList();
        ExemptionRow pause = ex.stream().filter(e -> e.activeAt(now)).findFirst().orElse(null);
        Set<String> myTeams = new LinkedHashSet<>(teams.values());
        List<PolicyItem> inForce = new ArrayList<>();
        String yaml = null;
        for (String t : myTeams) {
            PolicyRow p = md.policyFor(t);
            if (p != null) {
                inForce.add(new PolicyItem("v" + p.version(), t, time(p.publishedAt()), p.sha256().substring(0, 12), null));
                if (yaml == null) yaml = p.yaml();
            }
        }
        List<PolicyItem> history = new ArrayList<>();
        for (PolicyRow p : md.policies()) {
            if (p.team() == null || myTeams.contains(p.team())) {
                history.add(0, new PolicyItem("v" + p.version(), p.team() == null ? "every team" : p.team(), time(p.publishedAt()), p.sha256().substring(0, 12), null));
            }
        }
        String latency = "Your computer asks the collector for its policy and exemptions every 5 minutes (± 20 %), and at start: a pause, an"
                + " approved exemption or a new policy reaches it within about 6 minutes while it is on and online; until then it records as before.";
        String done = ctx.queryParam("done");
        page(ctx, 200, "portal.jte", s, new Portal(person, done == null ? null : DONE.get(done), dev, items, exItems, inForce, yaml, history, latency,
                pause != null, pause == null ? null : pause.expiresAt() == null ? "until revoked" : time(pause.expiresAt())));
    }

    /** The worker's own session, or 404 as if it did not exist (never another person's). */
    private SessionRow own(Context ctx, WebSession s) {
        String device = ctx.pathParam("device");
        String session = ctx.pathParam("session");
        if (!device.matches("[0-9A-Za-z_-]{1,64}") || !session.matches(Wire.SESSION_ID)) throw new PageException(404, "no such session of yours");
        SessionRow r = md.store().tx(c -> md.session(c, device, session));
        if (r == null || !r.person().equals(s.actor().id())) throw new PageException(404, "no such session of yours");
        return r;
    }

    private void view(Context ctx, WebSession s) throws IOException {
        SessionRow r = own(ctx, s);
        audit.record(s.actor(), "session.view", "session " + r.device() + ":" + r.session() + " person " + r.person());
        Path tmp = Files.createTempDirectory("understudy-view");
        try {
            uploads.materialize(r, tmp);
            String html;
            try (DataDir dd = DataDir.at(tmp)) {
                SessionReader reader = dd.open(r.session());
                List<Step> steps = Reducer.reduce(reader.id(), reader.manifest(), reader.events());
                html = ViewerWriter.render(new ExportSession(reader.id(), reader.manifest(), steps, reader.frames(), reader.events()));
            }
            // the viewer's own script stays off here (CSP script-src none): the page reads without it
            ctx.status(200).contentType("text/html; charset=utf-8").result(html);
        } finally {
            Aggregates.deleteTree(tmp);
        }
    }

    private void forgetLocal(String device, String session) {
        md.store().tx(c -> {
            update(c, "DELETE FROM task_labels WHERE device = ? AND session = ?", device, session);
            update(c, "DELETE FROM session_stats WHERE device = ? AND session = ?", device, session);
            return null;
        });
    }

    private void deleteSession(Context ctx, WebSession s) {
        SessionRow r = own(ctx, s);
        erasure.eraseSession(s.actor(), r.device(), r.session(), "deleted by the worker in the portal");
        forgetLocal(r.device(), r.session());
        ctx.redirect("/portal?done=deleted", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    static long parseTime(String s, String what) {
        if (s == null || s.isBlank()) throw new PageException(400, what + " is required (yyyy-mm-ddThh:mm, UTC)");
        try {
            return LocalDateTime.parse(s.strip()).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new PageException(400, what + " is not a time like 2026-01-31T09:00 (UTC)");
        }
    }

    private void deleteRange(Context ctx, WebSession s) {
        long from = parseTime(form(ctx, "from"), "from");
        long to = parseTime(form(ctx, "to"), "to");
        if (to <= from) throw new PageException(400, "the range must end after it starts");
        int n = 0;
        for (SessionRow r : sessionsOfPerson(s.actor().id())) {
            long[] sp = span(r);
            if (sp[1] >= from && sp[0] < to) {
                erasure.eraseSession(s.actor(), r.device(), r.session(), "deleted by the worker in the portal (range " + time(from) + " to " + time(to) + ")");
                forgetLocal(r.device(), r.session());
                n++;
            }
        }
        ctx.redirect("/portal?done=" + (n == 0 ? "none" : "range"), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void label(Context ctx, WebSession s) {
        SessionRow r = own(ctx, s);
        String typed = oneLine(form(ctx, "label"), 500);
        if (typed == null || typed.isEmpty()) throw new PageException(400, "say in a few words what you were doing");
        // stored redacted, as a label given on the device is (a name or a number in it becomes its placeholder)
        String label = LABELS.redact(typed).text();
        long now = System.currentTimeMillis();
        md.store().tx(c -> {
            if (update(c, "UPDATE task_labels SET label = ?, labelled_at = ? WHERE device = ? AND session = ?", label, now, r.device(), r.session()) == 0) {
                update(c, "INSERT INTO task_labels (device, session, person, label, labelled_at) VALUES (?, ?, ?, ?, ?)", r.device(), r.session(),
                        r.person(), label, now);
            }
            return null;
        });
        audit.record(s.actor(), "session.label", "session " + r.device() + ":" + r.session());
        ctx.redirect("/portal?done=labelled", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private Device myDevice(WebSession s) {
        Device d = s.device() == null ? null : md.device(s.device());
        if (d == null || !d.person().equals(s.actor().id())) throw new PageException(409, "the device this portal was opened from is no longer enrolled");
        return d;
    }

    private void requestExemption(Context ctx, WebSession s) {
        Device d = myDevice(s);
        String reason = oneLine(form(ctx, "reason"), 2000);
        if (reason == null || reason.isEmpty()) throw new PageException(400, "say why you ask not to be recorded");
        String h = form(ctx, "hours");
        Integer hours = null;
        if (h != null && !h.isBlank()) {
            try {
                hours = Integer.parseInt(h.strip());
            } catch (NumberFormatException e) {
                throw new PageException(400, "hours must be a whole number (1 to 8784), or empty for until revoked");
            }
        }
        try {
            new Policies(md, null).request(d, new ExemptionRequest(reason, hours));
        } catch (ApiException e) {
            throw new PageException(400, e.getMessage());
        }
        ctx.redirect("/portal?done=requested", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void pause(Context ctx, WebSession s) {
        Device d = myDevice(s);
        int hours;
        try {
            hours = Integer.parseInt(String.valueOf(form(ctx, "hours")).strip());
        } catch (NumberFormatException e) {
            throw new PageException(400, "hours must be a whole number from 1 to 24");
        }
        if (hours < 1 || hours > 24) throw new PageException(400, "hours must be a whole number from 1 to 24");
        byte[] id = new byte[8];
        Aead.RANDOM.nextBytes(id);
        String eid = HexFormat.of().formatHex(id);
        long now = System.currentTimeMillis();
        // a pause is an exemption the worker grants themself: the device already stops capturing for an active one
        md.addExemption(new ExemptionRow(eid, d.id(), d.person(), "paused by the worker from the portal", hours, "pending", now, null, null));
        md.decideExemption(eid, true, now);
        md.store().tx(c -> update(c, "UPDATE exemptions SET decision_reason = ?, decided_by = ? WHERE id = ?", "your own pause", "worker", eid));
        ctx.redirect("/portal?done=paused", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void resume(Context ctx, WebSession s) {
        long now = System.currentTimeMillis();
        md.store().tx(c -> update(c, "UPDATE exemptions SET expires_at = ? WHERE person = ? AND decided_by = 'worker' AND state = 'approved'"
                + " AND (expires_at IS NULL OR expires_at > ?)", now, s.actor().id(), now));
        ctx.redirect("/portal?done=resumed", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void export(Context ctx, WebSession s) throws IOException {
        String person = s.actor().id();
        audit.record(s.actor(), "person.export", "person " + person);
        Path tmp = Files.createTempDirectory("understudy-export");
        try {
            ctx.status(200).contentType("application/zip").header("Content-Disposition", "attachment; filename=\"my-understudy-data.zip\"");
            OutputStream raw = ctx.res().getOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(raw)) {
                put(zip, "README.txt", ("Everything the collector holds about you (person " + person + "), made " + time(System.currentTimeMillis()) + ".\n"
                        + "sessions/DEVICE/SESSION/: each recorded session as uploaded (manifest, events, frames, redactions) and steps.jsonl,\n"
                        + "  the steps read from it; devices.json: your enrolled computers and the policy each runs (your consents);\n"
                        + "policies.json: the policies in force for your teams and their history; exemptions.json: your requests and\n"
                        + "their decisions; task-labels.json: your labels; audit.json: every recorded access to your data (who, when, what).\n")
                        .getBytes(StandardCharsets.UTF_8));
                for (SessionRow r : sessionsOfPerson(person)) {
                    Path into = tmp.resolve(r.device());
                    Path dir = uploads.materialize(r, into);
                    String prefix = "sessions/" + r.device() + "/" + r.session() + "/";
                    try (Stream<Path> files = Files.walk(dir)) {
                        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) put(zip, prefix + dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                    }
                    Path tiles = into.resolve("tiles");
                    if (Files.isDirectory(tiles)) try (Stream<Path> files = Files.walk(tiles)) {
                        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) put(zip, prefix + "tiles/" + tiles.relativize(f), Files.readAllBytes(f));
                    }
                    StringBuilder sb = new StringBuilder();
                    try (DataDir dd = DataDir.at(into)) {
                        SessionReader reader = dd.open(r.session());
                        for (Step st : Reducer.reduce(reader.id(), reader.manifest(), reader.events())) {
                            sb.append(StepRecords.step(r.session(), st, st.observation(), st.observationAfter(), new int[] {0, 0})).append('\n');
                        }
                    } catch (RuntimeException e) {
                        sb.append("{\"error\":\"the steps could not be read from this session\"}\n");
                    }
                    put(zip, prefix + "steps.jsonl", sb.toString().getBytes(StandardCharsets.UTF_8));
                    Aggregates.deleteTree(into);
                }
                ArrayNode devs = Wire.MAPPER.createArrayNode();
                Set<String> teams = new LinkedHashSet<>();
                for (Device d : devicesOfPerson(person)) {
                    teams.add(d.team());
                    devs.addObject().put("device", d.id()).put("team", d.team()).put("state", d.state()).put("enrolled_at", d.createdAt())
                            .put("policy_version_running", d.policyVersion()).put("agent_version", d.agentVersion()).put("os", d.os());
                }
                put(zip, "devices.json", pretty(devs));
                ArrayNode pols = Wire.MAPPER.createArrayNode();
                for (PolicyRow p : md.policies()) {
                    if (p.team() == null || teams.contains(p.team())) {
                        pols.addObject().put("version", p.version()).put("team", p.team()).put("published_at", p.publishedAt()).put("yaml", p.yaml());
                    }
                }
                put(zip, "policies.json", pretty(pols));
                Map<String, String> reasons = decisions();
                ArrayNode ex = Wire.MAPPER.createArrayNode();
                for (ExemptionRow e : exemptionsOfPerson(person)) {
                    ex.addObject().put("id", e.id()).put("device", e.device()).put("reason", e.reason()).put("hours", e.hours()).put("state", e.state())
                            .put("requested_at", e.requestedAt()).put("decided_at", e.decidedAt()).put("expires_at", e.expiresAt())
                            .put("decision_reason", reasons.get(e.id()));
                }
                put(zip, "exemptions.json", pretty(ex));
                ArrayNode labels = Wire.MAPPER.createArrayNode();
                md.store().tx(c -> query(c, rs -> labels.addObject().put("device", rs.getString("device")).put("session", rs.getString("session"))
                        .put("label", rs.getString("label")).put("labelled_at", rs.getLong("labelled_at")), "SELECT * FROM task_labels WHERE person = ?", person));
                put(zip, "task-labels.json", pretty(labels));
                ArrayNode au = Wire.MAPPER.createArrayNode();
                for (AuditEntry e : audit.about(person)) {
                    au.addObject().put("seq", e.seq()).put("at", e.at()).put("role", e.role()).put("actor", e.actor()).put("action", e.action())
                            .put("subject", e.subject());
                }
                put(zip, "audit.json", pretty(au));
            }
        } finally {
            Aggregates.deleteTree(tmp);
        }
    }

    private static byte[] pretty(JsonNode n) throws IOException {
        return Wire.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    // ================================================================= console

    private void fleet(Context ctx, WebSession s) {
        long dayAgo = System.currentTimeMillis() - 86_400_000L;
        List<FleetItem> items = new ArrayList<>();
        long active = 0, revoked = 0;
        for (Device d : md.devices()) {
            if (d.state().equals("active")) active++;
            else revoked++;
            PolicyRow cur = md.policyFor(d.team());
            String budget = d.uploadBudget() == null ? "no limit" : size(md.uploadedSince(d.id(), dayAgo)) + " of " + size(d.uploadBudget()) + " today";
            items.add(new FleetItem(d.id(), d.team(), d.state(), d.agentVersion() == null ? "–" : d.agentVersion(),
                    d.policyVersion() == null ? "–" : "v" + d.policyVersion(), cur == null ? "none" : "v" + cur.version(), time(d.lastSeen()),
                    d.backlogSessions() == null ? "–" : d.backlogSessions() + " sessions, " + size(d.backlogBytes() == null ? 0 : d.backlogBytes()), budget));
        }
        page(ctx, 200, "fleet.jte", s, new Fleet(items, active, revoked, null));
    }

    private List<PolicyItem> history() {
        List<PolicyItem> out = new ArrayList<>();
        for (PolicyRow p : md.policies()) {
            out.add(0, new PolicyItem("v" + p.version(), p.team() == null ? "every team" : p.team(), time(p.publishedAt()), p.sha256().substring(0, 12),
                    "/console/policy?version=" + p.version()));
        }
        return out;
    }

    private PolicyRow previous(String team) {
        return team == null ? md.store().tx(c -> one(c, rs -> new PolicyRow(rs.getLong("version"), rs.getString("team"), rs.getString("yaml"),
                rs.getString("sha256"), rs.getLong("published_at")), "SELECT * FROM policies WHERE team IS NULL ORDER BY version DESC LIMIT 1"))
                : md.policyFor(team);
    }

    private void policyPage(Context ctx, WebSession s) {
        String shown = ctx.queryParam("version");
        String shownYaml = null;
        List<DiffLine> diff = List.of();
        String against = null;
        if (shown != null) {
            long v;
            try {
                v = Long.parseLong(shown);
            } catch (NumberFormatException e) {
                throw new PageException(400, "version must be a number");
            }
            List<PolicyRow> all = md.policies();
            PolicyRow p = all.stream().filter(x -> x.version() == v).findFirst().orElseThrow(() -> new PageException(404, "no policy version " + v));
            shownYaml = p.yaml();
            PolicyRow before = all.stream().filter(x -> x.version() < v && java.util.Objects.equals(x.team(), p.team())).reduce((a, b) -> b).orElse(null);
            diff = Diff.lines(before == null ? "" : before.yaml(), p.yaml());
            against = before == null ? "nothing (first version for " + (p.team() == null ? "every team" : p.team()) + ")" : "v" + before.version();
        }
        PolicyRow cur = previous(null);
        String msg = ctx.queryParam("published") != null ? "Published version v" + oneLine(ctx.queryParam("published"), 20)
                + ". Devices pick it up at their next sync (within about 6 minutes)." : null;
        page(ctx, 200, "policy.jte", s, new PolicyPage(msg, null, "", cur == null ? "" : cur.yaml(), diff, against, history(), shown == null ? null : "v" + shown,
                shownYaml));
    }

    private void policyPost(Context ctx, WebSession s) {
        String yaml = form(ctx, "yaml");
        String team = oneLine(form(ctx, "team"), 100);
        if (team != null && team.isEmpty()) team = null;
        String action = form(ctx, "action");
        if (yaml == null) yaml = "";
        if (yaml.length() > 200_000) throw new PageException(413, "the policy is longer than 200 000 characters");
        if (team != null && !team.matches(Enrollment.TEAM)) {
            page(ctx, 400, "policy.jte", s, new PolicyPage(null, "team names are letters, digits, '.', '_' and '-' (up to 100)", team, yaml, List.of(), null,
                    history(), null, null));
            return;
        }
        PolicyRow before = previous(team);
        String error = null;
        try {
            PolicyLoader.parse(yaml, "the policy", null);
        } catch (PolicyException e) {
            error = oneLine(e.getMessage(), 300);
        } catch (RuntimeException e) {
            error = "the policy cannot be read: " + oneLine(e.getMessage(), 200);
        }
        List<DiffLine> diff = Diff.lines(before == null ? "" : before.yaml(), yaml);
        String against = before == null ? "nothing (no policy yet for " + (team == null ? "every team" : team) + ")" : "v" + before.version()
                + (before.team() == null ? " (every team)" : " (" + before.team() + ")");
        if (error != null || !"publish".equals(action)) {
            page(ctx, error == null ? 200 : 400, "policy.jte", s, new PolicyPage(error == null ? "The policy is valid. Check the changes below, then publish." : null,
                    error, team == null ? "" : team, yaml, diff, against, history(), null, null));
            return;
        }
        long v = Policies.publish(md, yaml, team);
        audit.record(s.actor(), "policy.publish", "policy v" + v + " team " + (team == null ? "every team" : team));
        ctx.redirect("/console/policy?published=" + v, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void exemptionsPage(Context ctx, WebSession s) {
        Map<String, String> teams = new LinkedHashMap<>();
        for (Device d : md.devices()) teams.put(d.id(), d.team());
        Map<String, String> reasons = decisions();
        List<ExemptionItem> pending = new ArrayList<>(), decided = new ArrayList<>();
        for (ExemptionRow e : md.exemptions()) {
            if (e.state().equals("pending")) pending.add(item(e, reasons, teams));
            else decided.add(0, item(e, reasons, teams));
        }
        String done = ctx.queryParam("done");
        page(ctx, 200, "exemptions.jte", s, new ExemptionsPage("approved".equals(done) ? "Approved: the device stops capturing at its next sync (within about 6 minutes)."
                : "denied".equals(done) ? "Denied: the worker sees your reason in their portal." : null, pending, decided));
    }

    private void decide(Context ctx, WebSession s) {
        String id = ctx.pathParam("id");
        String decision = form(ctx, "decision");
        String reason = oneLine(form(ctx, "reason"), 500);
        if (!"approve".equals(decision) && !"deny".equals(decision)) throw new PageException(400, "decision must be approve or deny");
        if (reason == null || reason.isEmpty()) throw new PageException(400, "give a reason: the worker sees it");
        ExemptionRow e = id.matches("[0-9a-f]{1,32}") ? md.exemption(id) : null;
        if (e == null) throw new PageException(404, "no exemption " + oneLine(id, 40));
        if (!e.state().equals("pending")) throw new PageException(409, "exemption " + id + " was decided already (" + e.state() + ")");
        boolean approve = decision.equals("approve");
        md.decideExemption(id, approve, System.currentTimeMillis());
        md.store().tx(c -> update(c, "UPDATE exemptions SET decision_reason = ?, decided_by = ? WHERE id = ?", reason, s.actor().id(), id));
        audit.record(s.actor(), approve ? "exemption.approve" : "exemption.deny", "exemption " + id + " device " + e.device());
        ctx.redirect("/console/exemptions?done=" + (approve ? "approved" : "denied"), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private static AggTable agg(String title, String unit, KAnonymity.Table t) {
        List<Row> rows = t.cells().stream().map(c -> new Row(c.key(), Long.toString(c.value()), c.persons() + "")).toList();
        return new AggTable(title, unit, rows, Long.toString(t.total()), t.withheld());
    }

    private void aggregatesPage(Context ctx, WebSession s) {
        Aggregates.Tables t = aggregates.tables(k);
        List<AggTable> tables = List.of(agg("Steps per app or site", "steps", t.stepsPerApp()), agg("Steps per team", "steps", t.stepsPerTeam()),
                agg("Steps per day", "steps", t.stepsPerDay()), agg("Steps per action type", "steps", t.stepsPerAction()),
                agg("Redactions per team", "redactions", t.redactionsPerTeam()));
        List<Row> rates = t.redactionRate().entrySet().stream().map(e -> new Row(e.getKey(), e.getValue(), "")).toList();
        page(ctx, 200, "aggregates.jte", s, new AggregatesPage(k, t.through(), tables, rates));
    }

    private void datasetsPage(Context ctx, WebSession s) {
        List<BuildItem> builds;
        boolean present = true;
        try {
            builds = md.store().tx(c -> query(c, rs -> new BuildItem(rs.getString("id"), time(rs.getLong("built_at")), rs.getString("engine"),
                    Long.toString(rs.getLong("sessions")), rs.getString("actor"),
                    getLong(rs, "stale_at") == null ? "" : "stale since " + time(getLong(rs, "stale_at")) + ": " + rs.getString("stale_reason")),
                    "SELECT * FROM dataset_builds ORDER BY built_at DESC"));
        } catch (RuntimeException e) {
            builds = List.of();
            present = false;
        }
        page(ctx, 200, "datasets.jte", s, new DatasetsPage(present, builds));
    }

    // ================================================================= officer

    private void officerPage(Context ctx, WebSession s) {
        List<AuditItem> items = audit.recent(200).stream().map(e -> new AuditItem(Long.toString(e.seq()), time(e.at()), e.role(), e.actor(), e.action(),
                e.subject())).toList();
        String done = ctx.queryParam("done");
        page(ctx, 200, "officer.jte", s, new OfficerPage("erased".equals(done) ? "The person was erased (data key destroyed, sessions tombstoned)." : null, items));
    }

    private void officerErase(Context ctx, WebSession s) {
        String person = oneLine(form(ctx, "person"), 100);
        String reason = oneLine(form(ctx, "reason"), 500);
        if (reason == null || reason.isEmpty()) throw new PageException(400, "give the request's reference or reason");
        try {
            erasure.erasePerson(s.actor(), person, reason);
        } catch (IllegalArgumentException e) {
            throw new PageException(400, oneLine(e.getMessage(), 300));
        }
        sessions.deleteAllOf(person);
        md.store().tx(c -> {
            update(c, "DELETE FROM task_labels WHERE person = ?", person);
            update(c, "DELETE FROM session_stats WHERE person = ?", person);
            return null;
        });
        ctx.redirect("/officer?done=erased", io.javalin.http.HttpStatus.SEE_OTHER);
    }
}
