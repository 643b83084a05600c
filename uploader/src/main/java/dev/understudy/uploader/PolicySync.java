package dev.understudy.uploader;

import dev.understudy.collector.api.Messages;
import dev.understudy.collector.api.PolicySignature;
import dev.understudy.collector.api.Wire;
import dev.understudy.privacy.policy.AppPattern;
import dev.understudy.privacy.policy.Glob;
import dev.understudy.privacy.policy.Policy;
import dev.understudy.privacy.policy.PolicyException;
import dev.understudy.privacy.policy.PolicyLoader;
import dev.understudy.privacy.policy.UrlPattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The policy the collector publishes for this device: {@code GET /policy} (with the stored ETag),
 * the envelope's Ed25519 signature checked with the key received at enrollment, the payload's
 * device id checked against this device's, and a version older than the stored one refused (a
 * replayed envelope). What verifies is stored as {@code DATA/collector/policy.yaml} (the YAML) and
 * {@code DATA/collector/policy.json} (the payload), atomically; what does not is refused in one
 * line and the stored policy kept.
 */
public final class PolicySync {
    public static final String YAML = "policy.yaml";
    public static final String JSON = "policy.json";
    /** Default time between two polls. */
    public static final Duration DEFAULT_POLL = Duration.ofMinutes(5);

    /**
     * The stored policy from the collector.
     *
     * @param yaml the published policy, or null when none is published for the team (the device's own policy applies)
     * @param exempt an approved exemption stops capture on this device now
     */
    public record Current(long version, String team, String yaml, boolean exempt, List<String> exemptions, long issuedAt) {}

    /**
     * What a {@link #sync} did.
     *
     * @param changed a new payload was stored (or the stored one removed)
     * @param widened what is collected grows compared with the previous policy: show the consent notice again
     */
    public record Result(boolean changed, boolean widened, Current current) {}

    private final CollectorLink link;

    public PolicySync(CollectorLink link) {
        this.link = link;
    }

