package dev.understudy.reduce;

import dev.understudy.model.Manifest;
import dev.understudy.model.Monitor;
import java.util.List;

/** The session's monitors: maps global screen points to a monitor and its frame pixels. */
final class MonitorLayout {
    private static final Monitor FALLBACK = new Monitor(0, 0, 0, 0, 0, 1.0);

    private final Manifest manifest;
    private final List<Monitor> monitors;

    MonitorLayout(Manifest manifest) {
        this.manifest = manifest;
        this.monitors = manifest == null || manifest.monitors() == null ? List.of() : manifest.monitors();
    }

    /** The monitor showing a global point (the first monitor when none does). */
    Monitor at(int gx, int gy) {
        if (manifest == null || monitors.isEmpty()) return FALLBACK;
        return manifest.monitorAt(gx, gy);
    }

    /** The monitor with this index (the first monitor when there is none). */
    Monitor byIndex(int index) {
        for (Monitor m : monitors) if (m.index() == index) return m;
        return primary();
    }

    Monitor primary() {
        return monitors.isEmpty() ? FALLBACK : monitors.get(0);
    }

    static int frameX(Monitor m, int gx) {
        return gx - m.x();
    }

    static int frameY(Monitor m, int gy) {
        return gy - m.y();
    }
}
