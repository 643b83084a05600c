package dev.understudy.capture.a11y;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.demo.VirtualDesktop;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Finding the AT-SPI bus: through the session's org.a11y.Bus (D-Bus activated launcher), by
 * starting the launcher itself on a session bus that has no such service, and not at all.
 */
@Tag("e2e")
class AccessibilityBusTest {

    private static Map<String, String> env(VirtualDesktop x, String address) {
        Map<String, String> env = new HashMap<>(x.env());
        env.put("DBUS_SESSION_BUS_ADDRESS", address);
        return env;
    }

    private static void end(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }

    @Test
    @Timeout(30)
    void theSessionServiceIsActivatedEnabledAndItsRegistryAnswers() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(640, 480)) {
            String[] out = x.run("dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1").strip().split("\n");
            try (AccessibilityBus bus = AccessibilityBus.open(env(x, out[0].strip()), Duration.ofSeconds(5))) {
                assertTrue(bus.available(), bus.unavailableReason());
                assertNull(bus.unavailableReason());
                assertFalse(bus.launchedItself());
                // IsEnabled is now true on the session bus, for Qt, Chromium and LibreOffice to see.
                String enabled = x.run("env", "DBUS_SESSION_BUS_ADDRESS=" + out[0].strip(), "gdbus", "call", "--session",
                        "-d", "org.a11y.Bus", "-o", "/org/a11y/bus", "-m", "org.freedesktop.DBus.Properties.Get",
                        "org.a11y.Status", "IsEnabled");
                assertTrue(enabled.contains("true"), enabled);
                // The launcher's registry daemon runs and lists (no) applications.
                TreeReader t = new TreeReader(new BusCalls(bus.connection()), null);
                assertEquals(List.of(), t.appBuses(Deadline.in(Duration.ofSeconds(2))));
                // The fallback: the launcher also publishes the address on the X root window.
                org.awaitility.Awaitility.await("AT_SPI_BUS on the root window").atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> bus.address().equals(AccessibilityBus.rootWindowAddress(x.display())));
            } finally {
                end(Long.parseLong(out[1].strip()));
            }
        }
    }

    @Test
    @Timeout(30)
    void withoutTheServiceTheLauncherIsStartedAndEndedWithTheBus() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(640, 480)) {
            String conf = A11yDesktop.script("bare-session.conf").toString();
            String[] out = x.run("dbus-daemon", "--config-file=" + conf, "--fork", "--print-address=1", "--print-pid=1")
                    .strip().split("\n");
            try {
                AccessibilityBus bus = AccessibilityBus.open(env(x, out[0].strip()), Duration.ofSeconds(5));
                try {
                    assertTrue(bus.available(), bus.unavailableReason());
                    assertTrue(bus.launchedItself());
                    assertNotNull(bus.address());
                } finally {
                    bus.close();
                }
            } finally {
                end(Long.parseLong(out[1].strip()));
            }
        }
    }

    @Test
    @Timeout(10)
    void noBusAtAllSaysWhyInOneLine() {
        AccessibilityBus bus = AccessibilityBus.open(Map.of(), Duration.ofSeconds(1));
        assertFalse(bus.available());
        assertTrue(bus.unavailableReason().startsWith("No accessibility tree: DBUS_SESSION_BUS_ADDRESS is not set"),
                bus.unavailableReason());
        assertFalse(bus.unavailableReason().contains("\n"));
        bus.close();
    }
}
