package dev.understudy.recorder;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.capture.window.WindowInfo;
import dev.understudy.capture.window.WindowSource;
import dev.understudy.model.AppContext;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import dev.understudy.privacy.gate.PauseSwitch;
import dev.understudy.privacy.gate.PrivacyGate;
import dev.understudy.privacy.policy.PolicyLoader;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the accessibility source may read, as the policy and the pause decide. */
@Tag("unit")
@Timeout(10)
class AccessibilityPermissionTest {
    static final String POLICY = """
            version: 1
            name: writer only
            allow_apps: [soffice*]
            deny_apps: [keepassxc]
            """;
    static final long WRITER = 100;
    static final long KEEPASS = 200;
    static final long XTERM = 300;

    /** The windows the X server lists: a writer window, a password manager and a terminal. */
    static final class Windows implements WindowSource {
        @Override
        public void start() {}

        @Override
        public AppContext current() {
            return null;
        }

        @Override
        public List<WindowInfo> visibleWindows() {
            return List.of(new WindowInfo(1, WRITER, "soffice.bin", "libreoffice-writer", "Report - LibreOffice Writer", new Rect(0, 0, 800, 600), true),
                    new WindowInfo(2, KEEPASS, "keepassxc", "KeePassXC", "Passwords.kdbx - KeePassXC", new Rect(100, 100, 600, 400), true),
                    new WindowInfo(3, XTERM, "xterm", "XTerm", "worker@build", new Rect(0, 600, 400, 200), true));
        }

        @Override
        public void close() {}
    }

    private final AtomicLong wall = new AtomicLong(1_000_000);
    private final PauseSwitch pause = new PauseSwitch(30, 120, wall::get);
    private final PrivacyGate gate = new PrivacyGate(PolicyLoader.parse(POLICY, "test", null), pause, System::nanoTime);
    private final AccessibilityPermission permission = new AccessibilityPermission(gate, new Windows());

    private void foreground(long pid, String process, String cls, String title) {
        gate.admit(new RawEvent.WindowFocus(System.nanoTime(), wall.get(), new AppContext(process, cls, title, pid, null, null)));
    }

    @Test
    void anAllowedApplicationAndItsWindowsAreRead() {
        foreground(WRITER, "soffice.bin", "libreoffice-writer", "Report - LibreOffice Writer");
        assertTrue(permission.mayRead(WRITER, null));
        assertTrue(permission.mayRead(WRITER, "Report - LibreOffice Writer"));
        assertTrue(permission.mayRead(WRITER, "Find and Replace"), "a dialog of the allowed application");
    }

    @Test
    void aDeniedOrUnlistedApplicationIsNotReadEvenBehindTheForeground() {
        foreground(WRITER, "soffice.bin", "libreoffice-writer", "Report - LibreOffice Writer");
        assertFalse(permission.mayRead(KEEPASS, null), "a denied password manager");
        assertFalse(permission.mayRead(KEEPASS, "Passwords.kdbx - KeePassXC"));
        assertFalse(permission.mayRead(XTERM, null), "an app the policy does not list");
    }

    @Test
    void aProcessWithoutAWindowOrUnknownIsNotRead() {
        assertFalse(permission.mayRead(0, null), "the bus could not say whose it is");
        assertFalse(permission.mayRead(4242, null), "no window of it is listed");
    }

    @Test
    void nothingIsReadWhilePaused() {
        foreground(WRITER, "soffice.bin", "libreoffice-writer", "Report - LibreOffice Writer");
        pause.pauseMinutes(10, "test");
        assertFalse(permission.mayRead(WRITER, null));
        assertFalse(permission.mayRead(WRITER, "Report - LibreOffice Writer"));
    }
}
