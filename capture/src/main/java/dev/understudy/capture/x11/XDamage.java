package dev.understudy.capture.x11;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.platform.unix.X11;
import com.sun.jna.ptr.IntByReference;

/**
 * The part of libXdamage the screen thread uses to learn which parts of the screen were drawn
 * since it last looked ({@link dev.understudy.capture.screen.ScreenDamage}). Damage objects and
 * XFixes regions are XIDs, passed as {@code unsigned long}.
 */
public interface XDamage extends Library {
    /** Loaded on first use of {@link #INSTANCE}: a missing libXdamage is a LinkageError there. */
    XDamage INSTANCE = Native.load("Xdamage", XDamage.class);

    /** Report levels of XDamageCreate. */
    int XDamageReportRawRectangles = 0;
    int XDamageReportDeltaRectangles = 1;
    int XDamageReportBoundingBox = 2;
    /** One DamageNotify when the damage goes from empty to non-empty; nothing more until it is subtracted. */
    int XDamageReportNonEmpty = 3;

    /** Event offset from the extension's event base. */
    int XDamageNotify = 0;

    boolean XDamageQueryExtension(X11.Display display, IntByReference eventBase, IntByReference errorBase);

    /** Must precede any other request of the extension on a connection. */
    int XDamageQueryVersion(X11.Display display, IntByReference major, IntByReference minor);

    /** A damage object tracking {@code drawable}; returns its XID. */
    NativeLong XDamageCreate(X11.Display display, NativeLong drawable, int level);

    void XDamageDestroy(X11.Display display, NativeLong damage);

    /**
     * With {@code repair} None (0): {@code parts} (a region, or None) is set to the accumulated
     * damage and the damage is emptied, in one step on the server.
     */
    void XDamageSubtract(X11.Display display, NativeLong damage, NativeLong repair, NativeLong parts);
}
