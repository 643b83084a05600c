package dev.understudy.capture.x11;

import com.sun.jna.platform.unix.X11;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How an application is named from its top-level window: process name (what policies match),
 * WM_CLASS class, title, and the label a person knows it by.
 */
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

    /** The kernel keeps at most 15 bytes of a process name in /proc/PID/comm. */
    static final int COMM_MAX = 15;

    /**
     * The whole name of a process whose comm was cut at 15 bytes ({@code gnome-terminal-server} is
     * {@code gnome-terminal-}): the executable's file name, else the command line's first word,
     * when it starts with the cut name; else the cut name.
     */
    static String untruncated(long pid, String comm) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            Path exe = Files.readSymbolicLink(proc.resolve("exe")).getFileName();
            if (exe != null && exe.toString().startsWith(comm)) return exe.toString();
        } catch (IOException | RuntimeException e) {
            // another user's process, or gone: try the command line
        }
        try {
            String cmdline = Files.readString(proc.resolve("cmdline"));
            String argv0 = cmdline.split("\0", 2)[0];
            String base = argv0.substring(argv0.lastIndexOf('/') + 1);
            int space = base.indexOf(' ');
            if (space > 0) base = base.substring(0, space); // a process that rewrote its title
            if (base.startsWith(comm)) return base;
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return comm;
    }

    /** /proc/PID/comm (whole, see {@link #untruncated}), else the WM_CLASS instance part ({@code wmClass} may be null), else null. */
    public static String processName(long pid, String[] wmClass) {
        if (pid > 0) {
            try {
                String comm = Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
                if (comm.length() >= COMM_MAX) return untruncated(pid, comm);
                if (!comm.isEmpty()) return comm;
            } catch (IOException | RuntimeException e) {
                // The process is gone, or lives on another host (remote X client).
            }
        }
        return wmClass != null && wmClass.length > 0 && !wmClass[0].isEmpty() ? wmClass[0] : null;
    }

    /**
     * The name a person knows the app by: its desktop entry's Name ({@link DesktopEntries}), else the
     * WM_CLASS class, else the process name; null when none is known.
     *
     * @param wmClass WM_CLASS (instance, class), may be null
     * @param gtkApplicationId the window's {@code _GTK_APPLICATION_ID}, may be null
     * @param processName the executable's name, may be null
     */
    public static String label(String[] wmClass, String gtkApplicationId, String processName) {
        return label(DesktopEntries.system(), wmClass, gtkApplicationId, processName);
    }

    static String label(DesktopEntries entries, String[] wmClass, String gtkApplicationId, String processName) {
        String name = entries.name(wmClass, gtkApplicationId);
        if (name != null) return name;
        String cls = windowClass(wmClass);
        if (cls != null && !cls.isBlank()) return cls;
        return processName == null || processName.isBlank() || processName.equals("unknown") ? null : processName;
    }
}