    /** The stored policy from the collector, or null when there is none. */
    public Current current() {
        Path f = link.dir().resolve(JSON);
        if (!Files.isRegularFile(f)) return null;
        try {
            Messages.PolicyPayload p = Wire.MAPPER.readValue(f.toFile(), Messages.PolicyPayload.class);
            return new Current(p.version(), p.team(), p.yaml(), p.exempt(), p.exemptions() == null ? List.of() : p.exemptions(), p.issuedAt());
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The policy to record under: the collector's when it published one, else {@code fallback}
     * (the device's own). A stored YAML that does not parse (a newer server) falls back too.
     */
    public Policy effective(Policy fallback) {
        Current c = current();
        if (c == null || c.yaml() == null) return fallback;
        try {
            return PolicyLoader.parse(c.yaml(), "collector policy v" + c.version(), null);
        } catch (PolicyException e) {
            return fallback;
        }
    }

    /**
     * Polls {@code GET /policy} and stores what verifies. {@code fallback}: the device's own policy,
     * what a missing collector policy means (for {@link Result#widened}). CollectorException for a
     * failed exchange; PolicyRejectedException (one line) for an envelope that does not verify.
     */
    public Result sync(Policy fallback) {
        String etag = link.state().path("policy_etag").asText(null);
        Current before = current();
        CollectorClient.PolicyReply r = link.call(c -> c.policy(before == null ? null : etag));
        if (r.status() == 304) return new Result(false, false, before);
        if (r.status() == 204) {
            if (before == null) return new Result(false, false, null);
            try {
                Files.deleteIfExists(link.dir().resolve(YAML));
                Files.deleteIfExists(link.dir().resolve(JSON));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            link.updateState(s -> s.remove("policy_etag"));
            return new Result(true, widens(parsed(before, fallback), fallback), null);
        }
        CollectorLink.Link l = link.link();
        Messages.PolicyPayload p = verify(r.envelope(), PolicySignature.decode(l.policyKey()), l.deviceId());
        if (before != null && p.version() < before.version()) {
            throw new PolicyRejectedException("the collector's policy envelope has version " + p.version()
                    + ", older than the stored version " + before.version() + " (kept the stored policy)");
        }
        if (p.yaml() != null) {
            try {
                PolicyLoader.parse(p.yaml(), "collector policy v" + p.version(), null);
            } catch (PolicyException e) {
                throw new PolicyRejectedException("the collector's policy v" + p.version() + " does not load here: " + e.getMessage() + " (kept the stored policy)");
            }
        }
        Current now = new Current(p.version(), p.team(), p.yaml(), p.exempt(), p.exemptions() == null ? List.of() : p.exemptions(), p.issuedAt());
        PrivateFiles.dir(link.dir());
        // the payload last: current() reads it, so a crash between the two leaves the old payload with a new YAML beside it at worst
        if (p.yaml() != null) PrivateFiles.write(link.dir().resolve(YAML), p.yaml().getBytes(StandardCharsets.UTF_8));
        else deleteQuietly(link.dir().resolve(YAML));
        PrivateFiles.write(link.dir().resolve(JSON), r.envelope().payload().getBytes(StandardCharsets.UTF_8));
        String newTag = r.etag();
        link.updateState(s -> {
            if (newTag != null) s.put("policy_etag", newTag);
            else s.remove("policy_etag");
            s.put("policy_version", p.version());
        });
        boolean changed = before == null || !before.equals(now);
        return new Result(changed, changed && widens(parsed(before, fallback), parsed(now, fallback)), now);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // replaced next time
        }
    }

    private static Policy parsed(Current c, Policy fallback) {
        if (c == null || c.yaml() == null) return fallback;
        try {
            return PolicyLoader.parse(c.yaml(), "collector policy v" + c.version(), null);
        } catch (PolicyException e) {
            return fallback;
        }
    }

    /**
     * Checks an envelope: the signature over the payload's exact bytes, then that the payload names
     * {@code deviceId}. PolicyRejectedException (one line) otherwise.
     */
    public static Messages.PolicyPayload verify(Messages.PolicyEnvelope env, PublicKey key, String deviceId) {
        if (env == null || env.payload() == null || env.signature() == null) throw new PolicyRejectedException("the collector sent an empty policy envelope (kept the stored policy)");
        if (!PolicySignature.verify(env.payload(), env.signature(), key)) {
            throw new PolicyRejectedException("the collector's policy envelope does not carry a valid signature of its policy key (kept the stored policy)");
        }
        Messages.PolicyPayload p;
        try {
            p = Wire.MAPPER.readValue(env.payload(), Messages.PolicyPayload.class);
        } catch (IOException e) {
            throw new PolicyRejectedException("the collector's policy payload cannot be read: " + SessionCopy.oneLine(e.getMessage()) + " (kept the stored policy)");
        }
        if (p.deviceId() == null || !p.deviceId().equals(deviceId)) {
            throw new PolicyRejectedException("the collector's policy envelope is for device " + p.deviceId() + ", not this device " + deviceId
                    + " (kept the stored policy)");
        }
        return p;
    }

    /**
     * Whether {@code after} collects more than {@code before}: an app or site allowed that was not,
     * a deny, browser or sensitive-app rule dropped, fewer redaction kinds, weaker screenshot
     * redaction, longer retention, a shorter review window, fewer correspondents or exemptions, or
     * the control page or tray turned off. Pragmatic: patterns are compared by their text.
     */
    public static boolean widens(Policy before, Policy after) {
        if (before == null || after == null) return before != after && after != null;
        if (grew(apps(before.allowApps()), apps(after.allowApps()))) return true;
        if (grew(urls(before.allowUrls()), urls(after.allowUrls()))) return true;
        if (grew(apps(after.denyApps()), apps(before.denyApps()))) return true;
        if (grew(urls(after.denyUrls()), urls(before.denyUrls()))) return true;
        if (grew(apps(after.browsers()), apps(before.browsers()))) return true;
        if (grew(apps(after.sensitiveApps()), apps(before.sensitiveApps()))) return true;
        if (grew(names(after.redaction().kinds()), names(before.redaction().kinds()))) return true;
        if (grew(names(after.redaction().typedKinds()), names(before.redaction().typedKinds()))) return true;
        if (strictness(after.redaction().screenshots()) < strictness(before.redaction().screenshots())) return true;
        if (after.retentionDays() > before.retentionDays()) return true;
        if (after.reviewHours() < before.reviewHours()) return true;
        if (grew(new HashSet<>(after.correspondents().jurisdictions()), new HashSet<>(before.correspondents().jurisdictions()))) return true;
        if (grew(globs(after.correspondents().domains()), globs(before.correspondents().domains()))) return true;
        if (grew(globs(after.exemptions().users()), globs(before.exemptions().users()))) return true;
        if (grew(globs(after.exemptions().devices()), globs(before.exemptions().devices()))) return true;
        if (before.controlPage() && !after.controlPage()) return true;
        return before.tray() && !after.tray();
    }

    private static int strictness(String screenshots) {
        return switch (screenshots) {
            case "ocr" -> 2;
            case "dom" -> 1;
            default -> 0;
        };
    }

    /** Whether {@code b} holds something {@code a} does not. */
    private static boolean grew(Set<String> a, Set<String> b) {
        return !a.containsAll(b);
    }

    private static Set<String> apps(Collection<AppPattern> c) {
        Set<String> s = new HashSet<>();
        for (AppPattern p : c) s.add(p.toString().toLowerCase(java.util.Locale.ROOT));
        return s;
    }

    private static Set<String> urls(Collection<UrlPattern> c) {
        Set<String> s = new HashSet<>();
        for (UrlPattern p : c) s.add(p.toString().toLowerCase(java.util.Locale.ROOT));
        return s;
    }

    private static Set<String> globs(Collection<Glob> c) {
        Set<String> s = new HashSet<>();
        for (Glob g : c) s.add(g.toString().toLowerCase(java.util.Locale.ROOT));
        return s;
    }

    private static Set<String> names(Collection<? extends Enum<?>> c) {
        Set<String> s = new HashSet<>();
        for (Enum<?> e : c) s.add(e.name());
        return s;
    }

    /** The time to the next poll: {@code base} ± {@code jitter} (a fraction, e.g. 0.2), never below a second. */
    public static Duration pollInterval(Duration base, double jitter, Random random) {
        double f = 1 + (random.nextDouble() * 2 - 1) * Math.max(0, Math.min(1, jitter));
        return Duration.ofMillis(Math.max(1000, (long) (base.toMillis() * f)));
    }

    /** {@link #DEFAULT_POLL} ± 20 %. */
    public static Duration pollInterval() {
        return pollInterval(DEFAULT_POLL, 0.2, ThreadLocalRandom.current());
    }

    /** POST /exemptions: the worker asks not to be recorded ({@code hours} null: until decided otherwise). */
    public Messages.Exemption requestExemption(String reason, Integer hours) {
        if (hours != null && hours <= 0) throw new IllegalArgumentException("hours must be positive");
        return link.call(c -> c.requestExemption(new Messages.ExemptionRequest(reason, hours)));
    }

    /** GET /exemptions: this device's requests and their state. */
    public List<Messages.Exemption> exemptions() {
        Messages.ExemptionList l = link.call(CollectorClient::exemptions);
        return l.exemptions() == null ? List.of() : l.exemptions();
    }
}
