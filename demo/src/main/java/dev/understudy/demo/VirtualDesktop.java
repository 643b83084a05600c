package dev.understudy.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A private X desktop for the demo, the tests and the benchmarks: Xvfb plus the openbox window
 * manager (or the caller's own display), and the X clients started on it, all ended by
 * {@link #close()}.
 *
 * <p>Xvfb picks a free display number itself and reports it once it accepts clients
 * ({@code -displayfd}), so parallel runs never race for a number; openbox is ready once it has set
 * {@code _NET_SUPPORTING_WM_CHECK} on the root window. Nothing here waits on a timer.
 *
 * <p>Its clients, the recorder among them, also find the desktop entries of the demo's own apps
 * (the notes app's, which names its windows "Notes"): a private data directory is put first in
 * their {@code XDG_DATA_DIRS}, ahead of the inherited directories (default
 * {@code /usr/local/share:/usr/share}), so the user's own {@code XDG_DATA_HOME} still comes first
 * and nothing else of the environment changes. {@link #close()} deletes it.
 *
 * <p>Needs the Debian packages xvfb, openbox and x11-utils (xprop).
 */
public final class VirtualDesktop implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    private static final List<String> DEFAULT_SCREEN = List.of("-screen", "0", "1280x800x24");

    private final String display;
    private final Process server;
    private final Deque<Process> owned = new ConcurrentLinkedDeque<>();
    /** The private data directory with applications/ of the demo's apps, null if it could not be written. */
    private final Path dataDir;
    /** The private session D-Bus of {@link #withSessionBus()}: its address and runtime directory, or null. */
    private volatile String sessionBus;
    private volatile Path runtimeDir;

    private VirtualDesktop(String display, Process server) {
        this.display = display;
        this.server = server;
        this.dataDir = writeDesktopEntries();
    }

    private static Path writeDesktopEntries() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("understudy-desktop-data");
            Path apps = Files.createDirectories(dir.resolve("applications"));
            Files.writeString(apps.resolve(NotesApp.DESKTOP_ID + ".desktop"), NotesApp.desktopEntry());
            return dir;
        } catch (IOException e) {
            deleteTree(dir); // the apps are then named after their window class: cosmetic only
            return null;
        }
    }

    /** {@code XDG_DATA_DIRS} for clients: the private directory, then the inherited ones. */
    private String dataDirs() {
        String inherited = System.getenv("XDG_DATA_DIRS");
        if (inherited == null || inherited.isBlank()) inherited = "/usr/local/share:/usr/share";
        return dataDir == null ? inherited : dataDir + ":" + inherited;
    }

    /** Uses an existing display (e.g. the user's own $DISPLAY); close() ends only what was started on it. */
    public static VirtualDesktop existing(String display) {
        return new VirtualDesktop(display, null);
    }

    /** Starts Xvfb with one screen of the given size and openbox on it. */
    public static VirtualDesktop start(int width, int height) throws IOException, InterruptedException {
        return start("-screen", "0", width + "x" + height + "x24");
    }

    /**
     * Starts Xvfb with these arguments (screens, e.g. +xinerama for several monitors, or extensions
     * such as "-extension", "RECORD"; without a -screen, one 1280x800 screen) and openbox.
     */
    public static VirtualDesktop start(String... xvfbArgs) throws IOException, InterruptedException {
        return start(true, xvfbArgs);
    }

    /** As {@link #start(String...)}, with or without the window manager. */
    public static VirtualDesktop start(boolean windowManager, String... xvfbArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("Xvfb", "-displayfd", "1", "-nolisten", "tcp", "-noreset"));
        if (!List.of(xvfbArgs).contains("-screen")) cmd.addAll(DEFAULT_SCREEN);
        cmd.addAll(List.of(xvfbArgs));
        Path log = Files.createTempFile("xvfb", ".log");
        Process x = Processes.start(new ProcessBuilder(cmd).redirectError(log.toFile()), "Xvfb");
        BufferedReader r = new BufferedReader(new InputStreamReader(x.getInputStream(), StandardCharsets.US_ASCII));
        String line = Processes.readLine(r, DEFAULT_TIMEOUT.toMillis());
        if (line == null || !line.trim().matches("\\d+")) {
            kill(x);
            String why = Files.readString(log).strip();
            Files.deleteIfExists(log);
            throw new IOException("Xvfb did not start (is the xvfb package installed?)" + (why.isEmpty() ? "" : ": " + why));
        }
        Files.deleteIfExists(log);
        VirtualDesktop d = new VirtualDesktop(":" + line.trim(), x);
        if (windowManager) {
            try {
                d.spawn("openbox", "--sm-disable");
                d.awaitWindowManager();
            } catch (IOException | RuntimeException e) {
                d.close();
                throw e;
            }
        }
        return d;
    }

    /** ":N". */
    public String display() {
        return display;
    }

    /** The X server's process id (for measuring its CPU time), or -1 for an existing display. */
    public long serverPid() {
        return server == null ? -1 : server.pid();
    }

    /** Environment additions for clients of this desktop. */
    public Map<String, String> env() {
        Map<String, String> env = new java.util.HashMap<>(Map.of("DISPLAY", display, "XDG_DATA_DIRS", dataDirs()));
        if (sessionBus != null) {
            env.put("DBUS_SESSION_BUS_ADDRESS", sessionBus);
            env.put("XDG_RUNTIME_DIR", runtimeDir.toString());
        }
        return Map.copyOf(env);
    }

    /**
     * Gives this desktop's clients a private session D-Bus, as a desktop session has: the
     * accessibility bus (at-spi-bus-launcher, D-Bus activated as {@code org.a11y.Bus}) and the
     * applications' accessibility trees live behind it. Its clients get {@code
     * DBUS_SESSION_BUS_ADDRESS} and a private {@code XDG_RUNTIME_DIR} (mode 0700): the launcher
     * puts the accessibility bus's socket there, named after the display number only, so desktops
     * of parallel tests never share or remove each other's socket. Ended by {@link #close()}.
     * Needs the Debian package dbus (dbus-daemon) and, for accessibility, at-spi2-core.
     */
    public synchronized VirtualDesktop withSessionBus() throws IOException, InterruptedException {
        if (sessionBus != null) return this;
        Path dir = Files.createTempDirectory("understudy-xdg-runtime",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        ProcessBuilder pb = env(new ProcessBuilder("dbus-daemon", "--session", "--nofork", "--print-address=1"));
        pb.environment().put("XDG_RUNTIME_DIR", dir.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process bus = Processes.start(pb, "dbus-daemon");
        owned.push(bus);
        BufferedReader r = new BufferedReader(new InputStreamReader(bus.getInputStream(), StandardCharsets.US_ASCII));
        String address = Processes.readLine(r, DEFAULT_TIMEOUT.toMillis());
        if (address == null || !address.startsWith("unix:")) {
            kill(bus);
            deleteTree(dir);
            throw new IOException("dbus-daemon did not start a session bus (is the dbus package installed?)");
        }
        runtimeDir = dir;
        sessionBus = address.trim();
        return this;
    }

    /**
     * Sets DISPLAY and XDG_DATA_DIRS (see above) for a process that should run on this desktop, and
     * removes WAYLAND_DISPLAY; with {@link #withSessionBus()}, also its bus address and runtime directory.
     */
    public ProcessBuilder env(ProcessBuilder pb) {
        pb.environment().put("DISPLAY", display);
        pb.environment().put("XDG_DATA_DIRS", dataDirs());
        pb.environment().remove("WAYLAND_DISPLAY");
        if (sessionBus != null) {
            pb.environment().put("DBUS_SESSION_BUS_ADDRESS", sessionBus);
            pb.environment().put("XDG_RUNTIME_DIR", runtimeDir.toString());
        }
        return pb;
    }

    /** A process builder for a client of this desktop. */
    public ProcessBuilder command(String... cmd) {
        return env(new ProcessBuilder(cmd));
    }

    /** Runs a client to completion; fails unless it exits 0. Returns its standard output. */
    public String run(String... cmd) throws IOException, InterruptedException {
        return Processes.run(command(cmd), DEFAULT_TIMEOUT.toMillis());
    }

    /** Like {@link #run} but returns "" instead of failing. */
    public String tryRun(String... cmd) {
        try {
            return run(cmd);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * Runs a client to completion, discarding its output; fails unless it exits 0. For clients that
     * leave a background child holding their output open (xclip serving the selection).
     */
    public void runDetached(String... cmd) throws IOException, InterruptedException {
        Process p = command(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        if (!p.waitFor(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            kill(p);
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) throw new IOException("failed (" + p.exitValue() + "): " + String.join(" ", cmd));
    }

    /** Starts a client that lives until it exits or the desktop closes. Output is discarded. */
    public Process spawn(String... cmd) throws IOException {
        Process p = command(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        owned.push(p);
        return p;
    }

    /** Registers a process started elsewhere so that close() ends it. */
    public void own(Process p) {
        owned.push(p);
    }

    /** Waits until {@code condition} holds; fails with {@code what} after {@code timeout}. */
    public static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        try {
            Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(20)).pollDelay(Duration.ZERO)
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("timed out waiting for " + what);
        }
    }

    private void awaitWindowManager() throws IOException {
        try {
            awaitTrue("openbox to manage " + display, DEFAULT_TIMEOUT,
                    () -> tryRun("xprop", "-root", "_NET_SUPPORTING_WM_CHECK").contains("window id"));
        } catch (AssertionError e) {
            throw new IOException("openbox did not take over display " + display + " (is the openbox package installed?)");
        }
    }

    @Override
    public void close() {
        Process p;
        while ((p = owned.poll()) != null) kill(p);
        if (server != null) kill(server);
        deleteTree(dataDir);
        deleteTree(runtimeDir);
    }

    private static void deleteTree(Path dir) {
        if (dir == null) return;
        try (var s = Files.walk(dir)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        } catch (IOException | RuntimeException e) {
            // a temporary directory left behind
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
