package dev.understudy.recorder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.understudy.model.Action;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Step;
import dev.understudy.reduce.Reducer;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The worker's local control page: state, pause and resume buttons, the last captured steps (as
 * stored, so already redacted), and a form to request an exemption. It listens on the loopback
 * interface only, on a random port, and every request must carry the random token of this
 * recording ({@code ?t=}), so other users and web pages cannot use it: requests with a foreign
 * Host header (DNS rebinding) or a cross-site Origin are refused.
 */
final class ControlPage implements AutoCloseable {
    /** What the page shows and does. */
    interface Backend {
        String state();

        String detail();

        /** Something the worker should know while recording, with its fix (a browser not connected), or null. */
        default String warning() {
            return null;
        }

        long pausedUntil();

        void pause(int minutes);

        void resume();

        void requestExemption(String reason);

        /** The worker says what they were doing: the label of the current (or just finished) task. */
        default void labelTask(String label) {}

        /** Finished sessions waiting for their review window before they go to the collector. */
        default List<WaitingSessions.Waiting> waiting() {
            return List.of();
        }

        /** Whether this device is enrolled with a collector (else nothing ever leaves it). */
        default boolean enrolled() {
            return false;
        }

        /** A waiting session as a viewer page; IllegalArgumentException when it is not waiting. */
        default String viewer(String session) {
            throw new IllegalArgumentException("no waiting session " + session);
        }

        /** Deletes a waiting session; IllegalArgumentException when it is not waiting. */
        default String delete(String session) {
            throw new IllegalArgumentException("no waiting session " + session);
        }
    }

    private static final int RECENT = 3000;
    /** The pause buttons, in minutes. */
    static final List<Integer> PAUSE_MINUTES = List.of(15, 30, 60);
    /** The page's template, compiled into this package at build time (no compiler at run time); HTML: escaped by default. */
    private static final TemplateEngine PAGES = pages();
    private final HttpServer server;
    private final String token;
    private final Backend backend;
    private final ArrayDeque<RawEvent> recent = new ArrayDeque<>(RECENT);
    private final String sessionId;

