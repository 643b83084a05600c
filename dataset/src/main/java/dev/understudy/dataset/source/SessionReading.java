package dev.understudy.dataset.source;

import dev.understudy.dataset.SessionInput;
import dev.understudy.reduce.Reducer;
import dev.understudy.trace.SessionReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** What both sources do once a session is on disk: read it, reduce it, hash it. */
final class SessionReading {
    private SessionReading() {}

    static SessionInput read(SessionReader r, String ref, String source, String device, String person) {
        return read(r, ref, source, device, person, null);
    }

    /** {@link #read}, with a label the worker gave the session's last task elsewhere (the collector's portal), or null. */
    static SessionInput read(SessionReader r, String ref, String source, String device, String person, String lastTaskLabel) {
        try {
            var events = r.events();
            if (!r.problems().isEmpty() && events.isEmpty()) {
                throw new SourceException("unreadable: " + r.problems().get(0));
            }
            var steps = Reducer.reduce(r.id(), r.manifest(), events);
            events = dev.understudy.dataset.DatasetTransforms.withLastTaskLabel(events, steps, lastTaskLabel);
            String hash = contentHash(r.dir());
            if (lastTaskLabel != null && !lastTaskLabel.isBlank()) hash = withLabel(hash, lastTaskLabel); // the label was read too
            return new SessionInput(ref, source, device, person, r.manifest(), events, steps, new RecentFrames(r.frames(), r.dir()),
                    hash);
        } catch (SourceException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SourceException(oneLine(e), e);
        }
    }

    /** SHA-256 of a session's content hash and a label read beside it (the lineage then changes with the label). */
    static String withLabel(String contentHash, String label) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(contentHash.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            md.update((byte) 0);
            md.update("task_label".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            md.update((byte) 0);
            md.update(label.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 over the session directory's files (relative path, length, bytes), in path order. */
    static String contentHash(Path sessionDir) {
        try (Stream<Path> s = Files.walk(sessionDir)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<Path> files = s.filter(Files::isRegularFile).sorted().toList();
            for (Path f : files) {
                byte[] b = Files.readAllBytes(f);
                md.update(sessionDir.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Long.toString(b.length).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                md.update((byte) 0);
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new SourceException("cannot read " + sessionDir + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
