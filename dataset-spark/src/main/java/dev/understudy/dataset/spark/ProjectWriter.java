package dev.understudy.dataset.spark;

import dev.understudy.dataset.Episode;
import dev.understudy.dataset.StepRow;
import dev.understudy.dataset.format.DatasetWriter;
import dev.understudy.dataset.format.HfParquetWriter;
import dev.understudy.dataset.format.WriterOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A partition's shards, written by the project's own {@link HfParquetWriter} (the local engine's
 * writer: same schema, same {@code huggingface} footer) into the partition's staging directory.
 * Opened on the first episode, so a partition without rows leaves no shard.
 */
final class ProjectWriter implements Shards.Writer {
    private final Path dir;
    private final long shardBytes;
    private DatasetWriter writer;
    private final List<String> files = new ArrayList<>();

    ProjectWriter(Path dir, long shardBytes) {
        this.dir = dir;
        this.shardBytes = shardBytes;
    }

    @Override
    public void add(Episode e, List<StepRow> rows) {
        try {
            if (writer == null) {
                writer = new HfParquetWriter();
                writer.open(dir, WriterOptions.DEFAULTS.withShardBytes(shardBytes));
            }
            writer.add(e, rows);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void finish() {
        if (writer == null) return;
        try {
            for (Path p : writer.close()) files.add(dir.resolve(p).toAbsolutePath().toString());
            files.sort(null);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } finally {
            writer = null;
        }
    }

    @Override
    public List<String> files() {
        return List.copyOf(files);
    }

    @Override
    public void close() {
        finish();
    }
}
