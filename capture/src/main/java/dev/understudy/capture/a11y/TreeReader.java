package dev.understudy.capture.a11y;

import dev.understudy.model.A11yNode;
import dev.understudy.model.Rect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads accessible objects: one node's role, name, description, states and box, several of them
 * pipelined (all calls of a batch are sent before the first reply is awaited), the applications and
 * their top-level windows. Used by the reader thread only; the caches it keeps are concurrent maps
 * because the event handlers invalidate them from dbus-java's signal thread.
 *
 * <p>What is cached, and why that is safe: a role never changes for an object path (toolkits give a
 * new path to a new object); an object's parent only with "accessible-parent" property changes; an
 * application's process id and toolkit never; its list of top-level windows until a children-changed
 * event on its root or a window event. Names, states and boxes are always read fresh.
 *
 * <p>Never read: text contents (the Text interface), values, attributes beyond what is listed.
 */
final class TreeReader {
    /** AT-SPI coordinate types. */
    static final int SCREEN = 0;
    static final int WINDOW = 1;
    private static final int CACHE_CAP = 50_000;

    final BusCalls calls;
    private final WindowOrigins origins; // null without X
    private final Map<ObjectRef, String> roles = new ConcurrentHashMap<>();
    private final Map<ObjectRef, ObjectRef> parents = new ConcurrentHashMap<>();
    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private volatile List<String> appBuses; // null: to be listed again

    TreeReader(BusCalls calls, WindowOrigins origins) {
        this.calls = calls;
        this.origins = origins;
    }

    /** An application on the bus. topLevels null: to be read again. */
    static final class App {
        final String bus;
        final long pid;
        volatile String toolkit; // "GTK 3.24.38", null until read
        volatile boolean gtk4;
        volatile int toolkitAttempts;
        volatile List<ObjectRef> topLevels;
        volatile Node rootNode; // the application object's read, kept while its windows are

        App(String bus, long pid) {
            this.bus = bus;
            this.pid = pid;
        }
    }

    // ---- invalidation (any thread)

    void forgetApps() {
        appBuses = null;
    }

    void forgetApp(String bus) {
        apps.remove(bus);
        calls.forget(bus);
        appBuses = null;
    }

    boolean isKnownApp(String bus) {
        List<String> b = appBuses;
        return b != null && b.contains(bus);
    }

    void forgetTopLevels(String bus) {
        App a = apps.get(bus);
        if (a != null) {
            a.topLevels = null;
            a.rootNode = null;
        }
    }

    void forgetParent(ObjectRef r) {
        parents.remove(r);
    }

    void forgetChildrenOf(ObjectRef r) {
        if (r.isRoot()) forgetTopLevels(r.bus());
    }

    // ---- applications

    /** The applications' bus names, from the registry (cached until an application comes or goes). */
    List<String> appBuses(Deadline d) throws BusCalls.Timeout, BusCalls.Failed {
        List<String> b = appBuses;
        if (b != null) return b;
        Object v = calls.accessible(new ObjectRef(AccessibilityBus.REGISTRY, ObjectRef.ROOT_PATH), "GetChildren").first(d);
        b = ObjectRef.list(v).stream().map(ObjectRef::bus).distinct().toList();
        appBuses = b;
        return b;
    }

    /** The application behind a bus name, its pid asked of the bus daemon (never of the app). */
    App app(String bus, Deadline d) throws BusCalls.Timeout {
        App a = apps.get(bus);
        if (a != null) return a;
        long pid = 0;
        try {
            pid = DBusValues.number(calls.pidOf(bus).first(d));
        } catch (BusCalls.Failed e) {
            // the bus does not know: pid 0
        }
        a = new App(bus, pid);
        apps.put(bus, a);
        return a;
    }

