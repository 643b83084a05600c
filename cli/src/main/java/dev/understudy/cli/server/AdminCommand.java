package dev.understudy.cli.server;

import dev.understudy.cli.UserException;
import dev.understudy.collector.admin.ServerAdmin;
import dev.understudy.collector.store.Metadata.Device;
import dev.understudy.collector.store.Metadata.ExemptionRow;
import dev.understudy.collector.store.Metadata.PolicyRow;
import dev.understudy.collector.store.Metadata.SessionRow;
import dev.understudy.collector.store.StoreException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Administers a collector (works while `serve` runs): enroll tokens, devices, sessions, policies, exemptions, budgets, erasure.",
        subcommands = {AdminCommand.EnrollToken.class, AdminCommand.Tokens.class, AdminCommand.Devices.class, AdminCommand.Revoke.class, AdminCommand.Sessions.class,
            AdminCommand.Policy.class, AdminCommand.Exemptions.class, AdminCommand.Budget.class, AdminCommand.ErasePerson.class,
            AdminCommand.Erase.class, AdminCommand.Retention.class, AdminCommand.Audit.class, AdminCommand.Datasets.class,
            UserCommand.class})
public final class AdminCommand implements Runnable {
    @Spec CommandSpec spec;

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String time(Long millis) {
        return millis == null || millis == 0 ? "-" : TIME.format(Instant.ofEpochMilli(millis));
    }

    /** A subcommand over one server data directory. */
    abstract static class Sub implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--data", paramLabel = "SERVER_DIR", required = true, description = "The collector's data directory (as given to serve).")
        Path data;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        abstract void run(ServerAdmin admin) throws Exception;

