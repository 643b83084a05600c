package dev.understudy.capture.screen;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.platform.unix.X11;
import dev.understudy.capture.CaptureException;
import dev.understudy.capture.Clock;
import dev.understudy.capture.platform.Platform;
import dev.understudy.capture.x11.SysVShm;
import dev.understudy.capture.x11.XDisplays;
import dev.understudy.capture.x11.XErrors;
import dev.understudy.capture.x11.XShm;
import dev.understudy.capture.x11.XlibExt;
import dev.understudy.model.Monitor;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Grabs monitors through the X server's MIT-SHM extension: the server writes the monitor's
 * rectangle of the root window straight into a System V shared memory segment, and the pixels go
 * from there into the grab's int[] in one bulk copy. Several times cheaper than
 * {@link RobotScreenGrabber} (no XGetImage transfer over the socket, no per-pixel conversion).
 *
 * <p>One segment (with its XImage) per distinct monitor size, made on first use and reused by
 * every later grab of that size. The segment is marked for removal (IPC_RMID) as soon as the
 * server has attached it, so it disappears when both sides detach, even if this process dies.
 * Each grab returns a fresh {@link BufferedImage} (TYPE_INT_RGB, 0x00RRGGBB) that the caller owns,
 * or overwrites the one the caller passed for reuse ({@link #grab(int, BufferedImage)}): then a
 * grab allocates nothing.
 *
 * <p>Has its own X connection; grab, refresh and close are synchronized, so any thread may call
 * them (the recorder calls them from its screen thread only). Monitor geometry is AWT's, exactly
 * as {@link RobotScreenGrabber} reports it (AWT's graphics environment only: its toolkit is not
 * started).
 *
 * <p>The server must be able to attach the segment: a remote display or an X server in another
 * IPC namespace cannot. The constructor does not find that out; the first grab of a size does and
 * throws a {@link CaptureException}. {@link ScreenGrabbers#best} tries a grab before choosing
 * this grabber.
 */
public final class XShmScreenGrabber implements ScreenGrabber {
    private static final X11 X = X11.INSTANCE;
    private static final NativeLong ALL_PLANES = new NativeLong(-1L);
    private static final int BAD_ACCESS = 10;
    private static final Path SYSVIPC_SHM = Path.of("/proc/sysvipc/shm");

    private final Clock clock;
    private final XShm xshm;
    private final X11.Display display;
    private final X11.Window root;
    private final X11.Visual visual;
    private final int depth;
    private final Map<Long, Segment> segments = new LinkedHashMap<>(); // guarded by this
    private volatile List<Monitor> monitors;
    private boolean closed; // guarded by this

    /** A shared segment with the XImage that describes it. */
    private record Segment(XShm.SegmentInfo info, Pointer image, PixelConverter converter, int width, int height) {}

    /**
     * Opens the connection and checks for the extension. Allocates no shared memory yet.
     *
     * @throws CaptureException (one line) when there is no X display, no MIT-SHM, or no libXext
     */
    public XShmScreenGrabber(Clock clock) {
        this.clock = clock;
        if (Platform.current() != Platform.LINUX) {
            throw new CaptureException("Cannot grab the screen with MIT-SHM: it needs X11 (Linux), not "
                    + Platform.current().displayName() + ".");
        }
        try {
            this.xshm = XShm.INSTANCE;
        } catch (LinkageError e) {
            throw new CaptureException("Cannot grab the screen with MIT-SHM: libXext does not load ("
                    + e.getMessage() + "); install the libxext6 package.", e);
        }
        this.monitors = RobotScreenGrabber.deviceMonitors();
        this.display = XDisplays.open("grab the screen with MIT-SHM");
        XErrors.installFirst(); // AWT's graphics environment may have set its handler meanwhile
        try {
            if (!xshm.XShmQueryExtension(display)) {
                throw new CaptureException("Cannot grab the screen with MIT-SHM: the X server has no MIT-SHM"
                        + " extension.");
            }
            int screen = X.XDefaultScreen(display);
            this.root = X.XDefaultRootWindow(display);
            this.visual = X.XDefaultVisual(display, screen);
            this.depth = XlibExt.INSTANCE.XDefaultDepth(display, screen);
        } catch (RuntimeException | Error e) {
            XErrors.unregister(display);
            X.XCloseDisplay(display);
            throw e;
        }
    }

    @Override
    public List<Monitor> monitors() {
        return monitors;
    }

    /** Reads the monitor layout again; frees the segments of sizes no monitor has any more. */
    public synchronized List<Monitor> refreshMonitors() {
        checkOpen();
        List<Monitor> now = RobotScreenGrabber.deviceMonitors();
        monitors = now;
        Set<Long> sizes = new HashSet<>();
        for (Monitor m : now) sizes.add(key(m.width(), m.height()));
        for (var it = segments.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!sizes.contains(e.getKey())) {
                release(e.getValue());
                it.remove();
            }
        }
        return now;
    }

    @Override
    public ScreenGrab grab(int monitorIndex) {
        return grab(monitorIndex, null);
    }

    @Override
    public synchronized ScreenGrab grab(int monitorIndex, BufferedImage reuse) {
        checkOpen();
        Monitor m = monitors.get(monitorIndex);
        Segment s = segment(m.width(), m.height());
        long mono = clock.mono();
        long wall = clock.wall();
        if (!xshm.XShmGetImage(display, root, s.image(), m.x(), m.y(), ALL_PLANES)) {
            throw new CaptureException("Cannot grab the screen: XShmGetImage of monitor " + monitorIndex + " ("
                    + m.width() + "x" + m.height() + "+" + m.x() + "+" + m.y() + ") failed with X error "
                    + XErrors.lastErrorCode(display) + " (did the screen layout change?).");
        }
        BufferedImage img = reusable(reuse, s.width(), s.height())
                ? reuse : new BufferedImage(s.width(), s.height(), BufferedImage.TYPE_INT_RGB);
        s.converter().convert(s.info().shmaddr, ((DataBufferInt) img.getRaster().getDataBuffer()).getData());
        return new ScreenGrab(m, img, mono, wall);
    }

    /** Whether {@code img} can take a grab of {@code width × height}: the image this grabber would make. */
    static boolean reusable(BufferedImage img, int width, int height) {
        return img != null && img.getType() == BufferedImage.TYPE_INT_RGB && img.getWidth() == width
                && img.getHeight() == height && img.getRaster().getDataBuffer() instanceof DataBufferInt b
                && b.getNumBanks() == 1 && b.getOffset() == 0 && b.getData().length == width * height
                && img.getRaster().getParent() == null;
    }

    /** How many shared segments this grabber holds (one per distinct monitor size grabbed). */
    public synchronized int segmentCount() {
        return segments.size();
    }

    /** Detaches and frees the segments and closes the connection. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        List<Segment> all = new ArrayList<>(segments.values());
        segments.clear();
        for (Segment s : all) release(s);
        XErrors.unregister(display);
        X.XCloseDisplay(display);
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("XShmScreenGrabber is closed");
    }

    private static long key(int width, int height) {
        return ((long) width << 32) | (height & 0xffffffffL);
    }

    private Segment segment(int width, int height) {
        long k = key(width, height);
        Segment s = segments.get(k);
        if (s == null) {
            s = create(width, height);
            segments.put(k, s);
        }
        return s;
    }

    private Segment create(int width, int height) {
        XShm.SegmentInfo info = new XShm.SegmentInfo();
        Pointer image = xshm.XShmCreateImage(display, visual, depth, XShm.ZPixmap, null, info, width, height);
        if (image == null) throw fail("XShmCreateImage failed for " + width + "x" + height + ".");
        XShm.XImage xi = new XShm.XImage(image);
        PixelConverter converter;
        try {
            converter = new PixelConverter(xi.width, xi.height, xi.bytes_per_line, xi.bits_per_pixel, xi.byte_order,
                    xi.red_mask.longValue(), xi.green_mask.longValue(), xi.blue_mask.longValue());
        } catch (IllegalArgumentException e) {
            XlibExt.INSTANCE.XDestroyImage(image);
            throw fail(e.getMessage() + " (depth " + depth + ").");
        }
        long size = (long) xi.bytes_per_line * xi.height;
        int id = SysVShm.INSTANCE.shmget(SysVShm.IPC_PRIVATE, new NativeLong(size), SysVShm.IPC_CREAT | 0600);
        if (id < 0) {
            int errno = Native.getLastError();
            XlibExt.INSTANCE.XDestroyImage(image);
            throw fail("shmget of " + size + " bytes failed (errno " + errno + "; see kernel.shmmax/shmall).");
        }
        Pointer addr = SysVShm.INSTANCE.shmat(id, null, 0);
        if (SysVShm.failed(addr)) {
            int errno = Native.getLastError();
            SysVShm.INSTANCE.shmctl(id, SysVShm.IPC_RMID, null);
            XlibExt.INSTANCE.XDestroyImage(image);
            throw fail("shmat failed (errno " + errno + ").");
        }
        info.shmid = id;
        info.shmaddr = addr;
        info.readOnly = 0;
        info.write();
        xi.data = addr;
        xi.writeField("data");

        X.XSync(display, false);
        long errorsBefore = XErrors.count(display);
        xshm.XShmAttach(display, info); // fills info.shmseg
        X.XSync(display, false);
        boolean error = XErrors.count(display) != errorsBefore;
        // A server that cannot see our segment fails with BadAccess; one in another IPC namespace
        // may instead attach whatever segment has that id there. Either way ours has one user only.
        boolean serverAttached = !error && attachCount(id) != 1;
        // Removed once both sides detach, even if this process dies before close().
        SysVShm.INSTANCE.shmctl(id, SysVShm.IPC_RMID, null);
        info.read();
        if (!serverAttached) {
            int code = XErrors.lastErrorCode(display);
            if (!error) {
                xshm.XShmDetach(display, info);
                X.XSync(display, false);
            }
            SysVShm.INSTANCE.shmdt(addr);
            XlibExt.INSTANCE.XDestroyImage(image);
            throw fail("the X server cannot attach this process's shared memory ("
                    + (error ? "X error " + code + (code == BAD_ACCESS ? " BadAccess" : "") : "it attached another segment")
                    + "): a remote display, or a server in another IPC namespace.");
        }
        return new Segment(info, image, converter, xi.width, xi.height);
    }

    private void release(Segment s) {
        xshm.XShmDetach(display, s.info());
        X.XSync(display, false); // the server has detached before we do
        XlibExt.INSTANCE.XDestroyImage(s.image()); // the struct only: MIT-SHM images do not own their data
        SysVShm.INSTANCE.shmdt(s.info().shmaddr);
    }

    private static CaptureException fail(String why) {
        return new CaptureException("Cannot grab the screen with MIT-SHM: " + why);
    }

    /**
     * The number of attachments of segment {@code shmid} from /proc/sysvipc/shm, or -1 when that
     * cannot be read (then the check is skipped).
     */
    static int attachCount(int shmid) {
        List<String> lines;
        try {
            lines = Files.readAllLines(SYSVIPC_SHM);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        if (lines.isEmpty()) return -1;
        String[] header = lines.get(0).trim().split("\\s+");
        int idCol = -1, nattchCol = -1;
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals("shmid")) idCol = i;
            if (header[i].equals("nattch")) nattchCol = i;
        }
        if (idCol < 0 || nattchCol < 0) return -1;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length > Math.max(idCol, nattchCol) && f[idCol].equals(Integer.toString(shmid))) {
                try {
                    return Integer.parseInt(f[nattchCol]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
