package dev.understudy.collector;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.collector.WebClient.Page;
import dev.understudy.collector.admin.ServerAdmin;
import dev.understudy.collector.api.Messages.EnrollResponse;
import dev.understudy.collector.api.Wire;
import dev.understudy.collector.govern.Accounts;
import dev.understudy.collector.govern.Rights;
import dev.understudy.collector.govern.Role;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14 over HTTP: the rights table cell by cell, login, CSRF, fixation, brute force, IDOR, XSS, the portal and the console. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GovernanceTest {
    static final String A = Wire.API;
    static final String PW = "correct horse battery staple";
    static final String HOSTILE_TITLE = "Inbox <script>alert('title')</script>";
    static final String HOSTILE_URL = "https://evil.example/\"><img src=x onerror=alert('url')>";
    static final String HOSTILE_TYPED = "<b onmouseover=alert(1)>hi</b>";

    @TempDir static Path tmp;
    static CollectorServer server;
    static ServerAdmin admin;
    static TestClient client;
    static EnrollResponse alice;
    static EnrollResponse bob;
    static String aliceSession;
    static String aliceSpare;
    static String bobSession;

    @BeforeAll
    static void start() throws Exception {
        server = CollectorServer.start(ServerConfig.of(tmp.resolve("server")).withPort(0).withBind("127.0.0.1"));
        admin = ServerAdmin.open(tmp.resolve("server"));
        client = new TestClient(server.url(), server.fingerprint());
        Accounts acc = new Accounts(Store0.store(admin));
        acc.add("ada", Role.ADMIN, PW.toCharArray(), false);
        acc.add("olga", Role.OFFICER, PW.toCharArray(), false);
        acc.add("bea", Role.BUILDER, PW.toCharArray(), false);
        acc.add("target", Role.ADMIN, PW.toCharArray(), false);
        acc.add("fixed", Role.ADMIN, PW.toCharArray(), false);
        String token = admin.createEnrollToken("sales", Duration.ofHours(1));
        alice = client.enroll(token, "alice");
        bob = client.enroll(token, "bob");
        long t0 = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
        aliceSession = SessionFixture.write(tmp.resolve("alice"), "20260302-090000-a1ce", t0, "firefox", HOSTILE_TITLE, HOSTILE_URL, HOSTILE_TYPED);
        SessionFixture.upload(client, alice.credential(), tmp.resolve("alice"), aliceSession);
        aliceSpare = SessionFixture.write(tmp.resolve("alice2"), "20260303-090000-5a4e", t0 + 86_400_000L, "gedit", "notes", null, "spare");
        SessionFixture.upload(client, alice.credential(), tmp.resolve("alice2"), aliceSpare);
        bobSession = SessionFixture.write(tmp.resolve("bob"), "20260302-100000-b0b0", t0 + 3_600_000L, "xterm", "bob's secret terminal", null, "bobsecret");
        SessionFixture.upload(client, bob.credential(), tmp.resolve("bob"), bobSession);
    }

    @AfterAll
    static void stop() {
        if (admin != null) admin.close();
        if (server != null) server.close();
    }

    /** Access to the admin's store for test set-up (accounts). */
    static final class Store0 {
        static dev.understudy.collector.store.Store store(ServerAdmin a) throws Exception {
            var f = ServerAdmin.class.getDeclaredField("store");
            f.setAccessible(true);
            return (dev.understudy.collector.store.Store) f.get(a);
        }
    }

    WebClient web() throws Exception {
        return new WebClient(server.url(), server.fingerprint());
    }

    WebClient worker(EnrollResponse dev) throws Exception {
        Page link = deviceCall(dev.credential(), "POST", A + "/portal-link");
        assertEquals(201, link.status(), link.body());
        String url = Wire.MAPPER.readTree(link.body()).path("url").asText();
        assertTrue(url.startsWith(server.url() + "/portal/enter?t="), url);
        WebClient w = web();
        Page p = w.get(url);
        assertEquals(303, p.status(), p.body());
        assertEquals("/portal", p.location());
        return w;
    }

    Page deviceCall(String cred, String method, String path) throws Exception {
        WebClient w = web();
        w.bearer = cred;
        return w.send(method, path, null);
    }

    WebClient account(String name) throws Exception {
        WebClient w = web();
        Page p = w.login(name, PW);
        assertEquals(303, p.status(), p.body());
        return w;
    }

    static String csrfOf(WebClient w, String page) throws Exception {
        Page p = w.get(page);
        String c = p.csrf();
        assertNotNull(c, page + ": " + p.status() + " " + p.body());
        return c;
    }

    // ------------------------------------------------------------------ the rights table

    record Cell(String method, String path, Map<String, Boolean> allowed) {}

    static List<Cell> rightsTable() throws Exception {
        Path doc = Path.of("..", "docs", "governance.md");
        assertTrue(Files.exists(doc), "docs/governance.md is missing");
        List<Cell> out = new ArrayList<>();
        String[] roles = null;
        boolean inRights = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("### Rights")) inRights = true;
            else if (line.startsWith("#")) inRights = false;
            if (!inRights || !line.startsWith("|")) continue;
            String[] cols = line.split("\\|");
            if (cols[1].strip().equals("Endpoint")) {
                roles = new String[cols.length];
                for (int i = 2; i < cols.length; i++) roles[i] = cols[i].strip();
                continue;
            }
            if (cols[1].strip().startsWith("---")) continue;
            String ep = cols[1].strip().replace("`", "");
            String[] mp = ep.split(" ", 2);
            Map<String, Boolean> allowed = new LinkedHashMap<>();
            for (int i = 2; i < cols.length; i++) {
                String v = cols[i].strip();
                assertTrue(v.equals("✓") || v.equals("–"), "cell " + ep + "/" + roles[i] + " is neither ✓ nor –: " + v);
                allowed.put(roles[i], v.equals("✓"));
            }
            out.add(new Cell(mp[0], mp[1], allowed));
        }
        assertFalse(out.isEmpty(), "no rights table in docs/governance.md");
        return out;
    }

    @Test
    void theRightsTableNamesEveryEndpoint() throws Exception {
        List<String> rows = rightsTable().stream().map(c -> c.method() + " " + c.path()).toList();
        for (Rights.Endpoint e : Rights.PAGES) assertTrue(rows.contains(e.method() + " " + e.path()), "no row for page " + e);
        JsonNode api = Wire.MAPPER.readTree(GovernanceTest.class.getResourceAsStream("/dev/understudy/collector/http/openapi.json"));
        for (var it = api.path("paths").fields(); it.hasNext(); ) {
            var p = it.next();
            for (var m = p.getValue().fieldNames(); m.hasNext(); ) {
                String row = m.next().toUpperCase(java.util.Locale.ROOT) + " " + p.getKey();
                assertTrue(rows.contains(row), "no row for API endpoint " + row);
            }
        }
    }

    @Test
    void everyCellOfTheRightsTableHolds() throws Exception {
        Map<String, WebClient> who = new HashMap<>();
        for (String[] r : new String[][] {{"admin", "ada"}, {"officer", "olga"}, {"builder", "bea"}}) who.put(r[0], account(r[1]));
        who.put("worker", worker(alice));
        // an exemption id for /console/exemptions/{id}
        Page ex = deviceCall(alice.credential(), "POST", A + "/exemptions");
        String exemption = Wire.MAPPER.readTree(ex.body()).path("id").asText();
        List<String> failures = new ArrayList<>();
        for (Cell c : rightsTable()) {
            for (var cell : c.allowed().entrySet()) {
                String role = cell.getKey();
                boolean logout = c.path().equals("/logout");
                // logging out, and entering the portal (which replaces the browser's session), get a browser of their own
                if (c.path().equals("/portal/enter")) logout = true;
                WebClient w = switch (role) {
                    case "worker" -> logout ? worker(alice) : who.get("worker");
                    case "admin", "officer", "builder" -> logout ? account(Map.of("admin", "ada", "officer", "olga", "builder", "bea").get(role)) : who.get(role);
                    case "device", "nobody" -> web();
                    default -> throw new AssertionError("unknown role column " + role);
                };
                if (role.equals("device")) w.bearer = alice.credential();
                boolean api = c.path().startsWith("/api/");
                String path = c.path().replace("{device}", alice.deviceId())
                        .replace("{session}", api ? "no-such-session" : c.path().endsWith("/delete") ? "no-such-session" : aliceSession)
                        .replace("{id}", api ? "0".repeat(64) : exemption);
                if (c.path().equals("/portal/enter")) {
                    Page link = deviceCall(alice.credential(), "POST", A + "/portal-link");
                    path = Wire.MAPPER.readTree(link.body()).path("url").asText().substring(server.url().length());
                }
                Map<String, String> form = null;
                if (!api && !c.method().equals("GET")) {
                    form = new LinkedHashMap<>();
                    String csrf = w.cookies.containsKey("understudy_session") ? csrfOf(w, Rights.home(Role.valueOf(role.toUpperCase(java.util.Locale.ROOT)))) : null;
                    if (csrf != null) form.put("csrf", csrf);
                }
                Page p = w.send(c.method(), path, form);
                boolean refused = p.status() == 401 || p.status() == 403 && !c.path().equals("/login") || p.status() == 303 && "/login".equals(p.location());
                if (c.path().equals("/login") && c.method().equals("POST")) refused = p.status() == 401 && p.body().contains("CSRF") ? false : refused;
                boolean want = cell.getValue();
                if (want == refused) failures.add(c.method() + " " + c.path() + " as " + role + ": wanted " + (want ? "allowed" : "refused") + ", got "
                        + p.status() + " " + p.location() + " " + p.body().replaceAll("\\s+", " ").substring(0, Math.min(160, p.body().replaceAll("\\s+", " ").length())));
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    // ------------------------------------------------------------------ login, sessions, CSRF

    @Test
    void loginSetsAStrictHttpOnlySecureCookie() throws Exception {
        WebClient w = web();
        Page p = w.login("ada", PW);
        assertEquals(303, p.status());
        assertEquals("/console", p.location());
        String set = p.raw().headers().allValues("Set-Cookie").stream().filter(s -> s.startsWith("understudy_session=")).findFirst().orElseThrow();
        assertTrue(set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Secure"), set);
        Page console = w.get("/console");
        assertEquals(200, console.status());
        assertTrue(console.header("Content-Security-Policy").contains("default-src 'none'"));
        // a wrong password: one line, no stack trace
        Page bad = web().login("ada", "wrong password!!");
        assertEquals(401, bad.status());
        assertTrue(bad.body().contains("wrong name or password"));
        assertFalse(bad.body().contains("Exception"));
    }

    @Test
    void sessionFixation() throws Exception {
        // an attacker's own valid session id, planted in the victim's browser before login
        WebClient attacker = account("olga");
        String planted = attacker.cookies.get("understudy_session");
        WebClient victim = web();
        victim.cookies.put("understudy_session", planted);
        Page p = victim.login("fixed", PW);
        assertEquals(303, p.status());
        String after = victim.cookies.get("understudy_session");
        assertNotEquals(planted, after, "the session id must change at login");
        // the planted id does not reach the victim's account (and was ended)
        WebClient withPlanted = web();
        withPlanted.cookies.put("understudy_session", planted);
        assertEquals(303, withPlanted.get("/console").status());
        assertEquals("/login", withPlanted.get("/console").location());
        assertEquals(200, victim.get("/console").status());
        // an invented id is not adopted either
        WebClient invented = web();
        invented.cookies.put("understudy_session", "attacker-chosen-value");
        invented.login("fixed", PW);
        assertNotEquals("attacker-chosen-value", invented.cookies.get("understudy_session"));
    }

    @Test
    void csrf() throws Exception {
        WebClient w = account("ada");
        String yaml = "version: 1\nextends: default\nname: csrf probe\n";
        // no token, a wrong token, another session's token: refused, nothing published
        long before = admin.policyHistory().size();
        assertEquals(403, w.post("/console/policy", Map.of("yaml", yaml, "action", "publish")).status());
        assertEquals(403, w.post("/console/policy", Map.of("csrf", "forged", "yaml", yaml, "action", "publish")).status());
        String otherToken = csrfOf(account("ada"), "/console");
        Page cross = w.post("/console/policy", Map.of("csrf", otherToken, "yaml", yaml, "action", "publish"));
        assertEquals(403, cross.status());
        assertTrue(cross.body().contains("CSRF"), cross.body());
        assertEquals(before, admin.policyHistory().size());
        // the login form too
        WebClient fresh = web();
        fresh.get("/login");
        assertEquals(403, fresh.post("/login", Map.of("csrf", "forged", "name", "ada", "password", PW)).status());
        // the worker's delete
        WebClient wk = worker(alice);
        assertEquals(403, wk.post("/portal/sessions/" + alice.deviceId() + "/" + aliceSession + "/delete", Map.of()).status());
        assertNotNull(admin.find(alice.deviceId() + ":" + aliceSession));
    }

    @Test
    void bruteForceIsSlowed() throws Exception {
        WebClient w = web();
        for (int i = 0; i < 6; i++) assertEquals(401, w.login("target", "not the password " + i).status());
        Page locked = w.login("target", PW);
        assertEquals(429, locked.status(), "the right password during the lockout does not get in");
        assertTrue(locked.body().contains("too many failed logins"), locked.body());
        assertNotNull(locked.header("Retry-After"));
        assertFalse(w.cookies.containsKey("understudy_session"));
    }

    @Test
    void idor() throws Exception {
        WebClient a = worker(alice);
        String bobs = "/portal/sessions/" + bob.deviceId() + "/" + bobSession;
        Page view = a.get(bobs);
        assertEquals(404, view.status());
        assertFalse(view.body().contains("bobsecret") || view.body().contains("secret terminal"));
        // bob's session under alice's device id, and alice's device with bob's session
        assertEquals(404, a.get("/portal/sessions/" + alice.deviceId() + "/" + bobSession).status());
        String csrf = csrfOf(a, "/portal");
        assertEquals(404, a.post(bobs + "/delete", Map.of("csrf", csrf)).status());
        assertEquals(404, a.post(bobs + "/label", Map.of("csrf", csrf, "label", "x")).status());
        assertNotNull(admin.find(bob.deviceId() + ":" + bobSession), "bob's session is still there");
        assertFalse(a.get("/portal").body().contains(bobSession));
    }

    // ------------------------------------------------------------------ the portal

    @Test
    void portalShowsOwnSessionsInTheViewer() throws Exception {
        WebClient a = worker(alice);
        Page portal = a.get("/portal");
        assertEquals(200, portal.status());
        assertTrue(portal.body().contains(aliceSession));
        assertFalse(portal.body().contains(bobSession));
        Page viewer = a.get("/portal/sessions/" + alice.deviceId() + "/" + aliceSession);
        assertEquals(200, viewer.status(), viewer.body());
        assertTrue(viewer.body().contains("Recorded session"), viewer.body());
        assertTrue(admin.audit().about(alice.person()).stream().anyMatch(e -> e.action().equals("session.view")));
    }

    @Test
    void hostileRecordedTextRendersAsText() throws Exception {
        WebClient a = worker(alice);
        Page viewer = a.get("/portal/sessions/" + alice.deviceId() + "/" + aliceSession);
        String html = viewer.body();
        assertFalse(html.contains("<script>alert"), "a window title became a script");
        assertFalse(html.contains("<img src=x"), "a URL became markup");
        assertFalse(html.contains("<b onmouseover"), "typed text became markup");
        assertTrue(html.contains("&lt;script&gt;alert") || html.contains("&lt;script>alert"), "the title is shown as text: " + html.replaceAll("data:[^)\"]+", ""));
        assertTrue(viewer.header("Content-Security-Policy").contains("default-src 'none'"));
        // text typed into the pages: a label shown back to the worker, an exemption reason shown to the admin
        String csrf = csrfOf(a, "/portal");
        a.post("/portal/sessions/" + alice.deviceId() + "/" + aliceSession + "/label", Map.of("csrf", csrf, "label", "<script>alert('label')</script>"));
        String portal = a.get("/portal").body();
        // shown back inside a quoted value attribute (jte escapes its quotes), never as an element
        assertTrue(portal.matches("(?s).*value=\"[^\"]*script[^\"]*alert\\(&#39;label&#39;\\)[^\"]*\".*"), portal);
        assertFalse(portal.replaceAll("value=\"[^\"]*\"", "").toLowerCase(java.util.Locale.ROOT).contains("<script"), "no script element");
        a.post("/portal/exemptions", Map.of("csrf", csrf, "reason", "<img src=x onerror=alert('reason')>", "hours", "2"));
        String console = account("ada").get("/console/exemptions").body();
        assertFalse(console.contains("<img src=x"));
        assertTrue(console.contains("&lt;img src=x"));
    }

    @Test
    void accessZipHoldsMyDataAndNobodyElses() throws Exception {
        WebClient b = worker(bob);
        // someone read bob's data: it shows in his zip
        b.get("/portal/sessions/" + bob.deviceId() + "/" + bobSession);
        var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/portal/export.zip"))
                .header("Cookie", "understudy_session=" + b.cookies.get("understudy_session")).build();
        byte[] zip = b.http.send(req, java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        }
        String prefix = "sessions/" + bob.deviceId() + "/" + bobSession + "/";
        assertTrue(entries.containsKey(prefix + "manifest.json"), entries.keySet().toString());
        assertTrue(entries.containsKey(prefix + "steps.jsonl"));
        assertTrue(entries.keySet().stream().anyMatch(k -> k.startsWith(prefix + "events/")));
        assertTrue(entries.keySet().stream().anyMatch(k -> k.contains("frames") || k.contains("tiles/")));
        for (String f : List.of("devices.json", "policies.json", "exemptions.json", "task-labels.json", "audit.json", "README.txt")) assertTrue(entries.containsKey(f), f);
        assertTrue(entries.get("audit.json").contains("session.view"), entries.get("audit.json"));
        String all = String.join("\n", entries.keySet()) + String.join("\n", entries.values());
        assertFalse(all.contains(aliceSession) || all.contains(alice.deviceId()) || all.contains(alice.person()), "nothing of alice in bob's zip");
        assertTrue(entries.get(prefix + "steps.jsonl").contains("bobsecret") || entries.get(prefix + "steps.jsonl").contains("type"));
        assertTrue(admin.audit().about(bob.person()).stream().anyMatch(e -> e.action().equals("person.export")));
    }

    @Test
    void deleteRange() throws Exception {
        EnrollResponse carl = client.enroll(admin.createEnrollToken("ops", Duration.ofHours(1)), "carl");
        long t0 = Instant.parse("2026-04-01T08:00:00Z").toEpochMilli();
        String s1 = SessionFixture.write(tmp.resolve("carl1"), "20260401-080000-c001", t0, "gedit", "a", null, "one");
        SessionFixture.upload(client, carl.credential(), tmp.resolve("carl1"), s1);
        String s2 = SessionFixture.write(tmp.resolve("carl2"), "20260405-080000-c002", t0 + 4 * 86_400_000L, "gedit", "b", null, "two");
        SessionFixture.upload(client, carl.credential(), tmp.resolve("carl2"), s2);
        WebClient c = worker(carl);
        Page p = c.post("/portal/delete-range", Map.of("csrf", csrfOf(c, "/portal"), "from", "2026-04-01T00:00", "to", "2026-04-02T00:00"));
        assertEquals(303, p.status(), p.body());
        String portal = c.get("/portal").body();
        assertFalse(portal.contains(s1));
        assertTrue(portal.contains(s2));
        assertThrows(IllegalArgumentException.class, () -> admin.find(carl.deviceId() + ":" + s1));
        assertTrue(admin.erasure().tombstone(carl.deviceId(), s1).isPresent());
        Page bad = c.post("/portal/delete-range", Map.of("csrf", csrfOf(c, "/portal"), "from", "yesterday", "to", "2026-04-02T00:00"));
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("not a time"));
        assertFalse(bad.body().contains("Exception"));
    }

    @Test
    void pauseReachesTheDevicePolicy() throws Exception {
        EnrollResponse dana = client.enroll(admin.createEnrollToken("ops", Duration.ofHours(1)), "dana");
        WebClient d = worker(dana);
        assertTrue(d.get("/portal").body().contains("every 5 minutes"), "the page says the latency");
        assertEquals(303, d.post("/portal/pause", Map.of("csrf", csrfOf(d, "/portal"), "hours", "2")).status());
        Page pol = deviceCall(dana.credential(), "GET", A + "/policy");
        assertEquals(200, pol.status(), pol.body());
        JsonNode payload = Wire.MAPPER.readTree(Wire.MAPPER.readTree(pol.body()).path("payload").asText());
        assertTrue(payload.path("exempt").asBoolean(), payload.toString());
        assertEquals(303, d.post("/portal/resume", Map.of("csrf", csrfOf(d, "/portal"))).status());
        Page after = deviceCall(dana.credential(), "GET", A + "/policy");
        assertTrue(after.status() == 204 || !Wire.MAPPER.readTree(Wire.MAPPER.readTree(after.body()).path("payload").asText()).path("exempt").asBoolean());
        assertEquals(400, d.post("/portal/pause", Map.of("csrf", csrfOf(d, "/portal"), "hours", "99")).status());
    }

    // ------------------------------------------------------------------ the console

    @Test
    void fleetShowsNoPersonAndNoContent() throws Exception {
        String fleet = account("ada").get("/console").body();
        assertTrue(fleet.contains(alice.deviceId()));
        assertFalse(fleet.contains(alice.person()), "no person on the fleet page");
        assertFalse(fleet.contains(aliceSession) || fleet.contains("secret terminal"), "no session, no content");
        // aggregates over 2 or 3 people: nothing is published (k = 10), not even the apps' names
        Page agg = account("ada").get("/console/aggregates");
        assertEquals(200, agg.status(), agg.body());
        assertTrue(agg.body().contains("fewer than 10 people"));
        assertFalse(agg.body().contains("xterm") || agg.body().contains("evil.example") || agg.body().contains("gedit"), agg.body());
    }

    static long cell(String html, String table, String key) {
        int at = html.indexOf("<h2>" + table + "</h2>");
        String part = html.substring(at, html.indexOf("<h2>", at + 5));
        Matcher m = Pattern.compile("<tr><td>" + Pattern.quote(key) + "</td><td class=\"num\">(\\d+)</td>").matcher(part);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static long total(String html, String table) {
        int at = html.indexOf("<h2>" + table + "</h2>");
        String part = html.substring(at, html.indexOf("<h2>", at + 5));
        Matcher m = Pattern.compile("Total of the rows shown</th><th class=\"num\">(\\d+)</th>").matcher(part);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    @Test
    void aggregatesResistTheSubtractionAttack() throws Exception {
        // a server of its own: 22 people of one team typed on a closed day, 11 in a mail app and 11 in an office app;
        // one of the mail users (the target) also visited a job-search site, alone
        try (CollectorServer own = CollectorServer.start(ServerConfig.of(tmp.resolve("kserver")).withPort(0).withBind("127.0.0.1").withKAnonymity(10));
             ServerAdmin kadmin = ServerAdmin.open(tmp.resolve("kserver"))) {
            TestClient kc = new TestClient(own.url(), own.fingerprint());
            kadmin.accounts().add("kada", Role.ADMIN, PW.toCharArray(), false);
            String token = kadmin.createEnrollToken("kteam", Duration.ofHours(1));
            long day = Instant.parse("2026-05-04T10:00:00Z").toEpochMilli();
            for (int i = 0; i < 22; i++) {
                EnrollResponse p = kc.enroll(token, "kperson" + i);
                Path root = tmp.resolve("k" + i);
                String id = SessionFixture.write(root, String.format("20260504-1000%02d-0a%02d", i, i), day + i * 1000, i < 11 ? "thunderbird" : "libreoffice",
                        "work", null, "abc");
                SessionFixture.upload(kc, p.credential(), root, id);
                if (i == 0) {
                    Path r2 = tmp.resolve("k-target");
                    String id2 = SessionFixture.write(r2, "20260504-110000-0b00", day + 3_600_000L, "chromium", "Jobs", "https://jobs.example/apply", "my cv");
                    SessionFixture.upload(kc, p.credential(), r2, id2);
                }
            }
            WebClient w = new WebClient(own.url(), own.fingerprint());
            assertEquals(303, w.login("kada", PW).status());
            String html = w.get("/console/aggregates").body();
            assertEquals(-1, cell(html, "Steps per app or site", "jobs.example"), "one person's site is never shown");
            assertFalse(html.contains("jobs.example"));
            // primary suppression alone would publish both apps of 11 people: then team total - app total = the target's steps.
            // Complementary suppression withholds one of them with the site, so the withheld remainder covers 11 people.
            long mail = cell(html, "Steps per app or site", "thunderbird");
            long office = cell(html, "Steps per app or site", "libreoffice");
            assertTrue((mail == -1) != (office == -1), "exactly one of the two apps is withheld with the site: " + html);
            long team = cell(html, "Steps per team", "kteam");
            assertTrue(team > 0, html);
            // the subtraction attack yields the withheld app and the site together: 11 people, not one
            long attack = total(html, "Steps per team") - total(html, "Steps per app or site");
            assertTrue(attack > 0 && attack == team - Math.max(mail, office), "the difference is the whole withheld remainder (" + attack + ")");
            assertTrue(html.contains("<td class=\"num\">11</td>"), "the office app covers 11 people");
        }
    }

    @Test
    void policyEditor() throws Exception {
        WebClient w = account("ada");
        String csrf = csrfOf(w, "/console/policy");
        Page bad = w.post("/console/policy", Map.of("csrf", csrf, "yaml", "version: 1\nextends: default\nbogus_key: 3\n", "action", "publish"));
        assertEquals(400, bad.status());
        Matcher m = Pattern.compile("<p class=\"err\" id=\"error\">([^<]*)</p>").matcher(bad.body());
        assertTrue(m.find(), bad.body());
        assertFalse(m.group(1).contains("\n"));
        String v1 = "version: 1\nextends: default\nname: editor one\nreview_hours: 0\n";
        assertEquals(303, w.post("/console/policy", Map.of("csrf", csrf, "yaml", v1, "team", "sales", "action", "publish")).status());
        String v2 = "version: 1\nextends: default\nname: editor two\nreview_hours: 0\n";
        Page check = w.post("/console/policy", Map.of("csrf", csrf, "yaml", v2, "team", "sales", "action", "check"));
        assertEquals(200, check.status(), check.body());
        assertTrue(check.body().contains("class=\"del\">- name: editor one"), check.body());
        assertTrue(check.body().contains("class=\"add\">+ name: editor two"));
        assertTrue(admin.audit().recent(50).stream().anyMatch(e -> e.action().equals("policy.publish") && e.actor().equals("ada")));
        Page hist = w.get("/console/policy");
        assertTrue(hist.body().contains("sales"));
    }
}
