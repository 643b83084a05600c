package dev.understudy.bench.collector;

import java.util.Arrays;

/**
 * Latencies of one request type, in microseconds: every sample is kept (a minute of load is at
 * most a few hundred thousand requests) and sorted once for the percentiles. Thread-safe.
 */
final class Latencies {
    private long[] us = new long[1024];
    private int n;

    synchronized void add(long nanos) {
        if (n == us.length) us = Arrays.copyOf(us, n * 2);
        us[n++] = nanos / 1000;
    }

    synchronized int count() {
        return n;
    }

    /** count, p50, p90, p99, max (milliseconds; zeros when empty). */
    synchronized Summary summary() {
        if (n == 0) return new Summary(0, 0, 0, 0, 0, 0);
        long[] s = Arrays.copyOf(us, n);
        Arrays.sort(s);
        double sum = 0;
        for (long v : s) sum += v;
        return new Summary(n, ms(pct(s, 50)), ms(pct(s, 90)), ms(pct(s, 99)), ms(s[n - 1]), ms((long) (sum / n)));
    }

    /** Nearest-rank percentile. */
    private static long pct(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long us) {
        return Math.round(us / 10.0) / 100.0;
    }

    record Summary(int count, double p50, double p90, double p99, double max, double mean) {}
}
