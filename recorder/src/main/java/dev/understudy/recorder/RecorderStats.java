package dev.understudy.recorder;

import dev.understudy.trace.SessionWriter;

/** Counters of one recording, for the closing summary and the benchmarks. */
public final class RecorderStats {
    long dropped;
    long events;
    long offered;
    int queueHighWater;
    long frameGrabs;
    long framesStored;
    long grabNanos;
    long framesUnchanged;
    long framesOutOfMemory;
    long grabsWithheld;
    /** The browser bridge's counters (BrowserBridgeSource.Stats), empty without a bridge. */
    String bridge = "";
    /** The privacy runtime's counters (OCR, masking, redaction), empty without a policy. */
    String privacy = "";
    /** The accessibility source's counters (reads, timeouts, query times), empty when it is off. */
    String accessibility = "";

    void finish(EventQueue q, FrameCapture f, SessionWriter w) {
        events = w.eventCount();
        offered = q.offered();
        queueHighWater = q.highWater();
        frameGrabs = f.grabs();
        framesStored = f.storedFrames();
        grabNanos = f.grabNanos();
        framesUnchanged = f.unchangedFrames();
        framesOutOfMemory = f.outOfMemory();
        grabsWithheld = f.withheldGrabs();
    }

    public long dropped() { return dropped; }
    public long events() { return events; }
    public long offered() { return offered; }
    public int queueHighWater() { return queueHighWater; }
    public long frameGrabs() { return frameGrabs; }
    public long framesStored() { return framesStored; }

    @Override
    public String toString() {
        return "events=" + events + " offered=" + offered + " dropped=" + dropped + " queueHighWater=" + queueHighWater
                + " grabs=" + frameGrabs + " framesStored=" + framesStored + " framesUnchanged=" + framesUnchanged + " framesOutOfMemory=" + framesOutOfMemory + " grabsWithheld=" + grabsWithheld
                + " avgGrabMs=" + (frameGrabs == 0 ? 0 : grabNanos / frameGrabs / 1_000_000.0)
                + (bridge.isEmpty() ? "" : " " + bridge)
                + (accessibility.isEmpty() ? "" : " a11y[" + accessibility + "]")
                + (privacy.isEmpty() ? "" : " " + privacy);
    }
}
