package dev.understudy.dataset.spark;

import dev.understudy.dataset.DatasetTransforms;
import dev.understudy.dataset.DatasetTransforms.Signature;
import dev.understudy.dataset.DatasetTransforms.TaskOptions;
import dev.understudy.dataset.Episode;
import dev.understudy.dataset.SessionInput;
import dev.understudy.dataset.StepRow;
import dev.understudy.dataset.build.DatasetBuilder;
import dev.understudy.dataset.source.SessionSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The transforms run directly in this process, one session after another, as the local engine
 * runs them: the reference the Spark job's rows are compared with.
 */
final class InProcess {
    private InProcess() {}

    record Result(int sessions, List<String> failed, Set<String> nearDuplicates) {}

    /** Calls {@code sink} with each episode and its rows in the dataset's order (session id, episode, step). */
    static Result run(Path from, TaskOptions options, BiConsumer<Episode, List<StepRow>> sink) {
        List<String> failed = new ArrayList<>();
        try (SessionSource src = SessionSource.open(from)) {
            List<String> refs = new ArrayList<>(src.refs());
            refs.sort(null);
            List<String> readable = new ArrayList<>();
            List<Signature> sigs = new ArrayList<>();
            for (String ref : refs) {
                try {
                    SessionInput in = src.open(ref);
                    for (Episode e : DatasetTransforms.episodes(in, options)) sigs.add(DatasetTransforms.signature(in, e));
                    readable.add(ref);
                } catch (RuntimeException e) {
                    failed.add(ref);
                }
            }
            Set<String> dupes = DatasetTransforms.nearDuplicates(sigs);
            for (String ref : readable) {
                SessionInput in = src.open(ref);
                for (Episode e : DatasetTransforms.episodes(in, options)) {
                    boolean dup = dupes.contains(e.episodeId());
                    Episode ep = dup ? NearDuplicateFlag.episode(e) : e;
                    if (DatasetBuilder.dropReason(ep, options.minSteps(), Set.of(), Set.of()) != null) continue; // as the local engine
                    List<StepRow> rows = DatasetTransforms.rows(in, ep);
                    sink.accept(ep, dup ? NearDuplicateFlag.rows(rows) : rows);
                }
            }
            return new Result(readable.size(), failed, dupes);
        }
    }
}
