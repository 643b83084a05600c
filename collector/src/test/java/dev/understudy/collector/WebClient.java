package dev.understudy.collector;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** A browser-like client of the pages: its own cookie jar (no redirects followed), forms, the CSRF token of the last page. */
public final class WebClient {
    final String base;
    final HttpClient http;
    public final Map<String, String> cookies = new LinkedHashMap<>();
    public String bearer;

    public WebClient(String base, String fingerprint) throws Exception {
        this.base = base;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        if (fingerprint != null) {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TestClient.Pinning(fingerprint)}, null);
            b.sslContext(ctx);
        }
        this.http = b.build();
    }

    public record Page(int status, String body, HttpResponse<byte[]> raw) {
        public String location() {
            return raw.headers().firstValue("Location").orElse(null);
        }

        public String csrf() {
            Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(body);
            return m.find() ? m.group(1) : null;
        }

        public String header(String n) {
            return raw.headers().firstValue(n).orElse(null);
        }
    }

    public Page send(String method, String path, Map<String, String> form) throws Exception {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path)).timeout(Duration.ofSeconds(60));
        if (form != null) {
            StringBuilder sb = new StringBuilder();
            for (var e : form.entrySet()) {
                if (sb.length() > 0) sb.append('&');
                sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            }
            rb.method(method, HttpRequest.BodyPublishers.ofString(sb.toString())).header("Content-Type", "application/x-www-form-urlencoded");
        } else {
            rb.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
            if (!method.equals("GET")) rb.header("Content-Type", "application/json");
        }
        if (!cookies.isEmpty()) {
            StringBuilder c = new StringBuilder();
            cookies.forEach((k, v) -> c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            rb.header("Cookie", c.toString());
        }
        if (bearer != null) rb.header("Authorization", "Bearer " + bearer);
        HttpResponse<byte[]> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        for (String sc : r.headers().allValues("Set-Cookie")) {
            String nv = sc.split(";", 2)[0];
            int eq = nv.indexOf('=');
            String name = nv.substring(0, eq);
            String value = nv.substring(eq + 1);
            if (value.isEmpty() || sc.contains("Max-Age=0")) cookies.remove(name);
            else cookies.put(name, value);
        }
        return new Page(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r);
    }

    public Page get(String path) throws Exception {
        return send("GET", path, null);
    }

    public Page post(String path, Map<String, String> form) throws Exception {
        return send("POST", path, form);
    }

    /** Logs in through the login page; returns the answer to the POST. */
    public Page login(String name, String password) throws Exception {
        Page p = get("/login");
        return post("/login", Map.of("csrf", p.csrf() == null ? "" : p.csrf(), "name", name, "password", password));
    }
}
