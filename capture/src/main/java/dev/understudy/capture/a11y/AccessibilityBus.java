package dev.understudy.capture.a11y;

import com.sun.jna.platform.unix.X11;
import dev.understudy.capture.x11.XErrors;
import dev.understudy.capture.x11.XProps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.types.Variant;

/**
 * The AT-SPI bus: a D-Bus bus of its own (not the session bus) on which the toolkits' bridges export
 * their trees and the registry daemon lists the applications.
 *
 * <p>How it is found: on the session bus, {@code org.a11y.Bus} (at-spi-bus-launcher, D-Bus
 * activated) first gets {@code org.a11y.Status.IsEnabled = true}, which is what makes Qt,
 * Chromium/Electron and LibreOffice build their trees at all (GTK always does), then answers
 * {@code GetAddress}. Without that service the launcher also publishes the address in the X root
 * window property {@code AT_SPI_BUS}; without either, {@code /usr/libexec/at-spi-bus-launcher} is
 * started (and ended on {@link #close()}). On the accessibility bus the registry
 * ({@code org.a11y.atspi.Registry}, at-spi2-registryd, started by bus activation through the
 * launcher's bus configuration) must answer; it is what lists applications and relays event
 * registrations to the bridges.
 *
 * <p>{@link #open} never throws: when nothing works {@link #unavailableReason()} says why in one
 * line and the recorder runs without grounding.
 */
public final class AccessibilityBus implements AutoCloseable {
    static final String REGISTRY = "org.a11y.atspi.Registry";
    static final String LAUNCHER = "/usr/libexec/at-spi-bus-launcher";
    private static final String A11Y_BUS = "org.a11y.Bus";

    private final DBusConnection session;
    private final DBusConnection a11y;
    private final String address;
    private final String reason;
    private final Process launcher;

    private AccessibilityBus(DBusConnection session, DBusConnection a11y, String address, String reason, Process launcher) {
        this.session = session;
        this.a11y = a11y;
        this.address = address;
        this.reason = reason;
        this.launcher = launcher;
    }

    /** Finds, enables and connects to the bus of this process's environment. */
    public static AccessibilityBus open(Duration timeout) {
        return open(System.getenv(), timeout);
    }

    /**
     * @param env where DBUS_SESSION_BUS_ADDRESS and DISPLAY are read from
     * @param timeout for each step (service activation included)
     */
    public static AccessibilityBus open(Map<String, String> env, Duration timeout) {
        String sessionAddress = env.get("DBUS_SESSION_BUS_ADDRESS");
        DBusConnection session = null;
        String sessionProblem = null;
        if (sessionAddress == null || sessionAddress.isBlank()) {
            sessionProblem = "DBUS_SESSION_BUS_ADDRESS is not set";
        } else {
            try {
                session = DBusConnectionBuilder.forAddress(sessionAddress).withShared(false).build();
            } catch (DBusException | RuntimeException e) {
                sessionProblem = "cannot connect to the session bus (" + e.getMessage() + ")";
            }
        }
        Process launched = null;
        String address = null;
        String problem = sessionProblem;
        if (session != null) {
            BusCalls calls = new BusCalls(session);
            try {
                boolean service = hasService(calls, timeout);
                if (!service && Files.isExecutable(Path.of(LAUNCHER))) {
                    launched = launch(env);
                    service = awaitOwner(calls, A11Y_BUS, timeout);
                }
                if (service) {
                    enable(calls, timeout);
                    address = DBusValues.string(calls.send(A11Y_BUS, "/org/a11y/bus", A11Y_BUS, "GetAddress", null)
                            .first(Deadline.in(timeout)));
                } else {
                    problem = "no org.a11y.Bus service on the session bus (install at-spi2-core)";
                }
            } catch (BusCalls.Timeout | BusCalls.Failed e) {
                problem = "org.a11y.Bus did not answer: " + e.getMessage();
            }
        }
        if (address == null || address.isBlank()) {
            String display = env.get("DISPLAY");
            String fromX = rootWindowAddress(display);
            if (fromX != null) {
                address = fromX;
            } else {
                problem = (problem == null ? "no accessibility bus address" : problem)
                        + (display == null || display.isBlank() ? ", and DISPLAY is not set"
                        : ", and the X root window has no AT_SPI_BUS property");
            }
        }
        if (address == null || address.isBlank()) {
            close(session);
            end(launched);
            return unavailable(problem == null ? "no accessibility bus address" : problem);
        }
        DBusConnection a11y;
        try {
            a11y = DBusConnectionBuilder.forAddress(address).withShared(false).build();
        } catch (DBusException | RuntimeException e) {
            close(session);
            end(launched);
            return unavailable("cannot connect to the accessibility bus " + address + " (" + e.getMessage() + ")");
        }
        try {
            // The registry is bus-activated by the first call; it must answer for anything to work.
            new BusCalls(a11y).accessible(new ObjectRef(REGISTRY, ObjectRef.ROOT_PATH), "GetChildren")
                    .first(Deadline.in(timeout));
        } catch (BusCalls.Timeout | BusCalls.Failed e) {
            close(a11y);
            close(session);
            end(launched);
            return unavailable("the accessibility registry (at-spi2-registryd) does not answer: " + e.getMessage());
        }
        return new AccessibilityBus(session, a11y, address, null, launched);
    }

