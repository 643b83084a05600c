package dev.understudy.trace;

/**
 * Names and numbers of the on-disk trace format. docs/trace-format.md describes it in full; bump
 * {@link #VERSION} whenever a reader of the previous version could misread a new session.
 */
public final class TraceFormat {
    /**
     * Current trace format version written by this build (4: frame ids derived from tile ids,
     * flagged in each frame record, which a version-3 reader would misread; 3: accessibility events,
     * {@code e: "a11y"}, which a version-2 reader cannot parse; 2: tile frame store).
     */
    public static final int VERSION = 4;
    /** Oldest version this build can still read (1: one PNG file per frame). */
    public static final int OLDEST_READABLE = 1;
    /** First version whose frames live in the device's tile pack ({@link TileFrameStore}). */
    public static final int FIRST_TILE_FORMAT = 2;
    /** First version whose event stream can hold accessibility reads ({@code a11y} events). */
    public static final int FIRST_A11Y_FORMAT = 3;
    /** First version whose frame ids are derived from their tile ids ({@link FrameIds#fromTiles}). */
    public static final int FIRST_TILE_ID_FORMAT = 4;

    public static final String SESSIONS_DIR = "sessions";
    public static final String MANIFEST = "manifest.json";
    public static final String EVENTS_DIR = "events";
    public static final String FRAMES_DIR = "frames";
    public static final String SEGMENT_SUFFIX = ".useg";
    public static final String LOCK_FILE = "recorder.lock";
    /** Device-wide tile packs (format 2), directly under the data directory. */
    public static final String TILES_DIR = "tiles";
    /** A session's frame manifests (format 2), inside {@link #FRAMES_DIR}. */
    public static final String FRAME_LOG = "frames.ufl";

    /** Block magic: "USEG". */
    public static final int BLOCK_MAGIC = 0x55534547;
    public static final int BLOCK_HEADER_BYTES = 20;
    public static final int BLOCK_VERSION = 1;

    /** A segment is closed and a new one started past this many compressed bytes... */
    public static final long ROLL_BYTES = 4L * 1024 * 1024;
    /** ...or past this age. */
    public static final long ROLL_MILLIS = 10 * 60 * 1000L;
    /** Buffered events reach the OS at least this often. */
    public static final long FLUSH_MILLIS = 1000;
    /** ...or as soon as this many uncompressed bytes are buffered. */
    public static final int FLUSH_BYTES = 256 * 1024;

    private TraceFormat() {}
}
