package dev.understudy.capture.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.capture.CaptureException;
import dev.understudy.capture.Clock;
import dev.understudy.capture.EventSink;
import dev.understudy.capture.clipboard.X11ClipboardSource;
import dev.understudy.capture.input.InputSource;
import dev.understudy.capture.screen.ScreenGrab;
import dev.understudy.capture.screen.RobotScreenGrabber;
import dev.understudy.capture.screen.ScreenGrabber;
import dev.understudy.capture.screen.ScreenGrabbers;
import dev.understudy.capture.screen.XShmScreenGrabber;
import dev.understudy.capture.window.X11WindowSource;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child-JVM side of {@link ProbeProcess}: starts the sources named on the command line against
 * the X server in DISPLAY and reports on stdout, one line each:
 * {@code READY}, {@code ERROR <message>}, {@code EVENT <raw event json>}, {@code REPLY <tag> <json>}.
 * Commands on stdin: {@code key <key> <mods>} (feed a KeyDown to the clipboard source),
 * {@code current}, {@code visible}, {@code monitors}, {@code grab <monitor> <x> <y>}, {@code stats},
 * {@code xerrors}, {@code restart-input}, {@code quit}; for the screen grabbers (named by their
 * source) {@code monitors <name>}, {@code grabber <name>}, {@code compare <a> <b> <monitor>}, {@code bench <name> <monitor>
 * <grabs> <warmup>}, {@code close <name>}, {@code warnings}. {@code grab} uses the first grabber.
 *
 * <p>Sources: {@code input}, {@code window}, {@code clipboard[=maxChars]}, {@code screen} (Robot),
 * {@code xshm}, {@code best} ({@link ScreenGrabbers#best}; its warnings go to {@code warnings}),
 * {@code damage} ({@link dev.understudy.capture.screen.ScreenDamage}: the command {@code damage}
 * answers what was drawn since it was last asked).
 */
public final class CaptureProbe {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        Clock clock = new Clock();
        // The sink only enqueues, and never wakes the writer: a blocking queue's per-event wake-up
        // (futex) costs the hook thread 20-50 us an event on a busy 2-core machine, a lock-free
        // offer about 1 us. The writer drains every 5 ms.
        ConcurrentLinkedQueue<RawEvent> queue = new ConcurrentLinkedQueue<>();
        EventSink sink = queue::offer;
        Thread writer = new Thread(() -> {
            try {
                while (true) {
                    RawEvent e;
                    while ((e = queue.poll()) != null) line("EVENT " + JSON.writeValueAsString(e));
                    LockSupport.parkNanos(5_000_000L);
                }
            } catch (java.io.IOException e) {
                // done
            }
        }, "probe-writer");
        writer.setDaemon(true);
        writer.start();

        InputSource input = null;
        X11WindowSource window = null;
        X11ClipboardSource clipboard = null;
        Map<String, ScreenGrabber> grabbers = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        AtomicLong activity = new AtomicLong();
        dev.understudy.capture.screen.ScreenDamage damage = null;
        try {
            for (String a : args) {
                if (a.equals("input")) {
                    input = new InputSource(sink, clock);
                    input.setActivityListener(e -> activity.incrementAndGet());
                    input.start();
                } else if (a.equals("window")) {
                    window = new X11WindowSource(sink, clock);
                    window.start();
                } else if (a.startsWith("clipboard")) {
                    int max = a.contains("=") ? Integer.parseInt(a.substring(a.indexOf('=') + 1)) : 4096;
                    clipboard = new X11ClipboardSource(sink, clock, max);
                    clipboard.start();
                } else if (a.equals("screen")) {
                    grabbers.put(a, new RobotScreenGrabber(clock));
                } else if (a.equals("xshm")) {
                    grabbers.put(a, new XShmScreenGrabber(clock));
                } else if (a.equals("damage")) {
                    damage = dev.understudy.capture.screen.ScreenDamage.open();
                } else if (a.equals("best")) {
                    grabbers.put(a, ScreenGrabbers.best(clock, warnings::add));
                } else {
                    throw new IllegalArgumentException(a);
                }
            }
        } catch (CaptureException e) {
            line("ERROR " + e.getMessage());
            System.exit(2);
        }
        ScreenGrabber screen = grabbers.isEmpty() ? null : grabbers.values().iterator().next();
        line("READY");

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String cmd;
        while ((cmd = in.readLine()) != null) {
            String[] w = cmd.trim().split("\\s+");
            switch (w[0]) {
                case "key" -> clipboard.onKeyDown(new RawEvent.KeyDown(clock.mono(), clock.wall(), 0, w[1], null,
                        Integer.parseInt(w[2])));
                case "current" -> reply("current", window.current());
                case "visible" -> reply("visible", window.visibleWindows());
                case "monitors" -> reply("monitors", (w.length > 1 ? grabbers.get(w[1]) : screen).monitors());
                case "grab" -> {
                    long t0 = System.nanoTime();
                    ScreenGrab g = screen.grab(Integer.parseInt(w[1]));
                    long took = System.nanoTime() - t0;
                    int x = Integer.parseInt(w[2]), y = Integer.parseInt(w[3]);
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("width", g.width());
                    r.put("height", g.height());
                    r.put("monitor", g.monitor());
                    r.put("mono", g.mono());
                    r.put("pixel", g.pixels()[y * g.width() + x] & 0xffffff);
                    r.put("type", g.image().getType());
                    r.put("millis", took / 1e6);
                    reply("grab", r);
                }
                case "grabber" -> {
                    ScreenGrabber g = grabbers.get(w[1]);
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("class", g.getClass().getSimpleName());
                    if (g instanceof XShmScreenGrabber x) r.put("segments", x.segmentCount());
                    reply("grabber", r);
                }
                case "reuse" -> reply("reuse", reuse(grabbers.get(w[1]), Integer.parseInt(w[2])));
                case "compare" -> reply("compare", compare(grabbers.get(w[1]), grabbers.get(w[2]),
                        Integer.parseInt(w[3])));
                case "bench" -> reply("bench", bench(grabbers.get(w[1]), Integer.parseInt(w[2]),
                        Integer.parseInt(w[3]), Integer.parseInt(w[4])));
                case "close" -> {
                    grabbers.get(w[1]).close();
                    reply("close", "ok");
                }
                case "damage" -> {
                    long t0 = System.nanoTime();
                    dev.understudy.capture.screen.ScreenDamage.Region r = damage.take();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("everything", r.everything());
                    m.put("rects", r.rects());
                    m.put("micros", (System.nanoTime() - t0) / 1000);
                    reply("damage", m);
                }
                case "warnings" -> reply("warnings", warnings);
                case "xerrors" -> reply("xerrors", dev.understudy.capture.x11.XErrors.count());
                case "restart-input" -> {
                    input.close();
                    input = new InputSource(sink, clock);
                    input.setActivityListener(e -> activity.incrementAndGet());
                    input.start();
                    reply("restart-input", "ok");
                }
                case "stats" -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("input", input.stats());
                    r.put("nanosPerEvent", input.stats().nanosPerEvent());
                    r.put("activity", activity.get());
                    reply("stats", r);
                }
                case "quit" -> {
                    if (input != null) input.close();
                    if (window != null) window.close();
                    if (clipboard != null) clipboard.close();
                    for (ScreenGrabber g : grabbers.values()) g.close();
                    if (damage != null) damage.close();
                    while (!queue.isEmpty()) LockSupport.parkNanos(1_000_000L);
                    line("BYE");
                    System.exit(0);
                }
                default -> line("ERROR unknown command " + cmd);
            }
        }
        System.exit(0);
    }

    /**
     * Grabs into an image of the right size filled with garbage, between two fresh grabs:
     * {@code sameImage} whether the grab overwrote it, {@code stable} whether the fresh grabs agree,
     * {@code differing} the pixels the reused grab differs in; {@code wrongSizeReused} whether an
     * image of another size was (wrongly) written into.
     */
    private static Map<String, Object> reuse(ScreenGrabber g, int monitor) {
        ScreenGrab a1 = g.grab(monitor);
        java.awt.image.BufferedImage garbage = new java.awt.image.BufferedImage(a1.width(), a1.height(),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        int[] px = ((java.awt.image.DataBufferInt) garbage.getRaster().getDataBuffer()).getData();
        Arrays.fill(px, 0x7f7f7f);
        ScreenGrab r = g.grab(monitor, garbage);
        ScreenGrab a2 = g.grab(monitor);
        java.awt.image.BufferedImage small = new java.awt.image.BufferedImage(a1.width() - 1, a1.height(),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        ScreenGrab s = g.grab(monitor, small);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sameImage", r.image() == garbage);
        out.put("stable", Arrays.equals(a1.pixels(), a2.pixels()));
        int differing = 0;
        for (int i = 0; i < px.length; i++) if (r.pixels()[i] != a1.pixels()[i]) differing++;
        out.put("differing", differing);
        out.put("wrongSizeReused", s.image() == small);
        out.put("wrongSizeWidth", s.width());
        return out;
    }

    /**
     * Grabs with {@code a}, {@code b}, {@code a} again. {@code stable}: both grabs of {@code a} are
     * identical (the screen did not change meanwhile); then {@code differing} counts the pixels in
     * which {@code b} differs from them.
     */
    private static Map<String, Object> compare(ScreenGrabber a, ScreenGrabber b, int monitor) {
        ScreenGrab a1 = a.grab(monitor);
        ScreenGrab g = b.grab(monitor);
        ScreenGrab a2 = a.grab(monitor);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("width", g.width());
        r.put("height", g.height());
        r.put("type", g.image().getType());
        r.put("sameSize", a1.width() == g.width() && a1.height() == g.height());
        r.put("stable", Arrays.equals(a1.pixels(), a2.pixels()));
        int[] p = a1.pixels(), q = g.pixels();
        int differing = 0, alpha = 0, first = -1;
        for (int i = 0; i < q.length; i++) {
            if ((q[i] & 0xff000000) != 0) alpha++;
            if (i < p.length && (p[i] & 0xffffff) != q[i]) {
                if (first < 0) first = i;
                differing++;
            }
        }
        r.put("differing", differing);
        r.put("withAlphaBits", alpha);
        if (first >= 0) {
            r.put("firstDifference", String.format("(%d,%d) %06x vs %06x", first % g.width(), first / g.width(),
                    p[first] & 0xffffff, q[first]));
        }
        // A few distinct colours prove that something was drawn (not an all-black screen).
        r.put("colours", Arrays.stream(q).distinct().limit(1000).count());
        r.put("freshImages", a1.image() != a2.image() && a1.pixels() != a2.pixels());
        return r;
    }

    private static Map<String, Object> bench(ScreenGrabber g, int monitor, int grabs, int warmup) {
        for (int i = 0; i < warmup; i++) g.grab(monitor);
        double[] ms = new double[grabs];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < grabs; i++) {
            long t0 = System.nanoTime();
            g.grab(monitor);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        Arrays.sort(ms);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("threadCpuMs", cpu / 1e6 / grabs); // the grabbing thread's CPU per grab (GC not included)
        r.put("median", ms[grabs / 2]);
        r.put("p10", ms[grabs / 10]);
        r.put("p90", ms[grabs * 9 / 10]);
        r.put("min", ms[0]);
        return r;
    }

    private static void reply(String tag, Object value) throws java.io.IOException {
        line("REPLY " + tag + " " + JSON.writeValueAsString(value));
    }

    private static synchronized void line(String s) {
        OUT.println(s);
        OUT.flush();
    }
}
