package dev.understudy.dataset.format;

import dev.understudy.dataset.Episode;
import dev.understudy.dataset.StepRow;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * WebDataset: tar shards {@code <split>-000000.tar}, ... of about {@link WriterOptions#shardBytes()} each; one sample
 * per step, {@code KEY.png} (the screenshot, when there is one) then {@code KEY.json} (the other columns, snake_case).
 * The key is {@code <episode_id>_<step index, 4 digits>}: WebDataset takes everything after a name's first dot as the
 * extension, so a key has no dots (any character outside {@code [A-Za-z0-9_-]} becomes {@code _}). Entries are
 * deterministic: mtime 0, uid/gid 0, no user or group names, mode 0644, in the order tasks are added, steps in order.
 */
public final class WebDatasetWriter implements DatasetWriter {
    private static final Pattern OUR_SHARD = Pattern.compile("[a-z0-9_]+-\\d{6}\\.tar");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_-]");

    private Path dir;
    private WriterOptions options;
    private final Map<String, Shard> open = new TreeMap<>();
    private final Map<String, Integer> shardCount = new TreeMap<>();
    private final List<Path> written = new ArrayList<>();

    /** The sample key of a row: {@code <episode_id>_<step 4 digits>}, free of dots and slashes. */
    public static String key(StepRow row) {
        return UNSAFE.matcher(row.episodeId()).replaceAll("_") + String.format("_%04d", row.stepIndex());
    }

    @Override public void open(Path dir, WriterOptions options) throws IOException {
        this.dir = dir;
        this.options = options;
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.filter(p -> OUR_SHARD.matcher(p.getFileName().toString()).matches()).toList()) Files.delete(p);
        }
    }

    @Override public void add(Episode episode, List<StepRow> rows) throws IOException {
        String split = options.split().apply(episode);
        List<StepRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(StepRow::stepIndex));
        for (StepRow row : sorted) {
            Shard shard = open.get(split);
            if (shard == null) {
                int index = shardCount.merge(split, 1, Integer::sum) - 1;
                shard = new Shard(dir.resolve(String.format("%s-%06d.tar", split, index)));
                open.put(split, shard);
            }
            String key = key(row);
            if (row.image() != null) shard.entry(key + ".png", row.image());
            shard.entry(key + ".json", RowJson.bytes(row));
            if (shard.tar.getBytesWritten() >= options.shardBytes()) finish(split);
        }
    }

    @Override public List<Path> close() throws IOException {
        for (String split : List.copyOf(open.keySet())) finish(split);
        List<Path> result = new ArrayList<>(written);
        result.sort(Comparator.naturalOrder());
        return result;
    }

    private void finish(String split) throws IOException {
        Shard shard = open.remove(split);
        if (shard == null) return;
        shard.tar.close();
        written.add(dir.relativize(shard.path));
    }

    private static final class Shard {
        final Path path;
        final TarArchiveOutputStream tar;

        Shard(Path path) throws IOException {
            this.path = path;
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
            this.tar = new TarArchiveOutputStream(out, "UTF-8");
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        }

        void entry(String name, byte[] bytes) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(bytes.length);
            e.setMode(0100644);
            e.setModTime(FileTime.fromMillis(0));
            e.setUserId(0L);
            e.setGroupId(0L);
            e.setUserName("");
            e.setGroupName("");
            tar.putArchiveEntry(e);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
    }
}
