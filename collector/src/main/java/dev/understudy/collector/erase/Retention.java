package dev.understudy.collector.erase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.collector.api.Wire;
import dev.understudy.collector.audit.AuditLog;
import dev.understudy.collector.govern.Actor;
import dev.understudy.collector.store.Metadata;
import dev.understudy.collector.store.Metadata.Device;
import dev.understudy.collector.store.Metadata.PolicyRow;
import dev.understudy.collector.store.Metadata.SessionRow;
import dev.understudy.privacy.policy.PolicyLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Server-side retention: every session older than the {@code retention_days} of the policy in force for its
 * device's team (the team's latest published policy, else the latest for every team, else the built-in default
 * the devices run) is erased like {@link Erasure#eraseSession}: tombstone, chunks, stale datasets, audited. A
 * session's age counts from its recording start (the manifest's start time), else from its commit.
 */
public final class Retention {
    /** One run: when, how many sessions it erased (as {@code DEVICE:SESSION}). */
    public record Run(long at, List<String> erased, List<String> failed) {
        public String line() {
            return "retention: erased " + erased.size() + " session" + (erased.size() == 1 ? "" : "s") + (failed.isEmpty() ? "" : ", " + failed.size() + " failed");
        }
    }

    private final Metadata md;
    private final Erasure erasure;
    private final AuditLog audit;

    public Retention(Metadata md, Erasure erasure, AuditLog audit) {
        this.md = md;
        this.erasure = erasure;
        this.audit = audit;
    }

    /** The retention in days in force for {@code team}. */
    public int days(String team) {
        PolicyRow p = md.policyFor(team);
        if (p == null) return PolicyLoader.defaults().retentionDays();
        try {
            return PolicyLoader.parse(p.yaml(), "published policy version " + p.version(), null).retentionDays();
        } catch (RuntimeException e) {
            return PolicyLoader.defaults().retentionDays();
        }
    }

    static long startOf(SessionRow r) {
        try {
            JsonNode m = Wire.MAPPER.readTree(r.manifest());
            for (String f : new String[] {"start_wall", "startWall"}) {
                if (m.path(f).canConvertToLong() && m.path(f).asLong() > 0) return m.path(f).asLong();
            }
        } catch (Exception e) {
            // fall back to the commit time
        }
        return r.committedAt();
    }

    /** Erases every session past its team's retention at {@code now}; audited as {@code retention.run}. */
    public Run run(Actor who, long now) {
        Map<String, Integer> byTeam = new HashMap<>();
        Map<String, String> teamOf = new HashMap<>();
        List<String> erased = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (SessionRow r : md.sessions()) {
            String team = teamOf.computeIfAbsent(r.device(), id -> {
                Device d = md.device(id);
                return d == null ? "default" : d.team();
            });
            int days = byTeam.computeIfAbsent(team, this::days);
            if (now - startOf(r) <= days * 86_400_000L) continue;
            try {
                erasure.eraseSession(who, r.device(), r.session(), "retention: older than " + days + " days (team " + team + ")");
                erased.add(r.device() + ":" + r.session());
            } catch (RuntimeException e) {
                failed.add(r.device() + ":" + r.session());
            }
        }
        try {
            md.store().tx(c -> dev.understudy.collector.store.Store.update(c, "INSERT INTO retention_runs (at, erased) VALUES (?, ?)", now, (long) erased.size()));
        } catch (RuntimeException e) {
            if (!dev.understudy.collector.store.Store.isDuplicate(e)) throw e; // another replica ran it in the same millisecond
        }
        audit.record(who, "retention.run", "sessions erased " + erased.size() + (failed.isEmpty() ? "" : " failed " + failed.size()));
        return new Run(now, erased, failed);
    }
}
