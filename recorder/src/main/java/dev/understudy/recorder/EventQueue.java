package dev.understudy.recorder;

import dev.understudy.model.RawEvent;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded hand-off between the sources' threads and the pipeline thread. {@link #offer} never
 * blocks and never wakes the consumer (the OS hook thread calls it: waking a sleeping thread costs
 * it tens of microseconds per event); the pipeline drains the queue on a short timer instead. When
 * the queue is full the event is counted as dropped and the pipeline records a "dropped" marker,
 * so a loss is never silent.
 */
public final class EventQueue {
    public static final int DEFAULT_CAPACITY = 1 << 16;

    private final int capacity;
    private final ConcurrentLinkedQueue<RawEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();
    /** Raised by every producer thread at once (hook, window, clipboard, bridge, screen): an atomic max. */
    private final AtomicInteger highWater = new AtomicInteger();

    public EventQueue(int capacity) {
        this.capacity = capacity;
    }

    public void offer(RawEvent e) {
        offered.incrementAndGet();
        int n = size.incrementAndGet();
        if (n > capacity) {
            size.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.offer(e);
        if (n > highWater.get()) highWater.accumulateAndGet(n, Math::max);
        Thread w = waiter;
        if (w != null) LockSupport.unpark(w);
    }

    /** The pipeline thread while it parks for long on a quiet desktop: an offer wakes it at once. */
    private volatile Thread waiter;

    /** Sets (or clears, with null) the thread each offer wakes. */
    public void wakeOnOffer(Thread t) {
        waiter = t;
    }

    /** Whether no event waits now. */
    public boolean isEmpty() {
        return size.get() == 0;
    }

    /** The oldest event, or null when the queue is empty. */
    public RawEvent pollNow() {
        RawEvent e = queue.poll();
        if (e != null) size.decrementAndGet();
        return e;
    }

    /** Dropped events since the last call. */
    public long takeDropped() {
        return dropped.getAndSet(0);
    }

    public long offered() {
        return offered.get();
    }

    public int highWater() {
        return highWater.get();
    }
}