    /**
     * Reads the toolkit name and version (Application interface of the root object). An error reply
     * is retried on later reads a few times: GTK 4 answers with UnknownMethod for a moment after it
     * registered.
     */
    void toolkit(App a, Deadline d) throws BusCalls.Timeout {
        if (a.toolkit != null || a.toolkitAttempts >= 3) return;
        a.toolkitAttempts++;
        ObjectRef root = new ObjectRef(a.bus, ObjectRef.ROOT_PATH);
        BusCalls.Pending n = calls.property(root, BusCalls.APPLICATION, "ToolkitName");
        BusCalls.Pending v = calls.property(root, BusCalls.APPLICATION, "Version");
        String name;
        String version;
        try {
            name = DBusValues.string(n.first(d));
            version = DBusValues.string(v.firstOrNull(d));
        } catch (BusCalls.Failed e) {
            return;
        }
        if ("gtk".equalsIgnoreCase(name)) name = "GTK"; // ATK's GTK 3 says "gtk", GTK 4 "GTK"
        a.gtk4 |= "GTK".equals(name) && version != null && version.startsWith("4.");
        a.toolkit = name == null ? "" : version == null || version.isBlank() ? name : name + " " + version;
    }

    List<ObjectRef> topLevels(App a, Deadline d) throws BusCalls.Timeout {
        List<ObjectRef> t = a.topLevels;
        if (t != null) return t;
        try {
            t = ObjectRef.list(calls.accessible(new ObjectRef(a.bus, ObjectRef.ROOT_PATH), "GetChildren").first(d));
        } catch (BusCalls.Failed e) {
            t = List.of();
        }
        for (ObjectRef r : t) {
            parents.put(r, r.root());
            // GTK 4 names its objects /org/gtk/...; its boxes must be converted even before its
            // toolkit name could be read.
            if (r.path().startsWith("/org/gtk/")) a.gtk4 = true;
        }
        a.topLevels = t;
        return t;
    }

    /** The screen origin GTK 4's boxes of this top-level are relative to; {0,0} otherwise. */
    int[] origin(App a, String topLevelName) {
        if (!a.gtk4 || origins == null) return new int[] {0, 0};
        int[] o = origins.origin(a.pid, topLevelName);
        return o == null ? new int[] {0, 0} : o;
    }

    // ---- nodes

    /** The calls of one node's read, in flight. */
    final class NodeQuery {
        final ObjectRef ref;
        final BusCalls.Pending props;
        final BusCalls.Pending state;
        final BusCalls.Pending extents;
        final BusCalls.Pending role; // null when cached
        final int[] origin;
        final Node known; // a result kept from before: nothing is sent
        Node done; // the result, once finished (reader thread only)

        NodeQuery(ObjectRef ref, int[] origin, boolean withBox) {
            this(ref, origin, calls.accessibleProperties(ref), calls.accessible(ref, "GetState"),
                    withBox ? calls.extents(ref, SCREEN) : null);
        }

        /** A read whose calls went out already (a top-level's probe). */
        NodeQuery(ObjectRef ref, int[] origin, BusCalls.Pending props, BusCalls.Pending state, BusCalls.Pending extents) {
            this.ref = ref;
            this.origin = origin;
            this.props = props;
            this.state = state;
            this.extents = extents;
            this.role = roles.containsKey(ref) ? null : calls.accessible(ref, "GetRole");
            this.known = null;
        }

        NodeQuery(Node known) {
            this.ref = known.ref();
            this.origin = null;
            this.props = null;
            this.state = null;
            this.extents = null;
            this.role = null;
            this.known = known;
        }
    }

    /** The result of one node's read. */
    record Node(ObjectRef ref, A11yNode node, long stateMask, int childCount, ObjectRef parent) {
        String role() {
            return node.role();
        }
    }

    /**
     * Sends a node's read. An application's root (no box; its name, the application's, does not
     * change) is read once per application.
     */
    NodeQuery query(ObjectRef r, int[] origin) {
        if (r.isRoot()) {
            App a = apps.get(r.bus());
            Node root = a == null ? null : a.rootNode;
            if (root != null) return new NodeQuery(root);
            return new NodeQuery(r, origin, false);
        }
        return new NodeQuery(r, origin, true);
    }

