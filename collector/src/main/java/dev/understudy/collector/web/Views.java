package dev.understudy.collector.web;

import java.util.List;

/** What the templates show; plain records of strings, escaped by jte where they are written. */
public final class Views {
    private Views() {}

    /** The bar at the top: who is logged in, and the CSRF token for the logout form. Null fields when nobody is. */
    public record Nav(String role, String who, String csrf, List<Link> links) {}

    public record Link(String href, String text) {}

    public record Login(String token, String error, String name) {}

    public record Error(int status, String message) {}

    public record SessionItem(String device, String session, String started, String duration, String size, String label, String href,
                              String deleteAction, String labelAction) {}

    public record DeviceItem(String device, String team, String state, String enrolled, String policyVersion, String lastSeen) {}

    public record ExemptionItem(String id, String device, String team, String requested, String hours, String reason, String state,
                                String decisionReason, String expires) {}

    public record PolicyItem(String version, String team, String published, String sha, String href) {}

    public record Portal(String person, String message, List<DeviceItem> devices, List<SessionItem> sessions, List<ExemptionItem> exemptions,
                         List<PolicyItem> inForce, String inForceYaml, List<PolicyItem> history, String latency, boolean paused,
                         String pausedUntil) {}

    public record FleetItem(String device, String team, String state, String agent, String policyReported, String policyCurrent,
                            String lastSeen, String backlog, String budget) {}

    public record Fleet(List<FleetItem> devices, long active, long revoked, String message) {}

    public record DiffLine(String kind, String text) {}

    public record PolicyPage(String message, String error, String team, String yaml, List<DiffLine> diff, String diffAgainst,
                             List<PolicyItem> history, String shownVersion, String shownYaml) {}

    public record ExemptionsPage(String message, List<ExemptionItem> pending, List<ExemptionItem> decided) {}

    public record Row(String key, String value, String persons) {}

    public record AggTable(String title, String unit, List<Row> rows, String total, int withheld) {}

    public record AggregatesPage(int k, String through, List<AggTable> tables, List<Row> redactionRates) {}

    public record BuildItem(String id, String built, String engine, String sessions, String actor, String stale) {}

    public record DatasetsPage(boolean present, List<BuildItem> builds) {}

    public record AuditItem(String seq, String at, String role, String actor, String action, String subject) {}

    public record OfficerPage(String message, List<AuditItem> entries) {}
}
