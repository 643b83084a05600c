package dev.understudy.collector.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.understudy.collector.ApiException;
import dev.understudy.collector.api.Messages.ChunkStored;
import dev.understudy.collector.api.Messages.CredentialResponse;
import dev.understudy.collector.api.Messages.DeviceInfo;
import dev.understudy.collector.api.Messages.DeviceReport;
import dev.understudy.collector.api.Messages.EnrollRequest;
import dev.understudy.collector.api.Messages.ErrorBody;
import dev.understudy.collector.api.Messages.ExemptionList;
import dev.understudy.collector.api.Messages.ExemptionRequest;
import dev.understudy.collector.api.Messages.Health;
import dev.understudy.collector.api.Messages.MissingRequest;
import dev.understudy.collector.api.Messages.MissingResponse;
import dev.understudy.collector.api.Messages.SessionCommit;
import dev.understudy.collector.api.Messages.SessionInfo;
import dev.understudy.collector.api.Messages.SessionList;
import dev.understudy.collector.api.Wire;
import dev.understudy.collector.audit.AuditLog;
import dev.understudy.collector.erase.Erasure;
import dev.understudy.collector.govern.Actor;
import dev.understudy.collector.govern.Role;
import dev.understudy.collector.enroll.Enrollment;
import dev.understudy.collector.enroll.Enrollment.Authed;
import dev.understudy.collector.policy.Policies;
import dev.understudy.collector.store.Metadata;
import dev.understudy.collector.store.Metadata.Device;
import dev.understudy.collector.store.StoreException;
import dev.understudy.collector.upload.Uploads;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;

/** The routes of {@code /api/v1}: authentication, limits, and every error as one line of JSON. */
public final class Api {
    public static final String VERSION = "0.1.0";
    private static final String JSON = "application/json";

    private final Metadata md;
    private final Enrollment enrollment;
    private final Uploads uploads;
    private final Policies policies;
    private final Semaphore uploadSlots;
    private final byte[] openapi;
    private AuditLog audit;
    private Erasure erasure;

