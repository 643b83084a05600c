package dev.understudy.collector;

import dev.understudy.collector.audit.AuditChain;
import dev.understudy.collector.erase.Retention;
import dev.understudy.collector.govern.Actor;
import dev.understudy.collector.govern.Role;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server's scheduled work: retention (daily; {@code UNDERSTUDY_RETENTION_SECONDS} sets another interval) and a
 * signed audit checkpoint (hourly; {@code UNDERSTUDY_CHECKPOINT_SECONDS}), each first one interval after the start.
 * A failure is one line on stderr; the next run tries again.
 */
final class ServerJobs implements AutoCloseable {
    static final Actor RETENTION = new Actor(Role.OFFICER, "server:retention");

    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "collector-jobs");
        t.setDaemon(true);
        return t;
    });

    ServerJobs(Retention retention, AuditChain chain) {
        long ret = seconds("UNDERSTUDY_RETENTION_SECONDS", Duration.ofDays(1));
        long cp = seconds("UNDERSTUDY_CHECKPOINT_SECONDS", Duration.ofHours(1));
        exec.scheduleWithFixedDelay(() -> {
            try {
                Retention.Run r = retention.run(RETENTION, System.currentTimeMillis());
                if (!r.erased().isEmpty() || !r.failed().isEmpty()) System.err.println("collector: " + r.line());
            } catch (RuntimeException e) {
                System.err.println("collector: retention run failed: " + e.getMessage());
            }
        }, ret, ret, TimeUnit.SECONDS);
        exec.scheduleWithFixedDelay(() -> {
            try {
                chain.checkpoint();
            } catch (RuntimeException e) {
                System.err.println("collector: audit checkpoint failed: " + e.getMessage());
            }
        }, cp, cp, TimeUnit.SECONDS);
    }

    static long seconds(String name, Duration dflt) {
        String v = System.getenv(name);
        if (v == null) v = System.getProperty(name);
        if (v == null || v.isBlank()) return dflt.toSeconds();
        try {
            return Math.max(1, Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            return dflt.toSeconds();
        }
    }

    @Override
    public void close() {
        exec.shutdownNow();
        try {
            exec.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
