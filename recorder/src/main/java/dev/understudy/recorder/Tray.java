package dev.understudy.recorder;

import dev.understudy.capture.platform.Platform;
import dev.understudy.capture.x11.XErrors;
import java.awt.AWTException;
import java.awt.Color;
import java.awt.Desktop;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.RenderingHints;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A system-tray icon where the desktop has a tray: red while recording, grey otherwise, with
 * Pause, Resume and "Open control page" in its menu. The hotkey, the CLI and the control page work
 * without it.
 *
 * <p>On X11 the tray is whichever program owns the {@code _NET_SYSTEM_TRAY_S0} selection (the
 * freedesktop XEmbed system-tray protocol). When none does at start, one line says so. Every
 * {@link #RETRY_MS} ms a daemon thread checks that the icon is in the tray whenever there is one
 * (a volatile read in AWT) and adds it when it is not: a tray that starts late gets it, and so does
 * a tray that restarts (AWT drops the icon when its tray goes away, and on the way may throw on its
 * event thread; {@link #quietTrayGoneRace} keeps that known exception off stderr).
 */
final class Tray implements AutoCloseable {
    static final long RETRY_MS = 2000;

    private final Runnable pause;
    private final Runnable resume;
    private final String pageUrl;
    private ScheduledExecutorService keeper;
    private TrayIcon icon;
    private String state = "recording";
    private String text = "Recording";
    private String shownState;
    private String shownText;
    private boolean closed;

    private Tray(Runnable pause, Runnable resume, String pageUrl) {
        this.pause = pause;
        this.resume = resume;
        this.pageUrl = pageUrl;
    }

    /**
     * The tray icon: shown now where the desktop has a tray, or once one starts. Null where there is
     * no display at all or AWT cannot run (one warning line).
     */
    static Tray show(Runnable pause, Runnable resume, String pageUrl) {
        try {
            if (GraphicsEnvironment.isHeadless()) return null;
            quietTrayGoneRace();
            Tray tray = new Tray(pause, resume, pageUrl);
            boolean supported = SystemTray.isSupported(); // starts AWT's toolkit if nothing did yet
            if (Platform.current() == Platform.LINUX) XErrors.installFirst(); // AWT may just have installed its own handler
            if (supported) tray.tryAdd();
            else System.err.println("understudy: no system tray on this desktop yet; the tray icon appears when one starts");
            tray.keepInTray();
            return tray;
        } catch (Exception | LinkageError e) {
            Diagnostics.warnOnce("tray", "no tray icon: " + e.getMessage());
            return null;
        }
    }

    private void keepInTray() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "understudy-tray");
            t.setDaemon(true);
            return t;
        });
        synchronized (this) {
            if (closed) {
                s.shutdown();
                return;
            }
            keeper = s;
        }
        s.scheduleWithFixedDelay(() -> {
            try {
                if (SystemTray.isSupported() && !inTray()) tryAdd();
            } catch (UnsupportedOperationException e) {
                // the tray went away between the two calls: next time
            } catch (Exception | LinkageError e) {
                Diagnostics.warnOnce("tray", "no tray icon: " + e.getMessage());
            }
        }, RETRY_MS, RETRY_MS, TimeUnit.MILLISECONDS);
    }

    private boolean inTray() {
        TrayIcon ti;
        synchronized (this) {
            ti = icon;
        }
        return ti != null && Arrays.asList(SystemTray.getSystemTray().getTrayIcons()).contains(ti);
    }

    /** Adds a new icon, in the last state it was told; false when there was no tray to take it. */
    private boolean tryAdd() {
        TrayIcon ti;
        synchronized (this) {
            if (closed) return false;
            ti = new TrayIcon(dot(color(state)), "Understudy: " + text, menu());
            ti.setImageAutoSize(true);
        }
        try {
            SystemTray.getSystemTray().add(ti);
        } catch (AWTException | UnsupportedOperationException e) {
            return false; // no tray, or it did not take the icon in time: the next check tries again
        }
        synchronized (this) {
            if (!closed) {
                icon = ti;
                shownState = null;
                shownText = null;
                apply();
                return true;
            }
        }
        remove(ti);
        return false;
    }

    /**
     * When the tray exits, AWT (XTrayIconPeer, JDK 17 to 25) notices that the icon's window went
     * back to the root and asks {@code SystemTray.getSystemTray()} on its event thread to remove the
     * icon; if it already knows the tray is gone, that call throws UnsupportedOperationException,
     * which the event thread would print as a stack trace. That one exception is dropped here (the
     * icon comes back with the next tray); every other one goes where it went before.
     */
    static synchronized void quietTrayGoneRace() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        if (previous instanceof TrayGoneFilter) return;
        Thread.setDefaultUncaughtExceptionHandler(new TrayGoneFilter(previous));
    }

    private record TrayGoneFilter(Thread.UncaughtExceptionHandler previous) implements Thread.UncaughtExceptionHandler {
        @Override
        public void uncaughtException(Thread t, Throwable e) {
            if (e instanceof UnsupportedOperationException
                    && Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getClassName().startsWith("sun.awt.X11.XTrayIconPeer"))) {
                return;
            }
            if (previous != null) {
                previous.uncaughtException(t, e);
            } else {
                // what ThreadGroup.uncaughtException prints without a default handler
                System.err.print("Exception in thread \"" + t.getName() + "\" ");
                e.printStackTrace(System.err);
            }
        }
    }

    private PopupMenu menu() {
        PopupMenu menu = new PopupMenu();
        MenuItem p = new MenuItem("Pause recording");
        p.addActionListener(e -> pause.run());
        MenuItem r = new MenuItem("Resume recording");
        r.addActionListener(e -> resume.run());
        menu.add(p);
        menu.add(r);
        if (pageUrl != null) {
            MenuItem o = new MenuItem("Open control page");
            o.addActionListener(e -> {
                try {
                    Desktop.getDesktop().browse(URI.create(pageUrl));
                } catch (Exception | LinkageError ex) {
                    Diagnostics.warnOnce("tray-browse", "cannot open the control page: " + ex.getMessage());
                }
            });
            menu.add(o);
        }
        return menu;
    }

    /** The recorder's state ("recording", "paused", ...) and its words for the tooltip. */
    synchronized void update(String state, String text) {
        this.state = state;
        this.text = text;
        apply();
    }

    private void apply() {
        if (icon == null) return;
        if (!state.equals(shownState)) {
            shownState = state;
            icon.setImage(dot(color(state)));
        }
        if (!text.equals(shownText)) {
            shownText = text;
            icon.setToolTip("Understudy: " + text);
        }
    }

    private static Color color(String state) {
        return "recording".equals(state) ? Color.RED : Color.GRAY;
    }

    private static BufferedImage dot(Color c) {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(c);
        g.fillOval(2, 2, 12, 12);
        g.dispose();
        return img;
    }

    @Override
    public void close() {
        TrayIcon ti;
        synchronized (this) {
            closed = true;
            if (keeper != null) keeper.shutdownNow();
            ti = icon;
            icon = null;
        }
        if (ti != null) remove(ti);
    }

    private static void remove(TrayIcon ti) {
        try {
            SystemTray.getSystemTray().remove(ti);
        } catch (Exception | LinkageError ignored) {
            // the tray is gone, and so is the icon
        }
    }
}
