package dev.understudy.bench.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.collector.api.Chunks;
import dev.understudy.collector.api.DeviceCredential;
import dev.understudy.collector.api.EnrollToken;
import dev.understudy.collector.api.Messages;
import dev.understudy.collector.api.Wire;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load generator for the collector, in the style of osquery-perf: N simulated devices in one JVM,
 * each enrolled through the real API with one enroll token, each uploading sessions as the
 * device's uploader does: {@code POST /chunks/missing}, {@code PUT /chunks/{id}} for each missing
 * chunk, {@code PUT /sessions/{id}} with a minimal {@link Messages.SessionCommit} (a manifest with
 * {@code format}, {@code session}, {@code startWall}, {@code endWall}; one file
 * {@code events/000001.useg} made of the chunks). Chunk bytes are random (incompressible) and unique,
 * so the server's per-person dedup never skips an upload.
 *
 * <p>Two modes:
 * <ul>
 *   <li>{@code --steady} (default): each device spreads its daily spool,
 *       {@code --sessions-per-device-per-day} sessions of {@code --session-bytes}, evenly over an
 *       8-hour working day (each device at its own random phase), the day compressed by
 *       {@code --time-scale} (480: the day takes one minute). The offered load is printed first;
 *       "late" sessions started more than a second after their slot (the server, or this
 *       generator's {@code --threads}, could not keep up).</li>
 *   <li>{@code --flood}: every device uploads sessions back to back for {@code --duration}, to
 *       measure the maximum ingest. {@code --threads} is then the number of concurrent uploads.</li>
 * </ul>
 *
 * <p>Reports ingest MB/s (10^6 bytes of chunk payload stored per second) and chunks/s, p50 / p90 /
 * p99 / max latency per request type, errors by request type and status; every 5 s a progress line
 * on stderr; last, one line of JSON on stdout (the summary, for scripts).
 *
 * <p>TLS: when the token names a certificate fingerprint, the server must be {@code https://} and
 * only the leaf certificate with that SHA-256 is trusted ({@link dev.understudy.uploader.PinnedTrustManager}, the device's own), as on a device.
 * Java 17 has no virtual threads: the devices share a fixed pool of {@code --threads} threads
 * (HTTP/1.1, one connection per request in flight), and {@code --clients} HttpClient instances.
 *
 * <p>Running it against a local collector, without the launcher's help (the enroll token must
 * allow at least {@code --devices} enrollments):
 * <pre>
 *   # 1. a collector (another terminal): see `./understudy serve --help` for the data directory,
 *   #    database (SQLite or PostgreSQL) and blob store (files or s3://) options
 *   ./understudy serve
 *   # 2. an enroll token for it (`understudy admin enroll-token`, see its --help for the use count)
 *   TOKEN=$(./understudy admin enroll-token ...)
 *   # 3. the load generator's classpath, once (nothing is installed into ~/.m2)
 *   mvn -B -q -ntp -Dmaven.test.skip=true package dependency:build-classpath -pl bench -am \
 *       -Dmdep.outputFile=target/classpath.txt
 *   # 4. one compressed working day of 50 devices, then the maximum ingest for 20 s
 *   java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.understudy.bench.collector.CollectorLoad \
 *       --server https://127.0.0.1:8443 --token "$TOKEN" --devices 50 --duration 60s --steady --time-scale 480
 *   java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.understudy.bench.collector.CollectorLoad \
 *       --server https://127.0.0.1:8443 --token "$TOKEN" --devices 50 --duration 20s --flood --threads 16
 * </pre>
 */
public final class CollectorLoad {
    static final long WORKDAY_MS = TimeUnit.HOURS.toMillis(8);
    private static final String[] TYPES = {"enroll", "missing", "chunk", "commit", "session"};
    private static final DateTimeFormatter SESSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    /** Command line options. */
    record Options(URI server, EnrollToken token, int devices, Duration duration, long sessionBytes, int chunkBytes,
                   double sessionsPerDay, boolean flood, double timeScale, int threads, int clients, Duration requestTimeout,
                   Duration grace, boolean quiet) {

        static final String USAGE = String.join("\n",
                "usage: CollectorLoad --server URL --token TOKEN [options]",
                "  --devices N                        simulated devices (default 100)",
                "  --duration 60s                     how long new sessions start (s, m, h, ms; default 60s)",
                "  --session-bytes B                  bytes of one session (k, m, g = KiB, MiB, GiB; default 8m)",
                "  --chunk-bytes 1048576              chunk size (at most " + Wire.MAX_CHUNK_BYTES + ")",
                "  --sessions-per-device-per-day K    sessions each device uploads in its working day (default 4)",
                "  --steady | --flood                 spread over an 8-hour day (default), or upload flat out",
                "  --time-scale F                     steady: compress the 8-hour day F times (default 480: 1 min)",
                "  --threads T                        concurrent uploads (default min(devices, 32))",
                "  --clients C                        HttpClient instances shared by the devices (default min(devices, 8))",
                "  --request-timeout 120s             per request",
                "  --grace 60s                        how long in-flight sessions may finish after --duration",
                "  --quiet                            no progress lines");

        static Options parse(String[] args) {
            Map<String, String> o = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) throw new UsageException(null);
                if (!a.startsWith("--")) throw new UsageException("unexpected argument: " + a);
                String k = a.substring(2);
                String v;
                int eq = k.indexOf('=');
                if (eq >= 0) {
                    v = k.substring(eq + 1);
                    k = k.substring(0, eq);
                } else if (k.equals("steady") || k.equals("flood") || k.equals("quiet")) {
                    v = "true";
                } else {
                    if (i + 1 >= args.length) throw new UsageException("--" + k + " needs a value");
                    v = args[++i];
                }
                o.put(k, v);
            }
            for (String k : o.keySet()) {
                if (!List.of("server", "token", "devices", "duration", "session-bytes", "chunk-bytes", "sessions-per-device-per-day",
                        "steady", "flood", "time-scale", "threads", "clients", "request-timeout", "grace", "quiet").contains(k)) {
                    throw new UsageException("unknown option --" + k);
                }
            }
            if (!o.containsKey("server")) throw new UsageException("--server is required");
            if (!o.containsKey("token")) throw new UsageException("--token is required");
            if (o.containsKey("steady") && o.containsKey("flood")) throw new UsageException("--steady or --flood, not both");
            EnrollToken token;
            try {
                token = EnrollToken.parse(o.get("token"));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            String s = o.get("server");
            while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
            URI server = URI.create(s);
            if (token.pinned() && !"https".equalsIgnoreCase(server.getScheme())) {
                throw new UsageException("the token pins a TLS certificate: --server must be https://");
            }
            int devices = positiveInt(o.getOrDefault("devices", "100"), "devices");
            int chunk = (int) size(o.getOrDefault("chunk-bytes", "1048576"), "chunk-bytes");
            if (chunk > Wire.MAX_CHUNK_BYTES) throw new UsageException("--chunk-bytes is more than the server accepts (" + Wire.MAX_CHUNK_BYTES + ")");
            long sessionBytes = size(o.getOrDefault("session-bytes", "8m"), "session-bytes");
            if ((sessionBytes + chunk - 1) / chunk > Wire.MAX_IDS) throw new UsageException("a session of more than " + Wire.MAX_IDS + " chunks");
            double perDay = positiveDouble(o.getOrDefault("sessions-per-device-per-day", "4"), "sessions-per-device-per-day");
            double scale = positiveDouble(o.getOrDefault("time-scale", "480"), "time-scale");
            int threads = positiveInt(o.getOrDefault("threads", Integer.toString(Math.min(devices, 32))), "threads");
            int clients = positiveInt(o.getOrDefault("clients", Integer.toString(Math.min(devices, 8))), "clients");
            return new Options(server, token, devices, duration(o.getOrDefault("duration", "60s"), "duration"), sessionBytes, chunk,
                    perDay, o.containsKey("flood"), scale, threads, clients, duration(o.getOrDefault("request-timeout", "120s"), "request-timeout"),
                    duration(o.getOrDefault("grace", "60s"), "grace"), o.containsKey("quiet"));
        }

        /** Seconds between a device's sessions in steady mode, in real (compressed) time. */
        double intervalSeconds() {
            return WORKDAY_MS / 1000.0 / sessionsPerDay / timeScale;
        }

        /** Bytes per second the devices offer in steady mode. */
        double offeredBytesPerSecond() {
            return devices * (double) sessionBytes / intervalSeconds();
        }

        static int positiveInt(String v, String name) {
            try {
                int n = Integer.parseInt(v.strip());
                if (n > 0) return n;
            } catch (NumberFormatException ignored) {
                // below
            }
            throw new UsageException("--" + name + " must be a positive whole number, not " + v);
        }

        static double positiveDouble(String v, String name) {
            try {
                double d = Double.parseDouble(v.strip());
                if (d > 0 && Double.isFinite(d)) return d;
            } catch (NumberFormatException ignored) {
                // below
            }
            throw new UsageException("--" + name + " must be a positive number, not " + v);
        }

        /** 1048576, 1024k, 1m, 1MiB, 1g. */
        static long size(String v, String name) {
            String t = v.strip().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
            long mul = 1;
            if (t.endsWith("k")) mul = 1L << 10;
            else if (t.endsWith("m")) mul = 1L << 20;
            else if (t.endsWith("g")) mul = 1L << 30;
            if (mul > 1) t = t.substring(0, t.length() - 1);
            try {
                long n = Math.round(Double.parseDouble(t) * mul);
                if (n > 0) return n;
            } catch (NumberFormatException ignored) {
                // below
            }
            throw new UsageException("--" + name + " must be a positive size (e.g. 1048576, 512k, 8m), not " + v);
        }

        /** 60, 60s, 500ms, 2m, 1h. */
        static Duration duration(String v, String name) {
            String t = v.strip().toLowerCase(Locale.ROOT);
            try {
                if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
                if (t.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
                if (t.endsWith("m")) return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
                if (t.endsWith("h")) return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 3_600_000));
                return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a duration (e.g. 60s, 2m), not " + v);
            }
        }
    }

    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String msg) {
            super(msg);
        }
    }

    // ------------------------------------------------------------------------------ state

    private final Options opt;
    private final PrintStream log;
    private final HttpClient[] clients;
    private final Map<String, Latencies> latency = new LinkedHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, String> firstError = new ConcurrentHashMap<>();
    private final LongAdder bytesStored = new LongAdder();
    private final LongAdder chunksStored = new LongAdder();
    private final LongAdder chunksHad = new LongAdder();
    private final LongAdder sessionsOk = new LongAdder();
    private final LongAdder sessionsFailed = new LongAdder();
    private final LongAdder sessionsLate = new LongAdder();
    private final AtomicLong maxLagMs = new AtomicLong();
    private final LongAdder rotateAsked = new LongAdder();
    /** Random bytes every chunk is a slice of (with a unique header): cheap to make and to make again. */
    private final byte[] pool;

    CollectorLoad(Options opt, PrintStream log) {
        this.opt = opt;
        this.log = log;
        for (String t : TYPES) latency.put(t, new Latencies());
        this.clients = new HttpClient[opt.clients()];
        for (int i = 0; i < clients.length; i++) {
            HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER);
            if (opt.token().pinned()) b.sslContext(dev.understudy.uploader.PinnedTrustManager.context(opt.token().fingerprint()));
            clients[i] = b.build();
        }
        this.pool = new byte[Math.max(opt.chunkBytes() * 4, 32 << 20)];
        SplittableRandom r = new SplittableRandom();
        for (int i = 0; i + 8 <= pool.length; i += 8) ByteBuffer.wrap(pool, i, 8).putLong(r.nextLong());
    }

    public static void main(String[] args) throws Exception {
        Options opt;
        try {
            opt = Options.parse(args);
        } catch (UsageException e) {
            if (e.getMessage() != null) System.err.println("CollectorLoad: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        Map<String, Object> summary = new CollectorLoad(opt, System.err).run();
        System.out.println(Wire.MAPPER.writeValueAsString(summary));
        System.exit(((Number) summary.get("devices_enrolled")).intValue() == 0 ? 1 : 0);
    }

    /** One simulated device. */
    final class Device {
        final int index;
        final String id;
        final String user;
        final HttpClient http;
        final long idBits;
        volatile DeviceCredential credential;
        /** The simulated wall clock of its working day: sessions are stamped with it. */
        long simWall;
        long seq;
        /** Steady mode: the real time (System.nanoTime) of the next session's slot. */
        long nextSlotNanos;

        Device(int index) {
            this.index = index;
            byte[] b = new byte[16];
            ThreadLocalRandom.current().nextBytes(b);
            this.id = HexFormat.of().formatHex(b);
            this.idBits = ByteBuffer.wrap(b).getLong();
            this.user = "user-" + index;
            this.http = clients[index % clients.length];
            this.simWall = LocalDate.now().atTime(9, 0).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli()
                    + ThreadLocalRandom.current().nextLong(TimeUnit.MINUTES.toMillis(30));
        }
    }

    // ------------------------------------------------------------------------------ run

    Map<String, Object> run() throws InterruptedException {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < opt.devices(); i++) devices.add(new Device(i));
        if (opt.flood()) {
            log.printf(Locale.ROOT, "CollectorLoad: %d devices against %s, flood for %ds, sessions of %s in %s chunks, %d threads%n",
                    opt.devices(), opt.server(), opt.duration().toSeconds(), mb(opt.sessionBytes()), mb(opt.chunkBytes()), opt.threads());
        } else {
            log.printf(Locale.ROOT, "CollectorLoad: %d devices against %s, steady for %ds: %.3g sessions of %s per device per 8-hour day,"
                            + " day compressed %.0fx (a session every %.1f s per device), offered %.2f MB/s, %d threads%n",
                    opt.devices(), opt.server(), opt.duration().toSeconds(), opt.sessionsPerDay(), mb(opt.sessionBytes()), opt.timeScale(),
                    opt.intervalSeconds(), opt.offeredBytesPerSecond() / 1e6, opt.threads());
        }

        // enrollment: every device, through the real API, before the load starts
        long e0 = System.nanoTime();
        ExecutorService enrollPool = Executors.newFixedThreadPool(opt.threads(), daemon("enroll"));
        CountDownLatch enrolled = new CountDownLatch(devices.size());
        for (Device d : devices) enrollPool.execute(() -> {
            try {
                enroll(d);
            } finally {
                enrolled.countDown();
            }
        });
        enrolled.await();
        enrollPool.shutdown();
        List<Device> ready = devices.stream().filter(d -> d.credential != null).toList();
        log.printf(Locale.ROOT, "CollectorLoad: %d of %d devices enrolled in %.1f s%n", ready.size(), devices.size(), (System.nanoTime() - e0) / 1e9);
        if (ready.isEmpty()) {
            log.println("CollectorLoad: no device could enroll: " + firstError.values().stream().findFirst().orElse("?"));
            return summary(0, 0, 0);
        }

        // the load
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(opt.threads(), daemon("device"));
        long start = System.nanoTime();
        long end = start + opt.duration().toNanos();
        CountDownLatch done = new CountDownLatch(ready.size());
        double intervalNanos = opt.intervalSeconds() * 1e9;
        for (Device d : ready) {
            if (opt.flood()) {
                pool.execute(() -> floodLoop(pool, d, end, done));
            } else {
                d.nextSlotNanos = start + (long) (ThreadLocalRandom.current().nextDouble() * intervalNanos);
                scheduleSteady(pool, d, end, (long) intervalNanos, done);
            }
        }
        ScheduledThreadPoolExecutor progress = new ScheduledThreadPoolExecutor(1, daemon("progress"));
        if (!opt.quiet()) {
            long[] last = {start, 0, 0};
            progress.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                long b = bytesStored.sum();
                long c = chunksStored.sum();
                log.printf(Locale.ROOT, "  %5.0fs  sessions %d ok %d failed  chunks %d  %.1f MB  %.2f MB/s  %.1f chunks/s (last 5 s)  errors %d%n",
                        (now - start) / 1e9, sessionsOk.sum(), sessionsFailed.sum(), c, b / 1e6, (b - last[1]) / 1e6 / ((now - last[0]) / 1e9),
                        (c - last[2]) / ((now - last[0]) / 1e9), errors.values().stream().mapToLong(LongAdder::sum).sum());
                last[0] = now;
                last[1] = b;
                last[2] = c;
            }, 5, 5, TimeUnit.SECONDS);
        }
        boolean finished = done.await(opt.duration().plus(opt.grace()).toMillis(), TimeUnit.MILLISECONDS);
        long elapsed = System.nanoTime() - start;
        progress.shutdownNow();
        pool.shutdownNow();
        if (!finished) log.println("CollectorLoad: sessions still in flight after the grace period were abandoned");
        Map<String, Object> s = summary(ready.size(), elapsed, devices.size());
        report(s);
        return s;
    }

    private void floodLoop(ScheduledThreadPoolExecutor pool, Device d, long end, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        session(d);
        // back of the queue: with more devices than threads every device gets its turn
        try {
            pool.execute(() -> floodLoop(pool, d, end, done));
        } catch (RuntimeException shutDown) {
            done.countDown();
        }
    }

    private void scheduleSteady(ScheduledThreadPoolExecutor pool, Device d, long end, long intervalNanos, CountDownLatch done) {
        if (d.nextSlotNanos >= end) {
            done.countDown();
            return;
        }
        long delay = Math.max(0, d.nextSlotNanos - System.nanoTime());
        try {
            pool.schedule(() -> {
                long lagMs = (System.nanoTime() - d.nextSlotNanos) / 1_000_000;
                if (lagMs > 1000) sessionsLate.increment();
                maxLagMs.accumulateAndGet(lagMs, Math::max);
                d.simWall += WORKDAY_MS / Math.max(1, Math.round(opt.sessionsPerDay()));
                session(d);
                d.nextSlotNanos += intervalNanos;
                scheduleSteady(pool, d, end, intervalNanos, done);
            }, delay, TimeUnit.NANOSECONDS);
        } catch (RuntimeException shutDown) {
            done.countDown();
        }
    }

    // ------------------------------------------------------------------------------ one device's requests

    private void enroll(Device d) {
        Messages.EnrollRequest req = new Messages.EnrollRequest(opt.token().secret(), d.id, d.user, "collector-load", "linux");
        HttpResponse<byte[]> r = send("enroll", d, request(d, "/enroll", false).POST(json(req)).header("Content-Type", "application/json"));
        if (r == null || r.statusCode() / 100 != 2) return;
        try {
            Messages.EnrollResponse er = Wire.MAPPER.readValue(r.body(), Messages.EnrollResponse.class);
            d.credential = DeviceCredential.parse(er.credential());
        } catch (IOException | RuntimeException e) {
            error("enroll", "unreadable answer", e.getMessage());
        }
    }

    /** A chunk of a session: where in the pool its body comes from, and its unique header. */
    private record ChunkRef(String id, int offset, int size, long h1, long h2) {}

    private byte[] bytes(ChunkRef c) {
        byte[] b = new byte[c.size];
        System.arraycopy(pool, c.offset, b, 0, c.size);
        ByteBuffer h = ByteBuffer.wrap(b);
        if (c.size >= 16) {
            h.putLong(0, c.h1);
            h.putLong(8, c.h2);
        }
        return b;
    }

    /** Uploads one session; counts it as ok or failed. */
    void session(Device d) {
        long t0 = System.nanoTime();
        long seq = ++d.seq;
        long startWall = d.simWall;
        long endWall = startWall + Math.max(60_000, WORKDAY_MS / Math.max(1, Math.round(opt.sessionsPerDay())) - 60_000);
        String session = LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(startWall), ZoneId.systemDefault()).format(SESSION_TIME)
                + "-" + String.format(Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000)) + "-" + seq;
        if (opt.flood()) d.simWall = endWall + 1000;

        // cut the session's bytes into chunks: unique (device, session, index) headers over random bytes
        List<ChunkRef> chunks = new ArrayList<>();
        long left = opt.sessionBytes();
        int idx = 0;
        while (left > 0) {
            int size = (int) Math.min(opt.chunkBytes(), left);
            int off = ThreadLocalRandom.current().nextInt(pool.length - size + 1);
            ChunkRef c = new ChunkRef(null, off, size, d.idBits ^ (seq << 20) ^ idx, ThreadLocalRandom.current().nextLong());
            chunks.add(new ChunkRef(Chunks.id(bytes(c)), off, size, c.h1, c.h2));
            left -= size;
            idx++;
        }
        List<String> ids = chunks.stream().map(ChunkRef::id).toList();
        try {
            HttpResponse<byte[]> r = send("missing", d, request(d, "/chunks/missing", true)
                    .POST(json(new Messages.MissingRequest(ids))).header("Content-Type", "application/json"));
            if (r == null || r.statusCode() != 200) {
                sessionsFailed.increment();
                return;
            }
            List<String> missing = Wire.MAPPER.readValue(r.body(), Messages.MissingResponse.class).missing();
            if (!upload(d, chunks, missing == null ? List.of() : missing)) {
                sessionsFailed.increment();
                return;
            }
            ObjectNode manifest = Wire.MAPPER.createObjectNode();
            manifest.put("format", 2);
            manifest.put("session", session);
            manifest.put("startWall", startWall);
            manifest.put("endWall", endWall);
            Messages.SessionCommit commit = new Messages.SessionCommit(session, manifest,
                    List.of(new Messages.FileEntry("events/000001.useg", opt.sessionBytes(), ids)));
            for (int attempt = 0; attempt < 2; attempt++) {
                HttpResponse<byte[]> cr = send("commit", d, request(d, "/sessions/" + session, true)
                        .PUT(json(commit)).header("Content-Type", "application/json"));
                if (cr != null && cr.statusCode() / 100 == 2) {
                    sessionsOk.increment();
                    latency.get("session").add(System.nanoTime() - t0);
                    return;
                }
                // 409 names the chunks the server lacks: upload them and commit again, as the uploader does
                if (cr == null || cr.statusCode() != 409 || attempt > 0) break;
                JsonNode body = Wire.MAPPER.readTree(cr.body());
                List<String> lacking = new ArrayList<>();
                body.path("missing").forEach(n -> lacking.add(n.asText()));
                if (lacking.isEmpty() || !upload(d, chunks, lacking)) break;
            }
            sessionsFailed.increment();
        } catch (IOException | RuntimeException e) {
            error("session", e.getClass().getSimpleName(), e.getMessage());
            sessionsFailed.increment();
        }
    }

    private boolean upload(Device d, List<ChunkRef> chunks, List<String> missing) {
        java.util.Set<String> want = new java.util.HashSet<>(missing);
        chunksHad.add(chunks.size() - want.size());
        for (ChunkRef c : chunks) {
            if (!want.remove(c.id)) continue;
            HttpResponse<byte[]> r = send("chunk", d, request(d, "/chunks/" + c.id, true)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes(c))).header("Content-Type", "application/octet-stream"));
            if (r == null || r.statusCode() / 100 != 2) return false;
            if (r.statusCode() == 201) {
                chunksStored.increment();
                bytesStored.add(c.size);
            } else {
                chunksHad.increment();
            }
        }
        return true;
    }

    private HttpRequest.Builder request(Device d, String path, boolean auth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(opt.server() + Wire.API + path)).timeout(opt.requestTimeout())
                .header("Accept", "application/json").header("User-Agent", "understudy-collector-load");
        if (auth) b.header("Authorization", d.credential.bearer());
        return b;
    }

    /** Sends, times and tallies a request; null when it got no answer. */
    private HttpResponse<byte[]> send(String type, Device d, HttpRequest.Builder b) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<byte[]> r = d.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            latency.get(type).add(System.nanoTime() - t0);
            if (r.headers().firstValue(Wire.ROTATE_HEADER).isPresent()) rotateAsked.increment();
            if (r.statusCode() / 100 != 2) error(type, Integer.toString(r.statusCode()), errorText(r.body()));
            return r;
        } catch (IOException e) {
            error(type, "io:" + e.getClass().getSimpleName(), e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(type, "interrupted", null);
            return null;
        }
    }

    private void error(String type, String what, String detail) {
        String key = type + " " + what;
        errors.computeIfAbsent(key, k -> new LongAdder()).increment();
        if (detail != null) firstError.putIfAbsent(key, detail.length() > 200 ? detail.substring(0, 200) : detail);
    }

    private static String errorText(byte[] body) {
        try {
            JsonNode n = Wire.MAPPER.readTree(body);
            if (n != null && n.hasNonNull("error")) return n.get("error").asText();
        } catch (IOException | RuntimeException ignored) {
            // not JSON
        }
        return body == null ? null : new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static HttpRequest.BodyPublisher json(Object o) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(Wire.MAPPER.writeValueAsBytes(o));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------ report

    private Map<String, Object> summary(int enrolled, long elapsedNanos, int devices) {
        double secs = elapsedNanos / 1e9;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mode", opt.flood() ? "flood" : "steady");
        s.put("server", opt.server().toString());
        s.put("devices", opt.devices());
        s.put("devices_enrolled", enrolled);
        s.put("threads", opt.threads());
        s.put("duration_s", opt.duration().toMillis() / 1000.0);
        s.put("elapsed_s", round(secs, 2));
        s.put("session_bytes", opt.sessionBytes());
        s.put("chunk_bytes", opt.chunkBytes());
        if (!opt.flood()) {
            s.put("sessions_per_device_per_day", opt.sessionsPerDay());
            s.put("time_scale", opt.timeScale());
            s.put("offered_mb_s", round(opt.offeredBytesPerSecond() / 1e6, 2));
            s.put("sessions_late", sessionsLate.sum());
            s.put("max_start_lag_ms", maxLagMs.get());
        }
        s.put("sessions_ok", sessionsOk.sum());
        s.put("sessions_failed", sessionsFailed.sum());
        s.put("chunks_stored", chunksStored.sum());
        s.put("chunks_already_there", chunksHad.sum());
        s.put("bytes_stored", bytesStored.sum());
        s.put("ingest_mb_s", secs > 0 ? round(bytesStored.sum() / 1e6 / secs, 2) : 0.0);
        s.put("chunks_s", secs > 0 ? round(chunksStored.sum() / secs, 1) : 0.0);
        s.put("sessions_s", secs > 0 ? round(sessionsOk.sum() / secs, 2) : 0.0);
        Map<String, Object> lat = new LinkedHashMap<>();
        for (var e : latency.entrySet()) {
            Latencies.Summary l = e.getValue().summary();
            if (l.count() == 0) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", l.count());
            m.put("p50", l.p50());
            m.put("p90", l.p90());
            m.put("p99", l.p99());
            m.put("max", l.max());
            m.put("mean", l.mean());
            lat.put(e.getKey(), m);
        }
        s.put("latency_ms", lat);
        Map<String, Long> errs = new TreeMap<>();
        errors.forEach((k, v) -> errs.put(k, v.sum()));
        s.put("errors", errs);
        s.put("rotate_asked", rotateAsked.sum());
        return s;
    }

    @SuppressWarnings("unchecked")
    private void report(Map<String, Object> s) {
        log.println();
        log.printf(Locale.ROOT, "%s, %d devices, %.1f s: %d sessions ok, %d failed; %d chunks stored (%d already there)%n",
                s.get("mode"), opt.devices(), (Double) s.get("elapsed_s"), sessionsOk.sum(), sessionsFailed.sum(), chunksStored.sum(), chunksHad.sum());
        log.printf(Locale.ROOT, "ingest %.2f MB/s, %.1f chunks/s, %.2f sessions/s%s%n", s.get("ingest_mb_s"), s.get("chunks_s"), s.get("sessions_s"),
                opt.flood() ? "" : String.format(Locale.ROOT, " (offered %.2f MB/s; %d sessions started late, max lag %d ms)",
                        s.get("offered_mb_s"), sessionsLate.sum(), maxLagMs.get()));
        log.printf(Locale.ROOT, "%-8s %8s %9s %9s %9s %9s%n", "latency", "n", "p50 ms", "p90 ms", "p99 ms", "max ms");
        for (var e : ((Map<String, Object>) s.get("latency_ms")).entrySet()) {
            Map<String, Object> m = (Map<String, Object>) e.getValue();
            log.printf(Locale.ROOT, "%-8s %8d %9.2f %9.2f %9.2f %9.2f%n", e.getKey(), m.get("n"), m.get("p50"), m.get("p90"), m.get("p99"), m.get("max"));
        }
        Map<String, Long> errs = (Map<String, Long>) s.get("errors");
        if (errs.isEmpty()) {
            log.println("errors: none");
        } else {
            log.println("errors:");
            errs.forEach((k, v) -> log.printf(Locale.ROOT, "  %-28s %8d  %s%n", k, v, firstError.getOrDefault(k, "")));
        }
        if (rotateAsked.sum() > 0) log.println("the server asked for credential rotation " + rotateAsked.sum() + " times (ignored)");
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static String mb(long bytes) {
        if (bytes % (1 << 20) == 0) return (bytes >> 20) + " MiB";
        if (bytes % (1 << 10) == 0) return (bytes >> 10) + " KiB";
        return bytes + " B";
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
