package dev.understudy.e2e.collector;

import static dev.understudy.e2e.collector.CollectorHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.collector.admin.ServerAdmin;
import dev.understudy.demo.Processes;
import dev.understudy.demo.ServerProcess;
import dev.understudy.e2e.Cli;
import dev.understudy.privacy.policy.PolicyLoader;
import dev.understudy.uploader.CollectorLink;
import dev.understudy.uploader.PolicySync;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The worker's portal and the admin console in a real Chromium, driven by Selenium (Debian's chromium-driver),
 * against a collector running as its own process (`understudy serve`), with devices enrolled and uploading through
 * the command line. Saves the screenshots of docs/governance.md (docs/img).
 */
@Tag("e2e")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class PortalAndConsoleBrowserTest {
    static final String PW = "a long admin password";
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path IMG = Path.of("..", "docs", "img");

    @TempDir static Path tmp;
    static Path server;
    static ServerProcess srv;
    static int seed = 100;
    WebDriver driver;
    WebDriverWait wait;

    static Path chromium() {
        for (String c : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) if (Files.isExecutable(Path.of(c))) return Path.of(c);
        return null;
    }

    @BeforeAll
    static void start() throws Exception {
        if (chromium() == null || !Files.isExecutable(CHROMEDRIVER)) {
            if (System.getenv("UNDERSTUDY_SKIP_BROWSER_TESTS") != null) Assumptions.abort("no Chromium or chromedriver; UNDERSTUDY_SKIP_BROWSER_TESTS is set");
            fail("these tests need Chromium and its driver: sudo apt-get install chromium chromium-driver (./understudy test installs them)");
        }
        server = tmp.resolve("server");
        srv = ServerProcess.start(server, ServerProcess.freePort());
        // `admin user add` with the password on stdin, as an admin runs it
        List<String> cmd = Processes.javaCommand("dev.understudy.cli.Main");
        cmd.addAll(List.of("admin", "user", "add", "ada", "--role", "admin", "--data", server.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((PW + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("added admin ada"), out);
        Files.createDirectories(IMG);
    }

    @AfterAll
    static void stop() throws Exception {
        if (srv != null) srv.close();
    }

    @BeforeEach
    void browser() throws Exception {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(chromium().toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1100",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chrome"));
        // the collector's certificate is self-signed (devices pin it); this browser takes it as it is
        o.setAcceptInsecureCerts(true);
        ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(svc, o);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        if (driver != null) driver.quit();
    }

    // ------------------------------------------------------------------ helpers

    /** An enrolled device of {@code user} in {@code team} with {@code sessions} uploaded sessions; returns its data directory. */
    static Path device(String user, String team, int sessions, List<String> ids) {
        Path data = tmp.resolve("device-" + user);
        // each its own person (the CLI enrolls as the local user, the same for every device of this test)
        CollectorLink.at(data).enroll(URI.create(srv.url()), token(server, "--team", team), user);
        for (int i = 0; i < sessions; i++) ids.add(syntheticSession(data, seed++, 2, 64, 48));
        if (sessions > 0) Cli.ok("upload", "--data", data.toString(), "--wait");
        return data;
    }

    void loginAsAdmin() {
        driver.get(srv.url() + "/login");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("name"))).sendKeys("ada");
        driver.findElement(By.id("password")).sendKeys(PW);
        driver.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.urlContains("/console"));
    }

    void openPortal(Path data) {
        String out = Cli.ok("portal", "--no-open", "--data", data.toString()).strip();
        String url = out.lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(url.startsWith(srv.url() + "/portal/enter?t="), out);
        driver.get(url);
        wait.until(ExpectedConditions.urlMatches(".*/portal$"));
    }

    void screenshot(String name) throws Exception {
        Files.write(IMG.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    static HttpClient insecureClient() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) {}

            public void checkServerTrusted(X509Certificate[] c, String a) {}

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return HttpClient.newBuilder().sslContext(ctx).build();
    }

    // ------------------------------------------------------------------ flows

    @Test
    void logIn() throws Exception {
        driver.get(srv.url() + "/login");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("name"))).sendKeys("ada");
        driver.findElement(By.id("password")).sendKeys("not the password");
        driver.findElement(By.id("login")).click();
        assertTrue(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error"))).getText().contains("wrong name or password"));
        loginAsAdmin();
        Cookie c = driver.manage().getCookieNamed("understudy_session");
        assertTrue(c.isHttpOnly() && c.isSecure(), c.toString());
        assertEquals("Strict", c.getSameSite());
        assertNotNull(driver.findElement(By.id("fleet")));
        screenshot("console-fleet.png");
        driver.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.urlContains("/login"));
        driver.get(srv.url() + "/console");
        wait.until(ExpectedConditions.urlContains("/login"));
    }

    @Test
    void publishAPolicyThenTheDevicePicksItUp() throws Exception {
        Path data = device("pia", "finance", 0, new ArrayList<>());
        loginAsAdmin();
        driver.get(srv.url() + "/console/policy");
        WebElement team = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("team")));
        team.clear();
        team.sendKeys("finance");
        WebElement yaml = driver.findElement(By.id("yaml"));
        yaml.clear();
        yaml.sendKeys("version: 1\nextends: default\nname: Finance policy from the console\nreview_hours: 0\nbogus: 1\n");
        driver.findElement(By.id("check")).click();
        // the policy loader's one-line error
        String err = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error"))).getText();
        assertFalse(err.isBlank());
        assertFalse(err.contains("\n"), err);
        yaml = driver.findElement(By.id("yaml"));
        yaml.clear();
        yaml.sendKeys("version: 1\nextends: default\nname: Finance policy from the console\nreview_hours: 0\n");
        driver.findElement(By.id("check")).click();
        assertTrue(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("diff"))).getText().contains("+ name: Finance policy from the console"));
        screenshot("console-policy.png");
        driver.findElement(By.id("publish")).click();
        String msg = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message"))).getText();
        assertTrue(msg.startsWith("Published version v"), msg);
        long version = Long.parseLong(msg.replaceAll("^Published version v(\\d+).*$", "$1"));
        // the device's next sync (the recorder's CollectorSync runs exactly this every poll)
        PolicySync sync = new PolicySync(CollectorLink.at(data));
        sync.sync(PolicyLoader.defaults());
        assertEquals(version, sync.current().version());
        assertTrue(sync.current().yaml().contains("Finance policy from the console"));
        assertTrue(driver.findElement(By.id("history")).getText().contains("finance"));
    }

    @Test
    void approveAnExemptionThenTheDeviceStopsCapturing() throws Exception {
        Path data = device("quinn", "support", 0, new ArrayList<>());
        openPortal(data);
        driver.findElement(By.name("reason")).sendKeys("caring for a relative");
        driver.findElement(By.id("ask-exemption")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("exemptions"), "pending"));
        driver.manage().deleteAllCookies();
        loginAsAdmin();
        driver.get(srv.url() + "/console/exemptions");
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//table[@id='pending']//tr[td[contains(., 'caring for a relative')]]")));
        row.findElement(By.name("reason")).sendKeys("approved for four weeks, take care");
        screenshot("console-exemptions.png");
        row.findElement(By.cssSelector("button.approve")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
        // the device's next sync: exempt, so the recorder stops capturing (RecorderFollowsCollectorTest)
        PolicySync sync = new PolicySync(CollectorLink.at(data));
        sync.sync(PolicyLoader.defaults());
        assertTrue(sync.current().exempt(), "the device is told to stop capturing");
        // the worker sees the decision and the admin's reason
        driver.manage().deleteAllCookies();
        openPortal(data);
        String ex = driver.findElement(By.id("exemptions")).getText();
        assertTrue(ex.contains("approved") && ex.contains("approved for four weeks, take care"), ex);
    }

    @Test
    void workerDeletesASession() throws Exception {
        List<String> ids = new ArrayList<>();
        Path data = device("rosa", "sales", 2, ids);
        String gone = ids.get(0);
        String kept = ids.get(1);
        // a dataset built before the worker deletes: it holds the session, and becomes stale
        Path before = tmp.resolve("dataset-before-delete");
        Cli.ok("dataset", "build", "--from", server.toString(), "--out", before.toString());
        assertTrue(Files.readString(before.resolve("manifest.json")).contains(gone));
        openPortal(data);
        WebElement table = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sessions")));
        assertTrue(table.getText().contains(gone) && table.getText().contains(kept));
        // the viewer
        driver.findElement(By.xpath("//tr[@data-session='" + kept + "']//a[@class='view']")).click();
        wait.until(ExpectedConditions.titleContains("Understudy session"));
        driver.navigate().back();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sessions")));
        screenshot("portal.png");
        driver.findElement(By.xpath("//tr[@data-session='" + gone + "']//button[contains(@class,'delete')]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
        assertFalse(driver.findElement(By.id("sessions")).getText().contains(gone), "gone from the portal at once");
        assertTrue(driver.findElement(By.id("sessions")).getText().contains(kept));
        // gone from the server
        try (ServerAdmin admin = ServerAdmin.open(server)) {
            assertTrue(admin.sessions().stream().noneMatch(s -> s.session().equals(gone)));
            assertTrue(admin.sessions().stream().anyMatch(s -> s.session().equals(kept)));
            assertTrue(admin.audit().recent(100).stream().anyMatch(e -> e.action().equals("session.erase") && e.subject().contains(gone)));
        }
        // and from the next dataset build
        Path out = tmp.resolve("dataset-after-delete");
        Cli.ok("dataset", "build", "--from", server.toString(), "--out", out.toString());
        String manifest = Files.readString(out.resolve("manifest.json"));
        assertFalse(manifest.contains(gone), "the deleted session is not in the next build");
        assertTrue(manifest.contains(kept));
        // the console's datasets: both builds, the first one stale because of the deletion
        driver.manage().deleteAllCookies();
        loginAsAdmin();
        driver.get(srv.url() + "/console/datasets");
        String builds = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("builds"))).getText();
        assertTrue(builds.contains("stale since") && builds.contains(gone), builds);
        screenshot("console-datasets.png");
    }

    @Test
    void accessRequestZip() throws Exception {
        List<String> mine = new ArrayList<>();
        List<String> theirs = new ArrayList<>();
        Path data = device("sam", "ops", 1, mine);
        device("tess", "ops", 1, theirs);
        openPortal(data);
        WebElement link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("export")));
        assertEquals(srv.url() + "/portal/export.zip", link.getAttribute("href"));
        // the browser's own session downloads it
        String cookie = driver.manage().getCookieNamed("understudy_session").getValue();
        HttpResponse<byte[]> r = insecureClient().send(HttpRequest.newBuilder(URI.create(srv.url() + "/portal/export.zip"))
                .header("Cookie", "understudy_session=" + cookie).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) entries.put(e.getName(), in.readAllBytes());
        }
        assertTrue(entries.keySet().stream().anyMatch(k -> k.contains(mine.get(0)) && k.endsWith("manifest.json")), entries.keySet().toString());
        assertTrue(entries.keySet().stream().anyMatch(k -> k.contains(mine.get(0)) && k.endsWith("steps.jsonl")));
        assertTrue(entries.keySet().stream().anyMatch(k -> k.contains(mine.get(0)) && (k.contains("frames/") || k.contains("tiles/"))));
        for (String f : List.of("devices.json", "policies.json", "exemptions.json", "audit.json")) assertTrue(entries.containsKey(f), f);
        for (var e : entries.entrySet()) {
            assertFalse(e.getKey().contains(theirs.get(0)), "nothing of another worker: " + e.getKey());
            String text = new String(e.getValue(), StandardCharsets.ISO_8859_1);
            int at = text.indexOf(theirs.get(0));
            assertTrue(at < 0, "nothing of another worker in " + e.getKey() + ": " + text.substring(Math.max(0, at - 300), Math.min(text.length(), at + 100)));
        }
        assertTrue(new String(entries.get("audit.json"), StandardCharsets.UTF_8).contains("person.export"));
    }
}
