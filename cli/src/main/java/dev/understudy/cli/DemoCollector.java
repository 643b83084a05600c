package dev.understudy.cli;

import dev.understudy.collector.CollectorServer;
import dev.understudy.collector.ServerConfig;
import dev.understudy.collector.admin.ServerAdmin;
import dev.understudy.trace.DataDir;
import dev.understudy.uploader.CollectorLink;
import dev.understudy.uploader.Uploader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The demo's collector: a real collector server on loopback (HTTPS, its own certificate, SQLite
 * and files under the demo's folder), the demo's device enrolled with it through a real enroll
 * token, and a foreground upload once the recordings are done (the demo policy's review window is
 * 0, so they may go at once).
 */
final class DemoCollector implements AutoCloseable {
    private final CollectorServer server;
    private final Path dir;

    private DemoCollector(CollectorServer server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    static DemoCollector start(Path dir, Path deviceData, PrintWriter out) {
        CollectorServer server = CollectorServer.start(ServerConfig.of(dir).withBind("127.0.0.1").withPort(0));
        try {
            String token;
            try (ServerAdmin admin = ServerAdmin.open(dir)) {
                token = admin.createEnrollToken("demo", Duration.ofHours(1));
            }
            String device = CollectorLink.at(deviceData).enroll(URI.create(server.url()), token, System.getProperty("user.name"));
            out.println("collector " + server.url() + " (certificate " + server.fingerprint().substring(0, 16) + "...); enrolled as device " + device);
            out.flush();
            return new DemoCollector(server, dir);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Uploads every finished session of the device now; returns how many went. */
    int upload(Path deviceData, PrintWriter out) {
        int total = 0;
        try (DataDir dd = DataDir.at(deviceData)) {
            Uploader u = new Uploader(dd, CollectorLink.at(deviceData), () -> 0);
            for (int attempt = 0; attempt < 5; attempt++) {
                Uploader.PassResult r = u.pass(true);
                total += r.uploaded();
                if (r.error() != null) out.println("upload: " + r.error().getMessage());
                if (u.backlog(java.time.Instant.now()).due().isEmpty()) break;
            }
        }
        int held;
        try (ServerAdmin admin = ServerAdmin.open(dir)) {
            held = admin.sessions().size();
        }
        // the recorder uploads in the background too (a finished session goes at its next pass)
        out.println("uploaded " + total + " session" + (total == 1 ? "" : "s") + " now; the collector (" + dir.toAbsolutePath() + ") has "
                + held + " session" + (held == 1 ? "" : "s"));
        out.flush();
        return total;
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        server.close();
    }
}