    /** Waits for a node's read; a timeout throws, an object that went away gives null. */
    Node finish(NodeQuery q, Deadline d) throws BusCalls.Timeout {
        if (q.known != null) return q.known;
        if (q.done != null) return q.done;
        String role = q.role == null ? roles.get(q.ref) : roleName(q.ref, q.role.firstOrNull(d), d);
        Object state = q.state == null ? null : q.state.firstOrNull(d);
        Object props = q.props == null ? null : q.props.firstOrNull(d);
        Object ext = q.extents == null ? null : q.extents.firstOrNull(d);
        if (role == null && state == null) return null; // gone
        if (role != null && q.role != null) remember(q.ref, role);
        String name = null;
        String description = null;
        int childCount = 0;
        ObjectRef parent = null;
        if (props != null) {
            Map<?, ?> m = props instanceof Map<?, ?> mm ? mm : Map.of();
            name = blankToNull(DBusValues.string(m.get("Name")));
            description = blankToNull(DBusValues.string(m.get("Description")));
            childCount = (int) DBusValues.number(m.get("ChildCount"));
            Object p = m.get("Parent");
            parent = p == null ? null : ObjectRef.of(p);
            if (parent != null && !parent.isNull()) parents.put(q.ref, parent);
        }
        long mask = state == null ? 0 : A11yStates.mask(state);
        Rect box = box(ext, q.origin);
        Node n = new Node(q.ref, new A11yNode(role == null ? "unknown" : role, name, description,
                A11yStates.names(mask, role), box, List.of()), mask, childCount, parent);
        if (q.ref.isRoot() && props != null) {
            App a = apps.get(q.ref.bus());
            if (a != null) a.rootNode = n;
        }
        q.done = n;
        return n;
    }

    /** Reads several nodes at once. Entries that went away are null. */
    List<Node> read(List<ObjectRef> refs, int[] origin, Deadline d) throws BusCalls.Timeout {
        List<NodeQuery> qs = new ArrayList<>(refs.size());
        for (ObjectRef r : refs) qs.add(query(r, origin));
        List<Node> out = new ArrayList<>(refs.size());
        for (NodeQuery q : qs) out.add(finish(q, d));
        return out;
    }

    /** As {@link #read}, keeping what answered before the deadline and dropping the rest. */
    List<Node> readSome(List<ObjectRef> refs, int[] origin, Deadline d) {
        List<NodeQuery> qs = new ArrayList<>(refs.size());
        for (ObjectRef r : refs) qs.add(query(r, origin));
        List<Node> out = new ArrayList<>(refs.size());
        for (NodeQuery q : qs) {
            try {
                Node n = finish(q, d);
                if (n != null) out.add(n);
            } catch (BusCalls.Timeout t) {
                break;
            }
        }
        return out;
    }

    String role(ObjectRef r, Deadline d) throws BusCalls.Timeout {
        String role = roles.get(r);
        if (role != null) return role;
        role = roleName(r, calls.accessible(r, "GetRole").firstOrNull(d), d);
        if (role != null) remember(r, role);
        return role;
    }

    /** The name of a GetRole answer; GetRoleName for a number the table does not know. */
    private String roleName(ObjectRef r, Object number, Deadline d) throws BusCalls.Timeout {
        if (number == null) return null;
        String name = AtspiRoles.name(DBusValues.number(number));
        if (name != null) return name;
        String s = DBusValues.string(calls.accessible(r, "GetRoleName").firstOrNull(d));
        return s == null ? null : s.toLowerCase(java.util.Locale.ROOT).replace('-', ' ');
    }

    /** The role of a node whose read is in flight: cached, or from the read's own GetRole. */
    String role(NodeQuery q, Deadline d) throws BusCalls.Timeout {
        String role = roles.get(q.ref);
        if (role != null || q.role == null) return role;
        role = roleName(q.ref, q.role.firstOrNull(d), d);
        if (role != null) remember(q.ref, role);
        return role;
    }

