package dev.understudy.capture.x11;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.unix.X11;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The part of libXRes (X Resource extension, Debian package libxres1) that tells which process a
 * window's client is: the server knows the pid from the client's local socket.
 */
public interface XRes extends Library {
    XRes INSTANCE = Native.load("XRes", XRes.class);

    int XRES_CLIENT_ID_PID_MASK = 1 << 1;

    boolean XResQueryExtension(X11.Display display, IntByReference eventBase, IntByReference errorBase);

    int XResQueryVersion(X11.Display display, IntByReference major, IntByReference minor);

    /** Needs extension version 1.2. Returns 0 (Success) and an array to free with {@link #XResClientIdsDestroy}. */
    int XResQueryClientIds(X11.Display display, NativeLong numSpecs, ClientIdSpec specs, NativeLongByReference numIds,
                           PointerByReference ids);

    /** The pid in one {@link ClientIdValue} (by address), or -1 when it holds another kind of id. */
    int XResGetClientPid(Pointer value);

    void XResClientIdsDestroy(NativeLong numIds, Pointer ids);

    /** XResClientIdSpec: a resource id of the client (e.g. a window) and the kinds of id wanted. */
    @Structure.FieldOrder({"client", "mask"})
    class ClientIdSpec extends Structure {
        public NativeLong client;
        public int mask;
    }

    /** XResClientIdValue; only its size is used, to step through the array of them. */
    @Structure.FieldOrder({"spec", "length", "value"})
    class ClientIdValue extends Structure {
        public static final int SIZE = new ClientIdValue().size();

        public ClientIdSpec spec;
        public NativeLong length;
        public Pointer value;
    }
}
