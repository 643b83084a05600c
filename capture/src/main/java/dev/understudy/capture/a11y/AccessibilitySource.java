package dev.understudy.capture.a11y;

import dev.understudy.capture.Clock;
import dev.understudy.capture.EventSink;
import dev.understudy.model.A11yNode;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.matchrules.DBusMatchRuleBuilder;
import org.freedesktop.dbus.messages.DBusSignal;

/**
 * Grounds desktop input in the accessibility tree (AT-SPI on Linux): the element under a mouse
 * press, the element the keyboard focus moved to (menu and list entries the keyboard selects
 * included), and the new state of a toggle after a click. Emits {@link RawEvent.A11y} events.
 *
 * <p>Threads. {@link #pointerPressed} and {@link #pointerReleased} are called from the input hook's
 * thread and only queue work (a bounded queue; when it is full the read is dropped and counted).
 * All reads run on the source's reader thread ("understudy-a11y"), one at a time, each within a
 * soft budget (beyond it the optional parts, siblings and the subtree, are cut short) and a hard
 * timeout (beyond it the read is {@link RawEvent.A11y#TIMEOUT} with no element). An application
 * that let a call time out is skipped until it answers again (see {@link BusCalls}), so a stopped
 * application costs one timeout, not one per read. The password fields of the active window are
 * walked on a second thread ("understudy-a11y-scan"), debounced after window activation and
 * children changes. Accessibility events arrive on dbus-java's signal thread, which only
 * invalidates caches and queues reads.
 *
 * <p>Privacy: before anything of an application is read the {@link ReadPermission} is asked about
 * its process (pid from the bus daemon), and before descending into a top-level window about that
 * window's name. Names and descriptions are read for the element, its ancestors, siblings and kept
 * children only; text contents (the Text interface) never.
 *
 * <p>GTK 4 on X11 reports boxes relative to its window even when screen coordinates are asked for:
 * for GTK 4 applications the hit test uses window coordinates and boxes get the X window's origin
 * added ({@link WindowOrigins}).
 */
public final class AccessibilitySource implements AutoCloseable {
    public static final Duration DEFAULT_BUDGET = Duration.ofMillis(5);
    public static final Duration DEFAULT_HARD_TIMEOUT = Duration.ofMillis(300);
    static final int MAX_QUEUED = 64;
    static final int MAX_SIBLINGS = 6;
    static final int MAX_SUBTREE = 12;
    static final int SUBTREE_DEPTH = 2;
    static final int SCAN_CAP = 2000;
    /** A focus change walks the active window for password fields again when the last walk is older. */
    static final long RESCAN_NS = 5_000_000_000L;
    private volatile long lastScanNanos;
    /** A node with more children is not descended into by the password scan (a list, a table). */
    static final int SCAN_MAX_CHILDREN = 500;
    /** The controls a scan keeps (for a press whose window closed before its read). */
    static final int MAX_CONTROLS = 400;
    static final long FOCUS_DEDUPE_NS = 300_000_000L;
    static final long TOGGLE_REREAD_MS = 120;
    static final long SCAN_DEBOUNCE_MS = 150;
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(5);

    /** Roles whose press changes a checked/selected state worth reporting after release. */
    static final Set<String> TOGGLES = Set.of("check box", "radio button", "toggle button", "check menu item",
            "radio menu item", "page tab", "switch");
    /** Roles a keyboard selection moves through in menus and dropdown lists. */
    static final Set<String> SELECTABLE_ENTRIES = Set.of("menu item", "check menu item", "radio menu item", "menu",
            "list item", "tear off menu item");
    /** Roles a click acts on as a whole: the walk down stops at them. */
    static final Set<String> INTERACTIVE = Set.of("push button", "toggle button", "check box", "radio button", "menu item",
            "check menu item", "radio menu item", "link", "page tab", "entry", "password text", "spin button", "slider",
            "switch", "list item");
    /** Top-level roles that pop up over their window: hit before the frame under them. */
    static final Set<String> POPUPS = Set.of("window", "menu", "tool tip", "list", "combo box");

    private final EventSink sink;
    private final ReadPermission permission;
    private final Clock clock;
    private final long budgetNanos;
    private final long hardNanos;
    private final Map<String, String> env;
    private final QueryStats stats = new QueryStats();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicReference<Pressed> pressed = new AtomicReference<>();
    private final AtomicReference<Pressed> toggle = new AtomicReference<>();

    private volatile AccessibilityBus bus;
    private volatile WindowOrigins origins;
    private volatile TreeReader tree;
    private ThreadPoolExecutor reader;
    private ScheduledExecutorService scanner;
    private ScheduledFuture<?> scanPending; // guarded by this
    private final List<AutoCloseable> handlers = new ArrayList<>();
    private volatile String unavailable = "not started";
    private volatile ObjectRef activeTop;
    private volatile List<Rect> scannedBoxes = List.of();
    /** A control of the active window as the last scan saw it. */
    private record Control(ObjectRef ref, String role, String name, Rect box) {}
    /** What the last scan of the active window saw: its controls, for presses whose window vanished before the read. */
    private record Scan(ObjectRef top, String topRole, String topName, String appName, String toolkit, List<Control> controls) {}
    private volatile Scan scanned;
    /**
     * The menu whose entries are showing, as the last focus read said (reader thread only): a menu
     * title the keyboard or the pointer opened, or the menu holding the entry the keyboard selected.
     * GTK 3 (LibreOffice too) keeps a popup menu's entries under its menu title in the tree, so a hit
     * test on the window finds what is drawn beneath the popup; the open menu's entries are tried
     * first, by their boxes.
     */
    private ObjectRef openMenu;
    /**
     * The entries of the menu or popup list last seen open, with their boxes as they were then
     * (reader thread only). A toolkit closes a menu when the button is released, often before the
     * press's read runs (xdotool releases at once; LibreOffice then answers a closed menu's entries
     * with empty boxes): the press is matched against these first.
     */
    private List<Transient> transients = List.of();
    private long transientsAt;
    private record Transient(ObjectRef ref, Rect box) {}
    static final long TRANSIENT_NS = 10_000_000_000L;
    static final int POPUP_SCAN_CAP = 300;

    /** The top-level window of the element the last {@link #readEvent} read (reader thread only). */
    private ObjectRef lastTop;
    /** The parent of the element the last {@link #readEvent} read (reader thread only). */
    private ObjectRef lastParent;
    static final String MENU = "menu";
    static final Set<String> MENU_ENTRIES = Set.of("menu item", "check menu item", "radio menu item");
    /** What a press in an open menu or popup list chooses. */
    static final Set<String> ENTRY_ROLES = Set.of("menu item", "check menu item", "radio menu item", "menu", "list item", "table cell");
    private volatile Rect focusedPasswordBox;
    private volatile ObjectRef lastFocus;
    private volatile long lastFocusNanos;
    private boolean closed;

    /** An element hit by a press, kept for the state read after the release. */
    private record Pressed(ObjectRef ref, String role, String toolkit, List<A11yNode> path, int[] origin, int x, int y) {}

    /** The outcome of one read. */
    private record Read(String status, String toolkit, A11yNode element, List<A11yNode> path, List<A11yNode> siblings,
                        ObjectRef ref, int[] origin) {
        static Read of(String status) {
            return new Read(status, null, null, List.of(), List.of(), null, null);
        }
    }

