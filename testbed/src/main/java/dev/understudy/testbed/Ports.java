package dev.understudy.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Supplier;

/** Free loopback ports, and waiting for a server to listen on one. */
public final class Ports {
    private Ports() {}

    /** A TCP port free on 127.0.0.1 right now (bound to port 0 and closed again). */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until 127.0.0.1:port accepts a TCP connection. {@code failure} is asked on every round
     * and returns a reason to give up early (e.g. the server's process exited) or null. Throws
     * IllegalStateException at the deadline.
     */
    public static void awaitListening(int port, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                // not listening yet
            }
            String why = failure == null ? null : failure.get();
            if (why != null) throw new IllegalStateException(why);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + " after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for 127.0.0.1:" + port);
            }
        }
    }
}