    public Api(Metadata md, Enrollment enrollment, Uploads uploads, Policies policies, int maxConcurrentUploads) {
        this.md = md;
        this.enrollment = enrollment;
        this.uploads = uploads;
        this.policies = policies;
        this.uploadSlots = new Semaphore(maxConcurrentUploads);
        try (InputStream in = Api.class.getResourceAsStream("openapi.json")) {
            if (in == null) throw new IllegalStateException("openapi.json is missing from the build");
            this.openapi = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The audit log device reads are written to, and the erasure behind {@code DELETE /sessions/{session}}. */
    public Api withGovernance(AuditLog audit, Erasure erasure) {
        this.audit = audit;
        this.erasure = erasure;
        return this;
    }

    private void audited(Authed au, String action, String subject) {
        if (audit != null) audit.record(new Actor(Role.DEVICE, au.device().id()), action, subject);
    }

    /** DELETE /sessions/{session}[?device=D]: the device's own person's session (any of their devices), erased. */
    private void forget(Context ctx, Authed au) {
        String session = ctx.pathParam("session");
        if (!session.matches(Wire.SESSION_ID)) throw new ApiException(404, "not a session id");
        if (erasure == null) throw new ApiException(404, "erasure is not available on this collector");
        String device = ctx.queryParam("device");
        if (device == null || device.isBlank()) device = au.device().id();
        if (!device.matches(Wire.DEVICE_ID)) throw new ApiException(400, "not a device id");
        Device owner = device.equals(au.device().id()) ? au.device() : md.device(device);
        if (owner == null || !owner.person().equals(au.device().person())) throw new ApiException(404, "no session " + session + " of this device's person on the collector");
        var tomb = erasure.tombstone(device, session);
        if (tomb.isPresent()) {
            json(ctx, 200, new dev.understudy.collector.api.Messages.SessionErased(session, device, tomb.get().erasedAt(), true, 0));
            return;
        }
        String dev = device;
        boolean have = md.store().tx(c -> md.session(c, dev, session)) != null;
        if (!have) throw new ApiException(404, "no session " + session + " of device " + device + " on the collector");
        var e = erasure.eraseSession(new Actor(Role.DEVICE, au.device().id()), device, session, "the worker's request on the device (forget)");
        json(ctx, 200, new dev.understudy.collector.api.Messages.SessionErased(session, device, e.at(), false, e.staleBuilds().size()));
    }

    /** Registers the routes and handlers on a Javalin configuration. */
    public void install(JavalinConfig cfg) {
        var r = cfg.routes;
        String a = Wire.API;
        r.before(ctx -> {
            String enc = ctx.header("Content-Encoding");
            if (enc != null && !enc.isBlank() && !enc.strip().equalsIgnoreCase("identity")) {
                throw new ApiException(415, "Content-Encoding " + clip(enc) + " is not accepted: send the bytes as they are");
            }
        });
        r.get(a + "/health", ctx -> json(ctx, 200, new Health("ok", VERSION)));
        r.get(a + "/openapi.json", authed((ctx, au) -> {
            ctx.status(200).contentType(JSON).result(openapi);
        }));
        r.post(a + "/enroll", ctx -> json(ctx, 201, enrollment.enroll(body(ctx, EnrollRequest.class))));
        r.post(a + "/credential", authed((ctx, au) -> {
            CredentialResponse cr = enrollment.rotate(au);
            json(ctx, 200, cr);
        }));
        r.get(a + "/device", authed((ctx, au) -> json(ctx, 200, info(au.device()))));
        r.post(a + "/report", authed((ctx, au) -> {
            DeviceReport rep = body(ctx, DeviceReport.class);
            if (rep.agentVersion() != null && rep.agentVersion().length() > 100) throw new ApiException(400, "agent_version is too long");
            if (rep.backlogSessions() < 0 || rep.backlogBytes() < 0) throw new ApiException(400, "backlog must not be negative");
            md.report(au.device().id(), rep.agentVersion(), rep.policyVersion(), rep.backlogSessions(), rep.backlogBytes(), rep.lastUploadWall(),
                    System.currentTimeMillis());
            json(ctx, 200, info(md.device(au.device().id())));
        }));
        r.post(a + "/chunks/missing", authed((ctx, au) -> {
            MissingRequest q = body(ctx, MissingRequest.class);
            json(ctx, 200, new MissingResponse(uploads.missing(au.device().person(), q.chunks())));
        }));
        r.put(a + "/chunks/{id}", authed(this::putChunk));
        r.put(a + "/sessions/{session}", authed((ctx, au) -> {
            String session = ctx.pathParam("session");
            if (!session.matches(Wire.SESSION_ID)) throw new ApiException(404, "not a session id");
            SessionCommit c = body(ctx, SessionCommit.class);
            SessionInfo info = uploads.commit(au.device(), session, c);
            json(ctx, info.created() ? 201 : 200, info);
        }));
        r.delete(a + "/sessions/{session}", authed(this::forget));
        r.get(a + "/sessions", authed((ctx, au) -> {
            audited(au, "session.list", "device " + au.device().id());
            json(ctx, 200, new SessionList(md.sessionsOf(au.device().id()).stream()
                    .map(s -> new SessionInfo(s.session(), s.device(), s.bytes(), s.committedAt(), false)).toList()));
        }));
        r.get(a + "/policy", authed((ctx, au) -> {
            Policies.Signed s = policies.policyFor(au.device());
            if (s == null) {
                ctx.status(204);
                return;
            }
            ctx.header("ETag", s.etag());
            String inm = ctx.header("If-None-Match");
            if (inm != null && List.of(inm.split(",")).stream().map(String::strip).anyMatch(t -> t.equals(s.etag()) || t.equals("W/" + s.etag()))) {
                ctx.status(304);
                return;
            }
            json(ctx, 200, s.envelope());
        }));
        r.post(a + "/exemptions", authed((ctx, au) -> json(ctx, 201, policies.request(au.device(), body(ctx, ExemptionRequest.class)))));
        r.get(a + "/exemptions", authed((ctx, au) -> {
            audited(au, "exemption.list", "device " + au.device().id());
            json(ctx, 200, new ExemptionList(policies.of(au.device())));
        }));

        r.exception(ApiException.class, (e, ctx) -> {
            if (e.status() == 503 || e.status() == 429) ctx.header("Retry-After", e.status() == 429 ? "3600" : "5");
            json(ctx, e.status(), new ErrorBody(e.getMessage(), e.missing()));
        });
        r.exception(HttpResponseException.class, (e, ctx) -> {
            int st = e.getStatus();
            String m = st == 404 ? "no such endpoint: " + ctx.method() + " " + clip(ctx.path()) : st == 405 ? "method not allowed" : clip(e.getMessage());
            json(ctx, st >= 400 && st < 600 ? st : 400, new ErrorBody(m));
        });
        r.exception(Exception.class, (e, ctx) -> failure(ctx, e));
        r.error(404, ctx -> {
            if (ctx.resultInputStream() == null) json(ctx, 404, new ErrorBody("no such endpoint: " + ctx.method() + " " + clip(ctx.path())));
        });
        r.error(405, ctx -> {
            if (ctx.resultInputStream() == null) json(ctx, 405, new ErrorBody("method not allowed"));
        });
    }

    private void putChunk(Context ctx, Authed au) throws IOException {
        String id = ctx.pathParam("id");
        if (!id.matches(Wire.CHUNK_ID)) throw new ApiException(404, "not a chunk id (64 lowercase hex digits)");
        if (!uploadSlots.tryAcquire()) throw new ApiException(503, "too many uploads in flight: retry later");
        try {
            byte[] bytes = readBody(ctx, Wire.MAX_CHUNK_BYTES);
            Device d = au.device();
            if (d.uploadBudget() != null) {
                long used = md.uploadedSince(d.id(), System.currentTimeMillis() - 86_400_000L);
                if (used + bytes.length > d.uploadBudget()) {
                    throw new ApiException(429, "upload budget of " + d.uploadBudget() + " bytes per day reached: retry later");
                }
            }
            boolean stored = uploads.putChunk(d, id, bytes);
            json(ctx, stored ? 201 : 200, new ChunkStored(id, bytes.length, stored));
        } finally {
            uploadSlots.release();
        }
    }

    private DeviceInfo info(Device d) {
        return new DeviceInfo(d.id(), d.team(), d.person(), d.state(), d.policyVersion(), d.uploadBudget(), System.currentTimeMillis());
    }

    @FunctionalInterface
    interface AuthedHandler {
        void handle(Context ctx, Authed au) throws Exception;
    }

    private Handler authed(AuthedHandler h) {
        return ctx -> {
            Authed au = enrollment.authenticate(ctx.header("Authorization"));
            if (au.rotate()) ctx.header(Wire.ROTATE_HEADER, "1");
            h.handle(ctx, au);
        };
    }

    static void json(Context ctx, int status, Object body) {
        byte[] b;
        try {
            b = Wire.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ctx.status(status).contentType(JSON).result(b);
    }

    /** The request body, at most {@code max} bytes (413 past it). */
    static byte[] readBody(Context ctx, int max) throws IOException {
        long len = ctx.req().getContentLengthLong();
        if (len > max) throw new ApiException(413, "body of " + len + " bytes is larger than " + max);
        byte[] b;
        try (InputStream in = ctx.req().getInputStream()) {
            b = in.readNBytes(max + 1);
        } catch (IOException e) {
            // the client's connection (cut, ended early, timed out), not the collector's storage
            throw new ApiException(400, "the request body ended early (connection cut?): nothing was stored");
        }
        if (b.length > max) throw new ApiException(413, "body is larger than " + max + " bytes");
        return b;
    }

    static <T> T body(Context ctx, Class<T> type) throws IOException {
        byte[] b = readBody(ctx, Wire.MAX_JSON_BYTES);
        if (b.length == 0) throw new ApiException(400, "a JSON body is required");
        T t;
        try {
            t = Wire.MAPPER.readValue(b, type);
        } catch (JsonMappingException e) {
            throw new ApiException(400, "malformed JSON: " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "malformed JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (t == null) throw new ApiException(400, "a JSON object is required");
        return t;
    }

    static String firstLine(String m) {
        if (m == null) return "unreadable";
        String s = m.lines().findFirst().orElse("").replaceAll("\\b\\w+(\\.\\w+)+\\b", "").replace("Exception", "error").strip();
        return clip(s);
    }

    static String clip(String s) {
        if (s == null) return "";
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 120 ? t.substring(0, 120) + "..." : t;
    }

    /** Whether the failure is a full disk (or a full database). */
    public static boolean diskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("no space left on device") || m.contains("disk quota exceeded") || m.contains("database or disk is full")
                    || m.contains("sqlite_full") || m.contains("not enough space") || m.contains("there is not enough space")) return true;
        }
        return false;
    }

    private static void failure(Context ctx, Exception e) {
        if (diskFull(e)) {
            System.err.println("collector: storage full: " + e.getMessage());
            ctx.header("Retry-After", "600");
            json(ctx, 507, new ErrorBody("the collector's storage is full: nothing was stored; retry later"));
            return;
        }
        if (e instanceof StoreException || e instanceof IOException) {
            System.err.println("collector: storage unavailable on " + ctx.method() + " " + clip(ctx.path()) + ":");
            e.printStackTrace();
            ctx.header("Retry-After", "30");
            json(ctx, 503, new ErrorBody("the collector's storage is unavailable: nothing was stored; retry later"));
            return;
        }
        System.err.println("collector: internal error on " + ctx.method() + " " + clip(ctx.path()) + ":");
        e.printStackTrace();
        json(ctx, 500, new ErrorBody("internal error (see the server log)"));
    }
}
