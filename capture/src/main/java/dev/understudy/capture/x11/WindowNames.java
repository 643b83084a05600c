package dev.understudy.capture.x11;

import com.sun.jna.platform.unix.X11;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How an application is named from its top-level window: process name, WM_CLASS class, title. */
public final class WindowNames {
    private WindowNames() {}

    /** _NET_WM_NAME (pass its atom), else WM_NAME, else null. */
    public static String title(X11.Display d, long window, X11.Atom netWmName) {
        String t = XProps.text(d, window, netWmName);
        return t != null ? t : XProps.text(d, window, X11.XA_WM_NAME);
    }

    /** The class part of a WM_CLASS value (instance, class), or null. */
    public static String windowClass(String[] wmClass) {
        if (wmClass == null || wmClass.length == 0) return null;
        return wmClass.length > 1 ? wmClass[1] : wmClass[0];
    }

    /** /proc/PID/comm, else the WM_CLASS instance part ({@code wmClass} may be null), else null. */
    public static String processName(long pid, String[] wmClass) {
        if (pid > 0) {
            try {
                String comm = Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
                if (!comm.isEmpty()) return comm;
            } catch (IOException | RuntimeException e) {
                // The process is gone, or lives on another host (remote X client).
            }
        }
        return wmClass != null && wmClass.length > 0 && !wmClass[0].isEmpty() ? wmClass[0] : null;
    }
}
