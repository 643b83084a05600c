package dev.understudy.capture.screen;

import dev.understudy.capture.CaptureException;
import dev.understudy.capture.Clock;
import dev.understudy.capture.platform.Platform;
import dev.understudy.capture.x11.XErrors;
import dev.understudy.model.Monitor;
import java.awt.AWTException;
import java.awt.GraphicsDevice;
import java.awt.GraphicsEnvironment;
import java.awt.Image;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Grabs monitors with {@link Robot#createScreenCapture}. The image comes back as TYPE_INT_RGB
 * wrapping the one int[] AWT reads the pixels into, so a grab allocates exactly that buffer.
 *
 * <p>Robot works in AWT's user space: with a HiDPI scale (GDK_SCALE, sun.java2d.uiScale) it would
 * return downscaled images. The first construction therefore pins {@code sun.java2d.uiScale=1}
 * unless it was set; that only works if AWT is not initialised yet (construct this early).
 * Monitor geometry comes from AWT's screen devices (Xinerama/RandR on X11), scale 1.0.
 */
public final class RobotScreenGrabber implements ScreenGrabber {
    private final Clock clock;
    private final Robot robot;
    private volatile Layout layout;

    /** Monitors in device pixels, with the user-space rectangles Robot wants and their scale. */
    private record Layout(List<Monitor> monitors, List<Rectangle> userBounds, double[] scales) {}

    public RobotScreenGrabber(Clock clock) {
        this.clock = clock;
        prepareAwt();
        try {
            this.robot = new Robot();
        } catch (AWTException | RuntimeException e) {
            throw new CaptureException("Cannot grab the screen: " + e.getMessage(), e);
        }
        this.layout = readLayout();
        if (Platform.current() == Platform.LINUX) XErrors.installFirst(); // AWT just installed its own
    }

    @Override
    public List<Monitor> monitors() {
        return layout.monitors();
    }

    /** Reads the monitor layout again (after a monitor was added, removed or moved). */
    public List<Monitor> refreshMonitors() {
        layout = readLayout();
        return layout.monitors();
    }

    @Override
    public ScreenGrab grab(int monitorIndex) {
        Layout l = layout;
        Monitor m = l.monitors().get(monitorIndex);
        Rectangle user = l.userBounds().get(monitorIndex);
        long mono = clock.mono();
        long wall = clock.wall();
        BufferedImage img;
        if (l.scales()[monitorIndex] == 1.0) {
            img = robot.createScreenCapture(user);
        } else {
            // Scaled desktop: take the device-resolution variant instead of AWT's downscaled one.
            img = null;
            for (Image v : robot.createMultiResolutionScreenCapture(user).getResolutionVariants()) {
                if (img == null || v.getWidth(null) > img.getWidth()) img = toIntRgb(v);
            }
        }
        if (img.getType() != BufferedImage.TYPE_INT_RGB) img = toIntRgb(img);
        return new ScreenGrab(m, img, mono, wall);
    }

    /**
     * The monitors as AWT sees them, in device pixels: the same list a RobotScreenGrabber reports.
     * For the other grabbers. Does not start AWT's toolkit, only its graphics environment.
     */
    static List<Monitor> deviceMonitors() {
        prepareAwt();
        return readLayout().monitors();
    }

    /** Pins the UI scale to 1 unless set (effective only before AWT starts); fails when headless. */
    private static void prepareAwt() {
        if (System.getProperty("sun.java2d.uiScale") == null) System.setProperty("sun.java2d.uiScale", "1");
        if (GraphicsEnvironment.isHeadless()) {
            throw new CaptureException("Cannot grab the screen: this JVM runs headless"
                    + " (DISPLAY unset or java.awt.headless=true).");
        }
    }

    private static Layout readLayout() {
        GraphicsDevice[] devices = GraphicsEnvironment.getLocalGraphicsEnvironment().getScreenDevices();
        List<Monitor> monitors = new ArrayList<>(devices.length);
        List<Rectangle> user = new ArrayList<>(devices.length);
        double[] scales = new double[devices.length];
        for (GraphicsDevice dev : devices) {
            Rectangle b = dev.getDefaultConfiguration().getBounds();
            AffineTransform t = dev.getDefaultConfiguration().getDefaultTransform();
            double s = t.getScaleX();
            scales[monitors.size()] = s;
            user.add(b);
            monitors.add(new Monitor(monitors.size(), (int) Math.round(b.x * s), (int) Math.round(b.y * s),
                    (int) Math.round(b.width * s), (int) Math.round(b.height * s), 1.0));
        }
        return new Layout(List.copyOf(monitors), List.copyOf(user), scales);
    }

    private static BufferedImage toIntRgb(Image src) {
        BufferedImage out = new BufferedImage(src.getWidth(null), src.getHeight(null), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics g = out.getGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }
}
