package dev.understudy.dataset.source;

import dev.understudy.dataset.SessionInput;
import dev.understudy.trace.DataDir;
import java.nio.file.Path;
import java.util.List;

/** The sessions of a device's data directory (not the one being recorded now). */
final class DeviceSessions implements SessionSource {
    private final DataDir data;

    DeviceSessions(Path dir) {
        this.data = DataDir.at(dir);
    }

    @Override
    public List<String> refs() {
        List<String> ids = data.sessionIds();
        if (data.runningRecorderPid() > 0 && !ids.isEmpty()) return ids.subList(0, ids.size() - 1);
        return ids;
    }

    @Override
    public SessionInput open(String ref) {
        try {
            return SessionReading.read(data.open(ref), ref, SourceLabel.of(data.root()), null, null);
        } catch (SourceException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SourceException(SessionReading.oneLine(e), e);
        }
    }

    @Override
    public Path root() {
        return data.root();
    }

    @Override
    public void close() {
        data.close();
    }
}
