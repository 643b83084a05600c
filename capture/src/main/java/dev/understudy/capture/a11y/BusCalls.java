package dev.understudy.capture.a11y;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.dbus.connections.AbstractConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.messages.MethodCall;

/**
 * Method calls on the accessibility bus with a time limit each. dbus-java's proxies wait for a
 * reply with one global timeout; here every call is sent as a message first and its reply awaited
 * only until the read's {@link Deadline}, so several calls can be in flight at once (pipelined:
 * a node's name, state and box cost one round trip, not three) and an application that does not
 * answer costs at most the deadline.
 *
 * <p>An application that let a call time out is "hung" until that call's reply arrives (the bus
 * daemon answers it with an error at the latest after its own reply timeout); calls to it fail at
 * once meanwhile, so a stopped application delays one read, not every read after it.
 */
final class BusCalls {
    static final String ACCESSIBLE = "org.a11y.atspi.Accessible";
    static final String COMPONENT = "org.a11y.atspi.Component";
    static final String APPLICATION = "org.a11y.atspi.Application";
    static final String PROPERTIES = "org.freedesktop.DBus.Properties";

    private final AbstractConnection conn;
    private final Map<String, MethodCall> hung = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    /** Name/description reads per application bus name (for the permission's tests and diagnostics). */
    private final Map<String, AtomicLong> nameReads = new ConcurrentHashMap<>();

    BusCalls(AbstractConnection conn) {
        this.conn = conn;
    }

    /** The call did not get its reply in time, or went to an application known to be hung. */
    static final class Timeout extends Exception {
        Timeout(String what) {
            super(what, null, false, false);
        }
    }

    /** The call got an error reply (no such interface, object gone...). */
    static final class Failed extends Exception {
        Failed(String what) {
            super(what, null, false, false);
        }
    }

    /** A call in flight. */
    final class Pending {
        private final MethodCall call; // null when it was never sent (the application is hung)
        private final String dest;
        private final String what;

        private Pending(MethodCall call, String dest, String what) {
            this.call = call;
            this.dest = dest;
            this.what = what;
        }

        /** The reply's values; waits at most until the deadline. */
        Object[] await(Deadline d) throws Timeout, Failed {
            if (call == null) throw new Timeout(what + ": " + dest + " is not answering");
            Message reply = null;
            long left;
            while ((reply = replyOf(call)) == null && (left = d.remainingNanos()) > 0) {
                try {
                    reply = call.getReply(Math.max(1, left / 1_000_000));
                } catch (RuntimeException e) {
                    throw new Failed(what + ": " + e);
                }
                if (reply != null) break;
                if (Thread.currentThread().isInterrupted()) break; // closing: give up at once
            }
            if (reply == null) {
                if (d.hard()) hung.putIfAbsent(dest, call);
                throw new Timeout(what + " to " + dest);
            }
            if (reply instanceof org.freedesktop.dbus.messages.Error err) {
                throw new Failed(what + ": " + err.getName());
            }
            try {
                return reply.getParameters();
            } catch (DBusException e) {
                throw new Failed(what + ": " + e.getMessage());
            }
        }

        /** Whether the reply is in (await would not wait). */
        boolean arrived() {
            return call != null && call.hasReply();
        }

        /** The first value, or a failure. */
        Object first(Deadline d) throws Timeout, Failed {
            Object[] v = await(d);
            if (v == null || v.length == 0) throw new Failed(what + ": empty reply");
            return DBusValues.unwrap(v[0]);
        }

        /** The first value, or null on an error reply; a timeout still throws. */
        Object firstOrNull(Deadline d) throws Timeout {
            try {
                return first(d);
            } catch (Failed f) {
                return null;
            }
        }
    }

    private static Message replyOf(MethodCall c) {
        return c.hasReply() ? c.getReply(1) : null;
    }

    /** Whether calls to the application currently fail at once (it let one time out). */
    boolean isHung(String dest) {
        MethodCall c = hung.get(dest);
        if (c == null) return false;
        if (c.hasReply()) {
            hung.remove(dest, c);
            return false;
        }
        return true;
    }

    /** Sends a call and returns at once. */
    Pending send(String dest, String path, String iface, String member, String sig, Object... args) {
        String what = iface + "." + member;
        if (isHung(dest)) return new Pending(null, dest, what);
        try {
            MethodCall mc = conn.getMessageFactory().createMethodCall(dest, path, iface, member, (byte) 0, sig, args);
            conn.sendMessage(mc);
            sent.incrementAndGet();
            return new Pending(mc, dest, what);
        } catch (DBusException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    Pending property(ObjectRef r, String iface, String name) {
        if (ACCESSIBLE.equals(iface) && ("Name".equals(name) || "Description".equals(name))) countName(r.bus());
        return send(r.bus(), r.path(), PROPERTIES, "Get", "ss", iface, name);
    }

    /** All properties of org.a11y.atspi.Accessible (Name, Description, Parent, ChildCount...). */
    Pending accessibleProperties(ObjectRef r) {
        countName(r.bus());
        return send(r.bus(), r.path(), PROPERTIES, "GetAll", "s", ACCESSIBLE);
    }

    Pending accessible(ObjectRef r, String member) {
        return send(r.bus(), r.path(), ACCESSIBLE, member, null);
    }

    Pending childAt(ObjectRef r, int i) {
        return send(r.bus(), r.path(), ACCESSIBLE, "GetChildAtIndex", "i", i);
    }

    Pending extents(ObjectRef r, int coordType) {
        return send(r.bus(), r.path(), COMPONENT, "GetExtents", "u", new org.freedesktop.dbus.types.UInt32(coordType));
    }

    Pending accessibleAtPoint(ObjectRef r, int x, int y, int coordType) {
        return send(r.bus(), r.path(), COMPONENT, "GetAccessibleAtPoint", "iiu", x, y,
                new org.freedesktop.dbus.types.UInt32(coordType));
    }

    /** The process id of a bus name, from the bus daemon (never waits on the application). */
    Pending pidOf(String busName) {
        return send("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                "GetConnectionUnixProcessID", "s", busName);
    }

    long sent() {
        return sent.get();
    }

    long nameReads(String bus) {
        AtomicLong n = nameReads.get(bus);
        return n == null ? 0 : n.get();
    }

    long nameReadsTotal() {
        return nameReads.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private void countName(String bus) {
        nameReads.computeIfAbsent(bus, b -> new AtomicLong()).incrementAndGet();
    }

    void forget(String bus) {
        hung.remove(bus);
    }
}
