package dev.understudy.recorder;

import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.model.RawEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("unit")
@Timeout(30)
class EventQueueTest {
    static RawEvent event(long mono) {
        return new RawEvent.KeyDown(mono, 0, 30, "a", "a", 0);
    }

    @Test
    void aFullQueueCountsWhatItDropsAndKeepsOrder() {
        EventQueue q = new EventQueue(3);
        for (int i = 0; i < 5; i++) q.offer(event(i));
        assertEquals(5, q.offered());
        assertEquals(3, q.highWater());
        assertEquals(2, q.takeDropped());
        assertEquals(0, q.takeDropped(), "taking the count clears it in one step");
        for (int i = 0; i < 3; i++) assertEquals(i, q.pollNow().mono());
        assertNull(q.pollNow());
        q.offer(event(9));
        assertEquals(9, q.pollNow().mono(), "room again once drained");
        assertEquals(3, q.highWater(), "the high-water mark never goes down");
    }
}
