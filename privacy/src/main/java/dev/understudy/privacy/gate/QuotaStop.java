package dev.understudy.privacy.gate;

/**
 * The disk quota as {@link PrivacyGate} sees it: once reached, nothing passes until there is room
 * again. Pipeline thread only: other threads (status, the control page) read it through
 * {@link PrivacyGate.View}.
 */
final class QuotaStop {
    private boolean stopped;
    private String detail;

    /** Whether capture is stopped by the quota. */
    boolean stopped() {
        return stopped;
    }

    /** What the quota said when it last changed. */
    String detail() {
        return detail;
    }

    /** The quota was reached. */
    void stop(String detail) {
        this.detail = detail;
        stopped = true;
    }

    /** The quota has room again. */
    void clear(String detail) {
        this.detail = detail;
        stopped = false;
    }
}
