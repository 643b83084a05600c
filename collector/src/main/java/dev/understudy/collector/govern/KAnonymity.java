package dev.understudy.collector.govern;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * k-anonymous tables (docs/governance.md, "Aggregates"). One table has one fixed dimension (app or site,
 * team, day, action type), never a filter a reader chooses, so two overlapping queries cannot be asked.
 *
 * <ol>
 *   <li>Primary suppression: a cell is published only when at least k distinct persons contribute to it.</li>
 *   <li>Secondary (complementary) suppression: the cells withheld from a table, taken together, cover either
 *       nobody or at least k distinct persons; when they cover 1..k-1 persons the smallest published cells
 *       are withheld too until they do. So the difference between any two tables' totals, or between a
 *       table's total and anything else published, is itself an aggregate over k or more persons.</li>
 *   <li>A table's total is the sum of its published cells only, and is withheld with them.</li>
 *   <li>When fewer than k persons contribute to the whole table, nothing of it is published.</li>
 * </ol>
 */
public final class KAnonymity {
    public static final int DEFAULT_K = 10;
    public static final int MIN_K = 5;

    private KAnonymity() {}

    /** One person's contribution of {@code value} to the cell {@code key}. */
    public record Contribution(String person, String key, long value) {}

    /** A published cell: its key, value and how many persons it covers (at least k). */
    public record Cell(String key, long value, int persons) {}

    /** What may be shown: published cells (largest first), their total, how many cells were withheld. */
    public record Table(List<Cell> cells, long total, int withheld) {}

    public static int checkK(int k) {
        if (k < MIN_K) throw new IllegalArgumentException("k-anonymity must be at least " + MIN_K + ", not " + k);
        return k;
    }

    public static Table publish(List<Contribution> contributions, int k) {
        checkK(k);
        Map<String, Set<String>> persons = new TreeMap<>();
        Map<String, Long> values = new HashMap<>();
        Set<String> everyone = new HashSet<>();
        for (Contribution c : contributions) {
            persons.computeIfAbsent(c.key(), x -> new HashSet<>()).add(c.person());
            values.merge(c.key(), c.value(), Long::sum);
            everyone.add(c.person());
        }
        if (everyone.size() < k) return new Table(List.of(), 0, persons.size());
        List<String> published = new ArrayList<>();
        Set<String> withheldPersons = new HashSet<>();
        int withheld = 0;
        for (var e : persons.entrySet()) {
            if (e.getValue().size() >= k) published.add(e.getKey());
            else {
                withheld++;
                withheldPersons.addAll(e.getValue());
            }
        }
        // complementary suppression: the withheld remainder must cover 0 or >= k persons
        published.sort(Comparator.comparingInt((String key) -> persons.get(key).size()).thenComparing(key -> values.get(key)).thenComparing(key -> key));
        while (!withheldPersons.isEmpty() && withheldPersons.size() < k && !published.isEmpty()) {
            String smallest = published.remove(0);
            withheld++;
            withheldPersons.addAll(persons.get(smallest));
        }
        if (!withheldPersons.isEmpty() && withheldPersons.size() < k) return new Table(List.of(), 0, persons.size());
        List<Cell> cells = new ArrayList<>();
        long total = 0;
        for (String key : published) {
            cells.add(new Cell(key, values.get(key), persons.get(key).size()));
            total += values.get(key);
        }
        cells.sort(Comparator.comparingLong(Cell::value).reversed().thenComparing(Cell::key));
        return new Table(cells, total, withheld);
    }

    /** Groups contributions by key, for callers that build them per session. */
    public static Map<String, Long> sum(List<Contribution> cs) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Contribution c : cs) m.merge(c.key(), c.value(), Long::sum);
        return m;
    }
}
