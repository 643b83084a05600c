package dev.understudy.capture.x11;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.platform.unix.X11;

/** Xlib functions missing from JNA's {@link X11}. */
public interface XlibExt extends Library {
    XlibExt INSTANCE = Native.load("X11", XlibExt.class);

    int XConnectionNumber(X11.Display display);

    int XDefaultDepth(X11.Display display, int screen);

    /** Frees an {@code XImage*} through its own destroy function (for MIT-SHM images: the struct only). */
    int XDestroyImage(Pointer image);

    /** The window that owns {@code selection}, or null/None. */
    X11.Window XGetSelectionOwner(X11.Display display, X11.Atom selection);

    /** Asks the owner of {@code selection} to store it as {@code target} in {@code property} of {@code requestor}. */
    int XConvertSelection(X11.Display display, X11.Atom selection, X11.Atom target, X11.Atom property,
                          X11.Window requestor, NativeLong time);
}
