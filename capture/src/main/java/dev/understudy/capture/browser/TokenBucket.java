package dev.understudy.capture.browser;

/** Token bucket: {@code rate} tokens per second, at most {@code burst} saved. One thread uses it. */
final class TokenBucket {
    private final double rate;
    private final double burst;
    private double tokens;
    private long last = Long.MIN_VALUE;

    TokenBucket(double rate, double burst) {
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
    }

    boolean take(long nowNanos) {
        if (last != Long.MIN_VALUE) tokens = Math.min(burst, tokens + (nowNanos - last) / 1e9 * rate);
        last = nowNanos;
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }
}
