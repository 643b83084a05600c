package dev.understudy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.understudy.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The demo's small work-app site ("Acme Desk": sign-in, mail compose, tickets, search), served on
 * 127.0.0.1 by the JDK's HTTP server, plus a second origin (another port) for the embedded
 * attachments widget, so the tickets page has a cross-origin iframe.
 *
 * <p>The pages load {@code layout.js}, which posts where their elements are (client CSS pixels),
 * the viewport's screen origin (learned from the page's own mouse events) and the fields' values to
 * {@code /__layout}; the scripted workflow reads them with {@link #awaitLayout} to know where to
 * click and when the page has reacted. That script belongs to the test site, not to Understudy.
 */
public final class SiteServer implements AutoCloseable {
    static final String ROOT = "/dev/understudy/demo/site/";

    /** One layout report of one frame. */
    public record Layout(JsonNode json, long received) {
        public String page() {
            return json.path("page").asText();
        }

        public String frame() {
            return json.path("frame").asText();
        }

        /** The page load's time origin (epoch ms): new for every page load. */
        public double loadTime() {
            return json.path("t0").asDouble();
        }

        /** The viewport's screen origin, or null before the pointer moved over this frame. */
        public double[] origin() {
            JsonNode o = json.get("origin");
            return o == null || !o.isArray() ? null : new double[] {o.get(0).asDouble(), o.get(1).asDouble()};
        }

        /** When the origin was learned (epoch ms). */
        public double originTime() {
            return json.path("originAt").asDouble(0);
        }

        /** {x, y, w, h} of an element (client CSS pixels), or null. */
        public double[] rect(String id) {
            JsonNode r = json.path("rects").get(id);
            return r == null ? null : new double[] {r.get(0).asDouble(), r.get(1).asDouble(), r.get(2).asDouble(), r.get(3).asDouble()};
        }

        public String value(String id) {
            JsonNode v = json.path("values").get(id);
            return v == null ? null : v.asText();
        }

        public String text(String id) {
            JsonNode v = json.path("texts").get(id);
            return v == null ? null : v.asText();
        }
    }

    private final HttpServer site;
    private final HttpServer widget;
    private final List<String> roots;
    private final Object lock = new Object();
    private final List<Layout> layouts = new ArrayList<>();
    private final Map<String, JsonNode> reports = new HashMap<>();

    private SiteServer(List<String> roots) throws IOException {
        this.roots = roots;
        InetAddress lo = InetAddress.getLoopbackAddress();
        site = HttpServer.create(new InetSocketAddress(lo, 0), 16);
        widget = HttpServer.create(new InetSocketAddress(lo, 0), 16);
        for (HttpServer s : List.of(site, widget)) {
            s.createContext("/", this::handle);
            s.start();
        }
    }

    /** Starts both origins; extra classpath folders (ending in /) are searched after the site's own. */
    public static SiteServer start(String... extraRoots) throws IOException {
        List<String> roots = new ArrayList<>();
        roots.add(ROOT);
        roots.addAll(List.of(extraRoots));
        return new SiteServer(roots);
    }

    public String origin() {
        return "http://127.0.0.1:" + site.getAddress().getPort();
    }

    public String widgetOrigin() {
        return "http://127.0.0.1:" + widget.getAddress().getPort();
    }

    public String url(String page) {
        return origin() + "/" + page;
    }

    /** Waits for a layout report of {@code page} ("index.html"...) and {@code frame} ("top", "widget") matching p. */
    public Layout awaitLayout(String page, String frame, Predicate<Layout> p, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (lock) {
            while (true) {
                for (int i = layouts.size() - 1; i >= 0; i--) {
                    Layout l = layouts.get(i);
                    if (l.page().equals(page) && l.frame().equals(frame)) {
                        if (p.test(l)) return l;
                        break; // only the latest report of a frame counts
                    }
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new IllegalStateException("the page " + page + " (" + frame + ") did not report the expected state within "
                            + timeoutMillis + " ms; last: " + latest(page, frame));
                }
                lock.wait(left);
            }
        }
    }

    /** The latest report of a page frame, or null. */
    public Layout latest(String page, String frame) {
        synchronized (lock) {
            for (int i = layouts.size() - 1; i >= 0; i--) {
                Layout l = layouts.get(i);
                if (l.page().equals(page) && l.frame().equals(frame)) return l;
            }
            return null;
        }
    }

    /** Waits for a report a page posted to /__report/NAME. */
    public JsonNode awaitReport(String name, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (lock) {
            while (!reports.containsKey(name)) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) throw new IllegalStateException("no report " + name + " within " + timeoutMillis + " ms");
                lock.wait(left);
            }
            return reports.get(name);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if ("POST".equals(ex.getRequestMethod())) {
                byte[] body = ex.getRequestBody().readNBytes(1 << 20);
                if (path.equals("/__layout")) {
                    JsonNode n = Json.MAPPER.readTree(body);
                    synchronized (lock) {
                        layouts.add(new Layout(n, System.currentTimeMillis()));
                        if (layouts.size() > 2000) layouts.subList(0, 1000).clear();
                        lock.notifyAll();
                    }
                    send(ex, 204, null, null);
                } else if (path.startsWith("/__report/")) {
                    JsonNode n = Json.MAPPER.readTree(body);
                    synchronized (lock) {
                        reports.put(path.substring("/__report/".length()), n);
                        lock.notifyAll();
                    }
                    send(ex, 204, null, null);
                } else if (path.equals("/session")) {
                    // the sign-in form posts here (never in the URL); the site has no real accounts
                    ex.getResponseHeaders().add("Location", "/mail.html");
                    send(ex, 303, null, null);
                } else {
                    send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            String name = path.equals("/") ? "index.html" : path.substring(1);
            if (name.contains("..") || name.contains("//")) {
                send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] content = resource(name);
            if (content == null) {
                send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String type = name.endsWith(".html") ? "text/html; charset=utf-8" : name.endsWith(".js") ? "text/javascript"
                    : name.endsWith(".css") ? "text/css" : "application/octet-stream";
            if (name.endsWith(".html") || name.endsWith(".js")) {
                String s = new String(content, StandardCharsets.UTF_8).replace("{{SITE_ORIGIN}}", origin())
                        .replace("{{WIDGET_ORIGIN}}", widgetOrigin());
                content = s.getBytes(StandardCharsets.UTF_8);
            }
            send(ex, 200, type, content);
        }
    }

    private byte[] resource(String name) throws IOException {
        for (String root : roots) {
            try (InputStream in = SiteServer.class.getResourceAsStream(root + name)) {
                if (in != null) return in.readAllBytes();
            }
        }
        return null;
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        if (type != null) ex.getResponseHeaders().add("Content-Type", type);
        ex.getResponseHeaders().add("Cache-Control", "no-store");
        ex.sendResponseHeaders(code, body == null ? -1 : body.length);
        if (body != null) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        site.stop(0);
        widget.stop(0);
    }
}