    ControlPage(Backend backend, String sessionId) throws IOException {
        this.backend = backend;
        this.sessionId = sessionId;
        byte[] t = new byte[16];
        new SecureRandom().nextBytes(t);
        this.token = HexFormat.of().formatHex(t);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "understudy-page");
            th.setDaemon(true);
            return th;
        }));
        server.start();
    }

    /** The page's address with its token. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/?t=" + token;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** An event was stored (pipeline thread). */
    void stored(RawEvent e) {
        if (e instanceof RawEvent.MouseMove || e instanceof RawEvent.Frame) return;
        synchronized (recent) {
            if (recent.size() == RECENT) recent.removeFirst();
            recent.addLast(e);
        }
    }

    List<Step> lastSteps(int n) {
        List<RawEvent> events;
        synchronized (recent) {
            events = new ArrayList<>(recent);
        }
        List<Step> steps = Reducer.reduce(sessionId, null, events);
        return steps.subList(Math.max(0, steps.size() - n), steps.size());
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            String host = x.getRequestHeaders().getFirst("Host");
            int port = port();
            if (host == null || !(host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port))) {
                send(x, 421, "text/plain", "wrong host");
                return;
            }
            Map<String, String> q = params(x.getRequestURI().getRawQuery());
            if ("POST".equals(x.getRequestMethod())) {
                String origin = x.getRequestHeaders().getFirst("Origin");
                if (origin != null && !origin.equals("http://" + host) && !origin.equals("null")) {
                    send(x, 403, "text/plain", "cross-site request refused");
                    return;
                }
                q.putAll(params(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            }
            if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII),
                    q.getOrDefault("t", "").getBytes(StandardCharsets.US_ASCII))) {
                send(x, 403, "text/plain", "missing or wrong token");
                return;
            }
            String path = x.getRequestURI().getPath();
            switch (path) {
                case "/" -> send(x, 200, "text/html; charset=utf-8", page(!"1".equals(q.get("still"))));
                case "/status.json" -> send(x, 200, "application/json", status());
                case "/pause" -> {
                    int min = 0;
                    try {
                        min = Integer.parseInt(q.getOrDefault("minutes", "0"));
                    } catch (NumberFormatException ignored) {
                        // default pause
                    }
                    backend.pause(min);
                    redirect(x);
                }
                case "/resume" -> {
                    backend.resume();
                    redirect(x);
                }
                case "/exemption" -> {
                    backend.requestExemption(q.getOrDefault("reason", ""));
                    redirect(x);
                }
                case "/label" -> {
                    if (!"POST".equals(x.getRequestMethod())) {
                        send(x, 405, "text/plain", "POST only");
                        return;
                    }
                    backend.labelTask(q.getOrDefault("label", ""));
                    lastDeleted = "task labelled";
                    redirect(x);
                }
                case "/view" -> {
                    try {
                        send(x, 200, "text/html; charset=utf-8", backend.viewer(q.getOrDefault("session", "")));
                    } catch (IllegalArgumentException e) {
                        send(x, 404, "text/plain", e.getMessage());
                    }
                }
                case "/delete" -> {
                    if (!"POST".equals(x.getRequestMethod())) {
                        send(x, 405, "text/plain", "POST only");
                        return;
                    }
                    try {
                        lastDeleted = backend.delete(q.getOrDefault("session", ""));
                    } catch (IllegalArgumentException e) {
                        send(x, 404, "text/plain", e.getMessage());
                        return;
                    }
                    redirect(x);
                }
                default -> send(x, 404, "text/plain", "not found");
            }
        } catch (RuntimeException e) {
            send(x, 500, "text/plain", "error: " + e.getMessage());
        }
    }

    private void redirect(HttpExchange x) throws IOException {
        x.getResponseHeaders().set("Location", "/?t=" + token);
        x.sendResponseHeaders(303, -1);
        x.close();
    }

    private String status() {
        Map<String, Object> m = new HashMap<>();
        m.put("state", backend.state());
        m.put("detail", backend.detail());
        m.put("warning", backend.warning());
        m.put("paused_until", backend.pausedUntil());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Step s : lastSteps(20)) {
            Map<String, Object> sm = new HashMap<>();
            sm.put("action", s.action());
            sm.put("app", s.app() == null ? null : s.app().title());
            sm.put("app_label", s.app() == null ? null : s.app().label());
            steps.add(sm);
        }
        m.put("steps", steps);
        try {
            return Json.MAPPER.writeValueAsString(m);
        } catch (IOException e) {
            return "{}";
        }
    }

    /** What the page shows; {@code controlPage.jte} lays it out and escapes every string. */
    /**
     * What the page shows. {@code refresh}: the page reloads itself every 5 s (no script); off while the worker writes
     * a label or a request ({@code /?still=1}), since a reload would wipe what they typed.
     */
    record View(String status, String warning, boolean paused, String token, List<String> steps, boolean enrolled,
                List<WaitingSessions.Waiting> waiting, String notice, boolean refresh) {}

    /** The outcome of the last delete, shown once. */
    private volatile String lastDeleted;

    View view() {
        String state = backend.state();
        List<String> steps = new ArrayList<>();
        for (Step s : lastSteps(20)) steps.add(describe(s));
        List<WaitingSessions.Waiting> waiting;
        try {
            waiting = backend.waiting();
        } catch (RuntimeException e) {
            waiting = List.of();
        }
        String notice = lastDeleted;
        lastDeleted = null;
        return new View(describe(state, backend.detail(), backend.pausedUntil()), backend.warning(), "paused".equals(state), token, steps,
                backend.enrolled(), waiting, notice, true);
    }

    private String page(boolean refresh) {
        StringOutput out = new StringOutput();
        View v = view();
        if (!refresh) {
            v = new View(v.status(), v.warning(), v.paused(), v.token(), v.steps(), v.enrolled(), v.waiting(), v.notice(), false);
        }
        PAGES.render("controlPage.jte", v, out);
        return out.toString();
    }

    static String describe(String state, String detail, long until) {
        return switch (state) {
            case "recording" -> "Recording";
            case "paused" -> "Paused until " + DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault()).format(Instant.ofEpochMilli(until));
            case "suspended" -> "Not recording: " + (detail == null ? "app not allowed" : detail);
            case "quota" -> "Stopped: disk quota reached" + (detail == null ? "" : " (" + detail + ")");
            default -> state;
        };
    }

    /**
     * E.g. {@code type "hello"}, {@code hotkey ctrl+s}, {@code click at 412,233}, then the app's label
     * ({@code in Notes}) and the window title.
     */
    private static String describe(Step s) {
        Action a = s.action();
        StringBuilder sb = new StringBuilder(a.type());
        String text = a instanceof Action.TypeText t ? t.text() : a instanceof Action.ClipboardOp c ? c.text() : null;
        if (text != null) sb.append(" \"").append(text).append('"');
        if (a instanceof Action.Key k && k.key() != null) sb.append(' ').append(k.key());
        if (a instanceof Action.Hotkey h) sb.append(' ').append(String.join("+", h.keys()));
        if (a instanceof Action.Pointer p) sb.append(" at ").append(p.x()).append(',').append(p.y());
        if (s.app() != null && s.app().label() != null && !s.app().label().isBlank()) sb.append(" in ").append(s.app().label());
        if (s.app() != null && s.app().title() != null) sb.append(" — ").append(s.app().title());
        return sb.toString();
    }

    private static Map<String, String> params(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) return m;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }

    private static void send(HttpExchange x, int code, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.getResponseHeaders().set("X-Frame-Options", "DENY");
        x.sendResponseHeaders(code, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }

    private static TemplateEngine pages() {
        // without a class directory jte loads the template classes through the context class loader
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(ControlPage.class.getClassLoader());
        try {
            return TemplateEngine.createPrecompiled(null, ContentType.Html, null, ControlPage.class.getPackageName());
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
