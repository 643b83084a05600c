package dev.understudy.capture.a11y;

import java.util.Arrays;

/**
 * Counters of the source's reads for diagnostics: how many, how many timed out, and the query time
 * distribution over the last {@link #WINDOW} reads (exact percentiles of a small ring of samples).
 * Thread-safe.
 */
public final class QueryStats {
    static final int WINDOW = 2048;
    private final long[] ring = new long[WINDOW];
    private long reads;
    private long timeouts;
    private long none;
    private long dropped;

    /** A snapshot. Times in microseconds; -1 when there was no read yet. */
    public record Snapshot(long reads, long timeouts, long none, long dropped, long medianMicros, long p95Micros, long maxMicros) {
        @Override
        public String toString() {
            return "a11y reads " + reads + ", timeouts " + timeouts + ", none " + none + ", dropped " + dropped
                    + ", median " + medianMicros + " us, p95 " + p95Micros + " us, max " + maxMicros + " us";
        }
    }

    synchronized void record(long micros, String status) {
        ring[(int) (reads % WINDOW)] = micros;
        reads++;
        if (dev.understudy.model.RawEvent.A11y.TIMEOUT.equals(status)) timeouts++;
        if (dev.understudy.model.RawEvent.A11y.NONE.equals(status)) none++;
    }

    synchronized void dropped() {
        dropped++;
    }

    public synchronized Snapshot snapshot() {
        int n = (int) Math.min(reads, WINDOW);
        if (n == 0) return new Snapshot(0, timeouts, none, dropped, -1, -1, -1);
        long[] s = Arrays.copyOf(ring, n);
        Arrays.sort(s);
        return new Snapshot(reads, timeouts, none, dropped, s[(n - 1) / 2], s[Math.min(n - 1, (int) Math.ceil(n * 0.95) - 1)], s[n - 1]);
    }
}
