package dev.understudy.capture.platform;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.capture.CaptureException;
import dev.understudy.demo.VirtualDesktop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-line reasons a desktop cannot be recorded. */
@Tag("e2e")
class DisplayCheckTest {

    private static String fail(Map<String, String> env) {
        String msg = assertThrows(CaptureException.class, () -> DisplayCheck.requireX11(env)).getMessage();
        assertFalse(msg.contains("\n"), "one line: " + msg);
        return msg;
    }

    @Test
    void noDisplay() {
        assertTrue(fail(Map.of()).startsWith("No X display: DISPLAY is not set"));
        assertTrue(fail(Map.of("DISPLAY", "  ")).startsWith("No X display"));
    }

    @Test
    void waylandWithoutX() {
        assertTrue(fail(Map.of("WAYLAND_DISPLAY", "wayland-0")).startsWith("Wayland sessions are not supported yet: "));
        assertTrue(fail(Map.of("XDG_SESSION_TYPE", "wayland")).startsWith("Wayland sessions are not supported yet: "));
    }

    @Test
    void displayWithoutServer() {
        int n = 999;
        while (Files.exists(Path.of("/tmp/.X11-unix/X" + n))) n++;
        String msg = fail(Map.of("DISPLAY", ":" + n));
        assertTrue(msg.startsWith("Cannot open X display \":" + n + "\""), msg);
    }

    @Test
    void realServerPassesAndMissingRecordIsNamed() throws Exception {
        try (VirtualDesktop x = VirtualDesktop.start(false)) {
            assertDoesNotThrow(() -> DisplayCheck.requireX11(x.env()));
            // Under Wayland with XWayland on DISPLAY the X check decides.
            assertDoesNotThrow(() -> DisplayCheck.requireX11(Map.of("DISPLAY", x.display(), "WAYLAND_DISPLAY", "w-0")));
        }
        try (VirtualDesktop x = VirtualDesktop.start(false, "-extension", "RECORD")) {
            String msg = fail(x.env());
            assertTrue(msg.startsWith("The X server on " + x.display() + " lacks the RECORD extension"), msg);
        }
    }

    @Test
    void displayServerAndPlatform() {
        assertEquals("x11", DisplayCheck.displayServer(Map.of("DISPLAY", ":0")));
        assertEquals("xwayland", DisplayCheck.displayServer(Map.of("DISPLAY", ":0", "WAYLAND_DISPLAY", "wayland-0")));
        assertEquals("wayland", DisplayCheck.displayServer(Map.of("XDG_SESSION_TYPE", "wayland")));
        assertEquals("none", DisplayCheck.displayServer(Map.of()));
        assertEquals(Platform.LINUX, Platform.of("Linux"));
        assertEquals(Platform.WINDOWS, Platform.of("Windows 11"));
        assertEquals(Platform.MACOS, Platform.of("Mac OS X"));
        assertEquals(Platform.OTHER, Platform.of("FreeBSD"));
    }
}
