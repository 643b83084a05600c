package dev.understudy.collector.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.understudy.collector.ApiException;
import dev.understudy.collector.api.Messages.Exemption;
import dev.understudy.collector.api.Messages.ExemptionRequest;
import dev.understudy.collector.api.Messages.PolicyEnvelope;
import dev.understudy.collector.api.Messages.PolicyPayload;
import dev.understudy.collector.api.PolicySignature;
import dev.understudy.collector.api.Wire;
import dev.understudy.collector.crypto.Aead;
import dev.understudy.collector.enroll.Enrollment;
import dev.understudy.collector.store.Metadata;
import dev.understudy.collector.store.Metadata.Device;
import dev.understudy.collector.store.Metadata.ExemptionRow;
import dev.understudy.collector.store.Metadata.PolicyRow;
import dev.understudy.privacy.policy.PolicyException;
import dev.understudy.privacy.policy.PolicyLoader;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Published policies (validated with the recorder's own parser), exemptions, and the signed envelope a device fetches. */
public final class Policies {
    private final Metadata md;
    private final PrivateKey signingKey;

    public Policies(Metadata md, PrivateKey signingKey) {
        this.md = md;
        this.signingKey = signingKey;
    }

    /** Validates and publishes; IllegalArgumentException with the parser's one-line message when the policy is bad. */
    public static long publish(Metadata md, String yaml, String team) {
        if (team != null && !team.matches(Enrollment.TEAM)) throw new IllegalArgumentException("team names are letters, digits, '.', '_' and '-' (up to 100)");
        try {
            PolicyLoader.parse(yaml, "the published policy", null);
        } catch (PolicyException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        return md.publishPolicy(team, yaml, Enrollment.sha256(yaml));
    }

    /** A signed envelope and its entity tag. */
    public record Signed(String etag, PolicyEnvelope envelope) {}

    /** What the device should run; null when nothing is published for its team and it has no active exemption (204). */
    public Signed policyFor(Device d) {
        long now = System.currentTimeMillis();
        PolicyRow p = md.policyFor(d.team());
        List<String> active = new ArrayList<>();
        for (ExemptionRow e : md.exemptionsOf(d.id())) if (e.activeAt(now)) active.add(e.id());
        if (p == null && active.isEmpty()) return null;
        PolicyPayload payload = new PolicyPayload(d.id(), p == null ? 0 : p.version(), d.team(), p == null ? null : p.yaml(),
                p == null ? 0 : p.publishedAt(), !active.isEmpty(), active, now);
        String text;
        try {
            text = Wire.MAPPER.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String etag = "\"" + Enrollment.sha256(d.id() + "|" + payload.version() + "|" + (p == null ? "-" : p.sha256()) + "|" + String.join(",", active)).substring(0, 32) + "\"";
        return new Signed(etag, new PolicyEnvelope(text, PolicySignature.sign(text, signingKey)));
    }

    public Exemption request(Device d, ExemptionRequest r) {
        if (r == null) throw new ApiException(400, "an exemption request needs a reason");
        if (r.reason() != null && r.reason().length() > 2000) throw new ApiException(400, "reason is too long (2000 characters at most)");
        if (r.hours() != null && (r.hours() < 1 || r.hours() > 24 * 366)) throw new ApiException(400, "hours must be between 1 and 8784");
        byte[] id = new byte[8];
        Aead.RANDOM.nextBytes(id);
        ExemptionRow e = new ExemptionRow(HexFormat.of().formatHex(id), d.id(), d.person(), r.reason(), r.hours(), "pending",
                System.currentTimeMillis(), null, null);
        md.addExemption(e);
        return wire(e);
    }

    public List<Exemption> of(Device d) {
        return md.exemptionsOf(d.id()).stream().map(Policies::wire).toList();
    }

    public static Exemption wire(ExemptionRow e) {
        return new Exemption(e.id(), e.state(), e.reason(), e.hours(), e.requestedAt(), e.decidedAt(), e.expiresAt());
    }
}
