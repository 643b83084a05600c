package dev.understudy.privacy.gate;

/**
 * The disk quota as {@link PrivacyGate} sees it: once reached, nothing passes until there is room
 * again. The pipeline thread changes it; {@link #stoppedNow} and {@link #detail} may be read from
 * any thread (status, the control page).
 */
final class QuotaStop {
    private boolean stopped;
    private volatile boolean stoppedNow;
    private volatile String detail;

    /** Whether capture is stopped by the quota (pipeline thread). */
    boolean stopped() {
        return stopped;
    }

    /** The same, for other threads. */
    boolean stoppedNow() {
        return stoppedNow;
    }

    /** What the quota said when it last changed. */
    String detail() {
        return detail;
    }

    /** The quota was reached. */
    void stop(String detail) {
        this.detail = detail;
        stopped = true;
        stoppedNow = true;
    }

    /** The quota has room again. */
    void clear(String detail) {
        this.detail = detail;
        stopped = false;
        stoppedNow = false;
    }
}
