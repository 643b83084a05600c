package dev.understudy.capture.a11y;

import java.time.Duration;

/**
 * A point in System.nanoTime() by which a read must be done. A hard deadline missed means the
 * application did not answer (it is then taken as hung); a soft one only that the budget for the
 * optional parts of a read is spent.
 */
record Deadline(long endNanos, boolean hard) {
    static Deadline in(Duration d) {
        return new Deadline(System.nanoTime() + d.toNanos(), true);
    }

    static Deadline inNanos(long nanos) {
        return new Deadline(System.nanoTime() + nanos, true);
    }

    /** A soft deadline: the earlier of this one and {@code nanos} from now. */
    Deadline soft(long nanos) {
        long end = System.nanoTime() + nanos;
        return new Deadline(end - endNanos <= 0 ? end : endNanos, false);
    }

    long remainingNanos() {
        return endNanos - System.nanoTime();
    }

    boolean expired() {
        return remainingNanos() <= 0;
    }

}
