package dev.understudy.dataset.format;

import dev.understudy.dataset.Episode;
import java.util.function.Function;

/**
 * How a {@link DatasetWriter} cuts its output.
 *
 * @param shardBytes   a shard is closed once it holds about this many bytes (default ~500 MB, what the Hub suggests)
 * @param rowGroupRows rows per Parquet row group (default 100: image rows are large, readers stream row groups)
 * @param split        the split of each task ({@code train}, {@code test}, ...); a task's rows stay in one split
 * @param compress     ZSTD pages in Parquet (PNG bytes do not shrink, text and numbers do); false: uncompressed
 */
public record WriterOptions(long shardBytes, int rowGroupRows, Function<Episode, String> split, boolean compress) {
    public static final long DEFAULT_SHARD_BYTES = 500L * 1000 * 1000;
    public static final WriterOptions DEFAULTS = new WriterOptions(DEFAULT_SHARD_BYTES, 100, e -> "train", true);

    public WriterOptions {
        if (shardBytes <= 0 || rowGroupRows <= 0) throw new IllegalArgumentException("shardBytes and rowGroupRows must be > 0");
    }

    public WriterOptions withShardBytes(long bytes) { return new WriterOptions(bytes, rowGroupRows, split, compress); }

    public WriterOptions withRowGroupRows(int rows) { return new WriterOptions(shardBytes, rows, split, compress); }

    public WriterOptions withSplit(Function<Episode, String> splitOf) { return new WriterOptions(shardBytes, rowGroupRows, splitOf, compress); }

    public WriterOptions withCompress(boolean zstd) { return new WriterOptions(shardBytes, rowGroupRows, split, zstd); }
}
