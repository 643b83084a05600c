package dev.understudy.capture.browser;

import dev.understudy.browser.BridgeProtocol;
import dev.understudy.browser.BridgeFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.capture.CaptureException;
import dev.understudy.capture.Clock;
import dev.understudy.capture.EventSink;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import dev.understudy.model.browser.BrowserMessage;
import dev.understudy.model.browser.Envelope;
import java.io.IOException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The recorder's end of the browser bridge: a Unix domain socket at {@code DATA/bridge/bridge.sock}
 * that the native host connects to. Each validated message becomes a {@link RawEvent.Browser}
 * offered to the sink (the agent's queue).
 *
 * <p>What it accepts: connections from the same OS user (checked with SO_PEERCRED, on top of the
 * 0700 directory), at most {@value #MAX_CONNECTIONS} at a time, whose first frame is a hello with
 * this data directory's pairing key (within {@value #HELLO_TIMEOUT_MS} ms); then frames of at most
 * {@link BridgeProtocol#MAX_FRAME} bytes that {@link BrowserMessages#read} accepts, at most
 * {@value #RATE_PER_SECOND} per second per connection (burst {@value #BURST}). Anything else is
 * rejected: counted, logged (one line, at most one per reason every 5 s) and answered with a
 * {@code {"reject": reason}} frame; an unpaired connection is closed. Messages stamped before the
 * session started (buffered by the extension while no recorder ran) are dropped and counted.
 *
 * <p>Threads: one accept thread and one thread per connection, all daemons; the sink never blocks,
 * so a slow or hostile peer can stall only its own thread.
 */
public final class BrowserBridgeSource implements AutoCloseable {
    public static final int MAX_CONNECTIONS = 4;
    static final long HELLO_TIMEOUT_MS = 5_000;
    static final int RATE_PER_SECOND = 200;
    static final int BURST = 400;
    static final int MAX_REPLIES = 64;
    static final long LOG_INTERVAL_MS = 5_000;
    static final long MAX_FUTURE_MS = 60_000;

    /** Counters of one source, for the recorder's summary and the tests. */
    public record Stats(long connections, long accepted, long rejected, Map<String, Long> rejectedBy, long beforeSession) {
        @Override
        public String toString() {
            return "bridgeConnections=" + connections + " bridgeAccepted=" + accepted + " bridgeRejected=" + rejected
                    + (rejectedBy.isEmpty() ? "" : " " + rejectedBy) + " bridgeBeforeSession=" + beforeSession;
        }
    }

    private final EventSink sink;
    private final Clock clock;
    private final Path bridgeDir;
    private final long sessionStartWall;
    private final Consumer<String> log;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastSeen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> e) {
            return size() > 64;
        }
    };
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong beforeSession = new AtomicLong();
    private final Map<String, AtomicLong> rejectedBy = new ConcurrentHashMap<>();
    private final Map<String, long[]> logState = new ConcurrentHashMap<>();
    private final AtomicInteger threadIds = new AtomicInteger();
    private ScheduledExecutorService timer;
    private ServerSocketChannel server;
    private volatile Thread acceptor;
    private String key;
    private UserPrincipal owner;
    private Path socket;
    private volatile boolean closed;

    /**
     * @param bridgeDir {@code DATA/bridge}
     * @param sessionStartWall messages the extension stamped before this (epoch ms) are dropped
     * @param log where rejection lines go (one line each), e.g. System.err::println
     */
    public BrowserBridgeSource(EventSink sink, Clock clock, Path bridgeDir, long sessionStartWall, Consumer<String> log) {
        this.sink = sink;
        this.clock = clock;
        this.bridgeDir = bridgeDir;
        this.sessionStartWall = sessionStartWall;
        this.log = log;
    }

    /** Creates the socket and starts accepting. Throws CaptureException with a one-line reason. */
    public synchronized void start() {
        if (server != null) throw new IllegalStateException("started twice");
        try {
            key = BridgeFiles.loadOrCreateKey(bridgeDir);
        } catch (dev.understudy.browser.BridgeException e) {
            throw new CaptureException(e.getMessage(), e);
        }
        socket = bridgeDir.resolve(BridgeProtocol.SOCKET);
        try {
            owner = Files.getOwner(bridgeDir);
            Files.deleteIfExists(socket); // left by a recorder that crashed; we hold the data directory's lock
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            try {
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not POSIX
            }
        } catch (SocketException e) {
            closeQuietly();
            throw new CaptureException("cannot open the browser bridge at " + socket + " (" + e.getMessage()
                    + "); Unix socket paths are limited to about 100 bytes: use a shorter --data path", e);
        } catch (IOException | UnsupportedOperationException e) {
            closeQuietly();
            throw new CaptureException("cannot open the browser bridge at " + socket + ": " + e.getMessage(), e);
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "understudy-bridge-timer"));
        acceptor = daemon(this::acceptLoop, "understudy-bridge");
        acceptor.start();
    }

    public Path socket() {
        return socket;
    }

    /** Whether it accepts connections (its accepting thread runs). */
    public boolean running() {
        Thread a = acceptor;
        return a != null && !closed && a.isAlive();
    }

    public Stats stats() {
        Map<String, Long> by = new TreeMap<>();
        rejectedBy.forEach((k, v) -> by.put(k, v.get()));
        return new Stats(connections.get(), accepted.get(), rejected.get(), by, beforeSession.get());
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly();
        for (Connection c : open) c.close();
        if (acceptor != null) {
            try {
                acceptor.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (timer != null) timer.shutdownNow();
        try {
            if (socket != null) Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // best effort
        }
    }

    private void closeQuietly() {
        try {
            if (server != null) server.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) return;
                reject(null, "accept failed", e.getMessage());
                continue;
            }
            Connection c = new Connection(ch);
            if (!sameUser(ch)) {
                reject(c, "foreign user", "peer is not " + owner.getName());
                c.close();
                continue;
            }
            if (!slots.tryAcquire()) {
                reject(c, "busy", "more than " + MAX_CONNECTIONS + " connections");
                c.close();
                continue;
            }
            connections.incrementAndGet();
            open.add(c);
            timer.schedule(() -> {
                if (!c.paired) {
                    reject(c, "unpaired", "no hello within " + HELLO_TIMEOUT_MS + " ms");
                    c.close();
                }
            }, HELLO_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            daemon(() -> serve(c), "understudy-bridge-" + threadIds.incrementAndGet()).start();
        }
    }

    private boolean sameUser(SocketChannel ch) {
        try {
            UnixDomainPrincipal p = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return p != null && owner != null && owner.equals(p.user());
        } catch (IOException | UnsupportedOperationException e) {
            return true; // no peer credentials on this OS: the 0700 directory is the guard
        }
    }

    private void serve(Connection c) {
        try {
            while (!closed) {
                long len = BridgeProtocol.readLength(c.ch);
                if (len < 0) break;
                if (len > BridgeProtocol.MAX_FRAME) {
                    reject(c, "oversized", len + " bytes (limit " + BridgeProtocol.MAX_FRAME + ")");
                    if (len > BridgeProtocol.MAX_SKIP) break;
                    BridgeProtocol.skip(c.ch, len);
                    continue;
                }
                byte[] frame = BridgeProtocol.readBytes(c.ch, (int) len);
                if (!c.paired) {
                    if (!hello(c, frame)) break;
                    continue;
                }
                if (!c.bucket.take(System.nanoTime())) {
                    reject(c, "rate limited", "more than " + RATE_PER_SECOND + " messages per second");
                    continue;
                }
                handle(c, frame);
            }
        } catch (IOException e) {
            // the peer went away or sent a cut frame
        } catch (RuntimeException e) {
            reject(c, "internal", e.toString());
        } finally {
            c.close();
            open.remove(c);
            slots.release();
            if (c.paired) emit(new BrowserMessage.BridgeClosed(c.pid));
        }
    }

    private boolean hello(Connection c, byte[] frame) {
        JsonNode m;
        try {
            m = BrowserMessages.parse(frame);
        } catch (BrowserMessages.Rejected r) {
            reject(c, "unpaired", "first message is not a hello");
            return false;
        }
        if (!"hello".equals(m.path("kind").asText()) || m.path("v").asInt() != BridgeProtocol.VERSION) {
            reject(c, "unpaired", "first message is not a hello");
            return false;
        }
        if (!BridgeFiles.sameKey(key, m.path("key").asText(null))) {
            reject(c, "unpaired", "wrong pairing key (run understudy install-browser-bridge with this --data)");
            return false;
        }
        if (!BridgeProtocol.ORIGIN.equals(m.path("origin").asText(null))) {
            reject(c, "unpaired", "unexpected extension origin");
            return false;
        }
        c.paired = true;
        c.pid = m.path("pid").canConvertToLong() ? Math.max(0, m.path("pid").asLong()) : 0;
        String host = m.path("host").asText("");
        emit(new BrowserMessage.Hello(c.pid, BridgeProtocol.ORIGIN, host.length() <= 32 ? host : null));
        c.reply(JsonNodeFactory.instance.objectNode().put("status", "welcome").toString());
        log.accept("understudy: bridge: a browser connected (pid " + c.pid + ")");
        return true;
    }

    private void handle(Connection c, byte[] frame) {
        BrowserMessage.FromExtension message;
        try {
            message = BrowserMessages.read(frame);
        } catch (BrowserMessages.Rejected r) {
            reject(c, r.reason(), r.getMessage());
            return;
        }
        Envelope e = message.envelope();
        String sid = e.sid();
        long n = e.n();
        synchronized (lastSeen) {
            Long last = lastSeen.get(sid);
            if (last != null && n <= last) return; // a resend after a reconnect: already stored
            lastSeen.put(sid, n);
        }
        double t = e.t();
        if (t < sessionStartWall) {
            long k = beforeSession.incrementAndGet();
            if (k == 1) log.accept("understudy: bridge: dropping browser events from before this session started");
            return;
        }
        if (t > clock.wall() + MAX_FUTURE_MS) {
            reject(c, "schema", "t is in the future");
            return;
        }
        if (c.pid > 0) message = message.withEnvelope(e.withPid(c.pid)); // which browser: its windows have this _NET_WM_PID
        accepted.incrementAndGet();
        emit(message);
    }

    private void emit(BrowserMessage message) {
        sink.accept(new RawEvent.Browser(clock.mono(), clock.wall(), message));
    }

    private void reject(Connection c, String reason, String detail) {
        rejected.incrementAndGet();
        rejectedBy.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
        long now = System.currentTimeMillis();
        long[] st = logState.computeIfAbsent(reason, k -> new long[] {Long.MIN_VALUE / 2, 0});
        String line = null;
        synchronized (st) {
            if (now - st[0] >= LOG_INTERVAL_MS) {
                line = "understudy: bridge: rejected a message (" + reason + "): " + oneLine(detail)
                        + (st[1] > 0 ? " [" + st[1] + " more like it not shown]" : "");
                st[0] = now;
                st[1] = 0;
            } else {
                st[1]++;
            }
        }
        if (line != null) log.accept(line);
        if (c != null) {
            ObjectNode r = JsonNodeFactory.instance.objectNode();
            r.put("reject", reason);
            if (detail != null) r.put("detail", oneLine(detail));
            try {
                c.reply(Json.MAPPER.writeValueAsString(r));
            } catch (IOException ignored) {
                // cannot happen for a small object node
            }
        }
    }

    private static String oneLine(String s) {
        if (s == null) return "";
        String one = s.replace('\n', ' ').replace('\r', ' ');
        return one.length() <= 200 ? one : one.substring(0, 200) + "…";
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One client connection (normally the native host of one browser). */
    private static final class Connection {
        final SocketChannel ch;
        final TokenBucket bucket = new TokenBucket(RATE_PER_SECOND, BURST);
        volatile boolean paired;
        long pid;
        private int replies;

        Connection(SocketChannel ch) {
            this.ch = ch;
        }

        /** Best-effort small reply; at most MAX_REPLIES per connection so a peer that never reads cannot block us. */
        synchronized void reply(String json) {
            if (replies++ >= MAX_REPLIES || !ch.isOpen()) return;
            try {
                BridgeProtocol.writeFrame(ch, json.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // peer gone
            }
        }

        void close() {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