        @Override
        public Integer call() throws Exception {
            try (ServerAdmin admin = ServerAdmin.open(data)) {
                run(admin);
            } catch (IllegalArgumentException | IllegalStateException | StoreException | UncheckedIOException e) {
                throw new UserException(e.getMessage());
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "enroll-token", mixinStandardHelpOptions = true, description = "Makes an enroll token (printed as the last line); it enrolls devices until it expires.")
    static final class EnrollToken extends Sub {
        @Option(names = "--team", paramLabel = "NAME", defaultValue = "default", description = "Team of the devices it enrolls (default: ${DEFAULT-VALUE}).")
        String team;

        @Option(names = "--expires-hours", paramLabel = "N", defaultValue = "72", description = "Hours until it expires (default: ${DEFAULT-VALUE}).")
        long hours;

        @Override
        void run(ServerAdmin admin) {
            if (hours <= 0) throw new UserException("--expires-hours must be positive");
            String t = admin.createEnrollToken(team, Duration.ofHours(hours));
            out().println("team " + team + ", expires " + time(System.currentTimeMillis() + Duration.ofHours(hours).toMillis())
                    + (admin.fingerprint() == null ? ", not pinned (plain HTTP)" : ", pins certificate " + admin.fingerprint()));
            out().println(t);
        }
    }

    @Command(name = "tokens", mixinStandardHelpOptions = true, description = "Lists the enroll tokens made (by the start of their hash): team, created, expires, last used.")
    static final class Tokens extends Sub {
        @Override
        void run(ServerAdmin admin) {
            java.util.List<dev.understudy.collector.store.Metadata.Token> list = admin.tokens();
            if (list.isEmpty()) {
                out().println("no enroll tokens");
                return;
            }
            long now = System.currentTimeMillis();
            out().printf("%-12s  %-12s  %-20s  %-20s  %-20s  %s%n", "TOKEN", "TEAM", "CREATED", "EXPIRES", "LAST USED", "STATE");
            for (var t : list) {
                out().printf("%-12s  %-12s  %-20s  %-20s  %-20s  %s%n", t.hash().substring(0, Math.min(12, t.hash().length())), t.team(),
                        time(t.createdAt()), time(t.expiresAt()), t.lastUsedAt() == null ? "never" : time(t.lastUsedAt()),
                        t.expiresAt() <= now ? "expired" : "valid");
            }
        }
    }

    @Command(name = "devices", mixinStandardHelpOptions = true, description = "Lists the enrolled devices.")
    static final class Devices extends Sub {
        @Override
        void run(ServerAdmin admin) {
            var list = admin.devices();
            if (list.isEmpty()) {
                out().println("no devices");
                return;
            }
            out().printf("%-32s  %-12s  %-10s  %-6s  %-20s  %-16s  %-12s  %s%n", "DEVICE", "TEAM", "AGENT", "POLICY", "LAST SEEN", "BACKLOG", "BUDGET/DAY", "STATE");
            for (Device d : list) {
                String backlog = d.backlogSessions() == null ? "-" : d.backlogSessions() + " / " + d.backlogBytes() + " B";
                out().printf("%-32s  %-12s  %-10s  %-6s  %-20s  %-16s  %-12s  %s%n", d.id(), d.team(), d.agentVersion() == null ? "-" : d.agentVersion(),
                        d.policyVersion() == null ? "-" : d.policyVersion(), time(d.lastSeen()), backlog,
                        d.uploadBudget() == null ? "-" : d.uploadBudget(), d.state());
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a device: its requests are refused from now on.")
    static final class Revoke extends Sub {
        @Parameters(paramLabel = "DEVICE") String device;

        @Override
        void run(ServerAdmin admin) {
            admin.revoke(device);
            out().println("revoked " + device);
        }
    }

    @Command(name = "sessions", mixinStandardHelpOptions = true, description = "Lists the committed sessions.")
    static final class Sessions extends Sub {
        @Override
        void run(ServerAdmin admin) {
            var list = admin.sessions();
            if (list.isEmpty()) {
                out().println("no sessions");
                return;
            }
            out().printf("%-32s  %-24s  %-32s  %12s  %s%n", "DEVICE", "SESSION", "PERSON", "BYTES", "COMMITTED");
            for (SessionRow s : list) {
                out().printf("%-32s  %-24s  %-32s  %12d  %s%n", s.device(), s.session(), s.person(), s.bytes(), time(s.committedAt()));
            }
        }
    }

    @Command(name = "policy", mixinStandardHelpOptions = true, description = "Publishes policies and lists their history.",
            subcommands = {Policy.Publish.class, Policy.History.class})
    static final class Policy implements Runnable {
        @Spec CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(name = "publish", mixinStandardHelpOptions = true, description = "Validates and publishes a policy file (for one team, or all).")
        static final class Publish extends Sub {
            @Parameters(paramLabel = "FILE") Path file;

            @Option(names = "--team", paramLabel = "NAME", description = "Only this team (default: every team without a policy of its own).")
            String team;

            @Override
            void run(ServerAdmin admin) throws Exception {
                String yaml;
                try {
                    yaml = Files.readString(file);
                } catch (NoSuchFileException e) {
                    throw new UserException("policy file " + file + " does not exist");
                }
                long v = admin.publishPolicy(yaml, team);
                out().println("published policy version " + v + " for " + (team == null ? "every team" : "team " + team));
            }
        }

        @Command(name = "history", mixinStandardHelpOptions = true, description = "Lists every published policy.")
        static final class History extends Sub {
            @Override
            void run(ServerAdmin admin) {
                var list = admin.policyHistory();
                if (list.isEmpty()) {
                    out().println("no policy published (devices run their built-in policy)");
                    return;
                }
                out().printf("%-7s  %-12s  %-20s  %s%n", "VERSION", "TEAM", "PUBLISHED", "SHA256");
                for (PolicyRow p : list) out().printf("%-7d  %-12s  %-20s  %s%n", p.version(), p.team() == null ? "(all)" : p.team(), time(p.publishedAt()), p.sha256());
            }
        }
    }

    @Command(name = "exemptions", mixinStandardHelpOptions = true, description = "Lists exemption requests; `approve ID` or `deny ID` decides one.")
    static final class Exemptions extends Sub {
        @Parameters(index = "0", arity = "0..1", paramLabel = "approve|deny") String action;
        @Parameters(index = "1", arity = "0..1", paramLabel = "ID") String id;

        @Override
        void run(ServerAdmin admin) {
            if (action != null) {
                if (id == null) throw new UserException("which exemption? admin exemptions " + action + " ID");
                boolean approve = switch (action) {
                    case "approve" -> true;
                    case "deny" -> false;
                    default -> throw new UserException("not approve or deny: " + action);
                };
                admin.decideExemption(id, approve);
                out().println((approve ? "approved " : "denied ") + id);
                return;
            }
            var list = admin.exemptions();
            if (list.isEmpty()) {
                out().println("no exemption requests");
                return;
            }
            out().printf("%-16s  %-32s  %-8s  %-5s  %-20s  %-20s  %s%n", "ID", "DEVICE", "STATE", "HOURS", "REQUESTED", "EXPIRES", "REASON");
            for (ExemptionRow e : list) {
                out().printf("%-16s  %-32s  %-8s  %-5s  %-20s  %-20s  %s%n", e.id(), e.device(), e.state(), e.hours() == null ? "-" : e.hours(),
                        time(e.requestedAt()), time(e.expiresAt()), e.reason() == null ? "" : e.reason().replaceAll("\\s+", " "));
            }
        }
    }

    @Command(name = "budget", mixinStandardHelpOptions = true, description = "Sets or clears a device's upload budget (bytes per day).")
    static final class Budget extends Sub {
        @Parameters(paramLabel = "DEVICE") String device;

        @ArgGroup(exclusive = true, multiplicity = "1") Amount amount;

        static final class Amount {
            @Option(names = "--bytes-per-day", paramLabel = "N", required = true) Long bytes;
            @Option(names = "--clear", required = true) boolean clear;
        }

        @Override
        void run(ServerAdmin admin) {
            admin.setUploadBudget(device, amount.clear ? null : amount.bytes);
            out().println(amount.clear ? "no upload budget for " + device : "upload budget of " + device + ": " + amount.bytes + " bytes per day");
        }
    }

    @Command(name = "erase", mixinStandardHelpOptions = true,
            description = {"Erases a session or a person as a privacy officer: a tombstone, the data key destroyed (a person's) or the",
                    "chunks only that session used, the blobs deleted, every dataset built from it marked stale; audited."})
    static final class Erase extends Sub {
        @ArgGroup(exclusive = true, multiplicity = "1") Which which;

        static final class Which {
            @Option(names = "--session", paramLabel = "ID", required = true, description = "SESSION, or DEVICE:SESSION when two devices share the id.") String session;
            @Option(names = "--person", paramLabel = "PERSON", required = true, description = "A person pseudonym (admin sessions, PERSON column).") String person;
        }

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in the tombstone and the datasets' stale reason; default: erasure requested).")
        String reason;

        @Override
        void run(ServerAdmin admin) {
            admin.actingAs(dev.understudy.collector.govern.Actor.commandLine(dev.understudy.collector.govern.Role.OFFICER), null);
            dev.understudy.collector.erase.Erased e;
            if (which.person != null) {
                e = admin.erasure().erasePerson(admin.actor(), which.person, reason);
                out().println("erased person " + e.person() + ": data key destroyed, " + e.sessions().size() + " session" + (e.sessions().size() == 1 ? "" : "s")
                        + " tombstoned, " + e.chunks() + " chunks deleted" + stale(e));
            } else {
                SessionRow r = admin.find(which.session);
                e = admin.erasure().eraseSession(admin.actor(), r.device(), r.session(), reason);
                out().println("erased session " + r.device() + ":" + r.session() + ": " + e.chunks() + " chunks deleted" + stale(e));
            }
        }

        static String stale(dev.understudy.collector.erase.Erased e) {
            return e.staleBuilds().isEmpty() ? "" : ", " + e.staleBuilds().size() + " dataset build" + (e.staleBuilds().size() == 1 ? "" : "s") + " marked stale";
        }
    }

    @Command(name = "retention", mixinStandardHelpOptions = true, description = "Server-side retention (the policy's retention_days); `run` runs it now.",
            subcommands = {Retention.Run.class})
    static final class Retention implements Runnable {
        @Spec CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(name = "run", mixinStandardHelpOptions = true, description = "Erases every session older than its team's retention now (the server does it daily).")
        static final class Run extends Sub {
            @Override
            void run(ServerAdmin admin) {
                var r = admin.retention().run(dev.understudy.collector.govern.Actor.commandLine(dev.understudy.collector.govern.Role.OFFICER), System.currentTimeMillis());
                out().println(r.line());
            }
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit log: verify it, sign a checkpoint, export checkpoints, list entries.",
            subcommands = {Audit.Verify.class, Audit.Checkpoint.class, Audit.Export.class, Audit.List.class})
    static final class Audit implements Runnable {
        @Spec CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(name = "verify", mixinStandardHelpOptions = true,
                description = "Checks the hash chain, the sealed head and the signed checkpoints; exits 1 naming the first bad entry.")
        static final class Verify extends Sub {
            @Option(names = "--checkpoints", paramLabel = "FILE", description = "Checkpoints exported earlier and kept elsewhere (admin audit export).")
            Path checkpoints;

            int code;

            @Override
            void run(ServerAdmin admin) {
                var chain = admin.auditChain();
                var ext = checkpoints == null ? java.util.List.<dev.understudy.collector.audit.AuditChain.Checkpoint>of()
                        : dev.understudy.collector.audit.AuditChain.read(checkpoints, chain.publicKey());
                var v = chain.verify(ext);
                if (!v.ok()) throw new UserException("audit log broken: " + v.line());
                out().println(v.line());
            }
        }

        @Command(name = "checkpoint", mixinStandardHelpOptions = true, description = "Signs the newest entry (Ed25519) and keeps the checkpoint in the database.")
        static final class Checkpoint extends Sub {
            @Override
            void run(ServerAdmin admin) {
                var cp = admin.auditChain().checkpoint();
                if (cp == null) out().println("the audit log is empty: nothing to sign");
                else out().println("checkpoint of entry " + cp.seq() + " " + cp.hash() + " signed " + time(cp.at()));
            }
        }

        @Command(name = "export", mixinStandardHelpOptions = true, description = "Writes every signed checkpoint (a new one first) as JSON lines, to keep elsewhere.")
        static final class Export extends Sub {
            @Option(names = "--out", required = true, paramLabel = "FILE") Path file;

            @Override
            void run(ServerAdmin admin) throws Exception {
                int n;
                try {
                    n = admin.auditChain().export(file);
                } catch (java.io.IOException e) {
                    throw new UserException("cannot write " + file + ": " + (e instanceof java.nio.file.NoSuchFileException || e instanceof java.nio.file.FileSystemException
                            ? e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase() + " " + e.getMessage() : e.getMessage()));
                }
                admin.audit().record(admin.actor(), "audit.export", "checkpoints " + n);
                out().println("exported " + n + " checkpoint" + (n == 1 ? "" : "s") + " to " + file);
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "The newest entries (or those about one person).")
        static final class List extends Sub {
            @Option(names = "--limit", paramLabel = "N", defaultValue = "50") int limit;
            @Option(names = "--person", paramLabel = "PERSON") String person;

            @Override
            void run(ServerAdmin admin) {
                var list = person == null ? admin.audit().recent(limit) : admin.audit().about(person);
                admin.audit().record(admin.actor(), "audit.read", person == null ? "recent " + limit : "person " + person);
                if (list.isEmpty()) {
                    out().println("no audit entries");
                    return;
                }
                out().printf("%-6s  %-20s  %-8s  %-24s  %-18s  %s%n", "SEQ", "AT", "ROLE", "ACTOR", "ACTION", "SUBJECT");
                for (var e : list) out().printf("%-6d  %-20s  %-8s  %-24s  %-18s  %s%n", e.seq(), time(e.at()), e.role(), e.actor(), e.action(), e.subject());
            }
        }
    }

    @Command(name = "datasets", mixinStandardHelpOptions = true, description = "Lists the dataset builds made from this collector's sessions, stale or not, and why.")
    static final class Datasets extends Sub {
        @Override
        void run(ServerAdmin admin) {
            var list = admin.datasetBuilds().list();
            if (list.isEmpty()) {
                out().println("no dataset builds registered");
                return;
            }
            out().printf("%-32s  %-20s  %-6s  %8s  %-6s  %s%n", "BUILD", "BUILT", "ENGINE", "SESSIONS", "STATE", "OUT / STALE REASON");
            for (var b : list) {
                out().printf("%-32s  %-20s  %-6s  %8d  %-6s  %s%n", b.id(), time(b.builtAt()), b.engine(), b.sessions(), b.stale() ? "stale" : "ok",
                        b.stale() ? b.staleReason() : b.outDir());
            }
        }
    }

    @Command(name = "erase-person", mixinStandardHelpOptions = true,
            description = "Erases a person: deletes their data key (nothing of theirs can be decrypted anymore), their sessions and chunks, and revokes their devices.")
    static final class ErasePerson extends Sub {
        @Parameters(paramLabel = "PERSON") String person;

        @Override
        void run(ServerAdmin admin) throws Exception {
            admin.erasePerson(person);
            out().println("erased person " + person);
        }
    }
}
