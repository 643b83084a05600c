package dev.understudy.dataset.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.dataset.Episode;
import dev.understudy.dataset.StepRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The Hugging Face layout: {@code data/<split>-00000-of-0000N.parquet}, one row per step, the columns of
 * {@link StepRow#COLUMNS} in order, {@code image} a struct {bytes: binary, path: string} declared an
 * {@code Image} in the footer key {@code huggingface}, so {@code datasets.load_dataset(dir)} shows images.
 *
 * <p>Why parquet-java (parquet-hadoop + parquet-column): it is the Apache reference implementation and the one Java
 * writer of nested struct columns, LIST columns, chosen row-group sizes and footer key-value metadata together, all of
 * which this layout needs. It is used without Hadoop at run time: a {@link LocalOutputFile},
 * {@link PlainParquetConfiguration} and a zstd-jni codec factory ({@link ZstdCodecFactory}) instead of Hadoop's
 * FileSystem, Configuration and codecs (hadoop-common is needed to compile only: parquet-java's builder signatures
 * name Hadoop classes).
 *
 * <p>Since the number of shards is known only at the end, shards are written under hidden names
 * ({@code data/.train-00000.parquet.partial}: readers skip dot-files) and renamed to their {@code -of-N} names on close.
 * Every column is optional (nullable), as pyarrow writes them, so the footer's features match the file's schema
 * exactly.
 */
public final class HfParquetWriter implements DatasetWriter {
    /** The Parquet schema of a row. */
    public static final MessageType SCHEMA = schema();
    private static final Pattern OUR_SHARD = Pattern.compile("[a-z0-9_]+-\\d{5}-of-\\d{5}\\.parquet|\\.[a-z0-9_]+-\\d{5}\\.parquet\\.partial");

    private Path dir;
    private Path data;
    private WriterOptions options;
    private final Map<String, Shard> open = new TreeMap<>();
    private final Map<String, List<Path>> done = new TreeMap<>();
    private String footer;

    @Override public void open(Path dir, WriterOptions options) throws IOException {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.options = options;
        Files.createDirectories(data);
        try (Stream<Path> old = Files.list(data)) { // a rebuild into the same directory must not keep stale shards
            for (Path p : old.filter(p -> OUR_SHARD.matcher(p.getFileName().toString()).matches()).toList()) Files.delete(p);
        }
        this.footer = new ObjectMapper().writeValueAsString(Map.of("info", Map.of("features", Columns.hfFeatures())));
    }

    @Override public void add(Episode episode, List<StepRow> rows) throws IOException {
        String split = options.split().apply(episode);
        for (StepRow row : sortedByStep(rows)) {
            Shard shard = open.get(split);
            if (shard == null) {
                int index = done.computeIfAbsent(split, s -> new ArrayList<>()).size();
                shard = new Shard(data.resolve(String.format(".%s-%05d.parquet.partial", split, index)));
                open.put(split, shard);
            }
            shard.writer.write(group(shard.factory, row));
            if (shard.writer.getDataSize() >= options.shardBytes()) finish(split);
        }
    }

    @Override public List<Path> close() throws IOException {
        for (String split : List.copyOf(open.keySet())) finish(split);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, List<Path>> e : done.entrySet()) {
            List<Path> parts = e.getValue();
            for (int i = 0; i < parts.size(); i++) {
                Path target = data.resolve(String.format("%s-%05d-of-%05d.parquet", e.getKey(), i, parts.size()));
                Files.move(parts.get(i), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                written.add(dir.relativize(target));
            }
        }
        written.sort(Comparator.naturalOrder());
        return written;
    }

    private void finish(String split) throws IOException {
        Shard shard = open.remove(split);
        if (shard == null) return;
        shard.writer.close();
        done.computeIfAbsent(split, s -> new ArrayList<>()).add(shard.path);
    }

    private static List<StepRow> sortedByStep(List<StepRow> rows) {
        List<StepRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(StepRow::stepIndex));
        return sorted;
    }

    private final class Shard {
        final Path path;
        final ParquetWriter<Group> writer;
        final SimpleGroupFactory factory = new SimpleGroupFactory(SCHEMA);
        long rows;

        Shard(Path path) throws IOException {
            this.path = path;
            this.writer = ExampleParquetWriter.builder(new LocalOutputFile(path))
                    .withConf(new PlainParquetConfiguration())
                    .withType(SCHEMA)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withCodecFactory(new ZstdCodecFactory(3))
                    .withCompressionCodec(options.compress() ? CompressionCodecName.ZSTD : CompressionCodecName.UNCOMPRESSED)
                    .withRowGroupRowCountLimit(options.rowGroupRows())
                    .withDictionaryEncoding("image.bytes", false)
                    .withStatisticsEnabled("image.bytes", false)
                    .withSizeStatisticsEnabled("image.bytes", false)
                    .withExtraMetaData(Map.of("huggingface", footer))
                    .build();
        }

        void write(Group g) throws IOException {
            writer.write(g);
            rows++;
        }
    }

    private Group group(SimpleGroupFactory factory, StepRow row) {
        Group g = factory.newGroup();
        for (Columns.Column c : Columns.ALL) {
            if (c.kind() == Columns.Kind.IMAGE) {
                if (row.image() == null && row.imagePath() == null) continue;
                Group image = g.addGroup("image");
                if (row.image() != null) image.append("bytes", Binary.fromConstantByteArray(row.image()));
                if (row.imagePath() != null) image.append("path", row.imagePath());
                continue;
            }
            Object v = c.get().apply(row);
            if (v == null) continue;
            switch (c.kind()) {
                case STRING -> g.append(c.name(), (String) v);
                case INT32 -> g.append(c.name(), ((Number) v).intValue());
                case INT64 -> g.append(c.name(), ((Number) v).longValue());
                case FLOAT64 -> g.append(c.name(), ((Number) v).doubleValue());
                case LIST_STRING, LIST_INT32 -> {
                    Group list = g.addGroup(c.name());
                    for (Object e : (List<?>) v) {
                        Group item = list.addGroup("list");
                        if (e == null) continue;
                        if (c.kind() == Columns.Kind.LIST_STRING) item.append("element", (String) e);
                        else item.append("element", ((Number) e).intValue());
                    }
                }
                default -> throw new IllegalStateException(c.kind().name());
            }
        }
        return g;
    }

    private static MessageType schema() {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Columns.Column c : Columns.ALL) b.addField(field(c));
        return b.named("schema");
    }

    private static Type field(Columns.Column c) {
        return switch (c.kind()) {
            case STRING -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c.name());
            case INT32 -> Types.optional(PrimitiveTypeName.INT32).named(c.name());
            case INT64 -> Types.optional(PrimitiveTypeName.INT64).named(c.name());
            case FLOAT64 -> Types.optional(PrimitiveTypeName.DOUBLE).named(c.name());
            case IMAGE -> Types.optionalGroup()
                    .optional(PrimitiveTypeName.BINARY).named("bytes")
                    .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("path")
                    .named(c.name());
            case LIST_STRING -> Types.optionalList()
                    .optionalElement(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c.name());
            case LIST_INT32 -> Types.optionalList().optionalElement(PrimitiveTypeName.INT32).named(c.name());
        };
    }
}
