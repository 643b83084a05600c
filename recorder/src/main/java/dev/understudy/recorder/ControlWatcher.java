package dev.understudy.recorder;

import dev.understudy.privacy.control.ControlFiles;
import dev.understudy.privacy.gate.PauseSwitch;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Applies {@code control.json} (written by {@code understudy pause/resume}) to the recorder's
 * pause within milliseconds: inotify through a WatchService on the data directory, with a
 * once-a-second re-read in case an event is missed.
 */
final class ControlWatcher implements AutoCloseable {
    private final Path data;
    private final PauseSwitch pause;
    private final LongSupplier wallMillis;
    private volatile Thread runner;
    private volatile boolean running = true;
    private WatchService ws;
    private ControlFiles.PauseRequest last;

    ControlWatcher(Path data, PauseSwitch pause, LongSupplier wallMillis) {
        this.data = data;
        this.pause = pause;
        this.wallMillis = wallMillis;
    }

    /** Applies the current request and starts watching the directory; then {@link #loop} applies new ones. */
    void prepare() {
        apply();
        try {
            ws = FileSystems.getDefault().newWatchService();
            data.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            Diagnostics.warnOnce("control-watch", "cannot watch " + data + " (pause requests are read once a second): " + e.getMessage());
        }
    }

    /** Applies each new request until closed; run on a thread the recorder's {@link RecorderRuntime} owns ("understudy-control"). */
    void loop() {
        runner = Thread.currentThread();
        while (running) {
            try {
                if (ws != null) {
                    WatchKey k = ws.poll(1, TimeUnit.SECONDS);
                    if (k != null) {
                        k.pollEvents();
                        k.reset();
                    }
                } else {
                    Thread.sleep(1000);
                }
                apply();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                Diagnostics.warnOnce("control-read", "cannot read " + ControlFiles.CONTROL + ": " + e.getMessage());
            }
        }
    }

    synchronized void apply() {
        ControlFiles.PauseRequest r = ControlFiles.readPause(data);
        if (r.equals(last)) return;
        // This process writes its own requests (hotkey, tray, control page) on an I/O thread, so the
        // file can still hold an older one of ours when it is read: a pause from the tray seen after
        // the tray's resume would pause again (and the resume, read next, resume again). A request
        // older than the newest one this process wrote or applied is never applied.
        if (last != null && r.requestedAt() < last.requestedAt()) return;
        last = r;
        if (r.pausedUntil() == pause.pausedUntil()) return;
        if (r.pausedUntil() <= wallMillis.getAsLong()) {
            if (pause.pausedNow()) pause.pauseUntil(0, r.by() == null ? "cli" : r.by());
        } else {
            pause.pauseUntil(r.pausedUntil(), r.by() == null ? "cli" : r.by());
        }
    }

    /** Remembers a request this process wrote itself, so it is not applied twice. */
    synchronized void wrote(ControlFiles.PauseRequest r) {
        if (last == null || r.requestedAt() >= last.requestedAt()) last = r;
    }

    @Override
    public void close() {
        running = false;
        Thread t = runner;
        if (t != null) t.interrupt();
        try {
            if (ws != null) ws.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