    /** Cached role, or null. */
    String cachedRole(ObjectRef r) {
        return roles.get(r);
    }

    private void remember(ObjectRef r, String role) {
        if (roles.size() > CACHE_CAP) roles.clear();
        roles.put(r, role);
    }

    /**
     * The object's ancestors up to its application's root, root first (Parent properties only, no
     * names), capped at 64.
     */
    /** An object's parent (cached), or null at the application or across a plug/socket boundary. */
    ObjectRef parentOf(ObjectRef r, Deadline d) throws BusCalls.Timeout {
        if (r.isRoot()) return null;
        ObjectRef p = parents.get(r);
        if (p == null) {
            p = ObjectRef.of(calls.property(r, BusCalls.ACCESSIBLE, "Parent").firstOrNull(d));
            if (p == null || p.isNull()) return null;
            if (parents.size() > CACHE_CAP) parents.clear();
            parents.put(r, p);
        }
        return p.bus().equals(r.bus()) ? p : null;
    }

    List<ObjectRef> ancestors(ObjectRef r, Deadline d) throws BusCalls.Timeout {
        List<ObjectRef> up = new ArrayList<>();
        ObjectRef cur = r;
        for (int i = 0; i < 64 && !cur.isRoot(); i++) {
            ObjectRef p = parents.get(cur);
            if (p == null) {
                p = ObjectRef.of(calls.property(cur, BusCalls.ACCESSIBLE, "Parent").firstOrNull(d));
                if (p == null || p.isNull()) break;
                if (parents.size() > CACHE_CAP) parents.clear();
                parents.put(cur, p);
            }
            if (!p.bus().equals(r.bus())) break; // a plug/socket boundary: stop at our application
            up.add(0, p);
            cur = p;
        }
        return up;
    }

    /** The children of an object, at most {@code max}, in order. */
    List<ObjectRef> children(ObjectRef r, int count, int max, Deadline d) throws BusCalls.Timeout {
        if (count <= 0) return List.of();
        if (count <= max * 4) {
            try {
                List<ObjectRef> all = ObjectRef.list(calls.accessible(r, "GetChildren").first(d));
                return all.size() > max ? all.subList(0, max) : all;
            } catch (BusCalls.Failed e) {
                return List.of();
            }
        }
        return childrenAt(r, 0, Math.min(count, max), d);
    }

    /** Children {@code from} (inclusive) to {@code to} (exclusive) by index, pipelined. */
    List<ObjectRef> childrenAt(ObjectRef r, int from, int to, Deadline d) throws BusCalls.Timeout {
        List<BusCalls.Pending> ps = new ArrayList<>();
        for (int i = Math.max(0, from); i < to; i++) ps.add(calls.childAt(r, i));
        List<ObjectRef> out = new ArrayList<>();
        for (BusCalls.Pending p : ps) {
            ObjectRef c = ObjectRef.of(p.firstOrNull(d));
            if (c != null && !c.isNull()) out.add(c);
        }
        return out;
    }

    static Rect box(Object extents, int[] origin) {
        Object[] f = DBusValues.fields(extents);
        if (f == null || f.length < 4) return null;
        int x = (int) DBusValues.number(f[0]);
        int y = (int) DBusValues.number(f[1]);
        int w = (int) DBusValues.number(f[2]);
        int h = (int) DBusValues.number(f[3]);
        if (w <= 0 || h <= 0 || x == Integer.MIN_VALUE || y == Integer.MIN_VALUE) return null;
        return new Rect(x + origin[0], y + origin[1], w, h);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static Map<ObjectRef, Integer> index(List<ObjectRef> refs) {
        Map<ObjectRef, Integer> m = new HashMap<>();
        for (int i = 0; i < refs.size(); i++) m.put(refs.get(i), i);
        return m;
    }
}
