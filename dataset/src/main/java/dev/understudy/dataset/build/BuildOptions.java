package dev.understudy.dataset.build;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What `understudy dataset build` was asked for (docs/datasets.md).
 *
 * @param from         device or collector data directories
 * @param format       {@code hf}, {@code webdataset}, {@code agentnet}, {@code mind2web} or {@code osworld}
 * @param since        only sessions that started at or after this instant, or null
 * @param apps         only tasks in one of these apps or sites (label, window class, process name or host; case-insensitive), or empty
 * @param splitBy      {@code app}, {@code site}, {@code person} or null (everything in train)
 * @param testFraction share of the split groups that go to the test split (0 to 1)
 * @param minSteps     tasks with fewer steps are flagged {@code too_few_steps}
 * @param dropFlagged  tasks with any of these flags are left out (and counted in the report)
 * @param idleGapMillis an idle gap longer than this starts a new task
 * @param shardBytes   a shard is closed past this size
 */
public record BuildOptions(List<Path> from, Path out, String format, Instant since, Set<String> apps, String splitBy,
                           double testFraction, int minSteps, Set<String> dropFlagged, long idleGapMillis, long shardBytes) {
    public static final List<String> FORMATS = List.of("hf", "webdataset", "agentnet", "mind2web", "osworld");
    public static final List<String> SPLITS = List.of("app", "site", "person");

    public BuildOptions {
        from = List.copyOf(from);
        apps = Set.copyOf(apps);
        dropFlagged = Set.copyOf(dropFlagged);
        if (from.isEmpty()) throw new IllegalArgumentException("no --from: name a device's or a collector's data directory");
        if (!FORMATS.contains(format)) throw new IllegalArgumentException("unknown format " + format + " (one of " + String.join(", ", FORMATS) + ")");
        if (splitBy != null && !SPLITS.contains(splitBy)) throw new IllegalArgumentException("unknown --split-by " + splitBy + " (app, site or person)");
        if (testFraction < 0 || testFraction > 1) throw new IllegalArgumentException("--test-fraction must be between 0 and 1");
        if (testFraction > 0 && splitBy == null) throw new IllegalArgumentException("--test-fraction needs --split-by app|site|person");
        if (minSteps < 1) throw new IllegalArgumentException("--min-steps must be at least 1");
    }
}
