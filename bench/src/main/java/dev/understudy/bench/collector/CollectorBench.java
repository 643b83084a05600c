package dev.understudy.bench.collector;

import dev.understudy.collector.admin.ServerAdmin;
import dev.understudy.collector.api.Wire;
import dev.understudy.testbed.PostgresServer;
import dev.understudy.testbed.S3Server;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The collector's benchmark in one command: for each scenario a fresh collector is started as a
 * process of its own ({@code dev.understudy.cli.Main serve}, HTTPS with its self-signed certificate,
 * on 127.0.0.1), so that its CPU time ({@code /proc/PID/stat} utime + stime) and memory
 * ({@code /proc/PID/status} VmRSS sampled every 250 ms, VmHWM at the end) are its own; an enroll
 * token is made with {@code admin enroll-token}; then {@link CollectorLoad} runs in this JVM (a short
 * flood to warm the server's JIT first, not counted), and the figures are collected.
 *
 * <p>Scenarios (letters for {@code --scenarios}, default {@code a,b,c,d,e}):
 * <ul>
 *   <li>a: embedded (SQLite + files) flood over TLS: MB/s, chunks/s, p50/p99</li>
 *   <li>b: PostgreSQL + S3 (testbed: Debian's PostgreSQL, s3proxy in its own JVM) flood over TLS</li>
 *   <li>c: embedded steady load of 1,000 devices at {@code --scale-1k} (16) times their real rate, server
 *       started with {@code --xmx-1k} (384m): RSS vs 512 MB</li>
 *   <li>d: embedded steady load of 10,000 devices, once per {@code --scales-10k} value (default 1: the
 *       real steady-state rate of 10,000 devices in their working hours; the day compressed into the
 *       run would be 240 times more than this machine can take)</li>
 *   <li>e: as d on PostgreSQL + S3</li>
 * </ul>
 * A device-day is {@code --mb-per-hour} (the recorder benchmark's spool bytes per active hour) times
 * {@code --hours}, in {@code --sessions-per-day} sessions. The cost per device-day (server CPU
 * seconds, bytes stored) is derived from every steady run; for the PostgreSQL + S3 runs the CPU of
 * PostgreSQL and s3proxy is reported beside the collector's.
 *
 * <pre>
 *   mvn -B -q -ntp -o -Dmaven.test.skip=true package dependency:build-classpath -pl bench -am -Dmdep.outputFile=target/classpath.txt
 *   java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.understudy.bench.collector.CollectorBench --out /tmp/collector-bench
 * </pre>
 * or {@code ./understudy bench --collector [options]}. docs/benchmarks.md ("Collector") has the figures.
 * Prints a Markdown table on stdout and writes {@code OUT/collector-bench.json} (and each server's log).
 */
public final class CollectorBench {
    private static final long TICKS = 100; // getconf CLK_TCK on Linux

    record Opts(List<String> scenarios, Path out, Duration flood, Duration steady, Duration warmup, double mbPerHour, double hours,
                double sessionsPerDay, int floodDevices, int floodThreads, double scale1k, List<Double> scales10k, String xmx, String xmx1k,
                int steadyThreads) {
        long sessionBytes() {
            return Math.round(mbPerHour * 1e6 * hours / sessionsPerDay);
        }

        long dayBytes() {
            return Math.round(mbPerHour * 1e6 * hours);
        }
    }

    static Opts parse(String[] a) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals("-h") || a[i].equals("--help")) {
                System.err.println("""
                        usage: CollectorBench [--scenarios a,b,c,d,e] [--out DIR] [--flood 30s] [--steady 120s] [--warmup 15s]
                               [--mb-per-hour 2.28] [--hours 8] [--sessions-per-day 4] [--flood-devices 64] [--flood-threads 16]
                               [--scale-1k 16] [--scales-10k 1] [--xmx 1g] [--xmx-1k 384m] [--steady-threads 64]""");
                System.exit(0);
            }
            if (!a[i].startsWith("--") || i + 1 >= a.length) throw new IllegalArgumentException("bad argument " + a[i]);
            o.put(a[i].substring(2), a[++i]);
        }
        List<Double> scales = new ArrayList<>();
        for (String s : o.getOrDefault("scales-10k", "1").split(",")) scales.add(Double.parseDouble(s.strip()));
        return new Opts(List.of(o.getOrDefault("scenarios", "a,b,c,d,e").split(",")), Path.of(o.getOrDefault("out", "/tmp/collector-bench")),
                CollectorLoad.Options.duration(o.getOrDefault("flood", "30s"), "flood"),
                CollectorLoad.Options.duration(o.getOrDefault("steady", "120s"), "steady"),
                CollectorLoad.Options.duration(o.getOrDefault("warmup", "15s"), "warmup"),
                Double.parseDouble(o.getOrDefault("mb-per-hour", "2.28")), Double.parseDouble(o.getOrDefault("hours", "8")),
                Double.parseDouble(o.getOrDefault("sessions-per-day", "4")), Integer.parseInt(o.getOrDefault("flood-devices", "64")),
                Integer.parseInt(o.getOrDefault("flood-threads", "16")), Double.parseDouble(o.getOrDefault("scale-1k", "16")), scales,
                o.getOrDefault("xmx", "1g"), o.getOrDefault("xmx-1k", "384m"), Integer.parseInt(o.getOrDefault("steady-threads", "64")));
    }

    /** One scenario to run. */
    record Plan(String id, String title, boolean pg, boolean flood, int devices, double scale, String xmx) {}

    public static void main(String[] args) throws Exception {
        Opts o = parse(args);
        Files.createDirectories(o.out());
        List<Plan> plans = new ArrayList<>();
        for (String s : o.scenarios()) {
            switch (s.strip()) {
                case "a" -> plans.add(new Plan("a", "embedded flood", false, true, o.floodDevices(), 0, o.xmx()));
                case "b" -> plans.add(new Plan("b", "PostgreSQL + S3 flood", true, true, o.floodDevices(), 0, o.xmx()));
                case "c" -> plans.add(new Plan("c", "embedded steady, 1,000 devices, -Xmx" + o.xmx1k(), false, false, 1000, o.scale1k(), o.xmx1k()));
                case "d" -> {
                    for (double sc : o.scales10k()) plans.add(new Plan("d" + (sc == 1 ? "" : "x" + fmt(sc)), "embedded steady, 10,000 devices, x" + fmt(sc), false, false, 10_000, sc, o.xmx()));
                }
                case "e" -> {
                    for (double sc : o.scales10k()) plans.add(new Plan("e" + (sc == 1 ? "" : "x" + fmt(sc)), "PostgreSQL + S3 steady, 10,000 devices, x" + fmt(sc), true, false, 10_000, sc, o.xmx()));
                }
                default -> throw new IllegalArgumentException("unknown scenario " + s);
            }
        }
        Map<String, Object> all = new LinkedHashMap<>();
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("started", LocalDateTime.now().toString());
        setup.put("cpus", Runtime.getRuntime().availableProcessors());
        setup.put("java", System.getProperty("java.version"));
        setup.put("load_average_at_start", loadAverage());
        setup.put("device_day_bytes", o.dayBytes());
        setup.put("session_bytes", o.sessionBytes());
        setup.put("sessions_per_device_day", o.sessionsPerDay());
        setup.put("mb_per_active_hour", o.mbPerHour());
        setup.put("working_hours", o.hours());
        all.put("setup", setup);
        List<Map<String, Object>> results = new ArrayList<>();
        all.put("scenarios", results);
        for (Plan p : plans) {
            Map<String, Object> r;
            try {
                r = run(o, p);
            } catch (Exception e) {
                e.printStackTrace();
                r = new LinkedHashMap<>();
                r.put("id", p.id());
                r.put("title", p.title());
                r.put("failed", String.valueOf(e));
            }
            results.add(r);
            Files.writeString(o.out().resolve("collector-bench.json"), Wire.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(all));
        }
        System.out.println(table(o, results));
        System.out.println(Wire.MAPPER.writeValueAsString(all));
        System.exit(0);
    }

    // ------------------------------------------------------------------------------ one scenario

    @SuppressWarnings("unchecked")
    static Map<String, Object> run(Opts o, Plan p) throws Exception {
        System.err.printf(Locale.ROOT, "%n=== %s: %s (load average %s)%n", p.id(), p.title(), loadAverage());
        Path data = o.out().resolve("server-" + p.id());
        deleteTree(data);
        PostgresServer pg = null;
        S3Server s3 = null;
        Process server = null;
        try {
            List<String> serve = new ArrayList<>(List.of("serve", "--data", data.toString(), "--port", "0", "--bind", "127.0.0.1"));
            if (p.pg()) {
                pg = PostgresServer.start();
                s3 = S3Server.start();
                s3.createBucket("blobs");
                serve.addAll(List.of("--db", pg.jdbcUrl(), "--blobs", s3.blobsUri("blobs")));
            }
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + p.xmx(),
                    "-cp", System.getProperty("java.class.path"), "dev.understudy.cli.Main"));
            cmd.addAll(serve);
            Files.createDirectories(o.out());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(o.out().resolve("server-" + p.id() + ".log").toFile());
            server = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("serving ")) throw new IOException("the collector did not start: " + line + " (see the log in " + o.out() + ")");
            String url = line.substring("serving ".length()).strip();
            long pid = server.pid();
            String token = enrollToken(data);
            Sampler sampler = new Sampler(pid);
            Thread st = new Thread(sampler, "rss-sampler");
            st.setDaemon(true);
            st.start();
            long[] pgPids = pg == null ? new long[0] : postgresPids(pg);
            final PostgresServer fpg = pg;
            final S3Server fs3 = s3;

            // warm-up (JIT), not counted
            if (!o.warmup().isZero()) {
                System.err.println("--- warm-up");
                loadRun(new String[] {"--server", url, "--token", token, "--devices", "8", "--duration", o.warmup().toMillis() + "ms", "--flood",
                        "--threads", "8", "--session-bytes", Long.toString(o.sessionBytes()), "--quiet"}, null);
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", p.id());
            r.put("title", p.title());
            r.put("backend", p.pg() ? "postgresql+s3" : "embedded (sqlite+files)");
            r.put("server_xmx", p.xmx());
            r.put("load_average_before", loadAverage());
            long stored0 = stored(data, fpg, fs3);
            long[] cpuAtEnroll = new long[3];
            long[] cpu0 = {procCpuTicks(pid), procCpuTicks(ProcessHandle.current().pid()), sideCpu(pgPids, fs3)};
            sampler.reset();
            List<String> la = new ArrayList<>(List.of("--server", url, "--token", token, "--devices", Integer.toString(p.devices()),
                    "--session-bytes", Long.toString(o.sessionBytes()), "--request-timeout", "120s"));
            if (p.flood()) {
                la.addAll(List.of("--flood", "--duration", o.flood().toMillis() + "ms", "--threads", Integer.toString(o.floodThreads())));
            } else {
                la.addAll(List.of("--steady", "--duration", o.steady().toMillis() + "ms", "--time-scale", Double.toString(p.scale()),
                        "--sessions-per-device-per-day", Double.toString(o.sessionsPerDay()), "--threads", Integer.toString(o.steadyThreads())));
            }
            long[] enrollNanos = new long[1];
            long t0 = System.nanoTime();
            Map<String, Object> s = loadRun(la.toArray(String[]::new), () -> {
                cpuAtEnroll[0] = procCpuTicks(pid);
                cpuAtEnroll[1] = procCpuTicks(ProcessHandle.current().pid());
                cpuAtEnroll[2] = sideCpu(pgPids, fs3);
                enrollNanos[0] = System.nanoTime() - t0;
                sampler.reset();
            });
            long[] cpu1 = {procCpuTicks(pid), procCpuTicks(ProcessHandle.current().pid()), sideCpu(pgPids, fs3)};
            long stored1 = stored(data, fpg, fs3);
            double elapsed = ((Number) s.get("elapsed_s")).doubleValue();
            r.put("load_average_after", loadAverage());
            r.put("load", s);
            r.put("enroll_s", round(enrollNanos[0] / 1e9, 1));
            r.put("server_cpu_enroll_s", round((cpuAtEnroll[0] - cpu0[0]) / (double) TICKS, 2));
            double serverCpu = (cpu1[0] - cpuAtEnroll[0]) / (double) TICKS;
            double clientCpu = (cpu1[1] - cpuAtEnroll[1]) / (double) TICKS;
            double sideCpu = (cpu1[2] - cpuAtEnroll[2]) / (double) TICKS;
            r.put("server_cpu_s", round(serverCpu, 2));
            r.put("server_cpu_pct_of_one_core", round(100 * serverCpu / elapsed, 1));
            r.put("load_generator_cpu_pct_of_one_core", round(100 * clientCpu / elapsed, 1));
            if (p.pg()) r.put("postgres_s3proxy_cpu_pct_of_one_core", round(100 * sideCpu / elapsed, 1));
            r.put("server_rss_avg_mib", sampler.avgKiB() / 1024);
            r.put("server_rss_max_mib", sampler.maxKiB / 1024);
            r.put("server_vmhwm_mib", procStatusKiB(pid, "VmHWM") / 1024);
            long bytesSent = ((Number) s.get("bytes_stored")).longValue();
            long chunks = ((Number) s.get("chunks_stored")).longValue();
            r.put("bytes_sent", bytesSent);
            r.put("stored_growth_bytes", stored1 - stored0);
            r.put("stored_over_sent", bytesSent == 0 ? 0 : round((stored1 - stored0) / (double) bytesSent, 4));
            r.put("server_cpu_ms_per_chunk", chunks == 0 ? 0 : round(1000 * serverCpu / chunks, 2));
            r.put("server_cpu_s_per_gb", bytesSent == 0 ? 0 : round(serverCpu / (bytesSent / 1e9), 2));
            double deviceDays = bytesSent / (double) o.dayBytes();
            r.put("device_days", round(deviceDays, 2));
            if (deviceDays > 0) {
                r.put("server_cpu_s_per_device_day", round(serverCpu / deviceDays, 3));
                if (p.pg()) r.put("postgres_s3proxy_cpu_s_per_device_day", round(sideCpu / deviceDays, 3));
                r.put("stored_bytes_per_device_day", Math.round((stored1 - stored0) / deviceDays));
            }
            Map<String, Object> lat = (Map<String, Object>) s.get("latency_ms");
            double worst = 0;
            String worstType = "";
            for (String t : List.of("missing", "chunk", "commit")) {
                Map<String, Object> m = (Map<String, Object>) lat.get(t);
                if (m == null) continue;
                double v = ((Number) m.get("p99")).doubleValue();
                if (v > worst) {
                    worst = v;
                    worstType = t;
                }
            }
            r.put("worst_request_p99_ms", worst);
            r.put("worst_request_p99_type", worstType);
            sampler.stop = true;
            return r;
        } finally {
            if (server != null) {
                server.destroy();
                if (!server.waitFor(30, TimeUnit.SECONDS)) server.destroyForcibly();
            }
            if (s3 != null) s3.close();
            if (pg != null) pg.close();
        }
    }

    /**
     * A new enroll token from {@code understudy admin enroll-token} in a JVM of its own (what
     * {@link ServerAdmin#createEnrollToken} does in-process; a child reads the jars afresh, which
     * matters when a build replaces them in ~/.m2 during a long run).
     */
    static String enrollToken(Path data) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                "dev.understudy.cli.Main", "admin", "enroll-token", "--data", data.toString(), "--expires-hours", "12")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).lines().toList();
        if (p.waitFor() != 0 || lines.isEmpty()) throw new IOException("admin enroll-token failed: " + lines);
        return lines.get(lines.size() - 1).strip();
    }

    /** Runs CollectorLoad in this JVM; {@code onEnrolled} runs when its devices are enrolled (the load starts). */
    static Map<String, Object> loadRun(String[] args, Runnable onEnrolled) throws InterruptedException {
        CollectorLoad.Options opt = CollectorLoad.Options.parse(args);
        PrintStream log = new PrintStream(new LineTap(System.err, l -> {
            if (onEnrolled != null && l.contains("devices enrolled in")) onEnrolled.run();
        }), true, StandardCharsets.UTF_8);
        return new CollectorLoad(opt, log).run();
    }

    /** Passes bytes on and calls back with each whole line. */
    static final class LineTap extends OutputStream {
        private final OutputStream to;
        private final java.util.function.Consumer<String> onLine;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineTap(OutputStream to, java.util.function.Consumer<String> onLine) {
            this.to = to;
            this.onLine = onLine;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            to.write(b);
            if (b == '\n') {
                onLine.accept(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }

        @Override
        public void flush() throws IOException {
            to.flush();
        }
    }

    /** VmRSS of a process every 250 ms. */
    static final class Sampler implements Runnable {
        final long pid;
        volatile boolean stop;
        long maxKiB;
        long sum;
        long n;

        Sampler(long pid) {
            this.pid = pid;
        }

        synchronized void reset() {
            maxKiB = 0;
            sum = 0;
            n = 0;
        }

        synchronized long avgKiB() {
            return n == 0 ? 0 : sum / n;
        }

        @Override
        public void run() {
            while (!stop) {
                long kib = procStatusKiB(pid, "VmRSS");
                if (kib < 0) return;
                synchronized (this) {
                    maxKiB = Math.max(maxKiB, kib);
                    sum += kib;
                    n++;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    // ------------------------------------------------------------------------------ /proc

    /** utime + stime of a process, in clock ticks; -1 when it is gone. */
    static long procCpuTicks(long pid) {
        try {
            String st = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
            // fields after the command: state(3) ppid(4) ... utime(14) stime(15): index = field - 3
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long procPpid(long pid) {
        try {
            String st = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Long.parseLong(st.substring(st.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long procStatusKiB(long pid, String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (l.startsWith(field + ":")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** The postmaster of the testbed cluster (its data directory's postmaster.pid). */
    static long[] postgresPids(PostgresServer pg) {
        try {
            long pm = Long.parseLong(Files.readAllLines(pg.directory().resolve("data").resolve("postmaster.pid")).get(0).strip());
            return new long[] {pm};
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }

    /** CPU ticks of PostgreSQL (postmaster, its live children, and its reaped children) and of s3proxy. */
    static long sideCpu(long[] pgPids, S3Server s3) {
        if (pgPids.length == 0 && s3 == null) return 0;
        long total = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                long pid = Long.parseLong(name);
                boolean pgProc = false;
                for (long pm : pgPids) if (pid == pm || procPpid(pid) == pm) pgProc = true;
                boolean s3Proc = s3 != null && cmdline(pid).contains("org.gaul.s3proxy.Main") && cmdline(pid).contains(s3.blobsDirectory().getParent().toString());
                if (pgProc || s3Proc) {
                    long t = procCpuTicks(pid);
                    if (t > 0) total += t;
                    if (pgProc && pgPids.length > 0 && pid == pgPids[0]) total += reapedChildren(pid);
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    static long reapedChildren(long pid) {
        try {
            String st = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    // ------------------------------------------------------------------------------ bytes stored

    /** Bytes the server keeps: blob files and database (embedded), or the bucket's files and the database's size. */
    static long stored(Path data, PostgresServer pg, S3Server s3) throws IOException {
        if (pg == null) {
            long b = treeBytes(data.resolve("blobs"));
            try (Stream<Path> s = Files.list(data)) {
                for (Path f : s.filter(f -> f.getFileName().toString().startsWith("collector.db")).toList()) b += Files.size(f);
            }
            return b;
        }
        long b = treeBytes(s3.blobsDirectory().resolve("blobs"));
        String size = pg.psqlAsSuperuser(PostgresServer.DATABASE, "SELECT pg_database_size('" + PostgresServer.DATABASE + "')").strip();
        return b + Long.parseLong(size.replaceAll("[^0-9]", ""));
    }

    static long treeBytes(Path p) throws IOException {
        if (!Files.exists(p)) return 0;
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // a temporary file renamed meanwhile
                }
            }).sum();
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }

    // ------------------------------------------------------------------------------ report

    @SuppressWarnings("unchecked")
    static String table(Opts o, List<Map<String, Object>> rs) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%ndevice-day: %.2f MB/h x %.0f h = %,d bytes in %.0f sessions of %,d bytes (1 MiB chunks)%n%n",
                o.mbPerHour(), o.hours(), o.dayBytes(), o.sessionsPerDay(), o.sessionBytes()));
        b.append("| scenario | load avg before | offered MB/s | ingest MB/s | chunks/s | sessions ok/failed | chunk p50 / p99 ms | missing p99 | commit p99 | "
                + "server CPU % of a core | PG+s3proxy CPU % | load gen CPU % | server RSS avg / max / HWM MiB | CPU s per device-day | stored / sent |\n");
        b.append("|---|---|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---|---:|---:|\n");
        for (Map<String, Object> r : rs) {
            if (r.containsKey("failed")) {
                b.append("| ").append(r.get("id")).append(" ").append(r.get("title")).append(" | failed: ").append(r.get("failed")).append(" |\n");
                continue;
            }
            Map<String, Object> s = (Map<String, Object>) r.get("load");
            Map<String, Object> lat = (Map<String, Object>) s.get("latency_ms");
            b.append(String.format(Locale.ROOT, "| %s %s | %s | %s | %.2f | %.1f | %s / %s | %s / %s | %s | %s | %.1f | %s | %.1f | %d / %d / %d | %s | %.4f |%n",
                    r.get("id"), r.get("title"), r.get("load_average_before"), s.getOrDefault("offered_mb_s", "flood"), s.get("ingest_mb_s"), s.get("chunks_s"),
                    s.get("sessions_ok"), s.get("sessions_failed"), p(lat, "chunk", "p50"), p(lat, "chunk", "p99"), p(lat, "missing", "p99"), p(lat, "commit", "p99"),
                    r.get("server_cpu_pct_of_one_core"), r.getOrDefault("postgres_s3proxy_cpu_pct_of_one_core", "-"), r.get("load_generator_cpu_pct_of_one_core"),
                    r.get("server_rss_avg_mib"), r.get("server_rss_max_mib"), r.get("server_vmhwm_mib"), r.getOrDefault("server_cpu_s_per_device_day", "-"),
                    r.get("stored_over_sent")));
        }
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static Object p(Map<String, Object> lat, String type, String pct) {
        Map<String, Object> m = (Map<String, Object>) lat.get(type);
        return m == null ? "-" : m.get(pct);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