    public AccessibilitySource(EventSink sink, ReadPermission permission, Clock clock, Duration budget) {
        this(sink, permission, clock, budget, DEFAULT_HARD_TIMEOUT, System.getenv());
    }

    /**
     * @param budget the soft time budget of a read: past it, siblings and the subtree are cut short
     * @param hardTimeout past it a read is abandoned with status TIMEOUT
     * @param env where DBUS_SESSION_BUS_ADDRESS and DISPLAY are taken from
     */
    public AccessibilitySource(EventSink sink, ReadPermission permission, Clock clock, Duration budget, Duration hardTimeout,
                               Map<String, String> env) {
        this.sink = sink;
        this.permission = permission;
        this.clock = clock;
        this.budgetNanos = budget.toNanos();
        this.hardNanos = Math.max(hardTimeout.toNanos(), budgetNanos);
        this.env = Map.copyOf(env);
    }

    /**
     * Finds and enables the accessibility bus and subscribes to its events. Never fails: without a
     * bus every read is {@link RawEvent.A11y#NONE} and {@link #unavailableReason()} says why.
     */
    public synchronized void start() {
        if (reader != null || closed) throw new IllegalStateException("already started");
        reader = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> daemon(r, "understudy-a11y"));
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "understudy-a11y-scan"));
        s.setRemoveOnCancelPolicy(true);
        scanner = s;
        bus = AccessibilityBus.open(env, OPEN_TIMEOUT);
        if (!bus.available()) {
            unavailable = bus.unavailableReason();
            return;
        }
        origins = WindowOrigins.open(env.get("DISPLAY"));
        tree = new TreeReader(new BusCalls(bus.connection()), origins);
        try {
            subscribe(bus.connection());
            unavailable = null;
            scheduleScan(); // finds the active window and its password fields
        } catch (DBusException | RuntimeException e) {
            unavailable = "No accessibility events: " + e.getMessage() + ".";
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Whether its reading threads can run (started, not closed, executors not shut down). */
    public synchronized boolean running() {
        return reader != null && !closed && !reader.isShutdown() && !scanner.isShutdown();
    }

    /** One line saying why there is no grounding, or null when the tree is read. */
    public String unavailableReason() {
        return unavailable;
    }

    public QueryStats.Snapshot stats() {
        return stats.snapshot();
    }

    /** The accessibility bus address in use, or null. */
    public String busAddress() {
        AccessibilityBus b = bus;
        return b == null ? null : b.address();
    }

    /**
     * The boxes (global screen pixels) of the password fields visible in the active allowed window,
     * and of the focused password field. Thread-safe; a snapshot.
     */
    public List<Rect> passwordBoxes() {
        Rect f = focusedPasswordBox;
        List<Rect> s = scannedBoxes;
        if (f == null || s.contains(f)) return s;
        List<Rect> out = new ArrayList<>(s);
        out.add(f);
        return List.copyOf(out);
    }

    /** The reader (for tests: its call counters), null before start or without a bus. */
    TreeReader tree() {
        return tree;
    }

    // ---- calls from the input hook thread

    /** A mouse button went down at the global point: reads the element there, off this thread. */
    public void pointerPressed(long mono, long wall, int x, int y) {
        ObjectRef activeAtPress = activeTop; // which window was active when the button went down
        submit(() -> readPointer(mono, wall, x, y, activeAtPress));
    }

    /** The button went up: a toggle pressed before gets its new state read shortly after. */
    public void pointerReleased(long mono, long wall, int x, int y) {
        submit(this::released);
    }

    private void submit(Runnable r) {
        ExecutorService ex = reader;
        if (ex == null || ex.isShutdown()) return;
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            stats.dropped();
            return;
        }
        try {
            ex.execute(() -> {
                queued.decrementAndGet();
                try {
                    r.run();
                } catch (RuntimeException e) {
                    // a read that failed in an unforeseen way must not end the reader
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queued.decrementAndGet();
        }
    }

    // ---- reads (reader thread)

    private void readPointer(long mono, long wall, int x, int y, ObjectRef activeAtPress) {
        long t0 = System.nanoTime();
        pressed.set(null);
        Read r;
        if (tree == null) {
            r = Read.of(RawEvent.A11y.NONE);
        } else {
            Deadline hard = Deadline.inNanos(hardNanos);
            Deadline soft = hard.soft(budgetNanos);
            try {
                r = transientAt(x, y, hard, soft);
                if (r == null) r = openMenuEntryAt(x, y, hard, soft);
                if (r == null) r = pointer(x, y, hard, soft);
            } catch (BusCalls.Timeout e) {
                r = Read.of(RawEvent.A11y.TIMEOUT);
            } catch (BusCalls.Failed e) {
                r = Read.of(RawEvent.A11y.NONE);
            }
        }
        if (tree != null && !RawEvent.A11y.TIMEOUT.equals(r.status)) r = controlGoneMeanwhile(r, x, y, activeAtPress);
        if (r.element != null && TOGGLES.contains(r.element.role())) {
            pressed.set(new Pressed(r.ref, r.element.role(), r.toolkit, r.path, r.origin, x, y));
        }
        // a press closes an open menu, unless it opens one (a menu title)
        openMenu = r.element != null && MENU.equals(r.element.role()) ? r.ref : null;
        transients = List.of();
        if (openMenu != null) captureMenuSoon(openMenu);
        emit(mono, wall, RawEvent.A11y.POINTER, x, y, r, t0);
    }

    /**
     * A dialog's button closes its dialog on the release, often before the press's read runs: the
     * read then finds the window below. When the window that was active at the press is the one the
     * last scan walked, no longer what the read found, and one of its controls held the point, the
     * press was on that control: read it if it is still there, else as the scan saw it (role, name,
     * box; its path the application and the window).
     */
    private Read controlGoneMeanwhile(Read r, int x, int y, ObjectRef activeAtPress) {
        Scan sc = scanned;
        if (activeAtPress == null || sc == null || !activeAtPress.equals(sc.top)) return r;
        boolean sameWindow = r.element != null && r.path.size() > 1 && java.util.Objects.equals(r.path.get(1).name(), sc.topName)
                && java.util.Objects.equals(r.path.get(1).role(), sc.topRole);
        // in the same window, only a read that ended on a container is doubted: GTK answers the first
        // child holding the point, and an overlay drawn over it (mousepad's find bar over its
        // notebook) is a later sibling; a control inside the container's box is what was clicked
        if (sameWindow && !CONTAINERS.contains(r.element.role())) return r;
        Control hit = null;
        for (Control c : sc.controls) {
            if (!c.box.contains(x, y)) continue;
            if (sameWindow && r.element.bbox() != null && !within(c.box, r.element.bbox())) continue;
            if (hit == null || (long) c.box.width() * c.box.height() < (long) hit.box.width() * hit.box.height()) hit = c;
        }
        if (hit == null) return r;
        if (sameWindow) {
            try {
                Read live = readEvent(hit.ref, Deadline.inNanos(hardNanos), Deadline.inNanos(budgetNanos), true);
                if (live != null && live.element != null && live.element.bbox() != null && live.element.bbox().contains(x, y)) return live;
            } catch (BusCalls.Timeout | BusCalls.Failed e) {
                return r;
            }
            // gone with the release (a find bar's Close): as the scan saw it, under the container the read found
        }
        A11yNode el = new A11yNode(hit.role, hit.name, null, List.of(), hit.box, List.of());
        List<A11yNode> path = List.of(new A11yNode("application", sc.appName, null, List.of(), null, List.of()),
                new A11yNode(sc.topRole, sc.topName, null, List.of(), null, List.of()));
        return new Read(RawEvent.A11y.OK, sc.toolkit, el, path, List.of(), hit.ref, new int[] {0, 0});
    }

    /** A control or field the last scan did not see (a find bar that just opened): the window changed since. */
    private boolean unscanned(A11yNode el) {
        if (!INTERACTIVE.contains(el.role()) && !"text".equals(el.role())) return false;
        Scan sc = scanned;
        if (sc == null || el.bbox() == null) return true;
        for (Control c : sc.controls) if (el.bbox().equals(c.box)) return false;
        return !"text".equals(el.role()) || sc.controls.stream().noneMatch(c -> within(el.bbox(), c.box));
    }

    /** Roles that hold controls rather than act: a read ending on one is doubted ({@link #controlGoneMeanwhile}). */
    static final Set<String> CONTAINERS = Set.of("panel", "filler", "page tab list", "scroll pane", "viewport", "tool bar",
            "section", "layered pane", "split pane", "frame", "dialog", "window", "grouping");

    private static boolean within(Rect inner, Rect outer) {
        return inner.x() >= outer.x() && inner.y() >= outer.y() && inner.x() + inner.width() <= outer.x() + outer.width()
                && inner.y() + inner.height() <= outer.y() + outer.height();
    }

    /** The entry last seen open at the point (see {@link #transients}), read now with the box it had then; else null. */
    private Read transientAt(int x, int y, Deadline hard, Deadline soft) throws BusCalls.Timeout, BusCalls.Failed {
        if (transients.isEmpty() || System.nanoTime() - transientsAt > TRANSIENT_NS) return null;
        Transient hit = null;
        for (Transient t : transients) if (t.box.contains(x, y)) hit = t;
        if (hit == null || tree.calls.isHung(hit.ref.bus())) return null;
        Read r = readEvent(hit.ref, hard, soft, true);
        if (r == null) return Read.of(RawEvent.A11y.NONE);
        if (r.element == null) return null;
        Rect live = r.element.bbox();
        if (live != null && live.contains(x, y)) return r;
        A11yNode el = new A11yNode(r.element.role(), r.element.name(), r.element.description(), r.element.states(), hit.box,
                r.element.children());
        return new Read(r.status, r.toolkit, el, r.path, r.siblings, r.ref, r.origin);
    }

    /** A window just activated: when it is a popup ("window" role), its entries are kept (reader thread). */
    private void capturePopup(ObjectRef top) {
        TreeReader t = tree;
        if (t == null || t.calls.isHung(top.bus())) return;
        try {
            if ("window".equals(t.role(top, Deadline.inNanos(hardNanos)))) captureEntries(top, true);
        } catch (BusCalls.Timeout | RuntimeException e) {
            // read live at the press
        }
    }

    /** Captures the entries of a menu that just opened, now and once it is laid out. */
    private void captureMenuSoon(ObjectRef menu) {
        submit(() -> captureEntries(menu, false));
        java.util.concurrent.CompletableFuture.delayedExecutor(TOGGLE_REREAD_MS, TimeUnit.MILLISECONDS, Runnable::run)
                .execute(() -> submit(() -> captureEntries(menu, false)));
    }

    /**
     * Keeps the showing entries (menu items, list entries, table cells) of an open menu (its direct
     * children) or of a popup window (its subtree, at most {@value #POPUP_SCAN_CAP} nodes, never the
     * children of a node with many) with their boxes. Reader thread.
     */
    private void captureEntries(ObjectRef container, boolean deep) {
        TreeReader t = tree;
        if (t == null || t.calls.isHung(container.bus())) return;
        Deadline d = Deadline.inNanos(hardNanos);
        try {
            TreeReader.App app = t.app(container.bus(), d);
            if (!permission.mayRead(app.pid, null)) return;
            List<Transient> out = new ArrayList<>();
            List<ObjectRef> level = List.of(container);
            int seen = 0;
            for (int depth = 0; depth < (deep ? 8 : 1) && !level.isEmpty() && seen < POPUP_SCAN_CAP; depth++) {
                List<BusCalls.Pending> counts = new ArrayList<>();
                for (ObjectRef r : level) counts.add(t.calls.property(r, BusCalls.ACCESSIBLE, "ChildCount"));
                List<BusCalls.Pending> lists = new ArrayList<>();
                for (int i = 0; i < level.size(); i++) {
                    long n = DBusValues.number(counts.get(i).firstOrNull(d));
                    if (n > 0 && n <= 200 && seen + n <= POPUP_SCAN_CAP) {
                        seen += (int) n;
                        lists.add(t.calls.accessible(level.get(i), "GetChildren"));
                    }
                }
                List<ObjectRef> kids = new ArrayList<>();
                for (BusCalls.Pending l : lists) kids.addAll(ObjectRef.list(l.firstOrNull(d)));
                List<BusCalls.Pending> boxes = new ArrayList<>();
                List<BusCalls.Pending> roles = new ArrayList<>();
                for (ObjectRef k : kids) {
                    boxes.add(t.calls.extents(k, TreeReader.SCREEN));
                    roles.add(t.cachedRole(k) == null ? t.calls.accessible(k, "GetRole") : null);
                }
                for (int i = 0; i < kids.size(); i++) {
                    Rect b = TreeReader.box(boxes.get(i).firstOrNull(d), new int[] {0, 0});
                    String role = roles.get(i) == null ? t.cachedRole(kids.get(i)) : t.role(kids.get(i), d);
                    if (b != null && ENTRY_ROLES.contains(role)) out.add(new Transient(kids.get(i), b));
                }
                level = kids;
            }
            if (!out.isEmpty()) {
                transients = List.copyOf(out);
                transientsAt = System.nanoTime();
            }
        } catch (BusCalls.Timeout | RuntimeException e) {
            // nothing kept: the press is read live
        }
    }

    /**
     * The entry of the open menu (or of a menu above it) at the point, read as a pointer read; null
     * when no menu is open or none of its showing entries holds the point.
     */
    private Read openMenuEntryAt(int x, int y, Deadline hard, Deadline soft) throws BusCalls.Timeout, BusCalls.Failed {
        ObjectRef menu = openMenu;
        for (int level = 0; menu != null && level < 4; level++) {
            if (tree.calls.isHung(menu.bus())) return null;
            ObjectRef item = childAt(menu, x, y, hard);
            if (item != null && !item.isNull()) {
                Read r = readEvent(item, hard, soft, true);
                return r == null ? Read.of(RawEvent.A11y.NONE) : r;
            }
            ObjectRef up = tree.parentOf(menu, hard);
            menu = up != null && MENU.equals(tree.role(up, hard)) ? up : null;
        }
        return null;
    }

    private void emit(long mono, long wall, String kind, int x, int y, Read r, long t0) {
        long micros = (System.nanoTime() - t0) / 1000;
        stats.record(micros, r.status);
        sink.accept(new RawEvent.A11y(mono, wall, kind, x, y, r.toolkit, r.element, r.path, r.siblings, micros, r.status));
    }

    /** A top-level window found at a point. */
    private record Hit(TreeReader.App app, ObjectRef top, String name, int[] origin, Probe probe) {}

    private Read pointer(int x, int y, Deadline hard, Deadline soft) throws BusCalls.Timeout, BusCalls.Failed {
        Hit hit = topLevelAt(x, y, hard);
        if (hit == null) return Read.of(RawEvent.A11y.NONE);
        TreeReader.App app = hit.app;
        // Walk down: each GetAccessibleAtPoint answers the child of the object it is asked on.
        boolean gtk4 = app.gtk4;
        int qx = gtk4 ? x - hit.origin[0] : x;
        int qy = gtk4 ? y - hit.origin[1] : y;
        int coords = gtk4 ? TreeReader.WINDOW : TreeReader.SCREEN;
        List<ObjectRef> chain = new ArrayList<>();
        chain.add(hit.top.root());
        chain.add(hit.top);
        // Each node's own read goes out with the step that found it, so the path is read by the
        // time the walk ends.
        Map<ObjectRef, TreeReader.NodeQuery> pre = new java.util.HashMap<>();
        BusCalls.Pending kidsOf = null;
        pre.put(hit.top.root(), tree.query(hit.top.root(), hit.origin));
        pre.put(hit.top, tree.new NodeQuery(hit.top, hit.origin, hit.probe.props(), hit.probe.state(), hit.probe.extents()));
        ObjectRef cur = hit.top;
        // LibreOffice's own widgets below its menu bar report misplaced boxes (MisplacedPanes): the
        // walk then asks at the point they believe in and moves their boxes back
        int[] shift = MisplacedPanes.NONE;
        boolean paneChecked = false;
        for (int depth = 0; depth < 48; depth++) {
            if (depth > 0 && !paneChecked && !gtk4 && MisplacedPanes.ROLE.equals(tree.role(pre.get(cur), hard))) {
                paneChecked = true;
                shift = MisplacedPanes.shift(pre.get(chain.get(chain.size() - 2)), pre.get(cur), hard);
                if (shift != MisplacedPanes.NONE) {
                    qx -= shift[0];
                    qy -= shift[1];
                    pre.put(cur, MisplacedPanes.moved(tree, pre.get(cur), hit.origin, shift));
                }
            }
            BusCalls.Pending step = depth == 0 && hit.probe.atPoint() != null ? hit.probe.atPoint()
                    : gtk4 ? null : tree.calls.accessibleAtPoint(cur, qx, qy, coords);
            // GTK 4 exposes a button's label below it: the walk stops at what a click acts on.
            if (depth > 0 && INTERACTIVE.contains(tree.role(pre.get(cur), hard))) break;
            ObjectRef next = gtk4 ? childAt(cur, qx, qy, hard) : ObjectRef.of(step.firstOrNull(hard));
            if (!gtk4 && (next == null || next.isNull() || next.equals(cur)) && hasFewChildren(pre.get(cur), hard)) {
                // Some toolkits answer no child where one is (Chromium's web contents container):
                // then the children's boxes decide.
                next = childAt(cur, qx, qy, hard);
            }
            if (next == null || next.isNull() || next.equals(cur) || chain.contains(next)) break;
            // cur is next's parent: its children are next's siblings. Asked for now if cur's own read
            // is in and says they are few, so they are known when the walk ends.
            kidsOf = smallChildList(pre.get(cur));
            pre.put(next, tree.query(next, MisplacedPanes.add(hit.origin, shift)));
            if (shift != MisplacedPanes.NONE && MisplacedPanes.reembedded(pre.get(cur), pre.get(next), shift, hard)) {
                // a native widget inside the misplaced pane: its box is right, and so is the point below it
                qx += shift[0];
                qy += shift[1];
                shift = MisplacedPanes.NONE;
                pre.put(next, MisplacedPanes.moved(tree, pre.get(next), hit.origin, shift));
            }
            chain.add(next);
            cur = next;
        }
        return readElement(app, chain, MisplacedPanes.add(hit.origin, shift), hard, soft, true, pre, kidsOf);
    }

    /** Whether a node has children, not too many to list (its read, awaited). */
    private boolean hasFewChildren(TreeReader.NodeQuery q, Deadline hard) throws BusCalls.Timeout {
        if (q == null) return false;
        TreeReader.Node n = tree.finish(q, hard);
        return n != null && n.childCount() > 0 && n.childCount() <= 500
                && !A11yStates.has(n.stateMask(), A11yStates.MANAGES_DESCENDANTS);
    }

    /** GetChildren of a node whose read has arrived and says it has few children, else null. */
    private BusCalls.Pending smallChildList(TreeReader.NodeQuery q) {
        if (q == null || q.props == null || !q.props.arrived() || !q.state.arrived()) return null;
        try {
            Deadline now = Deadline.inNanos(0);
            Object props = q.props.firstOrNull(now);
            long mask = A11yStates.mask(q.state.firstOrNull(now));
            int count = props instanceof Map<?, ?> m ? (int) DBusValues.number(m.get("ChildCount")) : -1;
            if (count <= 0 || count > 4 * MAX_SIBLINGS || A11yStates.has(mask, A11yStates.MANAGES_DESCENDANTS)) return null;
            return tree.calls.accessible(q.ref, "GetChildren");
        } catch (BusCalls.Timeout e) {
            return null;
        }
    }

    /**
     * The last (topmost) showing child whose box holds the point, by the children's boxes. For GTK 4,
     * whose GetAccessibleAtPoint answers no object below the first level (4.8, measured), with
     * window-relative coordinates as its boxes are.
     */
    private ObjectRef childAt(ObjectRef parent, int x, int y, Deadline hard) throws BusCalls.Timeout {
        List<ObjectRef> kids;
        try {
            // never the children of a node with many (a table's cells): asking is what is costly
            long count = DBusValues.number(tree.calls.property(parent, BusCalls.ACCESSIBLE, "ChildCount").first(hard));
            if (count <= 0 || count > 500) return null;
            kids = ObjectRef.list(tree.calls.accessible(parent, "GetChildren").first(hard));
        } catch (BusCalls.Failed e) {
            return null;
        }
        if (kids.size() > 500) return null;
        List<BusCalls.Pending> boxes = new ArrayList<>(kids.size());
        for (ObjectRef k : kids) boxes.add(tree.calls.extents(k, TreeReader.SCREEN));
        ObjectRef hit = null;
        for (int i = 0; i < kids.size(); i++) {
            Rect b = TreeReader.box(boxes.get(i).firstOrNull(hard), new int[] {0, 0});
            if (b != null && b.contains(x, y)) hit = kids.get(i);
        }
        return hit;
    }

    /** A top-level window's probe: its state, box and name, and the first step of the walk down. */
    private record Probe(TreeReader.App app, ObjectRef top, BusCalls.Pending state, BusCalls.Pending extents,
                         BusCalls.Pending props, BusCalls.Pending atPoint) {}

    /**
     * The top-level window at the point: among the applications (only those owning the X window at
     * the point when X says which), the showing top-levels whose box holds the point; a popup over
     * its window first, then the active one. Null when none, or when the permission refuses it.
     *
     * <p>All top-levels of all allowed applications are probed at once, and the X server is asked
     * who owns the point while their answers travel; the name comes with the probe, as does the
     * first GetAccessibleAtPoint (GTK 3 and others).
     */
    private Hit topLevelAt(int x, int y, Deadline hard) throws BusCalls.Timeout, BusCalls.Failed {
        List<TreeReader.App> apps = new ArrayList<>();
        List<Probe> probes = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        boolean[] trouble = {false}; // an application timed out, is hung or was refused
        Choice c = null;
        ObjectRef active = activeTop;
        if (active != null) {
            // Most clicks land in the active window: its application alone is probed first.
            seen.addAll(tree.appBuses(hard));
            seen.remove(active.bus());
            probeApps(x, y, hard, apps, probes, seen, trouble);
            c = choose(probes, x, y, 0, hard, trouble);
            if (c.hit != null && c.rank >= 1 && !trouble[0] && otherAppsFine(hard)) return permitted(c.hit);
            seen.clear();
            for (TreeReader.App a : apps) seen.add(a.bus);
        }
        probeApps(x, y, hard, apps, probes, seen, trouble);
        c = choose(probes, x, y, 0, hard, trouble);
        // The active window (or a popup over it) holding the point is on top: the X server need not
        // be asked (its round trips cost more than the probe). Otherwise it says whose window is at
        // the point: another application's, maybe one without a tree or refused, may cover it.
        if (c.hit != null && c.rank >= 1 && !trouble[0]) return permitted(c.hit);
        long xPid = origins == null ? 0 : origins.pidAt(x, y);
        if (xPid == 0) {
            if (c.hit == null && trouble[0]) throw new BusCalls.Timeout("an application did not answer");
            return c.hit == null ? null : permitted(c.hit);
        }
        if (apps.stream().noneMatch(a -> a.pid == xPid)) {
            // The owner of the X window at the point may have registered since the list was read.
            tree.forgetApps();
            probeApps(x, y, hard, apps, probes, seen, trouble);
        }
        if (apps.stream().noneMatch(a -> a.pid == xPid)) return null; // a window without a tree
        for (TreeReader.App a : apps) {
            if (a.pid != xPid) continue;
            if (tree.calls.isHung(a.bus)) throw new BusCalls.Timeout(a.bus + " is not answering");
            if (!permission.mayRead(a.pid, null)) return null;
        }
        c = choose(probes, x, y, xPid, hard, null);
        return c.hit == null ? null : permitted(c.hit);
    }

    private record Choice(Hit hit, int rank) {}

    /** Whether no other application is hung or refused (either could own a window over the point). */
    private boolean otherAppsFine(Deadline hard) throws BusCalls.Timeout, BusCalls.Failed {
        for (String b : tree.appBuses(hard)) {
            TreeReader.App a = tree.app(b, hard);
            if (tree.calls.isHung(b) || !permission.mayRead(a.pid, null)) return false;
        }
        return true;
    }

    /**
     * The best showing top-level holding the point: a popup over its window, then the active one.
     * {@code pid} not 0: only that application's; a timeout then throws, else it only sets trouble.
     */
    private Choice choose(List<Probe> probes, int x, int y, long pid, Deadline hard, boolean[] trouble) throws BusCalls.Timeout {
        Hit best = null;
        int bestRank = -1;
        long bestArea = Long.MAX_VALUE;
        for (Probe p : probes) {
            if (pid != 0 && p.app.pid != pid) continue;
            Object st;
            Object ext;
            String name;
            try {
                st = p.state.firstOrNull(hard);
                ext = p.extents.firstOrNull(hard);
                Object props = p.props.firstOrNull(hard);
                name = props instanceof Map<?, ?> m ? DBusValues.string(m.get("Name")) : null;
            } catch (BusCalls.Timeout e) {
                if (trouble == null) throw e;
                trouble[0] = true;
                continue;
            }
            long mask = A11yStates.mask(st);
            if (!A11yStates.has(mask, A11yStates.SHOWING) || A11yStates.has(mask, A11yStates.ICONIFIED)) continue;
            int[] origin = p.app.gtk4 ? tree.origin(p.app, name) : new int[] {0, 0};
            Rect box = TreeReader.box(ext, origin);
            if (box == null || !box.contains(x, y)) continue;
            String role = tree.cachedRole(p.top);
            if (role == null) role = tree.role(p.top, hard); // a popup that just opened
            int rank = POPUPS.contains(role) && !p.app.gtk4 ? 2 : A11yStates.has(mask, A11yStates.ACTIVE) ? 1 : 0;
            // of two alike, the smaller: a dialog or popup lies over the window it came from
            long area = (long) box.width() * box.height();
            if (rank > bestRank || (rank == bestRank && area < bestArea)) {
                bestRank = rank;
                bestArea = area;
                best = new Hit(p.app, p.top, name, origin, p);
            }
        }
        return new Choice(best, bestRank);
    }

    /** The hit if the permission allows its window, else null. */
    private Hit permitted(Hit h) {
        return permission.mayRead(h.app.pid, h.name == null ? "" : h.name) ? h : null;
    }

    /**
     * Sends the probes of the top-levels of the applications not yet in {@code seen}, skipping hung
     * ones and those the permission refuses outright (which sets {@code trouble}, as a timeout does).
     */
    private void probeApps(int x, int y, Deadline hard, List<TreeReader.App> apps, List<Probe> probes, Set<String> seen,
                           boolean[] trouble) throws BusCalls.Timeout, BusCalls.Failed {
        for (String b : tree.appBuses(hard)) {
            if (!seen.add(b)) continue;
            TreeReader.App a = tree.app(b, hard);
            apps.add(a);
            if (tree.calls.isHung(a.bus) || !permission.mayRead(a.pid, null)) {
                trouble[0] = true;
                continue;
            }
            try {
                tree.toolkit(a, hard);
                for (ObjectRef t : tree.topLevels(a, hard)) {
                    tree.role(t, hard);
                    probes.add(new Probe(a, t, tree.calls.accessible(t, "GetState"), tree.calls.extents(t, TreeReader.SCREEN),
                            tree.calls.accessibleProperties(t),
                            a.gtk4 ? null : tree.calls.accessibleAtPoint(t, x, y, TreeReader.SCREEN)));
                }
            } catch (BusCalls.Timeout e) {
                trouble[0] = true;
            }
        }
    }

    /**
     * Reads an element with its ancestors (chain: application root first, the element last), then,
     * within the soft budget, its siblings and (for pointer reads) its pruned subtree.
     */
    private Read readElement(TreeReader.App app, List<ObjectRef> chain, int[] origin, Deadline hard, Deadline soft,
                             boolean subtree) throws BusCalls.Timeout, BusCalls.Failed {
        return readElement(app, chain, origin, hard, soft, subtree, Map.of(), null);
    }

    /**
     * As above, with some of the chain's reads already sent ({@code pre}) and maybe the list of the
     * parent's children ({@code siblingList}, GetChildren of the element's parent).
     */
    private Read readElement(TreeReader.App app, List<ObjectRef> chain, int[] origin, Deadline hard, Deadline soft,
                             boolean subtree, Map<ObjectRef, TreeReader.NodeQuery> pre, BusCalls.Pending siblingList)
            throws BusCalls.Timeout, BusCalls.Failed {
        ObjectRef el = chain.get(chain.size() - 1);
        BusCalls.Pending index = siblingList == null && chain.size() > 2 ? tree.calls.accessible(el, "GetIndexInParent") : null;
        List<TreeReader.NodeQuery> qs = new ArrayList<>(chain.size());
        for (ObjectRef r : chain) qs.add(pre.containsKey(r) ? pre.get(r) : tree.query(r, origin));
        List<TreeReader.Node> nodes = new ArrayList<>(qs.size());
        for (TreeReader.NodeQuery q : qs) nodes.add(tree.finish(q, hard));
        TreeReader.Node elNode = nodes.get(nodes.size() - 1);
        if (elNode == null) return new Read(RawEvent.A11y.NONE, app.toolkit, null, List.of(), List.of(), null, origin);
        List<A11yNode> path = new ArrayList<>();
        for (int i = 0; i < nodes.size() - 1; i++) if (nodes.get(i) != null) path.add(nodes.get(i).node());
        TreeReader.Node parent = nodes.size() > 2 ? nodes.get(nodes.size() - 2) : null;
        // The element's children are listed now, with the siblings' reads, when they are few.
        BusCalls.Pending kids = subtree && !soft.expired() && elNode.childCount() > 0
                && elNode.childCount() <= 4 * MAX_SUBTREE && !A11yStates.has(elNode.stateMask(), A11yStates.MANAGES_DESCENDANTS)
                ? tree.calls.accessible(el, "GetChildren") : null;
        // Siblings: up to MAX_SIBLINGS around the element.
        List<A11yNode> siblings = new ArrayList<>();
        if (parent != null && !soft.expired() && !A11yStates.has(parent.stateMask(), A11yStates.MANAGES_DESCENDANTS)) {
            try {
                List<ObjectRef> sibs;
                if (siblingList != null) {
                    List<ObjectRef> all = ObjectRef.list(siblingList.firstOrNull(soft));
                    int idx = Math.max(0, all.indexOf(el));
                    int from = Math.max(0, idx - MAX_SIBLINGS / 2);
                    sibs = new ArrayList<>(all.subList(from, Math.min(all.size(), from + MAX_SIBLINGS + 1)));
                } else if (index != null) {
                    int idx = (int) DBusValues.number(index.firstOrNull(soft));
                    int from = Math.max(0, idx - MAX_SIBLINGS / 2);
                    int to = Math.min(parent.childCount(), from + MAX_SIBLINGS + 1);
                    sibs = new ArrayList<>(tree.childrenAt(parent.ref(), from, to, soft));
                } else {
                    sibs = new ArrayList<>();
                }
                sibs.remove(el);
                if (sibs.size() > MAX_SIBLINGS) sibs = sibs.subList(0, MAX_SIBLINGS);
                for (TreeReader.Node n : tree.readSome(sibs, origin, soft)) siblings.add(n.node());
            } catch (BusCalls.Timeout e) {
                // the budget is spent: fewer siblings
            }
        }
        A11yNode element = elNode.node();
        if (subtree && !soft.expired()) element = element.withChildren(subtree(elNode, kids, origin, soft));
        return new Read(RawEvent.A11y.OK, app.toolkit, element, path, siblings, el, origin);
    }

    /** The element's children and grandchildren, at most MAX_SUBTREE nodes, as far as the budget goes. */
    private List<A11yNode> subtree(TreeReader.Node root, BusCalls.Pending listed, int[] origin, Deadline soft) {
        int[] left = {MAX_SUBTREE};
        return children(root, listed, 1, origin, soft, left);
    }

    private List<A11yNode> children(TreeReader.Node n, BusCalls.Pending listed, int depth, int[] origin, Deadline soft, int[] left) {
        if (depth > SUBTREE_DEPTH || left[0] <= 0 || n.childCount() <= 0 || soft.expired()
                || A11yStates.has(n.stateMask(), A11yStates.MANAGES_DESCENDANTS)) {
            return List.of();
        }
        try {
            List<ObjectRef> refs = listed != null ? ObjectRef.list(listed.firstOrNull(soft))
                    : tree.children(n.ref(), n.childCount(), left[0], soft);
            if (refs.size() > left[0]) refs = refs.subList(0, left[0]);
            List<TreeReader.Node> kids = tree.readSome(refs, origin, soft);
            left[0] -= kids.size();
            List<A11yNode> out = new ArrayList<>(kids.size());
            for (TreeReader.Node k : kids) out.add(k.node().withChildren(children(k, null, depth + 1, origin, soft, left)));
            return out;
        } catch (BusCalls.Timeout e) {
            return List.of();
        }
    }

    /** An element given by an event (focus, selection): its permission, ancestors and read. */
    private Read readEvent(ObjectRef ref, Deadline hard, Deadline soft, boolean subtree) throws BusCalls.Timeout, BusCalls.Failed {
        if (tree.calls.isHung(ref.bus())) throw new BusCalls.Timeout(ref.bus() + " is not answering");
        TreeReader.App app = tree.app(ref.bus(), hard);
        if (!permission.mayRead(app.pid, null)) return null;
        tree.toolkit(app, hard);
        List<ObjectRef> chain = new ArrayList<>(tree.ancestors(ref, hard));
        chain.add(ref);
        if (chain.size() < 2 || !chain.get(0).isRoot()) return null; // not attached to its application
        ObjectRef top = chain.get(1);
        lastParent = chain.size() > 2 ? chain.get(chain.size() - 2) : null;
        lastTop = top;
        String name = DBusValues.string(tree.calls.property(top, BusCalls.ACCESSIBLE, "Name").firstOrNull(hard));
        if (!permission.mayRead(app.pid, name == null ? "" : name)) return null;
        int[] origin = tree.origin(app, name);
        // per node: LibreOffice's misplaced panes move the boxes of what is below them
        int[][] origins = MisplacedPanes.origins(tree, chain, origin, hard);
        Map<ObjectRef, TreeReader.NodeQuery> pre = new java.util.HashMap<>();
        for (int i = 0; i < chain.size(); i++) pre.put(chain.get(i), tree.query(chain.get(i), origins[i]));
        return readElement(app, chain, origins[chain.size() - 1], hard, soft, subtree, pre, null);
    }

    private void readFocus(ObjectRef ref, long mono, long wall, boolean selection) {
        long t0 = System.nanoTime();
        Deadline hard = Deadline.inNanos(hardNanos);
        Deadline soft = hard.soft(budgetNanos);
        Read r;
        try {
            if (selection) {
                // Selections are frequent (lists, tables): only menu and list entries are reported.
                // Nothing is asked of a refused application, not even the role.
                if (tree.calls.isHung(ref.bus())) return;
                if (!permission.mayRead(tree.app(ref.bus(), hard).pid, null)) return;
                String role = tree.role(ref, hard);
                if (!SELECTABLE_ENTRIES.contains(role)) return;
            }
            r = readEvent(ref, hard, soft, false);
            if (r == null) return; // not allowed: nothing is emitted for it
            if (r.element == null) return; // gone meanwhile
            if (selection && !r.element.has(A11yNode.SELECTED) && !r.element.has(A11yNode.FOCUSED)) return;
        } catch (BusCalls.Timeout e) {
            r = Read.of(RawEvent.A11y.TIMEOUT);
        } catch (BusCalls.Failed e) {
            return;
        }
        if (r.element != null) {
            String role = r.element.role();
            ObjectRef was = openMenu;
            if (MENU.equals(role)) openMenu = r.ref;
            else if (MENU_ENTRIES.contains(role)) openMenu = lastParent;
            else if (r.path.size() > 1 && "window".equals(r.path.get(1).role()) && lastTop != null) {
                // the focus went into a popup list (LibreOffice's toolbar boxes): its entries are kept now
                captureEntries(lastTop, true);
            } else if (!selection && !ENTRY_ROLES.contains(role)) {
                openMenu = null;
                transients = List.of(); // the menu or popup closed: the focus is back in the window
            }
            if (openMenu != null && !openMenu.equals(was)) captureMenuSoon(openMenu);
            focusedPasswordBox = r.element.isPassword() ? r.element.bbox() : null;
            // a password field may have appeared in the window since it was walked (no children-changed events)
            if (r.element.isPassword() || (!selection && (System.nanoTime() - lastScanNanos > RESCAN_NS || unscanned(r.element)))) {
                scheduleScan();
            }
        }
        emit(mono, wall, RawEvent.A11y.FOCUS, 0, 0, r, t0);
    }

    private void released() {
        Pressed p = pressed.getAndSet(null);
        if (p == null) return;
        toggle.set(p);
        // The toolkit flips the state when it handles the release; its state-changed event usually
        // comes first (see onStateChanged), this re-read is for toolkits that send none.
        java.util.concurrent.CompletableFuture.delayedExecutor(TOGGLE_REREAD_MS, TimeUnit.MILLISECONDS, Runnable::run)
                .execute(() -> submit(() -> readToggle(p)));
    }

    private void readToggle(Pressed p) {
        if (!toggle.compareAndSet(p, null)) return; // already read on its event
        long t0 = System.nanoTime();
        long mono = clock.mono();
        long wall = clock.wall();
        Read r;
        try {
            TreeReader.Node n = tree.read(List.of(p.ref), p.origin, Deadline.inNanos(hardNanos)).get(0);
            if (n == null) return;
            r = new Read(RawEvent.A11y.OK, p.toolkit, n.node(), p.path, List.of(), p.ref, p.origin);
        } catch (BusCalls.Timeout e) {
            r = Read.of(RawEvent.A11y.TIMEOUT);
        }
        emit(mono, wall, RawEvent.A11y.STATE, p.x, p.y, r, t0);
    }

    // ---- password fields (scan thread)

    private synchronized void scheduleScan() {
        if (scanner == null || closed) return;
        if (scanPending != null) scanPending.cancel(false);
        scanPending = scanner.schedule(this::scanPasswords, SCAN_DEBOUNCE_MS, TimeUnit.MILLISECONDS);
    }

    private void scanPasswords() {
        TreeReader t = tree;
        if (t == null) return;
        lastScanNanos = System.nanoTime();
        Deadline d = Deadline.inNanos(Math.max(hardNanos * 3, 500_000_000L));
        try {
            ObjectRef top = activeTop;
            if (top == null) {
                top = findActiveTop(d);
                if (top != null) activeTop = top;
            }
            if (top == null || t.calls.isHung(top.bus())) {
                scannedBoxes = List.of();
                return;
            }
            TreeReader.App app = t.app(top.bus(), d);
            if (!permission.mayRead(app.pid, null)) {
                scannedBoxes = List.of();
                return;
            }
            t.toolkit(app, d);
            String name = DBusValues.string(t.calls.property(top, BusCalls.ACCESSIBLE, "Name").firstOrNull(d));
            if (!permission.mayRead(app.pid, name == null ? "" : name)) {
                scannedBoxes = List.of();
                return;
            }
            int[] origin = t.origin(app, name);
            List<Rect> boxes = new ArrayList<>();
            List<Object[]> controlQs = new ArrayList<>();
            List<ObjectRef> level = List.of(top);
            int seen = 0;
            while (!level.isEmpty() && seen < SCAN_CAP) {
                // The children are asked for only of a node known to have few: a spreadsheet's table
                // (manages-descendants, billions of cells) asked for its children makes LibreOffice
                // build them all (measured: Calc at 100 % CPU, every call to it timing out).
                record Q(ObjectRef ref, BusCalls.Pending role, BusCalls.Pending state, BusCalls.Pending props) {}
                List<Q> qs = new ArrayList<>(level.size());
                for (ObjectRef r : level) {
                    qs.add(new Q(r, t.cachedRole(r) == null ? t.calls.accessible(r, "GetRoleName") : null,
                            t.calls.accessible(r, "GetState"), t.calls.property(r, BusCalls.ACCESSIBLE, "ChildCount")));
                }
                seen += level.size();
                List<ObjectRef> next = new ArrayList<>();
                List<BusCalls.Pending> extents = new ArrayList<>();
                List<BusCalls.Pending> lists = new ArrayList<>();
                int listed = 0;
                for (Q q : qs) {
                    String role = q.role == null ? t.cachedRole(q.ref) : DBusValues.string(q.role.firstOrNull(d));
                    long mask = A11yStates.mask(q.state.firstOrNull(d));
                    long count = DBusValues.number(q.props.firstOrNull(d));
                    if (!A11yStates.has(mask, A11yStates.SHOWING)) continue;
                    if (A11yStates.isPasswordRole(role)) extents.add(t.calls.extents(q.ref, TreeReader.SCREEN));
                    if (INTERACTIVE.contains(role) && controlQs.size() < MAX_CONTROLS) {
                        controlQs.add(new Object[] {q.ref, role, t.calls.extents(q.ref, TreeReader.SCREEN),
                                t.calls.property(q.ref, BusCalls.ACCESSIBLE, "Name")});
                    }
                    if (A11yStates.has(mask, A11yStates.MANAGES_DESCENDANTS) || count <= 0 || count > SCAN_MAX_CHILDREN) continue;
                    // a menu bar's menus hold hundreds of hidden entries (LibreOffice's ~500), no fields:
                    // not walked (an open menu's entries are kept when it opens, see transients)
                    if ("menu bar".equals(role) || MENU.equals(role)) continue;
                    if (listed + count > SCAN_CAP) continue;
                    listed += (int) count;
                    lists.add(t.calls.accessible(q.ref, "GetChildren"));
                }
                for (BusCalls.Pending l : lists) next.addAll(ObjectRef.list(l.firstOrNull(d)));
                for (BusCalls.Pending e : extents) {
                    Rect b = TreeReader.box(e.firstOrNull(d), origin);
                    if (b != null) boxes.add(b);
                }
                level = next.size() > SCAN_CAP - seen ? next.subList(0, Math.max(0, SCAN_CAP - seen)) : next;
            }
            scannedBoxes = List.copyOf(boxes);
            List<Control> controls = new ArrayList<>();
            for (Object[] c : controlQs) {
                try {
                    Rect b = TreeReader.box(((BusCalls.Pending) c[2]).firstOrNull(d), origin);
                    String n = DBusValues.string(((BusCalls.Pending) c[3]).firstOrNull(d));
                    if (b != null) controls.add(new Control((ObjectRef) c[0], (String) c[1], n == null || n.isEmpty() ? null : n, b));
                } catch (BusCalls.Timeout e) {
                    break;
                }
            }
            String topRole = t.role(top, d);
            TreeReader.Node root = t.read(List.of(top.root()), origin, d).get(0);
            scanned = new Scan(top, topRole, name, root == null ? null : root.node().name(), app.toolkit, List.copyOf(controls));
        } catch (BusCalls.Timeout | BusCalls.Failed | RuntimeException e) {
            // keep the last boxes: a partial walk must not unmask a field
        }
    }

    /** The active top-level of any application (state "active"), or null. */
    private ObjectRef findActiveTop(Deadline d) throws BusCalls.Timeout, BusCalls.Failed {
        for (String b : tree.appBuses(d)) {
            if (tree.calls.isHung(b)) continue;
            TreeReader.App a = tree.app(b, d);
            if (!permission.mayRead(a.pid, null)) continue;
            List<ObjectRef> tops = tree.topLevels(a, d);
            List<BusCalls.Pending> states = new ArrayList<>();
            for (ObjectRef t : tops) states.add(tree.calls.accessible(t, "GetState"));
            for (int i = 0; i < tops.size(); i++) {
                if (A11yStates.has(A11yStates.mask(states.get(i).firstOrNull(d)), A11yStates.ACTIVE)) return tops.get(i);
            }
        }
        return null;
    }

    // ---- events (dbus-java's signal thread: invalidate and queue, nothing else)

    private static final String EV_OBJECT = "org.a11y.atspi.Event.Object";
    private static final String EV_WINDOW = "org.a11y.atspi.Event.Window";
    private static final String EV_FOCUS = "org.a11y.atspi.Event.Focus";
    /** What the bridges are asked to send (they send only events someone registered for). */
    /**
     * The events the source registers for: every application then sends them. Not
     * "object:children-changed": the most frequent of all (a spreadsheet sends one per cell that
     * scrolls into view), it cost LibreOffice Calc its responsiveness and the recorder its 128-MiB
     * heap (measured: an OutOfMemoryError while typing in Calc). Window events (create, destroy,
     * activate) and focus changes keep the caches and the password scan fresh instead.
     */
    static final List<String> EVENTS = List.of("object:state-changed:focused", "object:state-changed:selected",
            "object:state-changed:checked", "object:state-changed:active",
            "object:property-change:accessible-parent", "object:active-descendant-changed", "focus:", "window:activate", "window:deactivate",
            "window:create", "window:destroy");

    private void subscribe(DBusConnection c) throws DBusException {
        for (String iface : List.of(EV_OBJECT, EV_WINDOW, EV_FOCUS)) {
            handlers.add(c.addGenericSigHandler(DBusMatchRuleBuilder.create().withType("signal").withInterface(iface).build(),
                    this::onSignal));
        }
        handlers.add(c.addGenericSigHandler(DBusMatchRuleBuilder.create().withType("signal")
                .withInterface("org.freedesktop.DBus").withMember("NameOwnerChanged").build(), this::onSignal));
        BusCalls calls = tree.calls;
        Deadline d = Deadline.in(OPEN_TIMEOUT);
        for (String e : EVENTS) {
            BusCalls.Pending p = calls.send(AccessibilityBus.REGISTRY, "/org/a11y/atspi/registry", "org.a11y.atspi.Registry",
                    "RegisterEvent", "sass", e, new String[0], "");
            try {
                p.await(d);
            } catch (BusCalls.Failed f) {
                // registries before at-spi2-core 2.42 take the event name alone
                try {
                    calls.send(AccessibilityBus.REGISTRY, "/org/a11y/atspi/registry", "org.a11y.atspi.Registry",
                            "RegisterEvent", "s", e).await(d);
                } catch (BusCalls.Timeout | BusCalls.Failed g) {
                    throw new DBusException("the registry refused the event " + e + ": " + g.getMessage());
                }
            } catch (BusCalls.Timeout t) {
                throw new DBusException("the registry did not answer RegisterEvent");
            }
        }
    }

    private void onSignal(DBusSignal s) {
        TreeReader t = tree;
        if (t == null) return;
        try {
            String iface = s.getInterface();
            String member = s.getName();
            Object[] args = s.getParameters();
            if ("org.freedesktop.DBus".equals(iface)) {
                String name = DBusValues.string(args[0]);
                String newOwner = args.length > 2 ? DBusValues.string(args[2]) : "";
                if (name != null && name.startsWith(":") && (newOwner == null || newOwner.isEmpty())) t.forgetApp(name);
                // a new connection to the bus: maybe an application registering (the list is read again)
                else if (name != null && name.startsWith(":")) t.forgetApps();
                return;
            }
            ObjectRef ref = new ObjectRef(s.getSource(), s.getPath());
            String detail = args.length > 0 ? DBusValues.string(args[0]) : "";
            int d1 = args.length > 1 ? (int) DBusValues.number(args[1]) : 0;
            long mono = clock.mono();
            long wall = clock.wall();
            switch (iface) {
                case EV_FOCUS -> focus(ref, mono, wall, false);
                case EV_WINDOW -> {
                    // an activated window may be new (a popup that sent no create): the list is read again
                    if (!"Deactivate".equals(member)) t.forgetTopLevels(ref.bus());
                    if (!t.isKnownApp(ref.bus())) t.forgetApps(); // a window of an application not listed yet
                    if ("Activate".equals(member)) {
                        activeTop = ref;
                        // a popup list (its own top-level "window") closes on the release: its entries are kept now
                        submit(() -> capturePopup(ref));
                        scheduleScan();
                    } else if ("Deactivate".equals(member) && ref.equals(activeTop)) {
                        activeTop = null;
                        scannedBoxes = List.of();
                    } else if ("Destroy".equals(member) && ref.equals(activeTop)) {
                        activeTop = null;
                        scannedBoxes = List.of();
                    }
                }
                case EV_OBJECT -> {
                    switch (member) {
                        case "StateChanged" -> onStateChanged(ref, detail, d1, mono, wall);
                        case "ChildrenChanged" -> {
                            t.forgetChildrenOf(ref);
                            if (ref.isRoot()) t.forgetTopLevels(ref.bus()); // a window came or went
                            if (ref.isRoot() && !t.isKnownApp(ref.bus())) t.forgetApps();
                            ObjectRef a = activeTop;
                            if (a != null && a.bus().equals(ref.bus())) scheduleScan();
                        }
                        case "ActiveDescendantChanged" -> {
                            // a table or list moving its current cell (LibreOffice Calc): that cell has the keyboard
                            ObjectRef child = args.length > 3 ? ObjectRef.of(args[3]) : null;
                            if (child != null && !child.isNull()) focus(child, mono, wall, false);
                        }
                        case "PropertyChange" -> {
                            if ("accessible-parent".equals(detail)) t.forgetParent(ref);
                        }
                        default -> { }
                    }
                }
                default -> { }
            }
        } catch (DBusException | RuntimeException e) {
            // a signal we cannot decode
        }
    }

    private void onStateChanged(ObjectRef ref, String detail, int on, long mono, long wall) {
        switch (detail) {
            case "focused" -> {
                if (on == 1) focus(ref, mono, wall, false);
            }
            case "selected" -> {
                if (on == 1) focus(ref, mono, wall, true);
            }
            case "checked" -> {
                Pressed p = toggle.get();
                if (p != null && p.ref.equals(ref)) submit(() -> readToggle(p));
            }
            case "active" -> {
                if (on == 1) {
                    activeTop = ref;
                    submit(() -> capturePopup(ref));
                    scheduleScan();
                } else if (ref.equals(activeTop)) {
                    activeTop = null;
                    scannedBoxes = List.of();
                }
            }
            default -> { }
        }
    }

    private void focus(ObjectRef ref, long mono, long wall, boolean selection) {
        long now = System.nanoTime();
        if (ref.equals(lastFocus) && now - lastFocusNanos < FOCUS_DEDUPE_NS) return;
        lastFocus = ref;
        lastFocusNanos = now;
        submit(() -> readFocus(ref, mono, wall, selection));
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        for (AutoCloseable h : handlers) {
            try {
                h.close();
            } catch (Exception e) {
                // the connection is going anyway
            }
        }
        if (reader != null) reader.shutdownNow();
        if (scanner != null) scanner.shutdownNow();
        try {
            if (reader != null) reader.awaitTermination(2, TimeUnit.SECONDS);
            if (scanner != null) scanner.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (bus != null) bus.close();
        if (origins != null) origins.close();
    }
}
