package dev.understudy.dataset.format;

import dev.understudy.dataset.Episode;
import dev.understudy.dataset.StepRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A streaming writer of the dataset's rows: the builder opens it, adds each task's rows as they are made, and closes
 * it; memory stays bounded (a writer buffers one row group per open shard at most). Tasks are written in the order
 * they are added, each task's rows by step index: the builder adds tasks sorted (by episode id) for a deterministic
 * output. Not thread-safe.
 */
public interface DatasetWriter {
    /** Starts writing into {@code dir} (created if missing). */
    void open(Path dir, WriterOptions options) throws IOException;

    /** Writes one task's rows. */
    void add(Episode episode, List<StepRow> rows) throws IOException;

    /** Finishes every shard and returns the files written, relative to the directory, sorted. */
    List<Path> close() throws IOException;
}
