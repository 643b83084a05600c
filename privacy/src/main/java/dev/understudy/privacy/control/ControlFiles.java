package dev.understudy.privacy.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The control channel between {@code understudy pause/resume/status} and a running recorder: small
 * JSON files in the data directory, readable and writable by their owner only (0600, directory
 * 0700), so only the same user can pause, resume or read the status.
 *
 * <ul>
 *   <li>{@code control.json}: the worker's wish, {@code {"paused_until": epoch-ms, "by": ...}};
 *       0 means "not paused". Written by the CLI, the hotkey, the control page and the tray; the
 *       recorder watches it (inotify) and applies it within milliseconds.</li>
 *   <li>{@code status.json}: what the recorder is doing now (see {@link Status}).</li>
 *   <li>{@code control-page.url}: the local control page with its token.</li>
 * </ul>
 */
public final class ControlFiles {
    public static final String CONTROL = "control.json";
    public static final String STATUS = "status.json";
    public static final String PAGE = "control-page.url";
    public static final String CONSENT = "consent.json";
    public static final String EXEMPTION_REQUESTS = "exemption-requests.jsonl";

    static final Set<PosixFilePermission> OWNER_FILE = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    static final Set<PosixFilePermission> OWNER_DIR = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE);

    private ControlFiles() {}

    /**
     * A pause request.
     *
     * @param pausedUntil epoch ms until which capture is paused; 0 = resume
     * @param by "cli", "hotkey", "page" or "tray"
     */
    public record PauseRequest(long pausedUntil, long requestedAt, String by) {
        public boolean pausedAt(long wall) {
            return pausedUntil > wall;
        }
    }

    /**
     * The recorder's state as it last wrote it.
     *
     * @param state "recording", "paused", "suspended", "exempt", "quota" or "stopped"
     * @param detail a content-free reason ("app not allowed", "user alice", "1.9 of 2.0 GB")
     * @param withheld input events dropped because of a pause (a count, no content)
     */
    /**
     * What the recorder says about itself. {@code warning}: something the worker should know while
     * recording, with its fix (e.g. a browser the recorder cannot see into), or null.
     * {@code grabsWithheld}: screen grabs the privacy gate refused so far in this recording (a count).
     */
    public record Status(String state, String detail, long pausedUntil, String session, long pid, long updated,
                         int maxPauseMinutes, int defaultPauseMinutes, long withheld, String warning, long grabsWithheld) {
        public Status(String state, String detail, long pausedUntil, String session, long pid, long updated,
                      int maxPauseMinutes, int defaultPauseMinutes, long withheld) {
            this(state, detail, pausedUntil, session, pid, updated, maxPauseMinutes, defaultPauseMinutes, withheld, null, 0);
        }
    }

    /** Creates the data directory if needed and keeps it private to its owner. */
    public static void ensurePrivateDir(Path data) {
        try {
            Files.createDirectories(data);
            if (Files.getFileStore(data).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(data, OWNER_DIR);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the files themselves are 0600
        }
    }

    public static void writePause(Path data, PauseRequest r) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("paused_until", r.pausedUntil());
        n.put("requested_at", r.requestedAt());
        n.put("by", r.by());
        writePrivate(data.resolve(CONTROL), n.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The last pause request, or "not paused" when there is none or it cannot be read. */
    public static PauseRequest readPause(Path data) {
        JsonNode n = readJson(data.resolve(CONTROL));
        if (n == null) return new PauseRequest(0, 0, null);
        return new PauseRequest(n.path("paused_until").asLong(0), n.path("requested_at").asLong(0), n.path("by").asText(null));
    }

    public static void writeStatus(Path data, Status s) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("state", s.state());
        if (s.detail() != null) n.put("detail", s.detail());
        n.put("paused_until", s.pausedUntil());
        if (s.session() != null) n.put("session", s.session());
        n.put("pid", s.pid());
        n.put("updated", s.updated());
        n.put("max_pause_minutes", s.maxPauseMinutes());
        n.put("default_pause_minutes", s.defaultPauseMinutes());
        n.put("withheld", s.withheld());
        if (s.warning() != null) n.put("warning", s.warning());
        n.put("grabs_withheld", s.grabsWithheld());
        writePrivate(data.resolve(STATUS), n.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static Status readStatus(Path data) {
        JsonNode n = readJson(data.resolve(STATUS));
        if (n == null) return null;
        return new Status(n.path("state").asText("unknown"), n.path("detail").asText(null), n.path("paused_until").asLong(0),
                n.path("session").asText(null), n.path("pid").asLong(0), n.path("updated").asLong(0),
                n.path("max_pause_minutes").asInt(0), n.path("default_pause_minutes").asInt(0), n.path("withheld").asLong(0),
                n.path("warning").asText(null), n.path("grabs_withheld").asLong(0));
    }

    static JsonNode readJson(Path f) {
        try {
            if (!Files.isRegularFile(f)) return null;
            return Json.MAPPER.readTree(Files.readAllBytes(f));
        } catch (IOException e) {
            return null;
        }
    }

    /** Writes a file only its owner can read: temporary file (0600), then an atomic rename. */
    public static void writePrivate(Path file, byte[] bytes) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + file.getFileName() + ".tmp" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId());
            Files.deleteIfExists(tmp);
            createPrivate(tmp);
            Files.write(tmp, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends one line to a file only its owner can read. */
    public static void appendPrivate(Path file, String line) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) createPrivate(file);
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static void createPrivate(Path f) throws IOException {
        try {
            if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(f, PosixFilePermissions.asFileAttribute(OWNER_FILE));
            } else {
                Files.createFile(f);
            }
        } catch (FileAlreadyExistsException e) {
            // someone else created it first; permissions are set below
        }
        try {
            Files.setPosixFilePermissions(f, OWNER_FILE);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }
}
