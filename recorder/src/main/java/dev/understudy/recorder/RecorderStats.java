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
    /** Grabs not read from the screen because nothing was drawn on the monitor since its last grab. */
    long grabsSkippedUndamaged;
    long skipChecks;
    long skipCheckNanos;
    long frameCompares;
    long compareNanos;
    long grabImagesReused;
    long grabImagesAllocated;
    /** "on" when the X server's damage told which grabs to skip, "off" when every grab read the screen. */
    String damage = "off";
    /** The browser bridge's counters (BrowserBridgeSource.Stats), empty without a bridge. */
    String bridge = "";
    /** The privacy runtime's counters (OCR, masking, redaction), empty without a policy. */
    String privacy = "";
    /** The accessibility source's counters (reads, timeouts, query times), empty when it is off. */
    String accessibility = "";
    /** Threads the runtime restarted after they died, and threads still running at the stop deadline (0 and 0 when healthy). */
    long threadRestarts;
    int threadsStuck;

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
        grabsSkippedUndamaged = f.grabsSkippedUndamaged();
        skipChecks = f.skipChecks();
        skipCheckNanos = f.skipCheckNanos();
        frameCompares = f.compares();
        compareNanos = f.compareNanos();
        grabImagesReused = f.imagesReused();
        grabImagesAllocated = f.imagesAllocated();
    }

    public long dropped() { return dropped; }
    public long events() { return events; }
    public long offered() { return offered; }
    public int queueHighWater() { return queueHighWater; }
    public long frameGrabs() { return frameGrabs; }
    public long framesStored() { return framesStored; }
    public long grabsSkippedUndamaged() { return grabsSkippedUndamaged; }

    @Override
    public String toString() {
        return "events=" + events + " offered=" + offered + " dropped=" + dropped + " queueHighWater=" + queueHighWater
                + " grabs=" + frameGrabs + " framesStored=" + framesStored + " framesUnchanged=" + framesUnchanged + " framesOutOfMemory=" + framesOutOfMemory + " grabsWithheld=" + grabsWithheld
                + " avgGrabMs=" + (frameGrabs == 0 ? 0 : grabNanos / frameGrabs / 1_000_000.0)
                + " damage=" + damage + " grabsSkippedUndamaged=" + grabsSkippedUndamaged
                + " avgSkipCheckUs=" + (skipChecks == 0 ? 0 : skipCheckNanos / skipChecks / 1_000.0)
                + " frameCompares=" + frameCompares + " avgCompareMs=" + (frameCompares == 0 ? 0 : compareNanos / frameCompares / 1_000_000.0)
                + " grabImagesReused=" + grabImagesReused + " grabImagesAllocated=" + grabImagesAllocated
                + " threadRestarts=" + threadRestarts + " threadsStuck=" + threadsStuck
                + (bridge.isEmpty() ? "" : " " + bridge)
                + (accessibility.isEmpty() ? "" : " a11y[" + accessibility + "]")
                + (privacy.isEmpty() ? "" : " " + privacy);
    }
}
