package dev.understudy.browser;



import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Chrome native messaging host of the browser bridge. Chrome starts it (through the launcher
 * script that {@code understudy install-browser-bridge} wrote) when the Understudy extension calls
 * {@code connectNative}; it relays the extension's messages to the recorder's socket.
 *
 * <ul>
 *   <li>The caller must be the extension: Chrome passes the caller's origin as the first argument,
 *       and anything but {@link BridgeProtocol#ORIGIN} is refused (exit 3). Chrome itself only
 *       starts the host for origins in the manifest's allowed_origins, which holds only that one.</li>
 *   <li>The data directory is baked into the launcher script ({@code --data DIR}).</li>
 *   <li>Messages from Chrome (4-byte native-order length + JSON) larger than
 *       {@link BridgeProtocol#MAX_FRAME} are skipped and answered with a rejection.</li>
 *   <li>While no recorder listens it retries every {@value #RETRY_MS} ms and tells the extension
 *       {@code {"status":"waiting"}}, which then buffers; after the recorder welcomed its hello it
 *       says {@code {"status":"live"}}. It confirms relayed messages with
 *       {@code {"delivered": count}} so the extension can resend what a dying recorder lost.</li>
 * </ul>
 * It exits when Chrome closes its stdin. It depends only on the JDK and the bridge constants, so it
 * starts fast.
 */
public final class NativeHost {
    static final long RETRY_MS = 500;
    static final int MAX_TO_CHROME = 64 * 1024;
    public static final String VERSION = "0.1.0";

    private record Frame(long idx, byte[] bytes) {}

    private final InputStream fromChrome;
    private final OutputStream toChrome;
    private final Path dataDir;
    private final long parentPid;
    private final BlockingQueue<Frame> frames = new ArrayBlockingQueue<>(1024);
    private final Object writeLock = new Object();
    private volatile boolean stdinOpen = true;
    private volatile SocketChannel socket;
    private volatile boolean live;

    NativeHost(InputStream fromChrome, OutputStream toChrome, Path dataDir, long parentPid) {
        this.fromChrome = fromChrome;
        this.toChrome = toChrome;
        this.dataDir = dataDir;
        this.parentPid = parentPid;
    }

    public static void main(String[] args) {
        Path data = null;
        String origin = null;
        for (int i = 0; i < args.length; i++) {
            if ("--data".equals(args[i]) && i + 1 < args.length) {
                data = Path.of(args[++i]);
            } else if (!args[i].startsWith("--") && origin == null) {
                origin = args[i];
            }
        }
        if (!BridgeProtocol.ORIGIN.equals(origin)) {
            System.err.println("understudy-native-host: refusing caller " + origin + "; only " + BridgeProtocol.ORIGIN + " may use this host");
            System.exit(3);
        }
        if (data == null) {
            System.err.println("understudy-native-host: no --data directory; run understudy install-browser-bridge again");
            System.exit(2);
        }
        long ppid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L);
        NativeHost host = new NativeHost(System.in, System.out, data, ppid);
        System.exit(host.run());
    }

    /** Relays until Chrome closes stdin; returns the exit code. */
    int run() {
        Thread relay = new Thread(this::relayLoop, "understudy-host-relay");
        relay.setDaemon(true);
        relay.start();
        try {
            readChrome();
        } catch (IOException e) {
            System.err.println("understudy-native-host: " + e.getMessage());
        } finally {
            stdinOpen = false;
            relay.interrupt();
            closeSocket();
        }
        return 0;
    }

    private void readChrome() throws IOException {
        DataInputStream in = new DataInputStream(fromChrome);
        byte[] len = new byte[4];
        long idx = 0;
        while (true) {
            try {
                in.readFully(len);
            } catch (EOFException e) {
                return; // Chrome closed the port
            }
            long n = Integer.toUnsignedLong(ByteBuffer.wrap(len).order(ByteOrder.nativeOrder()).getInt());
            long me = idx++;
            if (n > BridgeProtocol.MAX_FRAME) {
                if (n > BridgeProtocol.MAX_SKIP) throw new IOException("message of " + n + " bytes from the browser; closing");
                discard(in, n); // not skip(): stdin is a pipe, which cannot seek
                toChrome(json().put("reject", "oversized").put("detail", n + " bytes (limit " + BridgeProtocol.MAX_FRAME + ")"));
                frames.offer(new Frame(me, null)); // counts as handled, in order
                continue;
            }
            byte[] b = new byte[(int) n];
            in.readFully(b);
            try {
                frames.put(new Frame(me, b));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode json() {
        return dev.understudy.model.Json.MAPPER.createObjectNode();
    }

    private void toChrome(com.fasterxml.jackson.databind.node.ObjectNode message) {
        toChrome(message.toString());
    }

    private static void discard(DataInputStream in, long n) throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) throw new EOFException("end of input inside a message");
            left -= r;
        }
    }

    private void relayLoop() {
        long delivered = 0;
        boolean toldWaiting = false;
        while (stdinOpen) {
            if (socket == null && !connect()) {
                if (!toldWaiting) {
                    toChrome(json().put("status", "waiting").put("delivered", delivered));
                    toldWaiting = true;
                }
                // Messages that arrive meanwhile are not relayed: the extension requeued them when it
                // heard "waiting" and sends them again once it hears "live".
                frames.clear();
                sleep(RETRY_MS);
                continue;
            }
            if (toldWaiting || !live) {
                live = true;
                toldWaiting = false;
                toChrome(json().put("status", "live"));
            }
            Frame f;
            try {
                f = frames.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (f == null) continue;
            try {
                if (f.bytes() != null) BridgeProtocol.writeFrame(socket, f.bytes());
                delivered = f.idx() + 1;
                if (frames.isEmpty()) toChrome(json().put("delivered", delivered));
            } catch (IOException e) {
                closeSocket();
                live = false;
                toChrome(json().put("status", "waiting").put("delivered", f.idx()));
                toldWaiting = true;
                delivered = f.idx();
            }
        }
    }

    /** Connects and pairs; true once the recorder welcomed the hello. */
    private boolean connect() {
        Path sock = BridgeProtocol.socketPath(dataDir);
        String key = BridgeFiles.readKey(BridgeProtocol.bridgeDir(dataDir));
        if (key == null) return false;
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(sock));
            String hello = json().put("kind", "hello").put("v", BridgeProtocol.VERSION).put("key", key)
                    .put("origin", BridgeProtocol.ORIGIN).put("pid", parentPid).put("host", VERSION).toString();
            BridgeProtocol.writeFrame(ch, hello.getBytes(StandardCharsets.UTF_8));
            long n = BridgeProtocol.readLength(ch);
            if (n < 0 || n > MAX_TO_CHROME) throw new IOException("no welcome");
            String reply = new String(BridgeProtocol.readBytes(ch, (int) n), StandardCharsets.UTF_8);
            if (!reply.contains("\"welcome\"")) {
                toChrome(reply); // the recorder's reason (wrong pairing key...)
                throw new IOException("not welcomed");
            }
            socket = ch;
            SocketChannel mine = ch;
            Thread t = new Thread(() -> relayReplies(mine), "understudy-host-replies");
            t.setDaemon(true);
            t.start();
            return true;
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
            return false;
        }
    }

    /** The recorder's rejections go to the extension (which logs them in its console). */
    private void relayReplies(SocketChannel ch) {
        try {
            while (true) {
                long n = BridgeProtocol.readLength(ch);
                if (n < 0) break;
                if (n > MAX_TO_CHROME) {
                    BridgeProtocol.skip(ch, n);
                    continue;
                }
                toChrome(new String(BridgeProtocol.readBytes(ch, (int) n), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the recorder went away; the relay loop notices on its next write
        }
        if (socket == ch) {
            closeSocket();
        }
    }

    private void closeSocket() {
        SocketChannel s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private void toChrome(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        synchronized (writeLock) {
            try {
                toChrome.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(b.length).array());
                toChrome.write(b);
                toChrome.flush();
            } catch (IOException e) {
                stdinOpen = false;
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