    private static AccessibilityBus unavailable(String why) {
        return new AccessibilityBus(null, null, null, "No accessibility tree: " + why + ".", null);
    }

    private static boolean hasService(BusCalls calls, Duration timeout) throws BusCalls.Timeout, BusCalls.Failed {
        if (owned(calls, A11Y_BUS, timeout)) return true;
        Object names = calls.send("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                "ListActivatableNames", null).first(Deadline.in(timeout));
        return DBusValues.items(names).stream().anyMatch(n -> A11Y_BUS.equals(String.valueOf(n)));
    }

    private static boolean owned(BusCalls calls, String name, Duration timeout) throws BusCalls.Timeout, BusCalls.Failed {
        Object v = calls.send("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                "NameHasOwner", "s", name).first(Deadline.in(timeout));
        return Boolean.TRUE.equals(v);
    }

    private static boolean awaitOwner(BusCalls calls, String name, Duration timeout) throws BusCalls.Timeout, BusCalls.Failed {
        Deadline d = Deadline.in(timeout);
        while (!d.expired()) {
            if (owned(calls, name, timeout)) return true;
            try {
                Thread.sleep(20); // the launcher gives no other sign of having claimed its name
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** IsEnabled=true: the toolkits that build their trees only on demand now do. */
    private static void enable(BusCalls calls, Duration timeout) throws BusCalls.Timeout, BusCalls.Failed {
        calls.send(A11Y_BUS, "/org/a11y/bus", "org.freedesktop.DBus.Properties", "Set", "ssv",
                "org.a11y.Status", "IsEnabled", new Variant<>(Boolean.TRUE)).await(Deadline.in(timeout));
    }

    private static Process launch(Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(LAUNCHER).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            for (String k : List.of("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "XDG_RUNTIME_DIR")) {
                if (env.get(k) != null) pb.environment().put(k, env.get(k));
            }
            return pb.start();
        } catch (IOException e) {
            return null;
        }
    }

    /** The address the launcher published on the X root window, or null. */
    static String rootWindowAddress(String display) {
        if (display == null || display.isBlank()) return null;
        try {
            X11 x = X11.INSTANCE;
            X11.Display d = x.XOpenDisplay(display);
            if (d == null) return null;
            XErrors.register(d);
            try {
                // (only_if_exists=true gives a wrong atom through JNA's X11 mapping here; interning is harmless)
                X11.Atom atom = x.XInternAtom(d, "AT_SPI_BUS", false);
                String v = XProps.text(d, x.XDefaultRootWindow(d).longValue(), atom);
                return v == null || v.isBlank() ? null : v.strip();
            } finally {
                XErrors.unregister(d);
                x.XCloseDisplay(d);
            }
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    public boolean available() {
        return a11y != null;
    }

    /** One line saying why there is no tree to read, or null when there is. */
    public String unavailableReason() {
        return reason;
    }

    /** The accessibility bus address, or null. */
    public String address() {
        return address;
    }

    /** Whether this object started the bus launcher itself (no session service offered it). */
    public boolean launchedItself() {
        return launcher != null;
    }

    DBusConnection connection() {
        return a11y;
    }

    @Override
    public void close() {
        close(a11y);
        close(session);
        end(launcher);
    }

    private static void close(DBusConnection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }

    private static void end(Process p) {
        if (p == null) return;
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
    }
}
