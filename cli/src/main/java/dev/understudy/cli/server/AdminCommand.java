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
            AdminCommand.Policy.class, AdminCommand.Exemptions.class, AdminCommand.Budget.class, AdminCommand.ErasePerson.class})
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
