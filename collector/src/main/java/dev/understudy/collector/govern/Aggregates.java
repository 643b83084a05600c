package dev.understudy.collector.govern;

import static dev.understudy.collector.store.Store.query;
import static dev.understudy.collector.store.Store.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.collector.api.Wire;
import dev.understudy.collector.govern.KAnonymity.Contribution;
import dev.understudy.collector.govern.KAnonymity.Table;
import dev.understudy.collector.store.Metadata;
import dev.understudy.collector.store.Metadata.SessionRow;
import dev.understudy.collector.upload.Uploads;
import dev.understudy.export.StepRecords;
import dev.understudy.model.Step;
import dev.understudy.reduce.Reducer;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionReader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The admin console's k-anonymous aggregates (see {@link KAnonymity} for the publication rules). Each committed
 * session is counted once into {@code session_stats} (steps per app or site, per action type, redactions), read
 * from its events; only sessions that started on a closed UTC day (before today) are counted, so the tables change
 * once a day and not with each upload (no differencing of two page loads an hour apart).
 */
public final class Aggregates {
    private final Metadata md;
    private final Uploads uploads;

    public Aggregates(Metadata md, Uploads uploads) {
        this.md = md;
        this.uploads = uploads;
    }

    /** The published tables. {@code redactionRate}: redactions per 100 steps for each published team. */
    public record Tables(int k, String through, long sessionsCounted, Table stepsPerApp, Table stepsPerTeam, Table stepsPerDay,
                         Table stepsPerAction, Table redactionsPerTeam, Map<String, String> redactionRate) {}

    public Tables tables(int k) {
        KAnonymity.checkK(k);
        refresh();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        record Row(String person, String team, String day, JsonNode stats) {}
        List<Row> rows = md.store().tx(c -> query(c, rs -> new Row(rs.getString("person"), rs.getString("team"), rs.getString("day"),
                        read(rs.getString("stats"))),
                "SELECT st.person, st.team, st.day, st.stats FROM session_stats st JOIN sessions s ON s.device = st.device AND s.session = st.session"
                        + " WHERE st.day < ?", today));
        List<Contribution> apps = new ArrayList<>(), teams = new ArrayList<>(), days = new ArrayList<>(), actions = new ArrayList<>(),
                redactions = new ArrayList<>();
        for (Row r : rows) {
            long steps = r.stats.path("steps").asLong();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.stats.path("apps").fields(); it.hasNext(); ) {
                var e = it.next();
                apps.add(new Contribution(r.person, e.getKey(), e.getValue().asLong()));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = r.stats.path("actions").fields(); it.hasNext(); ) {
                var e = it.next();
                actions.add(new Contribution(r.person, e.getKey(), e.getValue().asLong()));
            }
            teams.add(new Contribution(r.person, r.team, steps));
            days.add(new Contribution(r.person, r.day, steps));
            redactions.add(new Contribution(r.person, r.team, r.stats.path("redactions").asLong()));
        }
        Table perTeam = KAnonymity.publish(teams, k);
        Table red = KAnonymity.publish(redactions, k);
        Map<String, String> rate = new TreeMap<>();
        for (KAnonymity.Cell c : red.cells()) {
            perTeam.cells().stream().filter(t -> t.key().equals(c.key()) && t.value() > 0).findFirst()
                    .ifPresent(t -> rate.put(c.key(), String.format(java.util.Locale.ROOT, "%.1f", 100.0 * c.value() / t.value())));
        }
        return new Tables(k, LocalDate.now(ZoneOffset.UTC).minusDays(1).toString(), rows.size(), KAnonymity.publish(apps, k), perTeam,
                KAnonymity.publish(days, k), KAnonymity.publish(actions, k), red, rate);
    }

    private static JsonNode read(String s) {
        try {
            return Wire.MAPPER.readTree(s);
        } catch (IOException e) {
            return Wire.MAPPER.createObjectNode();
        }
    }

    /** Counts the sessions not counted yet; forgets the counts of sessions no longer there (erased). */
    public synchronized void refresh() {
        Set<String> have = new HashSet<>(md.store().tx(c -> query(c, rs -> rs.getString(1) + ":" + rs.getString(2), "SELECT device, session FROM session_stats")));
        md.store().tx(c -> update(c, "DELETE FROM session_stats WHERE NOT EXISTS (SELECT 1 FROM sessions s WHERE s.device = session_stats.device"
                + " AND s.session = session_stats.session)"));
        for (SessionRow r : md.sessions()) {
            if (have.contains(r.device() + ":" + r.session())) continue;
            var dev = md.device(r.device());
            String team = dev == null ? "-" : dev.team();
            ObjectNode stats;
            long start;
            try {
                Stats s = count(r);
                stats = s.json;
                start = s.start;
            } catch (IOException | RuntimeException e) {
                stats = Wire.MAPPER.createObjectNode().put("steps", 0).put("error", "unreadable");
                start = r.committedAt();
            }
            String day = LocalDate.ofInstant(Instant.ofEpochMilli(start > 0 ? start : r.committedAt()), ZoneOffset.UTC).toString();
            String json = stats.toString();
            md.store().tx(c -> update(c, "INSERT INTO session_stats (device, session, person, team, day, stats) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (device, session) DO NOTHING", r.device(), r.session(), r.person(), team, day, json));
        }
    }

    private record Stats(ObjectNode json, long start) {}

    private Stats count(SessionRow r) throws IOException {
        Path tmp = Files.createTempDirectory("understudy-stats");
        try {
            Path dir = uploads.materialize(r, tmp);
            SessionReader reader;
            try (DataDir dd = DataDir.at(tmp)) {
                reader = dd.open(r.session());
                List<Step> steps = Reducer.reduce(reader.id(), reader.manifest(), reader.events());
                Map<String, Long> apps = new TreeMap<>();
                Map<String, Long> actions = new TreeMap<>();
                for (Step s : steps) {
                    apps.merge(appKey(s), 1L, Long::sum);
                    actions.merge(StepRecords.action(s.action()).path("type").asText("other"), 1L, Long::sum);
                }
                long redactions = 0;
                Path red = dir.resolve("redactions.jsonl");
                if (Files.exists(red)) try (Stream<String> lines = Files.lines(red)) {
                    redactions = lines.filter(l -> !l.isBlank()).count();
                }
                ObjectNode n = Wire.MAPPER.createObjectNode();
                n.put("steps", steps.size());
                n.put("redactions", redactions);
                ObjectNode a = n.putObject("apps");
                apps.forEach(a::put);
                ObjectNode t = n.putObject("actions");
                actions.forEach(t::put);
                return new Stats(n, reader.manifest().startWall());
            }
        } finally {
            deleteTree(tmp);
        }
    }

    /** A step's app: the site's host for a browser page, else the app's name. */
    static String appKey(Step s) {
        if (s.app() == null) return "unknown";
        String url = s.app().url();
        if (url != null && !url.isBlank()) {
            try {
                String host = URI.create(url.strip()).getHost();
                if (host != null && !host.isBlank()) return host.toLowerCase(java.util.Locale.ROOT);
            } catch (IllegalArgumentException ignored) {
                // not a URL: the app's name
            }
        }
        String n = s.app().name();
        return n == null || n.isBlank() ? "unknown" : n;
    }

    public static void deleteTree(Path p) {
        if (p == null || !Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        } catch (IOException ignored) {
            // a temporary directory: best effort
        }
    }
}
