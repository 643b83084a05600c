package dev.understudy.recorder;

import dev.understudy.capture.a11y.ReadPermission;
import dev.understudy.capture.window.WindowInfo;
import dev.understudy.capture.window.WindowSource;
import dev.understudy.model.AppContext;
import dev.understudy.privacy.gate.PrivacyGate;
import java.util.List;

/**
 * What the accessibility source may read, decided by the worker's policy before anything of an
 * application is read (docs/privacy.md, "Accessibility reads"): nothing while capture is paused or
 * stopped by the quota; nothing of a process that has no window the policy allows; nothing inside a
 * top-level window the policy refuses, or whose name names a correspondent abroad. For the
 * foreground application the gate's own verdict decides (it knows the browser's page, the page's
 * correspondents and what the worker exempted); for other windows (a click on a window behind) the
 * policy's decision on that window.
 *
 * <p>Called on the source's reader thread. The window list is read from the X server at most every
 * {@value #WINDOWS_TTL_MS} ms (one round trip per window), so a burst of reads costs one listing.
 */
final class AccessibilityPermission implements ReadPermission {
    static final long WINDOWS_TTL_MS = 250;

    private final PrivacyGate gate;
    private final WindowSource windows;
    private List<WindowInfo> listed = List.of();
    private long listedAt;
    private boolean listedOnce;

    private final java.util.function.LongSupplier wallMillis;

    AccessibilityPermission(PrivacyGate gate, WindowSource windows) {
        this(gate, windows, System::currentTimeMillis);
    }

    /** @param wallMillis the session clock's wall time (the window list is cached on it) */
    AccessibilityPermission(PrivacyGate gate, WindowSource windows, java.util.function.LongSupplier wallMillis) {
        this.gate = gate;
        this.windows = windows;
        this.wallMillis = wallMillis;
    }

    @Override
    public boolean mayRead(long pid, String windowName) {
        if (pid <= 0) return false; // a process the bus cannot name: fail closed
        if (gate.pauseSwitch().pausedNow() || gate.view().quotaStopped()) return false;
        if (windowName != null && gate.abroadIn(windowName)) return false;
        AppContext fg = gate.foreground();
        boolean any = false;
        for (WindowInfo w : windows()) {
            if (w.pid() != pid) continue;
            AppContext app = new AppContext(w.process(), w.windowClass(), windowName != null ? windowName : w.title(), pid, w.bounds(), null);
            boolean allowed;
            if (fg != null && fg.pid() == pid && (windowName == null || windowName.equals(fg.title()))) {
                allowed = gate.view().allowed();
            } else {
                allowed = gate.policy().decide(app, null).allowed();
            }
            if (!allowed) {
                if (windowName != null) return false; // a window of this process the policy refuses
                continue;
            }
            any = true;
            if (windowName != null) return true;
        }
        // a dialog or popup of an allowed process has its own top-level name: it is read when the
        // process's windows are allowed and none of them is refused under that name
        return any;
    }

    private synchronized List<WindowInfo> windows() {
        long now = wallMillis.getAsLong();
        if (!listedOnce || now - listedAt > WINDOWS_TTL_MS || now < listedAt) {
            listedOnce = true;
            try {
                listed = windows.visibleWindows();
            } catch (RuntimeException e) {
                listed = List.of();
            }
            listedAt = now;
        }
        return listed;
    }
}
