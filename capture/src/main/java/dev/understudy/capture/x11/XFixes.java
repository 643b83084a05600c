package dev.understudy.capture.x11;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.unix.X11;
import com.sun.jna.ptr.IntByReference;

/** The part of libXfixes that tells who owns a selection, and its server-side regions (for XDamage). */
public interface XFixes extends Library {
    XFixes INSTANCE = Native.load("Xfixes", XFixes.class);

    /** Event offset from the extension's event base. */
    int XFixesSelectionNotify = 0;
    long XFixesSetSelectionOwnerNotifyMask = 1L;

    boolean XFixesQueryExtension(X11.Display display, IntByReference eventBase, IntByReference errorBase);

    int XFixesQueryVersion(X11.Display display, IntByReference major, IntByReference minor);

    void XFixesSelectSelectionInput(X11.Display display, X11.Window window, X11.Atom selection, NativeLong eventMask);

    /** A region made of {@code count} XRectangles at {@code rects} (null and 0: an empty region); returns its XID. */
    NativeLong XFixesCreateRegion(X11.Display display, Pointer rects, int count);

    void XFixesDestroyRegion(X11.Display display, NativeLong region);

    /**
     * The region's rectangles: an array of {@code count} XRectangles (short x, y; unsigned short
     * width, height: 8 bytes each) to free with XFree, or null when it is empty.
     */
    Pointer XFixesFetchRegion(X11.Display display, NativeLong region, IntByReference count);

    /** XFixesSelectionNotifyEvent, read from an XEvent's memory. */
    @Structure.FieldOrder({"type", "serial", "send_event", "display", "window", "subtype", "owner", "selection",
            "timestamp", "selection_timestamp"})
    class SelectionNotifyEvent extends Structure {
        public int type;
        public NativeLong serial;
        public int send_event;
        public Pointer display;
        public NativeLong window;
        public int subtype;
        public NativeLong owner;
        public NativeLong selection;
        public NativeLong timestamp;
        public NativeLong selection_timestamp;

        public SelectionNotifyEvent(Pointer p) {
            super(p);
            read();
        }
    }
}
