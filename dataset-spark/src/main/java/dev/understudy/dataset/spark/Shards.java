package dev.understudy.dataset.spark;

import dev.understudy.dataset.Episode;
import dev.understudy.dataset.StepRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Each Spark partition writes its range of sessions with the project's own Parquet writer (same
 * schema, same {@code huggingface} footer as the local engine) into a staging directory of its own;
 * the driver then moves the shards, in partition order, to {@code data/train-KKKKK-of-NNNNN.parquet}.
 */
final class Shards {
    private Shards() {}

    /** A partition's writer: opened on the first episode, so a partition with no rows leaves no shard. */
    interface Writer extends AutoCloseable {
        void add(Episode e, List<StepRow> rows);

        /** Closes the underlying writer (footer written). */
        void finish();

        /** The Parquet files written, in order (absolute paths). */
        List<String> files();

        @Override
        void close();
    }

    static Writer open(Path dir, SparkDatasetJob.Exec o) {
        return new ProjectWriter(dir, o.shardBytes());
    }

    /** Moves the staged shards, in the order given, to {@code data/train-KKKKK-of-NNNNN.parquet}. */
    static List<Path> publish(List<Path> staged, Path dataDir) {
        List<Path> out = new ArrayList<>();
        int n = staged.size();
        try {
            Files.createDirectories(dataDir);
            for (int k = 0; k < n; k++) {
                Path to = dataDir.resolve(String.format(Locale.ROOT, "train-%05d-of-%05d.parquet", k, n));
                Files.move(staged.get(k), to, StandardCopyOption.REPLACE_EXISTING);
                out.add(to);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The Parquet files under {@code dir}, sorted by path (a writer names its shards in order). */
    static List<String> parquetFiles(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().map(p -> p.toAbsolutePath().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
