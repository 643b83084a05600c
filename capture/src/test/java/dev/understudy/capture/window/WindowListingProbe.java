package dev.understudy.capture.window;

import com.sun.jna.platform.unix.X11;
import dev.understudy.capture.Clock;
import dev.understudy.capture.x11.OverrideRedirectWindows;
import dev.understudy.capture.x11.WindowBatch;
import dev.understudy.capture.x11.XDisplays;
import dev.understudy.capture.x11.XErrors;
import dev.understudy.capture.x11.XProps;
import java.awt.Toolkit;
import java.awt.Window;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.swing.JWindow;
import javax.swing.SwingUtilities;

/**
 * A child JVM on the test's Xvfb (DISPLAY cannot be changed in the test's own JVM) for
 * {@link WindowListingPathsTest}. Modes, output UTF-8 lines on stdout:
 * <ul>
 *   <li>{@code windows FAKEID}: {@code default}, {@code xlib} (the window source's listing through
 *       its usual path, then through Xlib only), {@code popups-default}/{@code popups-xlib}, and
 *       {@code fake <attributes of FAKEID> <X errors seen> <answers for the real windows>} from a
 *       batch of the managed windows with FAKEID mixed in;</li>
 *   <li>{@code bench N}: microseconds per call of each listing, each way;</li>
 *   <li>{@code popup X Y W H}: shows an override-redirect window, prints {@code ready}, and stays
 *       until its stdin closes.</li>
 * </ul>
 */
public final class WindowListingProbe {
    public static void main(String[] a) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        switch (a[0]) {
            case "windows" -> windows(out, Long.decode(a[1]));
            case "bench" -> bench(out, Integer.parseInt(a[1]));
            case "popup" -> popup(out, Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]));
            default -> throw new IllegalArgumentException(a[0]);
        }
        System.exit(0);
    }

    private static void windows(PrintStream out, long fake) throws Exception {
        X11WindowSource source = new X11WindowSource(e -> {}, new Clock());
        out.println("default " + source.visibleWindows());
        source.batched(false);
        out.println("xlib " + source.visibleWindows());
        source.close();

        X11.Display d = XDisplays.open("list popups");
        String popups;
        try {
            popups = OverrideRedirectWindows.batched(d).toString();
        } catch (WindowBatch.Unavailable e) {
            popups = "unavailable: " + e.getMessage();
        }
        out.println("popups-default " + popups);
        out.println("popups-xlib " + OverrideRedirectWindows.xlib(d));

        // the managed windows with an id that names no window among them
        X11.Window root = X11.INSTANCE.XDefaultRootWindow(d);
        long[] managed = XProps.longs(d, root.longValue(), X11.INSTANCE.XInternAtom(d, "_NET_CLIENT_LIST_STACKING", false));
        long[] ids = new long[managed.length + 1];
        System.arraycopy(managed, 0, ids, 0, managed.length);
        ids[managed.length] = ids[managed.length / 2];
        ids[managed.length / 2] = fake;
        long errorsBefore = XErrors.count(d);
        String fakeAnswer = "unavailable";
        List<String> real = new ArrayList<>();
        try {
            X11.Atom pid = X11.INSTANCE.XInternAtom(d, "_NET_WM_PID", false);
            for (WindowBatch.Answer ans : WindowBatch.on(d).query(ids, true, new long[] {pid.longValue()}, root.longValue())) {
                if (ans.id() == fake) {
                    fakeAnswer = ans.attributes() + "," + ans.property(0) + "," + (ans.translated() == null ? null : "translated");
                } else {
                    real.add(ans.attributes() != null && ans.translated() != null ? "ok" : "missing");
                }
            }
        } catch (WindowBatch.Unavailable e) {
            fakeAnswer = "unavailable: " + e.getMessage();
        }
        X11.INSTANCE.XSync(d, false);
        out.println("fake " + fakeAnswer + " " + (XErrors.count(d) - errorsBefore) + " " + real);
    }

    private static void bench(PrintStream out, int n) throws Exception {
        X11WindowSource source = new X11WindowSource(e -> {}, new Clock());
        X11.Display d = XDisplays.open("list popups");
        out.println("windows " + source.visibleWindows().size() + ", popups " + OverrideRedirectWindows.xlib(d).size());
        for (int round = 0; round < 3; round++) { // the first rounds warm the JIT up
            source.batched(true);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) source.visibleWindows();
            long t1 = System.nanoTime();
            source.batched(false);
            for (int i = 0; i < n; i++) source.visibleWindows();
            long t2 = System.nanoTime();
            for (int i = 0; i < n; i++) OverrideRedirectWindows.batched(d);
            long t3 = System.nanoTime();
            for (int i = 0; i < n; i++) OverrideRedirectWindows.xlib(d);
            long t4 = System.nanoTime();
            out.printf("round %d us/call: visibleWindows batched %.0f xlib %.0f; popups batched %.0f xlib %.0f%n", round,
                    (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, (t3 - t2) / 1e3 / n, (t4 - t3) / 1e3 / n);
        }
        source.close();
    }

    private static void popup(PrintStream out, int x, int y, int w, int h) throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            JWindow win = new JWindow();
            win.setType(Window.Type.POPUP);
            win.setBounds(x, y, w, h);
            win.setVisible(true);
            Toolkit.getDefaultToolkit().sync(); // the server has mapped it before "ready"
        });
        out.println("ready");
        while (System.in.read() >= 0) {
            // until the test closes our stdin
        }
    }
}
